"""Find report files and read them into :class:`Document` objects, one loader per format."""
from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterable
from pathlib import Path

from .clean import clean_text, drop_text_furniture
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


def paged_document(path: Path, pages: list[str], fmt: str, *, furniture: bool = True) -> Document:
    """A Document from page texts: pages joined by newlines, every page cleaned.

    ``furniture`` drops running headers / footers / page numbers found at the pages' first and
    last lines (loaders that know the page geometry, like the PDF one, do better and pass False).
    One page means no page structure (``page_of`` gives None for text formats); a PDF always has pages.
    """
    if furniture:
        pages = drop_text_furniture(pages)
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
    return Document(source=path, text=text, page_starts=starts, format=fmt)


def load_text(path: Path) -> Document:
    """Plain text: form feeds (as pdftotext writes them) separate pages."""
    return paged_document(path, read_text(path).split("\f"), "text")


def load_markdown(path: Path) -> Document:
    """Markdown: parsed and rendered to lines (see :mod:`esgkg.ingest.markdown`); form feeds separate pages."""
    from .markdown import markdown_to_text

    return paged_document(path, [markdown_to_text(page) for page in read_text(path).split("\f")], "markdown")


def load_pdf(path: Path) -> Document:
    from .pdf import load_pdf as _load_pdf

    return _load_pdf(path)


def load_html(path: Path) -> Document:
    from .html import load_html as _load_html

    return _load_html(path)


def load_docx(path: Path) -> Document:
    from .docx import load_docx as _load_docx

    return _load_docx(path)


LOADERS: dict[str, Callable[[Path], Document]] = {
    ".txt": load_text,
    ".text": load_text,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".pdf": load_pdf,
    ".html": load_html,
    ".htm": load_html,
    ".docx": load_docx,
}
SUPPORTED_SUFFIXES = tuple(LOADERS)


def discover(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[IngestError]]:
    """Expand files and folders into report files (sorted), plus errors for paths that are not there.

    Folders are walked recursively; files in them with other suffixes are passed over quietly
    (a folder of reports often holds a README or images), while a file named explicitly with an
    unsupported suffix is an error, because the user asked for it.
    """
    found: list[Path] = []
    errors: list[IngestError] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in LOADERS and not p.name.startswith(".") and p.name.lower() != "readme.md"))
        elif path.is_file():
            if path.suffix.lower() in LOADERS:
                found.append(path)
            else:
                errors.append(IngestError(path, f"unsupported file type '{path.suffix or '(none)'}' (supported: {', '.join(SUPPORTED_SUFFIXES)})"))
        elif path.exists():
            errors.append(IngestError(path, "not a regular file"))
        else:
            errors.append(IngestError(path, "no such file or directory"))
    seen: set[Path] = set()
    unique = [p for p in found if not (p.resolve() in seen or seen.add(p.resolve()))]
    return unique, errors


def skipped_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The files inside the given folders that :func:`discover` passes over for their kind (``.doc``,
    ``.xlsx``, images ...), hidden files and READMEs left out: for a build to name them in one line."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() not in LOADERS
                              and not p.name.startswith(".") and p.name.lower() not in ("readme.md", "readme", "readme.txt")))
    return out


def load(path: str | os.PathLike[str]) -> Document:
    """Read one report file; raises :class:`IngestError` with a one-line reason."""
    path = Path(path)
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise IngestError(path, f"unsupported file type '{path.suffix or '(none)'}'")
    return loader(path)
