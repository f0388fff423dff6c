"""Reporting frameworks and initiatives as token patterns: one spaCy ``Matcher`` built from the ontology.

The spellings are the ontology's (``esg:FrameworkScheme``): acronyms (``skos:altLabel``) are matched on
``ORTH`` (case-sensitive: "CDP", not "cdp"), names (``skos:hiddenLabel``) on ``LOWER``.  Where a name has a
space, the text may have any white space or a hyphen ("UN Global\\nCompact", "Science-Based Targets"); a plural
"s" may follow the last word ("SDGs").  A match must not touch a word or a hyphen on either side ("GRI-referenced"
is no mention of GRI).  Overlapping matches keep the leftmost, then the longest.

This replaces one hand-joined alternation of every spelling (``"|".join(re.escape(...))``) run over the text.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from ... import vocab

LABEL = "FRAMEWORK"
# between two words of a name: white space tokens ('\n', '  '), at most one hyphen
_GAP = [{"IS_SPACE": True, "OP": "*"}, {"ORTH": "-", "OP": "?"}, {"IS_SPACE": True, "OP": "*"}]


def _word(attr: str, text: str) -> dict[str, Any]:
    return {attr: text if attr == "ORTH" else text.lower()}


def spelling_patterns(nlp: Language, spelling: str, attr: str) -> list[list[dict[str, Any]]]:
    """Token patterns of one spelling: as written, and with a plural "s" glued to its last word.

    ``attr`` is ``ORTH`` (an acronym, exact) or ``LOWER`` (a name, any case; a space between two words may
    be any white space or a hyphen in the text)."""
    toks = list(nlp.make_doc(spelling))
    out = []
    for plural in (False, True):
        pattern: list[dict[str, Any]] = []
        for i, tok in enumerate(toks):
            text = tok.text + ("s" if plural and i == len(toks) - 1 else "")
            pattern.append(_word(attr, text))
            if i < len(toks) - 1 and tok.whitespace_ and attr == "LOWER":
                pattern += _GAP
        out.append(pattern)
    return out


@lru_cache(maxsize=1)
def _tokenizer() -> Language:
    return spacy.blank("en")


def framework_matcher(nlp: Language) -> tuple[Matcher, dict[str, str]]:
    """A ``Matcher`` of every spelling of every framework of the ontology, and match id -> framework label."""
    matcher = Matcher(nlp.vocab, validate=True)
    labels: dict[str, str] = {}
    for i, (label, info) in enumerate(vocab.frameworks().items()):
        key = f"esg_framework_{i}"
        patterns = [p for a in info.acronyms for p in spelling_patterns(nlp, a, "ORTH")]
        patterns += [p for n in info.phrases for p in spelling_patterns(nlp, n, "LOWER")]
        if patterns:
            matcher.add(key, patterns)
            labels[key] = label
    return matcher, labels


def _free(text: str, start: int, end: int) -> bool:
    """No word character or hyphen touches text[start:end] on either side."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-")


def framework_spans(doc: Doc, matcher: Matcher, labels: dict[str, str], text: str | None = None) -> list[Span]:
    """The framework mentions of ``doc`` as spans labelled ``FRAMEWORK`` (``kb_id_`` = the framework's label),
    left to right, not overlapping: at each start the longest."""
    text = doc.text if text is None else text
    found = sorted(((s, -e, m) for m, s, e in matcher(doc)))
    out: list[Span] = []
    last = 0
    strings = doc.vocab.strings
    for s, neg_e, m in found:
        e = -neg_e
        if s < last:
            continue
        span = Span(doc, s, e, label=LABEL, kb_id=labels[strings[m]])
        if _free(text, span.start_char, span.end_char):
            out.append(span)
            last = e
    return out


@lru_cache(maxsize=1)
def _string_matcher() -> tuple[Matcher, dict[str, str]]:
    return framework_matcher(_tokenizer())


def framework_mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, framework label) of each framework named in a string (tokenised by a blank English pipeline)."""
    matcher, labels = _string_matcher()
    doc = _tokenizer().make_doc(text)
    return [(s.start_char, s.end_char, s.kb_id_) for s in framework_spans(doc, matcher, labels, text)]
