"""The ingested form of a report."""
from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


def display_path(path: Path | str) -> str:
    """A path as one printable line: bytes that are not UTF-8 as ``\\xff``, control characters
    (a newline in a file name) as ``\\n`` / ``\\x1b``; everything else as it is."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


# RFC 3987 ipchar: iunreserved / sub-delims / ":" / "@" (ucschar: non-ASCII but C1 controls and specials)
_IRI_SAFE_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@")


def source_name(path: Path | str) -> str:
    """The file name as stored in ``esg:sourceFile``: IRI-safe, percent-encoded where needed.

    Characters an IRI path segment may hold are kept (``acme 2024.pdf`` -> ``acme%202024.pdf``,
    ``报告.txt`` unchanged); everything else -- bytes that are not UTF-8, newlines and other control
    characters, spaces, ``%`` -- is percent-encoded byte by byte, so any name round-trips
    (``urllib.parse.unquote_to_bytes``) and always serialises as valid RDF.
    """
    raw = os.fsencode(Path(path).name)
    text = raw.decode("utf-8", "surrogateescape")
    out = []
    for ch in text:
        if ch in _IRI_SAFE_ASCII or (ord(ch) > 0x9F and not 0xD800 <= ord(ch) <= 0xDFFF and not 0xFFF0 <= ord(ch) <= 0xFFFF):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogateescape"))
    return "".join(out)


class IngestError(Exception):
    """A report that cannot be read; ``str(err)`` is the one-line message shown to users."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{display_path(self.path)}: {reason}")


@dataclass(slots=True)
class Document:
    """A report's text with the character offset at which each page starts.

    ``page_starts[i]`` is where page ``i + 1`` begins; text without page structure is one page.
    ``running_lines`` are the running headers and footers dropped from the text as page furniture
    (distinct, most repeated first): not part of the text, but they often carry the report's title.
    """

    source: Path
    text: str
    page_starts: list[int] = field(default_factory=lambda: [0])
    format: str = "text"
    running_lines: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def page_count(self) -> int:
        return len(self.page_starts)

    @property
    def has_pages(self) -> bool:
        """True when page numbers mean something: a PDF (even of one page) or text with form feeds."""
        return self.format not in ("text", "markdown", "html", "docx") or len(self.page_starts) > 1

    def page_of(self, offset: int) -> int | None:
        """1-based page number holding ``offset``; None when the source had no page structure."""
        if not self.has_pages:
            return None
        return max(1, bisect_right(self.page_starts, offset))


# ----------------------------------------------------------------------------- page progress of long documents
PageProgress = Callable[[Path, int, int], None]
_page_progress: PageProgress | None = None


def set_page_progress(callback: PageProgress | None) -> PageProgress | None:
    """Have ``callback(path, pages_read, pages)`` called while a paged document (a PDF) is read, so a
    single long report shows progress; None turns it off.  Returns the callback it replaces.

    ``esgkg build`` sets one for its progress bar; a build's worker process sets one that sends the
    pages to its parent, which hands them to the parent's callback."""
    global _page_progress
    previous, _page_progress = _page_progress, callback
    return previous


def report_page(path: Path, done: int, total: int) -> None:
    """Tell the page-progress callback (if any) that ``done`` of ``total`` pages of ``path`` are read."""
    if _page_progress is not None:
        _page_progress(path, done, total)
