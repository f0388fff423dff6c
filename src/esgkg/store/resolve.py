"""Entity resolution across reports: one IRI per organisation, whichever report names it.

Within a report the extractor already gives each organisation one canonical name, and
:func:`~esgkg.graph.iri.org_iri` maps names that differ only in legal form, case or punctuation
to one IRI.  What a single report cannot know is that another report calls the same company by
a short name it defined (``skos:altLabel``): report A writes *"Acme Alloy Holdings Co., Ltd.
(hereinafter "Acme")"*, report B lists *"Acme Co., Ltd."* as a customer.  This module merges
such names onto one IRI, and refuses to merge when the evidence is not clean:

* an alias defined for two different organisations is ambiguous and merges nothing;
* two names one report lists as separate organisations are never merged (the report is the
  best witness that they differ, e.g. a parent and its subsidiary);
* two organisations with different stock codes are never merged;
* one name held by organisations with disjoint stock codes or in different countries in different
  reports (two banks called *Nordbank*, one *AB* listed in Stockholm, one *ASA* in Oslo: legal forms
  drop out of the key) is split: each holder gets its own IRI, ``<key>-<its first stock code>`` (or
  ``<key>-<its first country>`` when it has no code), so neither carries the other's codes or facts.
  An organisation's countries are those whose company law has its legal form (cleanco's
  ``terms_by_country``: *AB* Sweden, *ASA* Norway, *A/S* Denmark; a form of many countries, like
  *Ltd*, says little and rarely disagrees).  A report naming the bare name without a code or a
  form cannot say which is meant and keeps the plain key;
* the same name spelt with or without accents (*Société* / *Societe*) has one key: keys are folded
  to ASCII.

Names that share every word but one (``Acme Alloy (Suzhou)`` / ``Acme Alloy (Wuxi)``) have
different keys and no alias linking them, so they stay apart.

The resolution is a pure function of the *set* of reports (every choice is made in sorted
order), so the same reports give the same IRIs whatever order they were built in.  A resolved
report graph keeps, as its organisation's ``rdfs:label``, the name that report used; that name's
key is the organisation's *raw key*, so a graph can be re-resolved (merged further, or split
back) at any time without its source text.  Only ``id/org/...`` IRIs and the facility IRIs
built from them (``id/facility/<operator>/...``) change; every other IRI is report-scoped.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from ..legal_forms import SPELLED_OUT, strip_legal_form
from ..orgnames import LEGAL_FORM_WORDS, SELF_REFERENCES, fold, slug, words
from ..vocab import ESG, ID

ORG_PREFIX = str(ID["org/"])
FACILITY_PREFIX = str(ID["facility/"])


@dataclass(frozen=True, slots=True)
class OrgName:
    """One organisation node as one report describes it (the input of resolution)."""

    report: str  # the report's graph IRI
    node: str  # the node's current IRI in that graph (raw or already resolved)
    label: str  # the name the report uses (its rdfs:label there)
    aliases: frozenset[str] = frozenset()
    stock_codes: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        """The raw key: the IRI slug the report's own name gives (see :func:`~esgkg.graph.iri.org_iri`)."""
        return _slug_of(self.label)

    @property
    def countries(self) -> frozenset[str]:
        """The countries whose company law has the legal form of the label or an alias (empty: unknown)."""
        out: set[str] = set()
        for name in (self.label, *self.aliases):
            out |= legal_form_countries(name)
        return frozenset(out)


@lru_cache(maxsize=1 << 18)
def _slug_of(label: str) -> str:
    """:func:`slug` of a name, remembered: a writer resolves every held report's names at each commit
    (issue 22: the slugs were a third of a 1,000-report build's commit time)."""
    return slug(label)


def _form_key(term: str) -> str:
    """A legal form as one lower-case token: 'S.p.A.', 'SpA' and 'Società per Azioni' are 'spa', 'Co., Ltd.' is 'coltd'."""
    term = SPELLED_OUT.get(" ".join(term.lower().split()), term)
    return re.sub(r"[\s.,]+", "", fold(term).lower())


@lru_cache(maxsize=1)
def _form_countries() -> dict[str, frozenset[str]]:
    from cleanco.termdata import terms_by_country

    out: dict[str, set[str]] = defaultdict(set)
    for country, terms in terms_by_country.items():
        for term in terms:
            out[_form_key(term)].add(country)
    return {k: frozenset(v) for k, v in out.items() if k}


