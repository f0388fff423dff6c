"""Graph building: :class:`~esgkg.records.ReportFacts` -> RDF in the esgkg vocabulary.

Each report becomes one named graph whose IRI is the report's IRI, holding every statement read
from it (so every relation is traceable to its report).  IRIs are deterministic (see
:mod:`esgkg.graph.iri`): the same organisation or standard gets the same IRI in every report.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from ..ingest.document import source_name
from ..records import Evidence, ReportFacts
from ..store.quads import ReportQuads, to_ox
from ..store.resolve import OrgName
from ..vocab import ESG, PREFIXES, standards
from .iri import certification_iri, facility_iri, org_iri, report_iri, standard_iri, target_iri

ORG_CLASSES = {
    "company": (ESG.Organization, ESG.Company),
    "subsidiary": (ESG.Organization, ESG.Company, ESG.Subsidiary),
    "supplier": (ESG.Organization, ESG.Supplier),
    "customer": (ESG.Organization, ESG.Customer),
    "organization": (ESG.Organization,),
    "member": (ESG.Organization,),
}
FORMATS = {".ttl": "turtle", ".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld", ".json": "json-ld", ".nt": "nt"}


def bind_prefixes(g: Graph) -> None:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)


def _int(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.integer)


def _decimal(value: float) -> Literal:
    """An xsd:decimal in its canonical lexical form (XSD 1.1: "100", "22.99", "0.25"), the form the
    store keeps, so a graph reads the same built, exported or queried (issue 16)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return Literal("0" if text in ("", "-0") else text, datatype=XSD.decimal)


def _add_evidence(g: Graph, node: URIRef, ev: Evidence, report: URIRef) -> None:
    g.add((node, PROV.wasDerivedFrom, report))
    g.add((node, ESG.evidence, Literal(ev.text)))
    g.add((node, ESG.charStart, _int(ev.start)))
    g.add((node, ESG.charEnd, _int(ev.end)))
    if ev.page is not None:
        g.add((node, ESG.page, _int(ev.page)))


