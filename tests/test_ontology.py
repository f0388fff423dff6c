"""Tests of the esgkg ontology (ontology/esg.ttl).

1. Every ``esg:`` term of the public vocabulary (shared/spec/vocabulary.md) is declared, with
   rdfs:label and rdfs:comment.
2. The SKOS schemes of standards and target topics are well formed (codes, slugs, labels that the
   extractor reads are unambiguous).
3. The ontology is consistent under HermiT (via owlready2), alone and together with a data graph;
   a deliberately inconsistent graph is reported as such, so the check can fail.

``reason_consistent(graph)`` is a helper for other tests: it reasons over the ontology plus any data
graph and returns a list of problems (empty = consistent, no unsatisfiable class).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

REPO_ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_PATH = REPO_ROOT / "ontology" / "esg.ttl"

ESG = Namespace("https://w3id.org/esgkg/ontology#")
STD = Namespace("https://w3id.org/esgkg/id/std/")
ID = Namespace("https://w3id.org/esgkg/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
# (not rdflib.namespace.XSD at module level: pytest's collection probes it and it warns)
XSD_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")

ON_CI = os.environ.get("CI") == "true"

# The normalised standard codes of the gold annotation schema (shared/eval/gold/README.md).
GOLD_STANDARD_CODES = [
    "ISO 14001", "ISO 45001", "ISO 50001", "ISO 9001", "IATF 16949", "ISO 14064", "ISO 14067",
    "ISO/IEC 17025", "ISO/IEC 27001", "SA8000", "QC 080000", "GB/T 29490", "OHSAS 18001",
    "ASI Performance Standard", "RBA VAP", "RMI RMAP",
]

# Target topic individuals and their snake_case keys (skos:notation).
TOPIC_NOTATIONS = {
    "CarbonNeutrality": "carbon_neutrality", "CarbonPeak": "carbon_peak",
    "GHGEmissions": "ghg_emissions", "GHGIntensity": "ghg_intensity", "Energy": "energy",
    "EnergyIntensity": "energy_intensity", "RenewableEnergy": "renewable_energy", "Water": "water",
    "Waste": "waste", "AirPollutants": "air_pollutants", "Safety": "safety",
    "Diversity": "diversity", "Training": "training", "SupplyChain": "supply_chain",
    "Product": "product", "OtherTopic": "other",
}

DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------

def shared_dir() -> Path:
    """The shared folder (spec, gold data): $ESGKG_SHARED, else ``shared`` beside the repo root."""
    env = os.environ.get("ESGKG_SHARED")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "shared"


def require_shared_file(relative: str) -> Path:
    path = shared_dir() / relative
    if not path.is_file():
        reason = f"{path} not found (set ESGKG_SHARED to the shared folder)"
        if ON_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def require_java() -> None:
    """HermiT runs on Java: fail on CI, skip (with the reason) elsewhere, never silently."""
    if shutil.which("java") is None:
        if ON_CI:
            pytest.fail("HermiT needs Java, but `java` is not on PATH: apt-get install default-jre-headless")
        pytest.skip("HermiT needs Java: apt-get install default-jre-headless")


def standard_slug(code: str) -> str:
    """ISO/IEC 17025 -> iso-iec-17025 (lower case, every run of non-alphanumerics -> '-')."""
    return re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-")


_ONTOLOGY_CACHE: rdflib.Graph | None = None


def ontology_graph() -> rdflib.Graph:
    """The parsed ontology (parsed once; callers must not modify it)."""
    global _ONTOLOGY_CACHE
    if _ONTOLOGY_CACHE is None:
        _ONTOLOGY_CACHE = rdflib.Graph().parse(ONTOLOGY_PATH, format="turtle")
    return _ONTOLOGY_CACHE


def _triples_of(graph: rdflib.Graph):
    # A Dataset / ConjunctiveGraph (e.g. a TriG export): take the triples of all its graphs.
    if isinstance(graph, rdflib.ConjunctiveGraph):
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph


def reason_consistent(graph: rdflib.Graph | None = None, *,
                      ignore_unsupported_datatypes: bool = True) -> list[str]:
    """Reason with HermiT over ontology/esg.ttl plus ``graph``; return the problems found.

    An empty list means: consistent, and no class is inferred equivalent to owl:Nothing.
    Otherwise the list holds "inconsistent ontology: ..." or "unsatisfiable class: <iri>" strings.
    ``graph`` may be a Graph or a Dataset / ConjunctiveGraph (all its named graphs are used).
    The union is serialised to RDF/XML and loaded into a fresh owlready2 World, so nothing leaks
    between calls. Needs ``java`` on PATH (see require_java); Java / HermiT failures other than
    inconsistency are raised (owlready2.OwlReadyJavaError), not reported as problems.

    ``ignore_unsupported_datatypes`` (default True) lets HermiT accept literals whose datatype is
    outside the OWL 2 datatype map, notably xsd:gYear, which the vocabulary allows for years;
    otherwise HermiT aborts on them (UnsupportedDatatypeException).
    """
    import owlready2

    union = rdflib.Graph()
    for triple in _triples_of(ontology_graph()):
        union.add(triple)
    if graph is not None:
        for triple in _triples_of(graph):
            union.add(triple)

    with tempfile.TemporaryDirectory(prefix="esgkg-hermit-") as tmp:
        path = Path(tmp) / "union.owl"
        union.serialize(destination=str(path), format="xml")
        world = owlready2.World()
        try:
            world.get_ontology("file://" + str(path)).load()
            try:
                owlready2.sync_reasoner(world, infer_property_values=False, debug=0,
                                        ignore_unsupported_datatypes=ignore_unsupported_datatypes)
            except owlready2.OwlReadyInconsistentOntologyError:
                return ["inconsistent ontology: HermiT found no model of the ontology plus the data"]
            return [f"unsatisfiable class: {cls.iri}" for cls in world.inconsistent_classes()
                    if cls.iri != str(OWL.Nothing)]
        finally:
            world.close()


def vocabulary_terms() -> list[str]:
    """The local names of the esg: terms used in the vocabulary spec."""
    text = require_shared_file("spec/vocabulary.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(r"\besg:([A-Za-z_][A-Za-z0-9_]*)", text)))


def standards(g: rdflib.Graph) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, ESG.Standard) if isinstance(s, URIRef))


def topics(g: rdflib.Graph) -> list[URIRef]:
    return sorted(s for s in g.subjects(RDF.type, ESG.TargetTopic) if isinstance(s, URIRef))


def _has_en(g: rdflib.Graph, s: URIRef, p: URIRef) -> bool:
    return any(isinstance(o, Literal) and o.language in (None, "en") and str(o).strip()
               for o in g.objects(s, p))


# --------------------------------------------------------------------------------------------
# 1. the vocabulary is declared
# --------------------------------------------------------------------------------------------

def test_ontology_header():
    g = ontology_graph()
    onto = URIRef("https://w3id.org/esgkg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in g
    assert g.value(onto, OWL.versionInfo) is not None
    dcterms = Namespace("http://purl.org/dc/terms/")
    assert g.value(onto, dcterms.title) is not None
    assert g.value(onto, dcterms.description) is not None
    assert g.value(onto, dcterms.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")


def test_every_vocabulary_term_is_declared():
    g = ontology_graph()
    terms = vocabulary_terms()
    assert len(terms) > 30, f"suspiciously few esg: terms found in the spec: {terms}"
    problems = []
    for name in terms:
        iri = ESG[name]
        types = set(g.objects(iri, RDF.type))
        if not types:
            problems.append(f"esg:{name} has no rdf:type")
            continue
        if not _has_en(g, iri, RDFS.label):
            problems.append(f"esg:{name} has no English rdfs:label")
        if types & DECLARATION_TYPES:
            if not _has_en(g, iri, RDFS.comment):
                problems.append(f"esg:{name} has no English rdfs:comment")
            if types & {OWL.ObjectProperty, OWL.DatatypeProperty}:
                if g.value(iri, RDFS.domain) is None or g.value(iri, RDFS.range) is None:
                    problems.append(f"esg:{name} lacks rdfs:domain or rdfs:range")
    assert not problems, "\n".join(problems)


def test_every_declared_esg_term_is_documented():
    # Not only the spec's terms: everything the ontology declares in the esg: namespace.
    g = ontology_graph()
    problems = []
    for t in DECLARATION_TYPES:
        for s in g.subjects(RDF.type, t):
            if isinstance(s, URIRef) and str(s).startswith(str(ESG)):
                if not _has_en(g, s, RDFS.label) or not _has_en(g, s, RDFS.comment):
                    problems.append(str(s))
    assert not problems, f"declared without rdfs:label / rdfs:comment: {problems}"


def test_property_kinds():
    g = ontology_graph()
    datatype = ["code", "holderScope", "stockCode", "listedOn", "evidence", "sourceFile", "unit",
                "direction", "location", "country", "page", "charStart", "charEnd", "holderCount",
                "holderSharePercent", "targetValue", "reportYear", "targetYear", "baselineYear",
                "status", "scope", "subsidiaryRelation", "facilityType", "certifier",
                "certificationYear", "title", "reportingFramework"]
    objects = ["reportingCompany", "hasSubsidiary", "subsidiaryOf", "holdsCertification", "holder",
               "standard", "hasTarget", "targetOf", "topic", "operatesFacility", "operatedBy",
               "hasSupplier", "supplierOf", "hasCustomer", "customerOf", "memberOf"]
    for name in datatype:
        assert (ESG[name], RDF.type, OWL.DatatypeProperty) in g, name
        assert (ESG[name], RDF.type, OWL.ObjectProperty) not in g, name
    for name in objects:
        assert (ESG[name], RDF.type, OWL.ObjectProperty) in g, name
        assert (ESG[name], RDF.type, OWL.DatatypeProperty) not in g, name
    for a, b in [("hasSubsidiary", "subsidiaryOf"), ("holdsCertification", "holder"),
                 ("hasTarget", "targetOf"), ("operatesFacility", "operatedBy"),
                 ("hasSupplier", "supplierOf"), ("hasCustomer", "customerOf")]:
        assert (ESG[a], OWL.inverseOf, ESG[b]) in g or (ESG[b], OWL.inverseOf, ESG[a]) in g, (a, b)


def test_alignment_is_by_subclass_and_subproperty():
    g = ontology_graph()
    ORG = Namespace("http://www.w3.org/ns/org#")
    SCHEMA = Namespace("https://schema.org/")
    for sub, sup in [(ESG.Report, PROV.Entity), (ESG.Organization, ORG.Organization),
                     (ESG.Organization, SCHEMA.Organization), (ESG.Company, ESG.Organization),
                     (ESG.Subsidiary, ESG.Company), (ESG.Supplier, ESG.Organization),
                     (ESG.Customer, ESG.Organization), (ESG.Facility, ORG.Site),
                     (ESG.Facility, SCHEMA.Place), (ESG.Standard, SKOS.Concept),
                     (ESG.Certification, SCHEMA.Certification), (ESG.Certification, PROV.Entity),
                     (ESG.Target, PROV.Entity), (ESG.TargetTopic, SKOS.Concept)]:
        assert (sub, RDFS.subClassOf, sup) in g, (sub, sup)
    for sub, sup in [(ESG.hasSubsidiary, ORG.hasSubOrganization),
                     (ESG.hasSubsidiary, SCHEMA.subOrganization),
                     (ESG.subsidiaryOf, ORG.subOrganizationOf),
                     (ESG.operatesFacility, ORG.hasSite), (ESG.memberOf, ORG.memberOf)]:
        assert (sub, RDFS.subPropertyOf, sup) in g, (sub, sup)
    # never replace: no equivalence with external terms
    assert not list(g.triples((None, OWL.equivalentClass, None)))
    assert not list(g.triples((None, OWL.equivalentProperty, None)))


def test_owl_dl_declarations():
    """No IRI is declared as two kinds of property (or property and class): no illegal punning."""
    g = ontology_graph()
    kinds = [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty]
    seen: dict[URIRef, set] = {}
    for k in kinds:
        for s in g.subjects(RDF.type, k):
            seen.setdefault(s, set()).add(k)
    clashes = {str(s): sorted(map(str, ks)) for s, ks in seen.items() if len(ks) > 1}
    assert not clashes, clashes
    # every property used in the ontology is declared (external ones included)
    builtin = {RDF.type, RDF.first, RDF.rest}
    for p in set(g.predicates()):
        if p in builtin or str(p).startswith((str(RDFS), str(OWL))):
            continue
        assert p in seen, f"{p} is used but not declared"
    for skos_ann in (SKOS.altLabel, SKOS.hiddenLabel, SKOS.prefLabel):
        assert (skos_ann, RDF.type, OWL.AnnotationProperty) in g
    assert (SKOS.inScheme, RDF.type, OWL.ObjectProperty) in g
    assert (PROV.wasDerivedFrom, RDF.type, OWL.ObjectProperty) in g


# --------------------------------------------------------------------------------------------
# 2. the concept schemes
# --------------------------------------------------------------------------------------------

def test_standards_are_well_formed():
    g = ontology_graph()
    stds = standards(g)
    assert len(stds) >= len(GOLD_STANDARD_CODES)
    problems = []
    for s in stds:
        codes = list(g.objects(s, ESG.code))
        if len(codes) != 1:
            problems.append(f"{s}: {len(codes)} esg:code values")
            continue
        code = str(codes[0])
        if s != STD[standard_slug(code)]:
            problems.append(f"{s}: IRI does not match the slug of its code {code!r}")
        if str(g.value(s, RDFS.label)) != code:
            problems.append(f"{s}: rdfs:label is not the code")
        if (s, SKOS.inScheme, ESG.StandardScheme) not in g:
            problems.append(f"{s}: not in esg:StandardScheme")
        if str(g.value(s, SKOS.notation)) != code:
            problems.append(f"{s}: skos:notation is not the code")
        if g.value(s, ESG.title) is None or g.value(s, SKOS.definition) is None:
            problems.append(f"{s}: lacks esg:title or skos:definition")
    assert not problems, "\n".join(problems)
    assert (ESG.StandardScheme, RDF.type, SKOS.ConceptScheme) in g


def test_gold_standard_codes_are_all_present():
    g = ontology_graph()
    codes = {str(c) for c in g.objects(None, ESG.code)}
    assert set(GOLD_STANDARD_CODES) <= codes, set(GOLD_STANDARD_CODES) - codes
    for code, slug in [("ISO 14001", "iso-14001"), ("ISO/IEC 17025", "iso-iec-17025"),
                       ("GB/T 29490", "gb-t-29490"), ("SA8000", "sa8000"),
                       ("QC 080000", "qc-080000"), ("ASI Performance Standard", "asi-performance-standard"),
                       ("RMI RMAP", "rmi-rmap")]:
        assert standard_slug(code) == slug
        assert (STD[slug], ESG.code, Literal(code)) in g


def test_gold_readme_codes_match():
    """The codes listed in the gold schema's "standard" field all exist in the ontology."""
    text = require_shared_file("eval/gold/README.md").read_text(encoding="utf-8")
    m = re.search(r'"standard":\s*"<normalised code:([^>]*)>"', text)
    assert m, "could not find the standard code list in the gold README"
    listed = [c.strip() for c in m.group(1).split("|")]
    listed = [c for c in listed if c and not c.startswith("other")]
    codes = {str(c) for c in ontology_graph().objects(None, ESG.code)}
    assert set(listed) <= codes, set(listed) - codes


