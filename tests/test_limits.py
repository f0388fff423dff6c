"""Issue 16: no input can stall, blow up or lose a build.

Pathological inputs (``benchmarks/pathological.py``, at a scale where the old quadratic paths took
seconds to minutes) are read in bounded time; per-report time and memory limits refuse a report
with one line while the others are built; SIGINT / SIGTERM keep what finished; workers end with
their parent; any file name is read and stored.
"""
from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from rdflib import Dataset, Literal

import esgkg
from esgkg.graph import ESG
from esgkg.ingest import IngestError
from esgkg.ingest.document import display_path, source_name
from esgkg.pipeline import NotAReportError, ReportError, build_one, iter_build, worker_start
from esgkg.store import Store

from .conftest import REPO


def _module(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(name, module)
    spec.loader.exec_module(module)
    return module


pathological = _module("pathological")


def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "esgkg.cli", *args], capture_output=True, text=True, timeout=300, **kwargs)


# Kinds and scales at which the old code took from seconds to minutes (quadratic or worse), and a
# linear reader takes well under a second.
TIMED = {
    "empty_lines": 0.5, "equals": 0.3, "ampersands": 0.3, "percents": 0.3, "spaces": 1.0, "form_feeds": 0.5,
    "entities": 0.2, "wide_table": 0.2, "text_matrix_scale": 1.0, "text_operators": 0.02,
}


@pytest.mark.parametrize("kind", sorted(TIMED))
def test_pathological_input_is_read_in_bounded_time(kind, tmp_path):
    [path] = pathological.write_all(tmp_path, TIMED[kind], [kind])
    worker_start(None)  # the pipeline (spaCy loads on first use) before the clock: the bound is for reading the input
    started = time.perf_counter()
    try:
        result = build_one(path)
    except (IngestError, NotAReportError):
        result = None
    seconds = time.perf_counter() - started
    assert seconds < 8, f"{kind}: {seconds:.1f} s"
    if kind not in ("text_operators",):  # the others hold a good report beside their junk
        assert result is not None and result.facts.company is not None, kind


def test_flate_bombs_and_text_operator_floods_are_refused_before_pdfium(tmp_path):
    bomb, flood = pathological.write_all(tmp_path, 0.15, ["flate_bomb"])[0], pathological.write_all(tmp_path, 0.2, ["text_operators"])[0]
    with pytest.raises(IngestError, match="text operators"):
        build_one(flood)
    from esgkg.ingest import pdf

    old = pdf.MAX_STREAM_BYTES
    pdf.MAX_STREAM_BYTES = 64 << 20
    try:
        with pytest.raises(IngestError, match="decompression bomb"):
            build_one(bomb)
    finally:
        pdf.MAX_STREAM_BYTES = old


def test_vertical_tabs_are_line_breaks_not_binary(tmp_path):
    [path] = pathological.write_all(tmp_path, 1.0, ["vertical_tabs"])
    result = build_one(path)
    assert result.facts.company.name == "Harrowgate Tile Works Limited"
    assert [c.standard for c in result.facts.certifications] == ["ISO 14001"]


