"""Tables as the texts esgkg reads give them: rows of header -> cell, with each cell's character offsets.

No text esgkg reads splits a table's columns by runs of spaces.  ``pdftotext`` (without ``-layout``) gives one
cell per paragraph (cells between blank lines), row by row; esgkg's own PDF reader (pypdfium2) gives a table
mostly column by column (a column's header cell, then its cells, then the next column) and some rows as
tab-separated lines.  This module finds these layouts, in one pass over the text's paragraphs and one over its lines:

* **columns** -- k >= 2 header cells spaced evenly, each followed by the same number N >= 1 of value cells
  (column-major: ``Plant / A / B / State / X / Y``);
* **rows** -- k >= 2 header cells in a row, then value cells in groups of k (row-major:
  ``Plant / State / A / X / B / Y``); a row where a column's cells change kind (figure, year, words) ends the
  table (a cell dropped by the PDF would shift every later row);
* a header row then its cells column by column (``Plant / State / A / B / X / Y``), read so when that gives
  steadier columns (figures in all of a column's cells or in none) than reading it row by row;
* **tabs** -- a tab-separated line holding a header cell, then tab-separated rows up to a line of prose.

A header cell is a column name of :data:`HEADERS` (``patterns/lexicon.jsonl``: sites, places, capacities, targets,
suppliers ...), maybe with its unit in parentheses ("Capacity (MW)") or a footnote mark, or a target year
("Target 2030", "2030 goal").  Every cell belongs to one table at most: a table ends where the next begins.

:func:`tables_of` reads them once per Doc (the declared extension ``doc._.tables``); consumers
(facilities, and suppliers/customers by their column) take rows as dicts (:meth:`Table.records`); the columns of a
target year (:meth:`Table.target_columns`) are there for the targets reader.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from .base import text_of
from .patterns import lexicon

HEADERS: frozenset[str] = (lexicon("table_column_headers") | lexicon("site_table_name_headers")
                           | lexicon("site_table_place_headers"))
_TARGET_WORDS = lexicon("table_target_words")  # patterns/lexicon.jsonl
GOAL_HEADERS = lexicon("table_goal_headers")  # a goal table's goal column ("Goal", "Commitments")
TARGET_YEAR_HEADERS = lexicon("table_target_year_headers")  # its year column ("Target year", "Timeline")
_PROGRESS_WORDS = lexicon("table_progress_words")  # a progress column beside a year ("2023 progress", "Status")
_MAX_CELL_CHARS = 160  # a paragraph longer than this is prose, not a cell
_MAX_CELL_LINES = 3
_MAX_PROSE_WORDS = 8  # a line of more words without a tab ends a tab-separated table
_EMPTY = lexicon("table_empty_cells")  # patterns/lexicon.jsonl
_FIGURE_OPENERS = frozenset("0123456789-+–−$€£¥(.~<>≈")
_CELL_MARK = re.compile(r"(?:[ \t]*\(\d{1,2}\)|(?<!\*)\*+|(?<![¹²³⁴⁵⁶⁷⁸⁹⁰])[¹²³⁴⁵⁶⁷⁸⁹⁰]+)$")  # a footnote mark


def cell_text(text: str) -> str:
    """A cell's text: spaces and line breaks folded to one space, without its trailing footnote mark ("(14)", "*", "²")."""
    return _CELL_MARK.sub("", " ".join(text.split())).rstrip()


def _year(word: str) -> bool:
    """'2030', 'FY2030', '2030/31'-like tokens: a calendar or fiscal year of this century."""
    word = word[2:] if word[:2].lower() == "fy" else word
    return len(word) >= 4 and word[:4].isdigit() and word[:2] in ("19", "20") and not word[4:5].isdigit()


def header_key(text: str) -> str | None:
    """The lower-cased column name when ``text`` is a header cell (see the module doc), else None."""
    key = cell_text(text).lower()
    if not key or len(key) > 60:
        return None
    if key in HEADERS:
        return key
    base, _, unit = key.partition("(")
    base = base.strip()
    if unit and unit.endswith(")") and len(unit) <= 20 and base and not any(ch.isdigit() for ch in base) \
            and (base in HEADERS or base.split()[-1] in HEADERS):
        return base  # "Capacity (MW)", "Net capacity (MW)", "Gross leasable area (sq. ft.)", "Revenue (RMB'000)"
    words = key.split()
    if 2 <= len(words) <= 3 and any(_year(w) for w in words) and any(w in _TARGET_WORDS for w in words) \
            and all(_year(w) or w in _TARGET_WORDS for w in words):
        return key  # "Target 2030", "2030 goal", "FY2025 target"
    if 2 <= len(words) <= 3 and any(_year(w) for w in words) and any(w in _PROGRESS_WORDS for w in words) \
            and all(_year(w) or w in _PROGRESS_WORDS or w in ("in", "to", "date") for w in words):
        return key  # "2023 progress", "Status 2023", "Progress in 2023": where the reporter stands, beside the targets
    return None


