"""The build: ingest -> extract -> graph, one report at a time, with failures isolated per report.

:func:`iter_build` streams results (one report in memory at a time), so callers that write to a
store never hold the whole batch; :func:`build` writes them to a store (on disk, or in memory to
hand back as an rdflib Dataset).

With ``jobs > 1`` reports are read by a pool of worker processes, each building its spaCy pipeline
once; a worker sends back only the report's facts, its graph's quads as N-Quads (tens of KB) and its
organisations' names, and the parent writes each report as it arrives, so memory stays flat however
many reports there are.
"""
from __future__ import annotations

import os
import signal
import sys
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Dataset, Graph, URIRef

from .graph import bind_prefixes, report_quads
from .ingest import IngestError, discover, load
from .ingest.document import display_path
from .records import ReportFacts
from .store import Store
from .store.quads import ReportQuads, to_rdflib

if TYPE_CHECKING:
    from .store.remote import GraphStore, PushResult, RemoteStore


@dataclass(frozen=True, slots=True)
class ReportError:
    """A report that could not be built; ``str()`` is the one-line message for users."""

    path: Path
    reason: str

    def __str__(self) -> str:
        return f"{display_path(self.path)}: {self.reason}"


class Interrupted(KeyboardInterrupt):
    """A signal asking the build to stop (SIGTERM; SIGINT is Python's KeyboardInterrupt)."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        super().__init__(signum)


def raise_interrupted(signum: int, frame=None) -> None:
    """A signal handler: ``signal.signal(signal.SIGTERM, raise_interrupted)``."""
    raise Interrupted(signum)


class PipelineStartError(RuntimeError):
    """The spaCy pipeline could not be built, in this process or a worker's (a broken ``--model`` folder, a broken
    install): no report can be read, so the build stops; the message is one line, with the underlying error."""


class NotAReportError(Exception):
    """A readable text in which nothing a report has was found (no reporting company, no facts)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


@dataclass(slots=True)
class ReportResult:
    """One built report: its facts and its named graph as quads, with its organisations' names beside them.

    ``quads`` (:class:`~esgkg.store.quads.ReportQuads`) is what the store takes: N-Quads bytes, which
    pickle small and fast between processes and which Oxigraph parses without Python, and the
    :class:`~esgkg.store.resolve.OrgName` records cross-report resolution reads.  ``graph`` makes an
    rdflib Graph of them only when someone asks for one.
    """

    path: Path
    facts: ReportFacts
    quads: ReportQuads
    words: int
    seconds: float
    # seconds per stage: "ingest", "tokenizer", each pipeline component by name, "facts", "graph" (build --profile)
    timings: dict[str, float] = field(default_factory=dict, repr=False)
    _graph: Graph | None = field(default=None, repr=False)

    @property
    def iri(self) -> URIRef:
        """The report's IRI (also the name of its graph)."""
        return self.quads.name

    @property
    def triples(self) -> int:
        return self.quads.count

    @property
    def graph(self) -> Graph:
        """The report's graph as an rdflib Graph (made from the quads on first use)."""
        if self._graph is None:
            graph = Graph(identifier=self.iri)
            bind_prefixes(graph)
            graph.addN((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), graph) for q in self.quads.quads())
            self._graph = graph
        return self._graph

    def portable(self) -> ReportResult:
        """This result without the rdflib graph, to send from a worker process (the quads are bytes already)."""
        return ReportResult(self.path, self.facts, self.quads, self.words, self.seconds, self.timings)


