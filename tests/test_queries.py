"""The named query library (queries/*.rq) on the real corpus, on an empty store and on hostile parameters.

Expected rows are derived from the built graph itself (by walking its triples with rdflib, not by
SPARQL), so the tests keep holding while the extractor improves: whatever the graph says, the
queries must report it.  Cross-document queries (shared partners, organisations in several
reports) are also checked on two small reports written here as fact records.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from esgkg import query as q
from esgkg.records import Certification, Evidence, ReportFacts, ReportingCompany, Relation, StockListing, Subsidiary
from esgkg.store import Store
from esgkg.vocab import ESG

ALL = [item.name for item in q.list_queries()]
HOSTILE = ['x" } } SELECT * WHERE { ?s ?p ?o } #', "a'b\"c", "}\n;\nDROP ALL", '\\u0022 } ;', "{ } ; } \"\"\"", "line\nbreak"]


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def corpus_ds(corpus_build):
    return corpus_build.dataset


@pytest.fixture(scope="session")
def corpus_store(corpus_ds) -> Store:
    store = Store()
    store.add_dataset(corpus_ds)
    return store


@pytest.fixture(scope="session")
def empty_store() -> Store:
    return Store()


def _ev(text: str) -> Evidence:
    return Evidence(text, 0, len(text), 1)


@pytest.fixture(scope="session")
def two_groups_store() -> Store:
    """Two fictional groups' reports (written here) that share a supplier and a member subsidiary name."""
    from esgkg.graph import to_dataset

    a = ReportFacts(Path("alpha_2023.txt"), ReportingCompany("Alpha Castings Co., Ltd.", listings=[StockListing("600001", "Shanghai Stock Exchange")]), 2023)
    a.subsidiaries = [Subsidiary("Alpha Wheels Co., Ltd.", "Alpha Castings Co., Ltd.")]
    a.relations = [Relation("supplier", "Alpha Wheels Co., Ltd.", "Gamma Smelting Co., Ltd.", _ev("Gamma supplies our wheel plant.")),
                   Relation("member", "Alpha Castings Co., Ltd.", "Clean Metals Alliance", _ev("We joined the Clean Metals Alliance."))]
    a.certifications = [Certification("Alpha Wheels Co., Ltd.", "ISO 14001", _ev("Alpha Wheels holds ISO 14001.")),
                        Certification("Alpha Castings Co., Ltd.", "ISO 50001", _ev("9 subsidiaries hold ISO 50001."), scope="count_of_subsidiaries", count=9)]
    b = ReportFacts(Path("beta_2024.txt"), ReportingCompany("Beta Alloys Limited", listings=[StockListing("0777")]), 2024)
    b.relations = [Relation("supplier", "Beta Alloys Limited", "Gamma Smelting Co., Ltd.", _ev("Gamma Smelting is our main supplier.")),
                   Relation("member", "Beta Alloys Limited", "Clean Metals Alliance", _ev("Beta is a member of the Clean Metals Alliance."))]
    b.certifications = [Certification("Beta Alloys Limited", "ISO 45001", _ev("Beta holds ISO 45001."), scope="group")]
    store = Store()
    store.add_dataset(to_dataset([a, b]))
    return store


def rows_of(store: Store, name: str, **params) -> list[dict]:
    columns, rows = q.run_query(store, name, params)
    return [dict(zip(columns, row)) for row in rows]


def label(ds, node) -> str:
    return str(next(ds.objects(node, RDFS.label)))


def reporting_companies(ds) -> dict[URIRef, set[URIRef]]:
    """company -> its reports."""
    out: dict[URIRef, set[URIRef]] = defaultdict(set)
    for report, company in ds.subject_objects(ESG.reportingCompany):
        out[company].add(report)
    return out


def group_members(ds, group: URIRef) -> set[URIRef]:
    """The group and everything below it by esg:subsidiaryOf (walked by hand, not by SPARQL)."""
    seen, todo = {group}, [group]
    while todo:
        for child in ds.subjects(ESG.subsidiaryOf, todo.pop()):
            if child not in seen:
                seen.add(child)
                todo.append(child)
    return seen


