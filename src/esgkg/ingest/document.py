"""The ingested form of a report."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path


class IngestError(Exception):
    """A report that cannot be read; ``str(err)`` is the one-line message shown to users."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


@dataclass(slots=True)
class Document:
    """A report's text with the character offset at which each page starts.

    ``page_starts[i]`` is where page ``i + 1`` begins; text without page structure is one page.
    """

    source: Path
    text: str
    page_starts: list[int] = field(default_factory=lambda: [0])
    format: str = "text"

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def page_count(self) -> int:
        return len(self.page_starts)

    @property
    def has_pages(self) -> bool:
        """True when page numbers mean something: a PDF (even of one page) or text with form feeds."""
        return self.format not in ("text", "markdown", "html") or len(self.page_starts) > 1

    def page_of(self, offset: int) -> int | None:
        """1-based page number holding ``offset``; None when the source had no page structure."""
        if not self.has_pages:
            return None
        return max(1, bisect_right(self.page_starts, offset))
