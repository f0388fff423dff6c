"""Run a command in a child process and measure it: wall seconds and peak memory of its whole process tree.

Peak RSS is sampled (every 50 ms) as the *sum* over the child and all its descendants, because a
parallel build's memory is the parent's plus every worker's; ``resource.getrusage`` would only give
the largest single process.  The machine facts printed with every figure come from here too.
"""
from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


@dataclass
class Run:
    command: list[str]
    seconds: float
    peak_rss_mb: float
    returncode: int
    stderr: str


def _tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total


def run(command: list[str], *, timeout: float | None = None, interval: float = 0.05,
        sample: Callable[[psutil.Process], int] | None = None) -> Run:
    """Run ``command`` to completion (killing it after ``timeout`` s) and measure it; ``sample(process)``,
    called every ``interval`` s, returns the RSS of the tree (default: the sum over it) and may note more."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    watched = psutil.Process(proc.pid)
    peak = 0
    stderr_chunks: list[str] = []
    try:
        while proc.poll() is None:
            try:
                peak = max(peak, (sample or _tree_rss)(watched))
            except psutil.NoSuchProcess:
                break
            if timeout is not None and time.perf_counter() - started > timeout:
                for child in watched.children(recursive=True):
                    child.kill()
                proc.kill()
                break
            time.sleep(interval)
        _, err = proc.communicate()
        stderr_chunks.append(err or "")
    finally:
        if proc.poll() is None:
            proc.kill()
    return Run(command, time.perf_counter() - started, peak / 2**20, proc.returncode, "".join(stderr_chunks))


def esgkg(*args: str) -> list[str]:
    """The command line of this venv's ``esgkg``."""
    return [str(VENV_BIN / "esgkg"), *args]


def dir_size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def machine() -> str:
    """One line describing where the figures were measured (they mean little without it)."""
    versions = ", ".join(f"{name} {_version(name)}" for name in ("esgkg", "spacy", "rdflib", "pyoxigraph", "pyshacl"))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    cpu = platform.processor() or platform.machine()
    return (f"{os.cpu_count()} CPUs ({cpu}), {psutil.virtual_memory().total / 2**30:.1f} GiB RAM, "
            f"Python {platform.python_version()}, {versions}; load average {load} when the run started")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def git_commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
