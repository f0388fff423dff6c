"""RDF -> networkx: typed nodes and labelled edges for pictures and graph analysis.

A node is one resource of the esgkg vocabulary (company, subsidiary, certification, ...): its
``kind`` comes from its ``rdf:type`` (most specific class wins), or, in a CONSTRUCT result that
carries no types, from the ontology's ``rdfs:domain`` / ``rdfs:range`` of the properties that
touch it, or from the shape of its IRI.  Literal properties become node attributes named by
their local name (``targetYear``, ``code``, ``evidence`` ...), so the graph can be written to
GraphML as it is.  An edge's key and ``label`` are the property's local name; inverse
properties (``subsidiaryOf``, ``holder`` ...) are turned round into their forward form so that
a graph stated either way gives the same picture.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import lru_cache

import networkx as nx
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from ..names import NotFound
from ..store import Store, to_rdflib
from ..vocab import ESG, ID, SPARQL_PREFIXES, ontology_graph

KINDS = ("company", "subsidiary", "supplier", "customer", "organization", "standard",
         "certification", "target", "facility", "report")
"""Every node kind, in the order legends list them."""

# Most specific class first: a subsidiary is also a company and an organisation.
CLASS_KINDS: tuple[tuple[URIRef, str], ...] = (
    (ESG.Report, "report"),
    (ESG.Certification, "certification"),
    (ESG.Target, "target"),
    (ESG.Facility, "facility"),
    (ESG.Standard, "standard"),
    (ESG.Subsidiary, "subsidiary"),
    (ESG.Supplier, "supplier"),
    (ESG.Customer, "customer"),
    (ESG.Company, "company"),
    (ESG.Organization, "organization"),
)
_CLASS_RANK = {cls: i for i, (cls, _) in enumerate(CLASS_KINDS)}
_CLASS_KIND = dict(CLASS_KINDS)

# The ontology declares each pair as owl:inverseOf both ways, so which one is "forward" is the
# vocabulary's choice (the spec lists the forward ones): edges always use the forward name.
INVERSES: dict[URIRef, URIRef] = {
    ESG.subsidiaryOf: ESG.hasSubsidiary,
    ESG.holder: ESG.holdsCertification,
    ESG.targetOf: ESG.hasTarget,
    ESG.operatedBy: ESG.operatesFacility,
    ESG.supplierOf: ESG.hasSupplier,
    ESG.customerOf: ESG.hasCustomer,
}

# IRI shapes of esgkg instances (see esgkg.graph.iri), the last resort for a node's kind.
_IRI_KINDS = {"org/": "organization", "std/": "standard", "cert/": "certification",
              "target/": "target", "facility/": "facility", "report/": "report"}

# What links a group member to the facts drawn around it (forward properties only).
MEMBER_LINKS = (ESG.hasSubsidiary, ESG.holdsCertification, ESG.hasTarget, ESG.operatesFacility,
                ESG.hasSupplier, ESG.hasCustomer, ESG.memberOf)


class CompanyNotFound(NotFound):
    """No (or no single) organisation matches a name; ``str()`` is a one-line message."""


Source = Graph | Store
"""Anything these functions read: an rdflib Graph / Dataset or an esgkg :class:`~esgkg.store.Store`."""


# ----------------------------------------------------------------------------- names
def local_name(iri: str) -> str:
    """``https://w3id.org/esgkg/ontology#hasSubsidiary`` -> ``hasSubsidiary``."""
    text = str(iri).rstrip("/#")
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[-1]
    return text


def _python(value: Literal) -> str | int | float | bool:
    """A literal as a GraphML-serialisable Python value (str, int, float or bool)."""
    py = value.toPython()
    if isinstance(py, bool | int | float | str):
        return py
    if isinstance(py, Decimal):
        return float(py)
    return str(value)


# ----------------------------------------------------------------------------- querying a source
def _rdflib_graph(source: Graph) -> Graph:
    """A Dataset that does not query the union of its graphs is queried through their union."""
    if isinstance(source, Dataset) and not source.default_union:
        from ..graph import union

        return union(source)
    return source


def construct(source: Source, sparql: str, bindings: Mapping[str, Node] | None = None) -> Graph:
    """Run a SPARQL CONSTRUCT on ``source`` and return its triples as an rdflib Graph.

    The esgkg prefixes (esg:, rdfs:, skos: ...) are declared, and ``bindings`` pre-bind variables
    to RDF terms, on both engines alike.
    """
    query = SPARQL_PREFIXES + sparql
    out = Graph()
    if isinstance(source, Store):
        for t in source.query(query, bindings):
            out.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return out
    result = _rdflib_graph(source).query(query, initBindings=dict(bindings or {}))
    for triple in result:
        out.add(triple)
    return out


