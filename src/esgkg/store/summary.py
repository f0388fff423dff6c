"""What the library query ``standards-overview`` counts, kept per standard by the store's writer (issue 22).

``standards-overview`` answers in one row per standard (and code) how many organisations hold it, in how
many reports, by how many claims (certifications), how many of them group- or subsidiary-wide.  Over
SPARQL that is three distinct counts over every certification of the store, whatever page is asked for:
2.7 s at 4,193 reports and growing with the store.  Here the writer keeps those counts as it writes:
each report graph's *contribution* (its certifications' standards, holders, derivations and scopes, its
standards' codes and titles) is read from the quads it writes, and added to or taken from per-standard
tallies that count how many times each holder, report and certification is reached, so a report that is
replaced, removed or rewritten by resolution (its organisations' IRIs moved) moves the tallies exactly.

The rows are written beside the store (:data:`SUMMARY_FILE`) with the token of the commit they describe
(:data:`~esgkg.store.GENERATION_FILE`); a reader answers from them only when the token is the store's
current one, so a store written by another tool (no file, or a token that is not the last commit's) or
by a writer that did not keep the counts (:meth:`esgkg.store.Store.add_quads`) is asked over SPARQL.

The counts equal the query's on every store whose report graphs each hold their certifications whole
(every certification IRI is its report's, ``id/cert/<report>/...``, so it is in no other graph), which
is what esgkg writes; the tests compare both on built and synthetic stores.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..vocab import ESG

SUMMARY_FILE = "esgkg-standards.json"
"""The per-standard rows of the last commit, beside the store's data (RocksDB ignores it)."""

STATE_FILE = "esgkg-standards-tallies.json"
"""The tallies behind them, saved when a writer compacts or repacks the store (its last act in a build)."""

QUERY = "standards-overview"
"""The library query these rows answer."""

COLUMNS = ["std", "code", "title", "holders", "reports", "claims", "wideClaims"]
"""Its columns, as the SPARQL file projects them."""

_PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
PREDICATES = tuple(ox.NamedNode(p) for p in (
    str(ESG.standard), str(ESG.code), str(ESG.title), str(ESG.holdsCertification), str(ESG.holderScope), _PROV_DERIVED))
"""The predicates whose triples the counts are made of."""
_STANDARD, _CODE, _TITLE, _HOLDS, _SCOPE, _DERIVED = (p.value for p in PREDICATES)

Row = tuple[str, str, "str | None", int, int, int, int]


@dataclass(slots=True)
class Contribution:
    """What one report graph adds to the counts: per standard, a tally of each holder, report,
    certification and wide certification its certifications reach, and its codes and titles."""

    holders: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    reports: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    claims: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    wide: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    codes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    titles: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    plain: bool = True
    """False when a code or title is not a plain string (never in esgkg's graphs): the rows cannot say it."""

    def tallies(self) -> Iterator[tuple[str, dict[str, Counter[str]]]]:
        """Each tally by name (holders, reports, claims, wide, codes, titles): standard key -> Counter of its terms."""
        for name in ("holders", "reports", "claims", "wide", "codes", "titles"):
            yield name, getattr(self, name)


def contribution(quads: Iterable[ox.Quad]) -> Contribution:
    """The contribution of one graph's quads (only the :data:`PREDICATES` matter), joined as the query
    joins them: a certification counts with each of its standards once it has a holder."""
    standards: dict[str, set[str]] = defaultdict(set)
    holders: dict[str, set[str]] = defaultdict(set)
    derived: dict[str, set[str]] = defaultdict(set)
    wide: set[str] = set()
    out = Contribution()
    for q in quads:
        p, s, o = q.predicate.value, q.subject, q.object
        if p == _STANDARD and isinstance(s, ox.NamedNode | ox.BlankNode) and isinstance(o, ox.NamedNode):
            standards[_key(s)].add(o.value)
        elif p == _HOLDS and isinstance(o, ox.NamedNode | ox.BlankNode):
            holders[_key(o)].add(_key(s))
        elif p == _DERIVED:
            derived[_key(s)].add(_key(o))
        elif p == _SCOPE and isinstance(o, ox.Literal) and o.datatype.value == _XSD_STRING and o.value != "named":
            wide.add(_key(s))
        elif p in (_CODE, _TITLE) and isinstance(s, ox.NamedNode):
            if not (isinstance(o, ox.Literal) and o.datatype.value == _XSD_STRING):
                out.plain = False
                continue
            (out.codes if p == _CODE else out.titles)[s.value][o.value] += 1
    for cert, stds in standards.items():
        if not holders.get(cert):
            continue
        for std in stds:
            out.holders[std].update(holders[cert])
            out.reports[std].update(derived.get(cert, ()))
            out.claims[std][cert] += 1
            if cert in wide:
                out.wide[std][cert] += 1
    return out


