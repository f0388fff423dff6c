"""Find report files and read them into :class:`Document` objects, one loader per format."""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from .document import Document, IngestError
from .reading import paged_document, read_text


def load_text(path: Path) -> Document:
    """Plain text: form feeds (as pdftotext writes them) separate pages."""
    return paged_document(path, read_text(path).split("\f"), "text")


def load_markdown(path: Path) -> Document:
    """Markdown: parsed and rendered to lines (see :mod:`esgkg.ingest.markdown`); form feeds separate pages."""
    from .markdown import markdown_to_text

    return paged_document(path, [markdown_to_text(page) for page in read_text(path).split("\f")], "markdown")


def load_pdf(path: Path, *, ocr: bool = False) -> Document:
    """PDF: text by page (see :mod:`esgkg.ingest.pdf`); ``ocr`` reads scanned pages with Tesseract."""
    from .pdf import load_pdf as _load_pdf

    return _load_pdf(path, ocr=ocr)


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


def load(path: str | os.PathLike[str], *, ocr: bool = False) -> Document:
    """Read one report file; raises :class:`IngestError` with a one-line reason.

    ``ocr`` reads the pages of a PDF that have no text layer (scans) by OCR (:mod:`esgkg.ingest.ocr`);
    other formats ignore it.
    """
    path = Path(path)
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise IngestError(path, f"unsupported file type '{path.suffix or '(none)'}'")
    if ocr and loader is load_pdf:
        return load_pdf(path, ocr=True)
    return loader(path)
