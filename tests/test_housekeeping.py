"""Store housekeeping: `esgkg remove`, `esgkg info`, a build that warns about a server on its store, and a
failed build that leaves no output file."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from esgkg.cli import main
from esgkg.serve import OxigraphServer, servers_of
from esgkg.store import Store

from .conftest import EXAMPLES
from .test_sparql_cli import build_fixture_store


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_fixture_store(tmp_path_factory.mktemp("housekeeping"))


@pytest.fixture
def cli(capfd):
    def run(*args: str) -> subprocess.CompletedProcess:
        capfd.readouterr()
        code = main(list(args))
        out, err = capfd.readouterr()
        return subprocess.CompletedProcess(list(args), code, out, err)

    return run


def test_info_counts_what_the_store_holds(built, cli):
    info = Store(built, read_only=True).info()
    assert info["reports"] == 1 + len(list(EXAMPLES.iterdir())) and info["certifications"] >= 3 and info["suppliers"] >= 1
    assert info["organisations"] >= 8 and info["quads"] == len(Store(built, read_only=True)) and info["bytes"] > 10_000
    proc = cli("info", "--store", str(built), "--reports")
    assert proc.returncode == 0, proc.stderr
    for word in ("reports", "organisations", "certifications", "targets", "facilities", "quads", "size on disk", "no server",
                 "https://w3id.org/esgkg/id/report/tundra_2024_esg", "Tundra Copperworks Co., Ltd.", "tundra_2024_esg.txt"):
        assert word in proc.stdout, word


def test_remove_drops_a_report_and_what_only_it_said(built, tmp_path, cli):
    copy = tmp_path / "store"
    shutil.copytree(built, copy)
    before = Store(copy, read_only=True)
    n_before, reports = len(before), before.reports()
    del before
    missing = cli("remove", "--store", str(copy), "no_such_report")
    assert missing.returncode == 2 and "no report 'no_such_report'" in missing.stderr and len(missing.stderr.strip().splitlines()) == 1
    for name in ("tundra_2024_esg.txt", "id:report/tundra_2024_esg"):  # by file name, then (already gone) by IRI
        proc = cli("remove", "--store", str(copy), name)
        if name.endswith(".txt"):
            assert proc.returncode == 0, proc.stderr
            assert "removed https://w3id.org/esgkg/id/report/tundra_2024_esg" in proc.stdout
        else:
            assert proc.returncode == 2
    store = Store(copy, read_only=True)
    assert len(store.reports()) == len(reports) - 1 and 0 < len(store) < n_before
    # the union (default graph) forgot what only that report said; what others said stays
    assert not store.query("ASK { ?o rdfs:label 'Larchwood Smelting Ltd.' }")
    assert store.query("ASK { ?o rdfs:label 'Northwind Lightmetals Holdings Co., Ltd.' }")


def test_build_warns_when_a_server_serves_its_store(built, tmp_path, cli):
    copy = tmp_path / "store"
    shutil.copytree(built, copy)
    with OxigraphServer(copy, port=0) as server:
        assert servers_of(copy) == [server.process.pid]
        proc = cli("build", str(tmp_path / "nothing-here"), "--store", str(copy))
    assert "warning" in proc.stderr and "is being served by oxigraph" in proc.stderr and "restart it" in proc.stderr
    assert servers_of(copy) == []


def test_a_failed_build_leaves_no_output_file(tmp_path, cli):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "notes.txt").write_text("shopping list: milk, eggs\n", encoding="utf-8")
    for out in (tmp_path / "out.trig", tmp_path / "out.ttl"):
        proc = cli("build", str(bad), "-o", str(out), "--no-store")
        assert proc.returncode == 1, proc.stderr
        assert not out.exists() and not list(tmp_path.glob(".*partial"))
