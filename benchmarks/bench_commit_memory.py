"""The build client's memory and CPU as it commits N reports (issue 22): RSS and CPU seconds per report at 100,
200, 500, 1,000... reports and at the repack.

The client of ``esgkg build --store`` resolves and commits what the workers send; this replays that part alone:
the reports are read once with ``--jobs 2`` and their quads and organisation names (what workers send) pickled
into ``--workdir``; then they go through the build's own writer (``pipeline._BatchWriter`` ->
``Store.put_quads``, then its repack) into a fresh store, the process's RSS sampled every 0.1 s.  At each mark
it prints the process's CPU seconds (user + system, ``time.process_time``) per report since the previous mark
(what a commit costs at that size of the store) and overall.  ``--profile FILE`` writes a cProfile of the replay
(the commits, not the repack); ``--stop N`` commits only the first N reports.

    .venv/bin/python benchmarks/bench_commit_memory.py --count 1000 --size 8000 --workdir /tmp/scale
"""
from __future__ import annotations

import argparse
import os
import pickle
import shutil
import sys
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth_reports  # noqa: E402


def dump(folder: Path, out: Path) -> int:
    """Read every report of ``folder`` (``--jobs 2``) and pickle each one's ReportQuads into ``out``; returns how many."""
    from esgkg.pipeline import ReportResult, iter_build

    n = 0
    with open(out.with_suffix(".partial"), "wb") as f:
        for item in iter_build([folder], jobs=2):
            if isinstance(item, ReportResult):
                pickle.dump(item.quads, f)
                n += 1
    out.with_suffix(".partial").replace(out)
    return n


class _Item:
    """What ``_BatchWriter.add`` reads of a ReportResult."""

    __slots__ = ("iri", "quads")

    def __init__(self, quads) -> None:
        self.iri, self.quads = quads.name, quads


def replay(quads: Path, store_path: Path, marks: tuple[int, ...] = (100, 200, 500, 1000, 2000, 5000, 10000),
           *, stop: int | None = None, profile: Path | None = None, batch: int = 1) -> None:
    """Commit the pickled reports of ``quads`` into a fresh store at ``store_path``, printing RSS and CPU
    per report at ``marks``; only the first ``stop`` reports if given; a cProfile of the commits to ``profile``.

    ``batch`` is how many reports the writer groups into one commit at most: 1 (the default) commits each
    report alone, which is what a build's writer does whenever reports arrive more slowly than it commits
    them (every build on a few cores: it groups only when a commit took longer than the wait for the next
    report); 50 is what it does when reports wait for it (this replay before, with every report at hand)."""
    from esgkg.pipeline import _BatchWriter
    from esgkg.store import open_store

    me, peak = psutil.Process(), [0]

    def sample() -> None:
        while True:
            peak[0] = max(peak[0], me.memory_info().rss)
            time.sleep(0.1)

    threading.Thread(target=sample, daemon=True).start()
    shutil.rmtree(store_path, ignore_errors=True)
    store = open_store(store_path)
    writer = _BatchWriter(store, batch)
    profiler = None
    if profile is not None:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, n = time.perf_counter(), 0
    cpu_start = last_cpu = time.process_time()
    last_n = 0
    with open(quads, "rb") as f:
        while stop is None or n < stop:
            try:
                report = pickle.load(f)
            except EOFError:
                break
            writer.add(_Item(report))
            n += 1
            if n in marks:
                cpu = time.process_time()
                print(f"{n:>6,} reports committed: {time.perf_counter() - started:,.0f} s, RSS {me.memory_info().rss / 2**20:,.0f} MB, "
                      f"peak {peak[0] / 2**20:,.0f} MB; CPU {(cpu - last_cpu) / (n - last_n):.3f} s/report since {last_n:,}, "
                      f"{(cpu - cpu_start) / n:.3f} s/report overall", flush=True)
                last_cpu, last_n = cpu, n
    writer.flush()
    cpu = time.process_time() - cpu_start
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(str(profile))
    print(f"{n:>6,} reports committed: {time.perf_counter() - started:,.0f} s, peak {peak[0] / 2**20:,.0f} MB; "
          f"CPU {cpu:,.1f} s, {cpu / max(n, 1):.3f} s/report", flush=True)
    peak[0], started = 0, time.perf_counter()
    writer.close()
    size = sum(p.stat().st_size for p in store_path.rglob("*") if p.is_file())
    print(f"repack: {time.perf_counter() - started:,.0f} s, peak RSS {peak[0] / 2**20:,.0f} MB; store {size / 2**20:,.0f} MB "
          f"for {len(store):,} quads ({size / max(len(store), 1):,.0f} bytes/quad)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--size", type=int, default=8000, metavar="CHARS")
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--workdir", type=Path, required=True)
    parser.add_argument("--stop", type=int, default=None, metavar="N", help="commit only the first N reports")
    parser.add_argument("--profile", type=Path, default=None, metavar="FILE", help="write a cProfile of the commits here")
    parser.add_argument("--store", type=Path, default=None, help="the store to write (default: in --workdir)")
    parser.add_argument("--batch", type=int, default=1, metavar="N",
                        help="reports per commit at most (1: each alone, as a build whose workers are slower than its writer)")
    args = parser.parse_args()
    folder = args.workdir / f"reports_{args.count}_{args.size}_seed{args.seed}"
    if len(list(folder.glob("*.txt"))) != args.count:
        shutil.rmtree(folder, ignore_errors=True)
        synth_reports.write_reports(folder, args.count, args.seed, args.size)
    quads = args.workdir / f"quads_{folder.name}.pkl"
    if not quads.exists():
        started = time.perf_counter()
        print(f"read {dump(folder, quads):,} reports in {time.perf_counter() - started:,.0f} s (once: kept in {quads})", flush=True)
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    replay(quads, args.store or args.workdir / f"store_commit_{folder.name}", stop=args.stop, profile=args.profile, batch=args.batch)


if __name__ == "__main__":
    main()
