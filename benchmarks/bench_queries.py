"""Every library query on a synthetic graph, pyoxigraph and rdflib side by side, in one run.

    .venv/bin/python benchmarks/bench_queries.py                    # 1,000,000 statements
    .venv/bin/python benchmarks/bench_queries.py --triples 100000

The graph comes from benchmarks/synth.py (the project's own writer, one named graph per report).
Both engines get the same SPARQL text (esgkg.query.sparql: the query with its parameters bound
in its VALUES block).  pyoxigraph is timed as the best of --repeat runs on a store whose default
graph holds the deduplicated merge of all report graphs (queried with the default graph as it
is); --union also times the store's current mode (use_default_graph_as_union=True), which in
pyoxigraph 0.5 yields one solution per graph holding a triple (oxigraph issue #1919), so joins
over triples that recur in every yearly report multiply.  rdflib runs once, in a forked child,
so that a query slower than the timeout is stopped and reported as "> T".  Both
materialise every row; the row counts are printed so a disagreement between engines shows.
The goal (issue 9): every query at least 20x faster on pyoxigraph.
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset
from rdflib.namespace import RDF

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import synth_dataset  # noqa: E402

from esgkg import query as q  # noqa: E402
from esgkg.store import to_ox  # noqa: E402
from esgkg.vocab import ESG  # noqa: E402

GOAL = 20.0


def bench_params(ds: Dataset) -> dict[str, dict[str, str]]:
    """Realistic parameters for queries that take an IRI: two real groups and one real fact of the graph."""
    companies = sorted({c for _, c in ds.subject_objects(ESG.reportingCompany)})
    fact = min(ds.subjects(RDF.type, ESG.Certification))
    a, b = str(companies[0]), str(companies[1])
    return {"standards-one-group-lacks": {"a": a, "b": b}, "evidence": {"fact": str(fact)}}


def merged_store(ds: Dataset) -> ox.Store:
    """Every report graph, plus their deduplicated merge as the default graph."""
    store = ox.Store()
    store.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g.identifier))) for g in ds.graphs() for s, p, o in g])
    store.extend([ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.DefaultGraph()) for s, p, o in ds.triples((None, None, None))])
    return store


def time_oxigraph(store: ox.Store, text: str, repeat: int, union: bool = False) -> tuple[float, int]:
    best, rows = float("inf"), 0
    for _ in range(repeat):
        started = time.perf_counter()
        rows = len(list(store.query(text, use_default_graph_as_union=union)))
        best = min(best, time.perf_counter() - started)
    return best, rows


def _child(run, conn) -> None:
    conn.send(run())


def time_rdflib(ds: Dataset, text: str, timeout: float) -> tuple[float | None, int | None]:
    """Seconds and rows, or (None, None) when the query ran longer than ``timeout``."""
    def run() -> tuple[float, int]:
        started = time.perf_counter()
        rows = len(list(ds.query(text)))
        return time.perf_counter() - started, rows

    return in_child(run, timeout)


def in_child(run, timeout: float):
    """``run()`` in a forked child (it shares the loaded graphs), or (None, None) after ``timeout`` seconds."""
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(run, child))
    proc.start()
    if parent.poll(timeout):
        seconds, rows = parent.recv()
        proc.join()
        return seconds, rows
    proc.kill()
    proc.join()
    return None, None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=1_000_000, help="statements to generate (default 1,000,000)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="pyoxigraph runs per query (best is kept)")
    parser.add_argument("--rdflib-timeout", type=float, default=600.0, help="seconds before an rdflib query (or each pyoxigraph run) is stopped")
    parser.add_argument("--union", action="store_true", help="also time pyoxigraph with use_default_graph_as_union=True (the store's mode)")
    parser.add_argument("--only", nargs="*", default=None, metavar="NAME", help="run only these queries")
    args = parser.parse_args()

    started = time.perf_counter()
    ds = synth_dataset(args.triples, args.seed)
    reports = len(set(ds.subjects(RDF.type, ESG.Report)))
    quads = sum(len(g) for g in ds.graphs())
    print(f"synthetic graph: {quads:,} statements ({len(ds):,} distinct triples) in {reports:,} report graphs, "
          f"built into rdflib in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    store = merged_store(ds)
    print(f"loaded into pyoxigraph (in memory) in {time.perf_counter() - started:.1f} s: {len(store):,} quads "
          "(report graphs + their merge as the default graph)", flush=True)

    params = bench_params(ds)
    names = args.only or [item.name for item in q.list_queries()]
    union_head = f" {'ox union ms':>12s}" if args.union else ""
    print(f"\n{'query':36s} {'rows ox':>8s} {'rows rdflib':>11s} {'pyoxigraph ms':>14s}{union_head} {'rdflib ms':>11s} {'speed-up':>9s}  goal")
    misses = []
    for name in names:
        text = q.sparql(name, params.get(name))
        ox_s, ox_rows = in_child(lambda: time_oxigraph(store, text, args.repeat), args.rdflib_timeout * args.repeat)
        if ox_s is None:
            print(f"{name:36s} pyoxigraph ran longer than {args.rdflib_timeout * args.repeat:,.0f} s: stopped", flush=True)
            misses.append(name)
            continue
        union_cell = ""
        if args.union:
            union_s, _ = in_child(lambda: time_oxigraph(store, text, 1, union=True), args.rdflib_timeout)
            union_cell = f" {'> ' + format(args.rdflib_timeout * 1000, ',.0f') if union_s is None else format(union_s * 1000, ',.1f'):>12s}"
        rl_s, rl_rows = time_rdflib(ds, text, args.rdflib_timeout)
        if rl_s is None:
            speed, rl_ms, rl_rows_text = args.rdflib_timeout / ox_s, f"> {args.rdflib_timeout * 1000:,.0f}", "-"
            speed_text = f"> {speed:,.0f}x"
        else:
            speed, rl_ms, rl_rows_text = rl_s / ox_s, f"{rl_s * 1000:,.0f}", f"{rl_rows:,}"
            speed_text = f"{speed:,.0f}x"
        ok = speed >= GOAL
        if not ok:
            misses.append(name)
        used = params.get(name)
        label = name + (" *" if used else "")
        print(f"{label:36s} {ox_rows:>8,} {rl_rows_text:>11s} {ox_s * 1000:>14,.1f}{union_cell} {rl_ms:>11s} {speed_text:>9s}  {'ok' if ok else 'MISS'}", flush=True)
    print("\n* run with parameters:", "; ".join(f"{n}: {', '.join(f'{k}={v}' for k, v in p.items())}" for n, p in params.items()))
    print(f"goal >= {GOAL:.0f}x: " + ("met by every query" if not misses else f"missed by {', '.join(misses)}"))


if __name__ == "__main__":
    main()