def progress_key(key: str) -> bool:
    """Whether a column name (:func:`header_key`) heads a progress column ("Progress", "2023 status", "Results")."""
    return any(w in _PROGRESS_WORDS for w in key.split())


def _free_columns(header: list[Cell]) -> set[int]:
    """The columns of a goal table whose cells may change kind down the column: the goals ("Net zero" beside "100%
    renewable electricity") and the progress ("On track" beside "54% reduction").  None in other tables."""
    keys = [header_key(c.text) or "" for c in header]
    if not any(k in GOAL_HEADERS for k in keys):
        return set()
    return {i for i, k in enumerate(keys) if k in GOAL_HEADERS or progress_key(k)}


@dataclass(frozen=True)
class Cell:
    """One table cell: its text (:func:`cell_text`) and where it stands in the Doc's text."""
    text: str
    start: int
    end: int


@dataclass
class Table:
    """A table: its header cells and rows of cells in header order (None where a tab row is shorter)."""
    layout: str  # "columns", "rows" or "tabs"
    header: list[Cell]
    rows: list[list[Cell | None]] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        """The lower-cased column names (:func:`header_key`, or the cell's text for a tab header's other cells)."""
        return [header_key(c.text) or c.text.lower() for c in self.header]

    @property
    def start(self) -> int:
        """The character offset in the Doc's text where the table starts: its first header cell's."""
        return self.header[0].start

    @property
    def end(self) -> int:
        """The character offset in the Doc's text just after the table's last cell (header or row); computed on each
        call, in the number of cells."""
        return max([c.end for c in self.header] + [c.end for row in self.rows for c in row if c is not None])

    def target_columns(self) -> dict[int, int]:
        """Column index -> target year of the columns headed by one ("Target 2030", "2030 goal", "FY2025 target")."""
        out: dict[int, int] = {}
        for i, key in enumerate(self.keys):
            words = key.split()
            if any(w in _TARGET_WORDS for w in words):
                years = [w[2:] if w.startswith("fy") else w for w in words if _year(w)]
                if len(years) == 1:
                    out[i] = int(years[0][:4])
        return out

    def goal_columns(self) -> tuple[int, int | None, int | None] | None:
        """(goal column, target-year column, baseline column) of a goal table ("Goal | Target year | Baseline |
        Progress"), the last two None where there is none; None when no column is headed by a goal word
        (:data:`GOAL_HEADERS`)."""
        keys = self.keys
        goal = next((i for i, k in enumerate(keys) if k in GOAL_HEADERS), None)
        if goal is None:
            return None
        year = next((i for i, k in enumerate(keys) if k in TARGET_YEAR_HEADERS), None)
        base = next((i for i, k in enumerate(keys) if k in ("baseline", "baseline year", "base year")), None)
        return goal, year, base

    def records(self) -> list[dict[str, Cell]]:
        """Each row as column name -> cell (empty cells left out)."""
        keys = self.keys
        return [{k: c for k, c in zip(keys, row) if c is not None and c.text} for row in self.rows]


def paragraphs(text: str) -> list[tuple[int, int, int]]:
    """(start, end, lines) of each paragraph of ``text``: a run of lines that are not blank (a line of white space
    only is blank); ``start`` is the character offset of its first line's start, ``end`` that of its last line's end
    (before the line break), ``lines`` how many lines it has."""
    out: list[tuple[int, int, int]] = []
    pos, start, lines, n = 0, -1, 0, len(text)
    while pos <= n:
        end = text.find("\n", pos)
        end = n if end == -1 else end
        if text[pos:end].strip():
            if start < 0:
                start, lines = pos, 0
            lines += 1
            last = end
        elif start >= 0:
            out.append((start, last, lines))
            start = -1
        pos = end + 1
    if start >= 0:
        out.append((start, last, lines))
    return out


