"""The query engine ``esgkg serve`` runs: an ``oxigraph`` server process over a store directory.

Beneath both :mod:`esgkg.serve.guard` (whose :class:`~esgkg.serve.guard.Backend` supervises one) and
:mod:`esgkg.serve.server` (which starts the whole of ``esgkg serve``), so that neither imports the other's
caller: the server process, its defaults and the one-line :class:`ServerError` live here.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878
DEFAULT_TIMEOUT_S = 60


class ServerError(Exception):
    """Serving failed; ``str()`` is a one-line message for users."""


# ----------------------------------------------------------------------------- serve
def oxigraph_binary() -> Path:
    """The ``oxigraph`` executable installed with this Python (venv first, then PATH)."""
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    candidates = [Path(sys.executable).parent / name, Path(sysconfig.get_path("scripts")) / name]
    found = shutil.which("oxigraph")
    if found:
        candidates.append(Path(found))
    for path in candidates:
        if path.is_file() and os.access(path, os.X_OK):
            return path
    raise ServerError("the 'oxigraph' server is not installed (pip install oxigraph)")


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nothing listens on right now (for tests and ``--port 0``)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex((host, port)) == 0


def _die_with_parent() -> None:
    """In the child: get SIGTERM when the parent dies (Linux), so a killed ``esgkg serve`` leaves no server."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _failure(stderr: str, status: int | None) -> str:
    """The line that says why oxigraph stopped: its ``Error: ...`` line (with ``RUST_BACKTRACE`` set, a stack trace
    follows it, whose last line, ``6: _start``, says nothing), else its last line, else the exit status."""
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    error = next((line[len("Error:"):].strip() for line in lines if line.startswith("Error:")), None)
    return error or (lines[-1] if lines else f"exit status {status}")


@dataclass
class OxigraphServer:
    """An ``oxigraph`` server process over a store directory (or in memory when ``location`` is None)."""

    location: Path | None
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    writable: bool = False
    timeout_s: int | None = DEFAULT_TIMEOUT_S
    process: subprocess.Popen | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def command(self) -> list[str]:
        cmd = [str(oxigraph_binary()), "serve" if self.writable else "serve-read-only"]
        if self.location is not None:
            cmd += ["--location", str(self.location)]
        cmd += ["--bind", f"{self.host}:{self.port}"]
        if self.timeout_s:
            cmd += ["--timeout-s", str(self.timeout_s)]
        return cmd

    def start(self, wait_s: float = 30.0) -> OxigraphServer:
        """Start the server and wait until it answers; raises ServerError with its first error line."""
        if self.location is not None and not self.writable and not Path(self.location).is_dir():
            raise ServerError(f"{self.location}: no store here (build one with 'esgkg build ... --store {self.location}')")
        if self.port == 0:
            self.port = free_port(self.host)
        elif _port_in_use(self.host, self.port):
            raise ServerError(f"port {self.port} on {self.host} is already in use (choose another with --port)")
        self.process = subprocess.Popen(
            self.command(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
        )
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                where = f" on {self.location}" if self.location is not None else ""
                raise ServerError(f"oxigraph server failed{where}: "
                                  f"{_failure(self.process.stderr.read() if self.process.stderr else '', self.process.returncode)}")
            if _port_in_use(self.host, self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise ServerError(f"oxigraph server did not start listening on {self.url} within {wait_s:.0f} s")

    def wait(self) -> int:
        assert self.process is not None
        return self.process.wait()

    def stop(self) -> None:
        """Terminate the server (SIGTERM, then SIGKILL after 5 s)."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> OxigraphServer:
        return self.start() if self.process is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()
