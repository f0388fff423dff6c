"""`esgkg push` and `esgkg build --push` to remote stores: a real OpenLink Virtuoso (Digest credentials), a small
Basic-auth server that also checks extra headers, and a recording Graph Store that can refuse a graph; one line
per HTTP failure, the same graphs on the server as in the local store."""
from __future__ import annotations

import base64
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pyoxigraph as ox
import pytest
from rdflib import URIRef

import esgkg
from esgkg.cli import main
from esgkg.graph.iri import report_iri
from esgkg.serve import free_port
from esgkg.store import Store
from esgkg.store.remote import count_remote

from .conftest import EXAMPLES
from .test_sparql_cli import build_fixture_store
from .virtuoso import PASSWORD, USER


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return build_fixture_store(tmp_path_factory.mktemp("push"))


@pytest.fixture
def push(capfd):
    """``esgkg push ARGS`` run in this process; returns (returncode, stdout, stderr)."""

    def run(*args: str) -> subprocess.CompletedProcess:
        capfd.readouterr()
        code = main(["push", *args])
        out, err = capfd.readouterr()
        return subprocess.CompletedProcess([], code, out, err)

    return run


def one_line(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    for w in words:
        assert w in proc.stderr, proc.stderr


def test_push_to_virtuoso_with_digest_credentials_then_counts_agree(store_dir, virtuoso, push):
    local = Store(store_dir, read_only=True)
    graphs, quads = [str(g) for g in local.named_graphs()], len(local)
    del local
    where = ["--endpoint", virtuoso.endpoint, "--graph-store", virtuoso.graph_store, "--store", str(store_dir)]
    one_line(push(*where), "HTTP 401", "credentials")
    one_line(push(*where, "--user", USER, "--password", "wrong"), "HTTP 401")
    for _ in range(2):  # pushing again replaces each graph: nothing doubles
        proc = push(*where, "--user", USER, "--password", PASSWORD)
        assert proc.returncode == 0, proc.stderr
        assert count_remote(virtuoso.endpoint, graphs=graphs) == quads
    proc = push(*where, "--user", USER, "--password", PASSWORD, "--auth", "digest")
    assert proc.returncode == 0 and count_remote(virtuoso.endpoint, graphs=graphs) == quads


class BasicAuthStore(BaseHTTPRequestHandler):
    """A Graph Store that wants Basic credentials and an API key header; keeps what it was sent."""

    received: list[tuple[str, bytes]] = []

    def log_message(self, *args) -> None:
        return

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        expected = "Basic " + base64.b64encode(b"ana:s3cret").decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="graphs"')
            self.end_headers()
            return
        if self.headers.get("X-Api-Key") != "k-42":
            self.send_response(403)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><h1>Forbidden</h1><p>missing API key</p></body></html>")
            return
        self.received.append((self.path, body))
        self.send_response(204)
        self.end_headers()


def test_push_with_basic_credentials_and_extra_headers(store_dir, push):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BasicAuthStore)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/graphs"
    try:
        base = ["--endpoint", url, "--store", str(store_dir)]
        one_line(push(*base, "--user", "ana", "--password", "s3cret"), "HTTP 403", "missing API key")
        one_line(push(*base, "-H", "X-Api-Key: k-42"), "HTTP 401")
        one_line(push(*base, "-H", "X-Api-Key k-42"), "expected 'Name: value'")
        for scheme in ("auto", "basic"):
            BasicAuthStore.received.clear()
            proc = push(*base, "--user", "ana", "--password", "s3cret", "--auth", scheme, "-H", "X-Api-Key: k-42")
            assert proc.returncode == 0, proc.stderr
            assert len(BasicAuthStore.received) == 1 + len(list(EXAMPLES.iterdir())) and all(path.startswith("/graphs?graph=") for path, _ in BasicAuthStore.received)
    finally:
        httpd.shutdown()
        httpd.server_close()


# ----------------------------------------------------------------------------- build --push
# Two invented reports: the first names a supplier by a short name ("Merrow Co., Ltd.") that only the second,
# built after it, defines as its own alias, so the second moves an organisation IRI of the first.
SUPPLIER_FIRST = """Tarrow Glassworks Co., Ltd.
2024 Sustainability Report

This report is published by Tarrow Glassworks Co., Ltd. (hereinafter "Tarrow" or "the Company").
Our main supplier is Merrow Co., Ltd., which delivers soda ash. Key customers such as Lindqvist Bottling Co., Ltd. buy our jars.
Tarrow obtained the ISO 14001 environmental management system certification in 2024.
"""
ALIAS_LATER = """Merrow Minerals Holdings Co., Ltd.
2024 Sustainability Report

This report is published by Merrow Minerals Holdings Co., Ltd. (hereinafter "Merrow" or "the Company").
Merrow obtained the ISO 45001 occupational health and safety management system certification in 2024.
Merrow aims to achieve carbon neutrality by 2050.
"""


