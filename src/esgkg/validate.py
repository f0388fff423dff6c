"""SHACL validation: is the graph well-formed, and what should an analyst look at?

The shapes in ``shapes/`` (SHACL Core) come in two kinds:

* ``esg-shapes.ttl`` (``sh:Violation``): the structure the vocabulary promises -- every report has
  one reporting company and a year, every certification one standard with a code and one holder,
  linked nodes have the ontology's classes, literals its datatypes.  A violation is a bug.
* ``esg-completeness.ttl`` (``sh:Warning`` / ``sh:Info``): gaps an analyst wants flagged -- a
  reporting company with no ISO 14001 / 45001 / 50001 claim or no dated climate target, a target
  without a year or figure, an uncertified subsidiary, a facility without a location.

Validation runs **report by report**: each report's named graph is validated on its own, together
with the small part of the ontology the shapes need (the class hierarchy and the standard and
topic concepts).  pyshacl's cost grows with the graph it is given, so this keeps one report's
validation at a few tens of milliseconds however large the store, and lets a build validate just
the reports it has added (:func:`validate_report`, or :func:`validate_store` with ``reports=``).

Every result is attributed to its report and reporting company and carries labels, so a report of
the results reads "JL Example Co.: target has no year (Example Co.: Water)" rather than IRIs.
"""
from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.graph import ConjunctiveGraph
from rdflib.namespace import PROV, RDF, RDFS
from rdflib.term import Node

from .vocab import ESG, ID, ontology_graph, resource_path

SH = Namespace("http://www.w3.org/ns/shacl#")
ESGSH = Namespace("https://w3id.org/esgkg/shapes#")
SHAPE_FILES = ("esg-shapes.ttl", "esg-completeness.ttl")
SEVERITIES = ("Violation", "Warning", "Info")
INFERENCE = ("none", "rdfs")

# Edges along which an organisation, fact or facility belongs to a reporting company's report
# (used to attribute results when several reports share one graph, e.g. a Turtle export).
_OWNERSHIP_EDGES = (ESG.hasSubsidiary, ESG.hasSupplier, ESG.hasCustomer, ESG.memberOf,
                    ESG.operatesFacility, ESG.holdsCertification, ESG.hasTarget, ESG.standard, ESG.topic)


class ValidationInputError(Exception):
    """The graph to validate cannot be read; ``str()`` is a one-line message naming the source."""


# ----------------------------------------------------------------------------- result records
@dataclass(frozen=True, slots=True)
class Issue:
    """One SHACL result, with the labels an analyst reads instead of IRIs."""

    severity: str  # "Violation" | "Warning" | "Info"
    shape: Node  # sh:sourceShape, e.g. esgsh:TargetDated
    shape_label: str  # the shape's rdfs:label, e.g. "target has a year"
    message: str
    focus: Node
    focus_label: str
    value: Node | None
    report: URIRef | None  # the report the focus node was read from
    company: URIRef | None  # that report's reporting company
    company_label: str
    node: Node  # the sh:ValidationResult node in ``ValidationResult.report_graph``


