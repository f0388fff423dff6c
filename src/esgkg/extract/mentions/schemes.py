"""Reporting frameworks and initiatives as phrase patterns: spaCy PhraseMatchers built from the ontology.

The spellings are the ontology's (``esg:FrameworkScheme``): acronyms (``skos:altLabel``) are matched on
``ORTH`` (case-sensitive: "CDP", not "cdp"), names (``skos:hiddenLabel``) on ``LOWER``, each by a ``PhraseMatcher``.
Where a name has a space the text may have a hyphen, and the other way round ("Science-Based Targets"); a plural
"s" may follow the last word ("SDGs").  A match must not touch a word or a hyphen on either side ("GRI-referenced"
is no mention of GRI).  Overlapping matches keep the leftmost, then the longest.

This replaces one hand-joined alternation of every spelling (``"|".join(re.escape(...))``) run over the text.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy

from spacy.language import Language
from spacy.attrs import IS_SPACE, LOWER, ORTH
from spacy.tokens import Doc, Span

from ... import vocab
from .phrases import tokenizer as _tokenizer

LABEL = "FRAMEWORK"
_HYPHEN = "-"


@dataclass(frozen=True)
class SchemeMatcher:
    """Every spelling of every framework as a sequence of token hashes (``ORTH`` for acronyms, ``LOWER`` for
    names), indexed by the hash of the first token.

    A document is matched by one vectorised look-up of its first-token hashes (``Doc.to_array`` + ``numpy.isin``),
    then each candidate start is walked token by token: where the spelling has a space, the text may have any
    white-space tokens and hyphens ("United Nations\\nGlobal Compact", "Science-Based Targets"), and the last word
    may take a plural "s" ("SDGs").  Linear in the document; spaCy's ``Matcher`` starts every pattern at every
    token (tokens x patterns), and its ``PhraseMatcher`` cannot skip a line break inside a name.
    """

    by_first: dict[tuple[int, int], list[tuple[tuple[int, ...], tuple[int, ...], tuple[bool, ...], str]]]
    # (attr, first hash) -> [(hashes, plural hashes of the last token, gap after each token, label)]

    def first_hashes(self, attr: int) -> numpy.ndarray:
        return numpy.array([h for a, h in self.by_first if a == attr], dtype="uint64")


def scheme_matcher(nlp: Language, spellings: Iterable[tuple[str, int, str]], *, plurals: bool = True) -> SchemeMatcher:
    """The :class:`SchemeMatcher` of ``spellings``: (spelling, ``ORTH`` or ``LOWER``, label); with ``plurals`` the last
    word may take a plural "s"."""
    by_first: dict[tuple[int, int], list] = {}
    strings = nlp.vocab.strings
    for spelling, attr, label in spellings:
        toks = list(_tokenizer().make_doc(spelling.lower() if attr == LOWER else spelling))
        if not toks:
            continue
        words = [t.text for t in toks]
        hashes = tuple(strings.add(w) for w in words)
        plural = (strings.add(words[-1] + "s"),) if plurals else ()
        gaps = tuple(bool(t.whitespace_) for t in toks)
        by_first.setdefault((attr, hashes[0]), []).append((hashes, plural, gaps, label))
    for entries in by_first.values():
        entries.sort(key=lambda e: -len(e[0]))
    return SchemeMatcher(by_first)


def framework_matcher(nlp: Language) -> SchemeMatcher:
    """The :class:`SchemeMatcher` of every spelling of every framework of the ontology."""
    return scheme_matcher(nlp, [(a, ORTH, label) for label, info in vocab.frameworks().items() for a in info.acronyms]
                          + [(n, LOWER, label) for label, info in vocab.frameworks().items() for n in info.phrases])


def _walk(values: numpy.ndarray, spaces: numpy.ndarray, hyphen: int, i: int, hashes: tuple[int, ...], plural: tuple[int, ...],
          gaps: tuple[bool, ...]) -> int | None:
    """End token of ``hashes`` matched from token ``i`` (white space and hyphens skipped at a gap), else None."""
    n, last = len(values), len(hashes) - 1
    for k, h in enumerate(hashes):
        if k:
            if gaps[k - 1]:
                while i < n and (spaces[i] or values[i] == hyphen):
                    i += 1
            if i >= n:
                return None
        if values[i] != h and not (k == last and values[i] in plural):
            return None
        i += 1
    return i


def _free(text: str, start: int, end: int, also: str = "-") -> bool:
    """No word character (or a character of ``also``: a hyphen) touches text[start:end] on either side."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_" or before in also or after.isalnum() or after == "_" or after in also)


def framework_spans(doc: Doc, matcher: SchemeMatcher, text: str | None = None, *, label: str = LABEL,
                    touching: str = "-") -> list[Span]:
    """The mentions of ``matcher``'s schemes in ``doc`` as spans labelled ``label`` (``kb_id_`` = the scheme's label),
    left to right, not overlapping: at each start the longest; none touches a word character or a character of
    ``touching`` (by default a hyphen: "GRI-referenced" names no GRI)."""
    if not len(doc):
        return []
    text = doc.text if text is None else text
    table = doc.to_array([ORTH, LOWER, IS_SPACE])
    columns = {ORTH: table[:, 0], LOWER: table[:, 1]}
    starts = numpy.flatnonzero(numpy.isin(columns[ORTH], matcher.first_hashes(ORTH))
                               | numpy.isin(columns[LOWER], matcher.first_hashes(LOWER))).tolist()
    if not starts:
        return []
    values = {ORTH: columns[ORTH], LOWER: columns[LOWER]}  # read at the candidates only: no list of every token
    spaces = table[:, 2]
    hyphen = doc.vocab.strings[_HYPHEN]
    out: list[Span] = []
    last = 0
    for i in starts:
        if i < last:
            continue
        best: tuple[int, str] | None = None
        for attr in (ORTH, LOWER):
            for hashes, plural, gaps, scheme in matcher.by_first.get((attr, int(values[attr][i])), ()):
                end = _walk(values[attr], spaces, hyphen, i, hashes, plural, gaps)
                if end is not None and (best is None or end > best[0]):
                    span = Span(doc, i, end)
                    if _free(text, span.start_char, span.end_char, touching):
                        best = (end, scheme)
        if best is not None:
            out.append(Span(doc, i, best[0], label=label, kb_id=best[1]))
            last = best[0]
    return out


@lru_cache(maxsize=1)
def _string_matchers() -> SchemeMatcher:
    return framework_matcher(_tokenizer())


def framework_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, framework label) of each framework named in a string (tokenised by a blank English pipeline)."""
    doc = _tokenizer().make_doc(text)
    return [(s.start_char, s.end_char, s.kb_id_) for s in framework_spans(doc, _string_matchers(), text)]
