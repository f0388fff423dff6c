"""PDF reports: text with page numbers, in reading order, via pypdfium2 (Apache-2.0 / BSD).

PDFium gives text in content-stream order, which interleaves the lines of side-by-side columns
when a page draws them row by row, and it does no layout analysis.  So this module reads the
page's text *runs* (PDFium's text rectangles, one per text object) with their boxes and does a
small layout pass of its own:

1. runs on one baseline that touch are merged into segments; a wide gap starts a new segment
   (table cells, or the two halves of a row that crosses a column gutter);
2. segments in the top / bottom margin band that recur on many pages, and bare page numbers,
   are page furniture and dropped (the decision is :func:`esgkg.ingest.clean.furniture_mask`);
3. the page is cut into sections where the text above an empty band across it is complete
   (every column's line above it ends a paragraph), into strips at empty bands that run from top
   to bottom with prose on both sides (the two pages of a spread, columns; or a sidebar on
   baselines of its own), then into sections at empty bands across the whole width; in each, vertical gutters are found from where narrow body-text segments leave
   the region empty (display type may cross them); blocks of rows
   between full-width rows are read column by column when every column holds prose, and row by
   row (cells tab-separated) when it is a table;
4. wrapped lines are joined into paragraphs when the line above runs to the column's right edge
   (the next line's first word would not have fitted), with line-end hyphens resolved by
   :func:`esgkg.ingest.clean.unwrap` against the document's own vocabulary (lines of display
   type stay lines); blocks (after a paragraph space, in another column, in another type size)
   are set apart by a blank line, as in text.

Each page's text then goes through :func:`esgkg.ingest.clean.clean_text` like every other format,
and ``Document.page_starts`` records where each page begins, so facts get ``esg:page``.
"""
from __future__ import annotations

import bisect
import ctypes
import math
import re
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from statistics import median

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .clean import furniture_mask, running_lines, unwrap, vocabulary
from .document import Document, IngestError, report_page
from .reading import paged_document, read_bytes

EDGE_BAND = 0.10  # top / bottom share of the page height where running headers and footers live
EDGE_ROWS = 2  # rows from each edge that may be furniture
SECTION_GAP = 2.0  # an empty band this many line heights tall separates stacked sections
PARAGRAPH_BAND = 1.2  # ... and one this tall does when every column's line above it ends a paragraph
WIDE = 0.6  # a segment wider than this share of the text width spans columns
BULLETS = frozenset("•●◆♦■□▪◦▶►➢✓✔–—*·")
_BULLET = re.compile(r"^(?:[•●◆♦■□▪◦▶►➢✓✔\-–—*]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s")
_SOFT_BREAKS = frozenset("\ufffe\u00ad\x02")
_EOF_WINDOW = 8192
MAX_STREAM_BYTES = 256 * 1024 * 1024
"""A Flate stream that inflates past this is refused before PDFium sees it (a decompression bomb:
PDFium inflates a whole content stream into memory, and one such stream once took 8 GB)."""
MAX_TEXT_OPERATORS = 200_000
"""A content stream with more text-showing operators than this is refused: a dense real page has a
few thousand; 1.5 million made PDFium's text page alone grow past 8 GB (issue 16)."""
MAX_LAYOUT_RUNS = 5_000
"""A page with more text runs than this is read as PDFium's plain text, without the layout pass
(whose character lookup per run is quadratic in the runs of a page)."""