def _key(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    """A term as a key: ``<iri>``, ``_:b`` or a literal's N-Triples (distinct terms, distinct keys)."""
    return str(term)


class StandardsSummary:
    """The tallies of every held report graph together, and the rows of ``standards-overview`` they give.

    A writer changes them by each graph it writes or drops: the old version's contribution out (read from
    the store just before the write), the new one's in; :meth:`save` keeps them beside the store for the
    next writer, which otherwise reads them from the store once (:meth:`of_store`)."""

    def __init__(self, total: Contribution | None = None, unplain: int = 0) -> None:
        self._total = total or Contribution()
        self._unplain = unplain
        self._changed: set[str] = {std for _, tally in self._total.tallies() for std in tally}
        self._rows: dict[str, list[Row]] = {}

    @classmethod
    def of_store(cls, store: ox.Store, skip: str) -> StandardsSummary:
        """The summary of every named graph of ``store`` (but those whose name starts with ``skip``): what a
        writer reads at its first write when no saved summary is current (one pass over the certifications
        and standards, each certification's derivation looked up: not every fact's)."""
        quads: dict[str, list[ox.Quad]] = defaultdict(list)
        derived = PREDICATES[-1]
        for p in PREDICATES[:-1]:
            for q in store.quads_for_pattern(None, p, None, None):
                if isinstance(q.graph_name, ox.NamedNode) and not q.graph_name.value.startswith(skip):
                    quads[q.graph_name.value].append(q)
                    if p.value == _STANDARD:
                        quads[q.graph_name.value].extend(store.quads_for_pattern(q.subject, derived, None, q.graph_name))
        summary = cls()
        for held in quads.values():
            summary.add(contribution(held))
        return summary

    def add(self, part: Contribution, sign: int = 1) -> None:
        """Count a graph's contribution in (``sign`` 1) or out (-1)."""
        self._unplain += sign * (not part.plain)
        for name, tally in part.tallies():
            total = getattr(self._total, name)
            for std, counts in tally.items():
                self._changed.add(std)
                have = total[std]
                for key, n in counts.items():
                    left = have[key] + sign * n
                    if left > 0:
                        have[key] = left
                    else:
                        del have[key]
                if not have:
                    del total[std]

    @property
    def answerable(self) -> bool:
        """Whether the rows say what the query says (every code and title a plain string)."""
        return self._unplain == 0

    def rows(self) -> list[Row]:
        """The query's rows, in its order (most holders first, then by code)."""
        t = self._total
        for std in self._changed:
            claims = t.claims.get(std)
            codes = t.codes.get(std)
            if not claims or not codes:
                self._rows.pop(std, None)
                continue
            titles = t.titles.get(std)
            title = min(titles) if titles else None
            self._rows[std] = [(std, code, title, len(t.holders.get(std, ())), len(t.reports.get(std, ())), len(claims),
                                len(t.wide.get(std, ()))) for code in codes]
        self._changed.clear()
        return sorted((r for rows in self._rows.values() for r in rows), key=lambda r: (-r[3], r[1], r[0]))

    def save(self, path: Path, token: str) -> None:
        """Keep the tallies at ``path`` for the commit ``token`` (a writer that opens the store at that commit reads them)."""
        state = {name: {std: dict(c) for std, c in tally.items()} for name, tally in self._total.tallies()}
        _write_json(path, {"generation": token, "unplain": self._unplain, "tallies": state})

    @classmethod
    def load(cls, path: Path, token: str | None) -> StandardsSummary | None:
        """The tallies kept at ``path`` for the commit ``token``, or None (none, another commit's, unreadable)."""
        data = _read_json(path, token)
        if data is None:
            return None
        total = Contribution()
        try:
            for name, tally in data["tallies"].items():
                target = getattr(total, name)
                for std, counts in tally.items():
                    target[std].update({k: int(n) for k, n in counts.items()})
            return cls(total, int(data["unplain"]))
        except (AttributeError, KeyError, TypeError, ValueError):
            return None


def _write_json(path: Path, data: Mapping) -> None:
    """Write ``data`` to ``path`` through a file beside it, renamed: a reader never sees half of it."""
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_text(json.dumps(data), encoding="utf-8")
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        path.unlink(missing_ok=True)


def _read_json(path: Path, token: str | None) -> Mapping | None:
    """What :func:`_write_json` wrote at ``path`` for the commit ``token``, or None."""
    if token is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, Mapping) and data.get("generation") == token else None


def write_rows(path: Path, token: str, rows: list[Row]) -> None:
    """Write the rows for the commit ``token`` to ``path``."""
    _write_json(path, {"generation": token, "query": QUERY, "rows": rows})


def read_rows(path: Path, token: str | None) -> list[Row] | None:
    """The rows written for the commit ``token``, or None (no file, another commit's, unreadable)."""
    data = _read_json(path, token)
    if data is None or data.get("query") != QUERY:
        return None
    return [tuple(r) for r in data.get("rows", ())]


__all__ = ["COLUMNS", "QUERY", "STATE_FILE", "SUMMARY_FILE", "StandardsSummary", "contribution", "read_rows", "write_rows"]
