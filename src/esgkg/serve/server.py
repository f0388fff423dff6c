"""Serving the store over HTTP: what ``esgkg serve`` runs.

``esgkg serve`` does not implement a SPARQL server: it runs the ``oxigraph`` server from PyPI
(the same engine as the embedded store, reading the same directory), which provides the SPARQL
1.1 Protocol at ``/query`` (and ``/sparql``), the Graph Store Protocol at ``/store`` and a YASGUI
query console at ``/``.  Read-only by default.  Queries without a GRAPH clause see all reports, as ``esgkg sparql``
does, because the store keeps their union (each triple once) as its default graph.

Sending graphs to a remote store (``esgkg push``, ``esgkg build --push``) is the store package's
business: :mod:`esgkg.store.remote`.
"""
from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .console import ConsoleFront
from .engine import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT_S, ServerError, _port_in_use
from .guard import DEFAULT_MEMORY, Backend, GuardedFront


# ----------------------------------------------------------------------------- serve
@dataclass
class Served:
    """What ``serve`` runs: oxigraph on a private port of 127.0.0.1 (supervised by
    :class:`esgkg.serve.guard.Backend`), the console front (:class:`esgkg.serve.console.ConsoleFront`, on another
    private port) and the guarded front users open (:class:`esgkg.serve.guard.GuardedFront`)."""

    backend: Backend
    front: GuardedFront
    host: str
    port: int
    console: ConsoleFront | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def serve(location: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, writable: bool = False,
          timeout_s: int | None = DEFAULT_TIMEOUT_S, on_ready: Callable[[Served], None] | None = None,
          allow_service: bool = False, memory_limit: int | None = None, allow_hosts: tuple[str, ...] = ()) -> int:
    """Run a server over ``location`` until this process gets SIGINT / SIGTERM.

    Users talk to :class:`esgkg.serve.guard.GuardedFront` on ``host:port``, which checks the Host header,
    refuses SERVICE unless ``allow_service`` and stops a query that runs past ``timeout_s``; it
    forwards to :class:`esgkg.serve.console.ConsoleFront` on a private port of 127.0.0.1 (the console page
    at ``/``, prefix help), which forwards to oxigraph on another, supervised by
    :class:`esgkg.serve.guard.Backend` (restarted when it dies, killed past ``memory_limit`` bytes, default 2 GB).
    """
    if port != 0 and _port_in_use(host, port):
        raise ServerError(f"port {port} on {host} is already in use (choose another with --port)")
    backend = Backend(Path(location), writable=writable, timeout_s=timeout_s,
                      memory_limit=DEFAULT_MEMORY if memory_limit is None else (memory_limit or None)).start()
    console = ConsoleFront(backend.url, DEFAULT_HOST, 0).start()
    backend.on_restart = lambda url: setattr(console, "upstream", url.rstrip("/"))
    try:
        front = GuardedFront(backend, host, port, allow_service=allow_service, extra_hosts=allow_hosts,
                             upstream=lambda: f"http://{DEFAULT_HOST}:{console.port}").start()
    except OSError as err:
        console.stop()
        backend.stop()
        raise ServerError(f"cannot listen on {host}:{port} ({err.strerror or err})") from None
    server = Served(backend, front, host, front.port, console)
    stopped = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        stopped.set()

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        if on_ready is not None:
            on_ready(server)
        while not stopped.wait(0.5):
            pass
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        front.stop()
        console.stop()
        backend.stop()
        signal.signal(signal.SIGTERM, previous)


def servers_of(location: Path) -> list[int]:
    """Process ids of the ``oxigraph`` servers that have the store at ``location`` open (Linux /proc; else [])."""
    target = Path(location).resolve()
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            cwd = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue
        if not args or not args[0].endswith(b"oxigraph") or b"--location" not in args:
            continue
        i = args.index(b"--location")
        if i + 1 < len(args):
            served = Path(os.fsdecode(args[i + 1]))
            if (cwd / served).resolve() == target:
                found.append(int(entry.name))
    return sorted(found)


def run_by_esgkg_serve(pid: int) -> bool:
    """Whether the oxigraph process ``pid`` was started by ``esgkg serve`` (its parent's command line,
    Linux /proc), which reopens the store when a build commits; a bare ``oxigraph`` server does not."""
    try:
        parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        args = Path(f"/proc/{parent}/cmdline").read_bytes().split(b"\0")
    except (OSError, IndexError):
        return False
    return b"serve" in args and any(b"esgkg" in a for a in args)