@dataclass(slots=True)
class Segment:
    """A run of text on one line, with its box in PDF units (origin bottom-left)."""

    left: float
    bottom: float
    right: float
    top: float
    text: str
    # where the glyph advances of the first and last letters begin and end (PDFium's loose boxes):
    # two runs whose advances meet are one word, however far apart their ink is ("l" + "ime")
    lead: float | None = None
    trail: float | None = None

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.1)

    @property
    def centre_y(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Line:
    """One line in reading order: a segment, or a table row of segments joined by tabs."""

    text: str
    left: float
    bottom: float
    right: float
    top: float
    edge: float  # right edge of the column this line sits in
    cells: int = 1

    @property
    def height(self) -> float:
        return max(self.top - self.bottom, 0.1)


# ------------------------------------------------------------------ opening


_STREAM_START = re.compile(rb">>\s*stream\r?\n")


def check_streams(path: Path, data: bytes) -> None:
    """Inflate every Flate stream that is not an image (content, object, font streams), counting
    bytes and text operators without keeping them, and refuse the file when one is a bomb.

    Linear in the inflated size, which is capped at :data:`MAX_STREAM_BYTES` per stream; a stream
    that does not inflate (damaged, encrypted) is left to PDFium.
    """
    for m in _STREAM_START.finditer(data):
        head = data[max(0, m.start() - 1024): m.start()]
        head = head[head.rfind(b"obj") + 1:]
        if b"/FlateDecode" not in head or b"/Image" in head:
            continue
        inflater = zlib.decompressobj()
        size = operators = 0
        pos = m.end()
        try:
            while pos < len(data) and not inflater.eof:
                chunk = data[pos: pos + (1 << 20)]
                pos += len(chunk)
                while chunk and not inflater.eof:
                    out = inflater.decompress(chunk, 1 << 24)
                    size += len(out)
                    operators += out.count(b"Tj") + out.count(b"TJ")
                    if size > MAX_STREAM_BYTES:
                        raise IngestError(path, f"damaged or hostile PDF: a stream inflates to more than {MAX_STREAM_BYTES >> 20} MB (a decompression bomb)")
                    if operators > MAX_TEXT_OPERATORS:
                        raise IngestError(path, f"damaged or hostile PDF: a content stream holds more than {MAX_TEXT_OPERATORS:,} text operators (a real page holds a few thousand)")
                    chunk = inflater.unconsumed_tail
        except zlib.error:
            continue


def _open(path: Path, data: bytes) -> pdfium.PdfDocument:
    """Open the PDF or raise a one-line IngestError saying why it cannot be read."""
    if b"%PDF-" not in data[:1024]:
        raise IngestError(path, "not a PDF (no %PDF header)")
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise IngestError(path, "truncated PDF: no %%EOF end marker (the file is incomplete; download it again)")
    check_streams(path, data)
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        message = str(err)
        if "password" in message.lower():
            raise IngestError(path, "encrypted PDF: it needs a password to open") from None
        if "security" in message.lower():
            raise IngestError(path, "PDF uses an unsupported security handler") from None
        raise IngestError(path, f"damaged PDF: {_pdfium_reason(message)}") from None


def _pdfium_reason(message: str) -> str:
    """PDFium's error as a reason; its 'Success' (an error code it did not set) says nothing."""
    reason = re.sub(r"^Failed to load (?:document|page) \(PDFium: (.*)\)\.?$", r"\1", message.splitlines()[0] if message else "")
    reason = reason.rstrip(".").lower().strip()
    if reason in ("", "success", "unknown error"):
        return "PDFium cannot read its structure (broken cross-reference table or objects)"
    return reason


# ------------------------------------------------------------------ page -> segments


Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class View:
    """How a page is shown: its ``/Rotate`` (clockwise degrees) and its box in PDF user space.

    PDFium gives text boxes in user space; a page drawn sideways and turned upright by ``/Rotate``
    (a landscape table in a portrait report) has its lines running up the user space.  Boxes are
    turned into the upright view first, so the layout pass reads the page as a reader sees it.
    """

    rotation: int = 0
    box: Box = (0.0, 0.0, 0.0, 0.0)

    def upright(self, rect: Box) -> Box:
        """A user-space box in upright coordinates (origin bottom-left of the shown page)."""
        left, bottom, right, top = rect
        x0, y0, x1, y1 = self.box
        if self.rotation == 90:
            return bottom - y0, x1 - right, top - y0, x1 - left
        if self.rotation == 180:
            return x1 - right, y1 - top, x1 - left, y1 - bottom
        if self.rotation == 270:
            return y1 - top, left - x0, y1 - bottom, right - x0
        return rect

    def to_user(self, x: float, y: float) -> tuple[float, float]:
        """An upright point back in user space (the inverse of :meth:`upright`)."""
        x0, y0, x1, y1 = self.box
        if self.rotation == 90:
            return x1 - y, x + y0
        if self.rotation == 180:
            return x1 - x, y1 - y
        if self.rotation == 270:
            return y + x0, y1 - x
        return x, y

    @property
    def height(self) -> tuple[float, float]:
        """(bottom, height) of the shown page."""
        x0, y0, x1, y1 = self.box
        return (0.0, x1 - x0) if self.rotation in (90, 270) else (0.0 if self.rotation else y0, y1 - y0)


def _first_chars(textpage: pdfium.PdfTextPage, rects: list[Box], view: View = View()) -> list[int | None]:
    """The index of each rectangle's first character (the character at its upright left edge)."""
    out = []
    for left, bottom, right, top in rects:
        index = None
        # a glyph whose ink starts right of its box (an opening quote) may not answer at the very
        # edge: probe a little further in before giving up (the page then falls back to bounded text)
        for step in (0.5, 2.0, 4.0):
            x, y = view.to_user(min(left + step, right), (bottom + top) / 2)
            index = textpage.get_index(x, y, 2.0, 2.0)
            if index is not None:
                break
        # PDFium may answer with the second glyph even at the edge (a thin first letter, "l", whose
        # ink ends before the probe): step back over glyphs that still lie in the rectangle, or a
        # word cut by a change of text object loses its first letter to the run before ("l ow")
        slack = 1.0 if step > 0.5 else 0.1
        if index is not None:
            for _ in range(3):
                if index == 0:
                    break
                cl, cb, cr, ct = view.upright(textpage.get_charbox(index - 1))
                if not (cl >= left - slack and cr <= right + slack and min(ct, top) - max(cb, bottom) > 0):
                    break
                index -= 1
        out.append(index)
    return out


_ADDRESS_OF_OBJECT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)


def _object_starts(textpage: pdfium.PdfTextPage, count: int) -> list[int | None] | None:
    """The index of each rectangle's first character, from the text object each character belongs
    to, or None when PDFium cannot tell (no ``FPDFText_GetTextObject``) or the grouping does not
    give ``count`` rectangles.

    PDFium makes one rectangle per run of characters of one text object, leaving out the
    characters it generated (spaces, line breaks) and those with an empty box (a space has no
    height): so a rectangle starts where the text object changes, at a group that holds a glyph
    with ink.  One call per character, linear; unlike probing the rectangle's edge
    (:func:`_first_chars`) it cannot pick a glyph of a neighbouring run when runs overlap (text
    set along a curve, one rotated object per letter) or miss a thin first letter.
    """
    get_object = getattr(pdfium_c, "FPDFText_GetTextObject", None)
    if get_object is None:
        return None
    # the same C function answering a plain address: no pointer object to cast per character
    object_at = _ADDRESS_OF_OBJECT(ctypes.cast(get_object, ctypes.c_void_p).value)
    raw = ctypes.cast(textpage.raw, ctypes.c_void_p).value
    starts: list[int] = []
    previous = None
    for index in range(textpage.count_chars()):
        obj = object_at(raw, index)
        if obj is not None and obj != previous:
            starts.append(index)
            previous = obj
    if len(starts) != count:  # some object holds only empty boxes (spaces): it has no rectangle
        ends = [*starts[1:], textpage.count_chars()]
        starts = [a for a, b in zip(starts, ends) if _has_ink(textpage, a, b)]
    return list(starts) if len(starts) == count else None


