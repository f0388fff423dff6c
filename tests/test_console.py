"""The console of `esgkg serve`: a page that knows the graph (prefixes, library queries, labels), loads with
no network, and short errors for a query that forgets its PREFIX lines."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

import esgkg
from esgkg.serve import welcome_query
from esgkg.query import list_queries
from esgkg.store import Store

from .conftest import EXAMPLES, unavailable
from .test_serve_load import served
from .test_sparql_cli import REPORT

JSON = {"Accept": "application/sparql-results+json"}
ESG = "PREFIX esg: <https://w3id.org/esgkg/ontology#>\nPREFIX id: <https://w3id.org/esgkg/id/>\n"


@pytest.fixture(scope="module")
def console(tmp_path_factory):
    """``esgkg serve`` over a store of the example report and an invented one; yields the base URL."""
    folder = tmp_path_factory.mktemp("console")
    (folder / "reports").mkdir()
    (folder / "reports" / "tundra_2024_esg.txt").write_text(REPORT, encoding="utf-8")
    store = Store(folder / "store")
    result = esgkg.build([EXAMPLES, folder / "reports"], store=store, keep_dataset=False)
    assert not result.errors
    store.flush()
    del store
    with served(folder / "store") as (url, _):
        yield url.removesuffix("/query")


def test_the_page_has_the_prefixes_and_every_library_query(console):
    page = httpx.get(console + "/", timeout=30)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "<code>esg:</code> <code class=\"ns\">https://w3id.org/esgkg/ontology#</code>" in page.text
    assert "<code>id:</code>" in page.text and "PREFIX esg:" in page.text
    for q in list_queries():
        assert f'data-query="{q.name}"' in page.text and q.title in page.text
    # everything the page loads comes from this server: no CDN
    sources = re.findall(r'(?:src|href)="([^"#]+)"', page.text)
    assert sources and all(s.startswith("./") for s in sources), sources
    for asset in ("/yasgui.min.js", "/yasgui.min.css"):
        r = httpx.get(console + asset, timeout=30)
        assert r.status_code == 200 and len(r.content) > 10_000


def test_a_query_without_prefix_lines_gets_one_line_naming_the_prefix(console):
    r = httpx.post(console + "/query", data={"query": "SELECT ?r WHERE { ?r a esg:Report ; rdfs:label ?l }"}, headers=JSON, timeout=30)
    assert r.status_code == 400
    assert r.text.strip() == ("undeclared prefix esg:, rdfs: - add PREFIX esg: <https://w3id.org/esgkg/ontology#>; "
                              "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> at the top of the query")
    # with its PREFIX lines the same query runs; so does esgkg's short form id:org/x
    ok = httpx.post(console + "/query", data={"query": ESG + "SELECT ?r WHERE { ?r a esg:Report }"}, headers=JSON, timeout=30)
    assert ok.status_code == 200 and len(ok.json()["results"]["bindings"]) == 1 + len(list(EXAMPLES.iterdir()))  # examples + tundra
    ask = httpx.get(console + "/query", params={"query": ESG + "ASK { id:org/larchwood-smelting a esg:Supplier }"}, headers=JSON, timeout=30)
    assert ask.status_code == 200 and ask.json()["boolean"] is True


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if not found:
        unavailable("no headless browser (apt-get install chromium) for the console screenshot")
    return found


def browse(url: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    """Headless Chromium on ``url`` (its JavaScript given 8 s of virtual time), its profile in ``profile``."""
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", "--window-size=1400,900",
             "--virtual-time-budget=8000", f"--user-data-dir={profile}"]
    return subprocess.run([chromium(), *flags, *args, url], capture_output=True, text=True, timeout=120)


def test_a_library_query_runs_in_the_browser_with_labels(console, tmp_path):
    dom = browse(console + "/#group-structure", tmp_path / "profile", "--dump-dom").stdout
    assert 'data-query="group-structure"' in dom
    table = dom[dom.find("<table"):]
    assert "dataTable" in dom and "<td" in table, "the query's results table was not drawn"
    # the reporting company's IRI carries its rdfs:label
    assert re.search(r'<span class="esg-label">Northwind Lightmetals Holdings Co\., Ltd\.</span>', table)
    shot = tmp_path / "console.png"
    browse(console + "/#group-structure", tmp_path / "profile", f"--screenshot={shot}")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000


def test_the_console_opens_on_the_query_and_shows_plain_values_in_compact_rows(console, tmp_path):
    opening = browse(console + "/", tmp_path / "profile", "--dump-dom").stdout
    assert "CodeMirror-foldmarker" in opening, "the PREFIX lines are not folded"
    assert "SELECT ?report ?company ?name ?year" in opening
    assert welcome_query().count("PREFIX") == 2  # esg: and rdfs:, the ones it uses (not all eleven)
    dom = browse(console + "/#carbon-targets", tmp_path / "profile2", "--dump-dom").stdout
    table = dom[dom.find("<table"):dom.find("</table>")]
    assert "<td" in table, "the query's results table was not drawn"
    assert "^^" not in table and "XMLSchema#integer" not in table  # typed literals as plain values
    assert re.search(r"<span class=\"nonIri\">20\d\d</span>", table), "no plain year in the table"
    shot = tmp_path / "console.png"
    browse(console + "/#carbon-targets", tmp_path / "profile3", f"--screenshot={shot}")
    assert shot.stat().st_size > 20_000
