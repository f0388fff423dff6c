"""The embedded store: an on-disk pyoxigraph database holding one named graph per report.

pyoxigraph is the default store because it is a real SPARQL 1.1 engine (fast, transactional,
on disk, no server) whose files the ``oxigraph`` server can open as they are.  rdflib stays the
in-memory API for building graphs; this module moves graphs between the two.

Writing a report is one SPARQL Update (``DROP GRAPH`` + ``INSERT DATA``), which Oxigraph applies
as one transaction: a rebuilt report never duplicates, and a build killed half-way leaves every
report wholly old or wholly new.  The same transaction re-resolves organisations across every
report of the store (:mod:`esgkg.store.resolve`), so a report that defines an alias moves the
other reports' nodes onto its IRI, and the store is never seen half-resolved.

The store directory is an ordinary Oxigraph database: ``oxigraph serve-read-only --location DIR``
(what ``esgkg serve`` runs) reads it as it is.  RocksDB allows one writer: a build fails with a
clear message while a writable server holds the store.  A read-only reader sees the data of the
moment it opened the store, so every write here ends by replacing the store's generation file
(:data:`GENERATION_FILE`), and ``esgkg serve`` reopens the store when that changes.
"""
from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .resolve import ORG_PREFIX, OrgName, compute_resolution, org_names, rewrite, term_map
from ..vocab import ESG, PREFIXES

DEFAULT_STORE = Path(".esgkg")
PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}
# Instance IRIs (id/org/x) would need escaped slashes as prefixed names ("id:org\/x"), which some
# tools reject: files spell them out in full.
EXPORT_PREFIXES = {p: ns for p, ns in PREFIX_MAP.items() if p != "id"}
EXPORT_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES, "trig": ox.RdfFormat.TRIG,
                  "nquads": ox.RdfFormat.N_QUADS, "json-ld": ox.RdfFormat.JSON_LD}


GENERATION_FILE = "esgkg-generation"
"""A file in the store directory that every esgkg write replaces after it commits (RocksDB ignores
it): a read-only server compares it to what it opened and reopens the store when it changed."""


def store_generation(path: str | os.PathLike[str]) -> str | None:
    """The token of the last commit esgkg made to the store at ``path`` (None before the first)."""
    try:
        return (Path(path) / GENERATION_FILE).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


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
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)  # rdflib's plain literal, so graphs compare equal after a round trip
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.DefaultGraph):
        return None
    raise TypeError(f"unknown term {term!r}")


