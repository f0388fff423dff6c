"""The build: ingest -> extract -> graph, one report at a time, with failures isolated per report.

:func:`iter_build` streams results (one report in memory at a time), so callers that write to a
store never hold the whole batch; :func:`build` collects them into an rdflib Dataset.

With ``jobs > 1`` reports are read by a pool of worker processes, each building its spaCy pipeline
once; a worker sends back only the report's facts and its graph as N-Triples text (tens of KB), and
the parent writes each report as it arrives, so memory stays flat however many reports there are.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

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


class NotAReportError(Exception):
    """A readable text in which nothing a report has was found (no reporting company, no facts)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(slots=True)
class ReportResult:
    """One built report: its facts and its named graph.

    The graph travels between processes as N-Triples text (``ntriples``), which pickles small and
    fast; ``graph`` parses it back only when someone asks for an rdflib Graph.
    """

    path: Path
    facts: ReportFacts
    iri: URIRef
    triples: int
    words: int
    seconds: float
    _graph: Graph | None = field(default=None, repr=False)
    _ntriples: str | None = field(default=None, repr=False)

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            graph = Graph(identifier=self.iri)
            bind_prefixes(graph)
            graph.parse(data=self._ntriples or "", format="nt")
            self._graph = graph
        return self._graph

    @property
    def ntriples(self) -> str:
        if self._ntriples is None:
            self._ntriples = self.graph.serialize(format="nt")
        return self._ntriples

    def portable(self) -> ReportResult:
        """This result with the graph as text only, to send from a worker process."""
        text = self.ntriples
        return ReportResult(self.path, self.facts, self.iri, self.triples, self.words, self.seconds, None, text)


@dataclass(slots=True)
class BuildResult:
    """What a build produced: the dataset (one named graph per report), the facts, and the failures."""

    dataset: Dataset
    reports: list[ReportFacts] = field(default_factory=list)
    errors: list[ReportError] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0
    triples: int = 0
    fact_counts: Counter[str] = field(default_factory=Counter)

    def add(self, item: ReportResult, *, keep_facts: bool = True) -> None:
        """Count one built report (and keep its facts unless the batch is too large to hold)."""
        self.fact_counts.update(item.facts.counts())
        self.fact_counts["reports"] += 1
        if keep_facts:
            self.reports.append(item.facts)
        self.triples += item.triples
        self.words += item.words

    def counts(self) -> Counter[str]:
        total = Counter(self.fact_counts)
        total["triples"] = self.triples
        return total

    @property
    def ok(self) -> bool:
        return not self.errors


MAX_TEXT_CHARS = 10_000_000
"""The largest report text read by default.  Real reports hold well under 2 M characters; reading
10 M takes minutes and about 0.5 GB per worker (spaCy keeps every token), so a larger file is far
more likely a log or a data dump than a report.  ``max_chars`` / ``--max-chars`` raise it."""

PLAIN_TEXT = (".txt", ".text", ".md", ".markdown")


def _check_file_size(path: Path, max_chars: int | None) -> None:
    """Refuse a plain-text file too large to hold ``max_chars`` characters without reading it.

    No supported encoding takes more than 4 bytes per character, so more than ``4 * max_chars``
    bytes is over the limit whatever the encoding.  (HTML and PDF are checked after loading.)
    """
    if max_chars is None or path.suffix.lower() not in PLAIN_TEXT:
        return
    try:
        size = path.stat().st_size
    except OSError:
        return  # the loader reports unreadable files with the right reason
    if size > 4 * max_chars:
        raise NotAReportError(f"too large: {size / 1e6:,.1f} MB of text, over the {max_chars:,}-character limit for one report (raise it with --max-chars)")


def _check_text_size(document, max_chars: int | None) -> None:
    if max_chars is not None and len(document.text) > max_chars:
        raise NotAReportError(f"too large: {len(document.text):,} characters of text, over the {max_chars:,}-character limit for one report (raise it with --max-chars)")


def _check_is_report(facts: ReportFacts) -> None:
    """A report graph must name its reporting company and year (the structural SHACL shapes say so);
    a text in which neither can be found is not a report -- a README, notes, a data file."""
    missing = [what for what, absent in (("reporting company", facts.company is None), ("report year", facts.report_year is None)) if absent]
    if missing:
        raise NotAReportError(f"not a report: no {' and no '.join(missing)} found in its text")


