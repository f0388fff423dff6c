"""The build: ingest -> extract -> graph, one report at a time, with failures isolated per report.

:func:`iter_build` streams results (one report in memory at a time), so callers that write to a
store never hold the whole batch; :func:`build` collects them into an rdflib Dataset.
"""
from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph

from .extract import default_nlp, extract
from .graph import bind_prefixes, report_graph
from .graph.resolve import resolve_dataset
from .ingest import IngestError, discover, load
from .records import ReportFacts
from .store import Store


@dataclass(frozen=True, slots=True)
class ReportError:
    """A report that could not be built; ``str()`` is the one-line message for users."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(slots=True)
class ReportResult:
    path: Path
    facts: ReportFacts
    graph: Graph
    words: int
    seconds: float


@dataclass(slots=True)
class BuildResult:
    """What a build produced: the dataset (one named graph per report), the facts, and the failures."""

    dataset: Dataset
    reports: list[ReportFacts] = field(default_factory=list)
    errors: list[ReportError] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0
    triples: int = 0

    def counts(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for r in self.reports:
            total.update(r.counts())
        total["reports"] = len(self.reports)
        total["triples"] = self.triples
        return total

    @property
    def ok(self) -> bool:
        return not self.errors


def build_one(path: Path, model: str | None = None) -> ReportResult:
    """Ingest, extract and graph one file; raises IngestError or any extraction error."""
    started = time.perf_counter()
    document = load(path)
    facts = extract(document, default_nlp(model))
    graph = report_graph(facts)
    return ReportResult(path, facts, graph, len(document.text.split()), time.perf_counter() - started)


def _describe(err: BaseException) -> str:
    if isinstance(err, IngestError):
        return err.reason
    if isinstance(err, MemoryError):
        return "out of memory while reading this report"
    return f"{type(err).__name__}: {err}".splitlines()[0][:300]


def iter_build(
    paths: Iterable[str | os.PathLike[str]],
    *,
    model: str | None = None,
    on_start: Callable[[int], None] | None = None,
) -> Iterator[ReportResult | ReportError]:
    """Yield a :class:`ReportResult` or :class:`ReportError` per report; a failure never stops the batch."""
    files, missing = discover(paths)
    if on_start is not None:
        on_start(len(files) + len(missing))
    for err in missing:
        yield ReportError(err.path, err.reason)
    for path in files:
        try:
            yield build_one(path, model)
        except KeyboardInterrupt:
            raise
        except Exception as err:  # one broken report must not lose the others
            yield ReportError(path, _describe(err))


def build(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    model: str | None = None,
    store: Store | None = None,
    keep_dataset: bool = True,
    progress: Callable[[ReportResult | ReportError], None] | None = None,
) -> BuildResult:
    """Build a knowledge graph from report files and folders.

    With ``store``, each report's named graph replaces the old one in the store as soon as the
    report is read (one transaction per report, which also re-resolves organisations across the
    store: :mod:`esgkg.graph.resolve`).  ``keep_dataset=False`` keeps nothing in memory
    but the facts' counts, for batches too large to hold.

    >>> result = build(["reports/"])            # doctest: +SKIP
    >>> result.dataset.serialize(format="trig")  # doctest: +SKIP
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    started = time.perf_counter()
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    result = BuildResult(dataset=ds)
    for item in iter_build(paths, model=model):
        if isinstance(item, ReportError):
            result.errors.append(item)
        else:
            if store is not None:
                store.put_report(item.graph)  # one transaction: this report + re-resolved organisations
            if keep_dataset:
                target = ds.graph(item.graph.identifier)
                target.addN((s, p, o, target) for s, p, o in item.graph)
            result.reports.append(item.facts)
            result.triples += len(item.graph)
            result.words += item.words
        if progress is not None:
            progress(item)
    if keep_dataset:
        resolve_dataset(ds)  # one IRI per organisation across the reports of this build
    result.seconds = time.perf_counter() - started
    return result
