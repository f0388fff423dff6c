"""Sentence boundaries for text that came out of PDFs.

spaCy's rule-based ``sentencizer`` splits after every full stop, which breaks legal names
("X Co., Ltd. was founded") and ignores line structure.  In converted reports a line break ends
a paragraph, a table cell or a heading, so a new line always starts a sentence here, and a full
stop does when a capital, digit or quote follows and the stop does not close an abbreviation.
"""
from __future__ import annotations

import re
from bisect import bisect_right

import numpy
from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from .base import ASSIGNS, REQUIRES, text_of
from .patterns import lexicon
from .text import ORG_NAME

_ENDERS = frozenset({".", "!", "?", "。", "！", "？", "…"})
_ABBREVIATIONS = lexicon("sentence_abbreviations")  # patterns/lexicon.jsonl
_LEGAL_WORDS = lexicon("legal_words_before_stop")
MAX_SENT_TOKENS = 400
# Words that open a sentence: after 'Acme Inc.' one of them starts a new sentence, a name or place does not.
_OPENERS = lexicon("sentence_openers")
# A token that ends a sentence with a footnote marker glued on: a year or a word, a full stop, one or two digits.
_FOOTNOTE = re.compile(r"^(?:(?:19|20)\d\d|[A-Za-z]{3,})\.\d{1,2}$")
# After 'X Co., Ltd.' a capital starts a new sentence, unless the text is a list of names that the
# PDF lost a comma from: '..., Laboratory of A Co., Ltd. B Co., Ltd., and C Co., Ltd. passed ...'.
_LIST_ITEM_BEFORE = re.compile(r",[ \t]+(?:(?:[A-Z(][\w'’\-()]*|of|and|&)[ \t]+){1,10}(?:Co\.?,?[ \t]*)?$")
_LIST_ITEM_AFTER = re.compile(
    r"(?:[A-Z(][\w'’\-()]*[ \t]+|(?:of|and|&)[ \t]+){1,10}(?:Co\.?,?[ \t]*Ltd\.?|Limited|LIMITED|Inc\.?|Corporation)[ \t]*(?:,|and\b)"
)


def _opens_sentence(text: str) -> bool:
    ch = text[0]
    return ch.isupper() or ch.isdigit() or ch in "\"'“‘[•◆♦■●" or ("\u3400" <= ch <= "\u9fff")


def _inside_name_list(text: str, prev_idx: int, idx: int) -> bool:
    """True when the token at ``idx`` follows 'Ltd.' (at ``prev_idx``) inside a comma list of company names."""
    before = text[max(0, idx - 160): prev_idx].rstrip()
    return bool(_LIST_ITEM_BEFORE.search(before)) and bool(_LIST_ITEM_AFTER.match(text, idx))


@Language.factory("esg_sentences", requires=REQUIRES["esg_sentences"], assigns=ASSIGNS["esg_sentences"], default_config={"max_sent_tokens": MAX_SENT_TOKENS})
def make_sentencizer(nlp: Language, name: str, max_sent_tokens: int):
    """spaCy factory: ``max_sent_tokens`` caps the length of a sentence (runaway table rows)."""
    def component(doc: Doc) -> Doc:
        return esg_sentences(doc, max_sent_tokens)
    return component


def _token_table(doc: Doc, text: str) -> tuple[list[str], list[int], list[int], list[int]]:
    """The text, is_space and is_punct flags and start character of every token, read once, as four columns.

    The attributes come from one ``Doc.to_array`` (C) and each token's text is a slice of the document's
    ``text``: creating a spaCy ``Token`` per token (``for t in doc``) cost about as much as the tokenizer.
    Columns of strings and ints, not a tuple per token: a million tuples alive make the cyclic garbage
    collector run again and again (measured: 5x the time of the loop).
    """
    table = doc.to_array([IDX, LENGTH, IS_SPACE, IS_PUNCT])
    starts = table[:, 0].tolist()
    texts = [text[a: a + n] for a, n in zip(starts, table[:, 1].tolist())]
    return texts, table[:, 2].tolist(), table[:, 3].tolist(), starts


def legal_name_spans(doc: Doc) -> list[tuple[int, int]]:
    """Character spans of the names with a legal form in the document, found once per document (cached) by the
    mention layer's word walk back from each legal form (:mod:`esgkg.extract.mentions.legal`); ``esg_orgs`` files
    them as organisations and writes them to ``doc.spans["esg_org"]``."""
    spans = doc._.legal_names
    if spans is None:
        spans = doc._.legal_names = [m.span() for m in ORG_NAME.finditer(text_of(doc))]
    return spans


def _inside_legal_name(spans: list[tuple[int, int]], ends: list[int], text: str, char: int) -> bool:
    """True when ``char`` is inside a legal name ('S.p.A.') or right after one that ends in a full stop
    on the same line ('Acme Inc. Canada obtained ...'): a legal form's full stop ends no sentence."""
    i = bisect_right(ends, char)
    if i < len(spans) and spans[i][0] < char:
        return True  # ends[i] > char: inside the i-th name
    if i > 0:
        start, end = spans[i - 1]
        return text[end - 1] == "." and not text[end:char].strip()
    return False


def esg_sentences(doc: Doc, max_sent_tokens: int = MAX_SENT_TOKENS) -> Doc:
    """Mark sentence starts at line breaks and at sentence-final punctuation (abbreviation-aware).

    Token attributes are read once into lists (creating spaCy ``Token`` objects is the cost
    here), and the text they add up to is cached for the later components (see ``text_of``).
    """
    n = len(doc)
    text_all = text_of(doc)  # the input text when the Doc came from esgkg.extract (set there), else joined once
    texts, is_space, is_punct, idx = _token_table(doc, text_all)
    since = 0
    spans = legal_name_spans(doc)
    ends = [e for _, e in spans]
    flags = numpy.full((n, 1), -1, dtype="int64").astype("uint64")  # one array write: Token.is_sent_start is O(n) per call
    if n:
        flags[0, 0] = 1
    for i in range(1, n):
        tok_text, tok_space, tok_idx = texts[i], is_space[i], idx[i]
        text, prev_space, prev_idx = texts[i - 1], is_space[i - 1], idx[i - 1]
        start = False
        if prev_space and "\n" in text:
            start = not tok_space
        elif "." in text and _FOOTNOTE.match(text) and not tok_space and _opens_sentence(tok_text):
            start = True  # 'in 2024.3 Our ...', 'certification.4 Rowan ...': a footnote digit after a full stop
        elif text in _ENDERS or (len(text) > 1 and text[-1] in _ENDERS and text.lower() not in _ABBREVIATIONS and "." not in text[:-1]):
            if not tok_space and _opens_sentence(tok_text):
                before = texts[i - 2].lower() if i >= 2 else ""
                start = not (text == "." and before in _LEGAL_WORDS and tok_text in {",", "Ltd", "LTD", "Ltd."})
                if start and (before in _LEGAL_WORDS or text.lower().rstrip(".") in _LEGAL_WORDS) and _inside_name_list(text_all, prev_idx, tok_idx):
                    start = False
                if start and tok_text not in _OPENERS and _inside_legal_name(spans, ends, text_all, tok_idx):
                    start = False
        elif since >= max_sent_tokens and (is_punct[i - 1] or prev_space):
            start = True  # a runaway table row: cap sentence length so evidence stays readable
        if start:
            flags[i, 0] = 1
        since = 0 if start else since + 1
    if n:
        doc.from_array([SENT_START], flags)
    return doc