class Store:
    """A pyoxigraph store (on disk at ``path``, or in memory when ``path`` is None)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._union_checked = False
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
            if "lock" in str(err).lower():
                raise StoreError(f"{self.path}: the store is in use by another writer "
                                 "(a running 'esgkg build' or 'esgkg serve --writable'); stop it first") from None
            raise StoreError(f"{self.path}: cannot open the store ({str(err).splitlines()[0]})") from None

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying ``pyoxigraph.Store`` (for anything this class does not wrap)."""
        return self._store

    # ------------------------------------------------------------------ writing
    def _update(self, sparql: str) -> None:
        """Run a SPARQL Update (one transaction) and mark the store as changed."""
        self._store.update(sparql)
        self._committed()

    def _committed(self) -> None:
        """Write a new token to the store's generation file after a commit, so a read-only server
        over this directory (``esgkg serve``) knows to reopen it (:func:`store_generation`)."""
        if self.path is None:
            return
        stamp = self.path / GENERATION_FILE
        partial = self.path / f".{GENERATION_FILE}.{os.getpid()}"
        try:
            partial.write_text(f"{time.time_ns()} {os.getpid()}\n", encoding="ascii")
            partial.replace(stamp)
        except OSError:
            partial.unlink(missing_ok=True)  # a server then keeps its data until restarted; the write itself stands

    def replace_graph(self, graph: Graph, name: URIRef | None = None) -> None:
        """Replace the named graph ``name`` (default: ``graph.identifier``) by ``graph``, atomically, as given.

        No entity resolution: use :meth:`put_reports` for report graphs.
        """
        name = URIRef(name or graph.identifier)
        self._update(" ;\n".join(_replace_ops(name, graph)))

    def put_reports(self, graphs: Iterable[Graph], *, resolve: bool = True) -> list[URIRef]:
        """Write report graphs (each replacing its old version) in one transaction.

        With ``resolve`` the organisations of the new graphs and of every report already held are
        resolved together, and any held report whose IRIs that changes is rewritten in the same
        transaction.  Returns the names of every graph written.
        """
        new = {URIRef(g.identifier): (org_names(g, str(g.identifier)), g) for g in graphs}
        return self._put(new, resolve=resolve)

    def put_ntriples(self, reports: Mapping[URIRef, str], *, resolve: bool = True) -> list[URIRef]:
        """:meth:`put_reports` for graphs given as N-Triples text (what build workers send).

        The text is read with Oxigraph's parser and written as it is; it goes through rdflib only
        when resolution moves one of its organisations, which keeps a large build's writer cheap.
        """
        new = {URIRef(name): (_org_names_of_ntriples(text, str(name)), text) for name, text in reports.items()}
        return self._put(new, resolve=resolve)

    def put_report(self, graph: Graph) -> list[URIRef]:
        """Write one report graph (resolved against the store) in one transaction."""
        return self.put_reports([graph])

    def remove_reports(self, names: Iterable[URIRef]) -> list[URIRef]:
        """Remove report graphs and re-resolve the others (an alias they defined no longer merges), atomically."""
        gone = {URIRef(n) for n in names}
        writes = self._resolved_writes({}, removed=gone)
        ops = [op for n in sorted(gone) for op in _drop_ops(n)]
        ops += [op for name in sorted(writes) for op in _replace_ops(name, writes[name])]
        if ops:
            self._update(" ;\n".join(ops))
        return sorted(gone | set(writes))

    def _put(self, new: Mapping[URIRef, tuple[list[OrgName], Graph | str]], *, resolve: bool) -> list[URIRef]:
        writes: dict[URIRef, Graph | str] = {name: body for name, (_, body) in new.items()}
        if resolve:
            writes = self._resolved_writes(new)
        ops = [op for name in sorted(writes) for op in _replace_ops(name, writes[name])]
        if ops:
            self._update(" ;\n".join(ops))
        return sorted(writes)

    def _resolved_writes(self, new: Mapping[URIRef, tuple[list[OrgName], Graph | str]], removed: set[URIRef] = frozenset()) -> dict[URIRef, Graph | str]:
        """The graphs to write so that ``new`` and every other held report agree on organisation IRIs."""
        held = {g: ns for g, ns in self.org_names().items() if g not in new and g not in removed}
        resolution = compute_resolution(n for names in (*held.values(), *(ns for ns, _ in new.values())) for n in names)
        writes: dict[URIRef, Graph | str] = {}
        for name, (names, body) in new.items():
            moves = term_map(names, resolution)
            writes[name] = rewrite(_as_graph(name, body), moves) if moves else body
        for name, names in held.items():
            moves = term_map(names, resolution)
            if moves:
                writes[name] = rewrite(self.graph(name), moves)
        return writes

    def add_quads(self, quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> None:
        """Add rdflib quads as they are (no resolution, no union): for files written through the store."""
        def convert():
            for s, p, o, g in quads:
                name = getattr(g, "identifier", g)
                if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID:
                    yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(name)))
        self._store.bulk_extend(convert())
        self._committed()

    def add_dataset(self, ds: Dataset) -> int:
        """Write every named graph of ``ds`` as a report (resolved, one transaction); returns how many."""
        graphs = [g for g in ds.graphs() if len(g) and isinstance(g.identifier, URIRef) and g.identifier != ds.default_graph.identifier]
        self.put_reports(graphs)
        return len(graphs)

    def remove_graph(self, name: URIRef) -> None:
        """Drop one graph as it is (no re-resolution: see :meth:`remove_reports`)."""
        self._update(" ;\n".join(_drop_ops(name)))

    def _union_ready(self) -> bool:
        """Whether the default graph holds the union of the report graphs (every store written by
        esgkg does); a store filled by other tools is brought up to date when it is writable."""
        if self._union_checked:
            return True
        empty_default = not self._store.query("ASK { ?s ?p ?o }")
        if empty_default and self._store.query("ASK { GRAPH ?g { ?s ?p ?o } }"):
            if self.read_only:
                return False
            self._update(REFRESH_UNION)
        self._union_checked = True
        return True

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
        """Quads in the report graphs (the derived union in the default graph is not counted)."""
        rows = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))["n"].value)

    def info(self) -> dict[str, int]:
        """What the store holds: reports, organisations, facts by kind, quads, and its size on disk in bytes."""
        counts = {"reports": len(self.reports())}
        kinds = {"organisations": f"?x a <{ESG.Organization}>", "subsidiaries": f"?p <{ESG.hasSubsidiary}> ?x",
                 "certifications": f"?x a <{ESG.Certification}>", "targets": f"?x a <{ESG.Target}>",
                 "facilities": f"?x a <{ESG.Facility}>", "suppliers": f"?p <{ESG.hasSupplier}> ?x",
                 "customers": f"?p <{ESG.hasCustomer}> ?x", "memberships": f"?p <{ESG.memberOf}> ?x"}
        for kind, pattern in kinds.items():
            rows = self.query(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {pattern} }}")
            counts[kind] = int(next(iter(rows))["n"].value)
        counts["quads"] = len(self)
        counts["bytes"] = sum(f.stat().st_size for f in self.path.rglob("*") if f.is_file()) if self.path is not None else 0
        return counts

    def find_reports(self, names: Iterable[str]) -> list[URIRef]:
        """The report IRIs that ``names`` mean: a report IRI, ``id:report/x``, the report's name (``x``) or its
        source file name (``x.pdf``).  Raises StoreError naming every one that matches no report."""
        held = self.reports()
        files: dict[str, set[URIRef]] = {}
        for row in self._store.query(f"SELECT ?r ?f WHERE {{ GRAPH ?r {{ ?r <{ESG.sourceFile}> ?f }} }}"):
            files.setdefault(row["f"].value, set()).add(URIRef(row["r"].value))
        found: list[URIRef] = []
        missing: list[str] = []
        for name in names:
            iri = PREFIX_MAP["id"] + name[3:] if name.startswith("id:") else name
            matches = {r for r in held if str(r) == iri or str(r).rsplit("/", 1)[-1] == name} | files.get(name, set())
            if not matches:
                missing.append(name)
            found += sorted(matches - set(found))
        if missing:
            raise StoreError(f"no report {', '.join(repr(m) for m in missing)} in {self.path or 'the store'} "
                             "(give a report IRI, its name or its file name; 'esgkg info --reports' lists them)")
        return found

    def org_names(self) -> dict[URIRef, list[OrgName]]:
        """Every report graph's organisation nodes with their names (what resolution reads)."""
        q = f"""SELECT ?g ?o ?label ?alias ?code WHERE {{ GRAPH ?g {{
                  ?o a <{ESG.Organization}> ; <{RDFS.label}> ?label .
                  OPTIONAL {{ ?o <{SKOS.altLabel}> ?alias }} OPTIONAL {{ ?o <{ESG.stockCode}> ?code }} }} }}"""
        found: dict[tuple[str, str], tuple[set[str], set[str], set[str]]] = {}
        for row in self._store.query(q):
            labels, aliases, codes = found.setdefault((row["g"].value, row["o"].value), (set(), set(), set()))
            labels.add(row["label"].value)
            if row["alias"] is not None:
                aliases.add(row["alias"].value)
            if row["code"] is not None:
                codes.add(row["code"].value)
        out: dict[URIRef, list[OrgName]] = {}
        for (g, o), (labels, aliases, codes) in sorted(found.items()):
            if o.startswith(ORG_PREFIX):
                out.setdefault(URIRef(g), []).append(OrgName(g, o, min(labels), frozenset(aliases), frozenset(codes)))
        return out

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None, *, union: bool = True):
        """Run SPARQL; ``bindings`` pre-bind variables as RDF terms (never pasted into the text).

        By default the default graph is the union of all report graphs, so queries need no GRAPH
        clause; GRAPH ?g still reaches each report's own graph.  The union is kept as the store's
        default graph, each triple once, rewritten in the same transaction as every report write:
        Oxigraph's on-the-fly union (``use_default_graph_as_union``) returns a triple once per graph
        that holds it, which multiplies joins when organisations recur in many reports.
        """
        subs = {ox.Variable(k.lstrip("?$")): to_ox(v) for k, v in (bindings or {}).items()}
        on_the_fly = union and not self._union_ready()
        try:
            return self._store.query(sparql, prefixes=PREFIX_MAP, use_default_graph_as_union=on_the_fly, substitutions=subs or None)
        except SyntaxError as err:
            raise StoreError(f"SPARQL syntax error: {str(err).splitlines()[0]}") from None

    def select(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> tuple[list[str], list[dict[str, Node | None]]]:
        """A SELECT query's variable names and rows (rdflib terms)."""
        result = self.query(sparql, bindings)
        names = [v.value for v in result.variables]
        rows = [{n: to_rdflib(sol[n]) for n in names} for sol in result]
        return names, rows

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        """The report graphs' quads (the default graph, their union, is derived and left out)."""
        for q in self._named_quads():
            yield to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), to_rdflib(q.graph_name)

    def _sorted_quads(self) -> Iterator[ox.Quad]:
        """The report graphs' quads in a fixed order: graph by graph (sorted by name), each graph's
        quads sorted by their N-Triples text, so a file is byte-identical whatever order the quads
        were stored in (issue 24).  One graph (one report) is held at a time."""
        for graph in sorted(self._store.named_graphs(), key=str):
            yield from sorted(self._store.quads_for_pattern(None, None, None, graph),
                              key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))

    def _named_quads(self) -> Iterator[ox.Quad]:
        for q in self._store.quads_for_pattern(None, None, None, None):
            if not isinstance(q.graph_name, ox.DefaultGraph):
                yield q

    def to_dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset (named graphs kept)."""
        from ..graph import bind_prefixes

        ds = Dataset(default_union=True)
        bind_prefixes(ds)
        for s, p, o, g in self.quads():
            ds.graph(g if g is not None else ds.default_graph.identifier).add((s, p, o))
        return ds

    def export(self, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
        """Write the store to a file: Turtle / N-Triples as the union of all reports (each triple once),
        TriG / N-Quads / JSON-LD with one named graph per report.  ``fmt`` defaults from the extension.

        Written to a temporary file first, so a failed export never leaves a half file behind.
        """
        from ..graph import format_for

        path = Path(path)
        try:
            rdf_format = EXPORT_FORMATS[format_for(path, fmt)]
        except ValueError as err:
            raise StoreError(str(err)) from None
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        try:
            if rdf_format.supports_datasets:
                ox.serialize(self._sorted_quads(), partial, format=rdf_format, prefixes=EXPORT_PREFIXES)
            else:
                rows = self._store.query("SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } "
                                         "ORDER BY ?s ?p ?o STR(?o) STR(DATATYPE(?o)) LANG(?o)")
                triples = (ox.Triple(r["s"], r["p"], r["o"]) for r in rows)
                ox.serialize(triples, partial, format=rdf_format, prefixes=EXPORT_PREFIXES)
            partial.replace(path)
        except OSError as err:
            partial.unlink(missing_ok=True)
            raise StoreError(f"{path}: cannot write ({err.strerror or err})") from None
        return path

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph."""
        g = Graph(identifier=name)
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return g