def _cell_of(text: str, start: int, end: int) -> Cell:
    """The cell of ``text[start:end]``: its :func:`cell_text`, with offsets of the stripped text (white space
    around it left out)."""
    lead = len(text[start:end]) - len(text[start:end].lstrip())
    body = text[start:end].strip()
    return Cell(cell_text(body), start + lead, start + lead + len(body))


def _runs(text: str) -> list[list[Cell]]:
    """Runs of consecutive cell paragraphs (short: at most 3 lines and 160 characters).  A longer paragraph ends a
    run, but its last line starts the next when it is a header cell (a caption or a sentence printed on the line
    above the table's first header, with no blank line between)."""
    runs: list[list[Cell]] = [[]]
    for start, end, lines in paragraphs(text):
        last = text.rfind("\n", start, end) + 1
        header_last = last > start and end - last <= 60 and header_key(text[last:end]) is not None \
            and header_key(text[start:end]) is None
        if lines <= _MAX_CELL_LINES and end - start <= _MAX_CELL_CHARS:
            if header_last:  # a caption ends the run before it; its last line starts the next
                runs.append([])
                start = last
            runs[-1].append(_cell_of(text, start, end))
            continue
        if runs[-1]:
            runs.append([])
        if header_last:
            runs[-1].append(_cell_of(text, last, end))
    return [r for r in runs if len(r) >= 3]


def _figure(cell: Cell) -> bool:
    """Whether a cell holds a figure: it opens with a digit, sign, bracket or currency ("620", "-40%", "(12)", "$5.1m")."""
    return cell.text[:1] in _FIGURE_OPENERS and any(ch.isdigit() for ch in cell.text)


def street_address(text: str) -> bool:
    """Whether a cell is a street address, a property's name in a real-estate table ("1450 Rue Sainte-Catherine",
    "220 Wellington Street West"): a house number, then two or more words, the first capitalised; not a figure with
    its unit ("410,000 sq ft", "12 MW")."""
    words = text.split()
    return len(words) >= 3 and words[0].isdigit() and len(words[0]) <= 5 and words[1][:1].isupper() \
        and words[1][1:2].islower() and not _year(words[0])


def _kind(cell: Cell) -> str | None:
    """A cell's kind: "figure", "year" ("FY2019", "2019 baseline"), "words" (a street address too), or None for an
    empty mark ("-", "n/a")."""
    if not cell.text or cell.text.lower() in _EMPTY:
        return None
    if street_address(cell.text):
        return "words"
    if _year(cell.text.split()[0]):
        return "year"
    return "figure" if _figure(cell) else "words"


def _steady(values: list[Cell], k: int, n: int, by_column: bool) -> int:
    """How many of k columns hold figures in all or none of their n cells when ``values`` is read column by column
    (``by_column``) or row by row."""
    steady = 0
    for col in range(k):
        cells = values[col * n:(col + 1) * n] if by_column else values[col::k]
        steady += len({_figure(c) for c in cells}) == 1
    return steady


def _rows_table(run: list[Cell], heads: list[bool], i: int, k: int) -> tuple[Table, int]:
    """The table whose k header cells stand in a row from ``i``, and the index after its last cell.  Its value
    cells come row by row, or column by column when that reads steadier columns (figures in all cells or none)."""
    header, rows, j = list(run[i:i + k]), [], i + k
    stop = j
    while stop < len(run) and not heads[stop]:
        stop += 1
    n = (stop - j) // k
    values = run[j:stop]
    if n >= 2 and len(values) == n * k and _steady(values, k, n, True) > _steady(values, k, n, False):
        return Table("columns", header, [[values[col * n + r] for col in range(k)] for r in range(n)]), stop
    free = _free_columns(header)
    while j + k <= stop:
        row = run[j:j + k]
        if rows and any(None is not _kind(a) != _kind(b) is not None for col, (a, b) in enumerate(zip(rows[0], row)) if col not in free):
            break  # a column whose cells change kind (figure, year, words): a cell went missing, the rest would be misaligned
        rows.append(list(row))
        j += k
    return Table("rows", header, rows), j


def _columns_table(run: list[Cell], at: list[int], gap: int) -> tuple[Table, int]:
    """The column-major table whose header cells stand at ``at`` (evenly spaced by ``gap``)."""
    n = gap - 1
    columns = [run[h + 1:h + gap] for h in at]
    rows = [[col[r] for col in columns] for r in range(n)]
    return Table("columns", [run[h] for h in at], rows), at[-1] + gap


