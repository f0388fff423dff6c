"""Quads as the store takes them: one report's named graph as N-Quads, with its organisations' names beside it.

A build worker turns a report's facts into quads once (:func:`esgkg.graph.report_quads`) and sends
them to the parent as N-Quads bytes, which pickle small and which Oxigraph parses without Python;
the names, aliases and stock codes that cross-report resolution needs travel beside them as
:class:`~esgkg.store.resolve.OrgName` records, so nobody reads them back out of the triples.
This module also converts terms between rdflib (the in-memory API) and pyoxigraph (the store).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .resolve import OrgName


STAGING = "urn:esgkg:staging:"
"""Prefix of the graph names under which a write stages the new version of reports the store already
holds, until one transaction moves them onto their own names (and the prefix of nothing else)."""


@dataclass(frozen=True, slots=True)
class ReportQuads:
    """One report's graph, ready for the store: its name, its quads and its organisations' names."""

    name: URIRef  # the report's IRI, which is also its graph's name
    nquads: bytes  # every quad of the graph (in the graph ``name``), as N-Quads
    orgs: tuple[OrgName, ...] = ()  # its organisation nodes with label, aliases and stock codes
    count: int = 0  # how many quads ``nquads`` holds

    def quads(self) -> Iterator[ox.Quad]:
        """The quads, parsed by Oxigraph."""
        return ox.parse(self.nquads, format=ox.RdfFormat.N_QUADS)


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
    """pyoxigraph term -> rdflib term (None and the default graph give None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)  # rdflib's plain literal, so graphs compare equal after a round trip
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unknown term {term!r}")


__all__ = ["STAGING", "ReportQuads", "to_ox", "to_rdflib"]
