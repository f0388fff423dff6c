"""esgkg serve (oxigraph's SPARQL endpoint and console over the store) and esgkg push (Graph Store Protocol)."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

import esgkg
from esgkg.serve import OxigraphServer, free_port
from esgkg.store import Store
from esgkg.store.remote import count_remote, graph_store_url
from esgkg.vocab import SPARQL_PREFIXES

from .conftest import EXAMPLES
from .test_resolve import write_reports

JSON = {"Accept": "application/sparql-results+json"}


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    """An on-disk store with the example report and the invented reports of test_resolve (closed again)."""
    folder = tmp_path_factory.mktemp("serve")
    write_reports(folder / "reports")
    esgkg.build([EXAMPLES, folder / "reports"], store=Store(folder / "store"), keep_dataset=False)
    return folder / "store"


def select(endpoint: str, query: str) -> list[dict]:
    r = httpx.post(endpoint, data={"query": SPARQL_PREFIXES + query}, headers=JSON, timeout=30)
    r.raise_for_status()
    return r.json()["results"]["bindings"]


def start_cli_server(*args: str) -> tuple[subprocess.Popen, str]:
    """Run ``esgkg serve ARGS`` and return the process and the endpoint URL it printed."""
    proc = subprocess.Popen([sys.executable, "-m", "esgkg.cli", "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    if not line:
        proc.wait(10)
        pytest.fail(f"esgkg serve printed nothing: {proc.stderr.read()}")
    url = next(w for w in line.split() if w.startswith("http://") and w.endswith("/query"))
    return proc, url


def gone(pid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
            return True
        time.sleep(0.05)
    return False


def test_serve_answers_sparql_over_http_and_serves_the_console(store_dir):
    port = free_port()
    proc, endpoint = start_cli_server("--store", str(store_dir), "--port", str(port))
    try:
        assert endpoint == f"http://127.0.0.1:{port}/query"
        server_pid = psutil.Process(proc.pid).children()[0].pid
        local = Store(store_dir, read_only=True)
        (row,) = select(endpoint, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert int(row["n"]["value"]) == len(local)
        # the default graph is the union of the reports, as in `esgkg sparql`
        rows = select(endpoint, "SELECT ?name WHERE { ?r esg:reportingCompany ?c . ?c rdfs:label ?name } ORDER BY ?name")
        assert "Northwind Lightmetals Holdings Co., Ltd." in {r["name"]["value"] for r in rows}
        base = endpoint.removesuffix("/query")
        page = httpx.get(base + "/", timeout=10)
        assert page.status_code == 200 and "yasgui" in page.text.lower()
        assert httpx.get(base + "/yasgui.min.js", timeout=10).status_code == 200  # the console needs no CDN
        # read-only: the Graph Store refuses writes
        put = httpx.put(base + "/store", params={"graph": "urn:x"}, content=b"<urn:a> <urn:b> <urn:c> .",
                        headers={"Content-Type": "application/n-triples"}, timeout=10)
        assert put.status_code == 403
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
    assert proc.returncode == 0
    assert gone(server_pid), "stopping esgkg serve must stop the oxigraph server"


def test_killing_esgkg_serve_stops_the_server(store_dir):
    proc, _ = start_cli_server("--store", str(store_dir), "--port", "0")
    server_pid = psutil.Process(proc.pid).children()[0].pid
    proc.kill()
    proc.wait(10)
    assert gone(server_pid)


def test_query_time_limit(store_dir):
    # unlimited, this query runs for tens of seconds on this store (a lookup for each of ~10^7 rows)
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER EXISTS { ?a ?x ?i } }"
    with OxigraphServer(store_dir, port=0, timeout_s=1) as server:
        started = time.monotonic()
        r = httpx.post(server.url + "/query", headers=JSON, timeout=120, data={"query": slow})
        assert time.monotonic() - started < 15
        assert "cancelled" in r.text
        with pytest.raises(json.JSONDecodeError):
            r.json()  # a client never mistakes the cut-off stream for a complete answer


def test_serve_errors_are_one_line(store_dir, tmp_path):
    with OxigraphServer(store_dir, port=0) as busy:
        cases = {"no store here": ["--store", str(tmp_path / "nowhere")],
                 "already in use": ["--store", str(store_dir), "--port", str(busy.port)]}
        for message, args in cases.items():
            proc = subprocess.run([sys.executable, "-m", "esgkg.cli", "serve", *args], capture_output=True, text=True, timeout=60)
            assert proc.returncode == 2 and message in proc.stderr, proc.stderr
            assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


# ----------------------------------------------------------------------------- push
def push(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "esgkg.cli", "push", *args], capture_output=True, text=True, timeout=300)


def test_push_replaces_each_report_graph_on_a_real_oxigraph_server(store_dir, tmp_path):
    local_dir = tmp_path / "local"
    shutil.copytree(store_dir, local_dir)
    with OxigraphServer(tmp_path / "remote", port=0, writable=True) as remote:
        endpoint = remote.url + "/query"
        assert graph_store_url(endpoint) == remote.url + "/store"
        assert count_remote(endpoint) == 0
        proc = push("--endpoint", endpoint, "--store", str(local_dir))
        assert proc.returncode == 0, proc.stderr
        local = Store(local_dir)
        assert count_remote(endpoint) == len(local)
        assert {r["g"]["value"] for r in select(endpoint, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")} == set(map(str, local.named_graphs()))
        # a second push replaces: nothing is duplicated
        assert push("--endpoint", endpoint, "--store", str(local_dir)).returncode == 0
        assert count_remote(endpoint) == len(local)
        # a report that shrank locally shrinks on the server too
        name = local.named_graphs()[0]
        smaller = local.graph(name)
        for triple in list(smaller)[: len(smaller) // 2]:
            smaller.remove(triple)
        local.replace_graph(smaller)
        del local
        assert push("--endpoint", endpoint, "--store", str(local_dir)).returncode == 0
        (row,) = select(endpoint, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
        assert int(row["n"]["value"]) == len(smaller)
        assert count_remote(endpoint) == len(Store(local_dir, read_only=True))


def test_push_errors_are_one_line(store_dir):
    closed = f"http://127.0.0.1:{free_port()}/query"
    with OxigraphServer(store_dir, port=0) as read_only:
        cases = {"connection refused": closed, "HTTP 403": read_only.url + "/query"}
        for message, endpoint in cases.items():
            proc = push("--endpoint", endpoint, "--store", str(store_dir))
            assert proc.returncode == 2 and message in proc.stderr, proc.stderr
            assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_build_refuses_a_store_a_writable_server_holds(store_dir, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(store_dir, copy)
    with OxigraphServer(copy, port=0, writable=True):
        proc = subprocess.run([sys.executable, "-m", "esgkg.cli", "build", str(EXAMPLES), "--store", str(copy), "-q"],
                              capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "in use by another writer" in proc.stderr, proc.stderr


NEW_REPORT = """Quillon Ferrite Co., Ltd.
2024 Sustainability Report

