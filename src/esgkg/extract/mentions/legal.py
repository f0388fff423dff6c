"""Names with a legal form ("Acme Wheel Co., Ltd.", "Pike & Co. Logistics Limited", "PJSC Acme"), found word by word.

The legal forms are data: the ``cleanco`` term lists of :mod:`esgkg.legal_forms`.  A name is found from its legal
form backwards: each place where a legal form can follow a word (an *anchor*) is a candidate end, and the words
before it, back to the previous name and at most :data:`MAX_NAME_WORDS` words, are the candidate starts; from the
leftmost start a walk forward, one whitespace-delimited word at a time, checks what a name is made of:

* **name words**: a capital letter or a digit first (a digit-led word needs a letter: "3M", not "2024"), then
  letters, digits, apostrophes, ``&``, hyphens and full stops ("O'Hara", "AT&T", "Rolls-Royce", "S.p.A"), not ending
  in a full stop; initials ("J. P."); a bracketed word or two ("(Mexico)", "(Shanghai Branch)");
* **connectors** between name words (:data:`CONNECTORS`: of, and, for, de, ..., "&", "& Co."), never last;
* not a **stop word** (:data:`NOT_NAME_WORDS`): a legal-form word ("Co", "Ltd") or a word that opens a clause
  ("The", "In", "Our") is no name word.

The walk stops at the first legal form that may end the name (several in a row are one: "Trust Company Limited"),
so each start costs at most :data:`MAX_NAME_WORDS` words and the whole text is read a bounded number of times:
linear, whatever the text (no regular expression over the name; the one over the legal forms is a set of fixed
terms).  :data:`ORG_NAME` and :data:`ORG_NAME_PREFIXED` keep the interface of compiled patterns (``finditer``,
``search``, ``match``, ``fullmatch``) so the fact readers call them as before; :func:`legal_name_spans` finds the
names of a ``Doc`` once and keeps them.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ...legal_forms import LEGAL_PREFIX, LEGAL_SUFFIX
from ..patterns import lexicon

MAX_NAME_WORDS = 24  # words after a name's first: a name is not a paragraph, and the bound keeps the walk linear
_MAX_WORD = 61  # characters of one name word
_MAX_INITIALS = 9
_MAX_BRACKETED = 30
# Capital letters of the Latin scripts (A-Z, À-Þ, Latin Extended-A/B): names may start with 'É', 'Ł', 'Ş'.
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())


def _capital(c: str) -> bool:
    """A letter that starts a name: a capital of any cased script ('A', 'Ö', 'Ω', 'Ж') or a letter of a script
    without case (Arabic, Hebrew, CJK, ...)."""
    return c.isupper() or c.istitle() or (c.isalpha() and not c.islower())


_WORD_PUNCT = frozenset("'’&-.")
_BRACKETED_PUNCT = frozenset("'’-")

NOT_NAME_WORDS = lexicon("not_name_words")  # case-sensitive legal-form words
NOT_NAME_WORDS_ANY_CASE = lexicon("not_name_words_any_case")  # lower-cased: clause openers
# connectors: the signs and words of ``name_connectors`` and the particles of ``name_particles`` ('di', 'van')
CONNECTORS = lexicon("name_connectors") | lexicon("name_particles")
# a connector that a legal form never follows: all but the articles and dashes ('Bank of Limited' is no name)
_NO_FORM_AFTER = CONNECTORS - {"la", "le", "der", "du", "und", "-", "–"}
_ELIDED = frozenset("dlDL")

_SEP = r"(?:[ ]*,[ ]*|[ ]+)"
# The legal forms after a name: one or several in a row, then no word character: the cleanco terms (data).
_TAIL = re.compile(rf"{_SEP}{LEGAL_SUFFIX}(?:{_SEP}{LEGAL_SUFFIX})*(?![\w/])")
# The places where a legal form may start: after a character that is no separator (the first look-ahead, a
# separator character, turns every other position away at one test)
_ANCHOR = re.compile(rf"(?=[ ,])(?<![ ,])(?={_SEP}{LEGAL_SUFFIX})")
# Legal forms written before the name ('PJSC Acme', 'PT Acme Tbk'): a word of its own ('(PTD)' is no 'PT D')
_PREFIX = re.compile(rf"(?<![\w\-]){LEGAL_PREFIX}(?!\w)")
_OPEN_QUOTES, _CLOSE_QUOTES = frozenset('"“'), frozenset('"”')
_QUOTES = _OPEN_QUOTES | _CLOSE_QUOTES
_STOPS = "\n\t,;:"  # characters no name holds: a name starts after the last of them before its legal form


def is_word_char(c: str) -> bool:
    """``\\w`` of Python's ``re`` (Unicode): a letter, digit or underscore."""
    return c.isalnum() or c == "_"