def test_any_file_name_is_read_reported_and_stored(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    paths = pathological.write_all(folder, 1.0, ["odd_names"])
    with open(os.fsencode(folder) + b"/empty_\xff.txt", "wb"):
        pass
    out = tmp_path / "out.nq"
    run = _cli("build", str(folder), "--store", str(tmp_path / "store"), "-o", str(out))
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    errors = [line for line in run.stderr.splitlines() if line.startswith("error ")]
    assert errors == [f"error {display_path(folder)}/empty_\\xff.txt: empty: no text to read"]
    ds = Dataset(default_union=True)
    ds.parse(out, format="nquads")
    stored = {str(o) for o in ds.objects(None, ESG.sourceFile)}
    assert stored == {source_name(p) for p in paths}
    assert "report_%FF%FE_latin1_%E9t%E9.txt" in stored and "report%20with%0Anewline.txt" in stored
    assert len(Store(tmp_path / "store").reports()) == 3


def test_source_name_keeps_unicode_and_encodes_the_rest():
    assert source_name(Path("acme_2024.pdf")) == "acme_2024.pdf"
    assert source_name(Path("报告 2024.txt")) == "报告%202024.txt"
    assert source_name(Path("100%.txt")) == "100%25.txt"


# ----------------------------------------------------------------------------- limits
def test_report_over_the_time_limit_fails_alone(tmp_path):
    good, slow = tmp_path / "a_good.txt", tmp_path / "b_slow.txt"
    good.write_text(pathological.REPORT, encoding="utf-8")
    slow.write_text(pathological.REPORT + "\n".join(f"Line {i} of the appendix, with some words in it." for i in range(150_000)), encoding="utf-8")
    items = list(iter_build([good, slow], report_timeout=6))
    assert [type(i).__name__ for i in items] == ["ReportResult", "ReportError"]
    assert "time limit per report (--report-timeout)" in items[1].reason


def test_report_over_the_memory_limit_fails_alone(tmp_path):
    [bomb] = pathological.write_all(tmp_path, 0.1, ["flate_bomb"])  # 200 MB inflated: under the bomb cap
    good = tmp_path / "good.txt"
    good.write_text(pathological.REPORT, encoding="utf-8")
    items = list(iter_build([bomb, good], report_memory=400_000_000, jobs=1))
    assert isinstance(items[1], esgkg.ReportResult)
    assert isinstance(items[0], ReportError)
    assert "memory" in items[0].reason, items[0].reason


def test_cli_limits_hold_with_one_job(tmp_path):
    slow = tmp_path / "slow.txt"
    slow.write_text(pathological.REPORT + "\n".join(f"Line {i} of the appendix, with some words in it." for i in range(40_000)), encoding="utf-8")
    run = _cli("build", str(slow), "--no-store", "--jobs", "1", "--report-timeout", "1")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert f"error {slow}: took more than 1 s, the time limit per report (--report-timeout)" in run.stderr


# ----------------------------------------------------------------------------- interrupts
def _reports(folder: Path, n: int) -> None:
    synth = _module("synth_reports")
    for i in range(n):
        (folder / f"r{i:02d}.txt").write_text(synth.report_text(300 + i, size=40_000), encoding="utf-8")


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_commits_what_finished_and_exits_128_plus_signal(tmp_path, signum):
    folder = tmp_path / "in"
    folder.mkdir()
    n = 100  # far more than the worker reads before the CPU mark below, even on a fast machine
    _reports(folder, n)
    store = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-m", "esgkg.cli", "build", str(folder), "--store", str(store)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # wait until the build's worker has read a few reports (its CPU time grows past start-up)
    deadline = time.monotonic() + 120
    parent = psutil.Process(proc.pid)
    while time.monotonic() < deadline:
        workers = [c for c in parent.children() if "esgkg.worker" in " ".join(c.cmdline())]
        if workers and sum(workers[0].cpu_times()[:2]) > 6:
            break
        time.sleep(0.2)
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signum, err
    assert "Traceback" not in err
    assert f"interrupted by {signal.Signals(signum).name}" in err
    built = int(err.split("built ", 1)[1].split(" ", 1)[0])
    assert 1 <= built < n
    assert len(Store(store).reports()) == built


def test_workers_end_when_the_parent_is_killed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    _reports(folder, 8)
    proc = subprocess.Popen([sys.executable, "-m", "esgkg.cli", "build", str(folder), "--no-store", "--jobs", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 60
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and len(workers) < 2:
        workers = [c for c in parent.children() if "esgkg.worker" in " ".join(c.cmdline())]
        time.sleep(0.2)
    assert len(workers) == 2
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 10

    def ended(p: psutil.Process) -> bool:  # an orphan nobody reaps stays a zombie: it has ended all the same
        try:
            return p.status() == psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return True

    while time.monotonic() < deadline and not all(map(ended, workers)):
        time.sleep(0.1)
    assert all(map(ended, workers))


def test_a_crash_exits_with_a_status_of_its_own(monkeypatch, capsys):
    from esgkg import cli

    def broken(args):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(cli, "_cmd_export", broken)
    assert cli.main(["export", "-o", "x.trig"]) == cli.EXIT_CRASH == 3
    err = capsys.readouterr().err
    assert "internal error" in err and "ZeroDivisionError" in err and "Traceback" not in err


# ----------------------------------------------------------------------------- one lexical form
@pytest.mark.parametrize("suffix", [".nq", ".trig"])
def test_build_output_file_equals_the_store_export_quad_for_quad(tmp_path, suffix):
    from .conftest import EXAMPLES

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "northwind.md").write_text((EXAMPLES / "northwind_2024_esg.md").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "share.txt").write_text('Energy Northwind LLC (hereinafter referred to as "Northwind") 2058 ESG Report. '
                                      "100% of subsidiaries obtained the ISO/IEC 27001 certification in 2041.\n"
                                      "We aim to cut water use by 12.50% by 2030.", encoding="utf-8")
    built, exported = tmp_path / f"built{suffix}", tmp_path / f"exported{suffix}"
    run = _cli("build", str(folder), "--store", str(tmp_path / "store"), "-o", str(built), "-q")
    assert run.returncode == 0, run.stderr
    run = _cli("export", "--store", str(tmp_path / "store"), "-o", str(exported))
    assert run.returncode == 0, run.stderr
    fmt = "nquads" if suffix == ".nq" else "trig"
    a, b = Dataset(), Dataset()
    a.parse(built, format=fmt)
    b.parse(exported, format=fmt)
    quads_a, quads_b = set(a.quads((None, None, None, None))), set(b.quads((None, None, None, None)))
    assert quads_a == quads_b and len(quads_a) > 100
    decimals = {o for _, _, o, _ in quads_a if isinstance(o, Literal) and str(o.datatype).endswith("#decimal")}
    assert decimals and all(not str(o).endswith(".0") for o in decimals), decimals
