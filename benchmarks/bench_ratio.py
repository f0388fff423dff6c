"""Speed bound of issue 13: the default build of the development texts against a blank spaCy pass over them.

In one run, alternating so that both sides see the same machine load, this times ``--repeat`` times

  (a) ``esgkg build TEXTS --no-store -o OUT.trig -q``: the default build of every development text, in one process;
  (b) a process-equivalent baseline: a fresh Python process that imports spaCy, builds ``spacy.blank("en")``
      with the ``sentencizer``, reads the same files and runs the pipeline over each text,

and prints, for each side, the best wall time and the best CPU time (user + system of the child, from
``getrusage``, which a loaded machine disturbs less than wall time), and the ratios (a) / (b).
Both sides include interpreter start-up and imports.  The bound is (a) <= 6 x (b).

Texts: ``*.txt`` of ``$ESGKG_CORPUS`` (default ``../shared/corpus``) and ``$ESGKG_CORPUS_EXTERNAL``
(default ``../shared/corpus-external``).

    .venv/bin/python benchmarks/bench_ratio.py [--repeat 3]
    .venv/bin/python benchmarks/bench_ratio.py --repeat 1 --model en_core_web_sm   # (a) on a trained pipeline

With ``--model``, side (a) is ``esgkg build --model MODEL`` (the pipeline's tagger, parser and NER run too) and
the report timeout is raised to 1,200 s; side (b) stays the blank pass, so the ratio shows the pipeline's cost.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import measure  # noqa: E402

SHARED = Path(os.environ.get("ESGKG_SHARED", measure.REPO.parent / "shared"))
CORPORA = (Path(os.environ.get("ESGKG_CORPUS", SHARED / "corpus")),
           Path(os.environ.get("ESGKG_CORPUS_EXTERNAL", SHARED / "corpus-external")))
BOUND = 6.0

BASELINE = """
import sys
import spacy
nlp = spacy.blank("en")
nlp.add_pipe("sentencizer")
nlp.max_length = 60_000_000
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", errors="replace") as f:
        doc = nlp(f.read())
"""


def texts() -> list[Path]:
    """The development texts: every ``*.txt`` of both corpus folders, sorted."""
    return sorted(p for corpus in CORPORA if corpus.is_dir() for p in corpus.glob("*.txt"))


def timed(command: list[str]) -> tuple[float, float, int, str]:
    """Run ``command`` to completion: (wall s, CPU s of the child, return code, end of stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, run.returncode, run.stderr.strip()[-300:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", default=None, help="a trained spaCy pipeline for side (a) (esgkg build --model)")
    args = parser.parse_args()
    files = texts()
    if not files:
        sys.exit(f"no development texts in {', '.join(map(str, CORPORA))} (set ESGKG_CORPUS / ESGKG_CORPUS_EXTERNAL)")
    chars = sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in files)
    print(f"machine: {measure.machine()}; esgkg commit {measure.git_commit()}")
    print(f"texts: {len(files)} files, {chars:,} characters; best of {args.repeat} alternating runs")
    build: list[tuple[float, float]] = []
    blank: list[tuple[float, float]] = []
    with tempfile.TemporaryDirectory(prefix="esgkg-ratio-") as tmp:
        for _ in range(args.repeat):
            model = ["--model", args.model, "--report-timeout", "1200"] if args.model else []
            wall, cpu, code, err = timed(measure.esgkg("build", *map(str, files), "--no-store", "-o", str(Path(tmp) / "dev.trig"), "-q", *model))
            if code not in (0, 1):  # 1: a text refused is still a timed build of the others
                sys.exit(f"esgkg build failed ({code}): {err}")
            build.append((wall, cpu))
            wall, cpu, code, err = timed([sys.executable, "-c", BASELINE, *map(str, files)])
            if code != 0:
                sys.exit(f"the blank spaCy pass failed ({code}): {err}")
            blank.append((wall, cpu))
    a_wall, a_cpu = min(w for w, _ in build), min(c for _, c in build)
    b_wall, b_cpu = min(w for w, _ in blank), min(c for _, c in blank)
    print("| pass | wall s (best) | CPU s (best) |")
    print("|---|---:|---:|")
    pipeline = f"--model {args.model}" if args.model else "default pipeline"
    print(f"| (a) esgkg build, {pipeline}, 1 process | {a_wall:.2f} | {a_cpu:.2f} |")
    print(f"| (b) spacy.blank('en') + sentencizer, 1 process | {b_wall:.2f} | {b_cpu:.2f} |")
    for what, ratio in (("wall", a_wall / b_wall), ("CPU", a_cpu / b_cpu)):
        print(f"ratio (a)/(b), {what}: {ratio:.2f}x  (bound {BOUND:.0f}x: {'met' if ratio <= BOUND else 'MISSED'})")


if __name__ == "__main__":
    main()
