"""What a person types for an organisation or a report, turned into its IRI, the same way everywhere.

``esgkg viz``, ``remove``, ``validate --only`` and the IRI parameters of ``esgkg query`` all accept
a name, an alias, the ``id:`` form that esgkg prints (``id:org/acme``), a prefixed name
(``esg:CarbonPeak``) or a whole IRI (bare or in ``<...>``).  Something that names nothing in the graph
is an error (:class:`NotFound`) whose one-line message lists the closest names or IRIs (``difflib``),
never a silent empty answer.
"""
from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Union

from rdflib import Graph, URIRef
from rdflib.term import Node

from .vocab import ID, PREFIXES, SPARQL_PREFIXES

if TYPE_CHECKING:
    from .store import Store

Source = Union["Store", Graph]
"""What the functions below read: an :class:`esgkg.store.Store` or an rdflib Graph / Dataset."""

ORG_NS = str(ID) + "org/"
REPORT_NS = str(ID) + "report/"


class NotFound(LookupError):
    """A name or IRI that names nothing (or nothing single) in the graph; ``str()`` is one line."""


# ----------------------------------------------------------------------------- reading IRIs
def as_iri(text: str) -> URIRef | None:
    """``text`` as an IRI when it is written as one (``<iri>``, ``http(s)://...``, ``urn:...``,
    ``id:org/acme``, ``esg:CarbonPeak``); None when it is a plain name."""
    value = text.strip()
    if value.startswith("<") and value.endswith(">"):
        return URIRef(value[1:-1])
    prefix, sep, local = value.partition(":")
    if not sep or " " in value:
        return None
    if prefix in PREFIXES and not local.startswith("//"):
        return URIRef(str(PREFIXES[prefix]) + local)
    if prefix.lower() in ("http", "https", "urn", "file") and local:
        return URIRef(value)
    return None


def short(iri: str) -> str:
    """The form esgkg prints and accepts back (``id:org/acme``, ``esg:Supplier``, else ``<iri>``)."""
    from .serve.sparqltext import paste_iri

    return paste_iri(str(iri), {p: str(ns) for p, ns in PREFIXES.items()})


def close_matches(wanted: str, candidates: Iterable[str], limit: int = 5, cutoff: float = 0.6) -> list[str]:
    """The candidates that look most like ``wanted`` (case-insensitive, ``difflib``), best first."""
    by_key: dict[str, str] = {}
    for c in candidates:
        by_key.setdefault(c.casefold(), c)
    return [by_key[k] for k in difflib.get_close_matches(wanted.casefold(), list(by_key), n=limit, cutoff=cutoff)]


def did_you_mean(close: list[str]) -> str:
    """The tail of a not-found message: ``; did you mean 'a' or 'b'?`` (the first three), or nothing."""
    return f"; did you mean {' or '.join(repr(c) for c in close[:3])}?" if close else ""


# ----------------------------------------------------------------------------- reading the graph
def select(source: Source, sparql: str) -> list[dict[str, Node | None]]:
    """A SELECT on an :class:`esgkg.store.Store` or an rdflib Graph / Dataset; rows of rdflib terms."""
    from .store import Store

    query = SPARQL_PREFIXES + sparql
    if isinstance(source, Store):
        return source.select(query)[1]
    graph = source
    if not isinstance(graph, Graph):
        raise TypeError(f"expected a Store or an rdflib Graph, not {type(source).__name__}")
    result = graph.query(query)
    return [{str(v): row[v] for v in result.vars} for row in result]


def holds(source: Source, iri: URIRef) -> bool:
    """Whether ``iri`` occurs in the graph (as a subject or an object)."""
    rows = select(source, f"SELECT ?x WHERE {{ {{ <{iri}> ?p ?x }} UNION {{ ?x ?p <{iri}> }} UNION {{ ?x <{iri}> ?o }} }} LIMIT 1")
    return bool(rows)


def iris_like(source: Source, iri: URIRef, limit: int = 50_000) -> list[str]:
    """The IRIs of the graph in ``iri``'s namespace (``id:org/``, ``esg:`` ...), to suggest from."""
    text = str(iri)
    cut = max(text.rfind("/"), text.rfind("#")) + 1
    ns = text[:cut] or text
    rows = select(source, f"""SELECT DISTINCT ?x WHERE {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} UNION {{ ?s ?x ?o }}
                                FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{ns}")) }} LIMIT {limit}""")
    return [str(r["x"]) for r in rows if r["x"] is not None]