def two_reports(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "p1_tarrow_2024.txt").write_text(SUPPLIER_FIRST, encoding="utf-8")
    (folder / "p2_merrow_2024.txt").write_text(ALIAS_LATER, encoding="utf-8")
    return folder


class RecordingStore(BaseHTTPRequestHandler):
    """A Graph Store keeping the last body PUT to each graph; it answers 503 to a graph whose name holds a word
    of ``refuse`` every time, and of ``flaky`` the first time only."""

    graphs: dict[str, bytes] = {}
    puts: list[str] = []
    refuse: set[str] = set()
    flaky: set[str] = set()

    def log_message(self, *args) -> None:
        return

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        graph = parse_qs(urlsplit(self.path).query)["graph"][0]
        self.puts.append(graph)
        if any(w in graph for w in self.refuse) or (any(w in graph for w in self.flaky) and self.puts.count(graph) == 1):
            self.send_response(503)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.wfile.write(b"overloaded, try later")
            return
        self.graphs[graph] = body
        self.send_response(204)
        self.end_headers()


@pytest.fixture
def recording() -> Iterator[str]:
    """The URL of a fresh :class:`RecordingStore`."""
    RecordingStore.graphs, RecordingStore.puts, RecordingStore.refuse, RecordingStore.flaky = {}, [], set(), set()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), RecordingStore)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/graphs"
    finally:
        httpd.shutdown()
        httpd.server_close()


def triples(body: bytes) -> set[ox.Triple]:
    return set(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))


def local_graphs(*folders: Path) -> dict[str, set[ox.Triple]]:
    """What the local store holds after building ``folders``: graph name -> triples."""
    store = Store()
    assert not esgkg.build(list(folders), store=store, keep_dataset=False).errors
    return {str(g): triples(store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(g))))
            for g in store.named_graphs()}


def test_build_push_sends_again_a_report_whose_organisation_a_later_report_moves(tmp_path, recording):
    folder = two_reports(tmp_path / "reports")
    first, later = (str(report_iri(folder / name)) for name in ("p1_tarrow_2024.txt", "p2_merrow_2024.txt"))
    result = esgkg.build([folder], push=recording, keep_dataset=False, store_batch=1)  # each report sent as it comes
    assert not result.errors, result.errors
    assert RecordingStore.puts[0] == first and sorted(RecordingStore.puts[1:]) == [first, later] and result.pushed.resent == 1
    assert result.pushed.graphs == 3 and result.pushed.triples == sum(len(triples(b)) for b in RecordingStore.graphs.values()) + \
        len(triples(RecordingStore.graphs[first]))  # the first report was sent twice, the same size both times
    local = local_graphs(folder)
    assert {g: triples(b) for g, b in RecordingStore.graphs.items()} == local
    moved = "https://w3id.org/esgkg/id/org/merrow-minerals-holdings"
    assert any(t.object.value == moved for t in local[first])  # the move this test is about did happen


def test_build_push_a_refused_report_is_one_line_and_the_others_are_stored(tmp_path, recording, capfd):
    folder = two_reports(tmp_path / "reports")
    first, later = (str(report_iri(folder / name)) for name in ("p1_tarrow_2024.txt", "p2_merrow_2024.txt"))
    RecordingStore.refuse, RecordingStore.flaky = {"p2_merrow"}, {"p1_tarrow"}
    capfd.readouterr()
    code = main(["build", str(folder), "--push", recording, "-q"])
    err = capfd.readouterr().err
    assert code == 1 and "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert "p2_merrow_2024.txt" in line and "HTTP 503" in line and "overloaded" in line, line
    assert RecordingStore.puts.count(later) == 3  # the first attempt and two retries
    assert RecordingStore.puts[:2] == [first, first]  # the flaky first answer was retried, not reported
    # the refused report left the resolution: the server holds what a local store of the first alone holds
    assert set(RecordingStore.graphs) == {first}
    assert triples(RecordingStore.graphs[first]) == local_graphs(folder / "p1_tarrow_2024.txt")[first]


def test_build_push_option_errors_are_one_line_before_any_report_is_read(tmp_path, recording, capfd):
    capfd.readouterr()
    closed = f"http://127.0.0.1:{free_port()}/sparql"
    assert main(["build", str(EXAMPLES), "--push", closed]) == 2
    (line,) = capfd.readouterr().err.strip().splitlines()
    assert "cannot read which reports the server holds" in line and "connection refused" in line, line
    assert main(["build", str(EXAMPLES), "--push", recording, "--store", str(tmp_path / "s")]) == 2
    assert "not both" in capfd.readouterr().err and not RecordingStore.puts
    assert main(["build", str(EXAMPLES), "--user", "ana", "--no-store"]) == 2
    assert "--user: only with --push" in capfd.readouterr().err
    with pytest.raises(ValueError, match="not both"):
        esgkg.build([EXAMPLES], store=Store(), push=recording)


