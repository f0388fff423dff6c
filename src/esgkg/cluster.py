"""``esgkg build --cluster``: ingest + extract + graph of each report on the workers of a Dask cluster.

The client (this process) sends each report to the cluster as one task and takes the results back
as reports finish (``as_completed``); what comes back is the same :class:`~esgkg.pipeline.ReportResult`
or :class:`~esgkg.pipeline.ReportError` that a local build yields, and the client commits it exactly
as a local build does (resolution and store writes stay here, :func:`esgkg.pipeline.build`).

On a worker, each task runs its report in the limited worker process of :mod:`esgkg.worker` (one
per worker thread, started once and kept): the address space is capped (``report_memory``), the
process is killed when the report runs past ``report_timeout``, and a report whose process dies is
read once more on a fresh one before it is refused -- the limits and the one-line refusals of a
local build (:func:`esgkg.pipeline._supervised`).  A Dask worker process that dies is the
scheduler's to handle: it gives the report to another worker, once (``local:N`` sets the scheduler's
``allowed-failures`` to 1; a scheduler you start yourself has its own setting, see the README), and
then the client refuses the report with one line.

``ADDRESS`` is ``local:N`` (a :class:`distributed.LocalCluster` of N single-threaded worker
processes on this machine, ended with the build) or a scheduler's address (``tcp://host:8786``),
whose workers need esgkg installed.  Workers of a cluster you address may run on other machines:
each report's bytes travel with its task (a worker writes them to a temporary file of the same
name), so no shared file system is needed.

Importing this module does not import Dask or spaCy; a Dask worker running its tasks loads spaCy
only in the limited worker process.
"""
from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .pipeline import ReportError, ReportResult, _check_file_size, _describe, _died_reason, _timeout_reason, _Worker

LOCAL = "local:"


LOCAL_CONFIG = {"distributed.scheduler.allowed-failures": 1, "distributed.worker.profile.enabled": False,
                "distributed.admin.system-monitor.interval": "10s", "distributed.admin.tick.interval": "1s"}
"""The Dask settings of a ``local:N`` cluster (see :func:`_connect`)."""


class ClusterError(Exception):
    """The cluster cannot be used (bad address, no scheduler there, Dask missing); ``str()`` is one line."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What every task of one build reads its report with (sent to the workers with each task)."""

    model: str | None = None
    max_chars: int | None = None
    timeout: float | None = None
    memory: int | None = None
    company: str | None = None
    year: int | None = None
    ocr: bool = False


def local_workers(address: str) -> int | None:
    """N for ``local:N`` (N >= 1), None for any other address; raises ClusterError for ``local:`` without a count."""
    if not address.startswith(LOCAL):
        return None
    count = address[len(LOCAL):]
    if not count.isdigit() or int(count) < 1:
        raise ClusterError(f"--cluster {address}: expected local:N with N >= 1 worker processes (local:2), or a scheduler address (tcp://host:8786)")
    return int(count)


def check_address(address: str) -> str:
    """``address`` if it reads as ``local:N`` or a scheduler address, else ClusterError (before a build starts)."""
    if local_workers(address) is None and (not address.strip() or any(c.isspace() for c in address)):
        raise ClusterError(f"--cluster {address!r}: expected local:N (local:2) or a scheduler address (tcp://host:8786)")
    if local_workers(address) is None:
        try:
            from distributed.comm.addressing import parse_address, parse_host_port
        except ImportError:
            return address  # _connect says that Dask is missing
        try:  # here, not in distributed.Client: a Client that fails on its address waits 20 s to close, with a traceback
            scheme, location = parse_address(address)
            if scheme in ("tcp", "tls"):
                parse_host_port(location)
        except ValueError as err:
            raise ClusterError(f"--cluster {address}: not a scheduler address ({err}): expected local:N (local:2) "
                               "or a scheduler's address with its port (tcp://host:8786)") from None
    return address


