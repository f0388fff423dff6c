"""A build's worker process: reads the reports its parent sends, one at a time, under limits.

The parent (:func:`esgkg.pipeline.iter_build`) starts ``python -m esgkg.worker`` with two pipe
file descriptors, sends a report path, waits for the result, and kills the worker when a report
runs past the time limit.  Here, in the worker:

* the address space is capped (``RLIMIT_AS``, ``--memory`` bytes), so a report that needs more
  fails with a MemoryError (one line for the user) or, in native code, ends this process -- never
  the machine or the parent;
* the process dies with its parent, however the parent dies (``PR_SET_PDEATHSIG`` on Linux, a
  watchdog thread elsewhere), so a killed build leaves no worker behind;
* SIGINT is ignored: Ctrl-C reaches the whole process group, and it is the parent that decides
  what to keep; it then ends its workers itself.

Messages are pickled over :class:`multiprocessing.connection.Connection` (length-prefixed).  The
worker sends ``"ready"`` once its pipeline is loaded, then one result per ``(path, max_chars, ocr)``
received (``ocr``: read PDF pages without a text layer by OCR, under the same time limit); ``None`` asks it to exit.  Worker start-up (imports, spaCy pipeline) is not counted in a report's time.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection

def _die_with_parent(parent: int) -> None:
    """End this process when ``parent`` ends (SIGKILL from the kernel on Linux; polling elsewhere)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="esgkg-parent-watch").start()


def limit_memory(limit: int | None) -> None:
    """Cap this process's address space at ``limit`` bytes (RLIMIT_AS; no-op where unsupported)."""
    if not limit:
        return
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):
        pass


def spawn(model: str | None, memory: int | None, company: str | None = None, year: int | None = None):
    """Start ``python -m esgkg.worker``; returns (process, task connection, result connection).

    Light on purpose (no esgkg import beyond this module): ``esgkg build`` calls it through
    :func:`prestart` before its own heavy imports, so the worker's start-up overlaps the parent's.
    """
    import subprocess

    task_r, task_w = os.pipe()
    result_r, result_w = os.pipe()
    command = [sys.executable, "-m", "esgkg.worker", "--parent", str(os.getpid()), "--recv", str(task_r),
               "--send", str(result_w), "--memory", str(memory or 0)]
    if model:
        command += ["--model", model]
    if company is not None:
        command += ["--company", company]
    if year is not None:
        command += ["--year", str(year)]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2"}
    try:
        process = subprocess.Popen(command, pass_fds=(task_r, result_w), stdin=subprocess.DEVNULL, env=env)
    finally:
        os.close(task_r)
        os.close(result_w)
    return process, Connection(task_w, readable=False), Connection(result_r, writable=False)


_prestarted: dict[tuple, list] = {}


def prestart(model: str | None, memory: int | None, company: str | None = None, year: int | None = None) -> None:
    """Start one worker now, for the build that follows to take (:func:`take`); an untaken one is
    killed when this process exits."""
    import atexit

    if not _prestarted:
        atexit.register(_kill_untaken)
    _prestarted.setdefault((model, memory or 0, company, year), []).append(spawn(model, memory, company, year))


def take(model: str | None, memory: int | None, company: str | None = None, year: int | None = None):
    """A prestarted worker for these settings (process, tasks, results), or None."""
    found = _prestarted.get((model, memory or 0, company, year))
    return found.pop() if found else None


def _kill_untaken() -> None:
    for workers in _prestarted.values():
        for process, tasks, results in workers:
            if process.poll() is None:
                process.kill()
                process.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m esgkg.worker")
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--recv", type=int, required=True, help="fd to read tasks from")
    parser.add_argument("--send", type=int, required=True, help="fd to write results to")
    parser.add_argument("--memory", type=int, default=0, help="address-space limit in bytes (0: none)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--company", default=None)
    parser.add_argument("--year", type=int, default=None)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(args.parent)
    tasks = Connection(args.recv, writable=False)
    results = Connection(args.send, readable=False)

    from .pipeline import worker_build, worker_start

    from .pipeline import PipelineStartError

    try:
        worker_start(args.model, args.company, args.year)
    except PipelineStartError as err:  # told to the parent in one line, which stops the build
        try:
            results.send(("failed", str(err)))
        except OSError:  # the parent has stopped already (another worker told it first)
            pass
        return 1
    limit_memory(args.memory)  # after start-up: the limit is for reading reports
    results.send("ready")
    from .ingest.document import set_page_progress

    set_page_progress(lambda path, done, total: results.send(("page", str(path), done, total)))  # the parent shows it
    while True:
        try:
            task = tasks.recv()
        except EOFError:
            return 0
        if task is None:
            return 0
        path, max_chars, ocr = task
        results.send(worker_build(path, args.model, max_chars, memory_limit=args.memory or None,
                                  company=args.company, year=args.year, ocr=ocr))


if __name__ == "__main__":
    sys.exit(main())
