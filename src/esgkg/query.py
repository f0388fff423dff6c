"""The named SPARQL query library (``queries/*.rq``): listing, loading, binding and running.

Each query file starts with a header comment that a user reads and this module parses::

    # title: Targets due by a given year
    # question: Which targets fall due in or before a given year, soonest first?
    # param: year integer = 2030 -- the last target year to include

and its body pre-binds the parameters with one ``VALUES (?year) { (2030) }`` block, so the file
is a complete query any SPARQL tool runs as it is (with the defaults).

**How parameters are bound.**  A value given by the user is parsed into an RDF term of the
declared type (IRI, string, integer, year, decimal) and the body's ``VALUES`` block is rewritten
to hold those terms' N-Triples serialisation (``term.n3()``), after the term has been validated
(an IRI may not contain ``<>"{}|^`\\`` or white space; numbers must parse as numbers).  We chose
this over pyoxigraph's ``substitutions`` because (1) pyoxigraph only substitutes variables that
appear in the SELECT projection, which would force parameters into every result table and out of
aggregate queries, and (2) the bound query stays one plain SPARQL text that rdflib, pyoxigraph
and any SPARQL endpoint run identically (the benchmark compares engines on the same text).  A
value can never change the query's shape: it reaches the engine only as one escaped RDF term.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from .vocab import PREFIXES, resource_path

if TYPE_CHECKING:  # only for the hints: importing esgkg.query stays light (tests/test_imports.py)
    from .store import Store

PARAM_TYPES = ("iri", "string", "integer", "year", "decimal")
FORMATS = ("table", "csv", "json")

_TITLE = re.compile(r"^#\s*title:\s*(?P<text>.+?)\s*$", re.M)
_QUESTION = re.compile(r"^#\s*question:\s*(?P<text>.+?)\s*$", re.M)
_PARAM = re.compile(
    r"^#\s*param:\s*(?P<name>[A-Za-z_]\w*)\s+(?P<type>\w+)"
    r"(?:\s*=\s*(?P<default>\"(?:[^\"\\]|\\.)*\"|\S+))?"
    r"\s*(?:--\s*(?P<doc>.*?))?\s*$",
    re.M,
)
# the one block that pre-binds every parameter: VALUES (?a ?b) { (default-a default-b) }
_VALUES = re.compile(r"VALUES\s*\(((?:\s*\?\w+)+)\s*\)\s*\{[^{}]*\}")
_IRI_FORBIDDEN = re.compile(r"[\x00-\x20<>\"{}|^`\\\x7f]")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
# an aggregating query's page key: "# page-by: ?group ?org" (see paged_by_key)
_PAGE_BY = re.compile(r"^#\s*page-by:\s*(?P<vars>\?\w+(?:[ \t]+\?\w+)*)", re.M)


class QueryError(Exception):
    """A query cannot be found, loaded, bound or run; ``str()`` is a one-line message."""


@dataclass(frozen=True, slots=True)
class Param:
    """One declared parameter: its name, type, default (None = unbound, i.e. 'any') and meaning."""

    name: str
    type: str
    default: str | None
    doc: str


@dataclass(frozen=True, slots=True)
class Query:
    """A library query: its name (file stem), header and SPARQL text."""

    name: str
    path: Path
    title: str
    question: str
    params: tuple[Param, ...]
    text: str
    page_by: tuple[str, ...] = ()
    """The variables (without ``?``) of its ``# page-by:`` line: a page is the rows of that many keys."""

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise QueryError(f"query '{self.name}' has no parameter '{name}' (its parameters: {known})")


# ----------------------------------------------------------------------------- finding and loading
def queries_dir() -> Path:
    """The folder of the shipped ``.rq`` files (the repository's ``queries/`` or the wheel's data package)."""
    return resource_path("queries", "")


def list_queries() -> list[Query]:
    """Every shipped query, sorted by name."""
    return [load_query(p.stem) for p in sorted(queries_dir().glob("*.rq"))]


def load_query(name: str) -> Query:
    """The query ``name`` (``queries/<name>.rq``), with its header parsed and checked."""
    if not re.fullmatch(r"[A-Za-z0-9_\-]+", name or ""):
        from .names import close_matches, did_you_mean

        close = close_matches(name or "", [p.stem for p in queries_dir().glob("*.rq")])
        raise QueryError(f"'{name}' is not a query name{did_you_mean(close)} (see 'esgkg query --list')")
    return _load(resource_path("queries", f"{name}.rq"))