def _word_run(text: str, i: int) -> int:
    """End of the run of name-word characters (letters, digits, ``_'’&-.``) from ``i``."""
    n = len(text)
    j = i
    while j < n and (is_word_char(text[j]) or text[j] in _WORD_PUNCT):
        j += 1
    return j


def _lead(text: str, i: int) -> str:
    """The word characters from ``i`` up to the first other character ('In' of 'In-house')."""
    j = i
    n = len(text)
    while j < n and is_word_char(text[j]):
        j += 1
    return text[i:j]


def _stop_word(text: str, i: int) -> bool:
    lead = _lead(text, i)
    return lead in NOT_NAME_WORDS or lead.lower() in NOT_NAME_WORDS_ANY_CASE


def _initials(text: str, i: int) -> int | None:
    """End of initials at ``i`` ('A.', 'J.P.') followed by spaces and a capital, else None."""
    n = len(text)
    j = i
    count = 0
    while count < _MAX_INITIALS and j + 1 < n and _capital(text[j]) and text[j + 1] == ".":
        j += 2
        count += 1
    if not count:
        return None
    k = j
    while k < n and text[k] == " ":
        k += 1
    return j if k > j and k < n and _capital(text[k]) else None


def _bracketed(text: str, i: int) -> int | None:
    """End of a bracketed word or two at ``i`` ('(Mexico)'), else None."""
    n = len(text)
    if not (i + 2 < n and text[i] == "(" and _capital(text[i + 1])):
        return None
    j = i + 2
    limit = min(n, i + 2 + _MAX_BRACKETED)
    while j < limit and (is_word_char(text[j]) or text[j].isspace() or text[j] in _BRACKETED_PUNCT):
        j += 1
    return j + 1 if j > i + 2 and j < n and text[j] == ")" else None


def name_word(text: str, i: int, *, last: bool = False) -> int | None:
    """End of the name word at ``i``, else None.

    A word is followed by a space or the legal form, so a word that ends in a full stop ('St.') is none, unless it
    is ``last`` (nothing needs to follow it), when its full stops are left out."""
    n = len(text)
    if i >= n:
        return None
    c = text[i]
    if c in _ELIDED and text[i + 1:i + 2] in ("'", "’") and i + 2 < n and _capital(text[i + 2]):
        c = text[i + 2]  # an elided particle: "d'Orsino", "l’Ouest"
    if _capital(c) or c.isdigit():
        end = _word_run(text, i)
        end = min(end, i + _MAX_WORD)
        if last:
            while end > i + 1 and text[end - 1] == ".":
                end -= 1
            return end
        if text[end - 1] != "." and (end == n or text[end] in " ,"):
            return end
        return _initials(text, i)
    if c == "(":
        return _bracketed(text, i)
    if c in _OPEN_QUOTES:
        return _quoted(text, i)
    return None


def _quoted(text: str, i: int) -> int | None:
    """End of a quoted nickname inside a name ('Cable Works "Big Red" Tarnow'), followed by a space, else None."""
    n = len(text)
    if not (i + 1 < n and _capital(text[i + 1])):
        return None
    j = i + 2
    limit = min(n, i + 2 + _MAX_BRACKETED)
    while j < limit and text[j] not in _QUOTES and text[j] not in "\n\t":
        j += 1
    return j + 1 if j < limit and text[j] in _CLOSE_QUOTES and j + 1 < n and text[j + 1] == " " else None


def _connector(text: str, i: int) -> int | None:
    """End of a connector at ``i`` followed by spaces and a capital or '(' ('of', '&', '& Co.'), else None."""
    n = len(text)
    j = i
    while j < n and text[j] != " " and j - i < 6:
        j += 1
    word = text[i:j]
    if word == "&":
        co = _co_after_ampersand(text, j)
        if co is not None and _capital_after(text, co):
            return co
    if word in CONNECTORS and _capital_after(text, j, "("):
        return j
    return None


