"""Issue 22: ``esgkg build --cluster`` reads reports on the workers of a Dask distributed cluster.

The cluster build gives the same quads as a one-process build; a Dask worker killed mid-build costs
no other report (its report is read again on another worker, or refused in one line); the
per-report time and memory limits hold on the workers; a report whose limited worker process dies
is read again on a fresh one.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

import esgkg
from esgkg.cluster import ClusterError, Settings, check_address, local_workers, run_report
from esgkg.pipeline import ReportError, ReportResult
from esgkg.store import Store

from .conftest import CORPUS, EXAMPLES, EXTERNAL, need
from .test_limits import _module, pathological

# three of the smaller development texts (16-17k words each): enough for two workers to share
DEV_TEXTS = ("corpus/003_be1e4c00647939e6.txt", "corpus-external/arcelormittal_2019.txt", "corpus-external/phosagro_2020.txt")


def _cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "esgkg.cli", *args], capture_output=True, text=True, timeout=timeout)


def _dev_texts() -> list[Path]:
    roots = {"corpus": CORPUS, "corpus-external": EXTERNAL}
    return [need(roots[folder] / name, "the development texts") for folder, name in (t.split("/") for t in DEV_TEXTS)]


def _synthetic(folder: Path, n: int, size: int = 30_000) -> list[Path]:
    synth = _module("synth_reports")
    folder.mkdir(exist_ok=True)
    paths = [folder / f"r{i:02d}.txt" for i in range(n)]
    for i, path in enumerate(paths):
        path.write_text(synth.report_text(500 + i, size=size), encoding="utf-8")
    return paths


@pytest.fixture
def scheduler():
    """A LocalCluster of two worker processes that the test can watch (and kill workers of), as an
    address to give ``--cluster``; the scheduler refuses a task after its second dead worker."""
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 1}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, memory_limit=0, dashboard_address=None,
                               silence_logs=50)
    client = Client(cluster, set_as_default=False)
    try:
        yield cluster.scheduler_address, client
    finally:
        client.close()
        cluster.close()


def test_local_cluster_builds_the_development_texts_to_the_same_quads_as_one_job(tmp_path):
    texts = _dev_texts()
    one = _cli("build", *map(str, texts), "--no-store", "-q", "--jobs", "1", "-o", str(tmp_path / "one.nq"))
    assert one.returncode == 0, one.stderr
    store = tmp_path / "store"
    run = _cli("build", *map(str, texts), "--store", str(store), "--cluster", "local:2", "-o", str(tmp_path / "cluster.nq"))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and f"built {len(texts)} report(s)" in run.stderr
    quads = sorted((tmp_path / "one.nq").read_text(encoding="utf-8").splitlines())
    assert len(quads) > 500
    assert sorted((tmp_path / "cluster.nq").read_text(encoding="utf-8").splitlines()) == quads
    assert len(Store(store).reports()) == len(texts)


def _inner_workers(pid: int) -> list[psutil.Process]:
    try:
        return [c for c in psutil.Process(pid).children(recursive=True) if "esgkg.worker" in " ".join(c.cmdline())]
    except psutil.NoSuchProcess:
        return []


def test_a_worker_killed_mid_build_loses_no_other_report(tmp_path, scheduler):
    address, client = scheduler
    paths = _synthetic(tmp_path / "in", 10)
    store = tmp_path / "store"
    build = subprocess.Popen([sys.executable, "-m", "esgkg.cli", "build", str(tmp_path / "in"), "--store", str(store), "--cluster", address],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # wait until a worker reads a report (its limited worker process is up and has the task), then kill that Dask worker
        pids, victim, deadline = client.run(os.getpid), None, time.monotonic() + 180
        while victim is None and time.monotonic() < deadline and build.poll() is None:
            busy = [w for w, keys in client.processing().items() if any(str(k).startswith("esgkg-report") for k in keys)]
            ready = [w for w in busy if _inner_workers(pids[w]) and sum(_inner_workers(pids[w])[0].cpu_times()[:2]) > 2.5]
            victim = ready[0] if ready else None
            time.sleep(0.1)
        assert victim is not None, "no worker started reading a report"
        inner = _inner_workers(pids[victim])
        os.kill(pids[victim], signal.SIGKILL)
        out, err = build.communicate(timeout=600)
    finally:
        if build.poll() is None:
            build.kill()
    assert "Traceback" not in err
    refused = [line for line in err.splitlines() if line.startswith("error ")]
    assert len(refused) <= 1, err  # the killed report read again on another worker, or refused in one line
    assert build.returncode == (1 if refused else 0), err
    assert len(Store(store).reports()) + len(refused) == len(paths)
    deadline = time.monotonic() + 10  # the killed worker's limited worker process died with it
    while time.monotonic() < deadline and any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in inner):
        time.sleep(0.2)
    assert not any(p.is_running() and p.status() != psutil.STATUS_ZOMBIE for p in inner)


def test_ctrl_c_keeps_every_finished_report(tmp_path):
    n = 150  # far more than the workers read before the CPU mark below, even on a fast machine
    _synthetic(tmp_path / "in", n)
    store = tmp_path / "store"
    build = subprocess.Popen([sys.executable, "-m", "esgkg.cli", "build", str(tmp_path / "in"), "--store", str(store), "--cluster", "local:2"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 240  # until the workers have read a few reports (their CPU time grows past start-up)
        while time.monotonic() < deadline and build.poll() is None:
            if sum(sum(p.cpu_times()[:2]) for p in _inner_workers(build.pid)) > 12:
                break
            time.sleep(0.2)
        os.killpg(build.pid, signal.SIGINT)  # Ctrl-C reaches the whole process group
        out, err = build.communicate(timeout=120)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    built = int(err.split("built ", 1)[1].split(" ", 1)[0])
    assert 1 <= built < n and "interrupted by SIGINT" in err
    assert len(Store(store).reports()) == built


def test_the_limits_per_report_hold_on_the_workers(tmp_path, scheduler):
    _, client = scheduler  # a distributed.Client of one's own is a cluster too
    [bomb] = pathological.write_all(tmp_path, 0.1, ["flate_bomb"])  # 200 MB inflated, past a 400 MB address space
    good = tmp_path / "good.txt"
    good.write_text(pathological.REPORT, encoding="utf-8")
    result = esgkg.build([bomb, good], cluster=client, report_memory=400_000_000)
    assert [e.path for e in result.errors] == [bomb] and "memory" in result.errors[0].reason, result.errors
    assert result.counts()["reports"] == 1 and result.reports[0].source == good
    slow = tmp_path / "slow.txt"
    slow.write_text(pathological.REPORT + "\n".join(f"Line {i} of the appendix, with some words in it." for i in range(150_000)),
                    encoding="utf-8")
    result = esgkg.build([slow], cluster=client, report_timeout=2)
    assert [str(e) for e in result.errors] == [f"{slow}: took more than 2 s, the time limit per report (--report-timeout)"]


def test_a_report_whose_limited_worker_process_dies_is_read_again_then_refused(tmp_path, monkeypatch):
    """On a Dask worker (here: this process) the report runs in esgkg.worker; a death is retried once."""
    [good] = _synthetic(tmp_path / "in", 1)
    settings = Settings(timeout=120)
    item = run_report(good.name, good.read_bytes(), str(good), settings)  # the bytes travel: read from a copy
    assert isinstance(item, ReportResult) and item.path.name == good.name and item.triples > 50
    import esgkg.cluster as cluster

    sends = []
    real_give = cluster._Worker.give

    def give_and_die(self, path):  # the worker process dies as the report reaches it (a crash in native code)
        real_give(self, path)
        sends.append(path)
        self.process.kill()

    monkeypatch.setattr(cluster._Worker, "give", give_and_die)
    item = run_report(good.name, None, str(good), settings)
    assert isinstance(item, ReportError) and len(sends) == 2
    assert item.reason == "the worker process reading it died (crashed, killed or out of memory)"


def test_cluster_addresses_are_checked_before_a_build(tmp_path):
    assert local_workers("local:3") == 3 and local_workers("tcp://10.0.0.5:8786") is None
    assert check_address("tcp://10.0.0.5:8786") == "tcp://10.0.0.5:8786"
    for bad in ("local:0", "local:x", "local:"):
        with pytest.raises(ClusterError, match="local:N"):
            local_workers(bad)
    run = _cli("build", str(EXAMPLES), "--no-store", "--cluster", "local:two")
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "local:N" in run.stderr, run.stderr
    run = _cli("build", str(EXAMPLES), "--no-store", "--cluster", "local:2", "--jobs", "2")
    assert run.returncode == 2 and "--jobs and --cluster" in run.stderr, run.stderr
    run = _cli("build", str(EXAMPLES), "--no-store", "--cluster", "tcp://127.0.0.1:9", timeout=120)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "cannot reach a Dask scheduler" in run.stderr, run.stderr
    # an address without a port: one line at once, not Dask's failed Client closing for 20 s with a traceback
    for bad in ("foo", "tcp://scheduler-host"):
        with pytest.raises(ClusterError, match="not a scheduler address .*missing port"):
            check_address(bad)
    run = _cli("build", str(EXAMPLES), "--no-store", "--cluster", "foo", timeout=60)
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "--cluster foo: not a scheduler address" in run.stderr, run.stderr
