"""Markdown reports: keep the text, drop the markup.

Markdown is parsed by markdown-it-py (CommonMark plus GFM tables and strikethrough) and rendered
to HTML, which :func:`esgkg.ingest.html.html_to_text` turns into lines like every other HTML
input: headings and paragraphs are lines, list items are lines, table cells are tab-separated,
links keep their text.  Converting through one renderer keeps one definition of "structure as
text" for both formats.
"""
from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

from .html import html_to_text


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "html": raw HTML in Markdown passes through to the HTML renderer, which strips it
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


MAX_TABLE_COLUMNS = 100
"""A table row with more cells than this is read by :func:`_wide_rows`, not by markdown-it, whose
token stream (three tokens per cell) for a 200 x 10,000 table took 130 s and 4.3 GB (issue 16);
only its first ``MAX_TABLE_COLUMNS`` cells are kept (no report table is that wide: such a row is
a data dump, and two million cells would cost the tokenizer minutes)."""


def _is_wide(line: str) -> bool:
    return line.count("|") > MAX_TABLE_COLUMNS


def _wide_rows(lines: list[str]) -> str:
    """Rows of a very wide table as tab-separated cells (the rule row under the header dropped,
    cells after the first :data:`MAX_TABLE_COLUMNS` dropped)."""
    out = []
    for line in lines:
        body = line.strip()
        if not body.strip("|:- \t"):
            continue  # | --- | :--: | ... |
        cells = [c.strip() for c in body.strip("|").split("|", MAX_TABLE_COLUMNS)[:MAX_TABLE_COLUMNS]]
        out.append("\t".join(cells))
    return "\n".join(out)


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown document, one line per block (soft line breaks join, as rendered).

    Runs of lines with more than :data:`MAX_TABLE_COLUMNS` cells are turned into tab-separated rows
    directly, so the time and memory spent stay linear in the size of the file.
    """
    if source.count("|") <= MAX_TABLE_COLUMNS:
        return html_to_text(_parser().render(source))
    parts: list[str] = []
    lines = source.split("\n")
    start = 0
    while start < len(lines):
        wide = _is_wide(lines[start])
        end = start
        while end < len(lines) and _is_wide(lines[end]) == wide:
            end += 1
        chunk = lines[start:end]
        parts.append(_wide_rows(chunk) if wide else html_to_text(_parser().render("\n".join(chunk))))
        start = end
    return "\n".join(p for p in parts if p)
