"""One build over every pathological input at full scale plus good reports (issue 16's judgement).

    .venv/bin/python benchmarks/bench_robustness.py [--good FILE ...] [--jobs 1] [--scale 1.0] [--keep DIR]

Writes ``benchmarks/pathological.py``'s inputs at ``--scale`` (1.0: the sizes of issue 16), copies
the PDFs of ``../shared/cases/robustness/`` and the good reports beside them, and runs
``esgkg build`` on the folder under ``/usr/bin/time -v``.  It prints the build's wall time, the
peak resident memory of its largest process (what ``time -v`` reports; workers included), one
line per refused file, and checks that every good report was built and nothing printed a traceback.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = Path(os.environ.get("ESGKG_SHARED", REPO.parent / "shared"))
sys.path.insert(0, str(HERE))

import pathological  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--good", type=Path, nargs="*", default=None, help="good reports (default: ../shared/corpus/000_*.txt)")
    parser.add_argument("--jobs", default="1")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--keep", type=Path, default=None, help="write the inputs here and keep them")
    args = parser.parse_args()
    good = args.good if args.good is not None else sorted((SHARED / "corpus").glob("000_*.txt"))
    folder = args.keep or Path(tempfile.mkdtemp(prefix="esgkg-robust-"))
    inputs = folder / "inputs"
    started = time.perf_counter()
    written = pathological.write_all(inputs, args.scale)
    for pdf in sorted((SHARED / "cases" / "robustness").glob("*.pdf")):
        shutil.copy(pdf, inputs / pdf.name)
    for report in good:
        shutil.copy(report, inputs / report.name)
    print(f"wrote {len(written)} pathological inputs (scale {args.scale}) + {len(good)} good report(s) in {time.perf_counter() - started:.1f} s -> {inputs}")
    esgkg = Path(sys.executable).parent / "esgkg"
    command = ["/usr/bin/time", "-v", str(esgkg), "build", str(inputs), "--store", str(folder / "store"), "--jobs", args.jobs]
    print("$ " + " ".join(command))
    run = subprocess.run(command, capture_output=True, text=True)
    err = run.stderr
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", err)
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    errors = [line for line in err.splitlines() if line.startswith("error ")]
    for line in errors:
        print(line)
    summary = next((line for line in err.splitlines() if line.startswith("built ")), "(no summary)")
    print(summary)
    print(f"exit status {run.returncode}; wall {wall.group(1) if wall else '?'}; peak RSS {int(peak.group(1)) / 1024:,.0f} MB" if peak else "peak ?")
    ok = "Traceback" not in err + run.stdout
    store_reports = subprocess.run([str(esgkg), "sparql", "--store", str(folder / "store"), "--format", "csv",
                                    "SELECT ?f WHERE { ?r esg:sourceFile ?f }"], capture_output=True, text=True).stdout
    missing = [r.name for r in good if r.name not in store_reports]
    print(f"traceback: {'none' if ok else 'YES'}; good reports missing from the store: {missing or 'none'}")
    if args.keep is None:
        shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
