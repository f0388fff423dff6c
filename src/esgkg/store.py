"""The embedded store: an on-disk pyoxigraph database holding one named graph per report.

pyoxigraph is the default store because it is a real SPARQL 1.1 engine (fast, transactional,
on disk, no server) whose files the ``oxigraph`` server can open as they are.  rdflib stays the
in-memory API for building graphs; this module moves graphs between the two.

Replacing a report is one SPARQL Update (``DROP GRAPH`` + ``INSERT DATA``), which Oxigraph applies
atomically: a rebuilt report never duplicates, and a build killed half-way leaves every report
wholly old or wholly new.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from .vocab import ESG, PREFIXES

DEFAULT_STORE = Path(".esgkg")
PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}


class StoreError(Exception):
    """The store cannot be opened or used; ``str()`` is a one-line message."""


def default_location() -> Path:
    """``$ESGKG_STORE`` if set, else ``.esgkg/`` in the working directory."""
    return Path(os.environ.get("ESGKG_STORE", DEFAULT_STORE))


# ----------------------------------------------------------------------------- term conversion
def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """rdflib term -> pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def to_rdflib(term) -> Node | None:
    """pyoxigraph term -> rdflib term (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unknown term {term!r}")


class Store:
    """A pyoxigraph store (on disk at ``path``, or in memory when ``path`` is None)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: no store here (build one with 'esgkg build ... --store {self.path}')")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as err:
            raise StoreError(f"{self.path}: cannot open the store ({err})") from None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for anything this class does not wrap)."""
        return self._store

    # ------------------------------------------------------------------ writing
    def replace_graph(self, graph: Graph, name: URIRef | None = None) -> None:
        """Replace the named graph ``name`` (default: ``graph.identifier``) by ``graph``, atomically."""
        name = URIRef(name or graph.identifier)
        body = graph.serialize(format="nt")
        update = f"DROP SILENT GRAPH <{name}> ;\nINSERT DATA {{ GRAPH <{name}> {{\n{body}\n}} }}"
        self._store.update(update)

    def add_dataset(self, ds: Dataset) -> int:
        """Replace every named graph of ``ds`` in the store; returns how many graphs were written."""
        n = 0
        for g in ds.graphs():
            if len(g) and isinstance(g.identifier, URIRef) and g.identifier != ds.default_graph.identifier:
                self.replace_graph(g)
                n += 1
        return n

    def remove_graph(self, name: URIRef) -> None:
        self._store.update(f"DROP SILENT GRAPH <{name}>")

    def flush(self) -> None:
        self._store.flush()

    # ------------------------------------------------------------------ reading
    def named_graphs(self) -> list[URIRef]:
        return sorted(URIRef(g.value) for g in self._store.named_graphs())

    def reports(self) -> list[URIRef]:
        """IRIs of the reports held (each is also the name of its graph)."""
        q = f"SELECT DISTINCT ?r WHERE {{ GRAPH ?g {{ ?r a <{ESG.Report}> }} }} ORDER BY ?r"
        return [URIRef(s["r"].value) for s in self._store.query(q)]

    def __len__(self) -> int:
        return len(self._store)

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None, *, union: bool = True):
        """Run SPARQL; ``bindings`` pre-bind variables as RDF terms (never pasted into the text).

        By default the default graph is the union of all report graphs, so queries need no GRAPH
        clause; GRAPH ?g still reaches each report's own graph.
        """
        subs = {ox.Variable(k.lstrip("?$")): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            return self._store.query(sparql, prefixes=PREFIX_MAP, use_default_graph_as_union=union, substitutions=subs or None)
        except SyntaxError as err:
            raise StoreError(f"SPARQL syntax error: {str(err).splitlines()[0]}") from None

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> tuple[list[str], list[dict[str, Node | None]]]:
        """A SELECT query's variable names and rows (rdflib terms)."""
        result = self.query(sparql, bindings)
        names = [v.value for v in result.variables]
        rows = [{n: to_rdflib(sol[n]) for n in names} for sol in result]
        return names, rows

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        for q in self._store.quads_for_pattern(None, None, None, None):
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)

    def to_dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset (named graphs kept)."""
        from .graph import bind_prefixes

        ds = Dataset(default_union=True)
        bind_prefixes(ds)
        for s, p, o, g in self.quads():
            ds.graph(g if g is not None else ds.default_graph.identifier).add((s, p, o))
        return ds

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph."""
        g = Graph(identifier=name)
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return g


def open_store(path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``path`` (default: :func:`default_location`)."""
    return Store(path if path is not None else default_location(), read_only=read_only)
