"""SHACL validation: shapes, the result rows an analyst reads, the CLI.

The conforming graph below is written for these tests (a fictional company, not corpus text): it
satisfies every structural *and* completeness shape.  Each parametrised case then breaks it in one
way and asserts that exactly the expected shape reports exactly the expected focus node.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from esgkg.cli import main
from esgkg.store import Store
from esgkg.validate import (
    ESGSH,
    SH,
    ValidationInputError,
    shapes_graph,
    validate_file,
    validate_graph,
    validate_report,
    validate_store,
)
from esgkg.vocab import ESG, ontology_graph

ID = Namespace("https://w3id.org/esgkg/id/")
STD = Namespace("https://w3id.org/esgkg/id/std/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")  # a plain Namespace: pytest trips over the closed rdflib one
REPORT = ID["report/acme-2024"]
ACME, SOLAR, ORE, BUYER, CLUB = (ID[f"org/{n}"] for n in ("acme", "acme-solar", "ore-supply", "big-buyer", "green-club"))
CERT1, CERT2, CERT3, CERT4 = (ID[f"cert/acme-2024/{n}"] for n in ("acme--iso-14001", "acme--iso-45001", "acme--iso-50001", "acme-solar--iso-9001"))
T1, T2 = ID["target/acme-2024/t1"], ID["target/acme-2024/t2"]
FAC = ID["facility/acme/riverside-plant"]

CONFORMING = """
@prefix esg:  <https://w3id.org/esgkg/ontology#> .
@prefix rep:  <https://w3id.org/esgkg/id/report/> .
@prefix org:  <https://w3id.org/esgkg/id/org/> .
@prefix cert: <https://w3id.org/esgkg/id/cert/acme-2024/> .
@prefix tgt:  <https://w3id.org/esgkg/id/target/acme-2024/> .
@prefix fac:  <https://w3id.org/esgkg/id/facility/acme/> .
@prefix std:  <https://w3id.org/esgkg/id/std/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .

rep:acme-2024 a esg:Report , prov:Entity ;
    rdfs:label "Acme Widgets 2024 report" ;
    esg:sourceFile "acme-2024.txt" ;
    esg:reportYear 2024 ;
    esg:reportingFramework "GRI Standards" ;
    esg:reportingCompany org:acme .

org:acme a esg:Organization , esg:Company ;
    rdfs:label "Acme Widgets Co., Ltd." ;
    skos:altLabel "Acme" ;
    esg:stockCode "123456" ;
    esg:listedOn "Example Stock Exchange" ;
    esg:hasSubsidiary org:acme-solar ;
    esg:hasSupplier org:ore-supply ;
    esg:hasCustomer org:big-buyer ;
    esg:memberOf org:green-club ;
    esg:holdsCertification cert:acme--iso-14001 , cert:acme--iso-45001 , cert:acme--iso-50001 ;
    esg:hasTarget tgt:t1 , tgt:t2 ;
    esg:operatesFacility fac:riverside-plant .

org:acme-solar a esg:Organization , esg:Company , esg:Subsidiary ;
    rdfs:label "Acme Solar Ltd." ;
    esg:subsidiaryOf org:acme ;
    esg:subsidiaryRelation "subsidiary" ;
    esg:holdsCertification cert:acme-solar--iso-9001 .

org:ore-supply a esg:Organization , esg:Supplier ; rdfs:label "Ore Supply Inc." .
org:big-buyer a esg:Organization , esg:Customer ; rdfs:label "Big Buyer Motors" .
org:green-club a esg:Organization ; rdfs:label "Green Factories Club" .

std:iso-14001 a esg:Standard , skos:Concept ; esg:code "ISO 14001" ; rdfs:label "ISO 14001" .
std:iso-45001 a esg:Standard , skos:Concept ; esg:code "ISO 45001" ; rdfs:label "ISO 45001" .
std:iso-50001 a esg:Standard , skos:Concept ; esg:code "ISO 50001" ; rdfs:label "ISO 50001" .
std:iso-9001  a esg:Standard , skos:Concept ; esg:code "ISO 9001" ;  rdfs:label "ISO 9001" .