def _has_ink(textpage: pdfium.PdfTextPage, start: int, end: int) -> bool:
    """Does a character in [start, end) have a box (PDFium counts only those in a rectangle)?"""
    for index in range(start, end):
        if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        if right - left >= 0.01 and top - bottom >= 0.01:
            return True
    return False


def _texts_by_index(textpage: pdfium.PdfTextPage, starts: list[int | None], text: str | None = None) -> list[str] | None:
    """Each rectangle's text sliced from the page text, or None when the slicing cannot be trusted.

    PDFium lists rectangles in character order, one per text object, so rectangle i holds the
    characters from its first index up to the next rectangle's.  One ``get_text_range`` and a
    slice per rectangle is linear, where ``get_text_bounded`` scans the whole page per call.  The
    slicing needs every first index found, strictly increasing, and text indices equal to
    character indices (PDFium may drop or insert characters on odd pages): otherwise None.
    """
    if any(i is None for i in starts) or any(b <= a for a, b in zip(starts, starts[1:])):  # type: ignore[operator]
        return None
    text = textpage.get_text_range() if text is None else text
    if len(text) != textpage.count_chars():
        return None
    bounds = [*starts, len(text)]
    texts = [text[a:b] for a, b in zip(bounds, bounds[1:])]  # type: ignore[misc]
    # PDFium marks a soft hyphen that broke a word at a line end as U+FFFE (or U+0002) and puts it
    # before the next rectangle's first character: it belongs to the end of the line it broke
    for i in range(1, len(texts)):
        if texts[i][:1] in _SOFT_BREAKS:
            texts[i - 1] += texts[i][0]
            texts[i] = texts[i][1:]
    return texts


def _runs(textpage: pdfium.PdfTextPage, view: View = View()) -> list[Segment]:
    """PDFium's text rectangles (one per text object run) with their text.

    A rectangle's height is its glyphs' ink ("more" is shorter than "Thy"), so the vertical
    extent is taken from the font box of the run's first character instead: then every line of
    one font size has one height, and line pitch and size comparisons mean something.
    """
    user_rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    rects = [view.upright(r) for r in user_rects]
    starts = _object_starts(textpage, len(rects)) or _first_chars(textpage, rects, view)
    page_text = textpage.get_text_range()
    texts = _texts_by_index(textpage, starts, page_text)
    bounds = [*starts, len(page_text)]
    runs = []
    for i, (left, bottom, right, top) in enumerate(rects):
        text = texts[i] if texts is not None else textpage.get_text_bounded(*user_rects[i])
        text = text.replace("\r\n", " ").replace("\n", " ")
        if not text.strip():
            continue
        if starts[i] is not None:
            _, loose_bottom, _, loose_top = view.upright(textpage.get_charbox(starts[i], loose=True))
            if loose_top > loose_bottom:
                bottom, top = loose_bottom, loose_top
        lead = trail = None
        if texts is not None:
            lead, trail = _advances(textpage, page_text, bounds[i], bounds[i + 1], view)
        runs.append(Segment(left, bottom, right, top, text, lead, trail))
    return runs


def _advances(textpage: pdfium.PdfTextPage, text: str, start: int, end: int, view: View) -> tuple[float | None, float | None]:
    """(left of the first glyph's advance, right of the last glyph's) for characters [start, end),
    spaces and line breaks left out; None when the run holds no such glyph."""
    first = next((k for k in range(start, end) if not text[k].isspace() and text[k] not in _SOFT_BREAKS), None)
    if first is None:
        return None, None
    last = next(k for k in range(end - 1, first - 1, -1) if not text[k].isspace() and text[k] not in _SOFT_BREAKS)
    lead = view.upright(textpage.get_charbox(first, loose=True))[0]
    trail = view.upright(textpage.get_charbox(last, loose=True))[2]
    return lead, trail


def _same_row(a: Segment, b: Segment) -> bool:
    """The two sit on one line: vertical overlap of at least half the smaller height, and centres
    within half the smaller height unless the taller is at most twice the smaller (a subscript
    or superscript sits off centre).  The second test keeps a display heading several lines tall
    from swallowing the lines of body text that sit beside it."""
    low, high = sorted((a.height, b.height))
    overlap = min(a.top, b.top) - max(a.bottom, b.bottom)
    return overlap >= 0.5 * low and (high <= 2.0 * low or abs(a.centre_y - b.centre_y) <= 0.5 * low)


def _fits_row(row: list[Segment], seg: Segment, body: float, floor: Segment | None) -> bool:
    """``seg`` sits on the line of ``row``: on one line with its first segment, and, when it is
    body text (at least 0.8 ``body``, the page's median height), not stacked under ``floor``, the
    row's body-text segment that sits highest, when that is of its size (sharing under a quarter of
    its height).  A tall segment (a figure set large beside a column) spans two body lines;
    without the second test both would join its row and two lines of a column become one.  A
    subscript under a superscript is no body text and joins as before.  Constant time: a page of
    thousands of runs on one line stays linear."""
    if not _same_row(row[0], seg):
        return False
    if seg.height < 0.8 * body or floor is None:
        return True
    low, high = sorted((floor.height, seg.height))
    return not (high <= 1.5 * low and min(floor.top, seg.top) - max(floor.bottom, seg.bottom) < 0.25 * low)