def _co_after_ampersand(text: str, j: int) -> int | None:
    """'& Co.' inside a name ('Pike & Co. Logistics'): the end of 'Co' / 'Co.' when a space and a capital follow."""
    k = j
    while k < len(text) and text[k] == " ":
        k += 1
    if k == j or not text.startswith("Co", k):
        return None
    end = k + 2
    if text.startswith(".", end):
        end += 1
    return end if _capital_after(text, end) else None


def _capital_after(text: str, j: int, also: str = "") -> bool:
    """Spaces from ``j``, then a capital (or a character of ``also``)."""
    k = j
    n = len(text)
    while k < n and text[k] == " ":
        k += 1
    return k > j and k < n and (_capital(text[k]) or text[k] in also)


def _tail_allowed(text: str, end: int, connector: bool) -> bool:
    """A legal form may follow what ends at ``end``: not a digit ('Report 2024 Company'), not 'of', 'for', 'and', 'de'
    or '&' ('Bank of Limited')."""
    if end == 0 or text[end - 1].isdigit() or text[end - 1] == "&":
        return False
    if connector:
        return text[text.rfind(" ", 0, end) + 1:end] not in _NO_FORM_AFTER
    return True


def _starts_name(text: str, i: int) -> bool:
    """A name may start at ``i``: no word character or hyphen before it; a letter in its first word after any digits."""
    if i and (is_word_char(text[i - 1]) or text[i - 1] == "-"):
        return False
    j = i
    while j < len(text) and text[j].isdigit():
        j += 1
    return j < len(text) and text[j].isalpha()


def _tail_at(text: str, end: int, n: int, connector: bool, whole: bool) -> int | None:
    """End of the legal forms that may follow a name word or connector ending at ``end`` (to ``n`` when ``whole``)."""
    if not _tail_allowed(text, end, connector):
        return None
    tail = (_TAIL.fullmatch if whole else _TAIL.match)(text, end, n)
    return None if tail is None else tail.end()


def walk(text: str, start: int, endpos: int | None = None, *, tails: dict[int, int] | None = None,
         whole: bool = False) -> int | None:
    """End of the name with a legal form that starts at ``start``: at the first legal form reachable, or (``whole``)
    at the first that ends at ``endpos``; else None.  ``tails`` (anchor -> end of its legal forms), when given,
    are the only places a legal form is looked for."""
    n = len(text) if endpos is None else endpos
    if not _starts_name(text, start) or _stop_word(text, start):
        return None
    end = name_word(text, start)
    if end is None:
        return None
    connector = False
    for words in range(MAX_NAME_WORDS + 1):
        if tails is None:
            tail = _tail_at(text, end, n, connector, whole)
        else:
            tail = tails.get(end)
        if tail is not None:
            return tail
        if words == MAX_NAME_WORDS:
            return None
        j = end
        while j < n and text[j] == " ":
            j += 1
        if j == end or j >= n:
            return None
        nxt = None if _stop_word(text, j) else name_word(text, j)
        connector = nxt is None
        if connector:
            nxt = _connector(text, j)
            if nxt is None:
                return None
        end = nxt
    return None


def _candidate_starts(text: str, lo: int, anchor: int) -> list[int]:
    """Positions in [lo, anchor) where a name may start: a capital or digit after no word character or hyphen
    (after a space, a bracket, a quote, a dash)."""
    out = []
    for i in range(max(lo, 1), anchor):
        c = text[i]
        if (_capital(c) or c.isdigit()) and not (is_word_char(text[i - 1]) or text[i - 1] == "-"):
            out.append(i)
    if lo == 0 and anchor > 0 and (_capital(text[0]) or text[0].isdigit()):
        out.insert(0, 0)
    return out


def _region_start(text: str, anchor: int, floor: int) -> int:
    """The first character that a name ending at ``anchor`` may start from: after the last stop character and
    at most ``MAX_NAME_WORDS + 1`` space-separated words back."""
    lo = max([floor] + [text.rfind(c, floor, anchor) + 1 for c in _STOPS])
    j = anchor
    for _ in range(MAX_NAME_WORDS + 2):
        k = text.rfind(" ", lo, j)
        if k < 0:
            return lo
        while k > lo and text[k - 1] == " ":
            k -= 1
        j = k
    return max(lo, j)


