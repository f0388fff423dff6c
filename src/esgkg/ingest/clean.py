"""One place for clean-up of extraction artefacts, shared by every input format.

PDF converters leave Markdown emphasis and links, HTML fragments, LaTeX bits, ligatures, words
broken by end-of-line hyphens, and page furniture (running headers, footers, page numbers).  They
are removed here, before extraction, so no extractor rule has to know about them.  Every loader
(text, Markdown, HTML, PDF) ends in :func:`clean_text`; loaders that know page structure also use
:func:`furniture_mask`, and the PDF loader joins wrapped lines with :func:`unwrap`.

The extractor reads the cleaned text and evidence is matched by its words, so every rule here
removes markup *around* words and never drops a word of a sentence.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Sequence

_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
_LIGATURE_TABLE = str.maketrans(_LIGATURES)
_LIGATURE = re.compile("[" + "".join(_LIGATURES) + "]")  # the test before the translation (most texts have none)
_LATEX_SYMBOLS = {r"\circ": "°", r"\%": "%", r"\times": "×", r"\mu": "µ", r"\leq": "≤", r"\geq": "≥", r"\le": "≤", r"\ge": "≥", r"\cdot": "·", r"\sim": "~", r"\pm": "±"}

# $^{\circ}$C, $_{2}$, $\mathrm{CO_2}$ ...: keep the readable content of inline LaTeX.
_LATEX_INLINE = re.compile(r"\$([^$\n]{1,60})\$")
_LATEX_COMMAND = re.compile(r"\\[A-Za-z]+\s*")
_HTML_TAG = re.compile(r"</?(?:sup|sub|br|ul|ol|li|p|span|div|b|i|u|em|strong|table|tr|td|th|tbody|thead|font|a)\b[^>]{0,200}>", re.I)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]{1,300})>")
# (the look-ahead in front: every alternative starts at a '*', a '_' or a line start, so any other position fails at once)
_MD_EMPHASIS = re.compile(r"(?=[*_]|^)(?:(\*\*|__)(?=\S)|(?<=\S)(\*\*|__)|^\s{0,3}#{1,6}\s+)", re.M)
# Single-star *italics* are left alone: converters use them for the titles of laws and policies,
# and the stars keep those titles from reading as organisation names.
_MD_LINK = re.compile(r"!?\[([^\[\]\n]{0,300})\]\([^()\s]{0,500}(?:\s+\"[^\"\n]*\")?\)")
# Written so that no two whitespace runs touch (each cell starts with ':' or '-'): the regex then
# cannot try every way of splitting a long run of spaces between two [ \t]* (quadratic, issue 16).
_MD_TABLE_RULE = re.compile(r"^[ \t]*(?:\|[ \t]*)?(?::?-{3,}:?[ \t]*\|[ \t]*)+(?::?-{3,}:?[ \t]*)?$", re.M)
_MD_TABLE_ROW = re.compile(r"^[ \t]*\|(.*\|)[ \t]*$", re.M)
_SPACES = re.compile(r"[ \u00a0\u3000]{2,}")
# More than two blank lines say nothing more than two, and a run of 80,000 of them made every
# regex with a \s+ quadratic in the run's length (issue 16): long whitespace runs are cut short.
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*){3,}\n")
_TAB_RUN = re.compile(r"\t{33,}")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
_VERTICAL_TAB = re.compile(r"\x0b\n?")  # a word processor's manual line break: a line break
# A run of punctuation or symbols this long holds no word, and the tokenizer's prefix / suffix
# splitting is quadratic in it (30,000 '=' took minutes): it is cut into runs of this length.
PUNCT_RUN = 32
_PUNCT_RUN = re.compile(r"(?:[^\w\s]|_){%d,}" % (PUNCT_RUN + 1))
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&quot;": '"', "&#39;": "'"}
_ENTITY = re.compile("|".join(map(re.escape, _ENTITIES)))

# A word (letters, optionally hyphenated compound) and a line-end break inside one.
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_HYPHEN_BREAK = re.compile(r"\b([^\W\d_]+(?:-[^\W\d_]+){0,12})[-\u00ad\x02\ufffe][ \t]*\n[ \t]*([a-z][^\W\d_]*(?:-[^\W\d_]+)*)")
# the two pieces of a word broken at a line end are not words of the document
_BROKEN = re.compile(r"\b[^\W\d_]+[-\u00ad\x02\ufffe]+(?:[ \t]*\n[ \t]*|[ \t]+)[^\W\d_]+")
_SOFT_HYPHEN = re.compile(r"\u00ad(?!\n)")
# Every match of _HYPHEN_BREAK and _BROKEN holds a hyphen followed by white space, with only word characters and
# hyphens between the match's start and it: the places where :func:`_sub_at_hyphens` tries them.
_HYPHEN_BEFORE_SPACE = re.compile(r"[-\u00ad\x02\ufffe](?=[ \t\n])")
_IN_WORD_RUN = frozenset("-_\u00ad\x02\ufffe")

# Page furniture: "12", "- 12 -", "Page 12", "12 / 80", "p. 12", "xii"
_PAGE_NUMBER = re.compile(r"^\W{0,3}(?:page|p\.)?\s*(?:\d{1,4}|[ivxlc]{1,7})(?:\s*(?:/|of)\s*\d{1,4})?\W{0,3}$", re.I)
_DIGITS = re.compile(r"\d+")
_EDGE_NUMBER = re.compile(r"^(\d{1,4})(?=\s)(?!\s*[.:])|(?<=\s)(\d{1,4})$")


def _latex(match: re.Match[str]) -> str:
    """Keep what a reader sees of an inline formula: symbols and text, no commands or braces."""
    body = match.group(1)
    for command, symbol in _LATEX_SYMBOLS.items():
        body = body.replace(command, symbol)
    body = re.sub(r"\\(?:mathrm|text|mathbf|rm)\s*", "", body)
    body = _LATEX_COMMAND.sub("", body)  # \bigcirc and other drawing commands carry no words
    return re.sub(r"[{}^_\\]", "", body)


def _md_table_row(match: re.Match[str]) -> str:
    """``| a | b |`` -> ``a<TAB>b``: a table row becomes tab-separated cells, like every loader's tables."""
    cells = [c.strip() for c in match.group(1)[:-1].split("|")]
    return "\t".join(cells)