def test_standard_lexical_labels_are_unambiguous():
    g = ontology_graph()
    owner: dict[str, URIRef] = {}
    problems = []
    codes = {str(g.value(s, ESG.code)).casefold(): s for s in standards(g)}
    for s in standards(g):
        for p in (SKOS.altLabel, SKOS.hiddenLabel):
            for label in g.objects(s, p):
                key = str(label).casefold()
                if owner.get(key, s) != s:
                    problems.append(f"{label!r} belongs to {owner[key]} and {s}")
                if codes.get(key, s) != s:
                    problems.append(f"{label!r} of {s} is the code of {codes[key]}")
                owner[key] = s
        for label in g.objects(s, SKOS.hiddenLabel):
            if str(label) != str(label).lower():
                problems.append(f"hidden label {label!r} of {s} is not lower case")
    assert not problems, "\n".join(problems)
    # the descriptive phrases reports use instead of codes
    for phrase, code in [("environmental management system", "ISO 14001"),
                         ("quality management system", "ISO 9001"),
                         ("occupational health and safety management system", "ISO 45001"),
                         ("energy management system", "ISO 50001"),
                         ("information security management system", "ISO/IEC 27001"),
                         ("intellectual property management system", "GB/T 29490"),
                         ("hazardous substance process management system", "QC 080000"),
                         ("automotive industry quality management system", "IATF 16949"),
                         ("greenhouse gas verification", "ISO 14064"),
                         ("product carbon footprint", "ISO 14067"),
                         ("laboratory accreditation", "ISO/IEC 17025")]:
        assert owner.get(phrase) == STD[standard_slug(code)], (phrase, code)


