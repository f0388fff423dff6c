"""Word documents (.docx) are read from word/document.xml; a damaged one is a one-line error; a folder
build names the files it skips for their kind in one line."""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from esgkg.cli import main
from esgkg.ingest import IngestError, load

from .conftest import EXAMPLES

NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def write_docx(path: Path, paragraphs: list[str], table: list[list[str]] | None = None) -> Path:
    """A minimal Word document: one paragraph per item ("\\f" = a page break), then an optional table."""
    body = []
    for text in paragraphs:
        if text == "\f":
            body.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')
        else:
            body.append(f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>")
    if table:
        rows = "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row) + "</w:tr>"
                       for row in table)
        body.append(f"<w:tbl>{rows}</w:tbl>")
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{NS}"><w:body>{"".join(body)}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", xml)
    return path


def example_paragraphs() -> list[str]:
    lines = [line.lstrip("#* ").replace("**", "") for line in (EXAMPLES / "northwind_2024_esg.md").read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if line.strip()]


def test_a_docx_reads_paragraphs_pages_and_tables(tmp_path):
    path = write_docx(tmp_path / "r.docx", ["Harbor Fern Foods 2024 Report", "\f", "Second page & more"], [["Indicator", "2024"], ["Water", "12"]])
    doc = load(path)
    assert "Harbor Fern Foods 2024 Report" in doc.text and "Second page & more" in doc.text
    assert "Indicator\t2024" in doc.text and "Water\t12" in doc.text
    assert doc.page_of(doc.text.index("Second page")) == 2


def test_a_damaged_docx_is_one_line(tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(IngestError, match="not a readable .docx"):
        load(bad)


def test_a_docx_report_builds_and_a_folder_names_what_it_skips(tmp_path, capfd):
    folder = tmp_path / "in"
    folder.mkdir()
    write_docx(folder / "northwind_2024_esg.docx", example_paragraphs())
    (folder / "figures.xlsx").write_bytes(b"PK")
    (folder / "logo.png").write_bytes(b"\x89PNG")
    code = main(["build", str(folder), "--store", str(tmp_path / "store")])
    err = capfd.readouterr().err
    assert code == 0, err
    assert "built 1 report(s)" in err
    skipped = [line for line in err.splitlines() if "skipped" in line]
    assert len(skipped) == 1 and "figures.xlsx" in skipped[0] and "logo.png" in skipped[0]
