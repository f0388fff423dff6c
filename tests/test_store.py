"""The embedded store: rebuilds replace, a killed build leaves each report wholly old or new, export and sparql."""
from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

import esgkg
from esgkg.cli import main
from esgkg.store import REPACKED, STAGING, Store, StoreError
from esgkg.vocab import ESG

from .conftest import EXAMPLES
from .test_resolve import write_reports


def quads(store: Store) -> frozenset[str]:
    """The report graphs' quads as text (the default graph is their derived union)."""
    return frozenset(str(q) for q in store.oxigraph if not isinstance(q.graph_name, ox.DefaultGraph))


def union_is_exact(store: Store) -> bool:
    """The default graph holds each triple of the report graphs once, and nothing else."""
    default = {str(q.triple) for q in store.oxigraph.quads_for_pattern(None, None, None, ox.DefaultGraph())}
    return default == {str(q.triple) for q in store.oxigraph if not isinstance(q.graph_name, ox.DefaultGraph)}


def named(ds: Dataset) -> list[Graph]:
    return [g for g in ds.graphs() if len(g) and g.identifier != ds.default_graph.identifier]


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    """The example report and the invented reports of test_resolve in an on-disk store."""
    folder = tmp_path_factory.mktemp("small")
    write_reports(folder / "reports")
    path = folder / "store"
    esgkg.build([EXAMPLES, folder / "reports"], store=Store(path), keep_dataset=False)
    return path


def test_rebuild_replaces_each_report_and_the_store_does_not_grow(tmp_path):
    write_reports(tmp_path / "reports")
    store = Store(tmp_path / "store")
    sources = [EXAMPLES, tmp_path / "reports"]
    first = esgkg.build(sources, store=store)
    before = quads(store)
    assert len(before) == len(store) > 100
    assert set(store.named_graphs()) == {g.identifier for g in named(first.dataset)}
    for _ in range(2):
        esgkg.build(sources, store=store, keep_dataset=False)
        assert quads(store) == before
        assert union_is_exact(store)
    # the store holds what the build returned (same IRIs, same resolution)
    expected = Store()
    expected.add_dataset(first.dataset)
    assert quads(expected) == before


