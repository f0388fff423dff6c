"""Image-only PDFs (scans, no text layer): refused with a hint at ``--ocr`` without it, read by
Tesseract with it.  The scan is made here: invented report lines drawn onto images with PIL and
saved as a PDF of pictures only, so no text layer exists for PDFium to find."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

import esgkg
from esgkg.ingest import IngestError, load

from .conftest import unavailable

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
COMPANY = "Quillfeather Textiles GmbH"
PAGES = [
    [COMPANY, "Sustainability Report 2023", "", "Weaving with less water since 1962."],
    ["Environmental management", "",
     f"{COMPANY} holds the ISO 14001", "environmental management certification", "for its Bremen weaving mill."],
]


def tesseract() -> str:
    """The ``tesseract`` program, or skip (fail under CI=true) without it."""
    found = shutil.which("tesseract")
    if not found:
        unavailable("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-eng) for the OCR tests")
    return found


def _font(size: int) -> ImageFont.ImageFont:
    return ImageFont.truetype(str(DEJAVU), size) if DEJAVU.exists() else ImageFont.load_default(size=size)


def write_scan(path: Path) -> Path:
    """A two-page A4 PDF at 150 dpi whose pages are pictures of the lines in :data:`PAGES`."""
    font = _font(36)
    images = []
    for lines in PAGES:
        page = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(page)
        y = 150
        for line in lines:
            if line:
                draw.text((120, y), line, fill=0, font=font)
            y += 60
        images.append(page)
    images[0].save(path, save_all=True, append_images=images[1:], resolution=150.0)
    return path


@pytest.fixture()
def scan(tmp_path) -> Path:
    return write_scan(tmp_path / "quillfeather_2023_scan.pdf")


def test_an_image_only_pdf_without_ocr_is_refused_with_a_hint_at_ocr(scan):
    with pytest.raises(IngestError) as err:
        load(scan)
    message = str(err.value)
    assert message.startswith(f"{scan}: no text layer in 2 page(s)") and "--ocr" in message and "\n" not in message
    result = esgkg.build(scan)
    assert not result.reports and [e.reason for e in result.errors] == [err.value.reason]


def test_ocr_without_tesseract_says_how_to_install_it_in_one_line(scan, monkeypatch):
    pytesseract = pytest.importorskip("pytesseract")
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(scan.parent / "no-such-tesseract"))
    with pytest.raises(IngestError) as err:
        load(scan, ocr=True)
    message = str(err.value)
    assert message.startswith(f"{scan}: ") and "needs Tesseract: apt-get install tesseract-ocr" in message and "\n" not in message


def test_a_report_with_more_pages_to_ocr_than_the_cap_is_refused_before_ocr(scan, monkeypatch):
    from esgkg.ingest import ocr

    monkeypatch.setattr(ocr, "MAX_OCR_PAGES", 1)
    monkeypatch.setattr(ocr, "ocr_page", lambda *args: pytest.fail("OCR began past the cap"))
    with pytest.raises(IngestError) as err:
        load(scan, ocr=True)
    assert str(err.value) == f"{scan}: 2 pages with no text layer, more than the 1 read by OCR per report"


def test_ocr_leaves_a_pdf_with_a_text_layer_to_its_text(tmp_path, monkeypatch):
    """Only pages without text are OCR'd: a text PDF reads the same with ``ocr=True`` and never calls Tesseract."""
    from esgkg.ingest import ocr

    def refuse(*args, **kwargs):
        raise AssertionError("OCR of a page that has a text layer")

    monkeypatch.setattr(ocr, "ocr_page", refuse)
    path = tmp_path / "text.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, f"{COMPANY} holds the ISO 14001 certification.")
    pdf.output(str(path))
    assert load(path, ocr=True).text == load(path).text


def test_ocr_reads_the_reporting_company_year_and_facts_with_their_pages(scan):
    tesseract()
    document = load(scan, ocr=True)
    assert "Sustainability Report 2023" in document.text and "ISO 14001" in document.text
    result = esgkg.build(scan, ocr=True)
    assert not result.errors, [str(e) for e in result.errors]
    (facts,) = result.reports
    assert facts.company is not None and facts.company.name == COMPANY
    assert facts.report_year == 2023
    assert [(c.standard, c.evidence.page) for c in facts.certifications] == [("ISO 14001", 2)]


def test_cli_build_with_ocr_reads_the_scan_in_its_worker(scan, tmp_path):
    """``esgkg build --ocr`` (reports are read in a worker process under the time limit)."""
    tesseract()
    out = tmp_path / "scan.ttl"
    run = subprocess.run([sys.executable, "-m", "esgkg", "build", str(scan), "--ocr", "--no-store", "-o", str(out)],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    graph = out.read_text(encoding="utf-8")
    assert COMPANY in graph and "2023" in graph and "Traceback" not in run.stderr
