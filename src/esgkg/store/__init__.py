"""The embedded store: an on-disk pyoxigraph database holding one named graph per report.

pyoxigraph is the default store because it is a real SPARQL 1.1 engine (fast, transactional,
on disk, no server) whose files the ``oxigraph`` server can open as they are.  rdflib stays the
in-memory API for building graphs; this module moves graphs between the two.

Reports arrive as quads (:class:`~esgkg.store.quads.ReportQuads`: N-Quads from the build workers,
with their organisations' names beside them) and go in through Oxigraph's own insertion API
(``Store.extend``, one transaction), never as SPARQL text.  Reports new to the store are added with
their triples' copy in the union (below) in one ``extend``.  A report that replaces its old version,
or that cross-report resolution (:mod:`esgkg.store.resolve`) rewrites, is first staged under a
graph name of its own (:data:`STAGING`), then one SPARQL Update moves every staged graph onto its
name (``MOVE``, inside the store): a rebuilt report never duplicates, and a build killed half-way
leaves every report wholly old or wholly new and the store never half-resolved (a killed build's
staged graphs are dropped when a writer next opens the store).  A report that defines an alias
moves the other reports' nodes onto its IRI in the same transaction.  Oxigraph writes transactions
uncompressed and keeps their write-ahead logs until it is reopened, so after a build that wrote
much, :meth:`Store.repack` rewrites the store with Oxigraph's bulk loader (what the same quads take
loaded directly), and after a smaller one :meth:`Store.compact` lets it drop its logs.  RocksDB also
keeps what a writer wrote in memory until the database is closed (about 0.75 KB per quad written), so a
writer reopens its store after every :data:`REOPEN_AFTER_QUADS` quads it wrote: a long build's memory
stays flat instead of growing with the store (issue 22: 1.1 GB after 1,000 reports before).

Cross-report resolution is kept up to date incrementally (:class:`~esgkg.store.resolve.IncrementalResolution`),
and so are the per-standard counts of the library query ``standards-overview`` (:mod:`esgkg.store.summary`,
written beside the store at each commit): a write costs what it writes, not what the store holds.

The store directory is an ordinary Oxigraph database: ``oxigraph serve-read-only --location DIR``
(what ``esgkg serve`` runs) reads it as it is.  RocksDB allows one writer: a build fails with a
clear message while a writable server holds the store.  A read-only reader sees the data of the
moment it opened the store, so every write here ends by replacing the store's generation file
(:data:`GENERATION_FILE`), and ``esgkg serve`` reopens the store when that changes.
"""
from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from .export import EXPORT_FORMATS, EXPORT_PREFIXES, PREFIX_MAP, export
from .quads import STAGING, ReportQuads, to_ox, to_rdflib
from .resolve import ORG_PREFIX, IncrementalResolution, OrgName, org_names, rewrite_quads
from .summary import STATE_FILE, SUMMARY_FILE, StandardsSummary, contribution, read_rows, write_rows
from ..vocab import ESG

DEFAULT_STORE = Path(".esgkg")


GENERATION_FILE = "esgkg-generation"
"""A file in the store directory that every esgkg write replaces after it commits (RocksDB ignores
it): a read-only server compares it to what it opened and reopens the store when it changed."""


def store_generation(path: str | os.PathLike[str]) -> str | None:
    """The token of the last commit esgkg made to the store at ``path`` (None before the first)."""
    try:
        return (Path(path) / GENERATION_FILE).read_text(encoding="ascii").strip() or None
    except (OSError, UnicodeDecodeError):
        return None


REOPEN_AFTER_QUADS = 200_000
"""A writable store on disk is closed and reopened (:meth:`Store.compact`) once its writes since it was
opened add up to this many quads (the union's copies counted): RocksDB frees what it kept in memory of
them only then, about 150 MB per 200,000 quads."""


class StoreError(Exception):
    """The store cannot be opened or used; ``str()`` is a one-line message."""


def default_location() -> Path:
    """``$ESGKG_STORE`` if set, else ``.esgkg/`` in the working directory."""
    return Path(os.environ.get("ESGKG_STORE", DEFAULT_STORE))


