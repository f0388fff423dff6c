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


def markdown_to_text(source: str) -> str:
    """Plain text of a Markdown document, one line per block (soft line breaks join, as rendered)."""
    return html_to_text(_parser().render(source))
