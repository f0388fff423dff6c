"""Scale: build 100 and 1,000 synthetic reports into the store and print wall time, peak RSS, triples, store size.

Goal (issue 9): 1,000 reports in <= 5 min on 2 cores with peak RSS <= 2 GB.  The build runs as
``esgkg build DIR --store S --jobs N -q``, exactly as a user would run it, in a child process whose
whole process tree is measured (see measure.py).

    .venv/bin/python benchmarks/bench_scale.py                 # 100 and 1000 reports, --jobs 2
    .venv/bin/python benchmarks/bench_scale.py --counts 100 --jobs 1 2
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402
import synth_reports  # noqa: E402

GOAL_SECONDS, GOAL_RSS_MB = 300.0, 2048.0


def corpus(workdir: Path, count: int, seed: int) -> tuple[Path, int, int]:
    """The synthetic reports for ``count`` (generated once, reused by later runs): folder, bytes, words."""
    folder = workdir / f"reports_{count}_seed{seed}"
    paths = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if len(paths) != count:
        shutil.rmtree(folder, ignore_errors=True)
        paths = synth_reports.write_reports(folder, count, seed)
    size = sum(p.stat().st_size for p in paths)
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in paths)
    return folder, size, words


def stored(store_path: Path) -> tuple[int, int]:
    """Reports and quads in the store (after a timeout too: every report is one transaction)."""
    from esgkg.store import open_store

    store = open_store(store_path, read_only=True)
    return len(store.reports()), len(store)


def bench(workdir: Path, count: int, jobs: int, seed: int, timeout: float | None) -> str:
    folder, size, words = corpus(workdir, count, seed)
    store_path = workdir / f"store_{count}_j{jobs}"
    shutil.rmtree(store_path, ignore_errors=True)
    command = measure.esgkg("build", str(folder), "--store", str(store_path), "--jobs", str(jobs), "-q")
    run = measure.run(command, timeout=timeout)
    if run.returncode != 0:
        print(f"  build exited {run.returncode}: {run.stderr.strip().splitlines()[-1:] or ''}", file=sys.stderr)
    reports, triples = stored(store_path) if store_path.exists() else (0, 0)
    store_mb = measure.dir_size_mb(store_path) if store_path.exists() else 0.0
    verdict = "" if reports == count else f"{reports:,} of {count:,} reports stored when stopped after {run.seconds:,.0f} s; "
    if count >= 1000:
        verdict += (f"{run.seconds / GOAL_SECONDS:.1f}x the {GOAL_SECONDS:.0f} s goal" if run.seconds > GOAL_SECONDS else "time goal met")
        verdict += "; " + (f"RSS {run.peak_rss_mb / GOAL_RSS_MB:.1f}x the 2 GB goal" if run.peak_rss_mb > GOAL_RSS_MB else "RSS goal met")
    return (f"| {count:,} | {size / 2**20:,.0f} MB / {words / 1e6:.1f} M words | {jobs} | {run.seconds:,.1f} | "
            f"{words * reports / count / run.seconds:,.0f} | {run.peak_rss_mb:,.0f} | {triples:,} | {store_mb:,.0f} | "
            f"{'ok' if run.returncode == 0 else f'exit {run.returncode}'}; {verdict} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--counts", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[2])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", type=Path, default=None, help="where reports and stores go (default: a temporary folder, removed)")
    parser.add_argument("--timeout", type=float, default=None, help="kill a build after this many seconds")
    args = parser.parse_args()
    print(f"machine: {measure.machine()}; esgkg commit {measure.git_commit()}")
    print("| reports | input | jobs | wall s | words/s | peak RSS MB (tree) | triples | store MB | result |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="esgkg-scale-"))
    try:
        for count in args.counts:
            for jobs in args.jobs:
                print(bench(workdir, count, jobs, args.seed, args.timeout), flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