def check_iri(source: Source, iri: URIRef, what: str = "thing") -> URIRef:
    """``iri`` when the graph holds it or the esgkg ontology defines it (``esg:hasCustomer`` is a fine filter
    on a graph without customers: no rows); else :class:`NotFound` naming the closest IRIs of its namespace."""
    from .vocab import ESG, ontology_graph

    ontology_terms: list[str] = []
    if str(iri).startswith(str(ESG)):
        ontology_terms = sorted({str(s) for s in ontology_graph().subjects() if str(s).startswith(str(ESG))})
        if str(iri) in ontology_terms:
            return iri
    if holds(source, iri):
        return iri
    shown = {short(c): c for c in [*iris_like(source, iri), *ontology_terms]}
    close = close_matches(short(iri), shown)
    raise NotFound(f"no {what} {short(iri)} in the graph{did_you_mean(close)}")


# ----------------------------------------------------------------------------- organisations
_NAMES_QUERY = """
SELECT ?org ?name ?main WHERE {
  ?org a esg:Organization .
  { ?org rdfs:label ?name BIND(1 AS ?main) } UNION { ?org skos:altLabel ?name BIND(0 AS ?main) }
}
"""
# whether ?org (replaced by one IRI) is an organisation with a name, i.e. one of organisation_names()
_IS_NAMED_ORG = "SELECT ?name WHERE { ?org a esg:Organization . { ?org rdfs:label ?name } UNION { ?org skos:altLabel ?name } } LIMIT 1"
_REPORTING_QUERY = "SELECT DISTINCT ?org WHERE { ?report esg:reportingCompany ?org }"


def organisation_names(source: Source) -> tuple[dict[URIRef, list[str]], set[URIRef]]:
    """Every organisation's names (its rdfs:label first, then its aliases) and the reporting companies."""
    found: dict[URIRef, list[tuple[int, str]]] = defaultdict(list)
    for row in select(source, _NAMES_QUERY):
        found[URIRef(row["org"])].append((-int(row["main"]), str(row["name"])))
    names = {org: [n for _, n in sorted(pairs)] for org, pairs in found.items()}
    reporting = {URIRef(row["org"]) for row in select(source, _REPORTING_QUERY)}
    return names, reporting


def _single(found: set[URIRef], reporting: set[URIRef]) -> URIRef | None:
    """The one match, preferring a reporting company when several organisations match."""
    if len(found) == 1:
        return next(iter(found))
    preferred = found & reporting
    return next(iter(preferred)) if len(preferred) == 1 else None


def find_organisation(source: Source, text: str) -> URIRef:
    """The organisation ``text`` means: an IRI in any form :func:`as_iri` reads, or a name / alias
    (case-insensitive; legal forms such as "Co., Ltd." optional; a unique part of a name is enough).

    Raises :class:`NotFound` with a one-line message listing close matches.
    """
    from .graph.iri import org_iri

    query = text.strip()
    if not query:
        raise NotFound("an empty name names no organisation")
    iri = as_iri(query)
    if iri is not None and not re.search(r"[\x00-\x20<>\"{}|^`\\]", iri) and select(source, _IS_NAMED_ORG.replace("?org", iri.n3())):
        return iri  # an IRI is looked up alone: reading every organisation's names took 8 s at 1,000 reports
    names, reporting = organisation_names(source)
    if iri is not None:
        if iri in names:
            return iri
        labels = {short(o): o for o in names}
        close = close_matches(short(iri), labels) or close_matches(str(iri).rsplit("/", 1)[-1].replace("-", " "),
                                                                  [ns[0] for ns in names.values()])
        raise NotFound(f"no organisation {short(iri)} in the graph{did_you_mean(close)}")
    wanted = query.casefold()
    exact = {org for org, ns in names.items() if any(n.casefold() == wanted for n in ns)}
    if (hit := _single(exact, reporting)) is not None:
        return hit
    if exact:
        raise NotFound(f"'{query}' names several organisations: {_listing(exact, names)}")
    if (slugged := org_iri(query)) in names:
        return slugged
    partial = {org for org, ns in names.items() if any(wanted in n.casefold() for n in ns)}
    if (hit := _single(partial, reporting)) is not None:
        return hit
    if partial:
        raise NotFound(f"'{query}' matches several organisations: {_listing(partial, names, reporting)}")
    close = _close_names(wanted, names, reporting)
    if close:
        raise NotFound(f"no company named '{query}'; close matches: {'; '.join(close)}")
    companies = sorted(names[org][0] for org in reporting)[:5]
    hint = f"; companies in the graph: {'; '.join(companies)}" if companies else "; the graph has no companies"
    raise NotFound(f"no company named '{query}'{hint}")