@lru_cache(maxsize=None)
def _load(path: Path) -> Query:
    if not path.is_file():
        from .names import close_matches, did_you_mean

        close = close_matches(path.stem, [p.stem for p in queries_dir().glob("*.rq")])
        raise QueryError(f"no query '{path.stem}'{did_you_mean(close)} (see 'esgkg query --list')")
    text = path.read_text(encoding="utf-8")
    title, question = _TITLE.search(text), _QUESTION.search(text)
    if title is None or question is None:
        raise QueryError(f"{path}: the header needs '# title:' and '# question:' lines")
    params = []
    for m in _PARAM.finditer(text):
        kind = m["type"].lower()
        if kind not in PARAM_TYPES:
            raise QueryError(f"{path}: parameter '{m['name']}' has unknown type '{kind}' (use {', '.join(PARAM_TYPES)})")
        default = m["default"]
        if default is not None and default.startswith('"'):
            default = json.loads(default)
        params.append(Param(m["name"], kind, default, m["doc"] or ""))
    if params:
        blocks = _VALUES.findall(text)
        declared = sorted(p.name for p in params)
        if len(blocks) != 1 or sorted(v.lstrip("?") for v in blocks[0].split()) != declared:
            names = " ".join(f"?{n}" for n in declared)
            raise QueryError(f"{path}: the parameters need exactly one block 'VALUES ({names}) {{ (...) }}'")
    page_by: tuple[str, ...] = ()
    if (m := _PAGE_BY.search(text)) is not None:
        page_by = tuple(v.lstrip("?") for v in m["vars"].split())
        group = re.search(r"\bGROUP\s+BY\s+((?:\?\w+\s*)+)", _COMMENT_LINE.sub("", text), re.I)
        grouped = {v.lstrip("?") for v in group.group(1).split()} if group else set()
        if not set(page_by) <= grouped:
            raise QueryError(f"{path}: '# page-by:' names variables of its GROUP BY, not {' '.join('?' + v for v in page_by)}")
    return Query(path.stem, path, title["text"], question["text"], tuple(params), text, page_by)




# ----------------------------------------------------------------------------- parameter values -> RDF terms
def to_term(param: Param, value: str) -> Node:
    """Parse a user's text into an RDF term of the parameter's type, or raise QueryError."""
    try:
        if param.type == "iri":
            return _iri(value)
        if param.type == "string":
            return Literal(value)
        if param.type in ("integer", "year"):
            text = value.strip()
            if not re.fullmatch(r"[+-]?\d+", text) or (param.type == "year" and not re.fullmatch(r"\d{4}", text)):
                raise ValueError(f"not {'a four-digit year' if param.type == 'year' else 'an integer'}")
            return Literal(int(text), datatype=XSD.integer)
        if param.type == "decimal":
            number = Decimal(value.strip())
            if not number.is_finite():
                raise ValueError("not a finite number")
            return Literal(number, datatype=XSD.decimal)
    except (ValueError, InvalidOperation) as err:
        raise QueryError(f"parameter {param.name}: {_short(value)} is {err if isinstance(err, ValueError) and str(err) else 'not a number'}") from None
    raise QueryError(f"parameter {param.name}: unknown type {param.type}")