def test_topics_are_well_formed():
    g = ontology_graph()
    found = {str(t)[len(str(ESG)):]: t for t in topics(g)}
    assert set(found) == set(TOPIC_NOTATIONS), set(found) ^ set(TOPIC_NOTATIONS)
    assert (ESG.TargetTopicScheme, RDF.type, SKOS.ConceptScheme) in g
    priorities = {}
    hidden_owner: dict[str, str] = {}
    for name, t in found.items():
        assert str(g.value(t, SKOS.notation)) == TOPIC_NOTATIONS[name], name
        assert g.value(t, RDFS.label) is not None, name
        assert (t, SKOS.inScheme, ESG.TargetTopicScheme) in g, name
        prio = g.value(t, ESG.matchPriority)
        assert isinstance(prio, Literal) and prio.datatype == XSD_INTEGER, name
        priorities[name] = int(prio)
        for h in g.objects(t, SKOS.hiddenLabel):
            key = str(h)
            assert key == key.lower(), (name, key)
            assert hidden_owner.setdefault(key, name) == name, (key, name, hidden_owner[key])
        if name != "OtherTopic":
            assert list(g.objects(t, SKOS.hiddenLabel)), f"{name} has no keyword (hiddenLabel)"
    assert priorities["OtherTopic"] == 0 == min(priorities.values())
    assert priorities["CarbonNeutrality"] == max(priorities.values())
    assert priorities["GHGIntensity"] > priorities["GHGEmissions"]
    assert priorities["EnergyIntensity"] > priorities["Energy"]
    assert len(set(priorities.values())) == len(priorities), "priorities must break ties"


