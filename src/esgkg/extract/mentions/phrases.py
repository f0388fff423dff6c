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


def words_of(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` (maximal runs of letters, digits and '_', what a regular expression's ``\\b`` sets
    apart), lower-cased, with their start and end characters."""
    out = []
    start = -1
    for i, c in enumerate(text):
        if c.isalnum() or c == "_":
            if start < 0:
                start = i
        elif start >= 0:
            out.append((text[start:i].lower(), start, i))
            start = -1
    if start >= 0:
        out.append((text[start:].lower(), start, len(text)))
    return out


class WordCues:
    """Cue words and phrases (a lexicon record of ``patterns/lexicon.jsonl``) found as whole words of a string, in
    any case, the words of a phrase set apart by white space only: a set look-up per word, where a regular
    expression tried every cue of a joined alternation at every word.

    In a cue, a word ending in ``*`` is a stem (any word it starts: "disclos*" for "disclose", "disclosure"), and
    the word ``_`` stands for any one word ("engage _ in")."""

    def __init__(self, phrases: Iterable[str]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        self.stems: list[tuple[str, tuple[str, ...]]] = []
        for phrase in phrases:
            ws = tuple(phrase.lower().split())
            if not ws:
                continue
            if ws[0].endswith("*"):
                self.stems.append((ws[0][:-1], ws))
            else:
                self.by_first.setdefault(ws[0], []).append(ws)

    def search(self, text: str) -> bool:
        """True when ``text`` holds one of the cues."""
        words = words_of(text)
        for i, (word, _, _) in enumerate(words):
            for cue in self.by_first.get(word, ()):
                if len(cue) == 1 or self._rest(text, words, i, cue):
                    return True
            for stem, cue in self.stems:
                if word.startswith(stem) and (len(cue) == 1 or self._rest(text, words, i, cue)):
                    return True
        return False

    @staticmethod
    def _rest(text: str, words: list[tuple[str, int, int]], i: int, cue: tuple[str, ...]) -> bool:
        for k in range(1, len(cue)):
            if i + k >= len(words):
                return False
            want, got = cue[k], words[i + k][0]
            if not (want == "_" or want == got or (want.endswith("*") and got.startswith(want[:-1]))):
                return False
            gap = text[words[i + k - 1][2]: words[i + k][1]]
            if not gap or not gap.isspace():
                return False
        return True