def legal_form(name: str) -> str:
    """The legal form ``name`` is written with ('Nordvik Bank AB' -> 'AB', 'PJSC Acme' -> 'PJSC'), or ''."""
    full = name.strip()
    bare = strip_legal_form(full)
    if bare == full:
        return ""
    form = full[len(bare):] if full.startswith(bare) else full[: len(full) - len(bare)] if full.endswith(bare) else ""
    return form.strip(" ,()")


@lru_cache(maxsize=1 << 18)
def legal_form_countries(name: str) -> frozenset[str]:
    """The countries whose company law has the legal form ``name`` is written with (cleanco's
    ``terms_by_country``): 'Nordvik Bank AB' -> Sweden (and the other countries that use *AB*),
    'Nordvik Bank ASA' -> Norway; empty for a name without a known form."""
    form = legal_form(name)
    return _form_countries().get(_form_key(form), frozenset()) if form else frozenset()


@lru_cache(maxsize=1 << 18)
def alias_key(alias: str) -> str | None:
    """Key of an alias that may identify an organisation, or None for a generic one.

    'the Company', 'Group' or a bare legal form says nothing about which organisation is meant.
    """
    if alias.strip().lower() in SELF_REFERENCES:
        return None
    if not [w for w in words(alias) if w not in LEGAL_FORM_WORDS]:
        return None
    key = slug(alias)
    return key if len(key) >= 2 else None


@dataclass(slots=True)
class Resolution:
    """raw key -> canonical key, for every organisation key seen; unknown keys map to themselves."""

    canonical: dict[str, str] = field(default_factory=dict)
    split: dict[tuple[str, str], str] = field(default_factory=dict)
    """(report IRI, raw key) -> the key of one listed homonym (see :func:`homonym_keys`)."""

    def key(self, raw: str, report: str | None = None) -> str:
        """The canonical key of ``raw`` as named in ``report`` (a homonym's own key where it was split)."""
        if report is not None:
            raw = self.split.get((report, raw), raw)
        return self.canonical.get(raw, raw)

    def iri(self, raw: str) -> URIRef:
        return URIRef(ORG_PREFIX + self.key(raw))

    def merged(self) -> dict[str, list[str]]:
        """canonical key -> the raw keys merged onto it (only classes of two or more)."""
        groups: dict[str, list[str]] = defaultdict(list)
        for raw, canon in sorted(self.canonical.items()):
            groups[canon].append(raw)
        return {c: ks for c, ks in groups.items() if len(ks) > 1}


class _Classes:
    """Union-find over raw keys, tracking per class the reports and stock codes that constrain merges."""

    def __init__(self, keys: Iterable[str]) -> None:
        self.parent = {k: k for k in keys}
        self.reports: dict[str, set[str]] = {k: set() for k in self.parent}
        self.codes: dict[str, set[str]] = {k: set() for k in self.parent}
        self.countries: dict[str, set[str]] = {k: set() for k in self.parent}

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def conflict(self, a: str, b: str) -> bool:
        """True when one report lists both as separate organisations, or their stock codes or countries differ."""
        if self.reports[a] & self.reports[b]:
            return True
        return _conflict(self.codes[a], self.countries[a], self.codes[b], self.countries[b])

    def union(self, a: str, b: str) -> None:
        a, b = sorted((a, b))  # deterministic root
        self.parent[b] = a
        self.reports[a] |= self.reports.pop(b)
        self.codes[a] |= self.codes.pop(b)
        ca, cb = self.countries[a], self.countries.pop(b)
        self.countries[a] = ca & cb if ca and cb else ca | cb


def _rank(key: str, owners: set[str], listed: set[str]) -> tuple:
    """Sort key for the canonical name of a class: a name that defines aliases, is listed, is fullest."""
    return (key not in owners, key not in listed, -len(key.split("-")), -len(key), key)


def _conflict(codes_a: set[str], countries_a: set[str], codes_b: set[str], countries_b: set[str]) -> bool:
    """Two holders of one name are two organisations: their stock codes, or their countries, are disjoint."""
    if codes_a and codes_b and not codes_a & codes_b:
        return True
    return bool(countries_a and countries_b and not countries_a & countries_b)


