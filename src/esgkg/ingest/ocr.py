"""OCR for PDF pages without a text layer (``esgkg build --ocr``): Tesseract through pytesseract.

A page is read by OCR when it has practically no text of its own (fewer than
:data:`MIN_TEXT_CHARS` letters, digits or signs after page furniture is gone) and draws an image
(a scan); a blank page or a page of vector art is left alone.  The page is rendered by PDFium at
:data:`OCR_DPI` (fewer dots for an outsized page, so no render passes :data:`MAX_OCR_PIXELS`) and
Tesseract (``tesseract-ocr`` and ``tesseract-ocr-eng`` on Debian) reads it as English; its
paragraphs (blocks set apart by a blank line) and lines become the page's paragraphs, so the page
keeps its number and its lines are unwrapped like any other PDF page's.

The work is bounded three ways: a report with more than :data:`MAX_OCR_PAGES` pages to OCR is
refused before any page is read; each page's Tesseract run is stopped after
:data:`OCR_PAGE_TIMEOUT` seconds (the report then fails with one line); and ``esgkg build`` reads
every report in a worker process under ``--report-timeout`` (default 120 s, a few seconds per
page), which is the limit a long scan meets first -- raise it for one.  (The Python API has no time
limit unless ``report_timeout`` is given; the page cap and the per-page timeout still hold.)  A
worker killed at the time limit may leave the one Tesseract run it started, which ends by itself
within :data:`OCR_PAGE_TIMEOUT`.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

from .document import IngestError

if TYPE_CHECKING:
    import pypdfium2 as pdfium

OCR_DPI = 300
"""Render resolution for OCR: Tesseract reads body text best at about 300 dots per inch."""
MAX_OCR_PIXELS = 40_000_000
"""A render is at most this many pixels (an A4 page at 300 dpi is 8.7 million): an outsized page
box is rendered at fewer dots per inch rather than into gigabytes."""
MAX_OCR_PAGES = 500
"""A report with more pages to OCR than this is refused before OCR starts (at a few seconds a page,
500 pages are most of an hour)."""
OCR_PAGE_TIMEOUT = 120
"""Seconds Tesseract may spend on one page before it is stopped."""
MIN_TEXT_CHARS = 20
"""A page with fewer non-space characters in its text layer than this has practically none."""
LANGUAGE = "eng"

_INSTALL = "apt-get install tesseract-ocr"


def check_tesseract(path: Path) -> None:
    """Raise a one-line :class:`IngestError` for ``path`` unless pytesseract, the ``tesseract``
    program and its English data are all there."""
    try:
        import pytesseract
    except ImportError:
        raise IngestError(path, "OCR (--ocr) needs pytesseract: pip install pytesseract") from None
    try:
        pytesseract.get_tesseract_version()
    except (pytesseract.TesseractNotFoundError, OSError):
        raise IngestError(path, f"OCR (--ocr) needs Tesseract: {_INSTALL} (no 'tesseract' program found)") from None
    try:
        languages = pytesseract.get_languages(config="")
    except Exception:  # noqa: BLE001 - an old Tesseract without --list-langs: let it try
        return
    if LANGUAGE not in languages:
        raise IngestError(path, f"OCR (--ocr) needs Tesseract's English data: apt-get install tesseract-ocr-{LANGUAGE}")


def needs_ocr(paragraphs: list[list[str]]) -> bool:
    """Whether a page's text (paragraphs of lines) is practically none."""
    return sum(len("".join(line.split())) for para in paragraphs for line in para) < MIN_TEXT_CHARS


def has_image(page: pdfium.PdfPage) -> bool:
    """Whether the page draws an image (at any depth of form XObjects): a scan does."""
    import pypdfium2.raw as pdfium_c

    return next(iter(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,))), None) is not None


def render(page: pdfium.PdfPage, dpi: int = OCR_DPI):
    """The page as a greyscale PIL image at ``dpi`` (less for a page that would pass :data:`MAX_OCR_PIXELS`)."""
    width, height = page.get_size()  # PDF units, 1/72 inch
    scale = dpi / 72
    if width * height * scale * scale > MAX_OCR_PIXELS:
        scale = math.sqrt(MAX_OCR_PIXELS / max(width * height, 1.0))
    bitmap = page.render(scale=scale, grayscale=True)
    try:
        return bitmap.to_pil()
    finally:
        bitmap.close()


def text_paragraphs(text: str) -> list[list[str]]:
    """Tesseract's text as paragraphs of lines: blocks are set apart by blank lines."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in text.replace("\f", "\n").splitlines():
        line = " ".join(raw.split())
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def ocr_page(path: Path, page: pdfium.PdfPage) -> list[list[str]]:
    """Read one rendered page with Tesseract: its paragraphs of lines (none for a page without words).

    Raises :class:`IngestError` when Tesseract fails or runs past :data:`OCR_PAGE_TIMEOUT`.
    """
    import pytesseract

    image = render(page)
    try:
        text = pytesseract.image_to_string(image, lang=LANGUAGE, timeout=OCR_PAGE_TIMEOUT)
    except RuntimeError as err:  # pytesseract's timeout
        if "timeout" in str(err).lower():
            raise IngestError(path, f"OCR of one page took more than {OCR_PAGE_TIMEOUT} s (Tesseract stopped)") from None
        raise
    except pytesseract.TesseractError as err:
        raise IngestError(path, f"Tesseract could not read a page: {' '.join(str(err.message).split())[:200]}") from None
    finally:
        image.close()
    return text_paragraphs(text)
