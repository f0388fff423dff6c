"""Static audit of regular expressions for catastrophic backtracking (issue 20).

Python's ``re`` is a backtracking engine: a pattern whose repeat can split the same text into its
iterations in many ways (``(?:X *)*X``, ``(?:\\w+\\s?)*``, ``(?:a|a\\.?)+``) takes exponential time on a
string that almost matches.  :func:`nested_quantifiers` finds the classic cause, an *ambiguous nested
quantifier*: inside a repeat that may run more than once, an unbounded repeat whose characters can also
be the characters that follow it (within the same iteration, or the start of the next iteration).
``X(?: X)*`` with ``X = [A-Z]\\w*`` is not flagged: the space that starts each iteration cannot be eaten
by ``\\w*``, so the text splits into iterations one way only.

The check is the star-height/follow-set test of ReDoS detectors (e.g. Weideman et al., "Analyzing
matching time behavior of backtracking regular expression matchers by using ambiguity of NFA", 2016;
Davis et al., "The impact of regular expression denial of service (ReDoS) in practice", 2018),
simplified: character classes are compared on a sample alphabet (ASCII, Latin-1, Latin Extended-A/B and
a few typographic, CJK and Cyrillic characters), so it may in rare cases miss an overlap outside that
alphabet; ``tests/test_linear_time.py`` also times every pattern on adversarial inputs.

    >>> len(nested_quantifiers(r"(?:[A-Z]\\w* *)*x"))
    1
    >>> nested_quantifiers(r"[A-Z]\\w*(?: [A-Z]\\w*)*")
    []
"""
from __future__ import annotations

import re
from functools import lru_cache

try:  # Python >= 3.11
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_SAMPLE = "".join(map(chr, range(0x250))) + "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u3000\u300a\u4e2d\u0410\u0430\u0627\u03a9"
_ALL = frozenset(_SAMPLE)
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set())
_CATEGORY = {
    _c.CATEGORY_DIGIT: r"\d", _c.CATEGORY_NOT_DIGIT: r"\D", _c.CATEGORY_SPACE: r"\s", _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w", _c.CATEGORY_NOT_WORD: r"\W",
}


@lru_cache(maxsize=None)
def _category(cat: object) -> frozenset[str]:
    rx = re.compile(_CATEGORY.get(cat, r"[\s\S]"))  # type: ignore[arg-type]
    return frozenset(c for c in _SAMPLE if rx.match(c))


def _fold(chars: frozenset[str], ignore_case: bool) -> frozenset[str]:
    if not ignore_case:
        return chars
    return frozenset(x for c in chars for x in (c, c.lower(), c.upper()) if len(x) == 1)


def _class(op: object, av: object, ignore_case: bool, dotall: bool) -> frozenset[str]:
    """Characters of the sample alphabet matched by one single-character node."""
    if op is _c.LITERAL:
        return _fold(frozenset({chr(av)}), ignore_case)  # type: ignore[arg-type]
    if op is _c.NOT_LITERAL:
        return _ALL - _fold(frozenset({chr(av)}), ignore_case)  # type: ignore[arg-type]
    if op is _c.ANY:
        return _ALL if dotall else _ALL - {"\n"}
    if op is _c.IN:
        negate = False
        out: set[str] = set()
        for item_op, item_av in av:  # type: ignore[union-attr]
            if item_op is _c.NEGATE:
                negate = True
            elif item_op is _c.LITERAL:
                out.add(chr(item_av))
            elif item_op is _c.RANGE:
                lo, hi = item_av
                out.update(c for c in _SAMPLE if lo <= ord(c) <= hi)
            elif item_op is _c.CATEGORY:
                out |= _category(item_av)
            else:  # pragma: no cover - CHARSET / BIGCHARSET appear only after compilation
                out |= _ALL
        chars = _fold(frozenset(out), ignore_case)
        return _ALL - chars if negate else chars
    return _ALL


