"""Small, lexical helpers over SPARQL query text: how esgkg prints IRIs and reads them back.

esgkg prints instance IRIs with the ``id:`` prefix (``id:org/acme``), which is readable but not a
SPARQL prefixed name: ``/`` may not appear unescaped in a local name (SPARQL 1.1 grammar, rule
``PN_LOCAL``).  :func:`display_iri` therefore prints an IRI as a prefixed name only when SPARQL
accepts it and as ``<full IRI>`` otherwise, and :func:`expand_slashed_names` lets ``esgkg sparql``
and the console accept the short form ``id:org/acme`` anyway (rewritten to ``<…/id/org/acme>``
before the engine sees the text).  :func:`undeclared_prefixes` names the prefixes a query uses
without declaring them, for a short error message instead of a parser's grammar dump.

All three look at the query's code only: string literals, ``<IRIs>`` and ``#`` comments are
skipped, so a value such as ``"id:org/x"`` in quotes is never touched.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

# strings (long forms first), IRIs, comments: the parts of a query that are not code
_NOT_CODE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|' r"'''(?:[^'\\]|\\.|'(?!''))*'''|"
    r'"(?:[^"\\\n]|\\.)*"|' r"'(?:[^'\\\n]|\\.)*'|"
    r'<[^<>"{}|^`\\\x00-\x20]*>|'
    r"#[^\n]*",
)
_PN_PREFIX = r"[A-Za-z](?:[\w\-.]*[\w\-])?"
# a prefixed name whose local part has a '/' (segments may hold dots, never end with one); not
# followed by ':' so that a property path ``esg:a/esg:b`` is left alone
_SLASHED = re.compile(
    rf"(?<![\w\-.?$:\\])(?P<prefix>{_PN_PREFIX})?:(?P<local>[\w\-%]+(?:\.[\w\-%]+)*(?:/[\w\-%]+(?:\.[\w\-%]+)*)+)"
    r"(?![\w\-%:/]|\.[\w\-%])"
)
_PNAME_NS = re.compile(rf"(?<![\w\-.?$:\\])(?P<prefix>{_PN_PREFIX})?:")
_DECLARED = re.compile(rf"\bPREFIX\s+(?P<prefix>{_PN_PREFIX})?:\s*$", re.I)
# SPARQL 1.1 PN_LOCAL without the escapes: what may follow "prefix:" unescaped
_PN_LOCAL = re.compile(r"^(?:[\w:]|%[0-9A-Fa-f]{2})(?:(?:[\w\-.:]|%[0-9A-Fa-f]{2})*(?:[\w\-:]|%[0-9A-Fa-f]{2}))?$")


def _segments(text: str) -> Iterator[tuple[bool, str]]:
    """``(is_code, piece)`` pieces of ``text`` that join back to it."""
    pos = 0
    for m in _NOT_CODE.finditer(text):
        if m.start() > pos:
            yield True, text[pos:m.start()]
        yield False, m.group(0)
        pos = m.end()
    if pos < len(text):
        yield True, text[pos:]


def declared_prefixes(text: str) -> dict[str, str]:
    """The ``PREFIX p: <ns>`` declarations of a query (prefix without colon -> namespace)."""
    out: dict[str, str] = {}
    code_before = ""
    for is_code, piece in _segments(text):
        if not is_code and piece.startswith("<"):
            m = _DECLARED.search(code_before)
            if m:
                out[m.group("prefix") or ""] = piece[1:-1]
        code_before = piece if is_code else ""
    return out


def expand_slashed_names(text: str, prefixes: Mapping[str, str]) -> str:
    """Rewrite ``p:a/b`` (not valid SPARQL) to ``<ns-of-p a/b>`` for every known or declared prefix ``p``.

    ``prefixes`` maps prefix -> namespace (the defaults esgkg knows); the query's own PREFIX lines
    take precedence.  Property paths (``esg:a/esg:b``) and prefixes nobody declared are left as they are.
    """
    known = {**prefixes, **declared_prefixes(text)}

    def full(m: re.Match) -> str:
        ns = known.get(m.group("prefix") or "")
        return m.group(0) if ns is None else f"<{ns}{m.group('local')}>"

    return "".join(_SLASHED.sub(full, piece) if is_code else piece for is_code, piece in _segments(text))


def undeclared_prefixes(text: str) -> list[str]:
    """Prefixes the query uses in prefixed names but never declares (in order of first use)."""
    declared = set(declared_prefixes(text))
    used: list[str] = []
    for is_code, piece in _segments(text):
        if not is_code:
            continue
        for m in _PNAME_NS.finditer(piece):
            prefix = m.group("prefix") or ""
            before = piece[:m.start()].rstrip()
            if re.search(r"\bPREFIX$", before, re.I):
                continue
            if prefix not in declared and prefix not in used:
                used.append(prefix)
    return used


def display_iri(iri: str, prefixes: Mapping[str, str]) -> str:
    """``iri`` as a prefixed name SPARQL and Turtle accept (longest namespace first), else ``<iri>``."""
    for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and _PN_LOCAL.match(iri[len(ns):] or "_"):
            if iri == ns:
                return f"{prefix}:"
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


_ID_NS = "https://w3id.org/esgkg/id/"
# what expand_slashed_names reads back after "id:" (segments of word characters, '-', '%', inner dots)
_ID_LOCAL = re.compile(r"^[\w\-%]+(?:\.[\w\-%]+)*(?:/[\w\-%]+(?:\.[\w\-%]+)*)*$")


def paste_iri(iri: str, prefixes: Mapping[str, str]) -> str:
    """``iri`` in the short form every esgkg command accepts back: ``id:org/acme`` for esgkg's own
    instances (``esgkg sparql``, the console, query parameters, ``viz``, ``remove`` and ``validate
    --only`` expand it), a prefixed name where SPARQL allows one (``esg:Supplier``), else ``<iri>``."""
    if iri.startswith(_ID_NS) and _ID_LOCAL.match(iri[len(_ID_NS):]) and prefixes.get("id") == _ID_NS:
        return "id:" + iri[len(_ID_NS):]
    return display_iri(iri, prefixes)


# ----------------------------------------------------------------------------- syntax errors in a sentence
KEYWORDS = frozenset("""
SELECT CONSTRUCT DESCRIBE ASK WHERE PREFIX BASE FROM NAMED DISTINCT REDUCED AS FILTER OPTIONAL UNION GRAPH MINUS
SERVICE SILENT BIND VALUES UNDEF NOT EXISTS IN ORDER BY ASC DESC GROUP HAVING LIMIT OFFSET COUNT SUM MIN MAX AVG SAMPLE
GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT SUBSTR STRLEN
REPLACE UCASE LCASE ENCODE_FOR_URI CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS
TIMEZONE TZ NOW UUID STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK
ISLITERAL ISNUMERIC REGEX TRUE FALSE A INSERT DELETE DATA WITH USING DEFAULT ALL LOAD CLEAR DROP CREATE ADD MOVE COPY
INTO TO TRIPLE ISTRIPLE SUBJECT PREDICATE OBJECT LATERAL
""".split())
_POSITION = re.compile(r"at (\d+):(\d+)")
_WORD = re.compile(r"(?<![\w?$:@.\-\\])[A-Za-z][A-Za-z_0-9]*(?![\w:\-])")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def explain_syntax_error(text: str, message: str, known: Mapping[str, str]) -> str:
    """One sentence saying what is wrong with ``text``, from the engine's ``message`` (``error at 1:10:
    expected CONSTRUCT`` ...): an undeclared prefix is named with the ``PREFIX`` line to add, a word that
    is no SPARQL keyword with the keyword it is closest to, an unclosed brace as such; otherwise the
    position and the first few things the engine expected.  ``known`` holds the prefixes esgkg declares."""
    import difflib

    where = ""
    m = _POSITION.search(message)
    offset = None
    if m:
        line, col = int(m.group(1)), int(m.group(2))
        where = f" at line {line}, column {col}"
        lines = text.split("\n")
        if 1 <= line <= len(lines):
            offset = sum(len(x) + 1 for x in lines[: line - 1]) + min(col - 1, len(lines[line - 1]))
    missing = [p for p in undeclared_prefixes(text) if p not in known]
    if missing:
        p = missing[0]
        close = difflib.get_close_matches(p, list(known), n=1, cutoff=0.5)
        hint = f" (did you mean {close[0]}:?)" if close else ""
        return (f"undeclared prefix {p}:{hint} - add 'PREFIX {p}: <namespace>' at the top of the query "
                f"(esgkg declares {' '.join(k + ':' for k in known)})")
    words: list[tuple[int, str]] = []
    pos = 0
    for is_code, piece in _segments(text):
        if is_code:
            words += [(pos + w.start(), w.group(0)) for w in _WORD.finditer(piece)]
        pos += len(piece)
    unknown = [(o, w) for o, w in words if w.upper() not in KEYWORDS]
    if offset is not None:  # the word nearest before the position the engine stopped at comes first
        unknown.sort(key=lambda ow: (ow[0] > offset, abs(offset - ow[0])))
    for o, w in unknown:
        close = difflib.get_close_matches(w.upper(), KEYWORDS, n=1, cutoff=0.75)
        if close:
            line, col = _line_col(text, o)
            return f"'{w}' at line {line}, column {col} is not a SPARQL keyword: did you mean {close[0]}?"
    if text.count("{") > text.count("}"):
        return f"a '{{' is not closed{where}: add the missing '}}'"
    if text.count("}") > text.count("{"):
        return f"a '}}' closes nothing{where}"
    expected = message.split("expected", 1)[1].strip() if "expected" in message else ""
    if expected.startswith("one of"):
        items = [x.strip() for x in expected[len("one of"):].split(",")]
        items = [x for x in items if len(x) < 20 and "'" not in x and "[" not in x and "\\" not in x][:6]
        expected = "one of " + ", ".join(items) if items else ""
    near = ""
    if offset is not None:
        snippet = text[offset:offset + 20].split("\n")[0].strip()
        near = f" near '{snippet}'" if snippet else " at the end of the query"
    return f"SPARQL syntax error{where}{near}" + (f": expected {expected}" if expected else "")
