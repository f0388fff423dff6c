"""What a new user reaches for on day one: export to standard output, python -m esgkg, a named query's
text (--show), JSON from query --list and info."""
from __future__ import annotations

import json
import subprocess
import sys

from rdflib import Dataset

from esgkg.cli import main


def test_export_to_standard_output(example_store, capfd):
    assert main(["export", "--store", str(example_store), "-o", "-", "--format", "nq"]) == 0
    out, err = capfd.readouterr()
    ds = Dataset()
    ds.parse(data=out, format="nquads")
    quads = list(ds.quads())
    assert len(quads) > 100 and len({str(q[3]) for q in quads}) >= 2  # every quad went to stdout, a named graph per report
    assert "standard output" in err


def test_python_dash_m_esgkg():
    proc = subprocess.run([sys.executable, "-m", "esgkg", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("esgkg ")


def test_query_show_prints_the_sparql_with_the_given_values(capfd):
    assert main(["query", "targets-due-by", "--show", "--param", "year=2027"]) == 0
    out = capfd.readouterr().out
    assert "# title: Targets due by a given year" in out and "VALUES (?year) { (" in out and '"2027"' in out and "SELECT" in out


def test_query_list_and_info_as_json(example_store, capfd):
    assert main(["query", "--list", "--json"]) == 0
    listing = json.loads(capfd.readouterr().out)
    byname = {q["name"]: q for q in listing}
    assert {"name": "year", "type": "year", "default": "2030"}.items() <= byname["targets-due-by"]["params"][0].items()
    assert main(["info", "--store", str(example_store), "--format", "json", "--reports"]) == 0
    info = json.loads(capfd.readouterr().out)
    assert info["reports"] == len(info["report_list"]) >= 2 and info["served_by"] == []


def test_a_page_past_the_end_of_a_query_says_so(example_store, capfd):
    """``--offset`` past the last row gives an empty table and a line saying why, not a bare empty page."""
    assert main(["query", "targets-due-by", "--store", str(example_store), "--format", "csv", "--limit", "0"]) == 0
    total = len(capfd.readouterr().out.strip().splitlines()) - 1
    assert total > 0
    assert main(["query", "targets-due-by", "--store", str(example_store), "--format", "csv", "--limit", "2",
                 "--offset", str(total + 3)]) == 0
    out, err = capfd.readouterr()
    assert out.strip().count("\n") == 0  # the header alone
    assert f"no rows at --offset {total + 3}" in err and "first page" in err


def test_build_with_a_model_that_is_not_installed_is_one_line(capfd):
    """``--model`` naming no installed spaCy pipeline is a one-line usage error (exit 2) that says how to install
    the README's model, not a traceback from every worker process and an 'internal error'."""
    from .conftest import EXAMPLES

    for model in ("no_such_pipeline", "spacy"):  # not installed; installed, but not a pipeline
        assert main(["build", str(EXAMPLES), "--no-store", "-q", "--model", model]) == 2
        err = capfd.readouterr().err
        assert f"--model {model}: no such spaCy pipeline is installed" in err, err
        assert "Traceback" not in err and "internal error" not in err and err.strip().count("\n") == 0, err


def test_build_takes_a_pipeline_folder_as_model(tmp_path, capfd):
    import spacy

    from .conftest import EXAMPLES

    spacy.blank("en").to_disk(tmp_path / "pipeline")
    assert main(["build", str(EXAMPLES / "northwind_2024_esg.md"), "--no-store", "-q", "--model", str(tmp_path / "pipeline")]) == 0
    assert "Traceback" not in capfd.readouterr().err


def test_a_pipeline_that_cannot_be_built_stops_the_build_in_one_line(tmp_path, capfd):
    """A ``--model`` folder that spaCy cannot load (here: a meta.json without a language) stops the build with one
    line naming spaCy's error (exit 2), in this process and in worker processes alike: no traceback from each
    worker, no 'internal error', no report refused one by one for the same reason."""
    from .conftest import EXAMPLES

    broken = tmp_path / "pipeline"
    broken.mkdir()
    (broken / "config.cfg").write_text("[nlp]\n", encoding="utf-8")
    (broken / "meta.json").write_text("{}", encoding="utf-8")
    for jobs in ("1", "2"):
        assert main(["build", str(EXAMPLES), "--no-store", "-q", "--model", str(broken), "--jobs", jobs]) == 2
        err = capfd.readouterr().err
        assert "the spaCy pipeline could not be built: ValueError: [E054]" in err, err
        assert "Traceback" not in err and "internal error" not in err and err.strip().count("\n") == 0, err


def test_build_company_must_name_something(capfd):
    """``--company ''`` (an empty shell variable) is a usage error, not silently the same as no ``--company``."""
    import pytest

    from .conftest import EXAMPLES

    for blank in ("", "  "):
        with pytest.raises(SystemExit) as stop:
            main(["build", str(EXAMPLES), "--no-store", "-q", "--company", blank])
        assert stop.value.code == 2
        assert f"--company: expected a company name, got {blank!r}" in capfd.readouterr().err


def test_build_year_must_be_a_four_digit_year(capfd):
    """``--year YYYY``: '99' is refused as a usage error, not written into the graph as report year 99."""
    import pytest

    from .conftest import EXAMPLES

    with pytest.raises(SystemExit) as stop:
        main(["build", str(EXAMPLES), "--no-store", "-q", "--year", "99"])
    assert stop.value.code == 2
    assert "--year: expected a four-digit year such as 2024, got '99'" in capfd.readouterr().err


def test_build_of_folders_without_reports_names_them_and_makes_no_store(tmp_path, monkeypatch, capfd):
    """A folder with no report in it (empty, or only kinds esgkg does not read) is one line naming the folder
    (exit 2), said before any store is opened: no empty ``.esgkg/`` is left in the working directory."""
    empty, other = tmp_path / "empty", tmp_path / "other"
    empty.mkdir()
    other.mkdir()
    (other / "data.xlsx").write_bytes(b"PK")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "empty", "other"]) == 2
    err = capfd.readouterr().err
    assert "esgkg build: no report files found in empty, other (supported: .txt" in err, err
    assert "skipped 1 file(s)" in err and "Traceback" not in err and err.strip().count("\n") == 1, err
    assert not (tmp_path / ".esgkg").exists()