def build_one(path: Path, model: str | None = None, max_chars: int | None = MAX_TEXT_CHARS, company: str | None = None,
              year: int | None = None) -> ReportResult:
    """Ingest, extract and graph one file; raises IngestError, NotAReportError or any extraction error.

    ``company`` / ``year`` are taken as the reporting company and report year instead of reading them.
    """
    started = time.perf_counter()
    _check_file_size(path, max_chars)
    document = load(path)
    _check_text_size(document, max_chars)
    facts = extract(document, default_nlp(model, company, year))
    _check_is_report(facts)
    graph = report_graph(facts)
    words = len(document.text.split())
    return ReportResult(path, facts, URIRef(graph.identifier), len(graph), words, time.perf_counter() - started, graph)


def _describe(err: BaseException) -> str:
    if isinstance(err, (IngestError, NotAReportError)):
        return err.reason
    if isinstance(err, MemoryError):
        return "out of memory while reading this report"
    return f"{type(err).__name__}: {err}".splitlines()[0][:300]


def _try_build(path: Path, model: str | None, max_chars: int | None = MAX_TEXT_CHARS, company: str | None = None,
               year: int | None = None) -> ReportResult | ReportError:
    try:
        return build_one(path, model, max_chars, company, year)
    except KeyboardInterrupt:
        raise
    except Exception as err:  # one broken report must not lose the others
        return ReportError(path, _describe(err))


# ----------------------------------------------------------------------------- worker processes
def _worker_start(model: str | None, company: str | None = None, year: int | None = None) -> None:
    """Build the worker's pipeline once, before its first report."""
    default_nlp(model, company, year)


def _worker_build(path: Path, model: str | None, max_chars: int | None, company: str | None = None,
                  year: int | None = None) -> ReportResult | ReportError:
    item = _try_build(path, model, max_chars, company, year)
    return item.portable() if isinstance(item, ReportResult) else item


def _pool(jobs: int, model: str | None, company: str | None = None, year: int | None = None) -> ProcessPoolExecutor:
    """A pool of fresh interpreters (forkserver where there is one): forking the caller could copy
    a lock held by one of its threads (a progress bar's, say) into the workers."""
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["esgkg.pipeline"])
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start, initargs=(model, company, year))


def _parallel(files: list[Path], model: str | None, jobs: int, max_chars: int | None, company: str | None = None,
              year: int | None = None) -> Iterator[ReportResult | ReportError]:
    """Build ``files`` on ``jobs`` processes; results come back in input order.

    At most ``2 * jobs`` reports are in flight, so finished results never pile up in memory.  A
    worker that dies (killed, out of memory, a crash in native code) breaks the pool; the reports
    then unfinished are retried one at a time in a new pool, so only a report that kills its
    worker again fails, and the others are built.
    """
    pending: deque[Path] = deque(files)
    suspects: deque[Path] = deque()
    while pending or suspects:
        pool = _pool(jobs, model, company, year)
        try:
            if suspects:
                yield from _drain(pool, suspects, 1, model, max_chars, suspects, company, year)
            else:
                yield from _drain(pool, pending, 2 * jobs, model, max_chars, suspects, company, year)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)


def _drain(pool: ProcessPoolExecutor, queue: deque[Path], window: int, model: str | None,
           max_chars: int | None, suspects: deque[Path], company: str | None = None,
           year: int | None = None) -> Iterator[ReportResult | ReportError]:
    """Feed ``queue`` to ``pool`` until it is empty or the pool breaks.

    When the pool breaks, the unfinished reports become ``suspects``; with ``window == 1`` there
    is only one, and it is the one that broke the pool.
    """
    flight: deque[tuple[Path, Future]] = deque()
    broken = False
    while queue or flight:
        while queue and len(flight) < window and not broken:
            path = queue.popleft()
            try:
                flight.append((path, pool.submit(_worker_build, path, model, max_chars, company, year)))
            except BrokenProcessPool:
                queue.appendleft(path)
                broken = True
        if not flight:
            return
        path, future = flight.popleft()
        try:
            yield future.result()
        except BrokenProcessPool:
            if window == 1:
                yield ReportError(path, "the worker process reading it died (killed or out of memory)")
            else:
                suspects.extend([path, *(p for p, _ in flight)])
            return


