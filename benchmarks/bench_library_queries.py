"""Time every library query on a built store (median and worst of ``--repeat`` runs), and optionally
check that another folder of ``.rq`` files (e.g. the queries before a rewrite) returns the same rows.

    .venv/bin/python benchmarks/bench_library_queries.py STORE [--repeat 5] [--only NAME ...] [--limit N]
        [--queries DIR]        # time the .rq files of DIR instead of the shipped library
        [--compare DIR]        # also time DIR's same-named files (alternating runs) and compare the rows

Queries that need an IRI get two reporting companies and one certification of the store (as
``bench_10k.py`` does); ``standards-one-group-lacks`` also runs unbound (every ordered pair) unless
``--no-all-pairs``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

GOAL_S = 1.0


def _params(store) -> dict[str, dict[str, str]]:
    esg = "PREFIX esg: <https://w3id.org/esgkg/ontology#> "
    _, rows = store.select(esg + "SELECT DISTINCT ?c WHERE { ?r esg:reportingCompany ?c } ORDER BY ?c LIMIT 2")
    a, b = (str(r["c"]) for r in rows)
    _, rows = store.select(esg + "SELECT ?f WHERE { ?f a esg:Certification } ORDER BY ?f LIMIT 1")
    return {"standards-one-group-lacks": {"a": a, "b": b}, "evidence": {"fact": str(rows[0]["f"])}}


def _load(folder: Path | None, name: str):
    from esgkg import query as q

    return q.load_query(name) if folder is None else q._load(folder / f"{name}.rq")


def _rows(store, query, params, limit: int | None = None) -> Counter:
    from esgkg import query as q

    res = q.run_query(store, query, params, limit=limit)
    return Counter(tuple(None if v is None else str(v) for v in row) for row in res.rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--only", nargs="*", default=None, help="query names (default: all)")
    ap.add_argument("--queries", type=Path, default=None, help="folder of .rq files to time (default: the library)")
    ap.add_argument("--compare", type=Path, default=None, help="folder of .rq files (e.g. before a rewrite): timed alternately, rows must be the same")
    ap.add_argument("--no-all-pairs", action="store_true")
    ap.add_argument("--limit", type=int, default=None, metavar="N",
                    help="rows per query: a page as 'esgkg query' runs it (default: its default page, 100 rows; 0: every row)")
    args = ap.parse_args(argv)

    from esgkg import query as q
    from esgkg.store import open_store

    store = open_store(args.store, read_only=True)
    limit = q.DEFAULT_PAGE if args.limit is None and args.compare is None else (args.limit or None)  # --compare: whole answers
    print(f"{'every row (--limit 0)' if limit is None else f'the first page of {limit} rows, as esgkg query NAME runs'}; "
          "the goal is judged on the default page")
    print(f"store {args.store}: {len(store.reports()):,} reports, {len(store):,} quads; load {os.getloadavg()[0]:.2f}")
    params = _params(store)
    names = args.only or [item.name for item in q.list_queries()]
    runs = [(n, params.get(n)) for n in names]
    if not args.no_all_pairs and "standards-one-group-lacks" in names:
        runs.append(("standards-one-group-lacks", None))
    head = f"{'query':44} {'rows':>7} {'median ms':>10} {'worst ms':>10}  goal <= {GOAL_S:g} s"
    print(head + (f"  {'before median':>13} {'before worst':>12}  same rows" if args.compare else ""))
    failed = 0
    for name, p in runs:
        query = _load(args.queries, name)
        before = _load(args.compare, name) if args.compare else None
        times, old_times, rows, old_rows = [], [], Counter(), Counter()
        for _ in range(args.repeat):  # with --compare, before and after alternate: the same load for both
            started = time.perf_counter()
            rows = _rows(store, query, p, limit)
            times.append(time.perf_counter() - started)
            if before is not None:
                started = time.perf_counter()
                old_rows = _rows(store, before, p, limit)
                old_times.append(time.perf_counter() - started)
        worst = max(times)
        label = name + ("" if p or name != "standards-one-group-lacks" else " (all pairs)")
        line = (f"{label:44} {sum(rows.values()):>7,} {statistics.median(times) * 1e3:>10,.1f} {worst * 1e3:>10,.1f}  "
                f"{'ok' if worst <= GOAL_S else 'MISS':>4}")
        if before is not None:
            same = old_rows == rows
            failed += not same
            line += (f"  {statistics.median(old_times) * 1e3:>13,.1f} {max(old_times) * 1e3:>12,.1f}  "
                     + ("same" if same else "DIFFERENT"))
        print(line, flush=True)
    print("parameters: " + "; ".join(f"{n}: {v}" for n, v in params.items()))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
