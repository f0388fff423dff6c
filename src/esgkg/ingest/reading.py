"""Reading a report file's bytes and text, and making a paged :class:`Document` of page texts.

The helpers every reader shares (:mod:`esgkg.ingest.pdf`, :mod:`esgkg.ingest.html`,
:mod:`esgkg.ingest.docx`, and the text and Markdown loaders of :mod:`esgkg.ingest.loaders`): they sit
beneath both the readers and the loaders that choose a reader, so neither imports the other's caller.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from .clean import clean_text, drop_text_furniture, running_lines
from .document import Document, IngestError

MAX_BYTES = 200 * 1024 * 1024  # a report larger than this is not a report


def _decode(path: Path, data: bytes) -> str:
    """Decode report bytes: BOMs first, then UTF-8, then a charset detector (GB18030, GBK, ...)."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise IngestError(path, f"not valid {encoding} text ({err.reason})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is None or best.encoding in (None, "ascii"):
        raise IngestError(path, "not a text file (bytes decode as no known text encoding)")
    try:
        return data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise IngestError(path, f"not decodable as {best.encoding} text") from None


def _looks_binary(text: str) -> bool:
    """Control characters other than whitespace in the first 64 KiB mean a binary file (form feeds
    are page breaks, vertical tabs a word processor's line breaks)."""
    sample = text[:65536]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f\v")
    return bad / len(sample) > 0.01


def read_bytes(path: Path) -> bytes:
    """Read a report's bytes, with one-line errors for missing, unreadable or oversized files."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise IngestError(path, f"file is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit")
        return path.read_bytes()
    except IngestError:
        raise
    except FileNotFoundError:
        raise IngestError(path, "no such file") from None
    except IsADirectoryError:
        raise IngestError(path, "is a directory") from None
    except PermissionError:
        raise IngestError(path, "permission denied") from None
    except OSError as err:
        raise IngestError(path, f"cannot read ({err.strerror or err})") from None


def read_text(path: Path) -> str:
    """Read a text file's bytes and decode them, with one-line errors for unreadable files."""
    text = _decode(path, read_bytes(path))
    if _looks_binary(text):
        raise IngestError(path, "binary data, not text")
    return text


def paged_document(path: Path, pages: list[str], fmt: str, *, furniture: bool = True,
                   running: tuple[str, ...] = ()) -> Document:
    """A Document from page texts: pages joined by newlines, every page cleaned.

    ``furniture`` drops running headers / footers / page numbers found at the pages' first and
    last lines (loaders that know the page geometry, like the PDF one, do better and pass False).
    One page means no page structure (``page_of`` gives None for text formats); a PDF always has pages.
    ``running`` are the running headers / footers a loader dropped itself (kept as ``Document.running_lines``).
    """
    if furniture:
        dropped: list[str] = []
        pages = drop_text_furniture(pages, dropped=dropped)
        running = running or running_lines(dropped)
    pages = [clean_text(p) for p in pages]
    # A blank page adds no text (200,000 form feeds must not become 200,000 newlines); it keeps
    # its start, equal to the next page's, so page_of() still numbers every page right.
    starts, kept, offset = [], [], 0
    for page in pages:
        starts.append(offset)
        if page.strip():
            kept.append(page)
            offset += len(page) + 1
    text = "\n".join(kept)
    if not text.strip():
        raise IngestError(path, "empty: no text to read")
    if len(pages) > 1 and fmt != "pdf":
        fmt = "paged-text"
    return Document(source=path, text=text, page_starts=starts, format=fmt, running_lines=running)