def test_serve_port_and_timeout_are_checked_as_arguments(capfd):
    """``esgkg serve --port 99999`` (or a negative --timeout) is a usage error naming the option, before anything
    starts: not an OverflowError from the socket layer reported as an internal error."""
    import pytest

    for args, says in ((["--port", "99999"], "argument --port: expected a port from 0 to 65535, got '99999'"),
                       (["--port", "-1"], "argument --port: expected a whole number >= 0"),
                       (["--timeout", "-3"], "argument --timeout: expected a whole number >= 0")):
        with pytest.raises(SystemExit) as stop:
            main(["serve", *args])
        assert stop.value.code == 2
        err = capfd.readouterr().err
        assert says in err and "internal error" not in err, err


def test_train_without_material_is_one_line(tmp_path, capfd):
    """``esgkg train`` with gold folders that have no scorer beside them, with gold no report text matches, or with a
    shared folder that holds no usable report for the company ranker is a one-line error (exit 2): not an internal
    error, and not 'weights written' after training on nothing."""
    import pytest

    pytest.importorskip("sklearn")
    gold, texts, out = tmp_path / "gold", tmp_path / "texts", tmp_path / "models"
    gold.mkdir()
    texts.mkdir()
    scorer = tmp_path / "elsewhere" / "score.py"
    cases = (
        (["--gold", str(gold), "--texts", str(texts)], "no score.py beside the gold folders"),
        (["--gold", str(gold), "--texts", str(texts), "--scorer", str(scorer)], f"--scorer {scorer}: no such file"),
        (["company", "--shared", str(texts)], f"{texts}: cannot train the company ranker: "),
    )
    for args, says in cases:
        assert main(["train", *args, "--out", str(out), "-q"]) == 2
        err = capfd.readouterr().err
        assert says in err and "internal error" not in err and err.strip().count("\n") == 0, err
    scorer.parent.mkdir()
    scorer.write_text("", encoding="utf-8")
    assert main(["train", "--gold", str(gold), "--texts", str(texts), "--scorer", str(scorer), "--out", str(out), "-q"]) == 2
    assert "nothing to train on: no gold JSON of" in capfd.readouterr().err
    assert not out.exists()
