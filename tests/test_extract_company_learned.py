"""The reporting company and report year: rules propose candidates, the shipped ranker chooses.

Fixtures are invented text (no report's sentences or names)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from esgkg.extract import extract, make_nlp
from esgkg.extract.company import report_year
from esgkg.extract.learned import company as ranker
from esgkg.ingest import Document

from .conftest import SHARED, need


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def read(text: str, nlp):
    return extract(Document(source=Path("fixture.txt"), text=text), nlp)


FILLER = "The weather was mild and the harvest was good across the valley that season.\n"

COVER_GROUP = (
    "Norvale Holdings plc\nSustainability Report 2023\n\n"
    "This report sets out how Norvale Holdings plc and its subsidiaries managed climate risk in 2023.\n"
    + "Norvale aims to halve its emissions by 2030. Norvale's board reviews progress each quarter.\n" * 4
    + "Our subsidiary Brightwater Logistics Ltd runs the depots. Brightwater Logistics moved more parcels.\n" * 6
    + ("According to Quantora Analytics, sector emissions rose. Source: Quantora Analytics.\n"
       "Data from the Intergovernmental Panel on Climate Change show warming. The London Stock Exchange lists our shares.\n") * 6
    + FILLER * 20
    + "© 2023 Norvale Holdings plc. www.norvale.com\n"
)


def test_cover_group_beats_a_cited_vendor_a_panel_an_exchange_and_a_busier_subsidiary(nlp):
    facts = read(COVER_GROUP, nlp)
    assert facts.company is not None and "Norvale" in facts.company.name
    assert facts.report_year == 2023


def test_an_ordinary_capitalised_word_is_not_the_publisher(nlp):
    text = ("Stock\nTCFD Report 2022\n\nStock markets fell. The stock of goods rose and stock levels were high.\n"
            + "Tallowmere Capital manages pension assets. Tallowmere Capital's clients are pension funds.\n" * 5
            + FILLER * 10 + "Contact: info@tallowmere.com\n")
    facts = read(text, nlp)
    assert facts.company is not None and facts.company.name.startswith("Tallowmere")
    assert facts.report_year == 2022


def test_a_swedish_report_gets_its_publisher_and_year(nlp):
    text = ("ANSVARSFULLA INVESTERINGAR\n\nKlimatredovisning\nenligt TCFD 2021\n\n"
            "Vestrunas portfölj\n"
            + "Vestruna förvaltar pensioner åt kunderna. Det betyder att Vestruna tar ansvar för klimatet och Vestrunas placeringar.\n" * 6
            + "Vi har en bred syn på risk och möjligheter och beaktar miljö och samhälle.\n" * 10)
    facts = read(text, nlp)
    assert facts.company is not None and facts.company.name == "Vestruna"
    assert facts.report_year == 2021


def test_rules_only_mode_is_kept(nlp, monkeypatch):
    rules = make_nlp()
    rules.get_pipe("esg_company").learned = False
    facts = read(COVER_GROUP, rules)
    assert facts.company is not None and "Norvale" in facts.company.name
    monkeypatch.setenv("ESGKG_RULES_ONLY", "1")
    assert make_nlp().get_pipe("esg_company").learned is False


@pytest.mark.parametrize("cover, year", [
    ("Corporate Responsibility Report\nMarch 2022\n\nWe ...", 2021),  # published early in 2022: covers 2021
    ("Our 2024 Climate Action Plan shares our progress.\n", 2024),
    ("2020 Managing Climate Risks\n\nUpdate on TCFD\n", 2020),
    ("Climate Report\n\nWe aim to be net zero by 2040. By 2040 and by 2035 we will act. In 2019 we began.\n", 2019),
    # a fiscal year ending in January lies in the calendar year before its name: fiscal 2025 is 2024
    ("Climate Report\n\nOur fiscal year ends on January 31. References to fiscal 2025 refer to the fiscal year ending "
     "January 31, 2025. In fiscal 2025 we bought renewable power; in fiscal 2025 our offices cut waste.\n", 2024),
    ("Climate Report\n\nOur fiscal year ends on June 30. In fiscal 2025 we bought renewable power; in fiscal 2025 we cut waste.\n", 2025),
])
def test_report_year_by_mechanism(cover, year):
    assert report_year(cover) == year


def test_a_running_header_gives_the_title_the_text_lacks(nlp):
    """A PDF reader drops a running header ('Name | Title Year' on every page) as page furniture: kept as
    Document.running_lines, it still names the publisher and the year."""
    body = ("Introduction\n\nWe began measuring our portfolio's emissions in 2016. As of December 31, 2018 the "
            "portfolio held 40 assets. In 2018 we joined two investor groups, and 2018 was a busy year.\n"
            + "Halvergate Trust Company holds client assets. Ordwell Partners advised us in 2018.\n"
            + FILLER * 12)
    bare = read(body, nlp)
    assert bare.report_year == 2018
    doc = Document(source=Path("fixture.pdf"), text=body, format="pdf",
                   running_lines=("Halvergate Investments | Climate Report 2019",))
    facts = extract(doc, nlp)
    assert facts.report_year == 2019


def test_a_house_name_counts_for_the_longest_name_written():
    """'Ashcombe' opens the names of several organisations: a use of 'Ashcombe Asset Management' is a use of
    that longer name, not of the bare house name (which the index may file under a trust company's key)."""
    from esgkg.extract.company import _usage

    text = ("Ashcombe Asset Management invests for pension funds. Ashcombe's research team met 40 companies.\n" * 6
            + "Client assets are held by Ashcombe Trust Company.\n")
    assert _usage(text, {"Ashcombe", "Ashcombe Trust Company"}).used == 13
    house = _usage(text, {"Ashcombe", "Ashcombe Trust Company"}, {"Ashcombe Asset Management"})
    assert house.used == 7  # six possessives and the trust company itself
    assert _usage(text, {"Ashcombe Asset Management"}).used == 6


# 'Ashcombe' opens the names of an asset manager, a parent and a trust company (which the index files under the
# bare name's key, 'Trust Company' reading as a legal form): the publisher is the asset manager whose report it
# is, not the trust company that collects the bare name's uses.
HOUSE_NAME = ("Ashcombe Asset Management\n2021 Annual Stewardship Report\n\n"
              + "Ashcombe Asset Management invests for pension funds. Ashcombe's research team met 40 companies.\n" * 6
              + "Ashcombe's engagement covered water. Ashcombe Capital Partners LLC is our parent.\n" * 2
              + "Client assets are held by Ashcombe Trust Company.\n"
              + FILLER * 10)
# A listing prospectus names the issuer in its definitions ('Issuer, the Company ... means X') and its sponsor
# (a securities firm, named on the cover and checked throughout): the issuer publishes it.
PROSPECTUS = ("Prospectus for the Initial Public Offering of Shares\n\nHollenfeld Microchip Technology Co., Ltd.\n\n"
              "Sponsor and Lead Underwriter: Brassmoor Securities Co., Ltd.\n\nDate: 20 June 2023\n\n"
              "Definitions\nIssuer, the Company, our Company\tmeans\tHollenfeld Microchip Technology Co., Ltd.\n"
              "Sponsor, Brassmoor\tmeans\tBrassmoor Securities Co., Ltd.\n"
              + "Brassmoor Securities Co., Ltd. has reviewed the offering. Brassmoor's team checked the accounts.\n" * 3
              + "The Company designs processors. Our Company sells chips in 2022. The Issuer has 900 staff.\n" * 5
              + "Hollenfeld Chip (Shanghai) Co., Ltd. is a subsidiary of the Issuer.\n"
              + FILLER * 10)


@pytest.mark.parametrize("text, publisher", [
    (HOUSE_NAME, "Ashcombe Asset Management"),
    (PROSPECTUS, "Hollenfeld Microchip Technology Co., Ltd."),
], ids=["house-name-not-the-trust-company", "prospectus-issuer-not-its-sponsor"])
def test_the_publisher_among_names_that_share_its_words_or_its_cover(nlp, text, publisher):
    facts = read(text, nlp)
    assert facts.company is not None and facts.company.name == publisher


def test_shipped_weights_load_and_rank():
    model = ranker.load_model()
    assert model["features"] == list(ranker.FEATURES)
    assert len(model["weights"]) == len(model["features"]) == len(model["mean"]) == len(model["scale"])
    blob = json.dumps(model)
    assert all(ch.isascii() for ch in blob)


def test_training_is_deterministic_with_a_fixed_seed():
    pytest.importorskip("sklearn")
    n = len(ranker.FEATURES)
    groups = [[([float((i * 7 + j * 3 + k) % 5) for k in range(n)], j == i % 3, float(j)) for j in range(4)] for i in range(6)]
    a = ranker.train_company_ranker(groups, seed=0)
    b = ranker.train_company_ranker(groups, seed=0)
    assert a["weights"] == b["weights"]


@pytest.mark.corpus
@pytest.mark.slow
def test_open_reports_rank_their_publisher_first():
    """Every open report's text (and the shipped weights) puts its gold publisher first."""
    need(SHARED / "eval" / "gold", "the gold of the open reports")
    nlp = make_nlp()
    for stem, gold, files in ranker.report_sources(SHARED):
        text_file = next((f for f in files if f.suffix == ".txt"), None)
        if text_file is None:
            continue
        cands = ranker.document_candidates(Document(source=text_file, text=text_file.read_text(encoding="utf-8")), nlp)
        best = ranker.rank_candidates(cands)[0][0]
        assert ranker.is_publisher(best, ranker.gold_keys(gold)), (stem, best.name)


@pytest.mark.corpus
def test_a_pdf_title_in_a_running_footer_gives_the_year():
    """A wild report whose title and year are only in a running footer (dropped as page furniture) gets
    the year companies.tsv gives, from its PDF."""
    import csv

    from esgkg.ingest import load

    wild = SHARED / "corpus-wild"
    need(wild / "companies.tsv", "corpus-wild and its companies.tsv")
    years = {r["file"]: int(r["report_year"]) for r in csv.DictReader((wild / "companies.tsv").open(encoding="utf-8"), delimiter="\t")}
    checked = 0
    for name, year in sorted(years.items()):
        document = load(wild / name)
        if report_year(document.text) == year or not any(str(year) in ln for ln in document.running_lines):
            continue  # only the reports whose year the footer alone gives
        assert report_year(document.text, document.running_lines) == year, name
        checked += 1
    assert checked >= 1


@pytest.mark.corpus
@pytest.mark.slow
def test_shipped_weights_reproduce_from_the_trainer():
    """Retraining on the open reports with the shipped seed gives the shipped ranking of each report."""
    pytest.importorskip("sklearn")
    if not os.environ.get("ESGKG_RETRAIN_TEST"):
        pytest.skip("reads every open report's PDF (a minute): set ESGKG_RETRAIN_TEST=1")
    shipped = ranker.load_model()
    groups = ranker.report_groups(SHARED)
    model = ranker.train_company_ranker([g for gs in groups.values() for g in gs], seed=shipped["seed"], c=shipped["C"])
    assert model["weights"] == pytest.approx(shipped["weights"], abs=1e-4)