@dataclass(slots=True)
class ValidationResult:
    """All results of one validation run; ``report_graph`` is one SHACL validation report."""

    results: list[Issue] = field(default_factory=list)
    report_graph: Graph = field(default_factory=Graph)
    reports: list[URIRef] = field(default_factory=list)  # the reports validated
    companies: dict[URIRef, str] = field(default_factory=dict)  # report -> its company's label
    seconds: float = 0.0

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and infos do not make a graph invalid)."""
        return not any(r.severity == "Violation" for r in self.results)

    def counts(self) -> Counter[str]:
        """Results by severity (every severity present, possibly 0)."""
        c: Counter[str] = Counter({s: 0 for s in SEVERITIES})
        c.update(r.severity for r in self.results)
        return c

    def by_company(self) -> dict[tuple[str, URIRef | None], list[Issue]]:
        """Results grouped by (company label, report), companies in alphabetical order."""
        groups: dict[tuple[str, URIRef | None], list[Issue]] = defaultdict(list)
        for r in self.results:
            groups[(r.company_label, r.report)].append(r)
        return dict(sorted(groups.items(), key=lambda kv: (kv[0][0].lower(), str(kv[0][1]))))


# ----------------------------------------------------------------------------- shapes and ontology
@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """The shipped shapes (structure and completeness), parsed once per process."""
    g = Graph()
    for name in SHAPE_FILES:
        g.parse(resource_path("shapes", name), format="turtle")
    return g


@lru_cache(maxsize=1)
def vocabulary_graph() -> Graph:
    """The part of the ontology the shapes read: class hierarchy, standards and topics.

    sh:class follows rdfs:subClassOf in the *data* graph, and report graphs do not repeat the
    ontology (topics such as esg:CarbonNeutrality are typed only there), so each report is
    validated with these ~150 triples rather than the whole ontology (~1,300 lines of lexicon).
    """
    ont = ontology_graph()
    g = Graph()
    for s, o in ont.subject_objects(RDFS.subClassOf):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            g.add((s, RDFS.subClassOf, o))
    for cls in (ESG.Standard, ESG.TargetTopic):
        for concept in ont.subjects(RDF.type, cls):
            g.add((concept, RDF.type, cls))
            for p in (ESG.code, RDFS.label):
                for o in ont.objects(concept, p):
                    g.add((concept, p, o))
    return g


# ----------------------------------------------------------------------------- public API
def validate_report(graph: Graph, *, inference: str = "none") -> ValidationResult:
    """Validate one report's graph (e.g. ``ReportResult.graph`` right after it is built)."""
    return _run([graph], inference)


def validate_graph(graph: Graph, *, reports: Sequence[URIRef | str] | None = None, inference: str = "none") -> ValidationResult:
    """Validate an rdflib graph.

    A Dataset (or ConjunctiveGraph) is validated named graph by named graph -- only the graphs of
    ``reports`` when given; a plain Graph is validated as one unit.
    """
    if isinstance(graph, ConjunctiveGraph):  # Dataset is a ConjunctiveGraph
        return _run(_dataset_units(graph, reports, where="the dataset"), inference)
    if reports:
        raise ValidationInputError("choosing reports needs named graphs (a Dataset, TriG or N-Quads), not a plain graph")
    return _run([graph], inference)


def validate_store(store, *, reports: Sequence[URIRef | str] | None = None, inference: str = "none") -> ValidationResult:
    """Validate the reports of an :class:`esgkg.store.Store`: all of them, or only ``reports``.

    Each report's named graph is read and validated alone, so validating the one report a build
    has just added costs the same in a store of ten reports or of ten thousand.  After
    ``names = store.put_reports(graphs)`` pass ``reports=names``: entity resolution may have
    rewritten other reports' graphs too, and those are exactly the names it returns.
    """
    held = store.reports()
    wanted = [URIRef(r) for r in reports] if reports else held
    missing = sorted(set(wanted) - set(held))
    if missing:
        raise ValidationInputError(f"store {store.path or '(memory)'}: no report {missing[0]}")
    return _run((store.graph(iri) for iri in wanted), inference)


def validate_file(path: str | Path, *, reports: Sequence[URIRef | str] | None = None, inference: str = "none") -> ValidationResult:
    """Validate an exported graph file (.ttl .trig .nq .nt .jsonld); TriG / N-Quads report by report."""
    return _run(_dataset_units(load_file(path), reports, where=str(path)), inference)


def load_file(path: str | Path) -> Dataset:
    """Parse a graph file into a Dataset, or raise :class:`ValidationInputError` naming the file."""
    from .graph import format_for

    path = Path(path)
    try:
        fmt = format_for(path)
    except ValueError as err:
        raise ValidationInputError(str(err)) from None
    if not path.is_file():
        raise ValidationInputError(f"{path}: no such file")
    ds = Dataset()
    try:
        ds.parse(path, format=fmt)
    except Exception as err:  # rdflib raises many parser-specific types
        raise ValidationInputError(f"{path}: not a valid {fmt} file ({_parse_error(err)})") from None
    return ds


def _parse_error(err: Exception) -> str:
    """rdflib's parse errors span lines ('at line 3 of <>:' / 'Bad syntax (...) at ^ in: ...'): one line."""
    lines = [line.strip() for line in str(err).strip().splitlines()[:2] if line.strip()]
    text = " ".join(lines).split(" at ^ in:")[0].replace(" of <>", "")
    return text or type(err).__name__


