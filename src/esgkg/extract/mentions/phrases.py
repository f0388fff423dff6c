"""Known names found again in a document: a spaCy ``PhraseMatcher`` built per document.

A report's organisation names and aliases are known only once it has been read (``esg_orgs``), so the matcher
of their mentions is built per document, from the names, and run once over its tokens: a hash per token,
where one hand-joined alternation of every name (``"|".join(re.escape(...))``) tried each name at each word.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

Found = tuple[int, int, str]  # start char, end char, the phrase as written


@lru_cache(maxsize=1)
def tokenizer() -> Language:
    """A blank English pipeline whose tokenizer turns a name into the tokens the document has for it
    (the PhraseMatcher compares token hashes, which do not depend on the vocabulary)."""
    return spacy.blank("en")


def find_phrases(doc: Doc, phrases: Iterable[str], text: str | None = None,
                 accept: Callable[[int, int], bool] | None = None) -> list[Found]:
    """Occurrences of ``phrases`` in ``doc``, left to right and not overlapping: at each start the longest
    phrase that ``accept(start char, end char)`` allows (all, without ``accept``), as a search of the
    alternation of the phrases, longest first, would find them.

    A phrase matches whole tokens written exactly as in the phrase, white space included.
    """
    text = doc.text if text is None else text
    wanted = {p for p in phrases if p}
    if not wanted:
        return []
    matcher = PhraseMatcher(doc.vocab, attr="ORTH")
    matcher.add("PHRASE", list(tokenizer().tokenizer.pipe(sorted(wanted))))
    candidates = []
    for _, s, e in matcher(doc):
        a, b = doc[s].idx, doc[e - 1].idx + len(doc[e - 1])
        candidates.append((a, -b))
    candidates.sort()
    out: list[Found] = []
    last = -1
    for a, neg_b in candidates:
        b = -neg_b
        if a < last:
            continue
        phrase = text[a:b]
        if phrase in wanted and (accept is None or accept(a, b)):
            out.append((a, b, phrase))
            last = b
    return out


def free_before(text: str, start: int, also: str = "") -> bool:
    """No word character (or a character of ``also``) right before ``start``."""
    if start == 0:
        return True
    c = text[start - 1]
    return not (c.isalnum() or c == "_" or c in also)


def free_after(text: str, end: int, also: str = "") -> bool:
    """No word character (or a character of ``also``) right after ``end``."""
    if end >= len(text):
        return True
    c = text[end]
    return not (c.isalnum() or c == "_" or c in also)


def capital_follows(text: str, end: int) -> bool:
    """The next word after ``end`` (after spaces or tabs) starts with a capital A-Z or '(': the match is the
    head of a longer name ('Acme Wheel Manufacturing')."""
    i = end
    while i < len(text) and text[i] in " \t":
        i += 1
    return i > end and i < len(text) and (text[i] == "(" or "A" <= text[i] <= "Z")