@dataclass(slots=True)
class BuildResult:
    """What a build produced: the facts, the failures, and its report graphs.

    ``graphs`` names this build's report graphs.  When :func:`build` was given no store but keeps
    the dataset, ``store`` is the in-memory store it wrote them to (the same writer and cross-report
    resolution as a store on disk), and ``dataset`` reads them back as an rdflib Dataset on first
    use; ``store.export(path, graphs=graphs)`` writes them to a file.  A store given to
    :func:`build` is not held here (it keeps its write lock): ``dataset`` is then read from it at
    the end of the build.
    """

    reports: list[ReportFacts] = field(default_factory=list)
    errors: list[ReportError] = field(default_factory=list)
    seconds: float = 0.0
    words: int = 0
    triples: int = 0
    fact_counts: Counter[str] = field(default_factory=Counter)
    interrupted: int | None = None
    """The signal (SIGINT / SIGTERM) that stopped the build early; every report finished before it is kept."""
    pushed: PushResult | None = None
    """With ``push``: the graphs sent to the remote store (also those sent again), their triples, the seconds."""
    store: Store | None = None
    graphs: list[URIRef] = field(default_factory=list)
    _dataset: Dataset | None = field(default=None, repr=False)

    @property
    def dataset(self) -> Dataset:
        """This build's report graphs, one named graph per report, as stored (organisations resolved
        across the build and the store it went to); empty when the build kept nothing."""
        if self._dataset is None:
            self.dataset_from(self.store)
        return self._dataset

    def dataset_from(self, store: Store | None) -> None:
        """Read this build's report graphs from ``store`` into :attr:`dataset` (empty without a store)."""
        ds = Dataset(default_union=True)
        bind_prefixes(ds)
        for name in self.graphs if store is not None else ():
            target = ds.graph(name)
            target.addN((s, p, o, target) for s, p, o in store.graph(name))
        self._dataset = ds

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
        amount = f"{size / 1e6:,.1f} MB" if size >= 1e6 else f"{size:,} bytes"  # not '0.0 MB' under a small limit
        raise NotAReportError(f"too large: {amount} of text, over the {max_chars:,}-character limit for one report (raise it with --max-chars)")


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
              year: int | None = None, ocr: bool = False) -> ReportResult:
    """Ingest, extract and graph one file; raises IngestError, NotAReportError or any extraction error.

    ``company`` / ``year`` are taken as the reporting company and report year instead of reading them;
    ``ocr`` reads PDF pages without a text layer by OCR (Tesseract, :mod:`esgkg.ingest.ocr`).
    """
    started = time.perf_counter()
    path = Path(path)
    _check_file_size(path, max_chars)
    document = load(path, ocr=ocr)
    _check_text_size(document, max_chars)
    timings = {"ingest": time.perf_counter() - started}
    from .extract import default_nlp, extract  # spaCy: imported where reports are read (a worker), not by the supervisor

    facts = extract(document, _pipeline(model, company, year), timings)
    _check_is_report(facts)
    graphed = time.perf_counter()
    quads = report_quads(facts)
    timings["graph"] = time.perf_counter() - graphed
    words = len(document.text.split())
    return ReportResult(path, facts, quads, words, time.perf_counter() - started, timings)


def _describe(err: BaseException) -> str:
    """One sentence for a report's failure: no exception class name, no repr (issue 24).

    An error esgkg does not expect is a bug: the sentence says where it was raised (the deepest
    frame in esgkg), which is what a bug report needs, without the exception's own text.
    """
    if isinstance(err, (IngestError, NotAReportError)):
        return err.reason
    if isinstance(err, MemoryError):
        return "out of memory while reading this report"
    if isinstance(err, RecursionError):
        return "nested too deeply to read (the text or markup nests past Python's recursion limit)"
    return f"an unexpected error stopped its reading{_where(err)} (a bug in esgkg: please report it with this file)"


def _where(err: BaseException) -> str:
    """' in esgkg/x.py line N': the deepest frame of ``err`` inside the esgkg package, or ''."""
    import traceback

    package = Path(__file__).resolve().parent
    for frame in reversed(traceback.extract_tb(err.__traceback__)):
        try:
            relative = Path(frame.filename).resolve().relative_to(package.parent)
        except ValueError:
            continue
        return f" in {relative.as_posix()} line {frame.lineno}"
    return ""


def _pipeline(model: str | None, company: str | None, year: int | None):
    """The (cached) spaCy pipeline for these settings; raises :class:`PipelineStartError` in one line when it cannot be built."""
    from .extract import default_nlp

    try:
        return default_nlp(model, company, year)
    except Exception as err:  # noqa: BLE001 - any failure to build the pipeline stops the whole build
        first = str(err).strip().splitlines()[0][:300] if str(err).strip() else ""
        raise PipelineStartError(f"the spaCy pipeline could not be built: {type(err).__name__}" + (f": {first}" if first else "")) from err


def _try_build(path: Path, model: str | None, max_chars: int | None = MAX_TEXT_CHARS, company: str | None = None,
               year: int | None = None, ocr: bool = False) -> ReportResult | ReportError:
    try:
        return build_one(path, model, max_chars, company, year, ocr)
    except (KeyboardInterrupt, PipelineStartError):
        raise
    except Exception as err:  # one broken report must not lose the others
        return ReportError(path, _describe(err))


