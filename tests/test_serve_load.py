"""`esgkg serve` under load: 8 concurrent clients x 200 queries, every answer right; read-only by
default, on 127.0.0.1 only, and a runaway query is stopped by the time limit.

The server is the real command (``python -m esgkg.cli serve``) over a store built from our own
texts (the example report and synthetic ones); clients talk to it over loopback only.
"""
from __future__ import annotations

import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import psutil
import pytest

import esgkg
from esgkg.store import Store

from .conftest import EXAMPLES
from .test_robustness import _synth

CLIENTS, QUERIES_PER_CLIENT = 8, 200
SPARQL_JSON = "application/sparql-results+json"
ESG = "PREFIX esg: <https://w3id.org/esgkg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
QUERIES = {
    "quads": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    "reports": ESG + "SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a esg:Report }",
    "certifications": ESG + "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a esg:Certification ; esg:standard ?s . ?s esg:code ?code }",
    "holders": ESG + "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?h ?code WHERE { ?h esg:holdsCertification/esg:standard/esg:code ?code } }",
    "targets by year": ESG + "SELECT (COUNT(*) AS ?n) WHERE { SELECT ?y (COUNT(?t) AS ?k) WHERE { ?t a esg:Target ; esg:targetYear ?y } GROUP BY ?y }",
}


@pytest.fixture(scope="module")
def store_and_answers(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """A store of 5 reports, and each query's answer computed in-process (what the server must return)."""
    root = tmp_path_factory.mktemp("serve")
    reports = root / "reports"
    reports.mkdir()
    (reports / "northwind.md").write_text((EXAMPLES / "northwind_2024_esg.md").read_text(encoding="utf-8"), encoding="utf-8")
    synth = _synth()
    for i in range(4):
        (reports / f"synth_{i}.txt").write_text(synth.report_text(500 + i, size=15_000), encoding="utf-8")
    location = root / "store"
    store = Store(location)
    result = esgkg.build([reports], store=store, keep_dataset=False)
    assert not result.errors and result.counts()["reports"] == 5
    answers = {name: int(next(iter(store.oxigraph.query(q, use_default_graph_as_union=True)))["n"].value) for name, q in QUERIES.items()}
    store.flush()
    del store  # release the write lock before the server opens the directory
    assert all(answers.values()), answers
    return location, answers


@contextmanager
def served(location: Path, *extra: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """Run ``esgkg serve`` on a free port; yield its query URL; always stop it."""
    proc = subprocess.Popen([sys.executable, "-m", "esgkg.cli", "serve", "--store", str(location), "--port", "0", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        try:
            first = lines.get(timeout=60)
        except queue.Empty:
            pytest.fail(f"esgkg serve printed nothing in 60 s: {proc.stderr.read() if proc.poll() is not None else ''}")
        match = re.search(r"(http://\S+/query)", first)
        assert match, first
        yield match.group(1), proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _ask(client: httpx.Client, url: str, query: str) -> int:
    response = client.post(url, data={"query": query}, headers={"Accept": SPARQL_JSON})
    response.raise_for_status()
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_eight_clients_two_hundred_queries_each_all_answered_right(store_and_answers):
    location, answers = store_and_answers
    names = list(QUERIES)

    def client(number: int) -> list[str]:
        wrong = []
        with httpx.Client(timeout=30) as http:
            for i in range(QUERIES_PER_CLIENT):
                name = names[(number + i) % len(names)]
                got = _ask(http, url, QUERIES[name])
                if got != answers[name]:
                    wrong.append(f"client {number} query {i} ({name}): {got} != {answers[name]}")
        return wrong

    with served(location) as (url, _):
        started = time.perf_counter()
        with ThreadPoolExecutor(CLIENTS) as pool:
            results = list(pool.map(client, range(CLIENTS)))
        seconds = time.perf_counter() - started
    assert [w for ws in results for w in ws] == []
    print(f"{CLIENTS * QUERIES_PER_CLIENT} queries from {CLIENTS} clients in {seconds:.1f} s")


def test_server_is_read_only_and_on_loopback_by_default(store_and_answers):
    location, answers = store_and_answers
    with served(location) as (url, proc):
        assert url.startswith("http://127.0.0.1:")
        port = int(url.rsplit(":", 1)[1].split("/")[0])
        listening = [c for p in [psutil.Process(proc.pid), *psutil.Process(proc.pid).children(recursive=True)]
                     for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN and c.laddr.port == port]
        assert listening and {c.laddr.ip for c in listening} == {"127.0.0.1"}
        update = "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }"
        with httpx.Client(timeout=30) as http:
            refused = http.post(url.replace("/query", "/update"), data={"update": update})
            assert 400 <= refused.status_code < 500, refused.status_code
            assert _ask(http, url, QUERIES["quads"]) == answers["quads"]


def test_a_runaway_query_is_stopped_by_the_time_limit(store_and_answers):
    """oxigraph's --timeout-s does not stop an in-memory join; esgkg serve's front restarts it (issue 16)."""
    location, _ = store_and_answers
    cartesian = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    with served(location, "--timeout", "1") as (url, _):
        with httpx.Client(timeout=10) as http:  # a 1 s limit that works answers well within 10 s; no need to wait longer
            started = time.perf_counter()
            response = http.post(url, data={"query": cartesian}, headers={"Accept": SPARQL_JSON})
            seconds = time.perf_counter() - started
            assert response.status_code >= 400 and seconds < 10, (response.status_code, seconds)
            assert _ask(http, url, QUERIES["reports"]) == 5  # the server is still there