class _Audit:
    def __init__(self, flags: int) -> None:
        self.ignore_case = bool(flags & re.IGNORECASE)
        self.dotall = bool(flags & re.DOTALL)
        self.problems: list[str] = []

    # -------------------------------------------------------------- properties of a node sequence
    def nullable(self, seq: list) -> bool:
        return all(self.node_nullable(op, av) for op, av in seq)

    def node_nullable(self, op: object, av: object) -> bool:
        if op in _REPEATS:
            return av[0] == 0 or self.nullable(list(av[2]))  # type: ignore[index]
        if op is _c.SUBPATTERN:
            return self.nullable(list(av[-1]))  # type: ignore[index]
        if op is _c.BRANCH:
            return any(self.nullable(list(b)) for b in av[1])  # type: ignore[index]
        if op is _c.ATOMIC_GROUP:
            return self.nullable(list(av))  # type: ignore[arg-type]
        if op is _c.GROUPREF_EXISTS:
            return self.nullable(list(av[1])) or av[2] is None or self.nullable(list(av[2]))  # type: ignore[index]
        return op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT, _c.GROUPREF)

    def first(self, seq: list) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for op, av in seq:
            out |= self.node_first(op, av)
            if not self.node_nullable(op, av):
                break
        return out

    def node_first(self, op: object, av: object) -> frozenset[str]:
        if op in _REPEATS:
            return self.first(list(av[2])) if av[1] else frozenset()  # type: ignore[index]
        if op is _c.SUBPATTERN:
            return self.first(list(av[-1]))  # type: ignore[index]
        if op is _c.BRANCH:
            return frozenset().union(*(self.first(list(b)) for b in av[1]))  # type: ignore[index]
        if op is _c.ATOMIC_GROUP:
            return self.first(list(av))  # type: ignore[arg-type]
        if op is _c.GROUPREF_EXISTS:
            return self.first(list(av[1])) | (self.first(list(av[2])) if av[2] is not None else frozenset())  # type: ignore[index]
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            return frozenset()
        if op is _c.GROUPREF:
            return _ALL
        return _class(op, av, self.ignore_case, self.dotall)

    def alphabet(self, seq: list) -> frozenset[str]:
        """Every character a node sequence may consume (lookarounds consume none)."""
        out: frozenset[str] = frozenset()
        for op, av in seq:
            if op in _REPEATS:
                out |= self.alphabet(list(av[2]))
            elif op is _c.SUBPATTERN:
                out |= self.alphabet(list(av[-1]))
            elif op is _c.BRANCH:
                for b in av[1]:
                    out |= self.alphabet(list(b))
            elif op is _c.ATOMIC_GROUP:
                out |= self.alphabet(list(av))
            elif op is _c.GROUPREF_EXISTS:
                out |= self.alphabet(list(av[1])) | (self.alphabet(list(av[2])) if av[2] is not None else frozenset())
            elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
                continue
            elif op is _c.GROUPREF:
                out |= _ALL
            else:
                out |= _class(op, av, self.ignore_case, self.dotall)
        return out

    # -------------------------------------------------------------- the walk
    def scan(self, seq: list, after: frozenset[str], inside: str | None, boundary: bool = False) -> None:
        """Walk ``seq`` followed by text starting with one of ``after``; ``inside``: the enclosing repeat
        (one that may run more than once), if any; ``boundary``: a word boundary ``\\b`` follows ``seq``."""
        seq = list(seq)
        for i, (op, av) in enumerate(seq):
            rest = seq[i + 1:]
            follow = self.first(rest) | (after if self.nullable(rest) else frozenset())
            at_boundary = (not rest and boundary) or bool(rest) and rest[0][0] is _c.AT and rest[0][1] in (_c.AT_BOUNDARY, _c.AT_UNI_BOUNDARY)
            if op in _REPEATS:
                lo, hi, body = av
                body = list(body)
                if at_boundary and self.alphabet(body) <= _category(_c.CATEGORY_WORD):
                    follow = follow - _category(_c.CATEGORY_WORD)  # '\\d+\\b': a word boundary ends the run
                shared = self.alphabet(body) & follow if inside is not None and hi == _c.MAXREPEAT else frozenset()
                if shared:
                    self.report(f"{inside}: the unbounded repeat {self.describe(op, av)} inside it can also match what "
                                f"follows it ({''.join(sorted(shared))[:12]!r})")
                    continue
                if inside is not None and hi > 1 and self.nullable(body):
                    self.report(f"{inside}: the repeat {self.describe(op, av)} inside it can match the empty string")
                    continue
                if hi > 1:  # between two iterations: is the split ambiguous? (leaving the loop costs one split point only)
                    self.scan(body, self.first(body) if inside is None else self.first(body) | follow, inside or self.describe(op, av))
                else:
                    self.scan(body, follow, inside)
            elif op is _c.SUBPATTERN:
                self.scan(list(av[-1]), follow, inside, at_boundary)
            elif op is _c.BRANCH:
                for b in av[1]:
                    self.scan(list(b), follow, inside, at_boundary)
            elif op is _c.ATOMIC_GROUP:
                self.scan(list(av), follow, None)  # an atomic group never gives back what it took
            elif op is _c.GROUPREF_EXISTS:
                self.scan(list(av[1]), follow, inside)
                if av[2] is not None:
                    self.scan(list(av[2]), follow, inside)
            elif op in (_c.ASSERT, _c.ASSERT_NOT):
                self.scan(list(av[1]), frozenset(), None)

    def report(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)

    def describe(self, op: object, av: object) -> str:
        """A repeat as ``{min,max}`` with the start of its body, e.g. ``{0,}[A-Z]\\w*``."""
        lo, hi, body = av  # type: ignore[misc]
        return f"{{{lo},{'' if hi == _c.MAXREPEAT else hi}}}" + _source(list(body))[:40]


def _source(seq: list) -> str:
    """A rough rendering of a parsed sequence, to name a repeat in a message."""
    out = []
    for op, av in seq:
        if op is _c.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is _c.IN:
            out.append("[…]")
        elif op in _REPEATS:
            out.append("(" + _source(list(av[2])) + ")" + ("*" if av[1] == _c.MAXREPEAT else f"{{{av[0]},{av[1]}}}"))
        elif op is _c.SUBPATTERN:
            out.append("(" + _source(list(av[-1])) + ")")
        elif op is _c.BRANCH:
            out.append("(" + "|".join(_source(list(b)) for b in av[1]) + ")")
        else:
            out.append(".")
    return "".join(out)


def nested_quantifiers(pattern: str | re.Pattern, flags: int = 0) -> list[str]:
    """Ambiguous nested quantifiers of ``pattern`` (a source string or a compiled pattern): one message
    per offending outer repeat; an empty list when there are none."""
    if isinstance(pattern, re.Pattern):
        flags, source = pattern.flags, pattern.pattern
    else:
        source = pattern
    if isinstance(source, bytes):
        source = source.decode("latin-1")
    parsed = _p.parse(source, flags)
    audit = _Audit(flags | parsed.state.flags)
    audit.scan(list(parsed), frozenset(), None)
    return audit.problems


__all__ = ["nested_quantifiers"]