# ----------------------------------------------------------------------------- worker processes
def worker_start(model: str | None, company: str | None = None, year: int | None = None) -> None:
    """Build the worker's pipeline once, before its first report; raises :class:`PipelineStartError`."""
    _pipeline(model, company, year)


def worker_build(path: Path, model: str | None, max_chars: int | None, memory_limit: int | None = None,
                 company: str | None = None, year: int | None = None, ocr: bool = False) -> ReportResult | ReportError:
    """Build one report in a worker process; the result travels back as N-Quads bytes (see :meth:`ReportResult.portable`)."""
    item = _try_build(path, model, max_chars, company, year, ocr)
    try:
        if isinstance(item, ReportResult):
            item = item.portable()
    except Exception as err:  # noqa: BLE001 - like any other failure of one report
        item = ReportError(path, _describe(err))
    if isinstance(item, ReportError) and memory_limit and item.reason == _describe(MemoryError()):
        item = ReportError(path, f"needs more than the {_gb(memory_limit)} of address space allowed per report "
                                 f"(--report-memory caps virtual memory, not resident memory; this worker peaked at {_peak_resident()} resident)")
    return item


def _peak_resident() -> str:
    """This process's peak resident memory, measured (``getrusage``), as '1.03 GB'; '?' where unknown."""
    try:
        import resource

        kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS
    except (ImportError, OSError):
        return "?"
    return _gb(kib if sys.platform == "darwin" else kib * 1024, 3)


def _gb(n: int, digits: int | None = None) -> str:
    return f"{n / 1e9:.{digits}g} GB" if digits else f"{n / 1e9:g} GB"


class _Worker:
    """One ``python -m esgkg.worker`` process and the report it is reading."""

    def __init__(self, model: str | None, max_chars: int | None, memory: int | None,
                 company: str | None = None, year: int | None = None, ocr: bool = False) -> None:
        from .worker import spawn, take

        self.max_chars = max_chars
        self.ocr = ocr
        self.process, self.tasks, self.results = take(model, memory, company, year) or spawn(model, memory, company, year)
        self.ready = False
        self.path: Path | None = None
        self.since = 0.0

    def give(self, path: Path) -> None:
        self.path, self.since = path, time.monotonic()
        self.tasks.send((path, self.max_chars, self.ocr))

    def stop(self, *, kill: bool = False) -> None:
        """End the process (politely unless ``kill``) and close the pipes."""
        if not kill and self.process.poll() is None:
            try:
                self.tasks.send(None)
            except OSError:
                kill = True
        if kill and self.process.poll() is None:
            self.process.kill()
        for conn in (self.tasks, self.results):
            conn.close()
        try:
            self.process.wait(timeout=None if kill else 5)
        except Exception:  # noqa: BLE001 - a worker that will not stop is killed
            self.process.kill()
            self.process.wait()


def _died_reason(memory: int | None) -> str:
    """Why a report whose worker process died twice is refused (one line)."""
    limit = f"; the limit is {_gb(memory)} of address space per report, --report-memory" if memory else ""
    return f"the worker process reading it died (crashed, killed or out of memory{limit})"


def _timeout_reason(timeout: float) -> str:
    """Why a report that ran past the time limit is refused (one line)."""
    return f"took more than {timeout:g} s, the time limit per report (--report-timeout)"