# ----------------------------------------------------------------------------- running pyshacl
def _dataset_units(ds: ConjunctiveGraph, reports: Sequence[URIRef | str] | None, where: str) -> list[Graph]:
    """The non-empty graphs of a dataset to validate one by one (the default graph counts too)."""
    graphs = {g.identifier: g for g in (ds.graphs() if isinstance(ds, Dataset) else ds.contexts()) if len(g)}
    if reports:
        wanted = [URIRef(r) for r in reports]
        missing = [r for r in wanted if r not in graphs]
        if missing:
            raise ValidationInputError(f"{where}: no named graph for report {missing[0]}")
        return [graphs[r] for r in wanted]
    return [graphs[k] for k in sorted(graphs, key=str)]


def _run(units: Iterable[Graph], inference: str) -> ValidationResult:
    """Validate each unit separately and merge everything into one result and one report graph."""
    if inference not in INFERENCE:
        raise ValueError(f"unknown inference '{inference}' (use {' or '.join(INFERENCE)})")
    started = time.perf_counter()
    result = ValidationResult()
    _bind(result.report_graph)
    report_node = BNode()
    for unit in units:
        data = _data_graph(unit, inference)
        _conforms, unit_report, _text = pyshacl_validate(
            data,
            shacl_graph=shapes_graph(),
            ont_graph=ontology_graph() if inference != "none" else None,
            inference=inference,
            allow_warnings=True,
        )
        for rep in sorted(data.subjects(RDF.type, ESG.Report), key=str):
            result.reports.append(rep)
            result.companies[rep] = _company_label(data, rep, data.value(rep, ESG.reportingCompany))
        result.results.extend(_issues(unit_report, data))
        _merge_report(result.report_graph, report_node, unit_report)
    result.report_graph.add((report_node, RDF.type, SH.ValidationReport))
    result.report_graph.add((report_node, SH.conforms, Literal(result.conforms)))
    result.seconds = time.perf_counter() - started
    return result


def _data_graph(unit: Graph, inference: str) -> Graph:
    """A copy of one unit with the vocabulary triples the shapes need (pyshacl never edits it)."""
    data = Graph()
    _bind(data)
    data += unit
    if inference == "none":  # with inference pyshacl mixes in the whole ontology itself
        data += vocabulary_graph()
    return data


def _bind(g: Graph) -> None:
    from .graph import bind_prefixes

    bind_prefixes(g)
    g.bind("sh", SH)
    g.bind("esgsh", ESGSH)


def _merge_report(target: Graph, report_node: BNode, unit_report: Graph) -> None:
    """Copy one pyshacl report's results under the single ``report_node`` of ``target``."""
    unit_nodes = set(unit_report.subjects(RDF.type, SH.ValidationReport))
    for s, p, o in unit_report:
        if s in unit_nodes:
            if p == SH.result:
                target.add((report_node, SH.result, o))
            continue
        target.add((s, p, o))


def _issues(report: Graph, data: Graph) -> Iterator[Issue]:
    """The results of one pyshacl report, attributed and labelled (in a stable order)."""
    attribution = _Attribution(data)
    shapes = shapes_graph()
    # Only the report's own results: nested ones (sh:detail of sh:node / sh:or) are also typed
    # sh:ValidationResult but explain a parent result rather than being results of their own.
    top = {r for rep in report.subjects(RDF.type, SH.ValidationReport) for r in report.objects(rep, SH.result)}
    nodes = sorted(top,
                   key=lambda n: (str(report.value(n, SH.sourceShape)), str(report.value(n, SH.focusNode))))
    for node in nodes:
        focus = report.value(node, SH.focusNode)
        shape = report.value(node, SH.sourceShape)
        severity = str(report.value(node, SH.resultSeverity)).rsplit("#", 1)[-1]
        rep = attribution.report_of(focus)
        company = data.value(rep, ESG.reportingCompany) if rep is not None else None
        yield Issue(
            severity=severity,
            shape=shape,
            shape_label=_shape_label(shapes, shape),
            message=str(report.value(node, SH.resultMessage) or ""),
            focus=focus,
            focus_label=label(data, focus),
            value=report.value(node, SH.value),
            report=rep,
            company=company,
            company_label=_company_label(data, rep, company),
            node=node,
        )


