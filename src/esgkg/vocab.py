"""The project's vocabulary, read from the OWL ontology instead of being repeated in code.

Namespaces are declared here once (as rdflib does with its ``Namespace`` objects).  The
standards and target-topic schemes, with the phrases reports use for them, are loaded from
``ontology/esg.ttl`` so that adding a standard or a phrase is an edit of the ontology alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

ESG = Namespace("https://w3id.org/esgkg/ontology#")
ID = Namespace("https://w3id.org/esgkg/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")

PREFIXES: dict[str, Namespace | str] = {
    "esg": ESG,
    "id": ID,
    "rdf": RDF,
    "rdfs": RDFS,
    "skos": SKOS,
    "prov": PROV,
    "xsd": XSD,
    "owl": OWL,
    "org": ORG,
    "schema": SCHEMA,
    "dcterms": DCTERMS,
}

SPARQL_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items()) + "\n"


_REPO_ROOT = Path(__file__).resolve().parents[2]


def resource_path(package: str, name: str) -> Path:
    """Path of a data file of ``ontology/``, ``shapes/`` or ``queries/``.

    A wheel ships them as the data packages ``esgkg.ontology`` etc.; an editable install (or a
    source checkout on ``PYTHONPATH``) reads them from the repository's top-level folders.
    """
    local = _REPO_ROOT / package / name
    if local.exists():
        return local
    try:
        return Path(str(resources.files(f"esgkg.{package}").joinpath(name)))
    except ModuleNotFoundError:
        return local


def ontology_path() -> Path:
    return resource_path("ontology", "esg.ttl")


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    """The ontology as an rdflib graph (parsed once per process)."""
    g = Graph()
    g.parse(ontology_path(), format="turtle")
    return g


def std_slug(code: str) -> str:
    """IRI slug of a standard code: 'ISO/IEC 17025' -> 'iso-iec-17025'."""
    return re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class StandardInfo:
    iri: URIRef
    code: str
    title: str | None
    spellings: tuple[str, ...]  # code spellings (rdfs:label, skos:altLabel, notation)
    phrases: tuple[str, ...]  # descriptive phrases (skos:hiddenLabel)


@dataclass(frozen=True, slots=True)
class TopicInfo:
    iri: URIRef
    name: str  # local name, e.g. "CarbonNeutrality"
    key: str  # skos:notation, e.g. "carbon_neutrality"
    priority: int
    phrases: tuple[str, ...] = field(default_factory=tuple)


def _literals(g: Graph, s: URIRef, p: URIRef) -> list[str]:
    """The literal values of ``s p ?o``, sorted: the first is the same on every run (issue 24)."""
    return sorted(str(o) for o in g.objects(s, p) if isinstance(o, Literal))


@lru_cache(maxsize=1)
def standards() -> dict[str, StandardInfo]:
    """Every standard of the ontology's concept scheme, by normalised code."""
    g = ontology_graph()
    out: dict[str, StandardInfo] = {}
    for s in sorted(set(g.subjects(RDF.type, ESG.Standard))):  # sorted: ties in the lexicons go the same way whatever the hash seed
        codes = _literals(g, s, ESG.code)
        if not codes:
            continue
        code = codes[0]
        spellings = {code, *_literals(g, s, RDFS.label), *_literals(g, s, SKOS.altLabel), *_literals(g, s, SKOS.notation)}
        out[code] = StandardInfo(
            iri=URIRef(s),
            code=code,
            title=next(iter(_literals(g, s, ESG.title)), None),
            spellings=tuple(sorted(spellings)),
            phrases=tuple(sorted({p.lower() for p in _literals(g, s, SKOS.hiddenLabel)})),
        )
    return out


@lru_cache(maxsize=1)
def topics() -> dict[str, TopicInfo]:
    """Every target topic of the ontology's scheme, by local name, most specific first."""
    g = ontology_graph()
    found = []
    for s in sorted(set(g.subjects(RDF.type, ESG.TargetTopic))):  # sorted: topics of one priority keep one order
        name = str(s).rsplit("#", 1)[-1]
        key = next(iter(_literals(g, s, SKOS.notation)), name)
        prio = next((int(str(o)) for o in g.objects(s, ESG.matchPriority)), 0)
        phrases = tuple(sorted({p.lower() for p in _literals(g, s, SKOS.hiddenLabel)}))
        found.append(TopicInfo(URIRef(s), name, key, prio, phrases))
    found.sort(key=lambda t: -t.priority)
    return {t.name: t for t in found}


@dataclass(frozen=True, slots=True)
class FrameworkInfo:
    iri: URIRef
    label: str  # rdfs:label: the value of esg:reportingFramework and the label of the initiative
    roles: frozenset[str]  # esg:frameworkRole: "reporting" and / or "membership"
    acronyms: tuple[str, ...]  # skos:altLabel, matched case-sensitively as whole words
    phrases: tuple[str, ...]  # skos:hiddenLabel, lower case, matched in any case


@lru_cache(maxsize=1)
def frameworks() -> dict[str, FrameworkInfo]:
    """Every reporting framework and initiative of the ontology's ``esg:FrameworkScheme``, by label."""
    g = ontology_graph()
    out: dict[str, FrameworkInfo] = {}
    for s in sorted(set(g.subjects(SKOS.inScheme, ESG.FrameworkScheme))):
        label = next(iter(_literals(g, s, RDFS.label)), None)
        if label is None:
            continue
        out[label] = FrameworkInfo(
            iri=URIRef(s),
            label=label,
            roles=frozenset(_literals(g, s, ESG.frameworkRole)),
            acronyms=tuple(sorted(_literals(g, s, SKOS.altLabel))),
            phrases=tuple(sorted({p.lower() for p in _literals(g, s, SKOS.hiddenLabel)})),
        )
    return out