def _iri(value: str) -> URIRef:
    """An absolute IRI from ``<...>``, ``prefix:local`` (our prefixes, e.g. ``esg:CarbonPeak``) or a full IRI."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, _, local = text.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        text = str(PREFIXES[prefix]) + local
    if not _SCHEME.match(text) or _IRI_FORBIDDEN.search(text):
        raise ValueError("not an absolute IRI (no spaces or any of <>\"{}|^`\\)")
    return URIRef(text)


def _short(value: str) -> str:
    text = value if len(value) <= 40 else value[:37] + "..."
    return json.dumps(text, ensure_ascii=False)


def bind(query: Query, params: Mapping[str, str | Node] | None = None) -> dict[str, Node | None]:
    """Every parameter's term: the user's value, else the default (None means unbound: 'any')."""
    given = dict(params or {})
    for name in given:
        query.param(name)  # unknown names are an error, not silently ignored
    out: dict[str, Node | None] = {}
    for p in query.params:
        value = given.get(p.name, p.default)
        if value is None or isinstance(value, Node):
            out[p.name] = value
        else:
            out[p.name] = to_term(p, str(value))
    return out


def sparql(query: Query | str, params: Mapping[str, str | Node] | None = None) -> str:
    """The query's SPARQL text, its ``VALUES`` block holding the bound terms (defaults where not given)."""
    q = load_query(query) if isinstance(query, str) else query
    terms = bind(q, params)
    if not terms:
        return q.text
    for name, term in terms.items():
        if isinstance(term, BNode):
            raise QueryError(f"parameter {name}: a blank node cannot be a parameter")
    match = _VALUES.search(q.text)
    assert match is not None  # _load checked that the block exists and names every parameter
    names = [v.lstrip("?") for v in match.group(1).split()]
    row = " ".join("UNDEF" if terms[n] is None else terms[n].n3() for n in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }}"
    # one slice of the original text is replaced: the bound terms are never searched or rewritten
    return q.text[: match.start()] + block + q.text[match.end():]


# ----------------------------------------------------------------------------- names and IRIs in parameters
_ORG_PARAMS = ("group", "a", "b", "parent")


def is_organisation_param(param: Param) -> bool:
    """An IRI parameter that takes an organisation (its meaning shows ``id:org/...``, or it is a group)."""
    return param.type == "iri" and ("id:org/" in param.doc or param.name in _ORG_PARAMS)


def _iri_like(value: str) -> bool:
    """Whether a parameter value is written as an IRI (``id:org/x``, ``esg:X``, ``<...>``, ``https://...``)."""
    from .names import as_iri

    return as_iri(value) is not None


def resolve_params(source, query: Query, params: Mapping[str, str | Node] | None) -> dict[str, str | Node]:
    """The IRI parameters of ``params`` checked against the graph ``source`` (a Store or rdflib Graph).

    An organisation parameter takes a name, an alias, the ``id:`` form or an IRI
    (:func:`esgkg.names.find_organisation`); any other IRI parameter must name an IRI the graph holds.
    What names nothing is a :class:`QueryError` with close matches, never an empty answer.
    """
    from .names import NotFound, check_iri, find_organisation

    out = dict(params or {})
    for name, value in out.items():
        param = query.param(name)
        if param.type != "iri" or not isinstance(value, str) or not value.strip():
            continue
        try:
            if is_organisation_param(param):
                out[name] = find_organisation(source, value)
            else:
                out[name] = check_iri(source, to_term(param, value), what=f"{param.name}")
        except NotFound as err:
            raise QueryError(f"parameter {name}: {err}") from None
    return out


# ----------------------------------------------------------------------------- running
Row = tuple[Node | None, ...]


class Results(NamedTuple):
    """A query's answer: column names and rows of rdflib terms.  It unpacks as ``columns, rows`` and
    converts to a pandas DataFrame with :meth:`to_pandas` (alias :meth:`to_df`)."""

    columns: list[str]
    rows: list[Row]

    def to_pandas(self, iris: str = "short"):
        """A pandas DataFrame, one column per variable (see :func:`to_dataframe`)."""
        return to_dataframe(self.columns, self.rows, iris=iris)

    to_df = to_pandas

    def __repr__(self) -> str:
        return f"Results({len(self.rows)} row(s) x {self.columns})"