cert:acme--iso-14001 a esg:Certification ;
    rdfs:label "Acme Widgets Co., Ltd.: ISO 14001" ;
    esg:standard std:iso-14001 ; esg:holder org:acme ;
    esg:holderScope "group" ; esg:status "held" ; esg:certificationYear 2021 ;
    prov:wasDerivedFrom rep:acme-2024 ;
    esg:evidence "The group holds ISO 14001 certification." ; esg:page 3 ; esg:charStart 100 ; esg:charEnd 141 .

cert:acme--iso-45001 a esg:Certification ;
    rdfs:label "Acme Widgets Co., Ltd.: ISO 45001" ;
    esg:standard std:iso-45001 ; esg:holder org:acme ;
    esg:holderScope "count_of_subsidiaries" ; esg:holderCount 2 ; esg:status "renewed" ;
    prov:wasDerivedFrom rep:acme-2024 ;
    esg:evidence "Two subsidiaries renewed ISO 45001." ; esg:charStart 200 ; esg:charEnd 235 .

cert:acme--iso-50001 a esg:Certification ;
    rdfs:label "Acme Widgets Co., Ltd.: ISO 50001" ;
    esg:standard std:iso-50001 ; esg:holder org:acme ;
    esg:holderScope "share_of_subsidiaries" ; esg:holderSharePercent 100.0 ; esg:status "held" ;
    esg:certifier "Example Certification Body" ;
    prov:wasDerivedFrom rep:acme-2024 ;
    esg:evidence "All subsidiaries are ISO 50001 certified." ; esg:charStart 300 ; esg:charEnd 341 .

cert:acme-solar--iso-9001 a esg:Certification ;
    rdfs:label "Acme Solar Ltd.: ISO 9001" ;
    esg:standard std:iso-9001 ; esg:holder org:acme-solar ;
    esg:holderScope "named" ; esg:status "obtained_this_year" ;
    prov:wasDerivedFrom rep:acme-2024 ;
    esg:evidence "Acme Solar obtained ISO 9001 this year." ; esg:charStart 400 ; esg:charEnd 439 .

tgt:t1 a esg:Target ;
    rdfs:label "Acme Widgets Co., Ltd.: CarbonNeutrality by 2050" ;
    esg:topic esg:CarbonNeutrality ; esg:targetYear 2050 ; esg:direction "achieve" ;
    prov:wasDerivedFrom rep:acme-2024 ;
    esg:evidence "We will be carbon neutral by 2050." ; esg:charStart 500 ; esg:charEnd 534 .

tgt:t2 a esg:Target ;
    rdfs:label "Acme Widgets Co., Ltd.: EnergyIntensity by 2030" ;
    esg:topic esg:EnergyIntensity ; esg:targetYear 2030 ; esg:baselineYear 2020 ;
    esg:targetValue 15.5 ; esg:unit "%" ; esg:direction "reduce" ; esg:scope "per unit of product" ;
    prov:wasDerivedFrom rep:acme-2024 ;
    esg:evidence "Energy intensity falls 15.5% by 2030 from 2020." ; esg:charStart 600 ; esg:charEnd 647 .

fac:riverside-plant a esg:Facility ;
    rdfs:label "Riverside Plant" ;
    esg:facilityType "plant" ; esg:location "Springfield" ; esg:country "Exampleland" ;
    prov:wasDerivedFrom rep:acme-2024 ;
    esg:evidence "Our Riverside Plant in Springfield makes widgets." ; esg:charStart 700 ; esg:charEnd 749 .