def test_cli_rebuild_into_a_store_twice(tmp_path):
    store = tmp_path / "store"
    for _ in range(2):
        proc = subprocess.run([sys.executable, "-m", "esgkg.cli", "build", str(EXAMPLES), "--store", str(store), "-q"],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    with_example = esgkg.build([EXAMPLES])
    assert len(Store(store, read_only=True)) == len(list(with_example.dataset.quads()))


def test_a_writer_holding_the_store_gives_a_one_line_error(tmp_path):
    holder = Store(tmp_path / "store")  # this process holds the write lock
    proc = subprocess.run([sys.executable, "-m", "esgkg.cli", "build", str(EXAMPLES), "--store", str(tmp_path / "store")],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "in use by another writer" in proc.stderr and "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    del holder


class Recording:
    """The real pyoxigraph store, recording the SPARQL Update texts and the quads ``extend`` gets."""

    def __init__(self, real: ox.Store) -> None:
        self.real, self.updates, self.extended = real, [], 0

    def update(self, text: str, **kw):
        self.updates.append(text)
        return self.real.update(text, **kw)

    def extend(self, quads):
        quads = list(quads)
        self.extended += len(quads)
        return self.real.extend(quads)

    def __getattr__(self, name):
        return getattr(self.real, name)

    def __iter__(self):
        return iter(self.real)


def test_reports_go_in_as_quads_never_as_sparql_text(tmp_path):
    """Issue 22: a build adds new reports with Oxigraph's insertion API (each with its union copy, one
    ``extend``); rewriting a held report moves a staged graph inside the store; no ``INSERT DATA``."""
    write_reports(tmp_path / "reports", ("harbor_2024.md",))
    store = Store()  # in memory: the same writer (a store on disk is repacked after a large build)
    store._store = Recording(store._store)
    esgkg.build([EXAMPLES, tmp_path / "reports"], store=store, keep_dataset=False)
    assert store._store.updates == []  # nothing held before: extend only
    assert store._store.extended == 2 * len(store) > 400  # each quad, and its triple for the union
    assert union_is_exact(store)
    write_reports(tmp_path / "more", ("acme_2024.md",))  # its alias "Acme" moves harbor's "ACME CO., LTD" onto acme's IRI
    esgkg.build([tmp_path / "more"], store=store, keep_dataset=False)
    esgkg.build([EXAMPLES], store=store, keep_dataset=False)  # unchanged reports: nothing to write
    assert len(store._store.updates) == 1 and "MOVE <urn:esgkg:staging:" in store._store.updates[0]
    assert not any("INSERT DATA" in u for u in store._store.updates)
    assert union_is_exact(store)
    assert not [g for g in store.named_graphs() if str(g).startswith(STAGING)]


def test_a_writer_reopens_its_database_after_many_quads_and_keeps_every_report(tmp_path, monkeypatch):
    """Issue 22: RocksDB keeps a writer's transactions in memory until the database is closed (1.1 GB after
    1,000 reports), so a store on disk reopens itself once its writes pass REOPEN_AFTER_QUADS: the same
    quads and union as a store that never reopened, and writes after the reopen still resolve and stage."""
    import esgkg.store as store_mod

    write_reports(tmp_path / "reports")
    sources = [EXAMPLES, tmp_path / "reports"]
    plain = Store(tmp_path / "plain")
    esgkg.build(sources, store=plain, keep_dataset=False, store_batch=1)
    monkeypatch.setattr(store_mod, "REOPEN_AFTER_QUADS", 50)
    store = Store(tmp_path / "store")
    reopened = []
    real_compact = Store.compact

    def compact(self):
        reopened.append(self._written)
        real_compact(self)

    monkeypatch.setattr(Store, "compact", compact)
    for _ in range(2):  # the second build rewrites nothing; the reports stay as they were
        esgkg.build(sources, store=store, keep_dataset=False, store_batch=1)
    assert len([w for w in reopened if w >= 50]) > 3  # reopened after the writes, not only at the end
    assert store._written < 50 and quads(store) == quads(plain) and union_is_exact(store)


def test_graphs_a_killed_write_staged_are_dropped_by_the_next_write(small_store, tmp_path):
    """A write killed after staging a report's new version (before the transaction that moves it onto its
    name) leaves a staged graph: the next write drops it, and the report keeps its old version."""
    shutil.copytree(small_store, tmp_path / "store")
    store = Store(tmp_path / "store")
    before = quads(store)
    name = store.named_graphs()[0]
    staged = ox.NamedNode(STAGING + str(name))
    store.oxigraph.extend(ox.Quad(q.subject, q.predicate, ox.Literal("changed"), staged)
                          for q in store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(name))))
    assert len(quads(store)) > len(before)
    del store
    store = Store(tmp_path / "store")
    store.put_quads([])
    assert quads(store) == before and union_is_exact(store)


def _disk_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def test_a_build_leaves_the_store_as_small_as_oxigraph_bulk_loading_the_same_quads(tmp_path):
    """Issue 22: written report by report, Oxigraph keeps uncompressed tables and write-ahead logs
    (about five times what its bulk loader makes of the same quads); a build that grew the store
    repacks it with the bulk loader, so it takes what bare Oxigraph takes for the same quads."""
    write_reports(tmp_path / "reports")
    location = tmp_path / "store"
    esgkg.build([EXAMPLES, tmp_path / "reports"], store=Store(location), store_batch=1, keep_dataset=False)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports", "store"]  # no .repack or .old left
    store = Store(location, read_only=True)
    assert len(store.reports()) == 5 and union_is_exact(store)
    bare = ox.Store(str(tmp_path / "bare"))
    bare.bulk_extend(store.oxigraph)
    bare.flush()
    del bare
    tables = sum(f.stat().st_size for f in location.glob("*.sst"))
    assert tables <= 1.05 * sum(f.stat().st_size for f in (tmp_path / "bare").glob("*.sst"))
    assert sum(f.stat().st_size for f in location.glob("*.log")) < 1000  # no write-ahead log left
    assert not list(location.glob("LOG.old*"))  # nor RocksDB's old info logs (one per open)
    assert quads(Store(tmp_path / "bare", read_only=True)) == quads(store)


def test_a_repack_killed_between_its_two_renames_is_completed_at_the_next_open(small_store, tmp_path):
    location, new, old = tmp_path / "store", tmp_path / "store.repack", tmp_path / "store.old"
    shutil.copytree(small_store, location)
    store = Store(location)
    before = quads(store)
    fresh = ox.Store(str(new))  # what Store.repack has written when it swaps the directories
    fresh.bulk_extend(store.oxigraph)
    fresh.flush()
    del fresh, store
    (new / REPACKED).write_bytes(b"")
    location.rename(old)  # killed here: no store at its place
    assert quads(Store(location)) == before
    assert not new.exists() and not old.exists() and not (location / REPACKED).exists()