def to_dataframe(columns: Sequence[str] | Results, rows: Sequence[Row] | None = None, *, iris: str = "short"):
    """Query results as a pandas DataFrame: one column per variable, labels and IRIs side by side as
    the query selects them.  IRIs become strings (``iris="short"``: ``id:org/acme``, the form the
    commands print and accept back; ``"full"``: the whole IRI); numbers and years become numbers
    (so a column sorts and plots as one); other literals their text; unbound cells ``None``.

    pandas is an optional dependency (``pip install 'esgkg[notebook]'``)."""
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("query results as a DataFrame need pandas: pip install pandas (or 'esgkg[notebook]')") from None
    if isinstance(columns, Results):
        columns, rows = columns.columns, columns.rows
    if iris not in ("short", "full"):
        raise ValueError(f"iris={iris!r}: use 'short' or 'full'")

    def value(term):
        if term is None:
            return None
        if isinstance(term, URIRef):
            return compact(term) if iris == "short" else str(term)
        if isinstance(term, Literal):
            py = term.toPython()
            if isinstance(py, bool) or isinstance(py, (int, float)):
                return py
            if isinstance(py, Decimal):
                return float(py)
            return str(term)
        return str(term)

    frame = pd.DataFrame([[value(v) for v in row] for row in rows or []], columns=list(columns))
    for name in frame.columns:  # integer columns with gaps stay integers (pandas' nullable Int64)
        col = frame[name]
        if len(col) and col.map(lambda v: v is None or (isinstance(v, int) and not isinstance(v, bool))).all() and col.notna().any():
            frame[name] = col.astype("Int64")
    return frame


def select(store, text: str) -> Results:
    """Run any SPARQL SELECT on an :class:`esgkg.store.Store` (esgkg's prefixes known, ``id:org/x`` accepted)."""
    from .serve.sparqltext import expand_slashed_names
    from .store import PREFIX_MAP, StoreError

    try:
        columns, rows = store.select(expand_slashed_names(text, PREFIX_MAP))
    except StoreError as err:
        raise QueryError(str(err)) from None
    return Results(columns, [tuple(r[c] for c in columns) for r in rows])


DEFAULT_PAGE = 100
"""Rows per page that ``esgkg query`` shows unless given ``--limit`` (0: every row)."""

_ORDER_BY = re.compile(r"^[ \t]*ORDER\s+BY\b", re.M | re.I)
_SELECT = re.compile(r"^[ \t]*SELECT\b", re.M | re.I)
_GROUP_BY = re.compile(r"\bGROUP\s+BY\b", re.I)
_COMMENT_LINE = re.compile(r"^[ \t]*#.*$", re.M)


def _projection(select: str) -> list[str]:
    """The variables a ``SELECT ... WHERE`` head projects, in order (``?x`` and ``(... AS ?y)``)."""
    head = re.split(r"\bWHERE\b|\{", select, maxsplit=1)[0]
    names, depth = [], 0
    for m in re.finditer(r"\(|\)|\bAS\s+\?(\w+)|\?(\w+)", head, re.I):
        if m.group(0) == "(":
            depth += 1
        elif m.group(0) == ")":
            depth -= 1
        elif m.group(1) and depth == 1:
            names.append(m.group(1))
        elif m.group(2) and depth == 0:
            names.append(m.group(2))
    return names


def paged(text: str, limit: int, offset: int = 0) -> str:
    """``text`` (a library query's SPARQL, its comments on lines of their own) reduced to one page of
    ``limit`` rows after the first ``offset``.

    A query that aggregates (``GROUP BY``) keeps its ``ORDER BY`` and gets ``LIMIT``/``OFFSET``: its
    pages are slices of the full, ordered answer (the engine evaluates every group either way; a library
    query with a ``# page-by:`` line is paged by its key instead, see :func:`run_page`).  Any
    other query is paged *unordered*, which lets the engine stop once it has the page's rows (it
    evaluates lazily; an ``ORDER BY`` over the whole answer does not stop early), and the page's rows are
    then put in the query's order: pages come in the store's own order, each page sorted, and the
    pages together hold every row of the full answer exactly once (the store's order is the same for
    every page while the store does not change).  Raises QueryError for a negative limit or offset."""
    if limit < 0 or offset < 0:
        raise QueryError(f"limit {limit}, offset {offset}: a page needs a limit and an offset of 0 or more")
    text = _COMMENT_LINE.sub("", text)
    orders = list(_ORDER_BY.finditer(text))
    page = f"LIMIT {limit}" + (f" OFFSET {offset}" if offset else "")
    if not orders or _GROUP_BY.search(text):
        return f"{text.rstrip()}\n{page}\n"
    order = text[orders[-1].start():].strip()
    body = text[: orders[-1].start()].rstrip()
    select = _SELECT.search(body)
    if select is None:
        return f"{text.rstrip()}\n{page}\n"
    projected = _projection(body[select.start():])
    if not projected or not set(re.findall(r"[?$](\w+)", order)) <= set(projected):  # the order needs more than the
        return f"{text.rstrip()}\n{page}\n"  # rows hold: the full answer ordered, then sliced
    columns = " ".join(f"?{v}" for v in projected)
    return f"{body[:select.start()]}SELECT {columns} WHERE {{ {{\n{body[select.start():]}\n{page}\n}} }}\n{order}\n"