def homonym_keys(names: Iterable[OrgName]) -> dict[tuple[str, str], str]:
    """(report, raw key) -> a key of its own, for names that organisations with disjoint codes or countries share.

    Two reports whose organisations have the same raw key (legal forms, case and punctuation drop out)
    but stock codes with nothing in common, or legal forms of different countries (:attr:`OrgName.countries`),
    name two organisations (a listing is the identity a register gives, ISO 10383 / exchange tickers; a
    legal form, the law it was registered under).  Names are one holder when they share a code, or a
    country without disjoint codes (transitively); when two holders of a key conflict, each holder gets
    ``<key>-<slug of its smallest code>`` (``<key>-<slug of its legal form>`` without a code: ``nordbank-asa``).
    Names with neither code nor form, or that fit two differing holders, keep the plain key.  Deterministic: every choice is sorted.
    """
    by_key: dict[str, list[tuple[OrgName, frozenset[str]]]] = defaultdict(list)
    for n in names:
        countries = n.countries
        if n.stock_codes or countries:
            by_key[n.key].append((n, countries))
    out: dict[tuple[str, str], str] = {}
    for key, held in sorted(by_key.items()):
        # (codes, countries, reports, legal forms) of each holder; codes first, so a listing decides before a form does
        groups: list[tuple[set[str], set[str], set[str], set[str]]] = []
        for n, countries in sorted(held, key=lambda h: (not h[0].stock_codes, h[0].report, sorted(h[0].stock_codes), sorted(h[1]))):
            touching = [g for g in groups if g[0] & n.stock_codes or (
                g[1] & countries and not _conflict(g[0], set(), set(n.stock_codes), set()))]
            if any(_conflict(a[0], a[1], b[0], b[1]) for i, a in enumerate(touching) for b in touching[i + 1:]):
                continue  # fits two holders that differ (a form shared by two listed banks): cannot say which
            codes, nations, reports = set(n.stock_codes), set(countries), {n.report}
            forms = {slug(f) for f in map(legal_form, (n.label, *n.aliases)) if f and legal_form_countries(f"x {f}")}
            for g in touching:
                codes |= g[0]
                nations = nations & g[1] if nations and g[1] and nations & g[1] else nations | g[1]
                reports |= g[2]
                forms |= g[3]
                groups.remove(g)
            groups.append((codes, nations, reports, forms))
        if not any(_conflict(a[0], a[1], b[0], b[1]) for i, a in enumerate(groups) for b in groups[i + 1:]):
            continue
        for codes, _, reports, forms in groups:
            own = f"{key}-{slug(min(codes)) if codes else min(forms)}"
            out.update(((r, key), own) for r in reports)
    return out


def compute_resolution(names: Iterable[OrgName]) -> Resolution:
    """Decide which raw keys denote one organisation, from every report's names and aliases."""
    names = list(names)
    split = homonym_keys(names)
    return Resolution(_canonical_keys(names, split), split)


def _canonical_keys(names: list[OrgName], split: Mapping[tuple[str, str], str]) -> dict[str, str]:
    """Each key of ``names`` (after the homonym ``split``) -> the canonical key of its class: classes merge
    through aliases (a short name one organisation defines and another report names it by)."""

    def key_of(n: OrgName) -> str:
        return split.get((n.report, n.key), n.key)

    classes = _Classes(sorted({key_of(n) for n in names}))
    claims: dict[str, set[str]] = defaultdict(set)  # alias key -> raw keys of the organisations defining it
    listed: set[str] = set()
    for n in names:
        k = key_of(n)
        classes.reports[k].add(n.report)
        classes.codes[k] |= n.stock_codes
        if n.countries:
            have = classes.countries[k]
            classes.countries[k] = have & n.countries if have and have & n.countries else have | n.countries
        if n.stock_codes:
            listed.add(k)
        for alias in n.aliases:
            a = alias_key(alias)
            if a is not None and a != n.key and a != k:
                claims[a].add(k)
    owners = set().union(*claims.values()) if claims else set()
    changed = True
    while changed:  # merging can make an alias unambiguous (its claimants became one class): repeat to a fixpoint
        changed = False
        for a in sorted(claims):
            if a not in classes.parent:
                continue  # no report names anything by this alias alone
            claimants = {classes.find(o) for o in claims[a]}
            target = classes.find(a)
            if len(claimants) != 1:
                continue  # ambiguous alias: defined for different organisations
            owner = claimants.pop()
            if owner != target and not classes.conflict(owner, target):
                classes.union(owner, target)
                changed = True
    members: dict[str, list[str]] = defaultdict(list)
    for k in classes.parent:
        members[classes.find(k)].append(k)
    canonical: dict[str, str] = {}
    for group in members.values():
        best = min(group, key=lambda k: _rank(k, owners, listed))
        canonical.update((k, best) for k in group)
    return canonical