def _supervised(files: list[Path], model: str | None, jobs: int, max_chars: int | None,
                timeout: float | None, memory: int | None, company: str | None = None,
                year: int | None = None, ocr: bool = False) -> Iterator[ReportResult | ReportError]:
    """Build ``files`` on ``jobs`` worker processes under per-report limits; results in input order.

    A report that runs past ``timeout`` seconds has its worker killed and fails with one line; one
    whose worker dies (out of memory in native code, killed) is read once more on a fresh worker,
    and fails only if that one dies too.  Workers are replaced as needed, and all of them end when
    this generator ends, is closed or is interrupted (and with the parent process, see
    :mod:`esgkg.worker`).  At most ``4 * jobs + 4`` reports are in flight or waiting to be
    yielded, so memory stays flat however many reports there are.
    """
    from multiprocessing.connection import wait

    from .ingest.document import report_page

    window = 4 * jobs + 4
    queue: deque[int] = deque(range(len(files)))
    done: dict[int, ReportResult | ReportError] = {}
    died: set[int] = set()
    index_of: dict[Path, int] = {}
    workers: list[_Worker] = []
    next_out = 0
    busy = 0  # reports given to a worker and not back yet
    failed_starts = 0
    try:
        while next_out < len(files):
            while len(workers) < min(jobs, len(files) - next_out):
                if failed_starts > 3:
                    raise PipelineStartError("cannot start a worker process (python -m esgkg.worker exits at once)")
                workers.append(_Worker(model, max_chars, memory, company, year, ocr))
            for w in workers:
                if w.ready and w.path is None and queue and queue[0] < next_out + window:
                    n = queue.popleft()
                    index_of[files[n]] = n
                    w.give(files[n])
                    busy += 1
            now = time.monotonic()
            deadlines = [w.since + timeout - now for w in workers if w.path is not None and timeout]
            ready = wait([w.results for w in workers], timeout=max(0.0, min(deadlines)) if deadlines else None)
            for w in list(workers):
                if w.results in ready:
                    try:
                        message = w.results.recv()
                    except (EOFError, OSError):
                        message = None
                    if message == "ready":
                        w.ready = True
                        failed_starts = 0
                        continue
                    if isinstance(message, tuple) and message[:1] == ("failed",):  # its pipeline could not be built
                        raise PipelineStartError(message[1])
                    if isinstance(message, tuple) and message[:1] == ("page",):  # pages read of a long PDF
                        report_page(Path(message[1]), message[2], message[3])
                        continue
                    if message is not None and w.path is not None:
                        done[index_of.pop(w.path)] = message
                        w.path = None
                        busy -= 1
                        continue
                    # the worker died: its report is read again once, on a fresh worker
                    workers.remove(w)
                    w.stop(kill=True)
                    failed_starts += not w.ready
                    if w.path is not None:
                        busy -= 1
                        n = index_of.pop(w.path)
                        if n in died:
                            done[n] = ReportError(w.path, _died_reason(memory))
                        else:
                            died.add(n)
                            queue.appendleft(n)
                elif timeout and w.path is not None and time.monotonic() - w.since >= timeout:
                    workers.remove(w)
                    w.stop(kill=True)
                    busy -= 1
                    done[index_of.pop(w.path)] = ReportError(w.path, _timeout_reason(timeout))
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for w in workers:
            w.stop(kill=w.path is not None)


def iter_build(
    paths: Iterable[str | os.PathLike[str]],
    *,
    model: str | None = None,
    jobs: int = 1,
    max_chars: int | None = MAX_TEXT_CHARS,
    on_start: Callable[[int], None] | None = None,
    report_timeout: float | None = None,
    report_memory: int | None = None,
    company: str | None = None,
    year: int | None = None,
    ocr: bool = False,
    cluster: object | None = None,
) -> Iterator[ReportResult | ReportError]:
    """Yield a :class:`ReportResult` or :class:`ReportError` per report; a failure never stops the batch.

    ``jobs`` worker processes read reports in parallel (0: one per CPU); results keep input order.
    A report longer than ``max_chars`` characters (None: no limit) fails without being read.
    ``report_timeout`` (seconds) and ``report_memory`` (bytes of address space) bound each report:
    with either, or with ``jobs > 1``, every report is read in a worker process (also for one job),
    which is killed when its report runs too long; without them and with one job, reports are read
    in this process.  ``company`` / ``year`` are taken as every report's reporting company and report
    year instead of reading them.  ``ocr`` reads PDF pages that have no text layer (scans) with
    Tesseract; its work is bounded by ``report_timeout`` when given, and always by a cap on the pages
    per report and a time limit per page (see :mod:`esgkg.ingest.ocr`).
    ``cluster`` (``"local:N"``, a Dask scheduler address or a ``distributed.Client``) reads the
    reports on a Dask cluster's workers under the same limits, results as they finish instead of in
    input order, and ``jobs`` is not used (see :mod:`esgkg.cluster`).
    """
    files, missing = discover(paths)
    if on_start is not None:
        on_start(len(files) + len(missing))
    for err in missing:
        yield ReportError(err.path, err.reason)
    jobs = min(jobs if jobs > 0 else (os.cpu_count() or 1), len(files))
    if cluster is not None and files:
        from .cluster import Settings, cluster_build

        settings = Settings(model, max_chars, report_timeout, report_memory, company, year, ocr)
        items: Iterator[ReportResult | ReportError] = cluster_build(files, cluster, settings)
    elif jobs <= 1 and report_timeout is None and report_memory is None:
        items = (_try_build(path, model, max_chars, company, year, ocr) for path in files)
    elif files:
        items = _supervised(files, model, max(1, jobs), max_chars, report_timeout, report_memory, company, year, ocr)
    else:
        return
    try:
        yield from _one_report_per_iri(files, items)
    finally:
        items.close()  # ends the worker processes