def codes_held(ds, orgs: set[URIRef]) -> set[str]:
    return {str(code) for org in orgs for cert in ds.objects(org, ESG.holdsCertification)
            for std in ds.objects(cert, ESG.standard) for code in ds.objects(std, ESG.code)}


# ----------------------------------------------------------------------------- the library itself
def test_library_has_the_promised_queries():
    assert len(ALL) >= 12
    for item in q.list_queries():
        assert item.title and item.question.endswith(("?", ".")), item.name
        for p in item.params:
            assert p.type in q.PARAM_TYPES and p.doc, (item.name, p.name)


@pytest.mark.parametrize("name", ALL)
def test_every_query_runs_on_the_empty_store_with_no_rows(empty_store, name):
    columns, rows = q.run_query(empty_store, name)
    assert columns and rows == []


@pytest.mark.parametrize("name", ALL)
def test_every_query_file_runs_as_it_is_and_matches_the_bound_defaults(corpus_store, name):
    """The .rq file is a complete query (its VALUES block holds the defaults) any SPARQL tool can run."""
    item = q.load_query(name)
    columns, raw = corpus_store.select(item.text)
    bound_columns, bound = q.run_query(corpus_store, name)
    assert columns == bound_columns
    assert sorted(map(repr, ([r[c] for c in columns] for r in raw))) == sorted(map(repr, map(list, bound)))


# ----------------------------------------------------------------------------- real rows on the corpus
def test_reports_lists_every_report_with_its_company_year_and_stock_codes(corpus_ds, corpus_store):
    rows = {r["report"]: r for r in rows_of(corpus_store, "reports")}
    assert len(rows) == len(set(corpus_ds.subjects(RDF.type, ESG.Report))) >= 1
    for report, company in corpus_ds.subject_objects(ESG.reportingCompany):
        row = rows[report]
        assert row["company"] == company and str(row["companyName"]) == label(corpus_ds, company)
        for year in corpus_ds.objects(report, ESG.reportYear):
            assert int(row["reportYear"]) == int(year)
        for code in corpus_ds.objects(company, ESG.stockCode):
            assert str(code) in str(row["stockCodes"]).split(", ")
    years = [int(r["reportYear"]) for r in rows_of(corpus_store, "reports") if r["reportYear"] is not None]
    assert years == sorted(years)
    some_year = years[0]
    assert {r["report"] for r in rows_of(corpus_store, "reports", year=str(some_year))} == {
        rep for rep, y in corpus_ds.subject_objects(ESG.reportYear) if int(y) == some_year}


def test_reports_per_year_counts_every_report_once(corpus_ds, corpus_store):
    rows = rows_of(corpus_store, "reports-per-year")
    assert sum(int(r["reports"]) for r in rows) == len(set(corpus_ds.subjects(RDF.type, ESG.Report)))


def test_listed_companies_have_their_codes(corpus_ds, corpus_store):
    rows = {r["company"]: r for r in rows_of(corpus_store, "listed-companies")}
    listed = {c for c in reporting_companies(corpus_ds) if any(corpus_ds.objects(c, ESG.stockCode))}
    assert set(rows) == listed and listed
    for company in listed:
        assert {str(c) for c in corpus_ds.objects(company, ESG.stockCode)} == set(str(rows[company]["stockCodes"]).split(", "))


