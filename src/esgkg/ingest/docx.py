"""Word documents (``.docx``): the text of ``word/document.xml``, read with the standard library.

A ``.docx`` file is a zip archive; its body is ``word/document.xml`` (WordprocessingML).  Each
paragraph (``w:p``) becomes a line, a tab (``w:tab``) a tab, a line break (``w:br``) a line break, a
page break (``w:br w:type="page"``) a new page, and each table row (``w:tr``) one line of
tab-separated cells, as the other readers give tables.  No package beyond the standard library is
needed (``python-docx`` reads the same XML).  A damaged or encrypted file, or a body that would
inflate past the size limit, is a one-line error.
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from .document import Document, IngestError
from .reading import paged_document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_XML_BYTES = 256 * 1024 * 1024


def docx_pages(path: Path) -> list[str]:
    """The text of a ``.docx`` file, one string per page (pages split at explicit page breaks)."""
    try:
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo("word/document.xml")
            except KeyError:
                raise IngestError(path, "not a Word document (no word/document.xml inside)") from None
            if info.file_size > MAX_XML_BYTES:
                raise IngestError(path, f"the document body inflates to {info.file_size // (1024 * 1024)} MiB, over the limit")
            data = archive.read(info)
    except zipfile.BadZipFile:
        raise IngestError(path, "not a readable .docx (damaged, or encrypted: save it without a password)") from None
    except OSError as err:
        raise IngestError(path, f"cannot read ({err.strerror or err})") from None
    if b"<!DOCTYPE" in data[:4096]:
        raise IngestError(path, "not a Word document (the body declares a DTD)")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise IngestError(path, f"damaged .docx (document.xml: {err})") from None
    body = root.find(f"{W}body")
    pages: list[list[str]] = [[]]
    for block in (body if body is not None else []):
        if block.tag == f"{W}p":
            _paragraph(block, pages)
        elif block.tag == f"{W}tbl":
            for row in block.iter(f"{W}tr"):
                cells = [" ".join(_text(p) for p in cell.iter(f"{W}p")).strip() for cell in row.findall(f"{W}tc")]
                pages[-1].append("\t".join(cells))
    return ["\n".join(lines) for lines in pages]


def _text(paragraph: ET.Element) -> str:
    out = []
    for el in paragraph.iter():
        if el.tag == f"{W}t" and el.text:
            out.append(el.text)
        elif el.tag == f"{W}tab":
            out.append("\t")
        elif el.tag in (f"{W}br", f"{W}cr") and el.get(f"{W}type") != "page":
            out.append("\n")
    return "".join(out)


def _paragraph(paragraph: ET.Element, pages: list[list[str]]) -> None:
    """Add a paragraph's line, starting a new page at a page break inside it."""
    line: list[str] = []
    for el in paragraph.iter():
        if el.tag == f"{W}t" and el.text:
            line.append(el.text)
        elif el.tag == f"{W}tab":
            line.append("\t")
        elif el.tag in (f"{W}br", f"{W}cr"):
            if el.get(f"{W}type") == "page":
                pages[-1].append("".join(line))
                line = []
                pages.append([])
            else:
                line.append("\n")
    pages[-1].append("".join(line))


def load_docx(path: Path) -> Document:
    """A ``.docx`` report as a Document (pages at explicit page breaks), cleaned like every other format."""
    return paged_document(path, docx_pages(path), "docx")