class Store:
    """A pyoxigraph store (on disk at ``path``, or in memory when ``path`` is None)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        self._union_checked = False
        self._staging_checked = read_only
        self._resolver: IncrementalResolution | None = None  # held reports' organisation names, resolved
        self._summary: StandardsSummary | None = None  # standards-overview's counts, kept by _write (None: not known)
        self._written = 0  # quads written since the database was opened (see REOPEN_AFTER_QUADS)
        try:
            if self.path is not None and not read_only:
                _finish_repack(self.path)
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.exists():
                    raise StoreError(f"{self.path}: no store here (build one with 'esgkg build ... --store {self.path}')")
                self._store = ox.Store.read_only(str(self.path))
            else:
                if self.path.exists() and not self.path.is_dir():
                    raise StoreError(f"{self.path}: cannot open the store (a file, not a store directory)")
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except (OSError, RuntimeError) as err:  # pyoxigraph: OSError for I/O and locks, RuntimeError for corruption
            if "lock" in str(err).lower():
                raise StoreError(f"{self.path}: the store is in use by another writer "
                                 "(a running 'esgkg build' or 'esgkg serve --writable'); stop it first") from None
            reason = (str(err).splitlines() or [type(err).__name__])[0]
            raise StoreError(f"{self.path}: cannot open the store ({reason})") from None
        self._drop_staged()

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
        over this directory (``esgkg serve``) knows to reopen it (:func:`store_generation`); first,
        when this writer kept them, ``standards-overview``'s rows for that token (:mod:`esgkg.store.summary`)."""
        if self.path is None:
            return
        token = f"{time.time_ns()} {os.getpid()}"
        if self._summary is not None and self._summary.answerable:
            write_rows(self.path / SUMMARY_FILE, token, self._summary.rows())
        stamp = self.path / GENERATION_FILE
        partial = self.path / f".{GENERATION_FILE}.{os.getpid()}"
        try:
            partial.write_text(f"{token}\n", encoding="ascii")
            partial.replace(stamp)
        except OSError:
            partial.unlink(missing_ok=True)  # a server then keeps its data until restarted; the write itself stands

    def put_quads(self, reports: Iterable[ReportQuads], *, resolve: bool = True) -> list[URIRef]:
        """Write reports given as quads (what build workers send), each replacing its old version, in one
        transaction.

        With ``resolve`` the organisations of the new reports (their ``orgs`` records) and of every
        report already held are resolved together; a report whose organisations move is rewritten on
        its quads (a term map), and so is any held report that the new ones move, in the same
        transaction.  Returns the names of every graph written.
        """
        new = {str(r.name): (r.orgs, list(r.quads())) for r in reports}
        return self._put(new, resolve=resolve)

    def put_reports(self, graphs: Iterable[Graph], *, resolve: bool = True) -> list[URIRef]:
        """:meth:`put_quads` for rdflib graphs (each graph's identifier is its report's IRI)."""
        new = {}
        for g in graphs:
            name = str(g.identifier)
            node = ox.NamedNode(name)
            new[name] = (org_names(g, name), [ox.Quad(to_ox(s), to_ox(p), to_ox(o), node) for s, p, o in g])
        return self._put(new, resolve=resolve)

    def put_report(self, graph: Graph) -> list[URIRef]:
        """Write one report graph (resolved against the store) in one transaction."""
        return self.put_reports([graph])

    def replace_graph(self, graph: Graph, name: URIRef | None = None) -> None:
        """Replace the named graph ``name`` (default: ``graph.identifier``) by ``graph``, atomically, as given.

        No entity resolution: use :meth:`put_reports` for report graphs.
        """
        name = str(name or graph.identifier)
        node = ox.NamedNode(name)
        self._resolver = None  # what resolution knows of the store is read again at the next resolved write
        self._write({name: [ox.Quad(to_ox(s), to_ox(p), to_ox(o), node) for s, p, o in graph]})

    def remove_reports(self, names: Iterable[URIRef]) -> list[URIRef]:
        """Remove report graphs and re-resolve the others (an alias they defined no longer merges), atomically."""
        gone = {str(n) for n in names}
        writes = self._resolved_writes({}, removed=gone)
        self._write(writes, removed=gone)
        return sorted(URIRef(n) for n in gone | set(writes))

    def remove_graph(self, name: URIRef) -> None:
        """Drop one graph as it is (no re-resolution: see :meth:`remove_reports`)."""
        self._resolver = None
        self._write({}, removed={str(name)})

    def _put(self, new: Mapping[str, tuple[Iterable[OrgName], list[ox.Quad]]], *, resolve: bool) -> list[URIRef]:
        if resolve:
            writes = self._resolved_writes(new)
        else:
            self._resolver = None
            writes = {name: quads for name, (_, quads) in new.items()}
        self._write(writes)
        return sorted(URIRef(n) for n in writes)

    def _held_names(self) -> IncrementalResolution:
        """Every held report's organisation names, read from the store once per :class:`Store` and then
        kept up to date, with their resolution, by this writer's own resolved writes (RocksDB allows one writer)."""
        if self._resolver is None:
            self._resolver = IncrementalResolution({str(g): names for g, names in self.org_names().items()})
        return self._resolver

    def _resolved_writes(self, new: Mapping[str, tuple[Iterable[OrgName], list[ox.Quad]]],
                         removed: set[str] = frozenset()) -> dict[str, list[ox.Quad]]:
        """The graphs to write so that ``new`` and every other held report agree on organisation IRIs.

        The graphs are given and returned as quads; a graph whose organisations move is rewritten with
        :func:`~esgkg.store.resolve.rewrite_quads`.  The names kept for the next write are updated
        (:class:`~esgkg.store.resolve.IncrementalResolution`: the cost follows the names that changed, not the store)."""
        new_moves, held_moves = self._held_names().apply({name: list(names) for name, (names, _) in new.items()}, removed)
        writes: dict[str, list[ox.Quad]] = {}
        for name, (_, quads) in new.items():
            moves = new_moves[name]
            writes[name] = list(rewrite_quads(quads, moves)) if moves else quads
        for name, moves in held_moves.items():
            writes[name] = list(rewrite_quads(self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)), moves))
        return writes

    def _write(self, graphs: Mapping[str, list[ox.Quad]], removed: Iterable[str] = ()) -> None:
        """Replace each graph of ``graphs`` by its quads and drop the ``removed`` ones, keeping the union
        in the default graph, so that every graph is wholly old or wholly new after a crash.

        Graphs the store does not hold yet are added, with their triples' copy in the union, in one
        ``extend`` (one transaction).  Graphs it holds are staged under :data:`STAGING` names in that
        same ``extend``, and one SPARQL Update then drops the removed graphs and moves each staged graph
        onto its name, taking out of the union what only the old versions held and adding the new.
        A graph whose new quads equal what the store holds is not written at all.  The counts of
        ``standards-overview`` (:meth:`standards_overview`) follow every graph written or dropped."""
        self._drop_staged()
        if self._summary is None:
            saved = StandardsSummary.load(self.path / STATE_FILE, store_generation(self.path)) if self.path is not None else None
            self._summary = saved or StandardsSummary.of_store(self._store, STAGING)
        try:
            self._write_graphs(graphs, removed)
        except BaseException:
            self._summary = None  # read again from the store at the next write
            raise
        if self._written >= REOPEN_AFTER_QUADS:
            self.compact()

    def _write_graphs(self, graphs: Mapping[str, list[ox.Quad]], removed: Iterable[str]) -> None:
        """:meth:`_write`'s transactions (see there)."""
        fresh: list[str] = []
        staged: list[str] = []
        for name in sorted(graphs):
            node = ox.NamedNode(name)
            if not self._store.contains_named_graph(node):
                fresh.append(name)
            elif set(graphs[name]) != set(self._store.quads_for_pattern(None, None, None, node)):
                staged.append(name)
        removed = sorted(set(removed) - set(graphs))
        old = {n: contribution(self._store.quads_for_pattern(None, None, None, ox.NamedNode(n))) for n in (*staged, *removed)}
        if staged or removed:  # one transaction decides: nothing of this write shows before the others
            staged, fresh = sorted(staged + fresh), []
        adds = chain.from_iterable(chain(graphs[n], (ox.Quad(q.subject, q.predicate, q.object) for q in graphs[n])) for n in fresh)
        stage = chain.from_iterable(_renamed(graphs[n], ox.NamedNode(STAGING + n)) for n in staged)
        if fresh or staged:
            self._store.extend(chain(adds, stage))
            self._written += sum(2 * len(graphs[n]) for n in fresh) + sum(3 * len(graphs[n]) for n in staged)
        ops = [op for n in removed for op in _drop_ops(n)]
        for n in staged:
            ops += _drop_ops(n, drop=False)
            ops += [f"MOVE <{STAGING}{n}> TO <{n}>", f"INSERT {{ ?s ?p ?o }} WHERE {{ GRAPH <{n}> {{ ?s ?p ?o }} }}"]
        if ops:
            self._store.update(" ;\n".join(ops))
        for part in old.values():
            self._summary.add(part, -1)
        for n in (*fresh, *staged):
            self._summary.add(contribution(graphs[n]))
        if fresh or ops:
            self._committed()

    def _drop_staged(self) -> None:
        """Drop the staged graphs a killed write left behind (when a writer opens the store)."""
        if self._staging_checked:
            return
        leftovers = [g for g in self._store.named_graphs() if g.value.startswith(STAGING)]
        if leftovers:
            self._store.update(" ;\n".join(f"DROP SILENT GRAPH {g}" for g in leftovers))
        self._staging_checked = True

    def compact(self) -> None:
        """Write everything to disk and let RocksDB drop its write-ahead logs (it does so when the
        database is reopened: until then they can take twice the size of the data)."""
        if self.path is None or self.read_only:
            return
        self._save_summary()
        self._store.flush()
        self._store = None  # closes the database, with its write lock, and what RocksDB held in memory, and
        self._store = ox.Store(str(self.path))  # reopening it removes the logs that flushing made obsolete
        self._written = 0
        _drop_info_logs(self.path)

    def repack(self) -> None:
        """Rewrite the store with Oxigraph's bulk loader, to what the same quads take loaded directly.

        Oxigraph writes transactions uncompressed and keeps their logs, so a store filled report by
        report takes two to five times what its bulk loader makes of the same quads (compressed
        tables, no logs; issue 22).  The quads are streamed into a new database beside this one
        (``<dir>.repack``), which then replaces it by two renames; a process killed half-way leaves
        either the old store or the new one, completed or discarded at the next open
        (:func:`_finish_repack`).  Costs a pass over the store: for after a build that wrote much."""
        if self.path is None or self.read_only:
            return
        self.compact()  # frees the memory this writer's transactions hold before the bulk loader takes its own
        new, old = _beside(self.path, "repack"), _beside(self.path, "old")
        shutil.rmtree(new, ignore_errors=True)
        fresh = ox.Store(str(new))
        fresh.bulk_extend(q for q in self._store.quads_for_pattern(None, None, None, None)
                          if not (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(STAGING)))
        fresh.flush()
        del fresh
        (new / REPACKED).write_bytes(b"")
        self._store = None  # closes this database and its write lock
        self.path.rename(old)
        try:
            new.rename(self.path)
        except FileNotFoundError:  # another writer opening the store just now completed the swap (_finish_repack)
            if not self.path.exists():
                raise
        (self.path / REPACKED).unlink(missing_ok=True)
        shutil.rmtree(old, ignore_errors=True)
        self._store = ox.Store(str(self.path))
        _drop_info_logs(self.path)
        self._staging_checked = True
        self._committed()
        self._save_summary()

    def _save_summary(self) -> None:
        """Keep the standards' tallies beside the store for the current commit, for the next writer."""
        if self._summary is not None and self.path is not None:
            token = store_generation(self.path)
            if token is not None:
                self._summary.save(self.path / STATE_FILE, token)

    def add_quads(self, quads: Iterable[tuple[Node, Node, Node, Node | None]]) -> None:
        """Add rdflib quads as they are (no resolution, no union): for files written through the store."""
        def convert():
            for s, p, o, g in quads:
                name = getattr(g, "identifier", g)
                if isinstance(name, URIRef) and name != DATASET_DEFAULT_GRAPH_ID:
                    yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(name)))
        self._resolver = self._summary = None  # read again from the store at the next write
        self._store.bulk_extend(convert())
        self._committed()

    def add_dataset(self, ds: Dataset) -> int:
        """Write every named graph of ``ds`` as a report (resolved, one transaction); returns how many."""
        graphs = [g for g in ds.graphs() if len(g) and isinstance(g.identifier, URIRef) and g.identifier != ds.default_graph.identifier]
        self.put_reports(graphs)
        return len(graphs)

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
        """The report graphs' names (a graph staged by a write in progress is not one)."""
        return sorted(URIRef(g.value) for g in self._store.named_graphs() if not g.value.startswith(STAGING))

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

    def standards_overview(self) -> list[tuple] | None:
        """The rows of the library query ``standards-overview`` as the store's writer kept them
        (:mod:`esgkg.store.summary`), or None when they are not known to be the store's current ones
        (a store written by another tool, or by a write that did not keep them): then ask the query."""
        if self._summary is not None:
            return self._summary.rows() if self._summary.answerable else None
        if self.path is None:
            return None
        return read_rows(self.path / SUMMARY_FILE, store_generation(self.path))

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

    def _named_quads(self) -> Iterator[ox.Quad]:
        for graph in self.named_graphs():
            yield from self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(graph)))

    def to_dataset(self) -> Dataset:
        """The whole store as an rdflib Dataset (named graphs kept)."""
        from ..graph import bind_prefixes

        ds = Dataset(default_union=True)
        bind_prefixes(ds)
        for s, p, o, g in self.quads():
            ds.graph(g if g is not None else ds.default_graph.identifier).add((s, p, o))
        return ds

    def export(self, path: str | os.PathLike[str], fmt: str | None = None, *, graphs: Iterable[URIRef] | None = None) -> Path:
        """Write the store to a file: Turtle / N-Triples as the union of the reports (each triple once),
        TriG / N-Quads / JSON-LD with one named graph per report.  ``fmt`` defaults from the extension;
        ``graphs`` writes only those report graphs (``build -o``: the reports of the build).
        See :mod:`esgkg.store.export`.  Written to a temporary file first, so a failed export never
        leaves a half file behind.
        """
        from ..graph import format_for

        try:
            fmt = format_for(path, fmt)
        except ValueError as err:
            raise StoreError(str(err)) from None
        names = None if graphs is None else [ox.NamedNode(str(g)) for g in graphs]
        try:
            return export(self._store, path, fmt, names)
        except OSError as err:
            raise StoreError(f"{path}: cannot write ({err.strerror or err})") from None

    def graph(self, name: URIRef) -> Graph:
        """One named graph as an rdflib Graph."""
        g = Graph(identifier=name)
        for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(str(name))):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))
        return g