# ----------------------------------------------------------------------------- killed builds
DRIVER = textwrap.dedent("""
    import sys
    import esgkg
    from esgkg.store import REPACKED, STAGING, Store

    class Announcing:
        '''The real pyoxigraph store, saying when each write transaction starts.'''
        def __init__(self, real):
            self.real = real
        def update(self, text, **kw):
            print("update", flush=True)
            return self.real.update(text, **kw)
        def __getattr__(self, name):
            return getattr(self.real, name)

    import pyoxigraph as ox

    store = Store(sys.argv[1])
    store._store = Announcing(store._store)
    put_quads = store.put_quads

    def keep_and_put(reports):
        # save the new graphs first, so the test knows exactly what "wholly new" is
        reports = list(reports)
        for report in reports:
            name = str(report.name).rsplit("/", 1)[-1]
            with open(f"{sys.argv[2]}/{name}.nt", "wb") as out:
                out.write(ox.serialize((q.triple for q in report.quads()), format=ox.RdfFormat.N_TRIPLES))
        return put_quads(reports)

    store.put_quads = keep_and_put
    esgkg.build(sys.argv[3:], store=store, store_batch=1, keep_dataset=False)
    print("done", flush=True)
""")


@pytest.mark.corpus
@pytest.mark.slow
def test_a_build_killed_half_way_leaves_each_report_wholly_old_or_new(corpus_files, tmp_path):
    # "old" reports: the first third of each real report, under the same file name (so the same report IRI)
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    old_dir.mkdir()
    new_dir.mkdir()
    for path in corpus_files:
        text = path.read_text(encoding="utf-8")
        (old_dir / path.name).write_text(text[: len(text) // 3], encoding="utf-8")
    location = tmp_path / "store"
    old = esgkg.build(sorted(old_dir.iterdir()), store=Store(location), keep_dataset=True)
    assert not old.errors
    old_graphs = {g.identifier: g for g in named(old.dataset)}
    assert len(old_graphs) == len(corpus_files)

    script = tmp_path / "driver.py"
    script.write_text(DRIVER, encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), str(location), str(new_dir), *map(str, corpus_files)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    updates = 0
    for line in proc.stdout:
        updates += line.strip() == "update"
        if updates == 2:  # the second report's transaction has just started
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the build finished before it could be killed"

    # the graphs the killed build was writing (a report it never reached can only be old)
    new_graphs = {}
    for nt in new_dir.glob("*.nt"):
        g = Graph(identifier=URIRef(f"https://w3id.org/esgkg/id/report/{nt.stem}")).parse(nt, format="nt")
        assert set(g) != set(old_graphs[g.identifier])
        new_graphs[g.identifier] = g
    assert len(new_graphs) == 2
    after = quads(Store(location))
    names = sorted(old_graphs)
    matches = []
    for states in itertools.product(("old", "new"), repeat=len(names)):
        if any(s == "new" and n not in new_graphs for n, s in zip(names, states)):
            continue
        expected = Store()
        expected.put_reports([(new_graphs if s == "new" else old_graphs)[n] for n, s in zip(names, states)])
        if quads(expected) == after:
            matches.append(states)
    assert len(matches) == 1, "the store is not a mix of whole old and whole new reports"
    assert "old" in matches[0] and "new" in matches[0]  # killed half-way indeed


# ----------------------------------------------------------------------------- export
@pytest.mark.parametrize("suffix,rdflib_format", [(".trig", "trig"), (".nq", "nquads"), (".jsonld", "json-ld")])
def test_export_with_named_graphs(small_store, tmp_path, suffix, rdflib_format, capsys):
    out = tmp_path / f"g{suffix}"
    assert main(["export", "--store", str(small_store), "-o", str(out)]) == 0
    ds = Dataset()
    ds.parse(out, format=rdflib_format)
    store = Store(small_store, read_only=True)
    assert len(list(ds.quads())) == len(store)
    assert {g.identifier for g in named(ds)} == set(store.named_graphs())


def test_export_turtle_is_the_union_with_prefixes(small_store, tmp_path, capsys):
    out = tmp_path / "g.ttl"
    assert main(["export", "--store", str(small_store), "-o", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "@prefix esg: <https://w3id.org/esgkg/ontology#> ." in text and "\\/" not in text
    g = Graph().parse(out, format="turtle")
    store = Store(small_store, read_only=True)
    assert set(g) == {(s, p, o) for s, p, o, _ in store.quads()}
    assert len(set(g.subjects(RDF.type, ESG.Report))) == len(store.named_graphs())
    # --format wins over the extension
    odd = tmp_path / "graph.data"
    assert main(["export", "--store", str(small_store), "--format", "nq", "-o", str(odd)]) == 0
    assert len(Dataset().parse(odd, format="nquads")) > 0


def test_export_errors_are_one_line(small_store, tmp_path):
    proc = subprocess.run([sys.executable, "-m", "esgkg.cli", "export", "--store", str(small_store), "-o", str(tmp_path / "g.xyz")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "g.xyz" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "g.xyz").exists()
    assert main(["export", "--store", str(tmp_path / "nowhere"), "-o", str(tmp_path / "g.ttl")]) == 2


# ----------------------------------------------------------------------------- sparql
COMPANIES = "SELECT ?c ?name WHERE { ?r esg:reportingCompany ?c . ?c rdfs:label ?name } ORDER BY ?name"


def test_sparql_select_as_csv_json_and_table(small_store, capsys):
    assert main(["sparql", "--store", str(small_store), "--format", "csv", COMPANIES]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    names = [r["name"] for r in rows]
    assert "Northwind Lightmetals Holdings Co., Ltd." in names and "Harbor Wheels Co., Ltd." in names
    assert main(["sparql", "--store", str(small_store), "--format", "json", COMPANIES]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["head"]["vars"] == ["c", "name"]
    assert [b["name"]["value"] for b in result["results"]["bindings"]] == names
    assert main(["sparql", "--store", str(small_store), COMPANIES]) == 0
    table = capsys.readouterr().out
    assert "Harbor Wheels" in table and "id:org/harbor-wheels" in table  # whole, in the id: form a query accepts back


def test_sparql_ask_construct_and_query_file(small_store, tmp_path, capsys):
    assert main(["sparql", "--store", str(small_store), "ASK { ?c esg:stockCode \"601999\" }"]) == 0
    assert capsys.readouterr().out.strip() == "true"
    assert main(["sparql", "--store", str(small_store), "--format", "json", "ASK { ?c esg:stockCode \"000000\" }"]) == 0
    assert json.loads(capsys.readouterr().out) == {"head": {}, "boolean": False}
    query = tmp_path / "q.rq"
    query.write_text("CONSTRUCT { ?c a esg:Company } WHERE { ?r esg:reportingCompany ?c }", encoding="utf-8")
    assert main(["sparql", "--store", str(small_store), str(query)]) == 0
    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert len(g) == len(Store(small_store, read_only=True).named_graphs())


def test_sparql_errors_are_one_line_exit_2(small_store, tmp_path):
    cases = {"'SELEC' at line 1, column 1 is not a SPARQL keyword: did you mean SELECT?": ["--store", str(small_store), "SELEC ?x WHERE { ?x ?p ?o }"],
             "no store here": ["--store", str(tmp_path / "nowhere"), "SELECT * { ?s ?p ?o }"]}
    for message, args in cases.items():
        proc = subprocess.run([sys.executable, "-m", "esgkg.cli", "sparql", *args], capture_output=True, text=True)
        assert proc.returncode == 2, proc.stderr
        assert message in proc.stderr and "Traceback" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_unreadable_store_is_one_line_exit_2(tmp_path):
    """A damaged store directory (RocksDB's RuntimeError) or a file where the store should be is a one-line
    'cannot open the store' error naming the path, not an internal error."""
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "CURRENT").write_text("garbage\n")
    a_file = tmp_path / "a_file"
    a_file.write_text("junk\n")
    for command, store in (("info", corrupt), ("sparql", corrupt), ("info", a_file)):
        args = ["SELECT * { ?s ?p ?o }"] if command == "sparql" else []
        proc = subprocess.run([sys.executable, "-m", "esgkg.cli", command, "--store", str(store), *args],
                              capture_output=True, text=True)
        assert proc.returncode == 2, proc.stderr
        assert f"{store}: cannot open the store (" in proc.stderr and "internal error" not in proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    with pytest.raises(StoreError, match="a file, not a store directory"):
        Store(a_file)


def test_store_round_trips_to_rdflib(small_store):
    store = Store(small_store, read_only=True)
    ds = store.to_dataset()
    assert len(list(ds.quads())) == len(store)
    name = URIRef(str(store.named_graphs()[0]))
    assert set(store.graph(name)) == set(ds.graph(name))