def select(source: Source, sparql: str, bindings: Mapping[str, Node] | None = None) -> list[dict[str, Node | None]]:
    """Run a SPARQL SELECT on ``source``; rows as dicts of rdflib terms."""
    query = SPARQL_PREFIXES + sparql
    if isinstance(source, Store):
        return source.select(query, bindings)[1]
    result = _rdflib_graph(source).query(query, initBindings=dict(bindings or {}))
    return [{str(v): row[v] for v in result.vars} for row in result]


# ----------------------------------------------------------------------------- kinds
@lru_cache(maxsize=1)
def _property_classes() -> tuple[dict[URIRef, URIRef], dict[URIRef, URIRef]]:
    """The class each property's rdfs:domain (subject) and rdfs:range (object) implies, from the ontology."""
    onto = ontology_graph()
    domains: dict[URIRef, URIRef] = {}
    ranges: dict[URIRef, URIRef] = {}
    for table, axiom in ((domains, RDFS.domain), (ranges, RDFS.range)):
        for prop, cls in onto.subject_objects(axiom):
            if cls in _CLASS_KIND and isinstance(prop, URIRef):
                table[prop] = cls
    return domains, ranges


def _kind_from_iri(node: Node) -> str | None:
    text = str(node)
    if isinstance(node, URIRef) and text.startswith(str(ID)):
        rest = text[len(str(ID)):]
        return next((kind for prefix, kind in _IRI_KINDS.items() if rest.startswith(prefix)), None)
    return None


def _most_specific(classes: dict[Node, set[URIRef]]) -> dict[Node, str]:
    return {node: _CLASS_KIND[min(found, key=_CLASS_RANK.__getitem__)] for node, found in classes.items() if found}


def node_kinds(g: Graph) -> dict[Node, str]:
    """The kind of every resource of ``g`` that has one (see the module docstring for the order of evidence).

    Among several classes the most specific wins (a subsidiary is also a company), whether they
    are stated types or implied by the ontology's domains and ranges.
    """
    typed: dict[Node, set[URIRef]] = defaultdict(set)
    for s, cls in g.subject_objects(RDF.type):
        if cls in _CLASS_RANK:
            typed[s].add(cls)
    implied: dict[Node, set[URIRef]] = defaultdict(set)
    domains, ranges = _property_classes()
    for s, p, o in g.triples((None, None, None)):
        if p in domains:
            implied[s].add(domains[p])
        if p in ranges and isinstance(o, URIRef | BNode):
            implied[o].add(ranges[p])
    kinds = _most_specific(implied)
    kinds.update(_most_specific(typed))
    for node in set(g.subjects()) | {o for o in g.objects() if isinstance(o, URIRef)}:
        if node not in kinds and (kind := _kind_from_iri(node)):
            kinds[node] = kind
    # The company a report is about is drawn as a company even where another report calls it a subsidiary.
    for company in g.objects(None, ESG.reportingCompany):
        kinds[company] = "company"
    return kinds


# ----------------------------------------------------------------------------- RDF -> networkx
def to_networkx(source: Source, *, exclude: Iterable[URIRef] = ()) -> nx.MultiDiGraph:
    """The whole of ``source`` (or a CONSTRUCT result) as a MultiDiGraph.

    Nodes are resource IRIs (strings) with ``kind``, ``label`` and ``iri`` plus one attribute per
    literal property (multi-valued ones joined by "; ").  IRI objects without a kind of their own
    (a target's topic, say) become attributes too.  ``exclude`` drops properties (e.g. PROV.wasDerivedFrom
    to leave reports out of a picture).
    """
    g = source.to_dataset() if isinstance(source, Store) else _rdflib_graph(source)
    kinds = node_kinds(g)
    skip = {RDF.type, *exclude}
    subjects = set(g.subjects())
    G = nx.MultiDiGraph()
    values: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))

    def node(term: Node) -> str:
        key = str(term)
        if key not in G:
            G.add_node(key, kind=kinds.get(term, "other"), iri=key)
        return key

    for s, p, o in g.triples((None, None, None)):
        if p in skip:
            continue
        if isinstance(o, Literal):
            values[node(s)][local_name(p)].add(_python(o))
        elif o in kinds or o in subjects:
            forward = INVERSES.get(p)
            u, v, prop = (o, s, forward) if forward is not None else (s, o, p)
            name = local_name(prop)
            G.add_edge(node(u), node(v), key=name, label=name, property=str(prop))
        else:
            values[node(s)][local_name(p)].add(local_name(o))
    for key, props in values.items():
        for name, vals in props.items():
            if name == "label":
                continue
            G.nodes[key][name] = next(iter(vals)) if len(vals) == 1 else "; ".join(sorted(map(str, vals)))
    for key, data in G.nodes(data=True):
        labels = values.get(key, {}).get("label")
        data["label"] = min(map(str, labels), key=lambda t: (-len(t), t)) if labels else _fallback_label(key, data)
    return G


