"""Unit tests of ``esg_targets`` on sentences written for these tests (never report text).

Each phenomenon of the target rules has a positive and a negative case.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from esgkg.extract import extract, make_nlp
from esgkg.extract.targets import TargetExtractor, parse_targets, topics_in
from esgkg.ingest import Document

COVER = "Northwind Alloys Co., Ltd. (hereinafter \"the Company\") 2023 Sustainability Report.\n\n"


def run(body: str, nlp=None):
    return extract(Document(source=Path("fixture.txt"), text=COVER + body), nlp or make_nlp()).targets


def one(sentence: str, year: int = 2023) -> list[dict]:
    return parse_targets(sentence, year)


# ----------------------------------------------------------------------------- topics from the ontology
def test_topics_come_from_the_ontology_with_plural_and_whole_words():
    assert topics_in("lower the water consumption of our plants") == ["Water"]
    assert topics_in("zero fatalities") == ["Safety"]
    assert "Waste" not in topics_in("treat the wastewater on site")  # "waste" is a word, not a prefix


# ----------------------------------------------------------------------------- cues, years, past results
def test_dated_target_with_value_baseline_and_scope():
    [t] = one("By the end of 2028, the Company plans to cut energy consumption per unit of product by 6% compared with 2022.")
    assert (t["topic"], t["year"], t["baseline_year"], t["value"], t["unit"], t["direction"]) == ("EnergyIntensity", 2028, 2022, 6.0, "%", "reduce")
    assert t["scope"].startswith("per unit of product")


def test_a_past_year_reports_an_achievement_not_a_target():
    assert one("By the end of 2023, the Company had reduced water consumption by 4%.") == []
    assert one("By the end of 2023, the Company had reduced water consumption by 4%.", year=2022) != []


def test_range_and_year_range():
    [t] = one("We target a 5%-8% annual reduction of carbon intensity.")
    assert (t["topic"], t["value"], t["value_max"]) == ("GHGIntensity", 5.0, 8.0)
    [t] = one("Solar panels of 12 MW will be installed in 2025-2026.")
    assert (t["topic"], t["year"], t["value"], t["unit"]) == ("RenewableEnergy", 2026, 12.0, "MW")


def test_qualitative_target_needs_the_company_to_set_it():
    assert [t["topic"] for t in one("The plant sets annual targets for the reduction of waste gas.")] == ["AirPollutants"]
    assert one("Our work contributes to the achievement of emission targets in the industry.") == []
    assert one("The Company did not set a target for water consumption.") == []


# ----------------------------------------------------------------------------- national goals, scenarios
def test_national_goal_is_not_a_company_target_unless_adopted():
    assert one("We support the country's 2030 carbon peak and 2060 carbon neutrality goals.") == []
    adopted = one("In line with the national dual-carbon goals, we will achieve carbon neutrality by 2050.")
    assert [(t["topic"], t["year"]) for t in adopted] == [("CarbonNeutrality", 2050)]


def test_slogan_without_year_and_scenario_analysis_are_not_targets():
    assert one("We pursue the goal of carbon peak and carbon neutrality.") == []
    assert one("Under the high-emission scenario, carbon emissions will double by 2060.") == []


# ----------------------------------------------------------------------------- several topics, years, values
def test_one_target_per_topic_of_a_coordinated_list():
    got = one("By 2027 we aim to reduce NOx, particulate matter and wastewater per unit of output by 2%.")
    assert sorted(t["topic"] for t in got) == ["AirPollutants", "Water"]
    assert {t["value"] for t in got} == {2.0}


def test_topics_not_in_one_list_give_the_topic_nearest_the_value():
    got = one("To cut greenhouse gas emissions we plan to build solar arrays of 40 MW.")
    assert [t["topic"] for t in got] == ["RenewableEnergy"]


def test_each_topic_with_its_own_year():
    got = one("Our goal is to reach carbon peak by 2027 and carbon neutrality by 2052.")
    assert sorted((t["topic"], t["year"]) for t in got) == [("CarbonNeutrality", 2052), ("CarbonPeak", 2027)]


def test_values_and_years_respectively():
    got = one("The Company plans to raise production capacity to 300,000 tons and 450,000 tons by 2026 and 2029 respectively.")
    assert sorted((t["year"], t["value"]) for t in got) == [(2026, 300000.0), (2029, 450000.0)]


def test_share_of_a_subject_outside_the_scheme_is_not_read_as_the_container():
    assert one("We plan to make scrap metal account for 60% of raw materials by 2026.") == []
    [t] = one("We plan to raise the share of clean energy in total energy use to 40% by 2030.")
    assert t["topic"] == "RenewableEnergy"


def test_means_clause_is_not_the_topic():
    [t] = one("We target carbon neutrality by 2045 through investment in solar parks.")
    assert t["topic"] == "CarbonNeutrality"


def test_coordinated_metrics_both_at_a_value():
    got = one("Ensure that the coverage of occupational health checks and the pass rate of emergency drills are both 100%.")
    assert len(got) == 2 and {t["value"] for t in got} == {100.0}
    assert len(one("Ensure that the pass rate of fire drills is 100%.")) <= 1


# ----------------------------------------------------------------------------- holder and pipeline
def test_named_subsidiary_subject_holds_its_target():
    targets = run("Eastfield Castings Co., Ltd. plans to build a 6 MW solar plant by 2026.\n\n"
                  "The Company will cut water consumption by 3% by 2027.\n")
    holders = {t.topic: t.holder for t in targets}
    assert holders["RenewableEnergy"].startswith("Eastfield Castings")
    assert holders["Water"].startswith("Northwind Alloys")


def test_target_table_rows_and_the_switch():
    body = ("Our work safety objectives for the year are set as follows.\n\n"
            "Indicator\tObjective\n"
            "\tLost time injury rate\t0\n"
            "\tCompletion rate of emergency drills\t100%\n"
            "Number of serious accidents\n\n0\n\n"
            "Our people are our strength and we train them every year in every plant we run.\n")
    rows = [t for t in run(body) if t.evidence.text.split("\t")[-1] in ("0", "100%") or t.evidence.text.startswith("Number")]
    assert len(rows) == 3 and {t.topic for t in rows} == {"Safety"}
    assert sorted(t.value for t in rows) == [0.0, 0.0, 100.0]
    nlp = spacy.blank("en")
    for name in ("esg_sentences", "esg_orgs", "esg_company", "esg_subsidiaries", "esg_certifications"):
        nlp.add_pipe(name)
    nlp.add_pipe("esg_targets", config={"read_tables": False})
    assert isinstance(nlp.get_pipe("esg_targets"), TargetExtractor)
    assert not any(t.evidence.text.startswith("Number") for t in run(body, nlp))


def test_prose_after_a_goal_sentence_is_not_a_table():
    body = ("We set goals for our communities.\n\nRecycling rate\n\nThe recycling rate of scrap rose in our plants this year.\n")
    assert all("Recycling rate" != t.evidence.text for t in run(body))


def test_a_target_stated_twice_is_one_target():
    body = ("The Company plans to raise production capacity to 2.5 million tons.\n\n"
            "- The Company plans to increase its production capacity to 2.5 million tons.\n")
    assert len([t for t in run(body) if t.topic == "Product"]) == 1


@pytest.mark.parametrize("bad", ["", "2030", "\t\t\n", "goals goals goals"])
def test_degenerate_sentences_give_nothing(bad):
    assert one(bad) == []
