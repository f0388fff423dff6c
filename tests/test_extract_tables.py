"""Tables as the texts esgkg reads give them (extract/tables.py): one cell per paragraph row by row (pdftotext) or
column by column (the PDF reader), and tab-separated rows.  Fictional tables only."""
from __future__ import annotations

import time

from esgkg.extract.tables import find_tables, header_key

FLEET_BY_ROWS = ("Our generating fleet at the end of the year is listed below.\n\n"
                 "Plant\n\nState\n\nFuel\n\nCapacity (MW)\n\n"
                 "Hollow Creek Station\n\nOhio\n\nNatural gas\n\n620\n\n"
                 "Birchwood Dam\n\nKentucky\n\nHydro\n\n85\n\n"
                 "The fleet is run by our generation team, which reports to the chief operating officer every quarter.\n")
PROPERTIES_BY_COLUMNS = ("Our portfolio at year end\n\n"
                         "Property\n\nMaple Commons\n\nHarbourview Plaza\n\nCity\n\nHalifax\n\nMoncton\n\n"
                         "Province\n\nNova Scotia\n\nNew Brunswick\n\nGLA (sq. ft.)\n\n120,000\n\n85,500\n\n"
                         "Occupancy held steady, and most tenants are grocery-anchored retailers in the region we serve.\n")
REFINERIES_BY_TABS = ("Refinery\tCountry\tCapacity (kbbl/d)\n"
                      "Portovento\tItaly\t200\n"
                      "San Lauro\tItaly\t90\n"
                      "This table lists every refinery we operate and its nameplate throughput in thousands of barrels.\n")


def rows_of(text: str) -> list[tuple[str, list[dict[str, str]]]]:
    """Each table as (layout, its rows as column -> cell text), checking every cell's offsets give its text."""
    out = []
    for table in find_tables(text):
        for row in table.rows:
            for cell in row:
                assert cell is None or " ".join(text[cell.start:cell.end].split()).startswith(cell.text)
        out.append((table.layout, [{k: c.text for k, c in r.items()} for r in table.records()]))
    return out


def test_header_cells_with_units_marks_and_target_years():
    assert header_key("Capacity (MW)") == "capacity" and header_key("Net capacity (MW)") == "net capacity"
    assert header_key("Target(14)") == "target" and header_key("Gross Leasable\nArea (sq. ft.)") == "gross leasable area"
    assert header_key("Target 2030") == "target 2030" and header_key("FY2025 goal") == "fy2025 goal"
    for cell in ("Hollow Creek Station", "620", "Reduce emissions by 30% by 2030", "Plastic (recycled)", "Scope 1 (2)"):
        assert header_key(cell) is None, cell


def test_cells_row_by_row():
    assert rows_of(FLEET_BY_ROWS) == [("rows", [
        {"plant": "Hollow Creek Station", "state": "Ohio", "fuel": "Natural gas", "capacity": "620"},
        {"plant": "Birchwood Dam", "state": "Kentucky", "fuel": "Hydro", "capacity": "85"}])]


def test_cells_column_by_column():
    assert rows_of(PROPERTIES_BY_COLUMNS) == [("columns", [
        {"property": "Maple Commons", "city": "Halifax", "province": "Nova Scotia", "gla": "120,000"},
        {"property": "Harbourview Plaza", "city": "Moncton", "province": "New Brunswick", "gla": "85,500"}])]


def test_header_row_then_cells_column_by_column_and_a_header_on_the_caption_line():
    text = ("Plant\n\nState\n\nNet capacity (MW)\n\nHollow Creek Station\n\nBirchwood Dam\n\nOhio\n\nKentucky\n\n620\n\n85\n\n"
            "Our fleet of owned wind farms is listed in the table below\nWind farm\n\nCounty\n\nMW\n\nRidgeline\n\nBoone\n\n150\n")
    assert rows_of(text) == [
        ("columns", [{"plant": "Hollow Creek Station", "state": "Ohio", "net capacity": "620"},
                     {"plant": "Birchwood Dam", "state": "Kentucky", "net capacity": "85"}]),
        ("rows", [{"wind farm": "Ridgeline", "county": "Boone", "mw": "150"}])]


def test_tab_separated_rows_and_target_year_columns():
    assert rows_of(REFINERIES_BY_TABS) == [("tabs", [{"refinery": "Portovento", "country": "Italy", "capacity": "200"},
                                                     {"refinery": "San Lauro", "country": "Italy", "capacity": "90"}])]
    text = "Metric\n\nBaseline\n\nTarget 2030\n\nScope 1 emissions\n\n2019\n\n-40%\n\nWater withdrawn\n\n2020\n\n-15%\n"
    assert rows_of(text)[0][1][1] == {"metric": "Water withdrawn", "baseline": "2020", "target 2030": "-15%"}
    assert find_tables(text)[0].target_columns() == {2: 2030}


def test_a_row_that_loses_its_figure_ends_the_table():
    text = "Plant\n\nState\n\nMW\n\nA Station\n\nOhio\n\n620\n\nB Station\n\nKentucky\n\nC Station\n\nIndiana\n\n40\n"
    assert rows_of(text) == [("rows", [{"plant": "A Station", "state": "Ohio", "mw": "620"}])]


