"""Writing the store to a file: ``esgkg export``, and ``esgkg build -o`` (which exports the reports it built).

Turtle and N-Triples get the union of the report graphs (each triple once); TriG, N-Quads and
JSON-LD one named graph per report.  Quads are written in a fixed order (graph by graph, sorted by
name; each graph's quads by their N-Triples text), so a file is byte-identical whatever order the
reports were stored in (issue 24), and ``build -o`` equals ``export`` of the same reports.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from ..vocab import PREFIXES
from .quads import STAGING

PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}
# Instance IRIs (id/org/x) would need escaped slashes as prefixed names ("id:org\/x"), which some
# tools reject: files spell them out in full.
EXPORT_PREFIXES = {p: ns for p, ns in PREFIX_MAP.items() if p != "id"}
EXPORT_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
                  "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD}

_UNION = "SELECT DISTINCT ?s ?p ?o WHERE {{ {values}GRAPH ?g {{ ?s ?p ?o }} FILTER(!STRSTARTS(STR(?g), \"{staging}\")) }} ORDER BY ?s ?p ?o STR(?o) STR(DATATYPE(?o)) LANG(?o)"


def sorted_quads(store: ox.Store, graphs: Iterable[ox.NamedNode] | None = None) -> Iterator[ox.Quad]:
    """The report graphs' quads (all, or those of ``graphs``) in a fixed order: graph by graph (sorted
    by name), each graph's quads sorted by their N-Triples text.  One graph is held at a time."""
    names = (g for g in store.named_graphs() if not g.value.startswith(STAGING)) if graphs is None else graphs
    for graph in sorted(set(names), key=str):
        yield from sorted(store.quads_for_pattern(None, None, None, graph),
                          key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))


def union_triples(store: ox.Store, graphs: Iterable[ox.NamedNode] | None = None) -> Iterator[ox.Triple]:
    """Each triple of the report graphs (all, or those of ``graphs``) once, in a fixed order."""
    values = "" if graphs is None else "VALUES ?g { " + " ".join(str(g) for g in sorted(set(graphs), key=str)) + " } "
    for row in store.query(_UNION.format(values=values, staging=STAGING)):
        yield ox.Triple(row["s"], row["p"], row["o"])


def export(store: ox.Store, path: str | os.PathLike[str], fmt: str, graphs: Iterable[ox.NamedNode] | None = None) -> Path:
    """Write the report graphs of ``store`` (all, or those of ``graphs``) to ``path`` in ``fmt`` (a name of
    :data:`EXPORT_FORMATS`), through a temporary file, so a failed export leaves no half file behind.
    Raises OSError."""
    path = Path(path)
    rdf_format = EXPORT_FORMATS[fmt]
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        if rdf_format.supports_datasets:
            ox.serialize(sorted_quads(store, graphs), partial, format=rdf_format, prefixes=EXPORT_PREFIXES)
        else:
            ox.serialize(union_triples(store, graphs), partial, format=rdf_format, prefixes=EXPORT_PREFIXES)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
    return path


__all__ = ["EXPORT_FORMATS", "EXPORT_PREFIXES", "PREFIX_MAP", "export", "sorted_quads", "union_triples"]