# ----------------------------------------------------------------------------- on a worker
_runners: list[_Worker] = []  # idle limited worker processes of this Dask worker, by settings
_runners_lock = threading.Lock()
# The limited worker processes die with the thread that started them (PR_SET_PDEATHSIG), so they are
# all started from this one thread, which lives as long as the Dask worker process.
_spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="esgkg-spawner")


def _runner(settings: Settings) -> _Worker:
    with _runners_lock:
        for i, w in enumerate(_runners):
            if w.settings == settings and w.process.poll() is None:
                return _runners.pop(i)
    w = _spawner.submit(_Worker, settings.model, settings.max_chars, settings.memory, settings.company, settings.year,
                        settings.ocr).result()
    w.settings = settings
    return w


def _give_back(w: _Worker) -> None:
    with _runners_lock:
        _runners.append(w)


def _read_once(path: Path, settings: Settings) -> ReportResult | ReportError | None:
    """Read ``path`` in a limited worker process: its result, a refusal for the time limit, or None
    when the process died (a crash, a kill, out of memory in native code)."""
    starts = 0
    while True:
        w = _runner(settings)
        while not w.ready:  # start-up (imports, the spaCy pipeline) is not counted in the report's time
            try:
                message = w.results.recv()
            except (EOFError, OSError):
                break
            w.ready = message == "ready" or w.ready
        if w.ready:
            break
        w.stop(kill=True)
        starts += 1
        if starts > 3:
            return ReportError(path, "cannot start a worker process on this cluster worker (python -m esgkg.worker exits at once)")
    w.give(path)
    deadline = None if not settings.timeout else time.monotonic() + settings.timeout
    while True:
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not w.results.poll(left):
            w.stop(kill=True)
            return ReportError(path, _timeout_reason(settings.timeout))
        try:
            message = w.results.recv()
        except (EOFError, OSError):
            w.stop(kill=True)
            return None
        if isinstance(message, tuple) and message[:1] == ("page",):  # pages of a long PDF: not shown from a cluster
            continue
        w.path = None
        _give_back(w)
        return message


def run_report(name: str, data: bytes | None, path: str, settings: Settings) -> ReportResult | ReportError:
    """One task: read one report on this worker, under the limits of ``settings``.

    With ``data`` (the file's bytes, from a client on another machine) the report is written to a
    temporary file called ``name`` and read from there; else ``path`` is read where it is.  A report
    whose worker process dies is read once more on a fresh one, then refused with one line.
    """
    folder = None
    try:
        if data is not None:
            folder = Path(tempfile.mkdtemp(prefix="esgkg-task-"))
            target = folder / name
            target.write_bytes(data)
        else:
            target = Path(path)
        for attempt in range(2):
            item = _read_once(target, settings)
            if item is not None:
                return item
        return ReportError(target, _died_reason(settings.memory))
    except Exception as err:  # noqa: BLE001 - like any other failure of one report
        return ReportError(Path(path), _describe(err))
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