def _closing_brace(text: str, start: int) -> int:
    """The index of the ``}`` that closes the ``{`` at ``start`` (braces inside quoted strings skipped)."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i += 1
            while i < len(text) and text[i] != c:
                i += 2 if text[i] == "\\" else 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise QueryError("the query's braces do not balance")


def _where(text: str) -> tuple[int, int]:
    """Where the main ``SELECT``'s WHERE group starts (its ``{``) and ends (its ``}``) in ``text``."""
    select = _SELECT.search(text)
    if select is None:
        raise QueryError("a query paged by key needs a SELECT at the start of a line")
    start = text.index("{", select.end())
    return start, _closing_brace(text, start)


def _without_optionals(body: str) -> str:
    """``body`` with every ``OPTIONAL { ... }`` removed (what remains binds every row's keys)."""
    while (m := re.search(r"\bOPTIONAL\s*\{", body, re.I)) is not None:
        body = body[: m.start()] + body[_closing_brace(body, m.end() - 1) + 1:]
    return body


def key_query(text: str, keys: Sequence[str], limit: int, offset: int = 0) -> str:
    """The SPARQL that picks a page's keys: ``SELECT DISTINCT ?key ...`` over the WHERE of ``text`` (a bound
    library query) without its OPTIONAL blocks, unordered, ``LIMIT limit OFFSET offset``.

    Unordered and without aggregates, the engine evaluates it lazily and stops at the page's last key (its
    cost does not grow with the store).  Its keys include every key of the full answer (an OPTIONAL never
    removes a row), and the store's order is the same for every page while the store does not change."""
    text = _COMMENT_LINE.sub("", text)
    start, end = _where(text)
    select = _SELECT.search(text)
    assert select is not None
    page = f"LIMIT {limit}" + (f" OFFSET {offset}" if offset else "")
    body = _without_optionals(text[start + 1:end])
    return f"{text[:select.start()]}SELECT DISTINCT {' '.join('?' + k for k in keys)} WHERE {{{body}}}\n{page}\n"


def with_keys(text: str, keys: Sequence[str], rows: Sequence[Sequence[Node | None]]) -> str:
    """``text`` (a bound library query) restricted to the groups of ``rows`` (values of ``keys``): a
    ``VALUES`` block first in its WHERE, so the engine aggregates only those groups, in the query's order."""
    text = _COMMENT_LINE.sub("", text)
    start, _ = _where(text)

    def values(names: Sequence[str]) -> str:
        columns = [keys.index(n) for n in names]
        picked = dict.fromkeys(tuple(row[c] for c in columns) for row in rows)  # distinct, in order
        data = " ".join("(" + " ".join("UNDEF" if v is None else v.n3() for v in row) + ")" for row in picked)
        return f"VALUES ({' '.join('?' + n for n in names)}) {{ {data} }}"

    # the same keys inside each OPTIONAL that names them: Oxigraph evaluates an OPTIONAL on its own, as one
    # hash table over the whole store; with the keys it reads only the page's (the outer rows hold only
    # these keys, so the OPTIONAL's rows of other keys could never join)
    out, at = [], start + 1
    for m in re.finditer(r"\bOPTIONAL\s*\{", text[start:]):
        brace = start + m.end() - 1
        named = [k for k in keys if re.search(rf"[?$]{k}\b", text[brace:_closing_brace(text, brace)])]
        if named:
            out += [text[at:brace + 1], " " + values(named) + " "]
            at = brace + 1
    return text[: start + 1] + "\n  " + values(keys) + "".join(out) + text[at:]


class Page(NamedTuple):
    """One page of a library query: its :class:`Results`, the offset of the next page (None: the last) and
    the SPARQL text that gives the page's rows (the key query's keys written into it)."""

    results: Results
    next_offset: int | None
    sparql: str