class IncrementalResolution:
    """:func:`compute_resolution` over every held report's names, kept up to date as reports are added,
    replaced and removed, at a cost that follows what changed, not what is held (issue 22: a build's
    writer resolved all the names of the store at every commit).

    Resolution decomposes: a name's homonym split (:func:`homonym_keys`) depends only on the names of its
    raw key, and classes merge only through aliases, so the canonical key of a class depends only on the
    names connected to it by alias definitions.  :meth:`apply` recomputes the splits of the raw keys the
    changed reports name, then the classes of every key connected to those (by an alias defined or named,
    in either direction), with the same functions over those names in the same order as a whole
    recomputation reads them (held reports in the order they were last written, then the new ones), so the
    result is :func:`compute_resolution` of all the names, decided in the same way.

    ``names`` holds each report's organisation names, with each node on its resolved IRI.  The first
    :meth:`apply` resolves everything (the names may have been read from a store written by another
    tool, or without resolution) and moves any held report that is not on its resolved IRIs.
    """

    def __init__(self, held: Mapping[str, list[OrgName]]) -> None:
        self.names: dict[str, list[OrgName]] = {}
        self.resolution = Resolution()
        self._seq: dict[str, int] = {}  # report -> when it was last (re)written: the order resolution reads names in
        self._counter = 0
        self._raw: dict[str, set[str]] = defaultdict(set)  # raw key -> reports naming it
        self._alias: dict[str, set[str]] = defaultdict(set)  # alias key -> reports defining it
        self._splits: dict[str, set[str]] = defaultdict(set)  # key after the split -> raw keys having it
        self._raw_entries: dict[str, set[tuple[str, str]]] = defaultdict(set)  # raw key -> its entries of the split
        self._everything = True
        for report, names in held.items():
            self._add(report, names)

    # ------------------------------------------------------------------ indexes
    def _add(self, report: str, names: list[OrgName]) -> None:
        self.names[report] = names
        self._seq[report] = self._counter
        self._counter += 1
        for n in names:
            self._raw[n.key].add(report)
            for a in _alias_keys(n):
                self._alias[a].add(report)

    def _drop(self, report: str) -> list[OrgName]:
        names = self.names.pop(report, [])
        self._seq.pop(report, None)
        for n in names:
            _discard(self._raw, n.key, report)
            for a in _alias_keys(n):
                _discard(self._alias, a, report)
        return names

    def _ordered(self, reports: Iterable[str]) -> list[OrgName]:
        """The names of ``reports`` in the order a whole recomputation reads them."""
        return [n for r in sorted(set(reports), key=self._seq.__getitem__) for n in self.names[r]]

    def _split_key(self, n: OrgName) -> str:
        return self.resolution.split.get((n.report, n.key), n.key)

    def _resplit(self, raw: str) -> set[str]:
        """Recompute the homonym split of one raw key; returns its keys after the split, before and after."""
        split = self.resolution.split
        touched: set[str] = set()
        for entry in self._raw_entries.pop(raw, ()):
            touched.add(split.pop(entry))
        names = [n for n in self._ordered(self._raw.get(raw, ())) if n.key == raw]
        fresh = homonym_keys(names)
        split.update(fresh)
        if fresh:
            self._raw_entries[raw] = set(fresh)
        touched |= set(fresh.values())
        for key in touched | {raw}:
            _discard(self._splits, key, raw)
        for n in names:
            self._splits[self._split_key(n)].add(raw)
        return touched | {raw}

    def _names_of(self, key: str) -> Iterator[tuple[str, OrgName]]:
        """(report, name) of every held name whose key after the split is ``key``."""
        for raw in self._splits.get(key, ()):
            for report in self._raw.get(raw, ()):
                for n in self.names[report]:
                    if n.key == raw and self._split_key(n) == key:
                        yield report, n

    def _connected(self, start: set[str]) -> tuple[set[str], set[str]]:
        """Every key connected to ``start`` through alias definitions, and the reports naming them."""
        keys, reports, todo = set(start), set(), list(start)
        while todo:
            key = todo.pop()
            linked: set[str] = set()
            for report, n in self._names_of(key):
                reports.add(report)
                linked.update(_alias_keys(n))
            for report in self._alias.get(key, ()):
                linked.update(self._split_key(n) for n in self.names[report] if key in _alias_keys(n))
            for other in linked - keys:
                keys.add(other)
                todo.append(other)
        return keys, reports

    # ------------------------------------------------------------------ updating
    def apply(self, new: Mapping[str, list[OrgName]], removed: Iterable[str] = ()) -> tuple[dict[str, dict[str, str]], dict[str, dict[str, str]]]:
        """Add (or replace) the reports of ``new`` and drop the ``removed`` ones; returns the term maps
        (:func:`term_map`) of every new report and of every held report whose organisations move."""
        leaving = [r for r in (*removed, *new) if r in self.names]
        start: set[str] = set()
        raws: set[str] = set()
        for report in leaving:
            for n in self.names[report]:
                raws.add(n.key)
                start.add(self._split_key(n))
                start.update(_alias_keys(n))
            self._drop(report)
        for report, names in new.items():
            self._add(report, list(names))
            for n in names:
                raws.add(n.key)
                start.update(_alias_keys(n))
        if self._everything:
            everything = self._ordered(self.names)
            self.resolution = compute_resolution(everything)
            self._raw_entries = defaultdict(set)
            for entry in self.resolution.split:
                self._raw_entries[entry[1]].add(entry)
            self._splits = defaultdict(set)
            for n in everything:
                self._splits[self._split_key(n)].add(n.key)
            reports = set(self.names)
        else:
            for raw in sorted(raws):
                start |= self._resplit(raw)
            keys, reports = self._connected(start)
            canonical = self.resolution.canonical
            for key in keys:
                canonical.pop(key, None)
            names = [n for n in self._ordered(reports) if self._split_key(n) in keys]
            canonical.update(_canonical_keys(names, self.resolution.split))
        new_moves = {report: term_map(self.names.get(report, ()), self.resolution) for report in new}
        held_moves = {}
        for report in sorted(reports - set(new), key=self._seq.__getitem__):
            moves = term_map(self.names[report], self.resolution)
            if moves:
                held_moves[report] = moves
        for report, moves in (*new_moves.items(), *held_moves.items()):
            names = self._drop(report) if report in self.names else []
            if names:
                self._add(report, moved_names(names, moves))
        self._everything = False
        return new_moves, held_moves