def test_classes_are_pairwise_disjoint():
    g = ontology_graph()
    expected = {ESG.Report, ESG.Organization, ESG.Facility, ESG.Standard, ESG.Certification,
                ESG.Target, ESG.TargetTopic}
    groups = []
    for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = g.value(node, OWL.members)
        groups.append(set(Collection(g, members)))
    assert any(expected <= grp for grp in groups), groups


# --------------------------------------------------------------------------------------------
# 3. reasoning (HermiT through owlready2)
# --------------------------------------------------------------------------------------------

def sample_data() -> rdflib.Graph:
    """A small hand-made graph using the whole vocabulary the way the pipeline should."""
    g = rdflib.Graph()
    g.bind("esg", ESG)
    report = ID["report/acme-2023"]
    acme = ID["org/acme-group-co-ltd"]
    sub = ID["org/acme-aluminium-co-ltd"]
    supplier = ID["org/bauxite-mining-co"]
    customer = ID["org/car-maker-ag"]
    asi = ID["org/aluminium-stewardship-initiative"]
    plant = ID["facility/acme-baotou-production-base"]
    cert = ID["cert/acme-2023-iso-14001-1"]
    cert2 = ID["cert/acme-2023-iso-14064-1"]
    target = ID["target/acme-2023-1"]

    g.add((report, RDF.type, ESG.Report))
    g.add((report, ESG.reportYear, Literal(2023)))
    g.add((report, ESG.sourceFile, Literal("acme_2023.pdf")))
    g.add((report, ESG.reportingFramework, Literal("GRI Standards")))
    g.add((report, ESG.reportingCompany, acme))

    g.add((acme, RDF.type, ESG.Company))
    g.add((acme, RDFS.label, Literal("Acme Group Co., Ltd.")))
    g.add((acme, SKOS.altLabel, Literal("Acme")))
    g.add((acme, ESG.stockCode, Literal("300428")))
    g.add((acme, ESG.listedOn, Literal("Shenzhen Stock Exchange")))
    g.add((acme, ESG.hasSubsidiary, sub))
    g.add((sub, RDF.type, ESG.Subsidiary))
    g.add((sub, RDFS.label, Literal("Acme Aluminium Co., Ltd.")))
    g.add((sub, ESG.subsidiaryRelation, Literal("subsidiary")))
    g.add((sub, ESG.evidence, Literal("Acme Aluminium Co., Ltd., a wholly-owned subsidiary, ...")))
    g.add((acme, ESG.hasSupplier, supplier))
    g.add((supplier, RDFS.label, Literal("Bauxite Mining Co.")))
    g.add((acme, ESG.hasCustomer, customer))
    g.add((customer, RDFS.label, Literal("Car Maker AG")))
    g.add((acme, ESG.memberOf, asi))
    g.add((asi, RDF.type, ESG.Organization))
    g.add((asi, RDFS.label, Literal("Aluminium Stewardship Initiative")))

    g.add((plant, RDF.type, ESG.Facility))
    g.add((plant, RDFS.label, Literal("Baotou production base")))
    g.add((plant, ESG.facilityType, Literal("production_base")))
    g.add((plant, ESG.location, Literal("Baotou, Inner Mongolia")))
    g.add((plant, ESG.country, Literal("China")))
    g.add((sub, ESG.operatesFacility, plant))

    g.add((cert, RDF.type, ESG.Certification))
    g.add((cert, ESG.standard, STD["iso-14001"]))
    g.add((plant, ESG.holdsCertification, cert))
    g.add((cert, ESG.holderScope, Literal("named")))
    g.add((cert, ESG.status, Literal("held")))
    g.add((cert, ESG.certifier, Literal("SGS")))
    g.add((cert, ESG.certificationYear, Literal(2021)))
    g.add((cert2, RDF.type, ESG.Certification))
    g.add((cert2, ESG.standard, STD["iso-14064"]))
    g.add((cert2, ESG.holder, acme))
    g.add((cert2, ESG.holderScope, Literal("share_of_subsidiaries")))
    g.add((cert2, ESG.holderSharePercent, Literal(Decimal("100"))))
    g.add((cert2, ESG.holderCount, Literal(9)))

    g.add((target, RDF.type, ESG.Target))
    g.add((acme, ESG.hasTarget, target))
    g.add((target, RDFS.label, Literal("Carbon neutrality by 2060")))
    g.add((target, ESG.topic, ESG.CarbonNeutrality))
    g.add((target, ESG.targetYear, Literal(2060)))
    g.add((target, ESG.baselineYear, Literal(2020)))
    g.add((target, ESG.targetValue, Literal(Decimal("5.5"))))
    g.add((target, ESG.unit, Literal("%")))
    g.add((target, ESG.direction, Literal("achieve")))
    g.add((target, ESG.scope, Literal("Scope 1 and 2")))

    for i, node in enumerate([cert, cert2, target, plant]):
        g.add((node, PROV.wasDerivedFrom, report))
        g.add((node, ESG.evidence, Literal(f"Evidence sentence number {i} read from the report.")))
        g.add((node, ESG.page, Literal(i + 1)))
        g.add((node, ESG.charStart, Literal(100 * i)))
        g.add((node, ESG.charEnd, Literal(100 * i + 50)))
    return g