def graph_counts(endpoint: str, graphs: list[str]) -> dict[str, int]:
    """Triples per named graph on a SPARQL endpoint (only ``graphs``)."""
    values = " ".join(f"<{g}>" for g in graphs)
    query = f"SELECT ?g (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }} GROUP BY ?g"
    r = httpx.post(endpoint, data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
    r.raise_for_status()
    return {row["g"]["value"]: int(row["n"]["value"]) for row in r.json()["results"]["bindings"]}


def remote_iris(endpoint: str, graph: str) -> set[str]:
    """Every IRI a graph on the server uses as a subject or object."""
    query = f"SELECT DISTINCT ?x WHERE {{ GRAPH <{graph}> {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }} FILTER(isIRI(?x)) }}"
    r = httpx.post(endpoint, data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
    r.raise_for_status()
    return {row["x"]["value"] for row in r.json()["results"]["bindings"]}


def clear_graphs(virtuoso, graphs: list[str] | None = None) -> None:
    """Drop ``graphs`` (default: every report graph) from the session-wide Virtuoso, so that a test sees only its
    own and leaves nothing behind for the tests after it."""
    if graphs is None:
        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a <https://w3id.org/esgkg/ontology#Report> } }"
        r = httpx.post(virtuoso.endpoint, data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
        r.raise_for_status()
        graphs = [row["g"]["value"] for row in r.json()["results"]["bindings"]]
    for start in range(0, len(graphs), 40):  # isql takes at most 50 statements a line
        virtuoso.sql(" ".join(f"SPARQL CLEAR GRAPH <{g}>;" for g in graphs[start:start + 40]))


def test_build_push_to_virtuoso_gives_the_local_store_graphs(corpus_files, virtuoso, tmp_path, capfd):
    """Two builds pushed one after the other end as one local store of all their reports: the second reads the
    names of the reports the server holds, and sends again the first build's report whose organisation it moves."""
    clear_graphs(virtuoso)
    first, later = sorted(two_reports(tmp_path / "reports").iterdir())
    builds = [[first, corpus_files[0]], [corpus_files[1], later]]
    local = local_graphs(*builds[0], *builds[1])
    names = sorted(local)
    assert names == sorted(str(report_iri(f)) for files in builds for f in files)
    where = ["--push", virtuoso.endpoint, "--graph-store", virtuoso.graph_store, "--user", USER, "--password", PASSWORD]
    for files, again in zip(builds, ("", "; 1 sent again")):  # the first build's report, which the second moves
        capfd.readouterr()
        code = main(["build", *map(str, files), *where, "--concurrency", "2"])
        err = capfd.readouterr().err
        assert code == 0, err
        assert f"-> {virtuoso.graph_store} ({len(files)} report graph(s){again}" in err, err
    assert graph_counts(virtuoso.endpoint, names) == {g: len(ts) for g, ts in local.items()}
    for g, ts in local.items():  # the same organisation (and every other) IRIs as the local store
        assert remote_iris(virtuoso.endpoint, g) == {t.value for tr in ts for t in (tr.subject, tr.object) if isinstance(t, ox.NamedNode)}
    clear_graphs(virtuoso, names)


def test_concurrent_push_of_many_graphs_equals_the_local_store(example_store, virtuoso, tmp_path, push):
    many = Store(tmp_path / "many")
    source = Store(example_store, read_only=True)
    for g in source.named_graphs():
        graph = source.graph(g)
        for i in range(40):
            many.replace_graph(graph, URIRef(f"{g}/copy-{i:02d}"))
    names = [str(g) for g in many.named_graphs()]
    expected = {g: len(many.graph(URIRef(g))) for g in names}
    many.flush()
    del many, source
    try:
        proc = push("--endpoint", virtuoso.endpoint, "--graph-store", virtuoso.graph_store, "--store", str(tmp_path / "many"),
                    "--user", USER, "--password", PASSWORD, "--concurrency", "4")
        assert proc.returncode == 0, proc.stderr
        assert f"pushed {len(names)} report graph(s)" in proc.stderr and "4 at a time" in proc.stderr, proc.stderr
        assert graph_counts(virtuoso.endpoint, names) == expected
        assert count_remote(virtuoso.endpoint, graphs=names) == sum(expected.values())
    finally:
        clear_graphs(virtuoso, names)  # 80 copies of the example's facts: other tests query this Virtuoso too