def label(g: Graph, node: Node | None) -> str:
    """What to show a person for ``node``: its rdfs:label; for a fact without one, what it is and whose
    (``Acme Steel Co., Ltd.: ISO 14001 certification``); for a report, its company, year or file; else the
    IRI's path under ``id/`` (``org/acme``), never cut."""
    if node is None:
        return "-"
    if isinstance(node, Literal):
        return str(node)
    found = g.value(node, RDFS.label)
    if found is not None:
        return str(found)
    described = _describe(g, node)
    if described:
        return described
    if isinstance(node, URIRef):
        text = str(node)
        return text[len(str(ID)):] if text.startswith(str(ID)) else text
    return str(node)


_FACT_LINKS = ((ESG.holdsCertification, "certification"), (ESG.hasTarget, "target"), (ESG.operatesFacility, "facility"))


def _describe(g: Graph, node: Node) -> str:
    """A fact or report without rdfs:label, described from its neighbours (empty if there is nothing to say)."""
    if (node, RDF.type, ESG.Report) in g:
        company = g.value(node, ESG.reportingCompany)
        year = g.value(node, ESG.reportYear)
        who = str(g.value(company, RDFS.label) or "") if company is not None else ""
        what = " ".join(x for x in (who, str(year or ""), "report") if x)
        source = g.value(node, ESG.sourceFile)
        return f"{what} ({source})" if source is not None and who else (str(source) if source is not None else "")
    for link, kind in _FACT_LINKS:
        holder = g.value(predicate=link, object=node) or g.value(node, ESG.holder)
        if holder is None or not ((holder, link, node) in g or (node, RDF.type, _KIND_CLASS[kind]) in g):
            continue
        who = str(g.value(holder, RDFS.label) or label(g, holder))
        if kind == "certification":
            std = g.value(node, ESG.standard)
            code = g.value(std, ESG.code) if std is not None else None
            return f"{who}: {code or 'a'} certification"
        if kind == "target":
            topic = g.value(node, ESG.topic)
            year = g.value(node, ESG.targetYear)
            what = str(topic).rsplit("#", 1)[-1] + " target" if topic is not None else "a target"
            return f"{who}: {what}" + (f" by {year}" if year is not None else "")
        return f"{who}: a facility"
    return ""


_KIND_CLASS = {"certification": ESG.Certification, "target": ESG.Target, "facility": ESG.Facility}


def _shape_label(shapes: Graph, shape: Node | None) -> str:
    found = shapes.value(shape, RDFS.label) if shape is not None else None
    if found is not None:
        return str(found)
    return str(shape).rsplit("#", 1)[-1] if isinstance(shape, URIRef) else "(anonymous shape)"


def _company_label(data: Graph, report: URIRef | None, company: Node | None) -> str:
    if company is not None:
        return label(data, company)
    if report is not None:
        return f"(no reporting company: {data.value(report, ESG.sourceFile) or label(data, report)})"
    return "(no report)"


class _Attribution:
    """Which report each node of a data graph was read from.

    A report's own graph holds one report, so everything is that report's.  When several reports
    share a graph (a Turtle export), a node belongs to the report it was derived from, else to the
    first report whose reporting company reaches it through ownership edges.
    """

    def __init__(self, data: Graph) -> None:
        self.data = data
        self.reports = sorted(data.subjects(RDF.type, ESG.Report), key=str)
        self._map: dict[Node, URIRef] | None = None

    def report_of(self, node: Node | None) -> URIRef | None:
        if len(self.reports) == 1:
            return self.reports[0]
        if not self.reports or node is None:
            return None
        if self._map is None:
            self._map = self._walk()
        return self._map.get(node)

    def _walk(self) -> dict[Node, URIRef]:
        owner: dict[Node, URIRef] = {}
        for node, rep in self.data.subject_objects(PROV.wasDerivedFrom):
            if isinstance(rep, URIRef) and rep in self.reports:
                owner.setdefault(node, rep)
        for rep in self.reports:
            owner[rep] = rep
            todo = list(self.data.objects(rep, ESG.reportingCompany))
            while todo:
                node = todo.pop()
                if node in owner and owner[node] != rep:
                    continue
                owner[node] = rep
                for edge in _OWNERSHIP_EDGES:
                    todo.extend(o for o in self.data.objects(node, edge) if o not in owner)
        return owner


__all__ = ["validate_report", "validate_graph", "validate_store", "validate_file", "load_file",
           "ValidationResult", "Issue", "ValidationInputError", "shapes_graph", "vocabulary_graph", "label",
           "SEVERITIES", "INFERENCE", "SH", "ESGSH"]
