"""A single long PDF shows page progress: the pages read reach the build's callback, from a worker process too."""
from __future__ import annotations

from pathlib import Path

import pytest

import esgkg
from esgkg.ingest.document import set_page_progress

from .conftest import EXAMPLES


def long_pdf(path: Path, pages: int = 30) -> Path:
    from fpdf import FPDF

    text = [line.lstrip("#* ").replace("**", "") for line in (EXAMPLES / "northwind_2024_esg.md").read_text(encoding="utf-8").splitlines()]
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for n in range(pages):
        pdf.add_page()
        for line in (text if n == 0 else [f"Page {n + 1} of the operations review.", *text[6:10]]):
            pdf.multi_cell(0, 6, line.encode("latin-1", "replace").decode("latin-1") or " ", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


@pytest.mark.parametrize("workers", [False, True])
def test_pages_read_reach_the_callback(tmp_path, workers):
    path = long_pdf(tmp_path / "northwind_2024_esg.pdf")
    seen: list[tuple[str, int, int]] = []
    previous = set_page_progress(lambda p, done, total: seen.append((Path(p).name, done, total)))
    try:
        result = esgkg.build([path], keep_dataset=False, report_timeout=60 if workers else None)
    finally:
        set_page_progress(previous)
    assert not result.errors, result.errors
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(str(path)))
    assert pages >= 30 and seen and seen[-1] == ("northwind_2024_esg.pdf", pages, pages)
    assert all(total == pages and 0 < done <= pages for _, done, total in seen)
    assert [d for _, d, _ in seen] == sorted(d for _, d, _ in seen)