REFRESH_UNION = "DROP SILENT DEFAULT ;\nINSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
"""Rebuild the default graph as the union of the report graphs (each triple once): for a store
written by another tool; esgkg's own writes keep the union up to date incrementally."""


def _drop_ops(name: str, *, drop: bool = True) -> list[str]:
    """Take out of the union the triples of graph ``name`` that no other graph holds, then drop the graph
    (unless ``drop`` is false: a ``MOVE`` onto it drops it).  Incremental, so a write costs in
    proportion to the reports written, not to the store."""
    ops = [f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{name}> {{ ?s ?p ?o }} "
           f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{name}>) }} }}"]
    return ops + [f"DROP SILENT GRAPH <{name}>"] if drop else ops


def _renamed(quads: Iterable[ox.Quad], graph: ox.NamedNode) -> Iterator[ox.Quad]:
    """``quads`` in the graph ``graph``."""
    for q in quads:
        yield ox.Quad(q.subject, q.predicate, q.object, graph)


REPACKED = "esgkg-repacked"
"""A file :meth:`Store.repack` writes into the new database once it is complete, before the swap."""


def _drop_info_logs(path: Path) -> None:
    """Remove RocksDB's old info logs (``LOG.old.*``, diagnostics only: one per open of the store, ~140 KB each)."""
    for log in path.glob("LOG.old.*"):
        log.unlink(missing_ok=True)


def _beside(path: Path, what: str) -> Path:
    return path.with_name(f"{path.name}.{what}")


def _finish_repack(path: Path) -> None:
    """Complete or undo a :meth:`Store.repack` that a killed process left half-done: a complete new
    database takes the place of a missing store; otherwise the old store stays and the rest is removed."""
    new, old = _beside(path, "repack"), _beside(path, "old")
    if not new.exists() and not old.exists():
        return
    if not path.exists():
        if (new / REPACKED).exists():
            new.rename(path)
        elif old.exists():
            old.rename(path)
    (path / REPACKED).unlink(missing_ok=True)
    if path.exists():
        shutil.rmtree(new, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)


def open_store(path: str | os.PathLike[str] | None = None, *, read_only: bool = False) -> Store:
    """Open the store at ``path`` (default: :func:`default_location`)."""
    return Store(path if path is not None else default_location(), read_only=read_only)