def test_certification_matrix_cells_match_the_claims_in_the_graph(corpus_ds, corpus_store):
    rows = rows_of(corpus_store, "certification-matrix")
    by_org = {(r["group"], r["org"]): r for r in rows}
    columns = {"ISO 14001": "iso14001", "ISO 45001": "iso45001", "ISO 50001": "iso50001"}
    for group in reporting_companies(corpus_ds):
        assert by_org[(group, group)]["role"] == Literal("reporting company")
        for org in group_members(corpus_ds, group):
            row = by_org[(group, org)]
            for cert in corpus_ds.objects(org, ESG.holdsCertification):
                code = str(next(corpus_ds.objects(next(corpus_ds.objects(cert, ESG.standard)), ESG.code)))
                if code in columns:
                    scope = str(next(corpus_ds.objects(cert, ESG.holderScope)))
                    assert scope in str(row[columns[code]]).split(", "), (org, code)
    for row in rows:  # and no cell claims what the graph does not hold
        for code, column in columns.items():
            if str(row[column]):
                assert code in codes_held(corpus_ds, {row["org"]})
    one = next(iter(reporting_companies(corpus_ds)))
    assert {r["org"] for r in rows_of(corpus_store, "certification-matrix", group=str(one))} == group_members(corpus_ds, one)


def test_certification_holders_of_each_standard(corpus_ds, corpus_store):
    by_code = defaultdict(set)
    for holder, cert in corpus_ds.subject_objects(ESG.holdsCertification):
        for std in corpus_ds.objects(cert, ESG.standard):
            by_code[str(next(corpus_ds.objects(std, ESG.code)))].add(holder)
    assert by_code, "the corpus graph holds no certification at all"
    for code, holders in by_code.items():
        assert {r["holder"] for r in rows_of(corpus_store, "certification-holders", standard=code)} == holders


def test_standards_overview_counts_holders(corpus_ds, corpus_store):
    for row in rows_of(corpus_store, "standards-overview"):
        holders = set(corpus_ds.subjects(ESG.holdsCertification, None)) & {
            h for h, c in corpus_ds.subject_objects(ESG.holdsCertification) if (c, ESG.standard, row["std"]) in corpus_ds}
        assert int(row["holders"]) == len(holders)


def test_standards_one_group_holds_and_the_other_does_not(corpus_ds, corpus_store):
    rows = rows_of(corpus_store, "standards-one-group-lacks")
    groups = list(reporting_companies(corpus_ds))
    for row in rows:
        assert str(row["code"]) in codes_held(corpus_ds, group_members(corpus_ds, row["a"]))
        assert str(row["code"]) not in codes_held(corpus_ds, group_members(corpus_ds, row["b"]))
    if len(groups) >= 2:
        a, b = groups[:2]
        expected = codes_held(corpus_ds, group_members(corpus_ds, a)) - codes_held(corpus_ds, group_members(corpus_ds, b))
        assert {str(r["code"]) for r in rows_of(corpus_store, "standards-one-group-lacks", a=str(a), b=str(b))} == expected


def test_carbon_targets_are_the_dated_neutrality_and_peak_targets_sorted(corpus_ds, corpus_store):
    rows = rows_of(corpus_store, "carbon-targets")
    got = {(r["holder"], r["topic"], None if r["year"] is None else int(r["year"])) for r in rows}
    for holder, target in corpus_ds.subject_objects(ESG.hasTarget):
        topic = next(corpus_ds.objects(target, ESG.topic))
        if topic in (ESG.CarbonNeutrality, ESG.CarbonPeak):
            year = next((int(y) for y in corpus_ds.objects(target, ESG.targetYear)), None)
            assert (holder, topic, year) in got
    assert all(t in (ESG.CarbonNeutrality, ESG.CarbonPeak) for _, t, _ in got)
    years = [int(r["year"]) for r in rows if r["year"] is not None]
    assert years == sorted(years)
    assert all(r["year"] is None for r in rows[len(years):])  # undated ones last
    assert {r["topic"] for r in rows_of(corpus_store, "carbon-targets", topic="esg:CarbonPeak")} <= {ESG.CarbonPeak}


