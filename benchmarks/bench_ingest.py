"""PDF ingest speed: pages per second of ``esgkg.ingest.load`` on a generated report.

    .venv/bin/python benchmarks/bench_ingest.py [--pages 200] [--repeat 3]

Writes a PDF with fpdf2 (the ``test`` extra): every page has a running header, a page-number
footer and justified paragraphs; every third page is set in two columns and every fifth holds a
small table, so the layout pass does real work.  Prints pages/s for the full loader (layout,
furniture, clean-up) and, for reference, for PDFium's plain ``get_text_range`` on the same file.
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium
from fpdf import FPDF

from esgkg.ingest import load

PARAGRAPH = (
    "The Group operates four production bases and two research centres. In {year} the Group reduced the "
    "energy intensity of its aluminium wheel production by {n}% compared with the previous year, and every "
    "production base kept its ISO 14001 environmental management system certification. The Company aims "
    "to cut scope 1 and scope 2 greenhouse gas emissions per unit of product by {m}% by 2030 against a 2020 "
    "baseline, and it reports progress to the sustainability committee of the Board every quarter."
)


class _Report(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 8, "Benchmark Holdings 2024 Sustainability Report", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 10, str(self.page_no()), align="C")


def make_pdf(path: Path, pages: int) -> None:
    """A ``pages``-page report mixing one-column, two-column and table pages."""
    pdf = _Report(format="A4")
    pdf.set_auto_page_break(False)
    for page in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 10, f"Section {page}", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", size=10)
        text = " ".join(PARAGRAPH.format(year=2000 + page % 25, n=page % 9 + 1, m=page % 40 + 10) for _ in range(2))
        if page % 3 == 0:
            with pdf.text_columns(ncols=2, gutter=8, text_align="J", balance=True) as cols:
                cols.write(text=text + "\n" + text)
        else:
            for _ in range(3):
                pdf.multi_cell(0, 5, text, align="J")
                pdf.ln(3)
        if page % 5 == 0:
            with pdf.table(width=150, col_widths=(60, 30, 30)) as table:
                for row in (("Indicator", "2023", "2024"), ("Electricity (MWh)", "1200", str(1100 + page)), ("Water (t)", "5300", "5100")):
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
    pdf.output(str(path))


def _best(seconds: list[float]) -> float:
    return min(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench_report.pdf"
        make_pdf(path, args.pages)
        size_kib = path.stat().st_size // 1024
        full, raw = [], []
        for _ in range(args.repeat):
            started = time.perf_counter()
            document = load(path)
            full.append(time.perf_counter() - started)
            started = time.perf_counter()
            pdf = pdfium.PdfDocument(str(path))
            for page in pdf:
                page.get_textpage().get_text_range()
            pdf.close()
            raw.append(time.perf_counter() - started)
    assert document.page_count == args.pages, document.page_count
    print(f"PDF: {args.pages} pages, {size_kib} KiB, {len(document.text.split())} words; best of {args.repeat}")
    print(f"esgkg.ingest.load (layout + furniture + clean-up): {args.pages / _best(full):8.0f} pages/s  ({_best(full):.2f} s)")
    print(f"pypdfium2 get_text_range only (reference):          {args.pages / _best(raw):8.0f} pages/s  ({_best(raw):.2f} s)")


if __name__ == "__main__":
    main()