def _group_rows(items: list[Segment]) -> list[list[Segment]]:
    """Rows top to bottom, each sorted left to right."""
    rows: list[list[Segment]] = []
    floors: list[Segment | None] = []  # per row, its body-text segment that sits highest
    body = median(s.height for s in items) if items else 0.0
    for seg in sorted(items, key=lambda s: (-s.top, s.left)):
        for i in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            if _fits_row(rows[i], seg, body, floors[i]):
                rows[i].append(seg)
                break
        else:
            rows.append([seg])
            floors.append(None)
            i = len(rows) - 1
        if seg.height >= 0.8 * body and (floors[i] is None or seg.bottom > floors[i].bottom):  # type: ignore[union-attr]
            floors[i] = seg
    for row in rows:
        row.sort(key=lambda s: s.left)
    rows.sort(key=lambda r: -max(s.centre_y for s in r))
    return rows


def _merge_row(row: list[Segment]) -> list[Segment]:
    """Join touching runs of one row into segments; a gap wider than the line height splits them.

    A bullet glyph set apart from its item (a hanging indent) joins the item's text: it is a list
    item, not a two-cell table row.
    """
    first = row[0]
    out = [Segment(first.left, first.bottom, first.right, first.top, first.text.strip(), first.lead, first.trail)]
    for before, run in zip(row, row[1:]):
        last = out[-1]
        gap = run.left - last.right
        # runs that touch are one word cut by a change of font or kerning; runs that overlap are
        # not (two lines drawn over each other, or a word over a word): they keep a space
        touching = -0.1 * last.height <= gap < 0.1 * last.height
        if last.trail is not None and run.lead is not None:
            # the glyph advances meet: a word set in two objects whose ink leaves a gap (a thin
            # "l" before "ime", letter-spaced or kerned display type), as pdftotext reads it
            touching = touching or abs(run.lead - last.trail) < 0.08 * last.height
        spaced = before.text[-1:].isspace() or run.text[:1].isspace()
        # display type next to body text (a heading beside a column) is two segments, not one line
        mixed = max(last.height, run.height) > 1.6 * min(last.height, run.height) and not touching
        # a run whose box already holds its word space is followed closely by the next word: a
        # wider gap is a gutter, however narrow (columns set a word space and a half apart)
        limit = (0.5 if spaced else 1.0) * max(last.height, run.height)
        if (gap > limit or mixed) and last.text not in BULLETS:
            out.append(Segment(run.left, run.bottom, run.right, run.top, run.text.strip(), run.lead, run.trail))
            continue
        glue = "" if touching and not spaced else " "
        last.text = (last.text + glue + run.text.strip()).strip()
        last.right = max(last.right, run.right)
        last.trail = run.trail
        last.bottom, last.top = min(last.bottom, run.bottom), max(last.top, run.top)
    return [s for s in out if s.text]


def _plain_rows(textpage: pdfium.PdfTextPage) -> list[list[Segment]]:
    """The page's lines as PDFium's plain text gives them, one full-width row each, spaced apart so
    that no two join into a paragraph and no column is found: a page read without layout."""
    lines = [line.strip() for line in textpage.get_text_range().splitlines()]
    return [[Segment(0.0, -3.0 * i - 1.0, 1000.0, -3.0 * i, line)] for i, line in enumerate(lines) if line]


def page_rows(textpage: pdfium.PdfTextPage, view: View = View()) -> list[list[Segment]]:
    """The page's segments grouped in rows, top to bottom, as the page is shown (``view``); plain
    lines on a page of too many runs."""
    if textpage.count_rects() > MAX_LAYOUT_RUNS:
        return _plain_rows(textpage)
    runs = _runs(textpage, view)
    return [_merge_row(row) for row in _group_rows(runs)] if runs else []


# ------------------------------------------------------------------ furniture


def _edge_rows(rows: list[list[Segment]], page_height: float, page_bottom: float) -> list[int]:
    """Indexes of the rows that may be running headers / footers: near the top or bottom edge."""
    top_limit = page_bottom + page_height * (1 - EDGE_BAND)
    bottom_limit = page_bottom + page_height * EDGE_BAND
    top = [i for i, row in enumerate(rows[:EDGE_ROWS]) if min(s.bottom for s in row) >= top_limit]
    n = len(rows)
    bottom = [i for i in range(max(0, n - EDGE_ROWS), n) if max(s.top for s in rows[i]) <= bottom_limit]
    return sorted(set(top + bottom))


def drop_furniture(pages: list[list[list[Segment]]], boxes: list[tuple[float, float]],
                   dropped: list[str] | None = None) -> list[list[list[Segment]]]:
    """Remove running headers, footers and page numbers from every page's rows (their texts are
    appended to ``dropped`` when it is given)."""
    edge_ids = [_edge_rows(rows, height, bottom) for rows, (bottom, height) in zip(pages, boxes)]
    candidates = [[seg for i in ids for seg in pages[p][i]] for p, ids in enumerate(edge_ids)]
    mask = furniture_mask([[seg.text for seg in segs] for segs in candidates])
    out = []
    for rows, segs, flags in zip(pages, candidates, mask):
        drop = {id(seg) for seg, flag in zip(segs, flags) if flag}
        if dropped is not None:
            dropped.extend(seg.text for seg, flag in zip(segs, flags) if flag)
        kept = [[s for s in row if id(s) not in drop] for row in rows]
        out.append([row for row in kept if row])
    return out


# ------------------------------------------------------------------ reading order