def _one_report_per_iri(files: list[Path], items: Iterator[ReportResult | ReportError]) -> Iterator[ReportResult | ReportError]:
    """Two files with one report IRI (same file stem in two folders, or ``x.txt`` beside ``x.pdf``)
    would overwrite each other in the store and merge in the dataset: of each such group the first
    file in path order that builds is kept, and any other that builds is refused.  The group's
    results wait until all of its files are read, so which one is kept depends neither on the
    order the files were given in nor on which worker finishes first (issue 24).  Files with an
    IRI of their own pass straight through."""
    from .graph.iri import report_iri

    groups: dict[URIRef, list[Path]] = {}
    for path in files:
        groups.setdefault(report_iri(path), []).append(path)
    group_of = {p: sorted(g, key=lambda q: (str(q.resolve()), str(q))) for g in groups.values() if len(g) > 1 for p in g}
    held: dict[Path, ReportResult | ReportError] = {}
    for item in items:
        group = group_of.get(item.path)
        if group is None:
            yield item
            continue
        held[item.path] = item
        if not all(p in held for p in group):
            continue
        results = [held.pop(p) for p in group]
        winner = next((r for r in results if isinstance(r, ReportResult)), None)
        for r in results:
            if isinstance(r, ReportResult) and r is not winner:
                yield ReportError(r.path, f"same report IRI as {display_path(winner.path)} (the IRI comes from the file name: rename one)")
            else:
                yield r


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
    report_timeout: float | None = None,
    report_memory: int | None = None,
    company: str | None = None,
    year: int | None = None,
    ocr: bool = False,
    cluster: object | None = None,
    push: str | GraphStore | RemoteStore | None = None,
) -> BuildResult:
    """Build a knowledge graph from report files and folders.

    With ``store``, each finished report replaces its old version in the store as it arrives, in
    one transaction that also re-resolves organisations across the store (:mod:`esgkg.store.resolve`);
    when the store is large enough that a commit costs noticeable time, finished reports are grouped
    (up to ``store_batch``, for at most four times the last commit's cost), so resolution, which reads
    the whole store, does not run once per report.  A killed build leaves every report wholly old
    or wholly new; a build that wrote many reports repacks the store at the end (Store.repack).  A SIGINT
    (KeyboardInterrupt, or :class:`Interrupted` for SIGTERM) stops the build: what finished is
    committed and the result comes back with ``interrupted`` set.  Without ``store`` the reports go
    to an in-memory store through the same writer (so ``-o`` and the store resolve alike);
    ``keep_dataset=False`` keeps nothing in memory but the facts' counts, for batches too large to
    hold.  ``jobs`` processes read reports in parallel (0: one per CPU); a report longer than
    ``max_chars`` characters fails (None: no limit); ``report_timeout`` / ``report_memory`` bound
    each report (see :func:`iter_build`).  ``company`` / ``year`` override the reporting company and
    report year read from every report.  ``ocr=True`` reads PDF pages without a text layer by OCR
    (Tesseract; bounded as :func:`iter_build` says).  ``cluster="local:N"`` or a Dask scheduler
    address (``"tcp://host:8786"``) reads the reports on that cluster's workers; they are committed
    here as they finish, as in a local build (:mod:`esgkg.cluster`).

    ``push`` (a SPARQL endpoint or Graph Store URL, or a :class:`~esgkg.store.remote.GraphStore` with
    credentials) sends each finished report's graph to that remote store instead of a local one
    (:class:`~esgkg.store.remote.RemoteStore`: resolved on this side against the reports the server
    holds, read through its SPARQL endpoint, and those of this build; a report sent earlier is sent
    again when a later one moves its organisation IRIs); a report the server does not take is a
    :class:`ReportError` in ``errors`` and the others go on; ``pushed`` counts what was sent.  The
    GraphStore's connections are closed when the build ends.

    >>> result = build(["reports/"])            # doctest: +SKIP
    >>> result.dataset.serialize(format="trig")  # doctest: +SKIP
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    started = time.perf_counter()
    result = BuildResult()
    remote = _remote_store(push, store)
    if store is None and keep_dataset:
        store = result.store = Store()  # in memory: the same writer and resolution as a store on disk (issue 22)
    writers = [_BatchWriter(sink, store_batch) for sink in (store, remote) if sink is not None]
    built: dict[URIRef, Path] = {}  # with push: where each report came from, to name it if the server refuses it
    items = iter_build(paths, model=model, jobs=jobs, max_chars=max_chars, on_start=on_start,
                       report_timeout=report_timeout, report_memory=report_memory, company=company, year=year, ocr=ocr,
                       cluster=cluster)
    try:
        for item in items:
            if isinstance(item, ReportError):
                result.errors.append(item)
            else:
                result.add(item, keep_facts=keep_dataset)
                if remote is not None:
                    built[item.iri] = item.path
                for writer in writers:
                    writer.add(item)
                result.graphs.append(item.iri)
            if progress is not None:
                progress(item)
            _push_failures(remote, built, result, progress)
    except KeyboardInterrupt as err:  # SIGINT, or SIGTERM as Interrupted: keep what finished
        result.interrupted = getattr(err, "signum", signal.SIGINT)
    finally:
        items.close()  # ends the worker processes
    for writer in writers:
        writer.close(repack=result.interrupted is None)
    if remote is not None:
        _push_failures(remote, built, result, progress)
        result.pushed = remote.result
        remote.close()
    if keep_dataset and result.store is None and store is not None:
        result.dataset_from(store)  # as the store holds them: resolved against every report in it
    result.seconds = time.perf_counter() - started
    return result


def _remote_store(push: str | GraphStore | RemoteStore | None, store: Store | None) -> RemoteStore | None:
    """The remote store ``build(push=...)`` writes to (None without ``push``)."""
    if push is None:
        return None
    if store is not None:
        raise ValueError("build(): give store= or push=, not both (push sends the reports instead of storing them)")
    from .store.remote import GraphStore, RemoteStore, graph_store_url

    if isinstance(push, str):
        url = graph_store_url(push)
        push = GraphStore(url, endpoint=push if url != push else None)
    return push if isinstance(push, RemoteStore) else RemoteStore(push)


def _push_failures(remote: RemoteStore | None, built: dict[URIRef, Path], result: BuildResult,
                   progress: Callable[[ReportResult | ReportError], None] | None) -> None:
    """Each report the remote store refused since the last call, as a :class:`ReportError` (one line)."""
    for iri, reason in remote.take_failures() if remote is not None else ():
        error = ReportError(built.get(iri, Path(str(iri).rsplit("/", 1)[-1])), f"not pushed: {reason}")
        result.errors.append(error)
        if progress is not None:
            progress(error)


class _BatchWriter:
    """Writes built reports to the store as they arrive, grouping them only when commits get costly.

    A report is committed at once unless the last commit took long (a report whose organisations
    move others rewrites them too): then reports wait until ``4 x`` the last commit's time has passed since the
    first pending one (at most ``max_seconds``) or ``size`` are pending, so commits never take more
    than about a fifth of the build.  Reports go as the quads worker processes send them
    (:meth:`esgkg.store.Store.put_quads`), with their organisations' names beside them.
    :meth:`close` commits what is pending and compacts a store on disk that this build grew.
    """

    def __init__(self, store: Store | RemoteStore, size: int = 50, max_seconds: float = 10.0) -> None:
        self.store = store
        self.size = max(1, size)
        self.max_seconds = max_seconds
        self.pending: dict[URIRef, ReportQuads] = {}
        self.since = 0.0
        self.cost = 0.0
        self.written = 0
        self.held = len(store.named_graphs()) if getattr(store, "path", None) is not None else 0

    def add(self, item: ReportResult) -> None:
        if not self.pending:
            self.since = time.perf_counter()
        self.pending[item.iri] = item.quads
        waited = time.perf_counter() - self.since
        if len(self.pending) >= self.size or waited >= min(self.max_seconds, 4 * self.cost):
            self.flush()

    def flush(self) -> None:
        if self.pending:
            started = time.perf_counter()
            self.store.put_quads(self.pending.values())
            self.written += len(self.pending)
            self.pending = {}
            self.cost = time.perf_counter() - started

    def close(self, *, repack: bool = True) -> None:
        """Commit what is pending; then, on disk, repack the store with Oxigraph's bulk loader when this
        build wrote at least a fifth as many reports as the store held before it (so adding a few
        reports to a large store stays cheap) and ``repack`` (an interrupted build ends quickly), else
        let it drop its write-ahead logs."""
        self.flush()
        if getattr(self.store, "path", None) is None or not self.written:
            return
        if repack and self.written * 5 >= self.held:
            self.store.repack()
        else:
            self.store.compact()