def test_no_cell_is_read_in_two_tables():
    text = PROPERTIES_BY_COLUMNS.rsplit("\n\n", 1)[0] + "\n\n" + FLEET_BY_ROWS.split("\n\n", 1)[1] + REFINERIES_BY_TABS
    tables = find_tables(text)
    assert [t.layout for t in tables] == ["columns", "rows", "tabs"]
    spans = [(t.start, t.end) for t in tables]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))  # tables never overlap
    cells = [(c.start, c.end) for t in tables for c in t.header + [c for r in t.rows for c in r if c]]
    assert len(cells) == len(set(cells))


def test_prose_and_short_paragraphs_without_headers_are_no_table():
    text = ("Highlights\n\nSafety first\n\nPeople\n\n" + "We cut emissions across the whole portfolio this year. " * 4 + "\n\n"
            "Plant\n\nOur approach to nature begins with every plant and every site we operate across the country.\n")
    assert find_tables(text) == []


def test_linear_time():
    def seconds(n: int) -> float:
        text = (FLEET_BY_ROWS + PROPERTIES_BY_COLUMNS + REFINERIES_BY_TABS + "Target\n\n" * 50 + "x\n\n" * 50) * n
        t = time.perf_counter()
        find_tables(text)
        return time.perf_counter() - t
    seconds(5)
    assert seconds(200) < 30 * seconds(20) + 0.05  # ten times the text: about ten times as long, not a hundred



def _pdf(lines: list[tuple[float, float, str]], path) -> None:
    """A one-page PDF (Helvetica 10 pt) with each (x, y, text) drawn where it says, written by hand."""
    ops = "\n".join(f"BT /F1 10 Tf {x} {y} Td ({t.replace('(', chr(92) + '(').replace(')', chr(92) + ')')}) Tj ET" for x, y, t in lines).encode("latin-1")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(ops) + ops + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))


def test_a_table_of_a_real_pdf_as_the_pdf_reader_gives_it(tmp_path):
    from esgkg.ingest import load

    prose = ["Lakemont Power Corporation 2024 Sustainability Report. We own and operate a fleet of",
             "generating stations across three states and serve one million customers. The table below",
             "lists our generating stations at the end of the year, with their state, fuel and capacity."]
    lines = [(72, 720 - 16 * i, s) for i, s in enumerate(prose)]
    columns = [(72, ["Plant", "Hollow Creek Station", "Birchwood Dam", "Quarry Ridge Energy Center"]),
               (250, ["State", "Ohio", "Kentucky", "Indiana"]), (340, ["Fuel", "Natural gas", "Hydro", "Coal"]),
               (430, ["Capacity (MW)", "620", "85", "1,310"])]
    lines += [(x, 640 - 22 * r, cell) for x, cells in columns for r, cell in enumerate(cells)]
    lines += [(72, 540, "Our plants employ 800 people, and every plant holds an environmental permit that is reviewed.")]
    _pdf(lines, tmp_path / "fleet.pdf")
    text = load(tmp_path / "fleet.pdf").text
    assert rows_of(text) == [(find_tables(text)[0].layout, [
        {"plant": "Hollow Creek Station", "state": "Ohio", "fuel": "Natural gas", "capacity": "620"},
        {"plant": "Birchwood Dam", "state": "Kentucky", "fuel": "Hydro", "capacity": "85"},
        {"plant": "Quarry Ridge Energy Center", "state": "Indiana", "fuel": "Coal", "capacity": "1,310"}])]


# goal tables: a goal column, a target-year column and a progress column whose cells change kind down the column
GOALS_BY_ROWS = ("Environmental goals\n\nGoal\n\nTarget year\n\nProgress\n\n"
                 "Cut operational emissions 60% from 2010 levels\n\n2030\n\n41% reduction so far\n\n"
                 "Net-zero emissions\n\n2045\n\nOn track\n\n"
                 "Recycle 90% of retired poles\n\n2027\n\nBehind plan\n")
GOALS_BY_COLUMNS = ("Environmental goals\n\nGoal\n\nCut operational emissions 60% from 2010 levels\n\nNet-zero emissions\n\n"
                    "Target year\n\n2030\n\n2045\n\nProgress\n\n41% reduction so far\n\nOn track\n")


def test_goal_tables_keep_their_rows_whatever_the_progress_cells_hold():
    [table] = find_tables(GOALS_BY_ROWS)
    assert table.keys == ["goal", "target year", "progress"] and table.goal_columns() == (0, 1, None)
    assert [r[1].text for r in table.rows] == ["2030", "2045", "2027"]
    [table] = find_tables(GOALS_BY_COLUMNS)
    assert [[c.text for c in r] for r in table.rows] == [["Cut operational emissions 60% from 2010 levels", "2030", "41% reduction so far"],
                                                          ["Net-zero emissions", "2045", "On track"]]


def test_a_dated_progress_header_is_a_column_and_no_target_column():
    assert header_key("2023 progress") == "2023 progress" and header_key("Status 2024") == "status 2024"
    assert header_key("2023 was a good year") is None
    [table] = find_tables("Target\n\nBaseline year\n\nTarget year\n\n2023 progress\n\nHalve water intensity\n\n2019\n\n2030\n\n-11%\n\n"
                          "Divert 80% of waste\n\n2019\n\n2026\n\n64%\n")
    assert table.target_columns() == {} and table.goal_columns() == (0, 2, 1) and len(table.rows) == 2


def test_kind_changes_still_end_tables_without_a_goal_column():
    text = ("Plant\n\nCapacity (MW)\n\nStatus\n\nHollow Creek\n\n620\n\nOperating\n\nBirchwood\n\nRetired\n\n85\n")
    [table] = find_tables(text)
    assert len(table.rows) == 1