@pytest.mark.reasoner
def test_ontology_alone_is_consistent():
    require_java()
    assert reason_consistent() == []


@pytest.mark.reasoner
def test_ontology_with_sample_data_is_consistent():
    require_java()
    data = sample_data()
    assert len(data) > 50
    assert reason_consistent(data) == []


@pytest.mark.reasoner
def test_sample_data_as_a_dataset_is_consistent():
    # the TriG / N-Quads export puts each report's statements in a named graph
    require_java()
    ds = rdflib.Dataset()
    named = ds.graph(ID["report/acme-2023"])
    for triple in sample_data():
        named.add(triple)
    assert reason_consistent(ds) == []


@pytest.mark.reasoner
def test_individual_of_disjoint_classes_is_inconsistent():
    """Proves the check can fail: Certification and Target are disjoint."""
    require_java()
    g = rdflib.Graph()
    x = ID["cert/bogus"]
    g.add((x, RDF.type, ESG.Certification))
    g.add((x, RDF.type, ESG.Target))
    problems = reason_consistent(g)
    assert problems and problems[0].startswith("inconsistent ontology"), problems


@pytest.mark.reasoner
def test_domain_clash_is_inconsistent():
    # a facility used as the subject of esg:topic (domain esg:Target) cannot be a model
    require_java()
    g = rdflib.Graph()
    f = ID["facility/bogus"]
    g.add((f, RDF.type, ESG.Facility))
    g.add((f, ESG.topic, ESG.Water))
    assert reason_consistent(g), "a Facility with an esg:topic must be inconsistent"