def _unnamed_headers(run: list[Cell], heads: list[bool]) -> list[bool]:
    """``heads`` with the header cells no column name of :data:`HEADERS` names: a short cell of words (no figure, at
    most three words) standing between a row of two header cells and a third ("Fab / Location / Wafer size /
    Capacity (wafers/month)") is the header of a column too."""
    out = list(heads)
    for i in range(2, len(run) - 1):
        if not out[i] and out[i - 1] and out[i - 2] and heads[i + 1] and _kind(run[i]) == "words" \
                and len(run[i].text.split()) <= 3 and not any(ch.isdigit() for ch in run[i].text):
            out[i] = True
    return out


def _paragraph_tables(run: list[Cell]) -> list[Table]:
    """The tables of one run of cell paragraphs, left to right; no cell is read twice."""
    heads = _unnamed_headers(run, [header_key(c.text) is not None for c in run])
    found: list[Table] = []
    i = 0
    while i < len(run):
        if not heads[i]:
            i += 1
            continue
        k = 1
        while i + k < len(run) and heads[i + k]:
            k += 1
        if k >= 2:  # header cells in a row: row-major
            table, nxt = _rows_table(run, heads, i, k)
            if k >= 3 and len(table.rows) < 2:  # the first may be the table's heading ("Customers" above "Customer / Product / Revenue")
                other, after = _rows_table(run, heads, i + 1, k - 1)
                if len(other.rows) * (k - 1) > len(table.rows) * k:
                    table, nxt = other, after
            if table.rows:
                found.append(table)
                i = nxt
                continue
            i += k
            continue
        nxt_head = next((j for j in range(i + 2, min(len(run), i + 40)) if heads[j]), None)  # column-major: even spacing
        if nxt_head is None:
            i += 1
            continue
        gap, at = nxt_head - i, [i]
        while at[-1] + gap < len(run) and heads[at[-1] + gap] and not any(heads[at[-1] + 1:at[-1] + gap]):
            at.append(at[-1] + gap)
        while len(at) >= 2 and (at[-1] + gap > len(run) or any(heads[at[-1] + 1:at[-1] + gap])):
            at.pop()  # the last header starts a table of its own (its column is short of cells or holds headers)
        if len(at) >= 2:
            table, nxt = _columns_table(run, at, gap)
            found.append(table)
            i = nxt
        else:
            i += 1
    return found


def _tab_header(cells: list[Cell]) -> bool:
    """Whether a tab-separated line is a header row: fewer than half its cells hold a figure, and two of them are
    column names, or its first is and the others are short."""
    if sum(_figure(c) for c in cells) * 2 >= len(cells):
        return False
    named = [header_key(c.text) is not None for c in cells]
    return sum(named) >= 2 or named[0] and all(len(c.text.split()) <= 4 for c in cells)


def _tab_tables(text: str, taken: list[tuple[int, int]]) -> list[Table]:
    """Tables of tab-separated lines: a line holding a header cell, then its rows up to a line of prose."""
    found: list[Table] = []
    table: Table | None = None
    pos, n, t = 0, len(text), 0
    while pos < n:
        end = text.find("\n", pos)
        end = n if end == -1 else end
        line, start, pos = text[pos:end], pos, end + 1
        while t < len(taken) and taken[t][1] < start:
            t += 1
        if t < len(taken) and taken[t][0] <= start:
            table = None  # inside a table read from paragraphs
            continue
        if "\t" not in line:
            if len(line.split(None, _MAX_PROSE_WORDS)) > _MAX_PROSE_WORDS:
                table = None  # a line of prose ends the table
            continue
        cells, at = [], start
        for part in line.split("\t"):
            cells.append(_cell_of(text, at, at + len(part)))
            at += len(part) + 1
        if _tab_header(cells):
            table = Table("tabs", cells)
            found.append(table)
        elif table is not None:
            table.rows.append(list(cells))
    return [tb for tb in found if tb.rows]


def find_tables(text: str) -> list[Table]:
    """Every table of ``text`` (see the module doc), in text order.  Linear in the text's length."""
    found = [tb for run in _runs(text) for tb in _paragraph_tables(run)]
    taken = [(tb.start, tb.end) for tb in found]
    found += _tab_tables(text, taken)
    return sorted(found, key=lambda tb: tb.start)


def tables_of(doc: Doc) -> list[Table]:
    """The Doc's tables (:func:`find_tables` of its text), read once and kept in ``doc._.tables``."""
    if doc._.tables is None:
        doc._.tables = find_tables(text_of(doc))
    return doc._.tables