def _fallback_label(key: str, data: Mapping[str, object]) -> str:
    """A readable name for a node without rdfs:label: its code, preferred label or IRI local name."""
    for attr in ("code", "prefLabel", "name"):
        if attr in data:
            return str(data[attr])
    return local_name(key)


def construct_networkx(source: Source, sparql: str, bindings: Mapping[str, Node] | None = None) -> nx.MultiDiGraph:
    """A SPARQL CONSTRUCT result as a MultiDiGraph (see :func:`to_networkx`)."""
    return to_networkx(construct(source, sparql, bindings))


# ----------------------------------------------------------------------------- one company's group
GROUP_QUERY = """
CONSTRUCT { ?s ?p ?o } WHERE {
  {
    ?company (esg:hasSubsidiary|^esg:subsidiaryOf)* ?member .
    {
      # every statement about a group member (its links to facts and partners, its names, codes)
      ?member ?p ?o . BIND(?member AS ?s)
    } UNION {
      # links to a member stated the inverse way round (X subsidiaryOf / supplierOf / targetOf member)
      ?s ?p ?member . FILTER(?p IN (INVERSE))
    } UNION {
      # what a member holds, operates, targets or deals with: names, types, literals, standard, topic
      ?member (LINKS) ?s .
      ?s ?p ?o . FILTER(isLiteral(?o) || ?p IN (rdf:type, esg:standard, esg:topic))
    } UNION {
      # the standards of the group's certifications
      ?member (esg:holdsCertification|^esg:holder)/esg:standard ?s .
      ?s ?p ?o . FILTER(isLiteral(?o) || ?p = rdf:type)
    }
  } UNION {
    # the company's parent(s) and the report(s) about it
    ?company (^esg:hasSubsidiary|esg:subsidiaryOf|^esg:reportingCompany) ?s .
    { ?s ?p ?company . BIND(?company AS ?o) } UNION { ?s ?p ?o . FILTER(isLiteral(?o) || ?p = rdf:type) }
  }
}
""".replace("INVERSE", ", ".join(f"esg:{local_name(p)}" for p in INVERSES)).replace(
    "LINKS", "|".join([f"esg:{local_name(p)}" for p in MEMBER_LINKS]
                      + [f"^esg:{local_name(inv)}" for inv, fwd in INVERSES.items() if fwd in MEMBER_LINKS]))


def company_graph(source: Source, company: str | URIRef) -> nx.MultiDiGraph:
    """One company's group as a MultiDiGraph: the company, its subsidiaries (at any depth), every
    certification (with its standard), target, facility, supplier and customer of any member,
    the company's parent and the reports about it.

    ``company`` is a name, alias or IRI (see :func:`find_company`).  ``G.graph["company"]`` is the
    company's IRI.
    """
    iri = find_company(source, company) if not isinstance(company, URIRef) else company
    G = to_networkx(construct(source, GROUP_QUERY, {"company": iri}))
    if str(iri) not in G:
        G.add_node(str(iri), kind="company", iri=str(iri), label=local_name(iri))
    G.graph["company"] = str(iri)
    G.graph["name"] = G.nodes[str(iri)]["label"]
    return G


# ----------------------------------------------------------------------------- finding a company
def find_company(source: Source, name: str) -> URIRef:
    """The organisation called ``name``: a name or alias (case-insensitive; legal forms such as
    "Co., Ltd." optional; a unique part of a name is enough), or its IRI in any form
    (``id:org/acme``, ``<https://...>``, the bare IRI).  See :func:`esgkg.names.find_organisation`.

    Raises :class:`CompanyNotFound` with a one-line message listing close matches.
    """
    from ..names import NotFound, find_organisation

    try:
        return find_organisation(source, name)
    except NotFound as err:
        raise CompanyNotFound(str(err)) from None