REFRESH_UNION = "DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
"""Rebuild the default graph as the union of the report graphs (each triple once): for a store
written by another tool; esgkg's own writes keep the union up to date incrementally."""


def _drop_ops(name: URIRef) -> list[str]:
    """Drop graph ``name``, first taking out of the union the triples no other report graph holds.

    Incremental, so a write costs in proportion to the reports written, not to the store."""
    return [
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{name}>) }} }}",
        f"DROP SILENT GRAPH <{name}>",
    ]


def _replace_ops(name: URIRef, body: Graph | str) -> list[str]:
    """SPARQL Update operations replacing graph ``name`` by ``body`` (a graph or N-Triples text) and
    keeping the union in the default graph, to run in one transaction."""
    text = body if isinstance(body, str) else body.serialize(format="nt")
    ops = _drop_ops(name)
    if text.strip():
        ops.append(f"INSERT DATA {{ GRAPH <{name}> {{\n{text}\n}} }}")
        ops.append(f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} }}")
    return ops


def _as_graph(name: URIRef, body: Graph | str) -> Graph:
    if isinstance(body, Graph):
        return body
    g = Graph(identifier=name)
    g.parse(data=body, format="nt")
    return g


_TYPE, _LABEL, _ALT, _CODE = str(RDF.type), str(RDFS.label), str(SKOS.altLabel), str(ESG.stockCode)


def _org_names_of_ntriples(text: str, report: str) -> list[OrgName]:
    """:func:`~esgkg.store.resolve.org_names` of a graph given as N-Triples, read with Oxigraph's parser."""
    orgs: set[str] = set()
    labels: dict[str, list[str]] = {}
    aliases: dict[str, set[str]] = {}
    codes: dict[str, set[str]] = {}
    for t in ox.parse(text, format=ox.RdfFormat.N_TRIPLES):
        s, p = t.subject.value, t.predicate.value
        if not s.startswith(ORG_PREFIX):
            continue
        if p == _TYPE and t.object.value == str(ESG.Organization):
            orgs.add(s)
        elif p == _LABEL:
            labels.setdefault(s, []).append(t.object.value)
        elif p == _ALT:
            aliases.setdefault(s, set()).add(t.object.value)
        elif p == _CODE:
            codes.setdefault(s, set()).add(t.object.value)
    return [OrgName(report, node, sorted(labels[node])[0], frozenset(aliases.get(node, ())), frozenset(codes.get(node, ())))
            for node in sorted(orgs) if node in labels]


def open_store(path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``path`` (default: :func:`default_location`)."""
    return Store(path if path is not None else default_location(), read_only=read_only)