def _close_names(wanted: str, names: Mapping[URIRef, list[str]], reporting: set[URIRef], limit: int = 5) -> list[str]:
    """Labels of the organisations whose names (or a run of as many words) look most like ``wanted``,
    reporting companies first."""
    width = len(wanted.split())
    scored = []
    for org, ns in names.items():
        pieces = [n.casefold() for n in ns]
        for n in list(pieces):
            words = n.split()
            pieces += [" ".join(words[i:i + width]) for i in range(max(1, len(words) - width + 1))]
        score = max(difflib.SequenceMatcher(None, wanted, piece).ratio() for piece in pieces)
        if score >= 0.6:
            scored.append((org not in reporting, -score, ns[0]))
    return [label for *_, label in sorted(scored)[:limit]]


def _listing(orgs: set[URIRef], names: Mapping[URIRef, list[str]], first: set[URIRef] = frozenset(), limit: int = 5) -> str:
    ordered = sorted(orgs, key=lambda o: (o not in first, names[o][0]))
    shown = "; ".join(names[o][0] for o in ordered[:limit])
    return shown + (f" (and {len(ordered) - limit} more)" if len(ordered) > limit else "")


# ----------------------------------------------------------------------------- reports
_REPORTS_QUERY = """SELECT ?r ?file ?org WHERE { ?r a esg:Report .
  OPTIONAL { ?r esg:sourceFile ?file } OPTIONAL { ?r esg:reportingCompany ?org } }"""


def find_reports(source: Source, texts: Iterable[str]) -> list[URIRef]:
    """The report IRIs that ``texts`` mean, in order: a report IRI (any form :func:`as_iri` reads), its
    name (``northwind_2024_esg``), its source file name (``northwind_2024_esg.md``), or the name or
    alias of a reporting company (all of that company's reports).

    Raises :class:`NotFound` naming every text that matches no report, with close matches.
    """
    reports: dict[URIRef, tuple[set[str], set[URIRef]]] = {}
    for row in select(source, _REPORTS_QUERY):
        files, orgs = reports.setdefault(URIRef(row["r"]), (set(), set()))
        if row.get("file") is not None:
            files.add(str(row["file"]))
        if row.get("org") is not None:
            orgs.add(URIRef(row["org"]))
    found: list[URIRef] = []
    missing: list[str] = []
    hints: list[str] = []
    for text in texts:
        value = text.strip()
        iri = as_iri(value)
        hits = [r for r, (files, _) in reports.items()
                if (iri is not None and r == iri) or str(r).rsplit("/", 1)[-1] == value or value in files]
        if not hits and iri is None and value:
            try:
                org = find_organisation(source, value)
            except NotFound:
                org = None
            hits = sorted(r for r, (_, orgs) in reports.items() if org is not None and org in orgs)
        if not hits:
            missing.append(value)
            candidates = [str(r).rsplit("/", 1)[-1] for r in reports] + [f for files, _ in reports.values() for f in files]
            wanted = str(iri).rsplit("/", 1)[-1] if iri is not None else value
            hints += [c for c in close_matches(wanted, candidates) if c not in hints]
        found += [r for r in sorted(hits) if r not in found]
    if missing:
        listing = "" if hints else "; 'esgkg info --reports' lists them"
        raise NotFound(f"no report {', '.join(repr(m) for m in missing)}{did_you_mean(hints)}{listing}")
    return found


__all__ = ["NotFound", "as_iri", "short", "close_matches", "check_iri", "find_organisation", "find_reports",
           "organisation_names", "select"]