def test_targets_due_by_a_year(corpus_ds, corpus_store):
    years = sorted({int(y) for y in corpus_ds.objects(None, ESG.targetYear)})
    assert years, "the corpus graph holds no dated target"
    cut = years[len(years) // 2]
    rows = rows_of(corpus_store, "targets-due-by", year=str(cut))
    assert {r["target"] for r in rows} == {t for t, y in corpus_ds.subject_objects(ESG.targetYear) if int(y) <= cut}
    assert [int(r["targetYear"]) for r in rows] == sorted(int(r["targetYear"]) for r in rows)


def test_subsidiaries_without_certification(corpus_ds, corpus_store):
    rows = rows_of(corpus_store, "subsidiaries-without-certification")
    expected = {(p, s) for s, p in corpus_ds.subject_objects(ESG.subsidiaryOf) if not any(corpus_ds.objects(s, ESG.holdsCertification))}
    assert {(r["parent"], r["subsidiary"]) for r in rows} == expected


def test_group_structure_lists_each_subsidiary_of_a_reporting_company(corpus_ds, corpus_store):
    rows = {(r["group"], r["member"], r["parent"]) for r in rows_of(corpus_store, "group-structure")}
    for group in reporting_companies(corpus_ds):
        for child in corpus_ds.subjects(ESG.subsidiaryOf, group):
            assert (group, child, group) in rows


def test_facilities_by_country_with_operator(corpus_ds, corpus_store):
    countries = sorted({str(c) for c in corpus_ds.objects(None, ESG.country)})
    assert countries, "the corpus graph holds no facility with a country"
    country = countries[0]
    rows = rows_of(corpus_store, "facilities-by-location", country=country.upper())  # any case
    assert {r["facility"] for r in rows} == {f for f, c in corpus_ds.subject_objects(ESG.country) if str(c) == country}
    for r in rows:
        assert (r["operator"], ESG.operatesFacility, r["facility"]) in corpus_ds
    everything = rows_of(corpus_store, "facilities-by-location")
    assert {r["facility"] for r in everything} == set(corpus_ds.objects(None, ESG.operatesFacility))


def test_coverage_claims_carry_the_counts_and_shares(corpus_ds, corpus_store):
    wide = {"all_subsidiaries", "major_subsidiaries", "some_subsidiaries", "count_of_subsidiaries", "share_of_subsidiaries"}
    rows = rows_of(corpus_store, "coverage-claims")
    assert {r["cert"] for r in rows} == {c for c, s in corpus_ds.subject_objects(ESG.holderScope) if str(s) in wide}
    for r in rows:
        assert next((int(n) for n in corpus_ds.objects(r["cert"], ESG.holderCount)), None) == (None if r["count"] is None else int(r["count"]))


def test_evidence_of_a_fact_is_its_sentence_report_and_page(corpus_ds, corpus_store):
    facts = sorted(set(corpus_ds.subjects(ESG.evidence, None)))
    assert facts
    for fact in facts[:: max(1, len(facts) // 10)]:
        rows = rows_of(corpus_store, "evidence", fact=str(fact))
        assert rows and all(r["fact"] == fact for r in rows)
        assert {r["sentence"] for r in rows} == set(corpus_ds.objects(fact, ESG.evidence))
        report = next(corpus_ds.objects(fact, PROV.wasDerivedFrom))
        assert {r["file"] for r in rows} == set(corpus_ds.objects(report, ESG.sourceFile))
    holder_rows = rows_of(corpus_store, "evidence", holder=label(corpus_ds, next(iter(reporting_companies(corpus_ds)))).upper())
    assert holder_rows


# ----------------------------------------------------------------------------- cross-document queries
def test_shared_supplier_is_found_across_two_groups(two_groups_store):
    rows = rows_of(two_groups_store, "shared-partners")
    assert [(str(r["partnerName"]), r["relation"], int(r["groups"])) for r in rows] == [("Gamma Smelting Co., Ltd.", ESG.hasSupplier, 2)]
    assert rows_of(two_groups_store, "shared-partners", relation="esg:hasCustomer") == []
    assert rows_of(two_groups_store, "shared-partners", min_groups="3") == []


def test_organisations_named_in_several_reports_use_the_named_graphs(two_groups_store):
    rows = {str(r["name"]): r for r in rows_of(two_groups_store, "organisations-in-several-reports")}
    assert set(rows) == {"Gamma Smelting Co., Ltd.", "Clean Metals Alliance"}
    assert set(str(rows["Clean Metals Alliance"]["files"]).split(" | ")) == {"alpha_2023.txt", "beta_2024.txt"}


def test_memberships_and_group_differences_on_two_groups(two_groups_store):
    rows = rows_of(two_groups_store, "memberships")
    assert [(str(r["initiativeName"]), int(r["members"])) for r in rows] == [("Clean Metals Alliance", 2)]
    lacks = {(str(r["aName"]), str(r["code"]), str(r["bName"])) for r in rows_of(two_groups_store, "standards-one-group-lacks")}
    assert lacks == {("Alpha Castings Co., Ltd.", "ISO 14001", "Beta Alloys Limited"), ("Alpha Castings Co., Ltd.", "ISO 50001", "Beta Alloys Limited"),
                     ("Beta Alloys Limited", "ISO 45001", "Alpha Castings Co., Ltd.")}
    claims = rows_of(two_groups_store, "coverage-claims", standard="50001")
    assert [(str(r["name"]), int(r["count"])) for r in claims] == [("Alpha Castings Co., Ltd.", 9)]


# ----------------------------------------------------------------------------- parameters are terms, never text
@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_string_values_only_ever_match_as_text(two_groups_store, value):
    assert rows_of(two_groups_store, "certification-holders", standard=value) == []
    assert rows_of(two_groups_store, "facilities-by-location", country=value) == []
    assert rows_of(two_groups_store, "evidence", holder=value) == []
    text = q.sparql("evidence", {"holder": value})
    original = q.load_query("evidence").text
    head = original[: original.index("VALUES (")]
    tail = original[original.index("}", original.index("VALUES (")) + 1:]
    assert text.startswith(head) and text.endswith(tail)  # nothing outside the VALUES block changed


def test_a_string_value_with_quotes_matches_the_same_text_in_the_graph(two_groups_store):
    """A value with quotes, braces and a newline is data: it finds the literal that holds exactly it."""
    from rdflib import Graph

    tricky = 'ISO "50001" } ;\nx'
    store = Store()
    g = Graph(identifier=URIRef("https://w3id.org/esgkg/id/report/t"))
    std, cert, org = URIRef("https://w3id.org/esgkg/id/std/t"), URIRef("https://w3id.org/esgkg/id/cert/t"), URIRef("https://w3id.org/esgkg/id/org/t")
    for triple in [(std, ESG.code, Literal(tricky)), (cert, ESG.standard, std), (org, ESG.holdsCertification, cert)]:
        g.add(triple)
    store.replace_graph(g)
    assert [r["holder"] for r in rows_of(store, "certification-holders", standard=tricky)] == [org]


@pytest.mark.parametrize("value", ["x> } ;", "http://a b", 'http://a"', "not an iri", "http://a}\n{", "<http://a>>"])
def test_hostile_iri_values_are_a_one_line_error(value):
    with pytest.raises(q.QueryError) as err:
        q.sparql("certification-matrix", {"group": value})
    assert "\n" not in str(err.value) and "group" in str(err.value)


def test_bad_parameters_are_one_line_errors():
    for params, needle in [({"year": "soon"}, "year"), ({"year": "20300"}, "year"), ({"nope": "1"}, "no parameter 'nope'")]:
        with pytest.raises(q.QueryError, match=needle):
            q.sparql("targets-due-by", params)
    with pytest.raises(q.QueryError, match="no query"):
        q.load_query("no-such-query")
    with pytest.raises(q.QueryError):
        q.load_query("../pyproject")


def test_prefixed_iris_expand():
    assert "<https://w3id.org/esgkg/ontology#CarbonPeak>" in q.sparql("carbon-targets", {"topic": "esg:CarbonPeak"})


# ----------------------------------------------------------------------------- formats and the command
def test_csv_and_json_are_the_sparql_results_formats(two_groups_store):
    columns, rows = q.run_query(two_groups_store, "reports")
    table = list(csv.reader(io.StringIO(q.format_csv(columns, rows))))
    assert table[0] == columns and len(table) == len(rows) + 1
    doc = json.loads(q.format_json(columns, rows))
    assert doc["head"]["vars"] == columns and len(doc["results"]["bindings"]) == len(rows)
    years = {b["reportYear"]["value"] for b in doc["results"]["bindings"]}
    assert years == {"2023", "2024"}
    text = q.format_table(columns, rows)
    assert "id:report/alpha_2023" in text and f"{len(rows)} row(s)" in text


def test_cli_lists_and_runs_queries(tmp_path, capsys):
    from esgkg.cli import main
    from esgkg.graph import to_dataset

    assert main(["query", "--list"]) == 0
    listing = capsys.readouterr().out
    assert all(name in listing for name in ALL)
    store = Store(tmp_path / "store")
    facts = ReportFacts(Path("delta_2022.txt"), ReportingCompany("Delta Metals Co., Ltd.", listings=[StockListing("688001")]), 2022)
    store.add_dataset(to_dataset([facts]))
    store.flush()
    del store
    assert main(["query", "listed-companies", "--store", str(tmp_path / "store"), "--format", "csv", "--param", "code=688"]) == 0
    out = capsys.readouterr().out
    assert "Delta Metals Co., Ltd." in out and "688001" in out
    assert main(["query", "targets-due-by", "--store", str(tmp_path / "store"), "--param", "year=next"]) == 2
    assert "year" in capsys.readouterr().err


def test_tables_keep_iris_whole_and_literals_plain_on_a_narrow_width():
    from rdflib import Literal as L

    long_iri = URIRef("https://w3id.org/esgkg/id/cert/some_report_2024/a-rather-long-subsidiary-name-limited/iso-14001")
    rows = [(long_iri, L(2028), L("Harbor Fern Dairy Co., Ltd. and a long label that may wrap"))]
    for wide in (False, True):
        text = q.format_table(["fact", "year", "label"], rows, width=60, wide=wide)
        assert "id:cert/some_report_2024/a-rather-long-subsidiary-name-limited/iso-14001" in text and "…" not in text
        assert "2028" in text and "^^" not in text
    assert len(q.format_table(["fact", "year", "label"], rows, width=60, wide=True, count=False).splitlines()) == 5


def test_results_convert_to_a_dataframe(two_groups_store):
    pd = pytest.importorskip("pandas")
    results = q.run_query(two_groups_store, "reports")
    columns, rows = results  # still unpacks as before
    frame = results.to_pandas()
    assert isinstance(frame, pd.DataFrame) and list(frame.columns) == columns and len(frame) == len(rows)
    assert frame["reportYear"].dtype == "Int64" and sorted(frame["reportYear"]) == [2023, 2024]
    assert "id:report/alpha_2023" in set(frame["report"])
    assert "https://w3id.org/esgkg/id/report/alpha_2023" in set(results.to_df(iris="full")["report"])
    picked = q.select(two_groups_store, "SELECT ?r WHERE { ?r a esg:Report } ORDER BY ?r").to_pandas()
    assert list(picked["r"]) == sorted(frame["report"])


def test_a_dataframe_without_pandas_says_what_to_install(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        q.Results(["x"], [(Literal(1),)]).to_pandas()


# ----------------------------------------------------------------------------- rewrites for speed keep their rows (issue 22)
BASELINES = Path(__file__).parent / "query_baselines"


@pytest.mark.parametrize("name", sorted(p.stem for p in BASELINES.glob("*.rq")))
@pytest.mark.parametrize("store_name", ["corpus_store", "two_groups_store"])
def test_a_query_rewritten_for_speed_returns_the_rows_it_returned_before(request, store_name, name):
    """tests/query_baselines/ holds each library query as it was before its rewrite for speed (issue 22);
    the rewrite must return the same rows (as a multiset), unbound and, for two-group queries, for every pair."""
    store = request.getfixturevalue(store_name)
    before = q._load(BASELINES / f"{name}.rq")
    runs: list[dict | None] = [None]
    if name == "standards-one-group-lacks":
        companies = sorted({str(r["c"]) for r in store.select("PREFIX esg: <https://w3id.org/esgkg/ontology#> "
                                                             "SELECT DISTINCT ?c WHERE { ?r esg:reportingCompany ?c }")[1]})
        runs += [{"a": a, "b": b} for a in companies[:4] for b in companies[:4] if a != b]
    for params in runs:
        old = sorted(map(repr, map(list, q.run_query(store, before, params).rows)))
        new = sorted(map(repr, map(list, q.run_query(store, name, params).rows)))
        assert new == old, (name, params)


# ----------------------------------------------------------------------------- pages (issue 22)
@pytest.mark.parametrize("name", ALL)
def test_a_querys_pages_together_are_its_full_answer(corpus_store, name):
    """Issue 22: ``limit``/``offset`` pages of every library query, concatenated, hold each row of the full
    answer once; an aggregating query without ``# page-by:`` has pages that are slices of its ordered answer,
    another's pages are each in the query's order; a ``# page-by:`` query's page holds at most ``limit`` keys
    and each key's rows are on one page."""
    query = q.load_query(name)
    full = q.run_query(corpus_store, name).rows
    size = max(1, len(full) // 3)
    pages, offset = [], 0
    while offset is not None:
        page = q.run_page(corpus_store, name, limit=size, offset=offset)
        pages.append(page.results.rows)
        offset = page.next_offset
        assert len(pages) < len(full) + 3
    columns = q.run_query(corpus_store, name, limit=1).columns
    assert all(q.run_query(corpus_store, name, limit=size, offset=o).rows == p for o, p in zip(range(0, 10**6, size), pages))
    if query.page_by:
        keyed = [columns.index(k) for k in query.page_by]
        keys = [{tuple(row[c] for c in keyed) for row in page} for page in pages]
        assert all(len(k) <= size for k in keys)
        assert sum(map(len, keys)) == len(set().union(*keys))  # no key on two pages
    else:
        assert all(len(p) == size for p in pages[:-1]) and len(pages[-1]) <= size
    joined = [row for page in pages for row in page]

    def unordered(row):  # GROUP_CONCAT's order is the engine's (SPARQL leaves it open): a page may list the
        # same values in another order than the full answer (e.g. "Shenzhen ..., Hong Kong ..." in listed-companies)
        return repr([", ".join(sorted(re.split(r", | \| ", str(v)))) if isinstance(v, Literal) else v for v in row])

    assert sorted(map(unordered, joined)) == sorted(map(unordered, full))
    if q._GROUP_BY.search(query.text) and not query.page_by:
        assert joined == full
    else:
        text = query.text
        ordered = [columns.index(v) for v in re.findall(r"[?](\w+)", text[text.rindex("ORDER BY"):]) if v in columns]
        first: dict[str, int] = {}  # each sort key's first place in the full answer (ties may come in any order)
        for i, row in enumerate(full):
            first.setdefault(repr([row[c] for c in ordered]), i)
        for page in pages:  # within a page, the query's own order
            places = [first[repr([row[c] for c in ordered])] for row in page]
            assert places == sorted(places)


def test_a_page_by_key_aggregates_only_its_keys():
    """Issue 22: a ``# page-by:`` query's page first picks its keys lazily (no OPTIONAL, no aggregate, no
    ORDER BY: the engine stops at the page), then aggregates only those keys' groups."""
    matrix = q.load_query("certification-matrix")
    assert matrix.page_by == ("group", "org")
    keys = q.key_query(q.sparql(matrix), matrix.page_by, 10, 20)
    assert "SELECT DISTINCT ?group ?org WHERE" in keys and keys.rstrip().endswith("LIMIT 10 OFFSET 20")
    assert not re.search(r"OPTIONAL|ORDER BY|GROUP BY|GROUP_CONCAT", keys)
    assert "?org esg:subsidiaryOf* ?group" in keys
    acme, beta = URIRef("https://w3id.org/esgkg/id/org/acme"), URIRef("https://w3id.org/esgkg/id/org/beta")
    text = q.with_keys(q.sparql(matrix), matrix.page_by, [(acme, beta), (acme, None)])
    assert "VALUES (?group ?org) { (<https://w3id.org/esgkg/id/org/acme> <https://w3id.org/esgkg/id/org/beta>) " \
           "(<https://w3id.org/esgkg/id/org/acme> UNDEF) }" in text
    assert text.index("VALUES (?group ?org)") < text.index("?report esg:reportingCompany ?group")
    # and inside each OPTIONAL that names a key, so the engine's table for it holds only the page's keys
    assert "OPTIONAL { VALUES (?group) { (<https://w3id.org/esgkg/id/org/acme>) }  ?group rdfs:label ?groupLabel }" in text
    assert "OPTIONAL { VALUES (?org) { (<https://w3id.org/esgkg/id/org/beta>) (UNDEF) }  ?org rdfs:label ?orgLabel }" in text
    assert "GROUP BY ?group ?org ?role" in text and "LIMIT" not in text
    aggregating = [n for n in ALL if q._GROUP_BY.search(q.load_query(n).text)]
    assert {n for n in aggregating if not q.load_query(n).page_by} == {"reports-per-year", "standards-overview"}


def test_a_page_by_line_must_name_grouped_variables(tmp_path, monkeypatch):
    path = tmp_path / "bad.rq"
    path.write_text("# title: t\n# question: q\n# page-by: ?x\nSELECT ?y (COUNT(*) AS ?n) WHERE { ?y ?p ?o } GROUP BY ?y\n")
    with pytest.raises(q.QueryError, match="page-by"):
        q._load(path)


def test_an_unordered_page_stops_early_and_keeps_the_query_order():
    text = q.paged(q.sparql("targets-due-by"), 10, 20)
    inner, _, outer = text.partition("LIMIT 10 OFFSET 20")
    assert "ORDER BY" not in inner and outer.strip().startswith("} }\nORDER BY ?targetYear ?name ?topic ?target")
    assert text.count("SELECT DISTINCT ?targetYear") == 1 and "SELECT ?targetYear ?holder ?name" in text
    grouped = q.paged(q.sparql("group-structure"), 5)
    assert grouped.rstrip().endswith("ORDER BY ?groupName ?parentName ?memberName\nLIMIT 5")
    with pytest.raises(q.QueryError, match="0 or more"):
        q.paged(q.sparql("reports"), -1)


def test_cli_shows_a_page_and_says_how_to_get_the_next(corpus_store, tmp_path, capsys):
    from esgkg.cli import DEFAULT_QUERY_PAGE, main

    assert DEFAULT_QUERY_PAGE == q.DEFAULT_PAGE
    path = tmp_path / "store"
    copy = Store(path)
    copy.oxigraph.bulk_extend(corpus_store.oxigraph)
    copy.flush()
    del copy
    full = q.run_query(corpus_store, "facilities-by-location").rows
    assert len(full) > 4
    assert main(["query", "facilities-by-location", "--store", str(path), "--format", "csv", "--limit", "0"]) == 0
    assert len(capsys.readouterr().out.strip().splitlines()) == len(full) + 1
    got = []
    for offset in range(0, len(full), 4):
        assert main(["query", "facilities-by-location", "--store", str(path), "--format", "csv", "--limit", "4",
                     "--offset", str(offset)]) == 0
        out, err = capsys.readouterr()
        got += out.strip().splitlines()[1:]
        assert ("next page is --offset" in err) == (offset + 4 <= len(full))
    assert len(got) == len(full)
    assert main(["query", "reports", "--store", str(path), "--limit", "-1"]) == 2
    assert "0 or more" in capsys.readouterr().err
    assert main(["query", "reports", "--store", str(path), "--limit", "0", "--offset", "3"]) == 2
    assert "--offset needs a page" in capsys.readouterr().err
