"""Sentence boundaries for text that came out of PDFs.

spaCy's rule-based ``sentencizer`` splits after every full stop, which breaks legal names
("X Co., Ltd. was founded") and ignores line structure.  In converted reports a line break ends
a paragraph, a table cell or a heading, so a new line always starts a sentence here, and a full
stop does when a capital, digit or quote follows and the stop does not close an abbreviation.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

_ENDERS = frozenset({".", "!", "?", "。", "！", "？", "…"})
_ABBREVIATIONS = frozenset({
    "no.", "nos.", "e.g.", "i.e.", "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "vs.", "approx.", "fig.",
    "co.", "corp.", "etc.,", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
    "art.", "para.", "vol.", "p.", "pp.", "ref.", "dept.", "govt.", "u.s.", "u.k.", "est.",
})
_LEGAL_WORDS = frozenset({"co", "ltd", "inc", "corp", "llc"})
MAX_SENT_TOKENS = 400
# After 'X Co., Ltd.' a capital starts a new sentence, unless the text is a list of names that the
# PDF lost a comma from: '..., Laboratory of A Co., Ltd. B Co., Ltd., and C Co., Ltd. passed ...'.
_LIST_ITEM_BEFORE = re.compile(r",[ \t]+(?:(?:[A-Z(][\w'’\-()]*|of|and|&)[ \t]+){1,10}(?:Co\.?,?[ \t]*)?$")
_LIST_ITEM_AFTER = re.compile(
    r"(?:[A-Z(][\w'’\-()]*[ \t]+|(?:of|and|&)[ \t]+){1,10}(?:Co\.?,?[ \t]*Ltd\.?|Limited|LIMITED|Inc\.?|Corporation)[ \t]*(?:,|and\b)"
)


def _opens_sentence(text: str) -> bool:
    ch = text[0]
    return ch.isupper() or ch.isdigit() or ch in "\"'“‘[•◆♦■●" or ("\u3400" <= ch <= "\u9fff")


def _inside_name_list(doc: Doc, i: int) -> bool:
    """True when token ``i`` follows 'Ltd.' in the middle of a comma list of company names."""
    text = doc.text
    start = doc[i].idx
    before = text[max(0, start - 160): doc[i - 1].idx].rstrip()
    return bool(_LIST_ITEM_BEFORE.search(before)) and bool(_LIST_ITEM_AFTER.match(text, start))


@Language.factory("esg_sentences", default_config={"max_sent_tokens": MAX_SENT_TOKENS})
def make_sentencizer(nlp: Language, name: str, max_sent_tokens: int):
    """spaCy factory: ``max_sent_tokens`` caps the length of a sentence (runaway table rows)."""
    def component(doc: Doc) -> Doc:
        return esg_sentences(doc, max_sent_tokens)
    return component


def esg_sentences(doc: Doc, max_sent_tokens: int = MAX_SENT_TOKENS) -> Doc:
    """Mark sentence starts at line breaks and at sentence-final punctuation (abbreviation-aware)."""
    n = len(doc)
    since = 0
    flags = numpy.full((n, 1), -1, dtype="int64").astype("uint64")  # one array write: Token.is_sent_start is O(n) per call
    for i, tok in enumerate(doc):
        if i == 0:
            flags[0, 0] = 1
            continue
        prev = doc[i - 1]
        text = prev.text
        start = False
        if prev.is_space and "\n" in text:
            start = not tok.is_space
        elif "\n" in prev.whitespace_:
            start = True
        elif text in _ENDERS or (len(text) > 1 and text[-1] in _ENDERS and text.lower() not in _ABBREVIATIONS and "." not in text[:-1]):
            if not tok.is_space and _opens_sentence(tok.text):
                before = doc[i - 2].lower_ if i >= 2 else ""
                start = not (text == "." and before in _LEGAL_WORDS and tok.text in {",", "Ltd", "LTD", "Ltd."})
                if start and (before in _LEGAL_WORDS or text.lower().rstrip(".") in _LEGAL_WORDS) and _inside_name_list(doc, i):
                    start = False
            elif tok.is_space and i + 1 < n:
                start = False  # boundary goes to the next non-space token via the newline rule or below
        elif since >= max_sent_tokens and (prev.is_punct or prev.is_space):
            start = True  # a runaway table row: cap sentence length so evidence stays readable
        if start:
            flags[i, 0] = 1
        since = 0 if start else since + 1
    if n:
        doc.from_array([SENT_START], flags)
    return doc
