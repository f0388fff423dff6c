"""HTML reports: markup stripped, structure kept.

The extractor treats a line break as a sentence boundary, so the document's structure has to
survive as line breaks: every block element (paragraph, heading, list item, table row ...) becomes
its own line, table cells are separated by tabs, and whitespace inside a block collapses to single
spaces the way a browser renders it.  Scripts, styles and navigation carry no report text and are
dropped.  Parsing is BeautifulSoup's (stdlib ``html.parser`` backend: no compiled dependency).
"""
from __future__ import annotations

import codecs
import logging
import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag
from bs4.element import CData, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction

from .clean import clean_text
from .document import Document, IngestError
from .reading import read_bytes

BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
CELL_TAGS = frozenset({"td", "th"})
DROPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "math", "nav", "select", "button", "iframe", "object", "canvas", "head"})
_SKIPPED_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
_WHITESPACE = re.compile(r"\s+")
# Control bytes that no HTML page holds (whitespace, form feed and ESC aside): a PDF, image or archive
# given an .html name has them in its first bytes; a UTF-16 page (NUL bytes) is told by its BOM.
_BINARY_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")

# Unicode, Dammit logs "Some characters could not be decoded ..." through logging's last-resort handler:
# a bare line on stderr that names no file.  A page with a few such bytes is read with U+FFFD in their place.
logging.getLogger("bs4.dammit").setLevel(logging.ERROR)


class _Lines:
    """Collects rendered text: a list of finished lines plus the line being written."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []
        self.cells_in_row = 0

    def text(self, s: str) -> None:
        self.current.append(s)

    def cell(self) -> None:
        """A new table cell: a tab unless it is the row's first cell."""
        if self.cells_in_row:
            self.current.append("\t")
        self.cells_in_row += 1

    def newline(self) -> None:
        line = "".join(self.current)
        line = "\t".join(" ".join(part.split()) for part in line.split("\t")) if "\t" in line else " ".join(line.split())
        if line.strip():
            self.lines.append(line)
        self.current = []
        self.cells_in_row = 0


def html_to_text(markup: str | bytes) -> str:
    """Render HTML as plain text, one line per block, tab-separated table cells.

    Walks the tree iteratively (deeply nested pages must not hit the recursion limit); inside a
    table cell, nested blocks become spaces so a row stays on one line.
    """
    soup = BeautifulSoup(markup, "html.parser")
    out = _Lines()
    # stack items: a node to render, or a string marker closing an element
    stack: list[object] = [soup]
    cell_depth = 0
    pre_depth = 0
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, NavigableString):
            if node == "/cell":
                cell_depth -= 1
            elif node == "/pre":
                pre_depth -= 1
                out.newline()
            elif node == "/block" and not cell_depth:
                out.newline()
            elif node == "/block":
                out.text(" ")
            continue
        if isinstance(node, NavigableString):
            if isinstance(node, _SKIPPED_STRINGS):
                continue
            text = str(node)
            if pre_depth:
                parts = text.split("\n")
                for i, part in enumerate(parts):
                    if i:
                        out.newline()
                    out.text(part)
            else:
                out.text(_WHITESPACE.sub(" ", text))
            continue
        if not isinstance(node, Tag):
            continue
        name = (node.name or "").lower()
        if name in DROPPED_TAGS:
            continue
        if name in ("br", "hr"):
            if cell_depth:
                out.text(" ")
            else:
                out.newline()
            continue
        if name in CELL_TAGS:
            out.cell()
            cell_depth += 1
            stack.append("/cell")
        elif name == "pre":
            out.newline()
            pre_depth += 1
            stack.append("/pre")
        elif name in BLOCK_TAGS:
            if cell_depth:
                out.text(" ")
            else:
                out.newline()
            stack.append("/block")
        stack.extend(reversed(node.contents))
    out.newline()
    return "\n".join(out.lines)


def load_html(path: Path) -> Document:
    """Read an HTML report (one page: HTML has no page structure)."""
    data = read_bytes(path)
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and len(_BINARY_BYTES.findall(data[:65536])) > len(data[:65536]) // 100:
        kind = "a PDF" if data.lstrip()[:5] == b"%PDF-" else "binary data"
        raise IngestError(path, f"not HTML: the file holds {kind}")
    try:
        text = html_to_text(data)
    except Exception:  # html.parser is lenient; anything it still rejects is a damaged file
        raise IngestError(path, "cannot parse HTML: the markup is too damaged to read, or the file is not HTML") from None
    text = clean_text(text)
    if not text.strip():
        raise IngestError(path, "empty: the HTML has no visible text")
    return Document(source=path, text=text, page_starts=[0], format="html")