def _discard(index: dict[str, set[str]], key: str, value: str) -> None:
    """Take ``value`` out of ``index[key]``, and the key out when nothing is left."""
    held = index.get(key)
    if held is not None:
        held.discard(value)
        if not held:
            del index[key]


def _alias_keys(n: OrgName) -> set[str]:
    """The keys of the aliases ``n`` defines that can merge it with another name (not its own key)."""
    return {a for a in map(alias_key, n.aliases) if a is not None and a != n.key}


def moved_names(names: Iterable[OrgName], moves: Mapping[str, str]) -> list[OrgName]:
    """``names`` after their graph was rewritten per ``moves``: each node on its new IRI."""
    return [OrgName(n.report, rename_iri(n.node, moves), n.label, n.aliases, n.stock_codes) for n in names]


# ----------------------------------------------------------------------------- reading names
def org_names(g: Graph, report: str | None = None) -> list[OrgName]:
    """The organisation nodes of one report graph with their names, aliases and stock codes."""
    report = report or str(g.identifier)
    out = []
    for node in sorted(set(g.subjects(RDF.type, ESG.Organization))):
        if not isinstance(node, URIRef) or not str(node).startswith(ORG_PREFIX):
            continue
        labels = sorted(str(x) for x in g.objects(node, RDFS.label))
        if not labels:
            continue
        out.append(OrgName(
            report, str(node), labels[0],
            frozenset(str(x) for x in g.objects(node, SKOS.altLabel)),
            frozenset(str(x) for x in g.objects(node, ESG.stockCode)),
        ))
    return out


