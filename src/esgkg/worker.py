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
worker sends ``"ready"`` once its pipeline is loaded, then one result per path received; ``None``
asks it to exit.  Worker start-up (imports, spaCy pipeline) is not counted in a report's time.
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection

CRASH_ENV = "ESGKG_TEST_WORKER_CRASH"
"""For the test suite only: a worker reading a file whose name contains this text dies at once
(``os._exit``), the way a crash in native code ends it."""


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m esgkg.worker")
    parser.add_argument("--parent", type=int, required=True)
    parser.add_argument("--recv", type=int, required=True, help="fd to read tasks from")
    parser.add_argument("--send", type=int, required=True, help="fd to write results to")
    parser.add_argument("--memory", type=int, default=0, help="address-space limit in bytes (0: none)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--max-chars", type=int, default=-1, help="-1: no limit")
    parser.add_argument("--company", default=None)
    parser.add_argument("--year", type=int, default=None)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(args.parent)
    tasks = Connection(args.recv, writable=False)
    results = Connection(args.send, readable=False)

    from .pipeline import worker_build, worker_start

    worker_start(args.model, args.company, args.year)
    limit_memory(args.memory)  # after start-up: the limit is for reading reports
    crash = os.environ.get(CRASH_ENV)
    max_chars = None if args.max_chars < 0 else args.max_chars
    results.send("ready")
    while True:
        try:
            path = tasks.recv()
        except EOFError:
            return 0
        if path is None:
            return 0
        if crash and crash in path.name:
            os._exit(70)
        results.send(worker_build(path, args.model, max_chars, memory_limit=args.memory or None,
                                  company=args.company, year=args.year))


if __name__ == "__main__":
    sys.exit(main())