def _sub_at_hyphens(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], text: str) -> str:
    """``pattern.sub(repl, text)`` for :data:`_HYPHEN_BREAK` and :data:`_BROKEN`, tried only from the run of word
    characters and hyphens before each hyphen that white space follows (see :data:`_HYPHEN_BEFORE_SPACE`) instead of
    at every position of the text: the same matches, left to right, not overlapping; linear time (each run is
    walked back once, up to the end of the last match)."""
    out: list[str] = []
    last = 0
    for hyphen in _HYPHEN_BEFORE_SPACE.finditer(text):
        h = hyphen.start()
        if h < last:
            continue
        start = h
        while start > last and (text[start - 1].isalnum() or text[start - 1] in _IN_WORD_RUN):
            start -= 1
        for at in range(start, h + 1):
            m = pattern.match(text, at)
            if m is not None:
                out += (text[last:at], repl(m))
                last = m.end()
                break
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def vocabulary(text: str) -> set[str]:
    """The words of a document, lower-cased, hyphenated compounds kept whole ("low-carbon").

    The two pieces of a word broken by a line-end hyphen ("environ-" / "mental", also when the
    lines are joined by a space) are left out: they are pieces, not the document's words.
    """
    unbroken = _sub_at_hyphens(_BROKEN, lambda m: " ", text)
    return {w.lower() for w in set(_WORD.findall(unbroken))}  # each distinct word lower-cased once