# ----------------------------------------------------------------------------- on the client
def _connect(cluster: Any) -> tuple[Any, Any, bool]:
    """(client, LocalCluster or None, whether the workers see this machine's files)."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise ClusterError(f"--cluster needs Dask distributed (pip install 'dask[distributed]'): {err}") from None
    if not isinstance(cluster, str):  # a distributed.Client the caller made and keeps
        return cluster, None, False
    workers = local_workers(check_address(cluster))
    if workers is not None:
        # allowed-failures: a report whose Dask worker dies is given to another worker once, then refused.  The
        # workers' statistical profiler (a sample every 10 ms), the system monitor (every 0.5 s) and the event-loop
        # tick (every 20 ms) serve the dashboard, which a build does not start; idle, they cost 1.5 % of a core per
        # worker and 3 % in this process (0.25 % and 0.65 % as set here), CPU that the reports need.  Dask's own logs
        # are silenced: a build reports each report's fate in one line, and on a loaded machine a late heartbeat is
        # logged with a traceback that would read as a failure.
        with dask.config.set(LOCAL_CONFIG), _sigint_ignored():
            local = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, memory_limit=0,
                                 dashboard_address=None, silence_logs=logging.CRITICAL)
            try:
                return Client(local, set_as_default=False), local, True
            except BaseException:
                local.close()
                raise
    try:
        return Client(cluster, timeout=10, set_as_default=False), None, False
    except (OSError, TimeoutError, ValueError) as err:
        raise ClusterError(f"--cluster {cluster}: cannot reach a Dask scheduler there ({str(err).splitlines()[0] if str(err) else type(err).__name__})") from None


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """SIGINT ignored while the LocalCluster's worker processes start, so that they inherit it: Ctrl-C reaches
    the whole process group, and it is this process that stops the build and ends them (as esgkg.worker does)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _slots(client: Any) -> int:
    """Worker threads the cluster has now (at least 1)."""
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - a scheduler between workers: keep going with a small window
        return 1


def cluster_build(files: list[Path], cluster: Any, settings: Settings) -> Iterator[ReportResult | ReportError]:
    """Build ``files`` on ``cluster`` (``local:N``, a scheduler address, or a ``distributed.Client``);
    results as reports finish, the same items as a local build yields (their paths the client's).

    At most ``4 x`` the cluster's worker threads ``+ 4`` reports are in flight, so the client's
    memory stays flat however many reports there are.  Closing the generator (the end of the
    build, Ctrl-C) cancels what is still running and ends a ``local:N`` cluster.
    """
    from distributed import as_completed

    client, local, shared_files = _connect(cluster)
    owned = isinstance(cluster, str)
    pending = iter(enumerate(files))
    by_key: dict[str, Path] = {}
    finished = as_completed(loop=client.loop)
    window, checked = 4 * _slots(client) + 4, time.monotonic()
    token = f"{os.getpid()}-{time.time_ns()}"

    def submit_more() -> Iterator[ReportError]:
        while len(by_key) < window:
            n, path = next(pending, (None, None))
            if path is None:
                return
            try:
                _check_file_size(path, settings.max_chars)  # before reading it into memory here
                data = None if shared_files else path.read_bytes()
            except OSError as err:
                yield ReportError(path, f"cannot read it ({err.strerror or err})")
                continue
            except Exception as err:  # noqa: BLE001 - too large: NotAReportError
                yield ReportError(path, _describe(err))
                continue
            key = f"esgkg-report-{n}-{token}"
            by_key[key] = path
            finished.add(client.submit(run_report, path.name, data, str(path.absolute()), settings, key=key, pure=False))

    try:
        yield from submit_more()
        while by_key:
            future = next(finished)
            path = by_key.pop(future.key)
            yield _result(future, path)
            del future
            if time.monotonic() - checked > 5:  # workers join and leave a cluster
                window, checked = 4 * _slots(client) + 4, time.monotonic()
            yield from submit_more()
    finally:
        for future in list(finished.futures):
            future.cancel()
        finished.clear()
        if owned:
            client.close()
        if local is not None:
            local.close()


def _result(future: Any, path: Path) -> ReportResult | ReportError:
    """The future's report, as the client knows it (its own path), or one line saying why not."""
    try:
        item = future.result()
    except Exception as err:  # noqa: BLE001 - KilledWorker, a lost scheduler: this report only
        name = type(err).__name__
        if name == "KilledWorker":
            return ReportError(path, "the Dask worker reading it died, also on a second worker (crashed, killed or out of memory)")
        if name == "CancelledError":
            return ReportError(path, "the cluster dropped it (the scheduler was lost or restarted)")
        return ReportError(path, _describe(err))
    if isinstance(item, ReportError):
        return ReportError(path, item.reason)
    item.path = path
    item.facts.source = path
    return item