def run_page(store: Store, name: str | Query, params: Mapping[str, str | Node] | None = None, *,
             limit: int, offset: int = 0) -> Page:
    """One page of a library query on an :class:`esgkg.store.Store` and where the next page starts.

    A query with a ``# page-by: ?key ...`` header line is paged by that key: a page holds every row of
    ``limit`` keys after the first ``offset`` keys (:func:`key_query` picks them, :func:`with_keys` aggregates
    only their groups), so its cost does not grow with the store; with the query's whole GROUP BY as key
    and no HAVING, that is ``limit`` rows.  Any other query's page is ``limit`` rows (see :func:`paged`).
    ``limit=0`` is every row.  Raises QueryError (one line) when the query cannot be bound or run."""
    query = load_query(name) if isinstance(name, str) else name
    if limit < 0 or offset < 0:
        raise QueryError(f"limit {limit}, offset {offset}: a page needs a limit and an offset of 0 or more")
    if limit == 0:
        if offset:
            raise QueryError(f"offset {offset} without a limit: give both (a page is limit rows after offset)")
        text = sparql(query, resolve_params(store, query, params))
        return Page(_kept_rows(store, query) or _select(store, text), None, text)
    text = sparql(query, resolve_params(store, query, params))
    if not query.page_by:
        text = paged(text, limit, offset)
        kept = _kept_rows(store, query)
        results = Results(kept.columns, kept.rows[offset:offset + limit]) if kept is not None else _select(store, text)
        return Page(results, offset + limit if len(results.rows) == limit else None, text)
    keys = _select(store, key_query(text, query.page_by, limit, offset))
    text = with_keys(text, query.page_by, keys.rows)
    return Page(_select(store, text), offset + limit if len(keys.rows) == limit else None, text)


def _select(store: Store, text: str) -> Results:
    from .store import StoreError

    try:
        columns, rows = store.select(text)
    except StoreError as err:
        raise QueryError(str(err)) from None
    except (OSError, RuntimeError) as err:
        raise QueryError(f"query failed: {str(err).splitlines()[0] if str(err) else type(err).__name__}") from None
    return Results(columns, [tuple(r[c] for c in columns) for r in rows])


def run_query(store: Store, name: str | Query, params: Mapping[str, str | Node] | None = None, *,
              limit: int | None = None, offset: int = 0) -> Results:
    """Run a library query on an :class:`esgkg.store.Store`: :class:`Results`, which unpacks as
    ``(column names, rows of rdflib terms)`` and converts with ``.to_pandas()``.

    ``limit`` and ``offset`` make one page (None: every row): ``run_query(store, "targets-due-by",
    limit=100, offset=100)`` is the second page; see :func:`run_page` (a query with a ``# page-by:`` line
    counts its pages in keys, e.g. groups, not rows) and :func:`paged` for the order of pages.
    Raises QueryError (one line) when the query cannot be bound or run."""
    query = load_query(name) if isinstance(name, str) else name
    if limit is not None:
        return run_page(store, query, params, limit=limit, offset=offset).results
    if offset:
        raise QueryError(f"offset {offset} without a limit: give both (a page is limit rows after offset)")
    return _kept_rows(store, query) or _select(store, sparql(query, resolve_params(store, query, params)))


def _kept_rows(store: Store, query: Query) -> Results | None:
    """The library's ``standards-overview`` (a handful of rows summing up every certification of the store,
    which no page key bounds) as the store's writer kept it (:mod:`esgkg.store.summary`), when the store
    has it current; else None, and the query runs.  Only the shipped file: a copy elsewhere always runs."""
    from .store import summary

    if query.name != summary.QUERY or query.path != queries_dir() / f"{summary.QUERY}.rq":
        return None
    rows = getattr(store, "standards_overview", lambda: None)()
    if rows is None:
        return None
    return Results(list(summary.COLUMNS), [
        (URIRef(std), Literal(code), None if title is None else Literal(title),
         *(Literal(str(n), datatype=XSD.integer) for n in counts)) for std, code, title, *counts in rows])