class _ReportWriter:
    """Writes one report's facts into one graph (anything with an rdflib-style ``add((s, p, o))``);
    remembers each organisation node it described with the names resolution reads (:meth:`org_names`)."""

    def __init__(self, facts: ReportFacts, g: Graph | _QuadSink) -> None:
        self.facts = facts
        self.g = g
        self.report = report_iri(facts.source)
        self.described: set[URIRef] = set()
        self.names: dict[URIRef, tuple[str, frozenset[str]]] = {}  # node -> (its label, its aliases)
        self.codes: dict[URIRef, set[str]] = {}  # node -> its stock codes

    def org(self, name: str, kind: str | None = None) -> URIRef:
        node = org_iri(name)
        record = self.facts.organizations.get(name)
        kind = kind or (record.kind if record else "organization")
        for cls in ORG_CLASSES.get(kind, ORG_CLASSES["organization"]):
            self.g.add((node, RDF.type, cls))
        if node not in self.described:
            self.described.add(node)
            label, aliases = record.name if record else name, frozenset(record.aliases if record else ())
            self.names[node] = (label, aliases)
            self.g.add((node, RDFS.label, Literal(label)))
            for alias in sorted(aliases):
                self.g.add((node, SKOS.altLabel, Literal(alias)))
        return node

    def org_names(self) -> tuple[OrgName, ...]:
        """The organisation nodes written, with their label, aliases and stock codes: the records
        cross-report resolution reads (equal to :func:`~esgkg.store.resolve.org_names` of the graph)."""
        report = str(self.report)
        return tuple(OrgName(report, str(node), label, aliases, frozenset(self.codes.get(node, ())))
                     for node, (label, aliases) in sorted(self.names.items()))

    def standard(self, code: str) -> URIRef:
        node = standard_iri(code)
        info = standards().get(code)
        self.g.add((node, RDF.type, ESG.Standard))
        self.g.add((node, RDF.type, SKOS.Concept))
        self.g.add((node, ESG.code, Literal(code)))
        self.g.add((node, RDFS.label, Literal(code)))
        if info is not None and info.title:
            self.g.add((node, ESG.title, Literal(info.title)))
        return node

    def write(self) -> None:
        f, g, report = self.facts, self.g, self.report
        g.add((report, RDF.type, ESG.Report))
        g.add((report, RDF.type, PROV.Entity))
        g.add((report, ESG.sourceFile, Literal(source_name(f.source))))
        if f.report_year:
            g.add((report, ESG.reportYear, _int(f.report_year)))
        for framework in f.frameworks:
            g.add((report, ESG.reportingFramework, Literal(framework)))
        if f.company is not None:
            company = self.org(f.company.name, "company")
            g.add((report, ESG.reportingCompany, company))
            if f.company.confidence is not None:
                g.add((report, ESG.reportingCompanyConfidence, _decimal(f.company.confidence)))
            g.add((report, RDFS.label, Literal(f"{f.company.name} {f.report_year or ''} report".replace("  ", " "))))
            for listing in f.company.listings:
                self.codes.setdefault(company, set()).add(listing.code)
                g.add((company, ESG.stockCode, Literal(listing.code)))
                if listing.exchange:
                    g.add((company, ESG.listedOn, Literal(listing.exchange)))
        for s in f.subsidiaries:
            parent, child = self.org(s.parent), self.org(s.name, "subsidiary")
            g.add((parent, ESG.hasSubsidiary, child))
            g.add((child, ESG.subsidiaryOf, parent))
            g.add((child, ESG.subsidiaryRelation, Literal(s.relation)))
        self._certifications()
        self._targets()
        self._facilities()
        self._relations()

    def _certifications(self) -> None:
        g, report = self.g, self.report
        done: set[URIRef] = set()
        for c in self.facts.certifications:
            node = certification_iri(report, c.holder, c.standard)
            if node in done:
                continue  # one fact per holder x standard: the first (clearest) claim is kept
            done.add(node)
            if c.holder_is_facility and c.operator:
                holder = facility_iri(c.operator, c.holder)  # the site holds it; its operator runs the site
                g.add((holder, RDF.type, ESG.Facility))
                g.add((holder, RDFS.label, Literal(c.holder)))
                g.add((self.org(c.operator), ESG.operatesFacility, holder))
                _add_evidence(g, holder, c.evidence, report)
            else:
                holder = self.org(c.holder)
            g.add((node, RDF.type, ESG.Certification))
            g.add((node, RDFS.label, Literal(f"{c.holder}: {c.standard}")))
            g.add((node, ESG.standard, self.standard(c.standard)))
            g.add((holder, ESG.holdsCertification, node))
            g.add((node, ESG.holder, holder))
            g.add((node, ESG.holderScope, Literal(c.scope)))
            g.add((node, ESG.status, Literal(c.status)))
            if c.count is not None:
                g.add((node, ESG.holderCount, _int(c.count)))
            if c.share_percent is not None:
                g.add((node, ESG.holderSharePercent, _decimal(c.share_percent)))
            _add_evidence(g, node, c.evidence, report)

    def _targets(self) -> None:
        g, report = self.g, self.report
        for t in self.facts.targets:
            node = target_iri(report, t)
            holder = self.org(t.holder)
            g.add((node, RDF.type, ESG.Target))
            g.add((holder, ESG.hasTarget, node))
            g.add((node, ESG.topic, ESG[t.topic]))
            label = f"{t.holder}: {t.topic}" + (f" by {t.year}" if t.year else "")
            g.add((node, RDFS.label, Literal(label)))
            if t.year:
                g.add((node, ESG.targetYear, _int(t.year)))
            if t.baseline_year:
                g.add((node, ESG.baselineYear, _int(t.baseline_year)))
            if t.value is not None:
                g.add((node, ESG.targetValue, _decimal(t.value)))
            if t.unit:
                g.add((node, ESG.unit, Literal(t.unit)))
            if t.direction:
                g.add((node, ESG.direction, Literal(t.direction)))
            if t.scope:
                g.add((node, ESG.scope, Literal(t.scope)))
            _add_evidence(g, node, t.evidence, report)

    def _facilities(self) -> None:
        g, report = self.g, self.report
        for fac in self.facts.facilities:
            node = facility_iri(fac.operator, fac.name)
            operator = self.org(fac.operator)
            g.add((node, RDF.type, ESG.Facility))
            g.add((node, RDFS.label, Literal(fac.name)))
            g.add((operator, ESG.operatesFacility, node))
            g.add((node, ESG.facilityType, Literal(fac.facility_type)))
            if fac.location:
                g.add((node, ESG.location, Literal(fac.location)))
            if fac.country:
                g.add((node, ESG.country, Literal(fac.country)))
            _add_evidence(g, node, fac.evidence, report)

    def _relations(self) -> None:
        g = self.g
        prop = {"supplier": ESG.hasSupplier, "customer": ESG.hasCustomer, "member": ESG.memberOf}
        for r in self.facts.relations:
            org = self.org(r.org)
            partner = self.org(r.partner, r.kind if r.kind != "member" else "organization")
            if r.kind == "member":
                g.add((org, ESG.memberOf, partner))
            else:
                g.add((org, prop[r.kind], partner))