"""


def conforming() -> Graph:
    g = Graph(identifier=REPORT)
    g.parse(data=CONFORMING, format="turtle")
    return g


def _set(s: URIRef, p: URIRef, o) -> Callable[[Graph], None]:
    """Mutation: replace every value of ``p`` on ``s`` by ``o``."""
    return lambda g: g.set((s, p, o))


def _drop(s, p, o=None) -> Callable[[Graph], None]:
    return lambda g: g.remove((s, p, o))


def _add(s, p, o) -> Callable[[Graph], None]:
    return lambda g: g.add((s, p, o))


def _drop_node(node: URIRef) -> Callable[[Graph], None]:
    """Mutation: remove a fact node entirely (as if the report had never stated it)."""

    def mutate(g: Graph) -> None:
        g.remove((node, None, None))
        g.remove((None, None, node))

    return mutate


# shape, focus node, mutation (one graph broken on purpose per structural shape)
STRUCTURAL = [
    ("ReportCompany", REPORT, _drop(REPORT, ESG.reportingCompany)),
    ("ReportYear", REPORT, _drop(REPORT, ESG.reportYear)),
    ("ReportSourceFile", REPORT, _drop(REPORT, ESG.sourceFile)),
    ("ReportCompanyConfidence", REPORT, _add(REPORT, ESG.reportingCompanyConfidence, Literal("1.5", datatype=XSD.decimal))),
    ("OrganizationLabel", ORE, _drop(ORE, RDFS.label)),
    ("CertificationStandard", CERT2, _add(CERT2, ESG.standard, STD["iso-14001"])),
    ("StandardCode", STD["made-up-1"], lambda g: (g.set((CERT4, ESG.standard, STD["made-up-1"])), g.add((STD["made-up-1"], RDF.type, ESG.Standard)))),
    ("CertificationHolder", CERT1, _drop(CERT1, ESG.holder)),
    ("TargetTopic", T2, _drop(T2, ESG.topic)),
    ("TargetHolder", T2, _drop(ACME, ESG.hasTarget, T2)),
    ("FacilityOperator", FAC, _drop(ACME, ESG.operatesFacility, FAC)),
    ("FactDerivedFrom", T2, _drop(T2, PROV.wasDerivedFrom)),
    ("FactEvidence", FAC, _drop(FAC, ESG.evidence)),
    ("RangeReportingCompany", CLUB, _set(REPORT, ESG.reportingCompany, CLUB)),
    ("RangeHasSubsidiary", ORE, _add(ACME, ESG.hasSubsidiary, ORE)),
    ("RangeSubsidiaryOf", ORE, _add(SOLAR, ESG.subsidiaryOf, ORE)),
    ("RangeHoldsCertification", T1, _add(ACME, ESG.holdsCertification, T1)),
    ("RangeHolder", T1, _set(CERT1, ESG.holder, T1)),
    ("RangeStandard", STD["untyped"], lambda g: (g.set((CERT4, ESG.standard, STD["untyped"])), g.add((STD["untyped"], ESG.code, Literal("UNTYPED 1"))))),
    ("RangeHasTarget", FAC, _add(ACME, ESG.hasTarget, FAC)),
    ("RangeTopic", ESG.NoSuchTopic, _set(T2, ESG.topic, ESG.NoSuchTopic)),
    ("RangeOperatesFacility", ORE, _add(ACME, ESG.operatesFacility, ORE)),
    ("RangeHasSupplier", BUYER, _add(ACME, ESG.hasSupplier, BUYER)),
    ("RangeHasCustomer", ORE, _add(ACME, ESG.hasCustomer, ORE)),
    ("RangeMemberOf", FAC, _add(ACME, ESG.memberOf, FAC)),
    ("RangeDerivedFrom", ID["report/elsewhere"], _set(T2, PROV.wasDerivedFrom, ID["report/elsewhere"])),
    ("YearDatatype", T2, _set(T2, ESG.targetYear, Literal("2030"))),
    ("YearDatatype", REPORT, _set(REPORT, ESG.reportYear, Literal(20240, datatype=XSD.integer))),
    ("TargetValueDatatype", T2, _set(T2, ESG.targetValue, Literal(15.5, datatype=XSD.double))),
    ("HolderSharePercentDatatype", CERT3, _set(CERT3, ESG.holderSharePercent, Literal("150", datatype=XSD.decimal))),
    ("CountDatatype", CERT1, _set(CERT1, ESG.page, Literal("three"))),
    ("StringDatatype", FAC, _set(FAC, ESG.location, Literal("Springfield", lang="en"))),
    ("HolderScopeValue", CERT1, _set(CERT1, ESG.holderScope, Literal("everyone"))),
    ("StatusValue", CERT1, _set(CERT1, ESG.status, Literal("certified"))),
    ("DirectionValue", T2, _set(T2, ESG.direction, Literal("lower"))),
    ("FacilityTypeValue", FAC, _set(FAC, ESG.facilityType, Literal("castle"))),
    ("SubsidiaryRelationValue", SOLAR, _set(SOLAR, ESG.subsidiaryRelation, Literal("cousin"))),
]

# shape, severity, focus node, mutation (one report gap per completeness shape)
COMPLETENESS = [
    ("CompanyISO14001", "Warning", ACME, _drop_node(CERT1)),
    ("CompanyISO45001", "Warning", ACME, _drop_node(CERT2)),
    ("CompanyISO50001", "Warning", ACME, _drop_node(CERT3)),
    ("DatedClimateTarget", "Warning", ACME, _drop_node(T1)),
    ("TargetDated", "Info", T2, _drop(T2, ESG.targetYear)),
    ("TargetQuantified", "Info", T2, _drop(T2, ESG.targetValue)),
    ("SubsidiaryCertified", "Info", SOLAR, _drop_node(CERT4)),
    ("FacilityLocated", "Info", FAC, _drop(FAC, ESG.location)),
]


def _shapes_with_targets(severity: URIRef | None) -> set[str]:
    """Local names of the shipped shapes that select focus nodes, by severity (None: Violation)."""
    g = shapes_graph()
    targets = (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf, SH.targetNode)
    shapes = {s for t in targets for s in g.subjects(t, None)}
    return {str(s).rsplit("#", 1)[-1] for s in shapes if g.value(s, SH.severity) == severity}


# ----------------------------------------------------------------------------- the shapes
def test_conforming_graph_has_no_result_at_all():
    result = validate_report(conforming())
    assert result.conforms
    assert result.results == []
    assert result.reports == [REPORT]
    assert result.companies == {REPORT: "Acme Widgets Co., Ltd."}


def test_every_shape_is_broken_on_purpose_by_a_case():
    assert {name for name, *_ in STRUCTURAL} == _shapes_with_targets(None)
    assert {name for name, *_ in COMPLETENESS} == _shapes_with_targets(SH.Warning) | _shapes_with_targets(SH.Info)


@pytest.mark.parametrize(("shape", "focus", "mutate"), STRUCTURAL, ids=[f"{c[0]}-{i}" for i, c in enumerate(STRUCTURAL)])
def test_each_structural_shape_catches_its_defect(shape, focus, mutate):
    g = conforming()
    mutate(g)
    result = validate_report(g)
    violations = [(str(r.shape), r.focus) for r in result.results if r.severity == "Violation"]
    assert violations == [(str(ESGSH[shape]), focus)]
    assert not result.conforms


@pytest.mark.parametrize(("shape", "severity", "focus", "mutate"), COMPLETENESS, ids=[c[0] for c in COMPLETENESS])
def test_each_completeness_shape_flags_its_gap_with_labels(shape, severity, focus, mutate):
    g = conforming()
    mutate(g)
    result = validate_report(g)
    assert [(str(r.shape), r.severity, r.focus) for r in result.results] == [(str(ESGSH[shape]), severity, focus)]
    issue = result.results[0]
    assert result.conforms  # warnings and infos never make a graph invalid
    assert issue.company_label == "Acme Widgets Co., Ltd."
    assert issue.focus_label == str(g.value(focus, RDFS.label))
    assert issue.shape_label == str(shapes_graph().value(ESGSH[shape], RDFS.label))
    assert issue.message


def test_claims_of_subsidiaries_and_facilities_count_for_the_company():
    g = conforming()
    g.set((CERT1, ESG.holder, SOLAR))  # the subsidiary holds ISO 14001 ...
    g.remove((ACME, ESG.holdsCertification, CERT1))
    g.add((SOLAR, ESG.holdsCertification, CERT1))
    g.set((CERT2, ESG.holder, FAC))  # ... and the company's plant holds ISO 45001
    g.remove((ACME, ESG.holdsCertification, CERT2))
    g.add((FAC, ESG.holdsCertification, CERT2))
    assert validate_report(g).results == []


def test_an_undated_climate_target_does_not_count():
    g = conforming()
    g.remove((T1, ESG.targetYear, None))
    shapes = sorted(str(r.shape).rsplit("#", 1)[-1] for r in validate_report(g).results)
    assert shapes == ["DatedClimateTarget", "TargetDated"]


def test_shapes_follow_the_ontology_ranges():
    """A range shape's class is the ontology's rdfs:range of its property (or a member of the union)."""
    ont, shapes = ontology_graph(), shapes_graph()
    checked = 0
    for shape, prop in shapes.subject_objects(SH.targetObjectsOf):
        classes = set(shapes.objects(shape, SH["class"]))
        for alternative in shapes.objects(shape, SH["or"]):
            classes |= {shapes.value(member, SH["class"]) for member in shapes.items(alternative)}
        if not classes:
            continue
        rng = ont.value(prop, RDFS.range)
        union = set(ont.items(ont.value(rng, URIRef("http://www.w3.org/2002/07/owl#unionOf")))) if rng is not None else set()
        expected = union or {rng}
        if prop == PROV.wasDerivedFrom:  # PROV-O's own property; the vocabulary says: the Report(s)
            expected = {ESG.Report}
        assert classes == expected, f"{shape} checks {classes} but the ontology's range of {prop} is {expected}"
        checked += 1
    assert checked >= 12


def test_every_property_the_graphs_use_is_checked(corpus_build, example_build):
    """Each esg:/prov: property of the built graphs is covered by a shape (presence, class or datatype)."""
    shapes = shapes_graph()
    covered = {o for p in (SH.targetObjectsOf, SH.targetSubjectsOf) for o in shapes.objects(None, p)}
    covered |= {o for o in shapes.objects(None, SH.path) if isinstance(o, URIRef)}
    used = {p for build in (corpus_build, example_build) for p in build.dataset.predicates()
            if str(p).startswith((str(ESG), str(PROV)))}
    unchecked = {p for p in used if p not in covered and (p, RDF.type, URIRef("http://www.w3.org/2002/07/owl#AnnotationProperty")) not in ontology_graph()}
    assert unchecked == set()


# ----------------------------------------------------------------------------- the corpus
def test_corpus_graph_is_structurally_valid(corpus_build):
    result = validate_graph(corpus_build.dataset)
    violations = [(r.shape_label, r.focus_label, r.message) for r in result.results if r.severity == "Violation"]
    assert violations == []
    assert set(result.reports) == {URIRef(g.identifier) for g in corpus_build.dataset.graphs() if len(g)}


def _sparql_focus(ds: Dataset, where: str) -> set[URIRef]:
    q = f"PREFIX esg: <{ESG}>\nSELECT DISTINCT ?x WHERE {{ {where} }}"
    return {row[0] for row in ds.query(q)}


def test_corpus_completeness_results_match_sparql_and_carry_labels(corpus_build):
    ds = corpus_build.dataset
    result = validate_graph(ds)

    def focus(shape: str) -> set:
        return {r.focus for r in result.results if r.shape == ESGSH[shape]}

    # The same gaps computed independently with SPARQL (per report graph, as validation runs).
    assert focus("TargetDated") == _sparql_focus(ds, "GRAPH ?g { ?x a esg:Target FILTER NOT EXISTS { ?x esg:targetYear ?y } }")
    assert focus("FacilityLocated") == _sparql_focus(ds, "GRAPH ?g { ?x a esg:Facility FILTER NOT EXISTS { ?x esg:location ?l } }")
    assert focus("CompanyISO14001") == _sparql_focus(ds, """GRAPH ?g { ?r esg:reportingCompany ?x
        FILTER NOT EXISTS { ?x esg:hasSubsidiary*/(esg:holdsCertification|esg:operatesFacility/esg:holdsCertification)/esg:standard
                            <https://w3id.org/esgkg/id/std/iso-14001> } }""")
    assert focus("TargetDated") and focus("FacilityLocated"), "the corpus has undated targets and unlocated facilities"

    companies = {str(o) for s, o in ds.query(f"SELECT ?r ?l WHERE {{ ?r <{ESG.reportingCompany}> ?c . ?c <{RDFS.label}> ?l }}")}
    for issue in result.results:
        assert issue.company_label in companies
        assert issue.focus_label == str(ds.value(issue.focus, RDFS.label)), issue
        assert issue.report in result.reports


def test_union_graph_attributes_results_like_the_named_graphs(corpus_build):
    """A Turtle export has no named graphs: results are still attributed to the right company."""
    from esgkg.graph import union

    per_report = validate_graph(corpus_build.dataset)
    whole = validate_graph(union(corpus_build.dataset))
    key = lambda r: (str(r.shape), str(r.focus), r.company_label)  # noqa: E731
    assert sorted(map(key, whole.results)) == sorted(map(key, per_report.results))


# ----------------------------------------------------------------------------- choosing reports, stores, inference
def _two_reports() -> tuple[Dataset, URIRef]:
    """A dataset with the conforming report and a second report (another IRI) lacking its year."""
    ds = Dataset()
    good = ds.graph(REPORT)
    good += conforming()
    other = ID["report/acme-2023"]
    bad = ds.graph(other)
    for s, p, o in conforming():
        s = other if s == REPORT else s
        o = other if o == REPORT else o
        if p != ESG.reportYear:
            bad.add((s, p, o))
    return ds, other


def test_only_the_given_reports_are_validated():
    ds, other = _two_reports()
    assert not validate_graph(ds).conforms
    good_only = validate_graph(ds, reports=[REPORT])
    assert good_only.conforms and good_only.reports == [REPORT]
    bad_only = validate_graph(ds, reports=[str(other)])
    assert [(r.shape, r.focus) for r in bad_only.results] == [(ESGSH.ReportYear, other)]
    with pytest.raises(ValidationInputError, match="no named graph for report"):
        validate_graph(ds, reports=[ID["report/missing"]])


def test_validate_store_report_by_report():
    ds, other = _two_reports()
    store = Store()
    store.add_dataset(ds)
    everything = validate_store(store)
    assert sorted(everything.reports) == sorted([REPORT, other])
    assert [(r.shape, r.report) for r in everything.results] == [(ESGSH.ReportYear, other)]
    assert validate_store(store, reports=[REPORT]).results == []
    with pytest.raises(ValidationInputError, match="no report"):
        validate_store(store, reports=[ID["report/missing"]])


def test_rdfs_inference_uses_the_ontology():
    """Without inference a company typed only by the range of esg:reportingCompany is not a Company."""
    g = conforming()
    g.remove((ACME, RDF.type, ESG.Company))
    g.remove((SOLAR, ESG.subsidiaryOf, ACME))
    plain = validate_report(g)
    assert [r.shape for r in plain.results if r.severity == "Violation"] == [ESGSH.RangeReportingCompany]
    assert validate_report(g, inference="rdfs").conforms
    with pytest.raises(ValueError, match="unknown inference"):
        validate_report(g, inference="owl-full")


def test_report_graph_is_one_shacl_report():
    g = conforming()
    g.remove((REPORT, ESG.reportYear, None))
    g.remove((FAC, ESG.location, None))
    result = validate_report(g)
    rg = result.report_graph
    (report,) = rg.subjects(RDF.type, SH.ValidationReport)
    assert rg.value(report, SH.conforms) == Literal(False)
    assert set(rg.objects(report, SH.result)) == {r.node for r in result.results}
    assert {rg.value(r.node, SH.sourceShape) for r in result.results} == {ESGSH.ReportYear, ESGSH.FacilityLocated}


# ----------------------------------------------------------------------------- files and the CLI
def _write(tmp_path: Path, g: Graph, name: str) -> Path:
    path = tmp_path / name
    g.serialize(destination=path, format="turtle" if name.endswith(".ttl") else "trig")
    return path


def test_validate_file_trig_and_turtle(tmp_path):
    ds, other = _two_reports()
    trig = tmp_path / "two.trig"
    ds.serialize(destination=trig, format="trig")
    assert [(r.shape, r.report) for r in validate_file(trig).results] == [(ESGSH.ReportYear, other)]
    assert validate_file(trig, reports=[REPORT]).conforms
    with pytest.raises(ValidationInputError, match=r"two\.trig: no named graph for report .*/missing"):
        validate_file(trig, reports=[ID["report/missing"]])
    assert validate_file(_write(tmp_path, conforming(), "good.ttl")).results == []


@pytest.mark.parametrize(("name", "content", "error"), [
    ("missing.ttl", None, "no such file"),
    ("broken.ttl", "this is not turtle .", "not a valid turtle file"),
    ("graph.xyz", "", "cannot tell the RDF format"),
])
def test_bad_input_is_one_line_naming_the_file(tmp_path, name, content, error):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(ValidationInputError) as info:
        validate_file(path)
    message = str(info.value)
    assert error in message and name in message and "\n" not in message


def test_cli_exit_codes_and_report(tmp_path, capsys, monkeypatch):
    from esgkg import cli

    monkeypatch.setattr(cli.out_console, "width", 300)  # no wrapping inside table cells
    good = _write(tmp_path, conforming(), "good.ttl")
    warned = conforming()
    warned.remove((FAC, ESG.location, None))
    warned_path = _write(tmp_path, warned, "warned.ttl")
    broken = conforming()
    broken.remove((REPORT, ESG.reportingCompany, None))
    broken_path = _write(tmp_path, broken, "broken.ttl")

    assert main(["validate", str(good)]) == 0
    assert main(["validate", str(warned_path)]) == 0  # infos / warnings alone do not fail
    out = capsys.readouterr().out
    assert "Acme Widgets Co., Ltd." in out and "Riverside Plant" in out and "facility has a location" in out

    report = tmp_path / "out" / "report.ttl"
    assert main(["validate", str(broken_path), "--report", str(report), "-v"]) == 1
    out = capsys.readouterr().out
    assert "report has one reporting company" in out and "Acme Widgets 2024 report" in out
    parsed = Graph().parse(report, format="turtle")
    (node,) = parsed.subjects(RDF.type, SH.ValidationReport)
    assert parsed.value(node, SH.conforms) == Literal(False)
    assert {parsed.value(r, SH.sourceShape) for r in parsed.objects(node, SH.result)} == {ESGSH.ReportCompany}

    assert main(["validate", str(tmp_path / "nope.trig")]) == 2
    assert "nope.trig: no such file" in capsys.readouterr().err


def test_cli_validates_a_store(tmp_path, capsys):
    ds, other = _two_reports()
    store = Store(tmp_path / "store")
    store.add_dataset(ds)
    store.flush()
    del store
    assert main(["validate", "--store", str(tmp_path / "store"), "-q"]) == 1
    assert main(["validate", "--store", str(tmp_path / "store"), "--only", str(REPORT), "-q"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["validate", "--store", str(tmp_path / "empty")]) == 2
    assert "no store here" in capsys.readouterr().err