# ----------------------------------------------------------------------------- rewriting
def _local(iri: str, prefix: str) -> str | None:
    return iri[len(prefix):] if iri.startswith(prefix) else None


def term_map(names: Iterable[OrgName], resolution: Resolution) -> dict[str, str]:
    """old org-key -> new org-key for one graph's nodes (only the ones that move)."""
    moves = {}
    for n in names:
        old = _local(n.node, ORG_PREFIX)
        new = resolution.key(n.key, n.report)
        if old is not None and old != new:
            moves[old] = new
    return moves


def rename_iri(iri: str, moves: Mapping[str, str]) -> str:
    """``iri`` after resolution moved organisations per ``moves`` (old org-key -> new org-key): an
    organisation's IRI, or a facility's (``id/facility/<operator>/...``) whose operator moved; any
    other IRI is returned as it is.  The one renaming rule, for rdflib graphs and store quads alike."""
    org = _local(iri, ORG_PREFIX)
    if org is not None:
        return ORG_PREFIX + moves[org] if org in moves else iri
    fac = _local(iri, FACILITY_PREFIX)
    if fac is not None and "/" in fac:
        operator, rest = fac.split("/", 1)
        if operator in moves:
            return f"{FACILITY_PREFIX}{moves[operator]}/{rest}"
    return iri


def _rename(term: Node, moves: Mapping[str, str]) -> Node:
    if not isinstance(term, URIRef):
        return term
    new = rename_iri(str(term), moves)
    return term if new == str(term) else URIRef(new)


def rewrite(g: Graph, moves: Mapping[str, str]) -> Graph:
    """A copy of ``g`` (same identifier) with organisation and facility IRIs moved per ``moves``."""
    out = Graph(identifier=g.identifier)
    for prefix, ns in g.namespaces():
        out.bind(prefix, ns, override=True)
    if not moves:
        out += g
        return out
    for s, p, o in g:
        out.add((_rename(s, moves), p, _rename(o, moves)))
    return out


def rewrite_quads(quads: Iterable[ox.Quad], moves: Mapping[str, str]) -> Iterator[ox.Quad]:
    """``quads`` with organisation and facility IRIs moved per ``moves`` (pyoxigraph quads, in the store's
    own terms: nothing is serialised or parsed).  Only subjects and objects can be organisations."""
    if not moves:
        yield from quads
        return
    renamed: dict[str, ox.NamedNode] = {}

    def term(t):
        if not isinstance(t, ox.NamedNode):
            return t
        new = renamed.get(t.value)
        if new is None:
            value = rename_iri(t.value, moves)
            new = renamed[t.value] = t if value == t.value else ox.NamedNode(value)
        return new

    for q in quads:
        yield ox.Quad(term(q.subject), q.predicate, term(q.object), q.graph_name)


def resolve_graph(g: Graph, resolution: Resolution) -> Graph:
    """``g`` with every organisation on its resolved IRI (a new graph; ``g`` is unchanged)."""
    return rewrite(g, term_map(org_names(g), resolution))


def resolve_dataset(ds: Dataset) -> Resolution:
    """Resolve organisations across all named graphs of ``ds``, rewriting the graphs in place.

    The graphs go through an in-memory store (:meth:`esgkg.store.Store.put_reports`), the code path
    of every build, so a dataset resolves to exactly the IRIs a store gives the same reports."""
    from . import Store

    graphs = [g for g in ds.graphs() if isinstance(g.identifier, URIRef) and g.identifier != ds.default_graph.identifier and len(g)]
    names = [n for g in graphs for n in org_names(g)]
    memory = Store()
    memory.put_reports(graphs)
    for g in graphs:
        resolved = memory.graph(URIRef(g.identifier))
        if set(resolved) != set(g):
            g.remove((None, None, None))
            g.addN((s, p, o, g) for s, p, o in resolved)
    return compute_resolution(names)


__all__ = ["OrgName", "Resolution", "IncrementalResolution", "compute_resolution", "moved_names", "org_names", "term_map", "rename_iri", "rewrite", "rewrite_quads",
           "resolve_graph", "resolve_dataset", "alias_key", "homonym_keys", "legal_form", "legal_form_countries"]