This report is published by Quillon Ferrite Co., Ltd. (hereinafter "Quillon" or "the Company").
Quillon obtained the ISO 14001 environmental management system certification in 2024.
"""


def test_a_read_only_server_answers_from_what_a_build_commits(store_dir, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree(store_dir, copy)
    proc, endpoint = start_cli_server("--store", str(copy), "--port", "0")
    try:
        count = "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a esg:Report }"
        (before,) = select(endpoint, count)
        report = tmp_path / "quillon_2024.txt"
        report.write_text(NEW_REPORT, encoding="utf-8")
        build = subprocess.run([sys.executable, "-m", "esgkg.cli", "build", str(report), "--store", str(copy)],
                               capture_output=True, text=True, timeout=300)
        assert build.returncode == 0, build.stderr
        assert "warning" not in build.stderr and "restart" not in build.stderr, build.stderr  # esgkg serve follows the store
        deadline = time.monotonic() + 30
        names: set[str] = set()
        while time.monotonic() < deadline:
            rows = select(endpoint, "SELECT ?name WHERE { ?r esg:reportingCompany ?c . ?c rdfs:label ?name }")
            names = {r["name"]["value"] for r in rows}
            if "Quillon Ferrite Co., Ltd." in names:
                break
            time.sleep(0.2)
        assert "Quillon Ferrite Co., Ltd." in names, "the server still answers from the store as it was before the build"
        (after,) = select(endpoint, count)
        assert int(after["n"]["value"]) == int(before["n"]["value"]) + 1
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)
    assert proc.returncode == 0
    assert "answering from the new data" in proc.stderr.read()


def test_the_console_pages_a_library_query_as_esgkg_query_does(store_dir):
    """Issue 22: the console opens a library query on its first page (GET /library/page runs run_page through
    the server) and its "next page" button asks for the next one until the last; the pages hold the full answer."""
    from esgkg import query as q

    port = free_port()
    proc, endpoint = start_cli_server("--store", str(store_dir), "--port", str(port))
    try:
        base = endpoint.removesuffix("/query")
        page = httpx.get(base + "/", timeout=10).text
        assert 'id="nextpage"' in page and "library/page?name=" in page
        local = Store(store_dir, read_only=True)
        for name in ("certification-matrix", "targets-due-by"):
            full = q.run_query(local, name).rows
            assert len(full) > 2
            seen, offset, pages = 0, 0, 0
            while offset is not None:
                r = httpx.get(base + "/library/page", params={"name": name, "offset": offset, "limit": 2}, timeout=30)
                assert r.status_code == 200, r.text
                answer = r.json()
                mine = q.run_page(local, name, limit=2, offset=offset)
                assert answer["sparql"] == mine.sparql and answer["next_offset"] == mine.next_offset
                assert answer["rows"] == len(mine.results.rows) == len(select(endpoint, answer["sparql"]))
                seen, offset, pages = seen + answer["rows"], answer["next_offset"], pages + 1
            assert seen == len(full) and pages > 1
        bad = httpx.get(base + "/library/page", params={"name": "no-such-query"}, timeout=10)
        assert bad.status_code == 400 and "no query 'no-such-query'" in bad.json()["error"]
        assert httpx.get(base + "/library/page", params={"name": "reports", "limit": "x"}, timeout=10).status_code == 400
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)


def test_a_server_that_fails_to_start_says_why_in_one_line(tmp_path):
    """oxigraph's own 'Error: ...' line is the reason given (not the last line of the stack trace RUST_BACKTRACE=1
    adds), with the store it was asked to serve: a damaged store is named with RocksDB's words."""
    from esgkg.serve.engine import _failure

    trace = "Error: Corruption: CURRENT file corrupted\n\nCaused by:\n    Corruption: CURRENT file corrupted\n\nStack backtrace:\n   6: _start\n"
    assert _failure(trace, 1) == "Corruption: CURRENT file corrupted"
    assert _failure("thread 'main' panicked\nlast words\n", 101) == "last words" and _failure("", 2) == "exit status 2"
    corrupt = tmp_path / "corrupt"
    corrupt.mkdir()
    (corrupt / "CURRENT").write_text("garbage\n")
    proc = subprocess.run([sys.executable, "-m", "esgkg.cli", "serve", "--store", str(corrupt), "--port", "0"],
                          capture_output=True, text=True, timeout=60, env={**os.environ, "RUST_BACKTRACE": "1"})
    assert proc.returncode == 2, proc.stderr
    assert f"oxigraph server failed on {corrupt}: Corruption: CURRENT file corrupted" in proc.stderr, proc.stderr
    assert proc.stderr.strip().count("\n") == 0, proc.stderr
