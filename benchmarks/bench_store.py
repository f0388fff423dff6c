"""Store figures: size on disk per quad side by side with bare Oxigraph, and, on a folder of reports,
quads and disk size after a build and after a rebuild, export and push times.

    .venv/bin/python benchmarks/bench_store.py [REPORT-FOLDER]     (default: ../shared/corpus)
    .venv/bin/python benchmarks/bench_store.py --store DIR           (an existing store, e.g. bench_scale.py's)

Size (issue 22): the esgkg store's bytes on disk per report quad against a bare ``pyoxigraph.Store``
bulk-loaded (``bulk_extend``) with the same quads -- the report graphs alone, and the report graphs
plus their union as the default graph (what an esgkg store holds, so that queries need no GRAPH
clause) -- each as bulk-loaded and after ``optimize()``.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox


def disk_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _bare(location: Path, quads: list[ox.Quad]) -> tuple[int, int]:
    """Bytes on disk of a bare Oxigraph store bulk-loaded with ``quads``: as loaded, then optimized."""
    shutil.rmtree(location, ignore_errors=True)
    store = ox.Store(str(location))
    store.bulk_extend(quads)
    store.flush()
    loaded = disk_bytes(location)
    store.optimize()
    del store
    return loaded, disk_bytes(location)


def side_by_side(location: Path) -> None:
    """Print the esgkg store at ``location`` next to bare Oxigraph stores of the same quads."""
    store = ox.Store.read_only(str(location))
    named = [q for g in store.named_graphs() for q in store.quads_for_pattern(None, None, None, g)]
    union = list(store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    graphs = len(list(store.named_graphs()))
    del store
    n = len(named)
    size = disk_bytes(location)
    print(f"{graphs:,} report graphs, {n:,} quads in them, {len(union):,} triples in their union (the default graph)")
    print("| store | bytes on disk | bytes per report quad | x bare |")
    print("|---|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        bare_named = _bare(Path(tmp) / "named", named)
        bare_union = _bare(Path(tmp) / "union", named + union)
    rows = [("esgkg store, as the build left it", size),
            ("bare Oxigraph, report graphs, bulk-loaded", bare_named[0]),
            ("bare Oxigraph, report graphs, bulk-loaded + optimize()", bare_named[1]),
            ("bare Oxigraph, report graphs + union, bulk-loaded", bare_union[0]),
            ("bare Oxigraph, report graphs + union, bulk-loaded + optimize()", bare_union[1])]
    for label, b in rows:
        print(f"| {label} | {b:,} | {b / n:,.0f} | {b / bare_named[1]:.2f} |")


def build_figures(folder: Path) -> None:
    """Build ``folder`` into a fresh store, rebuild it twice, then export and push it (the original figures)."""
    import esgkg
    from esgkg.serve import OxigraphServer
    from esgkg.store.remote import count_remote, push
    from esgkg.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        location = Path(tmp) / "store"
        for run in ("build", "rebuild", "rebuild"):
            store = Store(location)
            started = time.perf_counter()
            result = esgkg.build([folder], store=store, keep_dataset=False)
            store.flush()
            print(f"{run:8s} {result.counts()['reports']} reports in {time.perf_counter() - started:6.2f} s: "
                  f"{len(store):,} quads, {disk_bytes(location) / 1e6:.2f} MB on disk")
            del store
        side_by_side(location)
        store = Store(location, read_only=True)
        for suffix in (".ttl", ".trig", ".nq", ".jsonld"):
            started = time.perf_counter()
            out = store.export(Path(tmp) / f"export{suffix}")
            print(f"export {suffix:7s} {time.perf_counter() - started:6.3f} s, {out.stat().st_size / 1e6:.2f} MB")
        with OxigraphServer(None, port=0, writable=True) as server:
            for attempt in ("push", "push again"):
                r = push(store, server.url + "/store")
                print(f"{attempt:10s} {r.graphs} graphs, {r.triples:,} triples, {r.bytes / 1e6:.2f} MB in {r.seconds:.3f} s; "
                      f"server holds {count_remote(server.url + '/query'):,} quads")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--store", type=Path, default=None, help="only compare this existing store with bare Oxigraph")
    args = parser.parse_args()
    if args.store is not None:
        side_by_side(args.store)
    else:
        build_figures(args.folder)


if __name__ == "__main__":
    main()