def add_report(facts: ReportFacts, g: Graph) -> URIRef:
    """Write one report's facts into ``g`` (typically the report's named graph); returns the report IRI."""
    writer = _ReportWriter(facts, g)
    writer.write()
    return writer.report


def report_graph(facts: ReportFacts) -> Graph:
    """A new graph, identified by the report IRI, holding one report's statements."""
    g = Graph(identifier=report_iri(facts.source))
    bind_prefixes(g)
    add_report(facts, g)
    return g


class _QuadSink:
    """Where :class:`_ReportWriter` writes a report for the store: pyoxigraph quads in the report's
    named graph, each once, in the order first written (an rdflib ``Graph.add`` lookalike)."""

    def __init__(self, name: URIRef) -> None:
        self.graph = ox.NamedNode(str(name))
        self.quads: dict[ox.Quad, None] = {}
        self._iris: dict[URIRef, ox.NamedNode] = {}

    def _term(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, URIRef):
            node = self._iris.get(term)
            if node is None:
                node = self._iris[term] = ox.NamedNode(str(term))
            return node
        return to_ox(term)

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        s, p, o = triple
        self.quads[ox.Quad(self._term(s), self._term(p), self._term(o), self.graph)] = None


def report_quads(facts: ReportFacts) -> ReportQuads:
    """One report's statements as the store takes them: the quads of its named graph (N-Quads, the
    graph's IRI is the report's IRI) and, beside them, the names of its organisations, so that
    nothing downstream has to read them back out of the triples (issue 22)."""
    sink = _QuadSink(report_iri(facts.source))
    writer = _ReportWriter(facts, sink)
    writer.write()
    return ReportQuads(writer.report, ox.serialize(sink.quads, format=ox.RdfFormat.N_QUADS), writer.org_names(), len(sink.quads))


def to_dataset(all_facts: Iterable[ReportFacts]) -> Dataset:
    """An rdflib Dataset with one named graph per report (its IRI is the report's IRI)."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    for facts in all_facts:
        add_report(facts, ds.graph(report_iri(facts.source)))
    return ds


def union(ds: Dataset) -> Graph:
    """All reports' statements in one graph (what Turtle export writes)."""
    g = Graph()
    bind_prefixes(g)
    for quad in ds.quads((None, None, None, None)):
        g.add(quad[:3])
    return g


def format_for(path: Path | str, explicit: str | None = None) -> str:
    """rdflib format name for an output path (by extension) or an explicit short name."""
    short = {"ttl": "turtle", "turtle": "turtle", "trig": "trig", "nq": "nquads", "nquads": "nquads", "jsonld": "json-ld", "json-ld": "json-ld", "nt": "nt"}
    if explicit:
        if explicit.lower() not in short:
            raise ValueError(f"unknown format '{explicit}' (use ttl, trig, nq or jsonld)")
        return short[explicit.lower()]
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot tell the RDF format of '{path}' from its extension (use .ttl, .trig, .nq or .jsonld)")
    return FORMATS[suffix]


def write(ds: Dataset, path: Path | str, fmt: str | None = None) -> Path:
    """Serialise: Turtle / N-Triples as the union of all reports, TriG / N-Quads / JSON-LD with named graphs.

    The graphs go through an in-memory Oxigraph store and its writer, the code path of ``esgkg
    export``: every literal takes the store's canonical lexical form, so ``esgkg build -o FILE`` and
    ``esgkg export`` of the same reports are equal quad for quad.
    """
    from ..store import Store, StoreError

    format_for(path, fmt)  # a ValueError for an unknown format, as before
    memory = Store()
    memory.add_quads(ds.quads((None, None, None, None)))
    try:
        return memory.export(path, fmt)
    except StoreError as err:
        raise OSError(str(err)) from None


__all__ = ["add_report", "report_graph", "report_quads", "to_dataset", "union", "write", "format_for", "bind_prefixes",
           "report_iri", "org_iri", "standard_iri", "certification_iri", "facility_iri", "target_iri"]
