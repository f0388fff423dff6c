"""PDF input: PDFs built on the fly with fpdf2 from text written here give the same facts as the text,
with the right page numbers; page furniture, columns, hyphens and ligatures are handled; unreadable
PDFs are one-line errors that do not stop a batch."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw

import esgkg
from esgkg.extract import extract
from esgkg.ingest import Document, IngestError, load

from .conftest import EXAMPLES
from .test_ingest_html import _fact_sets

EXAMPLE_MD = EXAMPLES / "northwind_2024_esg.md"
HEADER = "Northwind Lightmetals 2024 ESG Report"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


class _Report(FPDF):
    """A report layout with a running header (title left, section right) and a page-number footer."""

    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 8, HEADER, align="L")
        self.cell(0, 8, "Sustainability", align="R", new_x="LMARGIN", new_y="NEXT")
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "I", 8)
        self.cell(0, 10, f"- {self.page_no()} -", align="C")


def _example_blocks() -> list[str]:
    return [b for b in EXAMPLE_MD.read_text(encoding="utf-8").split("\n\n") if b.strip()]


def write_example_pdf(path: Path, pages: int = 3) -> dict[str, int]:
    """The bundled example report set as a ``pages``-page PDF; returns each source line's page."""
    blocks = _example_blocks()
    per_page = -(-len(blocks) // pages)
    pdf = _Report(format="A4")
    where: dict[str, int] = {}
    for i, block in enumerate(blocks):
        if i % per_page == 0:
            pdf.add_page()
        if block.startswith("#"):
            pdf.set_font("Helvetica", "B", 14)
            pdf.multi_cell(0, 8, block.lstrip("# "))
            pdf.ln(1)
            continue
        pdf.set_font("Helvetica", size=11)
        for line in block.split("\n"):
            pdf.multi_cell(0, 6, line.replace("**", ""), align="J")
            pdf.ln(1)
            where[line.replace("**", "")] = pdf.page_no()
    pdf.output(str(path))
    return where


@pytest.fixture(scope="module")
def example_pdf(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("pdf") / "northwind_2024_esg.pdf"
    return path, write_example_pdf(path)


@pytest.fixture(scope="module")
def example_pdf_facts(example_pdf):
    return extract(load(example_pdf[0]))


def _page_of_sentence(where: dict[str, int], sentence: str) -> int:
    return next(page for line, page in where.items() if sentence in line)


def test_pdf_gives_the_same_facts_as_the_text(example_pdf_facts):
    from_text = _fact_sets(extract(load(EXAMPLE_MD)))
    from_pdf = _fact_sets(example_pdf_facts)
    assert from_pdf == from_text
    assert from_pdf["certifications"] and from_pdf["targets"] and from_pdf["subsidiaries"]


def test_every_fact_has_the_page_its_sentence_is_on(example_pdf, example_pdf_facts):
    _, where = example_pdf
    facts = example_pdf_facts
    evidences = [c.evidence for c in facts.certifications] + [t.evidence for t in facts.targets] + [f.evidence for f in facts.facilities]
    assert {ev.page for ev in evidences} >= {2, 3}
    for ev in evidences:
        assert ev.page == _page_of_sentence(where, ev.text), ev.text
    on_page_3 = [f for f in facts.facilities if f.evidence.page == 3]
    assert on_page_3, "the example's facilities are set on page 3"


def test_pdf_facts_carry_esg_page_in_the_graph(example_pdf):
    from rdflib.namespace import RDF

    from esgkg.vocab import ESG

    result = esgkg.build([example_pdf[0]])
    ds = result.dataset
    certs = set(ds.subjects(RDF.type, ESG.Certification))
    assert certs and all(ds.value(c, ESG.page) is not None for c in certs)
    assert {int(ds.value(c, ESG.page)) for c in certs} == {2}


def test_running_headers_footers_and_page_numbers_are_dropped(example_pdf):
    doc = load(example_pdf[0])
    assert doc.format == "pdf" and doc.page_count == 3
    assert HEADER not in doc.text and "Sustainability\n" not in doc.text
    assert all(f"- {n} -" not in doc.text for n in (1, 2, 3))
    assert doc.text.startswith("Northwind Lightmetals Holdings Co., Ltd.\n")


def test_wrapped_lines_are_joined_into_whole_sentences(example_pdf):
    doc = load(example_pdf[0])
    for block in _example_blocks():
        if not block.startswith("#"):
            for line in filter(None, block.split("\n")):
                assert line.replace("**", "") in doc.text.split("\n")


def test_evidence_spans_point_into_the_pdf_text(example_pdf, example_pdf_facts):
    doc = load(example_pdf[0])
    for cert in example_pdf_facts.certifications:
        assert doc.text[cert.evidence.start : cert.evidence.end] == cert.evidence.text


def test_a_sentence_broken_by_a_page_break_is_one_sentence_on_its_first_page(tmp_path):
    pdf = _Report(format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.text(10, 250, "Northwind Recycling Co., Ltd. obtained the ISO 50001 energy management")
    pdf.text(10, 256, "system certification in 2023 and it plans to cut its water")
    pdf.add_page()
    pdf.text(10, 35, "use by 15% by 2027 compared with 2021.")
    pdf.text(10, 47, "Each site reports its water use every month.")
    path = tmp_path / "page_break.pdf"
    pdf.output(str(path))
    doc = load(path)
    sentence = ("Northwind Recycling Co., Ltd. obtained the ISO 50001 energy management system certification in 2023 "
                "and it plans to cut its water use by 15% by 2027 compared with 2021.")
    assert doc.text.split("\n") == [sentence, "", "Each site reports its water use every month."]  # a paragraph space: a blank line
    assert doc.page_of(doc.text.index("Each site")) == 2
    facts = extract(doc)
    assert [(c.standard, c.evidence.page) for c in facts.certifications] == [("ISO 50001", 1)]
    assert [(t.topic, t.year, t.evidence.page) for t in facts.targets] == [("Water", 2027, 1)]


def test_text_sliced_by_character_index_matches_text_read_by_rectangle(example_pdf, monkeypatch):
    """The fast path (one get_text_range per page) and the fallback (get_text_bounded per run) agree."""
    import esgkg.ingest.pdf as pdf_module

    fast = load(example_pdf[0]).text
    monkeypatch.setattr(pdf_module, "_texts_by_index", lambda textpage, starts, text=None: None)
    assert load(example_pdf[0]).text == fast


def test_slicing_is_refused_when_indexes_are_not_in_order(example_pdf):
    import pypdfium2 as pdfium

    from esgkg.ingest.pdf import _texts_by_index

    textpage = pdfium.PdfDocument(str(example_pdf[0]))[0].get_textpage()
    assert _texts_by_index(textpage, [0, 40]) is not None
    assert _texts_by_index(textpage, [40, 0]) is None
    assert _texts_by_index(textpage, [0, None]) is None


LEFT = ("Northwind Recycling Co., Ltd. obtained the ISO 50001 energy management system certification in 2023. "
        "The plant recovers scrap aluminium from local suppliers and casts it into new alloy ingots for our customers.")
TITLE = "Environmental Performance of the Group in the Reporting Year 2024"
RIGHT = ("The Group aims to reduce its water consumption per tonne of product by 15% by 2027 compared with 2021. "
         "Each site reports its water use every month and the environment committee reviews the figures every quarter.")


def _wrap(pdf: FPDF, text: str, width: float) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        if current and pdf.get_string_width(f"{current} {word}") > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return lines + [current]


def write_two_column_pdf(path: Path) -> None:
    """A full-width title over two columns whose lines are drawn row by row (left, right, left, ...):
    PDFium's own text order interleaves them."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, TITLE, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    left, right = _wrap(pdf, LEFT, 85), _wrap(pdf, RIGHT, 85)
    for i in range(max(len(left), len(right))):
        if i < len(left):
            pdf.text(10, 40 + 6 * i, left[i])
        if i < len(right):
            pdf.text(110, 40 + 6 * i, right[i])
    pdf.output(str(path))


def test_two_column_page_is_read_column_by_column(tmp_path):
    import pypdfium2 as pdfium

    path = tmp_path / "columns.pdf"
    write_two_column_pdf(path)
    raw = pdfium.PdfDocument(str(path))[0].get_textpage().get_text_range()
    assert LEFT not in " ".join(raw.split())  # PDFium alone interleaves the columns
    doc = load(path)
    assert doc.text.split("\n")[1:] == ["", LEFT, "", RIGHT]  # blocks (title, each column) set apart by a blank line
    from_pdf = _fact_sets(extract(doc))
    from_text = _fact_sets(extract(Document(Path("columns.txt"), f"{TITLE}\n{LEFT}\n{RIGHT}")))
    assert from_pdf == from_text
    assert {c[1] for c in from_pdf["certifications"]} == {"ISO 50001"}
    assert {(t[1], t[2]) for t in from_pdf["targets"]} == {("Water", 2027)}


def test_table_rows_stay_rows_with_tab_separated_cells(tmp_path):
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    with pdf.table(col_widths=(70, 30, 30)) as table:
        for row in (("Indicator", "2023", "2024"), ("Electricity use (MWh)", "1,200", "1,150"), ("Water use (t)", "5,300", "5,100")):
            cells = table.row()
            for cell in row:
                cells.cell(cell)
    path = tmp_path / "table.pdf"
    pdf.output(str(path))
    assert load(path).text.split("\n") == ["Indicator\t2023\t2024", "Electricity use (MWh)\t1,200\t1,150", "Water use (t)\t5,300\t5,100"]


def test_line_end_hyphens_are_resolved(tmp_path):
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    lines = ["Our plant in Baoding obtained the ISO 14001 environ-", "mental management system certification in 2023 and now",
             "runs entirely on low-", "carbon electricity. We also buy low-carbon aluminium."]
    for i, line in enumerate(lines):
        pdf.text(20, 40 + 6 * i, line)
    path = tmp_path / "hyphens.pdf"
    pdf.output(str(path))
    assert load(path).text == ("Our plant in Baoding obtained the ISO 14001 environmental management system certification in 2023 "
                               "and now runs entirely on low-carbon electricity. We also buy low-carbon aluminium.")


@pytest.mark.skipif(not DEJAVU.exists(), reason=f"needs a Unicode TrueType font at {DEJAVU}")
def test_ligature_glyphs_become_letters(tmp_path):
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    pdf.cell(0, 10, "The \ufb01rst e\ufb03cient \ufb02ue gas \ufb01lter.")
    path = tmp_path / "ligatures.pdf"
    pdf.output(str(path))
    assert load(path).text == "The first efficient flue gas filter."


@pytest.mark.skipif(not DEJAVU.exists(), reason=f"needs a Unicode TrueType font at {DEJAVU}")
def test_bullet_items_with_a_hanging_indent_are_one_line_each(tmp_path):
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(DEJAVU))
    pdf.set_font("DejaVu", size=11)
    items = [("Northwind Recycling Co., Ltd. obtained the ISO 50001 energy management system", "certification in 2023."),
             ("Safety training reached every employee of the Group.", None)]
    y = 30
    for first, rest in items:
        pdf.text(10, y, "\u2022")
        pdf.text(16, y, first)
        if rest:
            y += 6
            pdf.text(16, y, rest)
        y += 6
    path = tmp_path / "bullets.pdf"
    pdf.output(str(path))
    assert load(path).text.split("\n") == [
        "\u2022 Northwind Recycling Co., Ltd. obtained the ISO 50001 energy management system certification in 2023.",
        "\u2022 Safety training reached every employee of the Group.",
    ]


# ---------------------------------------------------------------- unreadable PDFs


def _encrypted(path: Path, user_password: str | None) -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 10, "Acme Metals Co., Ltd. holds the ISO 9001 certification.")
    pdf.output(str(path))


def _image_only(path: Path) -> None:
    scan = Image.new("RGB", (600, 200), "white")
    ImageDraw.Draw(scan).text((10, 10), "A scanned page", fill="black")
    pdf = FPDF()
    for _ in range(2):
        pdf.add_page()
        pdf.image(scan, x=10, y=10, w=180)
    pdf.output(str(path))


@pytest.fixture()
def bad_pdfs(tmp_path, example_pdf) -> dict[str, Path]:
    whole = example_pdf[0].read_bytes()
    files = {
        "encrypted": tmp_path / "encrypted.pdf",
        "image-only": tmp_path / "scanned.pdf",
        "truncated": tmp_path / "truncated.pdf",
        "damaged": tmp_path / "damaged.pdf",
        "not a PDF": tmp_path / "webpage.pdf",
    }
    _encrypted(files["encrypted"], user_password="secret")
    _image_only(files["image-only"])
    files["truncated"].write_bytes(whole[: len(whole) // 2])
    files["damaged"].write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20 + b"\n%%EOF\n")
    files["not a PDF"].write_bytes(b"<html><body>not a pdf</body></html>")
    return files


@pytest.mark.parametrize(("kind", "reason"), [
    ("encrypted", "encrypted PDF: it needs a password"),
    ("image-only", "no text layer in 2 page(s): a scanned or image-only PDF; build it with --ocr to read it by OCR (Tesseract)"),
    ("truncated", "truncated PDF"),
    ("damaged", "damaged PDF"),
    ("not a PDF", "not a PDF"),
])
def test_unreadable_pdf_is_a_one_line_error_naming_the_file(bad_pdfs, kind, reason):
    path = bad_pdfs[kind]
    with pytest.raises(IngestError) as err:
        load(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and reason in message and "\n" not in message


def test_owner_password_only_pdf_is_readable(tmp_path):
    path = tmp_path / "protected.pdf"
    _encrypted(path, user_password=None)
    assert "ISO 9001" in load(path).text


def test_a_batch_goes_on_past_bad_pdfs(tmp_path, bad_pdfs, example_pdf):
    good = tmp_path / "good.pdf"
    good.write_bytes(example_pdf[0].read_bytes())
    result = esgkg.build([tmp_path])
    assert [r.source.name for r in result.reports] == ["good.pdf"]
    assert sorted(e.path.name for e in result.errors) == sorted(p.name for p in bad_pdfs.values())


def test_cli_reports_bad_pdfs_in_one_line_without_traceback(tmp_path, bad_pdfs):
    out = tmp_path / "out.trig"
    run = subprocess.run([sys.executable, "-m", "esgkg.cli", "build", str(bad_pdfs["encrypted"]), str(bad_pdfs["image-only"]),
                          "--no-store", "-o", str(out), "-q"], capture_output=True, text=True)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    assert f"{bad_pdfs['encrypted']}: encrypted PDF" in run.stderr + run.stdout


# ----------------------------------------------------------------------------- rotated pages
ROTATED_ROWS = (("Site", "Operator", "Standard", "Status"), ("Wharfe weaving shed", "Aire Looms Limited", "ISO 14001", "certified"),
                ("Calder dye works", "Calder Colour Limited", "ISO 45001", "certified"))


def write_rotated_pdf(path: Path, rotation: int) -> None:
    """Page 1 upright; page 2 a landscape table drawn sideways on a portrait page and turned upright
    by /Rotate (fpdf2 draws it, PDFium sets the page's /Rotate), as reports print wide tables."""
    import pypdfium2 as pdfium

    pdf = FPDF(format="A4")
    pdf.set_font("Helvetica", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Ouse Mills plc\n2024 Sustainability Report\n"
                   "This report is published by Ouse Mills plc (hereinafter \"Ouse\") for the year 2024.")
    pdf.add_page()
    # the content turned against the page's /Rotate, so that a viewer shows it upright
    with pdf.rotation(angle=rotation, x=105, y=148):
        top, left = 148 - 95, 105 - 130
        for r, row in enumerate(ROTATED_ROWS):
            for c, cell in enumerate(row):
                pdf.text(left + (15, 75, 150, 200)[c], top + 30 + 10 * r, cell)
        pdf.text(left + 15, top + 70, "Aire Looms Limited obtained ISO 14001 certification in 2024. We aim to achieve carbon neutrality by 2045.")
    plain = path.with_suffix(".plain.pdf")
    pdf.output(str(plain))
    doc = pdfium.PdfDocument(str(plain))
    doc[1].set_rotation(rotation)
    doc.save(str(path))
    doc.close()


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_rotated_page_reads_upright(tmp_path, rotation):
    path = tmp_path / f"rotated_{rotation}.pdf"
    write_rotated_pdf(path, rotation)
    document = load(path)
    page2 = document.text[document.page_starts[1]:].split("\n")
    assert page2[:3] == ["\t".join(row) for row in ROTATED_ROWS]
    assert page2[3:5] == ["", "Aire Looms Limited obtained ISO 14001 certification in 2024. We aim to achieve carbon neutrality by 2045."]
    facts = extract(document)
    assert {(c.holder, c.standard, c.evidence.page) for c in facts.certifications} >= {("Aire Looms Limited", "ISO 14001", 2), ("Calder Colour Limited", "ISO 45001", 2)}
    assert [(t.topic, t.year, t.evidence.page) for t in facts.targets if t.topic == "CarbonNeutrality"] == [("CarbonNeutrality", 2045, 2)]


def test_pdfium_success_is_never_given_as_the_reason():
    from esgkg.ingest.pdf import _pdfium_reason

    assert "success" not in _pdfium_reason("Failed to load document (PDFium: Success).").lower()
    assert _pdfium_reason("Failed to load document (PDFium: Data format error).") == "data format error"


# ------------------------------------------------------------------ layouts of designed reports

DESIGN_A = ("Harbourline Freight reduced the fuel burnt per container moved by nine percent in 2023 and it plans to "
            "cut the carbon intensity of its feeder fleet by 40% by 2030 compared with 2019, while every depot keeps "
            "its waste sorting stations open to the public on weekends.")
DESIGN_B = ("The Quayside Cooling subsidiary runs four refrigerated warehouses near the river port, and its managers "
            "meet the tenants every quarter to agree on temperature settings that spare both power and produce.")
DESIGN_C = ("Our crews completed forty thousand hours of safety training during the year, and the number of lost time "
            "injuries fell for the third year in a row across all the terminals we operate ourselves.")
DESIGN_D = ("Harbourline Freight aims to source half of the electricity for its cranes from wind farms by 2028, and "
            "the board reviews progress on this aim at each of its spring meetings with the finance committee.")
DESIGN_E = ("Customers can follow each shipment on the Tidewatch portal, which now also reports the emissions of "
            "every leg of the journey so that shippers can choose the slower but cleaner river barges.")


def _words(text: str) -> str:
    return " ".join(text.split())


def _column(pdf: FPDF, text: str, x: float, y: float, width: float, pitch: float = 5.0) -> float:
    """Set ``text`` as a ragged column at (x, y) in mm; returns the y below its last line."""
    for i, line in enumerate(_wrap(pdf, text, width)):
        pdf.text(x, y + pitch * i, line)
    return y + pitch * len(_wrap(pdf, text, width))


def write_designed_spread(path: Path) -> None:
    """A landscape two-page spread drawn row by row across both pages: the left page has a display
    heading several lines tall beside the top of two columns; the right page has a pull quote over
    three columns and, below a gap, a two-column table whose gutter does not line up with them."""
    pdf = FPDF(orientation="L", format=(420, 297))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 60)
    pdf.text(12, 60, "Our year")  # display type, as tall as several body lines beside it
    pdf.set_font("Helvetica", size=9)
    # columns of both pages drawn interleaved, line by line, as layout programs often write them
    columns = [(DESIGN_A, 12, 70, 90), (DESIGN_B, 108, 50, 90), (DESIGN_C, 222, 90, 58), (DESIGN_D, 286, 90, 58), (DESIGN_E, 350, 90, 58)]
    wrapped = [(_wrap(pdf, text, width), x, y) for text, x, y, width in columns]
    for i in range(max(len(lines) for lines, _, _ in wrapped)):
        for lines, x, y in wrapped:
            if i < len(lines):
                pdf.text(x, y + 4.2 * i, lines[i])
    pdf.set_font("Helvetica", "I", 16)
    pdf.text(250, 60, "A quote set across the columns of this page.")
    pdf.set_font("Helvetica", size=9)
    for i, (goal, status) in enumerate((("Goal", "Status"), ("Shore power at two berths", "On track"), ("Electric yard trucks", "Delayed"))):
        pdf.text(222, 200 + 5 * i, goal)
        pdf.text(330, 200 + 5 * i, status)
    pdf.output(str(path))


@pytest.fixture(scope="module")
def designed_spread(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("spread") / "spread.pdf"
    write_designed_spread(path)
    return load(path)


def test_spread_reads_each_page_column_by_column(designed_spread):
    words = _words(designed_spread.text)
    positions = [words.index(_words(text)) for text in (DESIGN_A, DESIGN_B, DESIGN_C, DESIGN_D, DESIGN_E)]
    assert positions == sorted(positions)  # whole paragraphs, in column order, left page first
    assert designed_spread.page_count == 1


def test_a_display_heading_does_not_swallow_the_lines_beside_it(designed_spread):
    lines = designed_spread.text.split("\n")
    assert "Our year" in lines
    assert _words(DESIGN_B) in [_words(line) for line in lines]  # the column beside the heading is one paragraph


def test_words_split_by_a_line_end_keep_a_space(designed_spread):
    vocabulary = set(" ".join([DESIGN_A, DESIGN_B, DESIGN_C, DESIGN_D, DESIGN_E, "Our year Goal Status Shore power at two berths On track Electric yard trucks Delayed A quote set across the columns of this page."]).split())
    assert set(designed_spread.text.split()) <= vocabulary  # no two words glued together


def test_a_table_below_columns_keeps_its_rows(designed_spread):
    lines = designed_spread.text.split("\n")
    assert ["Goal\tStatus", "Shore power at two berths\tOn track", "Electric yard trucks\tDelayed"] == [line for line in lines if "\t" in line]


def test_a_prose_column_beside_a_table_is_read_whole_and_the_table_row_by_row(tmp_path):
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    left = _wrap(pdf, DESIGN_A + " " + DESIGN_D, 85)
    table = [("Fuel", "2023", "2022"), ("Diesel", "5,702", "6,001"), ("Heavy fuel oil", "513", "482"), ("Total", "6,215", "6,483")]
    for i, line in enumerate(left):
        pdf.text(10, 40 + 5 * i, line)
        if i < len(table):
            for x, cell in zip((110, 160, 185), table[i]):
                pdf.text(x, 40 + 5 * i, cell)
    path = tmp_path / "beside.pdf"
    pdf.output(str(path))
    doc = load(path)
    assert _words(DESIGN_A + " " + DESIGN_D) in _words(doc.text)
    assert [line for line in doc.text.split("\n") if "\t" in line] == ["\t".join(row) for row in table]


def test_columns_holding_small_tables_are_still_read_column_by_column(tmp_path):
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    table = [("Scope 1", "768", "821"), ("Scope 2", "512", "637"), ("Scope 3", "16,005", "15,472"), ("Waste", "47", "39"),
             ("Travel", "349", "352"), ("Freight", "981", "959"), ("Energy", "259", "247"), ("Total", "18,566", "18,930")]
    for i, row in enumerate(table):  # a small table at the top of the left column
        for x, cell in zip((10, 70, 90), row):
            pdf.text(x, 30 + 5 * i, cell)
    left, right = _wrap(pdf, DESIGN_A + " " + DESIGN_D, 88), _wrap(pdf, DESIGN_C + " " + DESIGN_E, 88)
    for i in range(max(len(left), len(right))):  # both columns drawn row by row
        if i < len(left):
            pdf.text(10, 75 + 5 * i, left[i])
        if i < len(right):
            pdf.text(106, 30 + 5 * i, right[i])
    path = tmp_path / "column_tables.pdf"
    pdf.output(str(path))
    doc = load(path)
    words = _words(doc.text)
    assert words.index(_words(DESIGN_A + " " + DESIGN_D)) < words.index(_words(DESIGN_C + " " + DESIGN_E))
    assert [line for line in doc.text.split("\n") if "\t" in line] == ["\t".join(row) for row in table]


def test_stacked_display_lines_on_a_cover_stay_lines(tmp_path):
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 30)
    pdf.text(20, 60, "Harbourline Freight PLC")
    pdf.text(20, 72, "Climate Report 2023")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for i, line in enumerate(_wrap(pdf, DESIGN_A + " " + DESIGN_B, 170)):
        pdf.text(20, 30 + 5 * i, line)
    path = tmp_path / "cover.pdf"
    pdf.output(str(path))
    doc = load(path)
    assert doc.text.split("\n")[:2] == ["Harbourline Freight PLC", "Climate Report 2023"]
    assert _words(DESIGN_A + " " + DESIGN_B) in doc.text


# ------------------------------------------------------------------ runs: words cut into text objects


def test_a_word_cut_into_two_text_objects_is_one_word(tmp_path):
    """Layout programs that kern or letter-space a line end a text object inside a word; the two
    objects' advances meet although the ink of a thin letter ("l", "i") leaves a gap."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    words = ["lime", "ledger", "low-lying", "idle", "jetty", "fjord", "stevedore"]
    for size in (9, 11, 12):
        pdf.set_font("Helvetica", size=size)
        x, y = 10.0, 20.0 + 8 * size
        for word in words:
            for piece in (f"the {word[0]}", f"{word[1:]} "):  # each piece its own BT ... ET object
                pdf.text(x, y, piece)
                x += pdf.get_string_width(piece)
    path = tmp_path / "cut.pdf"
    pdf.output(str(path))
    line = " ".join(f"the {word}" for word in words)
    assert load(path).text.split("\n") == [line, "", line, "", line]


def test_letters_set_along_a_curve_are_read_once(tmp_path):
    """An infographic sets a label along an arc, one rotated text object per letter, their boxes
    overlapping: each letter is read once (not "ViVisisioion")."""
    import math

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    label = "Harbour Vision 2030"
    angle = 120.0
    for letter in label:
        x, y = 100 + 40 * math.cos(math.radians(angle)), 120 - 40 * math.sin(math.radians(angle))
        with pdf.rotation(angle - 90, x, y):
            pdf.text(x, y, letter)
        angle -= math.degrees(pdf.get_string_width(letter) / 40)
    path = tmp_path / "arc.pdf"
    pdf.output(str(path))
    text = load(path).text
    assert sorted(text.replace(" ", "").replace("\n", "")) == sorted(label.replace(" ", ""))
    assert "Vision 2030" in text


def test_a_figure_set_large_beside_a_column_does_not_join_two_of_its_lines():
    """A key figure set large (under twice the body size) overlaps two body lines of the column
    beside it: each line keeps its own row, in order (not one row of both lines, read by x)."""
    from esgkg.ingest.pdf import Segment, _group_rows, _merge_row

    lines = [Segment(721.0, 386.5, 954.0, 397.1, "the first line of a column runs on to"),
             Segment(721.1, 375.5, 950.0, 386.1, "the second line, which ends the"),
             Segment(720.8, 364.5, 843.0, 375.1, "third line."),
             Segment(82.8, 375.5, 251.0, 386.1, "a line of the page beside it")]
    figure = Segment(505.0, 369.3, 526.0, 388.1, "250")
    rows = [[seg.text for seg in _merge_row(row)] for row in _group_rows([*lines, figure])]
    assert rows == [["the first line of a column runs on to"], ["a line of the page beside it", "250", "the second line, which ends the"],
                    ["third line."]]
    subscript = [Segment(29.3, 403.3, 99.9, 414.7, "19% of global CO"), Segment(101.0, 400.9, 103.3, 407.5, "2"),
                 Segment(103.9, 403.3, 147.4, 414.7, "emissions."), Segment(148.3, 407.5, 151.1, 414.2, "4"),
                 Segment(151.4, 403.3, 286.1, 414.7, "More text follows here")]
    assert len(_group_rows(subscript)) == 1  # a subscript under a superscript stays on its line


# ------------------------------------------------------------------ sections of side-by-side blocks

FLOW = ("Harbourline Freight moves goods along the river between the inland depots and the sea port, and its "
        "barges carry more containers each year while the fuel they burn per box keeps falling as hulls are cleaned "
        "more often and engines are tuned by the crews themselves.")
LIST_A = ["- Cut the fuel burnt per box moved by a fifth.", "- Run every depot crane on wind power."]
LIST_B = ["- Train each new barge crew within a month.", "- Publish the results every spring."]
AFTER = ("The board reviews these aims at its spring meeting, and the crews report what they need to reach them, "
         "which the depot managers then turn into plans for the coming season. "
         "Progress so far is steady and the depots share what works with each other.")


def _blocks_page(path: Path, blocks: list[tuple[str, list[str] | None, list[str] | None]], pitch: float = 4.4,
                 spread: list[str] | None = None) -> None:
    """Blocks stacked down a two-column page, each a heading (bold, in the left column) over a left
    and a right column of lines, set apart by one and a half empty lines (under two line heights);
    every row is drawn left then right, so PDFium's own order interleaves the columns.  With
    ``spread``, the page is the right half of a landscape spread whose left page holds those lines."""
    pdf = FPDF(orientation="L", format=(297, 420)) if spread else FPDF(format="A4")
    pdf.add_page()
    shift = 210.0 if spread else 0.0
    pdf.set_font("Helvetica", size=10)
    for i, line in enumerate(spread or []):
        pdf.text(20, 30 + pitch * i, line)
    y = 30.0
    for heading, left, right in blocks:
        if heading:
            pdf.set_font("Helvetica", "B", 11)
            pdf.text(shift + 10, y, heading)
            y += pitch
        pdf.set_font("Helvetica", size=10)
        for i in range(max(len(left or []), len(right or []))):
            if left and i < len(left):
                pdf.text(shift + 10, y + pitch * i, left[i])
            if right and i < len(right):
                pdf.text(shift + 105, y + pitch * i, right[i])
        y += pitch * (max(len(left or []), len(right or [])) + 1.5)
    pdf.output(str(path))


def _halves(pdf_width: float, text: str) -> tuple[list[str], list[str]]:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    lines = _wrap(pdf, text, pdf_width)
    return lines[: len(lines) // 2], lines[len(lines) // 2:]


def test_a_heading_over_two_short_lists_reads_heading_lists_then_what_follows(tmp_path):
    """pdftotext forms blocks before ordering them: the lists side by side under their heading are
    read before the next heading over the same columns, not each column to the page's foot; text
    running from the left column into the right one above the band stays one flow."""
    top_left, top_right = _halves(85, FLOW)
    after_left, after_right = _halves(85, AFTER)
    path = tmp_path / "blocks.pdf"
    _blocks_page(path, [("Why it matters", top_left, top_right), ("Targets", LIST_A, LIST_B),
                        ("Progress in 2023", after_left, after_right)])
    words = _words(load(path).text)
    order = [_words(" ".join(top_left)), _words(" ".join(top_right)), "Targets", LIST_A[0], LIST_A[1], LIST_B[0], LIST_B[1],
             "Progress in 2023", _words(" ".join(after_left)), _words(" ".join(after_right))]
    positions = [words.index(piece) for piece in order]
    assert positions == sorted(positions)
    lines = load(path).text.split("\n")
    start = lines.index("Targets")
    assert lines[start: start + 5] == ["Targets", *LIST_A, *LIST_B]  # one list, run on into the next column


def test_running_text_that_goes_on_below_a_band_is_read_column_by_column(tmp_path):
    """A band across both columns that is no section break: the left column's text goes on below
    it and into the top of the right column, which opens in lower case above the band."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    first = _wrap(pdf, DESIGN_B, 85)  # ends a paragraph above the band
    flow = _wrap(pdf, FLOW, 85)
    below, carried = flow[:3], flow[3:]  # the foot of the left column, then the head of the right one
    assert carried[0][:1].islower()
    closing = _wrap(pdf, DESIGN_C, 85)
    path = tmp_path / "flow.pdf"
    _blocks_page(path, [(None, first, carried), (None, below, closing)])
    words = _words(load(path).text)
    positions = [words.index(_words(piece)) for piece in (DESIGN_B, " ".join(below), " ".join(carried), DESIGN_C)]
    assert positions == sorted(positions)


def test_a_sidebar_of_figures_on_its_own_grid_is_read_apart_from_the_columns(tmp_path):
    """Key figures in a sidebar beside two columns, on baselines of their own, with a heading over
    their label and value columns: the columns are read whole, then the sidebar."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    left, right = _wrap(pdf, DESIGN_A + " " + DESIGN_D, 58), _wrap(pdf, DESIGN_C + " " + DESIGN_E, 58)
    for i in range(max(len(left), len(right))):
        if i < len(left):
            pdf.text(10, 40 + 4 * i, left[i])
        if i < len(right):
            pdf.text(72, 40 + 4 * i, right[i])
    pdf.set_font("Helvetica", "B", 11)
    pdf.text(142, 58, "Key figures of the year")
    pdf.set_font("Helvetica", size=9)
    for i, (label, value) in enumerate((("Depots", "12"), ("Barges", "87"), ("Crew members", "1,150"), ("River ports", "9"))):
        pdf.text(142, 65.5 + 7 * i, label)
        pdf.text(180, 65.5 + 7 * i, value)
    path = tmp_path / "sidebar.pdf"
    pdf.output(str(path))
    text = load(path).text
    words = _words(text)
    assert _words(DESIGN_A + " " + DESIGN_D) in words and _words(DESIGN_C + " " + DESIGN_E) in words
    assert words.index(_words(DESIGN_C)) < words.index("Key figures of the year")
    assert "Crew members\t1,150" in text.split("\n")


def test_narrow_columns_of_running_text_are_read_column_by_column(tmp_path):
    """Three narrow columns (three or four words a line) drawn row by row are running text, not
    the cells of a table: each is read whole."""
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=9)
    texts = [DESIGN_B, DESIGN_C, DESIGN_E]
    columns = [_wrap(pdf, text, 38) for text in texts]
    for i in range(max(len(c) for c in columns)):
        for x, column in zip((10, 60, 110), columns):
            if i < len(column):
                pdf.text(x, 40 + 4 * i, column[i])
    path = tmp_path / "narrow.pdf"
    pdf.output(str(path))
    words = _words(load(path).text)
    positions = [words.index(_words(text)) for text in texts]
    assert positions == sorted(positions)


def test_lines_set_apart_by_a_block_space_are_not_one_paragraph():
    """The cells of a table column (or paragraphs) set apart by more than six tenths of a line are
    two blocks, even when the line above fills the column: the space that starts a new block
    (:func:`_new_block`) also ends a paragraph."""
    from esgkg.ingest.pdf import Line, paragraphs

    def line(text: str, top: float) -> Line:
        return Line(text, 10.0, top - 10.0, 150.0, top, 150.0)

    close = [line("Harbour Works Department of the", 100.0), line("Quayside Cooling subsidiary", 89.0)]
    apart = [line("Harbour Works Department of the", 100.0), line("Quayside Cooling subsidiary", 82.0)]
    assert paragraphs(close) == [["Harbour Works Department of the", "Quayside Cooling subsidiary"]]
    assert paragraphs(apart) == [["Harbour Works Department of the"], [], ["Quayside Cooling subsidiary"]]


def test_on_a_spread_each_page_reads_its_blocks_and_short_wrapped_lists(tmp_path):
    """The right page of a spread: a heading over two short lists whose items wrap (a column of
    bulleted items is a list, not table cells), then a heading over two columns of text."""
    pdf = FPDF()
    pdf.set_font("Helvetica", size=10)
    left_page = _wrap(pdf, DESIGN_A + " " + DESIGN_B, 170)
    items_a = ["- Cut the fuel burnt per box moved", "by a fifth.", "- Run every depot crane on wind."]
    items_b = ["- Train each new barge crew within", "a month."]
    after_left, after_right = _halves(85, AFTER)
    path = tmp_path / "spread_blocks.pdf"
    _blocks_page(path, [("Targets", items_a, items_b), ("Progress in 2023", after_left, after_right)], spread=left_page)
    text = load(path).text
    lines = text.split("\n")
    start = lines.index("Targets")
    assert lines[start: start + 4] == ["Targets", "- Cut the fuel burnt per box moved by a fifth.", "- Run every depot crane on wind.",
                                       "- Train each new barge crew within a month."]
    words = _words(text)
    positions = [words.index(_words(piece)) for piece in (" ".join(left_page), "Targets", "Progress in 2023", " ".join(after_left), " ".join(after_right))]
    assert positions == sorted(positions)