def join_hyphenated(head: str, tail: str, known: Collection[str]) -> str:
    """Join ``head-`` at a line end with ``tail`` on the next line.

    A line-end hyphen is either the typesetter's (``environ-`` + ``mental``) or part of a compound
    (``low-`` + ``carbon``).  The document itself decides: the form it uses elsewhere wins; a head
    that is already a compound (``year-on-``) keeps its hyphen, and so does a compound of two words
    the document uses on their own (``well-`` + ``informed``, ``state-`` + ``of-the-art``: the
    joined form is no word of it); otherwise the hyphen is dropped.  PDFium marks every line-end
    hyphen alike (U+FFFE), so for a PDF the vocabulary is all there is to tell them apart.
    """
    joined, hyphenated = head + tail, f"{head}-{tail}"
    if joined.lower() in known:
        return joined
    if hyphenated.lower() in known or "-" in head:
        return hyphenated
    first = tail.split("-", 1)[0]
    if len(head) >= 3 and len(first) >= 2 and head.lower() in known and first.lower() in known:
        return hyphenated
    return joined


_LINE_END_HYPHEN = re.compile(r"(?<![^\W\d_])([^\W\d_]+(?:-[^\W\d_]+){0,12})[-\u00ad\x02\ufffe]$")
_LINE_START_WORD = re.compile(r"[a-z][^\W\d_]*(?:-[^\W\d_]+)*")
_HYPHENS = "-\u00ad\x02\ufffe"


def unwrap(lines: Sequence[str], known: Collection[str] = ()) -> str:
    """One paragraph from its wrapped lines: joined by spaces, line-end hyphens resolved."""
    parts: list[str] = []
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if parts and parts[-1][-1] in _HYPHENS:
            match = _LINE_END_HYPHEN.search(parts[-1][-120:])
            first = _LINE_START_WORD.match(line)
            if match and first:
                head = parts[-1][: len(parts[-1]) - len(match.group(0))]
                parts[-1] = head + join_hyphenated(match.group(1), first.group(0), known) + line[first.end():]
                continue
        parts.append(line)
    return " ".join(parts)


_ANY_LINE_END_HYPHEN = re.compile(r"[-\u00ad\x02\ufffe][ \t]*\n")


def _dehyphenate(text: str) -> str:
    """Resolve words broken across lines (the test for any candidate first: it is 20x cheaper)."""
    if not _ANY_LINE_END_HYPHEN.search(text):
        return text
    known = vocabulary(text)
    return _sub_at_hyphens(_HYPHEN_BREAK, lambda m: join_hyphenated(m.group(1), m.group(2), known), text)


def _furniture_key(line: str) -> str:
    """Running headers differ only by their page number: compare them with digits masked."""
    return " ".join(_DIGITS.sub("#", line.lower()).split())


def is_page_number(line: str) -> bool:
    return bool(_PAGE_NUMBER.match(line.strip()))


def _page_number_offset(line: str, page_index: int) -> int | None:
    """For "Chapter 3: Utilities 6" on page index 8: printed number minus page index (-2), else None."""
    match = _EDGE_NUMBER.search(line.strip())
    if match is None or len(line.split()) > 12:
        return None
    return int(match.group(1) or match.group(2)) - page_index