def _gutters(segments: list[Segment], x0: float, x1: float, clean: bool = False) -> list[tuple[float, float]]:
    """Vertical bands that (almost) no narrow segment crosses: the gaps between columns.

    The cover (how many narrow segments cross each unit of width) is swept over the segments'
    edges only, so the cost does not grow with the page's width: a run scaled by 1e8 once made
    a list of 1e8 counters (issue 16).

    With ``clean``, every segment counts (wide ones too) and no segment may cross: the bands that
    cut the region from top to bottom.
    """
    width = x1 - x0
    if clean:
        narrow = segments
    else:  # display type (headings, call-outs set large) may cross: they end a block instead
        body = 1.5 * median(s.height for s in segments) if segments else 0.0
        narrow = [s for s in segments if s.right - s.left < WIDE * width and s.height <= body]
    if len(narrow) < (2 if clean else 4) or width <= 0 or not math.isfinite(width):
        return []
    steps = int(math.ceil(width)) + 1
    diff: Counter[int] = Counter()
    for s in narrow:
        diff[max(0, int(s.left - x0))] += 1
        diff[min(steps, int(math.ceil(s.right - x0)))] -= 1
    allowed = 0 if clean else max(0, len(narrow) // 25)
    min_gap = max(5.0, 0.6 * median(s.height for s in narrow))  # a gutter may be under one em
    bands, start, running = [], 0, 0  # the cover is 0 left of the first edge: a band from step 0
    # the cover is constant between two edges: walk the edges, not every unit between them
    for step in sorted(p for p in diff if p < steps):
        running += diff[step]
        if running <= allowed and start is None:
            start = step
        elif running > allowed and start is not None:
            if step - start >= min_gap and start > 0:
                bands.append((x0 + start, x0 + step))
            start = None
    return bands


def _column_of(seg: Segment, gutters: list[tuple[float, float]]) -> int:
    centre = (seg.left + seg.right) / 2
    return sum(centre > (a + b) / 2 for a, b in gutters)


def _crosses(seg: Segment, gutters: list[tuple[float, float]]) -> bool:
    return any(seg.left < (a + b) / 2 < seg.right for a, b in gutters)


def _is_prose(rows: list[list[Segment]]) -> bool:
    """A column of running text, not a table column: most of its words in lines of five words or
    more, and three such lines at least (a column of text with a small table in it is still a
    column of text; a table cell of one long line is not)."""
    lines = [seg for row in rows for seg in row]
    if len(lines) < 2:
        return False
    counts = [len(s.text.split()) for s in lines]
    long = [n for n in counts if n >= 5]
    return (len(long) >= min(3, len(lines)) and sum(long) >= 0.5 * sum(counts)) or _is_narrow_prose(lines) or _is_list(lines)


def _is_list(lines: list[Segment]) -> bool:
    """A bulleted list (a column of items under a heading, side by side with another): it opens
    with a bullet, every line is an item or goes on in lower case, and it holds words, not figures."""
    if len(lines) < 2 or not _BULLET.match(lines[0].text):
        return False
    words = [w for s in lines for w in s.text.split()]
    figures = sum(any(c.isdigit() for c in w) for w in words)
    return all(_BULLET.match(s.text) or s.text[:1].islower() for s in lines) and figures <= 0.15 * len(words)


def _is_narrow_prose(lines: list[Segment]) -> bool:
    """A narrow column of running text (three or four words a line): six lines at least, most of
    them filling the column (seven tenths of its widest line or more) and wrapping a sentence onto
    the next line (no closing punctuation), and words, not figures.  Table cells are of uneven
    width, end where their content ends and hold figures."""
    if len(lines) < 6:
        return False
    width = max(s.right - s.left for s in lines)
    full = sum(s.right - s.left >= 0.7 * width for s in lines)
    wrapped = sum(not s.text.rstrip().endswith(_SENTENCE_END) for s in lines[:-1])
    words = [w for s in lines for w in s.text.split()]
    figures = sum(any(c.isdigit() for c in w) for w in words)
    return full >= 0.7 * len(lines) and wrapped >= 0.6 * (len(lines) - 1) and figures <= 0.15 * len(words)


def _row_line(row: list[Segment], edge: float) -> Line:
    text = "\t".join(s.text for s in row)
    return Line(text, min(s.left for s in row), min(s.bottom for s in row), max(s.right for s in row), max(s.top for s in row), edge, len(row))


def _block_lines(rows: list[list[Segment]], gutters: list[tuple[float, float]]) -> list[Line]:
    """Lines of a block of rows that cross no gutter: column by column if prose, else row by row.

    Each line carries its column's right edge (the rightmost end of a line in it), which
    :func:`_continues` uses to tell a wrapped line from one that ended its paragraph.
    """
    if not rows:
        return []
    right = max(s.right for row in rows for s in row)
    if gutters:
        columns: dict[int, list[list[Segment]]] = {}
        for row in rows:
            parts: dict[int, list[Segment]] = {}
            for seg in row:
                parts.setdefault(_column_of(seg, gutters), []).append(seg)
            for col, segs in parts.items():
                columns.setdefault(col, []).append(segs)
        prose = {col: _is_prose(col_rows) for col, col_rows in columns.items()}
        if len(columns) > 1 and any(prose.values()):
            # a prose column is read alone; neighbouring columns of short cells are one table,
            # read row by row beside it
            units: list[list[int]] = []
            for col in sorted(columns):
                if units and not prose[col] and not prose[units[-1][-1]]:
                    units[-1].append(col)
                else:
                    units.append([col])
            lines = []
            for unit in units:
                pieces = [[s for s in row if _column_of(s, gutters) in unit] for row in rows]
                pieces = [piece for piece in pieces if piece]
                edge = max(s.right for r in pieces for s in r)
                lines.extend(_row_line(r, edge) for r in pieces)
            return lines
    return [_row_line(row, right) for row in rows]


def _split_by_gutter(rows: list[list[Segment]], cuts: list[float]) -> list[list[list[Segment]]]:
    """The rows cut into vertical strips at the x positions ``cuts`` (each segment by its centre)."""
    parts: list[list[list[Segment]]] = [[] for _ in range(len(cuts) + 1)]
    for row in rows:
        pieces: dict[int, list[Segment]] = {}
        for seg in row:
            pieces.setdefault(sum((seg.left + seg.right) / 2 > c for c in cuts), []).append(seg)
        for i, piece in pieces.items():
            parts[i].append(piece)
    return [part for part in parts if part]


def _strips(rows: list[list[Segment]], spread_mid: float | None) -> list[list[list[Segment]]]:
    """The region cut into strips that are read one after the other, left to right.

    A strip boundary is an empty band that runs from the top of the region to its bottom (no
    segment crosses it, headings included) with running text on both sides: side-by-side pages of
    a spread, or columns set side by side whatever the rows beside them do (pages of unequal
    layout: a page of two columns next to one of three).  A band with short cells on both sides is
    between the columns of a table and is no boundary: the table is read row by row.  Nor is a band
    with running text on one side and short cells on the other whose lines share their baselines
    (a table of a description column and figures); when they do not (a sidebar of key figures set
    on its own grid beside the columns) the band is a boundary.  The middle band of a spread
    (``spread_mid``) is a boundary whatever lies beside it.
    """
    segments = [s for row in rows for s in row]
    x0, x1 = min(s.left for s in segments), max(s.right for s in segments)
    bands = _gutters(segments, x0, x1, clean=True)
    if not bands:
        return [rows]
    mids = [(a + b) / 2 for a, b in bands]
    if spread_mid is not None:  # a spread's pages first: each is then read as a page (blocks, strips)
        middle = [mid for (a, b), mid in zip(bands, mids) if a <= spread_mid <= b]
        if middle:
            return _split_by_gutter(rows, middle)
    parts = _split_by_gutter(rows, mids)
    if len(parts) != len(mids) + 1:
        return [rows]
    prose = [_is_prose(part) for part in parts]

    def boundary(i: int) -> bool:
        if prose[i] and prose[i + 1]:
            return True
        if prose[i] == prose[i + 1]:
            return False
        text, cells = (parts[i], parts[i + 1]) if prose[i] else (parts[i + 1], parts[i])
        return not _aligned(cells, text)

    cuts = [mid for i, mid in enumerate(mids) if boundary(i)]
    return _split_by_gutter(rows, cuts) if cuts else [rows]


def _aligned(cells: list[list[Segment]], text: list[list[Segment]]) -> bool:
    """Do most of the segments of ``cells`` sit on a line of ``text`` (their middles within a
    twentieth of a line height, at least half a point): the cells of one table row?"""
    middles = sorted(s.centre_y for row in text for s in row)
    if not middles:
        return False
    hits = total = 0
    for seg in (s for row in cells for s in row):
        total += 1
        k = bisect.bisect_left(middles, seg.centre_y)
        near = min(abs(middles[j] - seg.centre_y) for j in (k - 1, k) if 0 <= j < len(middles))
        hits += near <= max(0.5, 0.05 * seg.height)
    return hits >= 0.5 * total


def _ends_paragraph(seg: Segment, left: float, edge: float) -> bool:
    """Does the line ``seg`` end its paragraph: it closes a sentence short of the column's right
    ``edge``, or it leaves a third of the column (``left`` to ``edge``) empty?"""
    room = edge - seg.right
    char = (seg.right - seg.left) / max(len(seg.text), 1)
    return (seg.text.rstrip().endswith(_SENTENCE_END) and room > 2 * char) or room > 0.3 * (edge - left)


def _sections(rows: list[list[Segment]], tall: bool = True) -> list[list[list[Segment]]]:
    """The region cut at empty bands across its whole width: sections stacked on the page, each
    with its own columns (three columns of text above a two-column table), read one after the other.

    A band more than :data:`SECTION_GAP` body-line heights tall always cuts (with ``tall``).  One more than
    :data:`PARAGRAPH_BAND` line heights cuts when the text above it is complete
    (:func:`_closed`): a heading over two short lists side by side, then another heading over the
    same columns, reads heading, lists, heading (as pdftotext's blocks do), not each column to
    the bottom.  Running text that goes on from the foot of one column, below the band, to the
    head of the next, above it, is not cut.
    """
    if len(rows) < 2:
        return [rows]
    segments = [s for row in rows for s in row]
    body = median(s.height for s in segments)
    x0, x1 = min(s.left for s in segments), max(s.right for s in segments)
    gutters = _gutters(segments, x0, x1)
    spans: dict[int, tuple[float, float]] = {}  # each column's left and right edge
    members: dict[int, list[list[Segment]]] = {}
    for seg in segments:
        if not _crosses(seg, gutters):
            col = _column_of(seg, gutters)
            left, right = spans.get(col, (seg.left, seg.right))
            spans[col] = (min(left, seg.left), max(right, seg.right))
            members.setdefault(col, []).append([seg])
    # before strips are cut (not ``tall``), a band is cut only across columns of text: a sidebar
    # of figures beside them keeps its heading with its rows (it is a strip of its own later)
    cells = set() if tall else {col for col, col_rows in members.items() if not _is_prose(col_rows)}
    first: dict[int, Segment] = {}  # the first and the lowest line so far of each column of the section
    last: dict[int, Segment] = {}

    def note(row: list[Segment]) -> None:
        for seg in row:
            if _crosses(seg, gutters):  # a line across the columns: what was above it is read
                first.clear()
                last.clear()
            else:
                col = _column_of(seg, gutters)
                first.setdefault(col, seg)
                last[col] = seg

    out: list[list[list[Segment]]] = [[rows[0]]]
    note(rows[0])
    above = min(s.bottom for s in rows[0])
    for row in rows[1:]:
        band = above - max(s.top for s in row)
        if (tall and band > SECTION_GAP * body) or (band > PARAGRAPH_BAND * body and not cells & last.keys()
                                                     and _closed(first, last, spans)):
            out.append([])
            first.clear()
            last.clear()
        out[-1].append(row)
        note(row)
        above = min(above, min(s.bottom for s in row))
    return out


def _closed(first: dict[int, Segment], last: dict[int, Segment], spans: dict[int, tuple[float, float]]) -> bool:
    """Is the text of a section complete above a band: the last column's lowest line ends a
    paragraph (:func:`_ends_paragraph`), and where a column's lowest line runs on, the next
    column opens in lower case (it goes on there), and only there?  A column opening in lower case
    after one whose text ended goes on from below the band: the band is no section break."""
    cols = sorted(last)
    if not cols or not _ends_paragraph(last[cols[-1]], *spans[cols[-1]]):
        return False
    for before, after in zip(cols, cols[1:]):
        runs_on = not _ends_paragraph(last[before], *spans[before])
        if runs_on != first[after].text[:1].islower():
            return False
    return True


def reading_order(rows: list[list[Segment]], spread_mid: float | None = None, blocks: bool = True) -> list[Line]:
    """The page's lines in reading order (strips left to right, multi-column blocks column by column).

    A page (each page of a spread) is first cut where the text above a band across it is complete
    (:func:`_sections` with ``tall=False``): blocks side by side under a heading are read before
    what comes below them, even when their columns run on down the page.  Then it is cut into
    strips by :func:`_strips` (a spread's two pages, or columns that run from top to bottom), each
    read on its own.  Within a strip, a block ends at a row that crosses a gutter (a full-width
    heading or paragraph) or at a vertical gap of more than :data:`SECTION_GAP` line heights across
    the whole page, so two column sections stacked on one page are read one after the other.
    """
    segments = [s for row in rows for s in row]
    if not segments:
        return []
    if blocks and spread_mid is None:  # a spread is first cut into its pages
        parts = _sections(rows, tall=False)
        if len(parts) > 1:  # (the same test finds no more cuts in a part: it is not run again)
            return [line for part in parts for line in reading_order(part, blocks=False)]
    strips = _strips(rows, spread_mid)
    if len(strips) > 1:
        return [line for strip in strips for line in reading_order(strip)]
    sections = _sections(rows)
    if len(sections) > 1:
        return [line for section in sections for line in reading_order(section, blocks=False)]
    x0, x1 = min(s.left for s in segments), max(s.right for s in segments)
    gutters = _gutters(segments, x0, x1)
    section_gap = SECTION_GAP * median(s.height for s in segments)
    lines: list[Line] = []
    block: list[list[Segment]] = []
    above = math.inf
    for row in rows:
        top, bottom = max(s.top for s in row), min(s.bottom for s in row)
        if gutters and any(_crosses(s, gutters) for s in row):
            lines.extend(_block_lines(block, gutters))
            block = []
            lines.append(_row_line(row, x1))
        else:
            if above - top > section_gap:
                lines.extend(_block_lines(block, gutters))
                block = []
            block.append(row)
        above = bottom
    lines.extend(_block_lines(block, gutters))
    return lines


# ------------------------------------------------------------------ paragraphs


def _continues(prev: Line, line: Line) -> bool:
    """Is ``line`` the wrapped continuation of ``prev``?  (same column, close below, prev was full)"""
    if prev.cells > 1 or line.cells > 1 or _BULLET.match(line.text):
        return False
    if not 0.75 <= line.height / prev.height <= 1.33:
        return False
    gap = prev.bottom - line.top
    if gap < -0.5 * prev.height or gap > 0.6 * prev.height:
        return False
    if line.left > prev.right or line.right < prev.left:
        return False
    first_word = line.text.split(" ", 1)[0]
    char_width = (prev.right - prev.left) / max(len(prev.text), 1)
    room = prev.edge - prev.right
    return room < (len(first_word) + 2) * char_width


def _new_block(prev: Line, line: Line) -> bool:
    """Does ``line`` start a new block of text (after a paragraph space, in another column or
    section, or in another type size: a heading and its text)?  Blocks are set apart by a blank
    line, as in text, so that extraction sees where a heading, a list or a paragraph begins."""
    low = min(prev.height, line.height)
    if line.top > prev.top + 0.5 * low:  # back up the page: the next column or strip
        return True
    if not 0.8 <= line.height / prev.height <= 1.25:
        return True
    rows = prev.cells > 1 and line.cells > 1  # table rows are padded: a wider space between them
    return prev.bottom - line.top > (1.5 if rows else 0.6) * low


def paragraphs(lines: list[Line], body: float | None = None) -> list[list[str]]:
    """Group lines into paragraphs (lists of wrapped lines); table rows stay one line each.

    Between two blocks (:func:`_new_block`) comes an empty paragraph, which becomes a blank line.
    """
    out: list[list[str]] = []
    prev: Line | None = None
    # display type (a cover's or a chapter's title set large) keeps its lines, as text does: a
    # company name and a report title stacked on a cover are two lines, not one sentence
    # (``body``: the document's body-text height; a cover has too little body text to tell)
    display = 1.4 * (body or (median(line.height for line in lines) if lines else 0.0))
    for line in lines:
        if prev is not None and out and line.height <= display and _continues(prev, line):
            out[-1].append(line.text)
        else:
            if prev is not None and out and _new_block(prev, line) and not _list_goes_on(out[-1], prev, line):
                out.append([])
            out.append([line.text])
        prev = line
    return out


def _list_goes_on(item: list[str], prev: Line, line: Line) -> bool:
    """Is ``line`` the next item of the list that ``item`` (the paragraph before, ending in
    ``prev``) belongs to, set at the head of the next column (a list run on into two columns
    under one heading)?  Then no blank line parts them: they are one list."""
    return (bool(item) and bool(_BULLET.match(item[0])) and bool(_BULLET.match(line.text))
            and line.top > prev.top and 0.8 <= line.height / prev.height <= 1.25)


# ------------------------------------------------------------------ document

_SENTENCE_END = tuple(".!?:;。！？：；)\"'”’")


def _carries_over(last: list[str], first: list[str]) -> bool:
    """Does the page's last paragraph run on into the next page's first one?

    Only plain prose counts: the last paragraph has no closing punctuation and several words, and
    the next page opens with a lower-case word (after furniture is gone, so headers do not hide it).
    """
    tail, head = last[-1].rstrip(), first[0].lstrip()
    if "\t" in tail or "\t" in head or tail.endswith(_SENTENCE_END) or len(" ".join(last).split()) < 4:
        return False
    return head[:1].islower()


def join_page_breaks(pages: list[list[list[str]]]) -> list[list[list[str]]]:
    """Move a paragraph's continuation from the top of the next page onto the page it began on.

    A sentence split by a page break would otherwise be two sentences (the extractor starts one at
    every line break); its facts get the page where the sentence starts.
    """
    for page, following in zip(pages, pages[1:]):
        if page and following and _carries_over(page[-1], following[0]):
            page[-1].extend(following.pop(0))
    return pages


def _spread_mid(view: View) -> float | None:
    """The middle of a shown page much wider than tall (two pages printed side by side), else None."""
    x0, y0, x1, y1 = view.box
    width, height = (y1 - y0, x1 - x0) if view.rotation in (90, 270) else (x1 - x0, y1 - y0)
    return width / 2 if width > 1.2 * height else None


def extract_pages(pdf: pdfium.PdfDocument, on_page: Callable[[int, int], None] | None = None,
                  dropped: list[str] | None = None) -> list[list[list[str]]]:
    """Every page as paragraphs of wrapped lines, furniture removed; ``on_page(read, total)`` is told
    the pages read as it goes (at most five times a second, and after the last page); the furniture's
    texts are appended to ``dropped`` when it is given."""
    pages, boxes, mids = [], [], []
    told = time.monotonic()
    for index in range(len(pdf)):
        if on_page is not None and index and time.monotonic() - told > 0.2:
            told = time.monotonic()
            on_page(index, len(pdf))
        page = pdf[index]
        try:
            rotation = page.get_rotation() % 360
            view = View(rotation if rotation in (90, 180, 270) else 0, tuple(page.get_bbox()))
            textpage = page.get_textpage()
            try:
                pages.append(page_rows(textpage, view))
            finally:
                textpage.close()
            boxes.append(view.height)
            mids.append(_spread_mid(view))
        finally:
            page.close()
    if on_page is not None:
        on_page(len(pdf), len(pdf))
    if len(pages) > 1:
        pages = drop_furniture(pages, boxes, dropped)
    heights = [s.height for rows in pages for row in rows for s in row]
    body = median(heights) if heights else None
    return [paragraphs(reading_order(rows, mid), body) for rows, mid in zip(pages, mids)]


def _ocr_pages(path: Path, pdf: pdfium.PdfDocument, pages: list[list[list[str]]], scanned: list[int], bare: int) -> None:
    """Replace the text of the ``scanned`` pages (indices into ``pages``) by what Tesseract reads on
    them (see :mod:`esgkg.ingest.ocr` for the limits); raises IngestError when it cannot.  ``bare``
    is how many pages have practically no text (for the message when there are too many)."""
    from .ocr import MAX_OCR_PAGES, check_tesseract, ocr_page

    if len(scanned) > MAX_OCR_PAGES:
        raise IngestError(path, f"{bare} pages with no text layer, more than the {MAX_OCR_PAGES} read by OCR per report")
    check_tesseract(path)
    for done, index in enumerate(scanned, 1):
        page = pdf[index]
        try:
            pages[index] = ocr_page(path, page)
        finally:
            page.close()
        report_page(path, done, len(scanned))


def load_pdf(path: Path, *, ocr: bool = False) -> Document:
    """Read a PDF report: one page of text per PDF page, page numbers kept.

    With ``ocr`` (``esgkg build --ocr``), pages with practically no text layer that show an image
    (scans) are read by OCR with Tesseract (:mod:`esgkg.ingest.ocr`: at most
    :data:`~esgkg.ingest.ocr.MAX_OCR_PAGES` pages, each stopped after
    :data:`~esgkg.ingest.ocr.OCR_PAGE_TIMEOUT` s, and within the build's per-report time limit);
    without it, a PDF with no text on any page is refused with a line that suggests ``--ocr``.
    """
    from .ocr import MAX_OCR_PAGES, has_image, needs_ocr

    pdf = _open(path, read_bytes(path))
    dropped: list[str] = []
    try:
        try:
            pages = extract_pages(pdf, on_page=lambda done, total: report_page(path, done, total), dropped=dropped)
            if not pages:
                raise IngestError(path, "PDF has no pages")
            bare = [i for i, page in enumerate(pages) if needs_ocr(page)]
            scanned = []
            for index in bare[:MAX_OCR_PAGES + 1] if ocr else bare[:1]:  # without OCR one tells a scan
                page = pdf[index]
                try:
                    if has_image(page):
                        scanned.append(index)
                finally:
                    page.close()
            if ocr and scanned:
                _ocr_pages(path, pdf, pages, scanned, len(bare))
        except pdfium.PdfiumError as err:
            raise IngestError(path, f"damaged PDF: {_pdfium_reason(str(err))}") from None
    finally:
        pdf.close()
    if not ocr and (not any(pages) or (scanned and len(bare) == len(pages))):
        raise IngestError(path, f"no text layer in {len(pages)} page(s): a scanned or image-only PDF; "
                                "build it with --ocr to read it by OCR (Tesseract)")
    pages = join_page_breaks(pages)
    known = vocabulary(" ".join(line for page in pages for para in page for line in para))
    texts = ["\n".join(unwrap(para, known) for para in page) for page in pages]
    return paged_document(path, texts, "pdf", furniture=False, running=running_lines(dropped))
