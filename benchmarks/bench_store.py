"""Store figures on a folder of reports: quads and disk size after a build and after a rebuild, export and push times.

    .venv/bin/python benchmarks/bench_store.py [REPORT-FOLDER]     (default: ../shared/corpus)
"""
from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import esgkg
from esgkg.serve import OxigraphServer
from esgkg.store import Store
from esgkg.store.remote import count_remote, push


def disk_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main(folder: Path) -> None:
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
        store = Store(location)
        store.oxigraph.optimize()
        del store
        print(f"compacted and reopened: {disk_bytes(location) / 1e6:.2f} MB on disk (RocksDB logs and WAL make up the rest)")
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


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus")
