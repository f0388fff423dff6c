"""Names and IRIs are accepted evenly (esgkg.names): a name, alias, id: form or IRI wherever an
organisation or a report is expected, and what names nothing is a one-line error with close matches."""
from __future__ import annotations

import pytest

from esgkg import names
from esgkg import query as q
from esgkg.cli import main
from esgkg.store import Store
from esgkg.vocab import ID

NORTHWIND = ID["org/northwind-lightmetals-holdings"]
BLUEBAY = ID["org/bluebay-motors"]


@pytest.fixture(scope="module")
def store(example_store) -> Store:
    return Store(example_store, read_only=True)


@pytest.mark.parametrize("text", ["Northwind", "northwind lightmetals holdings", "Northwind Lightmetals Holdings Co., Ltd.",
                                  "id:org/northwind-lightmetals-holdings", str(NORTHWIND), f"<{NORTHWIND}>"])
def test_an_organisation_in_every_form(store, text):
    assert names.find_organisation(store, text) == NORTHWIND


def test_an_organisation_iri_is_looked_up_alone(store, monkeypatch):
    """Issue 22: an IRI is checked with one query, not by reading every organisation's names (8 s at 1,000
    reports); an IRI of something else (a report) is still no organisation."""
    def every_name(source):
        raise AssertionError("read every organisation's names")

    monkeypatch.setattr(names, "organisation_names", every_name)
    assert names.find_organisation(store, "id:org/northwind-lightmetals-holdings") == NORTHWIND
    with pytest.raises(AssertionError):  # not an organisation: the slow path, for its close matches
        names.find_organisation(store, "id:report/bluebay_motors_2024")


def test_an_unknown_organisation_iri_suggests_the_close_ones(store):
    with pytest.raises(names.NotFound, match=r"no organisation id:org/bluebay-motor in the graph; did you mean 'id:org/bluebay-motors'"):
        names.find_organisation(store, "id:org/bluebay-motor")
    with pytest.raises(names.NotFound, match="close matches: Bluebay Motors"):
        names.find_organisation(store, "Bluebey Motors")


@pytest.mark.parametrize("text", ["bluebay_motors_2024", "bluebay_motors_2024.html", "id:report/bluebay_motors_2024",
                                  str(ID["report/bluebay_motors_2024"]), "Bluebay Motors"])
def test_a_report_in_every_form(store, text):
    assert names.find_reports(store, [text]) == [ID["report/bluebay_motors_2024"]]


def test_an_unknown_report_suggests_the_close_ones(store):
    with pytest.raises(names.NotFound, match=r"no report 'bluebay_2024'; did you mean 'bluebay_motors_2024'"):
        names.find_reports(store, ["bluebay_2024"])


def test_query_iri_parameters_take_names_and_check_iris(store):
    columns, rows = q.run_query(store, "standards-one-group-lacks", {"a": "northwind", "b": "id:org/bluebay-motors"})
    assert rows and {r[columns.index("a")] for r in rows} == {NORTHWIND}
    with pytest.raises(q.QueryError, match=r"parameter a: no organisation id:org/acme in the graph"):
        q.run_query(store, "standards-one-group-lacks", {"a": "id:org/acme"})
    with pytest.raises(q.QueryError, match=r"did you mean 'esg:CarbonPeak'"):
        q.run_query(store, "carbon-targets", {"topic": "esg:CarbonPeek"})
    assert q.run_query(store, "carbon-targets", {"topic": "esg:CarbonPeak"})[1]


def test_an_unknown_query_name_suggests_the_close_one():
    with pytest.raises(q.QueryError, match=r"no query 'certifcation-matrix'; did you mean 'certification-matrix'"):
        q.load_query("certifcation-matrix")


def test_the_commands_take_every_form(example_store, capfd, tmp_path):
    store = str(example_store)
    assert main(["validate", "--store", store, "--only", "northwind_2024_esg.md", "-q"]) == 0
    assert main(["validate", "--store", store, "--only", "northwnd_2024_esg", "-q"]) == 2
    assert "did you mean 'northwind_2024_esg'" in capfd.readouterr().err
    assert main(["viz", "id:org/bluebay-motors", "--store", store, "-o", str(tmp_path / "b.graphml")]) == 0
    assert main(["query", "group-structure", "--store", store, "--param", "group=Bluebay"]) == 0
    out, err = capfd.readouterr()
    assert "id:org/bluebay-electric-drive" in out and "northwind" not in out
    assert main(["query", "group-structure", "--store", store, "--param", "group=acme"]) == 2
    err = capfd.readouterr().err
    assert "no company named 'acme'" in err and len(err.strip().splitlines()) == 1
