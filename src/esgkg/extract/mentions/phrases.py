"""Known names found again in a document: a spaCy ``PhraseMatcher`` built per document.

A report's organisation names and aliases are known only once it has been read (``esg_orgs``), so the matcher
of their mentions is built per document, from the names, and run once over its tokens: a hash per token,
where one hand-joined alternation of every name (``"|".join(re.escape(...))``) tried each name at each word.
"""
from __future__ import annotations

import re
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


_WORD = re.compile(r"\w+")  # a word: what a regular expression's ``\b`` sets apart (``str.isalnum`` characters and '_')


def words_of(text: str, pos: int = 0, endpos: int | None = None) -> list[tuple[str, int, int]]:
    """The words of ``text[pos:endpos]`` (maximal runs of letters, digits and '_', what a regular expression's ``\\b``
    sets apart), lower-cased, with their start and end characters in ``text``.  A word that runs on from before
    ``pos`` is left out (no ``\\b`` at ``pos``), as ``pattern.search(text, pos, endpos)`` would; ``endpos`` ends the
    last word, as it ends the string for that search."""
    out = [(m.group().lower(), m.start(), m.end()) for m in _WORD.finditer(text, pos, len(text) if endpos is None else endpos)]
    if out and pos > 0 and out[0][1] == pos and (text[pos - 1].isalnum() or text[pos - 1] == "_"):
        del out[0]
    return out


Cue = tuple[tuple[str, ...], tuple[str, ...]]  # a cue's words, and the gap before each word after the first ("" = white space)
_INNER_MARKS = "'-&"  # marks inside a cue word that set two words apart with nothing else between them ("lloyd's", "r&d")


class WordCues:
    """Cue words and phrases (a lexicon record of ``patterns/lexicon.jsonl``) found as whole words of a string, in
    any case, the words of a phrase set apart by white space only: a set look-up per word, where a regular
    expression tried every cue of a joined alternation at every word.

    In a cue, a word ending in ``*`` is a stem (any word it starts: "disclos*" for "disclose", "disclosure"), the
    word ``_`` stands for any one word ("engage _ in"), and a word with an apostrophe, a hyphen or an ampersand
    inside ("lloyd's", "low-carbon", "r&d") is the words on either side of that mark, with nothing else between
    them.  With ``spaces_only`` the words of a phrase are set apart by spaces only (not by a line break or a tab)."""

    def __init__(self, phrases: Iterable[str], spaces_only: bool = False) -> None:
        self.spaces_only = spaces_only
        self.by_first: dict[str, list[Cue]] = {}
        self.stems: list[tuple[str, Cue]] = []
        for phrase in phrases:
            words: list[str] = []
            gaps: list[str] = []
            for part in phrase.lower().split():
                piece, gap = "", ""
                for c in part:
                    if c in _INNER_MARKS and piece:
                        words.append(piece)
                        gaps.append(gap)
                        piece, gap = "", c
                    else:
                        piece += c
                words.append(piece)
                gaps.append(gap)
            if not words:
                continue
            cue = (tuple(words), tuple(gaps))
            if words[0].endswith("*"):
                self.stems.append((words[0][:-1], cue))
            else:
                self.by_first.setdefault(words[0], []).append(cue)
        self.stem_starts = tuple(stem for stem, _ in self.stems)  # one C-level str.startswith per word rules most out

    def find(self, text: str, pos: int = 0, endpos: int | None = None) -> tuple[int, int] | None:
        """The start and end characters of the leftmost cue in ``text[pos:endpos]`` (``None`` if there is none)."""
        words = words_of(text, pos, endpos)
        for i, (word, start, _) in enumerate(words):
            for cue in self.by_first.get(word, ()):
                if len(cue[0]) == 1 or self._rest(text, words, i, cue):
                    return start, words[i + len(cue[0]) - 1][2]
            if self.stem_starts and word.startswith(self.stem_starts):
                for stem, cue in self.stems:
                    if word.startswith(stem) and (len(cue[0]) == 1 or self._rest(text, words, i, cue)):
                        return start, words[i + len(cue[0]) - 1][2]
        return None

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        """True when ``text[pos:endpos]`` holds one of the cues."""
        return self.find(text, pos, endpos) is not None

    def _rest(self, text: str, words: list[tuple[str, int, int]], i: int, cue: Cue) -> bool:
        """Whether the words after ``words[i]`` (a match of the cue's first word) are the cue's other words, each
        one (``_``: any word; ``stem*``: a word it starts) with the gap the cue sets before it: the apostrophe exactly
        for the second half of an apostrophe word, else white space (spaces only with ``spaces_only``)."""
        for k in range(1, len(cue[0])):
            if i + k >= len(words):
                return False
            want, got = cue[0][k], words[i + k][0]
            if not (want == "_" or want == got or (want.endswith("*") and got.startswith(want[:-1]))):
                return False
            gap, literal = text[words[i + k - 1][2]: words[i + k][1]], cue[1][k]
            if (gap != literal) if literal else not (gap and (gap.isspace() if not self.spaces_only else not gap.strip(" "))):
                return False
        return True
