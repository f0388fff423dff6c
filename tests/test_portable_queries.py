"""Every library query returns the same rows on Oxigraph (the store), on rdflib (over the exported TriG) and on
OpenLink Virtuoso (after `esgkg push`): the queries are plain SPARQL 1.1 that any store runs alike.

The graph is our own: the example report, the invented reports of test_resolve and test_sparql_cli, and two
groups written as fact records (a shared supplier, an alliance, counted and group-wide claims).
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import httpx
import pytest
from rdflib import BNode, Dataset, Literal, URIRef

import esgkg
from esgkg import query as q
from esgkg.graph import to_dataset
from esgkg.store import Store
from esgkg.store.remote import AnyAuth, count_remote, push

from .conftest import EXAMPLES
from .test_resolve import write_reports
from .test_sparql_cli import REPORT
from .virtuoso import PASSWORD, USER

ALL = [item.name for item in q.list_queries()]
NUMERIC = ("integer", "decimal", "double", "float", "int", "long", "gYear")


@pytest.fixture(scope="module")
def graph(tmp_path_factory, two_groups_records) -> tuple[Store, Dataset]:
    folder = tmp_path_factory.mktemp("portable")
    write_reports(folder / "reports")
    (folder / "reports" / "tundra_2024_esg.txt").write_text(REPORT, encoding="utf-8")
    store = Store(folder / "store")
    assert not esgkg.build([EXAMPLES, folder / "reports"], store=store, keep_dataset=False).errors
    store.add_dataset(to_dataset(two_groups_records))
    trig = store.export(folder / "graph.trig")
    ds = Dataset(default_union=True)
    ds.parse(trig, format="trig")
    return store, ds


@pytest.fixture(scope="module")
def two_groups_records():
    from esgkg.records import Certification, Evidence, ReportFacts, ReportingCompany, Relation, StockListing, Subsidiary

    def ev(text: str) -> Evidence:
        return Evidence(text, 0, len(text), 1)

    a = ReportFacts(Path("alpha_2023.txt"), ReportingCompany("Alpha Castings Co., Ltd.", listings=[StockListing("600001", "Shanghai Stock Exchange")]), 2023)
    a.subsidiaries = [Subsidiary("Alpha Wheels Co., Ltd.", "Alpha Castings Co., Ltd.")]
    a.relations = [Relation("supplier", "Alpha Wheels Co., Ltd.", "Gamma Smelting Co., Ltd.", ev("Gamma supplies our wheel plant.")),
                   Relation("member", "Alpha Castings Co., Ltd.", "Clean Metals Alliance", ev("We joined the Clean Metals Alliance."))]
    a.certifications = [Certification("Alpha Wheels Co., Ltd.", "ISO 14001", ev("Alpha Wheels holds ISO 14001.")),
                        Certification("Alpha Castings Co., Ltd.", "ISO 50001", ev("9 subsidiaries hold ISO 50001."), scope="count_of_subsidiaries", count=9)]
    b = ReportFacts(Path("beta_2024.txt"), ReportingCompany("Beta Alloys Limited", listings=[StockListing("0777")]), 2024)
    b.relations = [Relation("supplier", "Beta Alloys Limited", "Gamma Smelting Co., Ltd.", ev("Gamma Smelting is our main supplier.")),
                   Relation("member", "Beta Alloys Limited", "Clean Metals Alliance", ev("Beta is a member of the Clean Metals Alliance."))]
    b.certifications = [Certification("Beta Alloys Limited", "ISO 45001", ev("Beta holds ISO 45001."), scope="group")]
    return [a, b]


def _value(kind: str, value: str, datatype: str | None) -> tuple:
    """One cell, spelt so that engines agree: numbers by value, strings by text, IRIs as IRIs."""
    if kind == "uri":
        return ("uri", value)
    if kind == "bnode":
        return ("bnode",)
    if datatype and datatype.rsplit("#", 1)[-1] in NUMERIC:
        try:
            return ("number", Decimal(value).normalize())
        except InvalidOperation:
            pass
    if datatype and datatype.endswith("#boolean"):
        return ("boolean", value in ("true", "1"))
    # GROUP_CONCAT's order is left open by SPARQL 1.1 (engines differ): a list is compared as its sorted parts
    return ("literal", tuple(sorted(re.split(r"\s*[|,]\s*", value))))


def _rdflib_cell(term) -> tuple | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return _value("uri", str(term), None)
    if isinstance(term, BNode):
        return _value("bnode", str(term), None)
    assert isinstance(term, Literal)
    return _value("literal", str(term), str(term.datatype) if term.datatype else None)


def _json_cell(cell: dict | None) -> tuple | None:
    if cell is None:
        return None
    kind = {"typed-literal": "literal"}.get(cell["type"], cell["type"])
    return _value(kind, cell["value"], cell.get("datatype"))


def _sorted(rows: list[tuple]) -> list[tuple]:
    return sorted(rows, key=repr)


def oxigraph_rows(store: Store, name: str) -> tuple[list[str], list[tuple]]:
    columns, rows = q.run_query(store, name)
    return columns, [tuple(_rdflib_cell(t) for t in row) for row in rows]


def rdflib_rows(ds: Dataset, name: str) -> list[tuple]:
    result = ds.query(q.sparql(name))
    return [tuple(_rdflib_cell(row[v]) for v in result.vars) for row in result]


def virtuoso_rows(endpoint: str, graphs: list[str], name: str) -> list[tuple]:
    r = httpx.post(endpoint, data={"query": q.sparql(name), "default-graph-uri": graphs, "named-graph-uri": graphs},
                   headers={"Accept": "application/sparql-results+json"}, timeout=120)
    assert r.status_code == 200, f"{name}: Virtuoso says HTTP {r.status_code}: {' '.join(r.text.split())[:300]}"
    body = r.json()
    names = body["head"]["vars"]
    return [tuple(_json_cell(b.get(v)) for v in names) for b in body["results"]["bindings"]]


@pytest.fixture(scope="module")
def on_virtuoso(graph, virtuoso) -> list[str]:
    store, _ = graph
    push(store, virtuoso.graph_store, auth=AnyAuth(USER, PASSWORD))
    graphs = [str(g) for g in store.named_graphs()]
    assert count_remote(virtuoso.endpoint, graphs=graphs) == len(store)
    return graphs


@pytest.mark.parametrize("name", ALL)
def test_every_library_query_returns_the_same_rows_on_three_engines(name, graph, virtuoso, on_virtuoso):
    store, ds = graph
    columns, ox_rows = oxigraph_rows(store, name)
    rd_rows = rdflib_rows(ds, name)
    vi_rows = virtuoso_rows(virtuoso.endpoint, on_virtuoso, name)
    assert _sorted(rd_rows) == _sorted(ox_rows), f"{name}: rdflib differs from Oxigraph"
    assert _sorted(vi_rows) == _sorted(ox_rows), f"{name}: Virtuoso differs from Oxigraph"


def test_the_comparison_is_not_empty(graph):
    """The graph gives rows to every query, so 'the same rows' compares something."""
    store, _ = graph
    empty = [name for name in ALL if not q.run_query(store, name)[1]]
    assert empty == []
