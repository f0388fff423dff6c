"""`esgkg push` to a local OpenLink Virtuoso: graphs/s and triples/s at several concurrencies (BENCHMARKS.md §10c).

    .venv/bin/python benchmarks/synth_reports.py /tmp/push_bench/reports -n 150
    .venv/bin/esgkg build /tmp/push_bench/reports --store /tmp/push_bench/store --jobs 1 -q
    .venv/bin/python benchmarks/bench_push.py /tmp/push_bench/store --concurrency 1 4 --runs 3

Starts a throw-away Virtuoso (``tests/virtuoso.py``: Debian's ``virtuoso-t``, a fresh database, a user with
SPARQL Update, Digest authentication on its Graph Store endpoint), pushes the store once into the empty server
(every graph new), then ``--runs`` rounds of one push per concurrency, alternating (each PUT then replaces a
graph the server holds, as a repeated push does), each with ``esgkg push`` in a subprocess as a user runs it,
and checks after each that the server holds exactly the store's quads.  Prints one row per push, with the CPU
seconds the ``esgkg push`` process and the Virtuoso server spent on it.
"""
from __future__ import annotations

import argparse
import re
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from esgkg.store import Store  # noqa: E402
from esgkg.store.remote import count_remote  # noqa: E402
from tests.virtuoso import PASSWORD, USER, Virtuoso  # noqa: E402

LINE = re.compile(r"pushed (\d+) report graph\(s\), ([\d,]+) triples .* in ([\d.]+) s")


def push(store: Path, server: Virtuoso, concurrency: int) -> tuple[int, int, float]:
    """One ``esgkg push``; returns its graphs, triples and seconds (as it printed them)."""
    proc = subprocess.run([sys.executable, "-m", "esgkg.cli", "push", "--endpoint", server.endpoint, "--graph-store", server.graph_store,
                           "--store", str(store), "--user", USER, "--password", PASSWORD, "--concurrency", str(concurrency)],
                          capture_output=True, text=True, timeout=1800)
    found = LINE.search(proc.stderr)
    if proc.returncode != 0 or found is None:
        raise SystemExit(f"esgkg push failed ({proc.returncode}): {proc.stderr.strip()}")
    return int(found.group(1)), int(found.group(2).replace(",", "")), float(found.group(3))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="an esgkg store (esgkg build ... --store DIR)")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    local = Store(args.store, read_only=True)
    graphs, quads = [str(g) for g in local.named_graphs()], len(local)
    del local
    print(f"store {args.store}: {len(graphs)} report graphs, {quads:,} quads")
    seconds: dict[int, list[float]] = {c: [] for c in args.concurrency}
    with tempfile.TemporaryDirectory() as tmp, Virtuoso(Path(tmp) / "virtuoso") as server:
        rounds = [("first push (empty server)", max(args.concurrency))]
        rounds += [(f"run {r + 1}", c) for r in range(args.runs) for c in args.concurrency]
        virtuoso = psutil.Process(server.process.pid)
        for label, concurrency in rounds:
            before = (sum(virtuoso.cpu_times()[:2]), _children_cpu())
            n, triples, s = push(args.store, server, concurrency)
            cpu = f"CPU s: client {_children_cpu() - before[1]:.1f}, server {sum(virtuoso.cpu_times()[:2]) - before[0]:.1f}"
            held = count_remote(server.endpoint, graphs=graphs)
            assert held == quads, f"the server holds {held:,} quads of the store's {quads:,}"
            if label.startswith("run"):
                seconds[concurrency].append(s)
            print(f"{label:26s} concurrency {concurrency}: {n} graphs, {triples:,} triples in {s:6.2f} s = "
                  f"{n / s:6.1f} graphs/s, {triples / s:8,.0f} triples/s; {cpu}; server holds {held:,} quads (= store)")
    for concurrency, times in seconds.items():
        if times:
            med = statistics.median(times)
            print(f"median of {len(times)} replacing pushes at concurrency {concurrency}: {med:.2f} s = "
                  f"{len(graphs) / med:.1f} graphs/s, {quads / med:,.0f} triples/s")


if __name__ == "__main__":
    main()