@pytest.mark.reasoner
def test_double_target_value_is_inconsistent():
    # documents the datatype choice: esg:targetValue is xsd:decimal; xsd:double is disjoint from it
    require_java()
    g = rdflib.Graph()
    t = ID["target/bogus"]
    g.add((t, RDF.type, ESG.Target))
    g.add((t, ESG.targetValue, Literal(5.0)))  # rdflib: xsd:double
    assert reason_consistent(g), "xsd:double in esg:targetValue must be reported"


@pytest.mark.reasoner
def test_gyear_and_integer_years_are_consistent():
    # the vocabulary allows xsd:gYear or xsd:integer for years (range rdfs:Literal)
    require_java()
    g = rdflib.Graph()
    gyear = URIRef("http://www.w3.org/2001/XMLSchema#gYear")
    for i, year in enumerate([Literal(2030), Literal("2030", datatype=gyear)]):
        t = ID[f"target/years-{i}"]
        g.add((t, RDF.type, ESG.Target))
        g.add((t, ESG.targetYear, year))
        g.add((t, ESG.baselineYear, Literal("2020", datatype=gyear) if i else Literal(2020)))
    r = ID["report/years"]
    g.add((r, RDF.type, ESG.Report))
    g.add((r, ESG.reportYear, Literal("2023", datatype=gyear)))
    assert reason_consistent(g) == []