def furniture_mask(edges: Sequence[Sequence[str]], min_pages: int | None = None,
                   indexes: Sequence[int] | None = None) -> list[list[bool]]:
    """Which page-edge lines are furniture: ``edges[p]`` are the lines at the top and bottom of page p.

    A line is furniture when it is a bare page number; when (digits masked) it recurs at the edges
    of at least ``min_pages`` pages (default: 3, or a tenth of the pages for long reports; both
    pages of a two-page document); or when it is a short line starting or ending with a number
    that runs in step with the page index on that many pages (a running chapter title with its
    page number, "Chapter 3: Utilities 6").  Headings and sentences met once are never dropped.
    ``indexes[p]`` is the page index of ``edges[p]`` when only some pages are given (default: p).
    """
    if min_pages is None:
        min_pages = max(2, min(len(edges), max(3, math.ceil(len(edges) / 10))))
    if indexes is None:
        indexes = range(len(edges))
    seen: Counter[str] = Counter()
    offsets: Counter[int] = Counter()
    for index, page in zip(indexes, edges):
        seen.update({_furniture_key(line) for line in page if line.strip()})
        offsets.update({o for line in page if (o := _page_number_offset(line, index)) is not None})

    def furniture(line: str, index: int) -> bool:
        if not line.strip():
            return False
        if is_page_number(line) or seen[_furniture_key(line)] >= min_pages:
            return True
        offset = _page_number_offset(line, index)
        return offset is not None and offsets[offset] >= min_pages

    return [[furniture(line, index) for line in page] for index, page in zip(indexes, edges)]


MAX_RUNNING_LINES = 12


def running_lines(dropped: Sequence[str]) -> tuple[str, ...]:
    """The distinct running headers and footers among dropped furniture lines, most repeated first
    (bare page numbers left out; at most :data:`MAX_RUNNING_LINES`).  A running header often carries
    the report's title ('Acme plc | Climate Report 2024'): what a reader of the publisher and year
    needs even though it is no part of the text."""
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}
    for line in dropped:
        line = " ".join(line.split())
        if not line or is_page_number(line) or len(line) > 200:
            continue
        key = _furniture_key(line)
        counts[key] += 1
        first.setdefault(key, line)
    return tuple(first[k] for k, _ in counts.most_common(MAX_RUNNING_LINES))


def drop_text_furniture(pages: list[str], depth: int = 2, dropped: list[str] | None = None) -> list[str]:
    """Remove furniture from paged plain text: the first and last ``depth`` non-blank lines are the edges.

    The lines removed are appended to ``dropped`` when it is given (see :func:`running_lines`)."""
    if len(pages) < 2:
        return pages
    filled_pages = [n for n, page in enumerate(pages) if page.strip()]  # blank pages have no furniture
    split = [pages[n].split("\n") for n in filled_pages]
    edge_index: list[list[int]] = []
    for lines in split:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        edge_index.append(sorted(set(filled[:depth] + filled[-depth:])))
    mask = furniture_mask([[lines[i] for i in idx] for lines, idx in zip(split, edge_index)],
                          min_pages=max(2, min(len(pages), max(3, math.ceil(len(pages) / 10)))), indexes=filled_pages)
    out = list(pages)
    for n, lines, idx, flags in zip(filled_pages, split, edge_index, mask):
        drop = {i for i, flag in zip(idx, flags) if flag}
        if dropped is not None:
            dropped.extend(lines[i] for i in sorted(drop))
        out[n] = "\n".join(line for i, line in enumerate(lines) if i not in drop)
    return out


def clean_text(text: str) -> str:
    """Return ``text`` without conversion artefacts (keeps line structure and paragraphs)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    if _LIGATURE.search(text):  # str.translate looks every character up: 5x the cost of the search
        text = text.translate(_LIGATURE_TABLE)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _dehyphenate(text)
    text = _SOFT_HYPHEN.sub("", text)
    text = _VERTICAL_TAB.sub("\n", text)
    text = _CONTROLS.sub("", text)
    text = _LATEX_INLINE.sub(_latex, text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], text)
    text = _MD_TABLE_RULE.sub("", text)
    text = _MD_TABLE_ROW.sub(_md_table_row, text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_EMPHASIS.sub("", text)
    text = _PUNCT_RUN.sub(_cut_run, text)
    text = _BLANK_LINES.sub("\n\n\n", text)
    text = _TAB_RUN.sub("\t" * 32, text)
    return _SPACES.sub(" ", text)


def _cut_run(match: re.Match[str]) -> str:
    run = match.group(0)
    return " ".join(run[i: i + PUNCT_RUN] for i in range(0, len(run), PUNCT_RUN))