def iter_build(
    paths: Iterable[str | os.PathLike[str]],
    *,
    model: str | None = None,
    jobs: int = 1,
    max_chars: int | None = MAX_TEXT_CHARS,
    on_start: Callable[[int], None] | None = None,
    company: str | None = None,
    year: int | None = None,
) -> Iterator[ReportResult | ReportError]:
    """Yield a :class:`ReportResult` or :class:`ReportError` per report; a failure never stops the batch.

    ``jobs`` worker processes read reports in parallel (0: one per CPU); results keep input order.
    A report longer than ``max_chars`` characters (None: no limit) fails without being read.
    ``company`` / ``year`` are taken as every report's reporting company and report year instead of reading them.
    """
    files, missing = discover(paths)
    if on_start is not None:
        on_start(len(files) + len(missing))
    for err in missing:
        yield ReportError(err.path, err.reason)
    jobs = min(jobs if jobs > 0 else (os.cpu_count() or 1), len(files))
    if jobs <= 1:
        for path in files:
            yield _try_build(path, model, max_chars, company, year)
    else:
        yield from _parallel(files, model, jobs, max_chars, company, year)


def _unique(item: ReportResult, first_of: dict[URIRef, Path]) -> ReportResult | ReportError:
    """Two files with one report IRI (same file stem in two folders) would overwrite each other
    in the store and merge in the dataset: the second is refused."""
    first = first_of.setdefault(item.iri, item.path)
    if first == item.path:
        return item
    return ReportError(item.path, f"same report IRI as {first} (the IRI comes from the file name: rename one)")


def build(
    paths: Iterable[str | os.PathLike[str]] | str | os.PathLike[str],
    *,
    model: str | None = None,
    jobs: int = 1,
    max_chars: int | None = MAX_TEXT_CHARS,
    store: Store | None = None,
    store_batch: int = 50,
    keep_dataset: bool = True,
    progress: Callable[[ReportResult | ReportError], None] | None = None,
    on_start: Callable[[int], None] | None = None,
    company: str | None = None,
    year: int | None = None,
) -> BuildResult:
    """Build a knowledge graph from report files and folders.

    With ``store``, report graphs replace their old versions in the store in transactions of up
    to ``store_batch`` reports (or every few seconds), each of which also re-resolves organisations
    across the store (:mod:`esgkg.graph.resolve`): a killed build leaves every report wholly old or
    wholly new, and resolution, which reads the whole store, runs once per batch, not per report.  ``keep_dataset=False`` keeps nothing in memory
    but the facts' counts, for batches too large to hold.  ``jobs`` processes read reports in
    parallel (0: one per CPU); a report longer than ``max_chars`` characters fails (None: no limit).
    ``company`` / ``year`` override the reporting company and report year read from every report.

    >>> result = build(["reports/"])            # doctest: +SKIP
    >>> result.dataset.serialize(format="trig")  # doctest: +SKIP
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    started = time.perf_counter()
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    result = BuildResult(dataset=ds)
    first_of: dict[URIRef, Path] = {}
    writer = _BatchWriter(store, store_batch) if store is not None else None
    for item in iter_build(paths, model=model, jobs=jobs, max_chars=max_chars, on_start=on_start, company=company, year=year):
        if isinstance(item, ReportResult):
            item = _unique(item, first_of)
        if isinstance(item, ReportError):
            result.errors.append(item)
        else:
            if writer is not None:
                writer.add(item)
            if keep_dataset:
                target = ds.graph(item.graph.identifier)
                target.addN((s, p, o, target) for s, p, o in item.graph)
            result.add(item, keep_facts=keep_dataset)
        if progress is not None:
            progress(item)
    if writer is not None:
        writer.flush()
    if keep_dataset:
        resolve_dataset(ds)  # one IRI per organisation across the reports of this build
    result.seconds = time.perf_counter() - started
    return result


class _BatchWriter:
    """Collects built reports and writes them to the store in one transaction per batch.

    Batches are cut at ``size`` reports or ``max_seconds`` after the first pending one, so a slow
    batch of large reports still reaches the store regularly.  Reports go as N-Triples text, the
    form worker processes send them in, so the writer does not re-parse them into rdflib.
    """

    def __init__(self, store: Store, size: int = 50, max_seconds: float = 10.0) -> None:
        self.store = store
        self.size = max(1, size)
        self.max_seconds = max_seconds
        self.pending: dict[URIRef, str] = {}
        self.since = 0.0

    def add(self, item: ReportResult) -> None:
        if not self.pending:
            self.since = time.perf_counter()
        self.pending[item.iri] = item.ntriples
        if len(self.pending) >= self.size or time.perf_counter() - self.since >= self.max_seconds:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.store.put_ntriples(self.pending)
            self.pending = {}