@pytest.mark.reasoner
def test_language_tagged_string_value_is_inconsistent():
    # documents the datatype choice: string-valued esg: properties take plain xsd:string literals
    # (rdf:langString is not in xsd:string); names go in rdfs:label / skos:altLabel, which may be tagged
    require_java()
    g = rdflib.Graph()
    t = ID["target/bogus"]
    g.add((t, RDF.type, ESG.Target))
    g.add((t, RDFS.label, Literal("a target", lang="en")))
    assert reason_consistent(g) == []
    g.add((t, ESG.unit, Literal("%", lang="en")))
    assert reason_consistent(g), "a language-tagged esg:unit must be reported"


@pytest.mark.reasoner
def test_unsatisfiable_class_is_reported():
    require_java()
    g = rdflib.Graph()
    weird = URIRef("https://example.org/test#CertifiedTarget")
    g.add((weird, RDF.type, OWL.Class))
    g.add((weird, RDFS.subClassOf, ESG.Certification))
    g.add((weird, RDFS.subClassOf, ESG.Target))
    problems = reason_consistent(g)
    assert problems == [f"unsatisfiable class: {weird}"], problems


def test_bnode_free_standard_and_topic_iris():
    # the extractor and other documents refer to these IRIs: they must be named nodes
    g = ontology_graph()
    for t in (ESG.Standard, ESG.TargetTopic):
        assert not any(isinstance(s, BNode) for s in g.subjects(RDF.type, t))


@pytest.mark.reasoner
@pytest.mark.corpus
def test_ontology_with_the_corpus_graph_is_consistent(corpus_build):
    """HermiT: the ontology plus everything built from the real corpus has a model."""
    require_java()
    assert reason_consistent(corpus_build.dataset) == []