def _anchors(text: str, pos: int, n: int) -> dict[int, int]:
    """Every place in ``text[pos:n]`` where legal forms may end a name: anchor -> end of the legal forms."""
    out = {}
    for a in _ANCHOR.finditer(text, pos, n):
        i = a.start()
        before = text[text.rfind(" ", 0, i) + 1:i]
        tail = _tail_at(text, i, n, before in _NO_FORM_AFTER, False)
        if tail is not None:
            out[i] = tail
    return out


def find_names(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of every name with a legal form in ``text[pos:endpos]``, left to right, not overlapping."""
    n = len(text) if endpos is None else endpos
    tails = _anchors(text, pos, n)
    done = pos
    for anchor in tails:
        if anchor < done:
            continue
        for s in _candidate_starts(text, _region_start(text, anchor, done), anchor):
            end = walk(text, s, n, tails=tails)
            if end is not None:
                yield s, end
                done = end
                break


def _prefixed_at(text: str, i: int, n: int) -> int | None:
    """End of a name written after a legal form at ``i`` ('PJSC Acme', 'PT Acme Tbk', 'PT "Acme"'), else None."""
    m = _PREFIX.match(text, i, n)
    if m is None:
        return None
    k = m.end()
    while k < n and text[k] == " ":
        k += 1
    if k < n and text[k] == "\n":
        k += 1
        while k < n and text[k] == " ":
            k += 1
    if k < n and text[k] in "\"“":
        k += 1
    end = name_word(text, k, last=True)
    if end is None:
        return None
    for _ in range(3):
        if text[end - 1] == "." or end >= n or text[end] != " ":
            break
        m = end
        while m < n and text[m] == " ":
            m += 1
        if text.startswith("& ", m):
            m += 1
            while m < n and text[m] == " ":
                m += 1
        nxt = None if _stop_word(text, m) else name_word(text, m, last=True)
        if nxt is None:
            break
        end = nxt
    if end < n and text[end] in "\"”":
        end += 1
    return end


def find_prefixed(text: str, pos: int = 0, endpos: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of every name written after its legal form ('PJSC Acme'), left to right."""
    n = len(text) if endpos is None else endpos
    done = pos
    for m in _PREFIX.finditer(text, pos, n):
        if m.start() < done:
            continue
        end = _prefixed_at(text, m.start(), n)
        if end is not None:
            yield m.start(), end
            done = end


@dataclass(frozen=True)
class NameMatch:
    """A found name, read as a regular-expression match is (``group(0)``, ``start()``, ``end()``, ``span()``)."""

    string: str = field(repr=False)
    begin: int
    finish: int

    def group(self, index: int = 0) -> str:
        if index:
            raise IndexError("a name match has no groups")
        return self.string[self.begin:self.finish]

    def start(self, index: int = 0) -> int:
        return self.begin

    def end(self, index: int = 0) -> int:
        return self.finish

    def span(self, index: int = 0) -> tuple[int, int]:
        return self.begin, self.finish


class NameFinder:
    """The finder of one kind of name, with the methods of a compiled pattern that the readers call."""

    def __init__(self, prefixed: bool = False) -> None:
        self.prefixed = prefixed

    def _at(self, text: str, i: int, n: int) -> int | None:
        return _prefixed_at(text, i, n) if self.prefixed else walk(text, i, n)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[NameMatch]:
        """Every name in ``text[pos:endpos]``, left to right, not overlapping."""
        found = find_prefixed(text, pos, endpos) if self.prefixed else find_names(text, pos, endpos)
        for s, e in found:
            yield NameMatch(text, s, e)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> NameMatch | None:
        """The first name in ``text[pos:endpos]``, else None."""
        return next(self.finditer(text, pos, endpos), None)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> NameMatch | None:
        """The name that starts at ``pos``, else None."""
        n = len(text) if endpos is None else endpos
        end = self._at(text, pos, n)
        return None if end is None else NameMatch(text, pos, end)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> NameMatch | None:
        """The name that is all of ``text[pos:endpos]``, else None."""
        n = len(text) if endpos is None else endpos
        end = _prefixed_at(text, pos, n) if self.prefixed else walk(text, pos, n, whole=True)
        return NameMatch(text, pos, end) if end == n else None


ORG_NAME = NameFinder()
ORG_NAME_PREFIXED = NameFinder(prefixed=True)