# ----------------------------------------------------------------------------- output formats
def compact(term) -> str:
    """A term as a reader wants it in a table: IRIs in the short form esgkg accepts back
    (``id:org/acme``, ``esg:CarbonPeak``, else ``<iri>``), literals as their plain value (``2028``,
    not ``"2028"^^xsd:integer``).  Takes rdflib and pyoxigraph terms alike."""
    from .serve.sparqltext import paste_iri

    if term is None:
        return ""
    if isinstance(term, URIRef) or type(term).__name__ == "NamedNode":
        return paste_iri(str(term) if isinstance(term, URIRef) else term.value, _PREFIX_MAP)
    if isinstance(term, BNode) or type(term).__name__ == "BlankNode":
        return f"_:{term if isinstance(term, BNode) else term.value}"
    return str(term) if isinstance(term, Literal) else getattr(term, "value", str(term))


_PREFIX_MAP = {p: str(ns) for p, ns in PREFIXES.items()}


def format_table(columns: Sequence[str], rows: Sequence[Row], width: int | None = None, *, wide: bool = False,
                 count: bool = True) -> str:
    """A text table (rich) of ``rows``: IRIs whole, in the form :func:`compact` gives, never cut or folded.

    ``width`` is the terminal's width (default 160): text columns wrap to fit it, while a column
    holding IRIs keeps its longest IRI on one line (the table is then wider than ``width`` rather
    than cut an IRI).  ``wide`` prints every cell on one line whatever the width (one line per row:
    for a pipe, a file or ``--wide``).  ``count`` adds the closing "N row(s)" line.
    """
    from rich.console import Console
    from rich.measure import Measurement
    from rich.table import Table

    cells = [[compact(v) for v in row] for row in rows]
    table = Table(show_lines=False, header_style="bold")
    for i, name in enumerate(columns):
        longest = max((len(r[i]) for r in cells), default=0)
        iris = any(isinstance(row[i], URIRef) or type(row[i]).__name__ == "NamedNode" for row in rows)
        if wide or iris:
            table.add_column(name, no_wrap=True, min_width=max(longest, len(name)), overflow="fold")
        else:
            table.add_column(name, min_width=min(max(longest, len(name)), 24), overflow="fold")
    for r in cells:
        table.add_row(*(_escape(c) for c in r))
    probe = Console(width=100_000, highlight=False, force_terminal=False, color_system=None)
    needed = Measurement.get(probe, probe.options, table)
    at = needed.maximum if wide else max(width or 160, needed.minimum)
    console = Console(width=max(at, 20), highlight=False, force_terminal=False, color_system=None, soft_wrap=False)
    with console.capture() as capture:
        console.print(table, crop=False)
        if count:
            console.print(f"{len(rows)} row(s)")
    return capture.get()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def format_csv(columns: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 Query Results CSV: a header of variable names, then each term's plain value."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else str(v) for v in row])
    return out.getvalue()


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal) and term.language:
        out["xml:lang"] = term.language
    elif isinstance(term, Literal) and term.datatype and term.datatype != XSD.string:
        out["datatype"] = str(term.datatype)
    return out


def format_json(columns: Sequence[str], rows: Sequence[Row]) -> str:
    """SPARQL 1.1 Query Results JSON (unbound cells are left out, as the format says)."""
    bindings = [{c: _json_term(v) for c, v in zip(columns, row) if v is not None} for row in rows]
    return json.dumps({"head": {"vars": list(columns)}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=1)


def format_rows(columns: Sequence[str], rows: Sequence[Row], fmt: str = "table", width: int | None = None, *,
                wide: bool = False, count: bool = True) -> str:
    """Rows in one of :data:`FORMATS` (``width``, ``wide`` and ``count`` as in :func:`format_table`)."""
    if fmt == "table":
        return format_table(columns, rows, width, wide=wide, count=count)
    if fmt == "csv":
        return format_csv(columns, rows)
    if fmt == "json":
        return format_json(columns, rows)
    raise QueryError(f"unknown format '{fmt}' (use {', '.join(FORMATS)})")


__all__ = ["Query", "Param", "QueryError", "Results", "to_dataframe", "select", "list_queries", "load_query", "bind", "sparql", "run_query", "run_page", "Page",
           "paged", "key_query", "with_keys", "to_term",
           "compact", "resolve_params", "is_organisation_param", "format_table", "format_csv", "format_json", "format_rows", "FORMATS", "PARAM_TYPES"]
