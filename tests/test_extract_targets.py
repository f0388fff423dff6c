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


# ----------------------------------------------------------------------------- units, fiscal years, clauses (cases/13)
FISCAL = (
    "Harrowgate Ceramics plc\nFY2025 Sustainability Report\n\n"
    "Harrowgate Ceramics plc (\"Harrowgate\") reports on the financial year ended 30 June 2025 (FY25).\n\n"
    "Our climate commitments\n"
    "Harrowgate will cut its absolute Scope 1 and 2 emissions to 12,500 tCO₂e by FY2031, down from 31,000 tCO₂e in FY2020.\n"
    "The target is to lower Scope 3 emissions by 30% by FY29 against a FY23 baseline.\n"
    "Harrowgate aims to be net zero by FY2045.\n"
    "We commit to bringing our emissions intensity down to 0.4 tCO2e per tonne of tiles by 2032.\n"
    "We plan to cut water withdrawal by 15% by 2030 compared with 2021, and to reach carbon neutrality by 2038.\n"
)


def test_fiscal_years_units_and_clauses_do_not_leak():
    got = {(t.topic, t.year): t for t in extract(Document(source=Path("harrowgate.txt"), text=FISCAL), make_nlp()).targets}
    assert set(got) == {("GHGEmissions", 2031), ("GHGEmissions", 2029), ("CarbonNeutrality", 2045),
                        ("GHGIntensity", 2032), ("Water", 2030), ("CarbonNeutrality", 2038)}
    absolute = got["GHGEmissions", 2031]
    assert (absolute.value, absolute.unit, absolute.baseline_year, absolute.direction) == (12500.0, "tCO2e", 2020, "reduce")
    scope3 = got["GHGEmissions", 2029]
    assert (scope3.value, scope3.unit, scope3.baseline_year, scope3.direction) == (30.0, "%", 2023, "reduce")
    assert got["CarbonNeutrality", 2045].value is None
    assert (got["GHGIntensity", 2032].value, got["GHGIntensity", 2032].direction) == (0.4, "reduce")
    water = got["Water", 2030]
    assert (water.value, water.unit, water.baseline_year, water.direction) == (15.0, "%", 2021, "reduce")
    neutral = got["CarbonNeutrality", 2038]
    assert (neutral.value, neutral.baseline_year, neutral.direction) == (None, None, "achieve")
    assert all(t.value != 31000.0 for t in got.values())  # the baseline amount is not a target value


def test_fiscal_year_spellings():
    [t] = one("We plan to halve landfill waste by fiscal 2027.")
    assert (t["topic"], t["year"]) == ("Waste", 2027)
    [t] = one("Our goal is to cut water use by 10% by FY 2029.")
    assert t["year"] == 2029


# ----------------------------------------------------------------------------- wrapped PDF lines
WRAPPED = (
    "Our operations run on a long tradition of craft and we keep the kilns\n"
    "running day and night across all of the sites in the region.\n"
    "Since 2019 we have lowered our energy use in every plant. Our long-term goal is to\n"
    "source 60 % of our electricity from renewable energy by\n"
    "2030, which will be met through new solar roofs.\n"
    "Kiln fleet\n"
    "We are replacing the gas kilns of the older plants with electric ones built by\n"
    "local firms and expect the first of them to start next spring.\n"
)


def test_a_sentence_wrapped_over_pdf_lines_is_one_target_with_the_whole_sentence():
    [t] = [t for t in run(WRAPPED) if t.topic == "RenewableEnergy"]
    assert (t.year, t.value, t.unit) == (2030, 60.0, "%")
    assert t.evidence.text.startswith("Our long-term goal is to") and t.evidence.text.endswith("solar roofs.")
    assert "Kiln fleet" not in t.evidence.text and "Since 2019" not in t.evidence.text


# ----------------------------------------------------------------------------- bullet lists under a target heading
LISTS = (
    "Fair treatment of crews\n\n"
    "Ambitions\nEvery crew member is paid fairly and can raise concerns without fear.\n\n"
    "Targets\n2025:\n"
    "• Roll out the grievance channel on every\nvessel of the fleet\n"
    "• Audit the manning agencies we use\n\n"
    "2026:\n"
    "• Publish the results of the crew survey\n\n"
    "Progress in 2025\n"
    "The grievance channel reached 40 vessels this year and we will publish more next year.\n\n"
    "Workplace safety\n\n"
    "We want to eliminate fatalities on board.\n\n"
    "Our targets for 2027\n"
    "• Safety training for all deck officers\n"
    "• Review the lifting procedure on every vessel\n"
    "• Zero lost time injuries\n"
)


def test_bullets_under_a_target_heading_take_its_year_and_topic():
    got = [t for t in run(LISTS) if t.evidence.text.startswith("•")]
    by_text = {t.evidence.text.split("\n")[0]: t for t in got}
    assert len(got) == 6
    first = by_text["• Roll out the grievance channel on every"]
    assert (first.topic, first.year) == ("OtherTopic", 2025) and first.evidence.text.endswith("of the fleet")
    assert by_text["• Audit the manning agencies we use"].year == 2025
    assert by_text["• Publish the results of the crew survey"].year == 2026
    assert by_text["• Safety training for all deck officers"].year == 2027
    review = by_text["• Review the lifting procedure on every vessel"]
    assert (review.topic, review.year) == ("Safety", 2027)  # the topic of the paragraph above the heading
    zero = by_text["• Zero lost time injuries"]
    assert (zero.topic, zero.year) == ("Safety", 2027)


# A "Targets" heading over two lists set side by side ("2024:" left, "2025:" right), as a PDF reads
# it column by column: the right list comes after the rest of the left column.  A year line on a
# page without a target heading, or of a year already past, heads no target list.
COLUMNS = [
    "Crew welfare\n\nWe want every crew member to be treated fairly on board.\n\n"
    "Targets\n2024:\n• Roll out the grievance channel on every vessel\n\n"
    "Progress in 2023\nThe grievance channel reached 40 vessels this year.\n\n"
    "2022:\n• Opened the grievance channel\n\n"
    "2025:\nTargets for crew welfare are set for:\n• Publish the results of the crew survey\n"
    "• Audit the manning agencies we use\n\n"
    "Building capacity\n• Trained 300 officers in the new procedure\n",
    "2027:\n• Review the lifting procedure\n",
]


def test_a_year_line_the_layout_set_apart_from_its_target_heading_heads_its_own_list():
    text = COVER + "".join(COLUMNS)
    doc = Document(source=Path("fixture.pdf"), text=text, page_starts=[0, len(COVER), len(COVER) + len(COLUMNS[0])], format="pdf")
    got = {t.evidence.text: t for t in extract(doc, make_nlp()).targets if t.evidence.text.startswith("•")}
    assert {text: (t.year, t.evidence.page) for text, t in got.items()} == {
        "• Roll out the grievance channel on every vessel": (2024, 2),
        "• Publish the results of the crew survey": (2025, 2),
        "• Audit the manning agencies we use": (2025, 2),
    }


# KPI tables with a target column, as the PDF reader gives them (cells tab-separated)
KPI_TABLES = (
    "Our emissions\n\nWe report the emissions of our kilns below.\n\n"
    "Indicator\t2021\t2022\t2023\tTarget 2027\n"
    "Direct emissions (Scope 1), t\t4,100\t3,900\t3,850\t3,000\n"
    "Water withdrawal, m3\t120\t118\t117\n"
    "Representation of women\n"
    "Managers\t31%\t33%\t34%\t40%\n\n"
    "Fleet safety\n\n"
    "2030\n2022\t2023\ttarget\n"
    "Lost time injury rate\t0.9\t0.8\t0.5\n\n"
    "Past goals\n\n"
    "Indicator\t2019\t2020\tTarget 2021\n"
    "Energy use, GWh\t50\t48\t45\n"
)


def test_each_row_of_a_kpi_table_with_a_target_column_is_a_target_for_its_year():
    got = {t.evidence.text.split("\t")[0]: t for t in run(KPI_TABLES) if "\t" in t.evidence.text}
    assert {k: (t.topic, t.year, t.value) for k, t in got.items()} == {
        "Direct emissions (Scope 1), t": ("GHGEmissions", 2027, 3000.0),  # the target column's cell
        "Water withdrawal, m3": ("Water", 2027, None),  # fewer cells than columns: no value guessed
        "Managers": ("Diversity", 2027, 40.0),  # topic of the subheading row above
        "Lost time injury rate": ("Safety", 2030, 0.5),  # year set above the 'target' cell
    }  # the 2021 table of a 2023 report is history
    assert got["Managers"].unit == "%"


def test_a_past_target_list_and_a_descriptive_sentence_are_not_targets():
    body = "Targets\n2021:\n• Open the new warehouse\n\nWe opened two warehouses in 2021 and 2022.\n"
    assert run(body) == []


def test_a_topicless_commitment_needs_a_commitment_phrase_and_a_year():
    assert one("We will open a customer help desk in every country by 2026.") == []  # OtherTopic only when asked for
    assert parse_targets("In 2024, this applied to 74% of the target group.", 2023, other=True) == []
    [t] = parse_targets("We plan to open a customer help desk in every country by 2026.", 2023, other=True)
    assert (t["topic"], t["year"]) == ("OtherTopic", 2026)
    assert parse_targets("We will open a customer help desk in every country by 2026.", 2023, other=True) == []  # "will" alone: no amount
    [t] = parse_targets("By 2026, we will have 40 help desks in 12 countries staffed by 300 persons.", 2023, other=True)
    assert (t["topic"], t["year"], t["value"]) == ("OtherTopic", 2026, 300.0)


def test_a_dated_carbon_neutrality_target_repeated_is_one_target():
    body = ("We committed to become carbon neutral by 2035.\n\n"
            "Our plants will be powered in a way that makes the Company carbon-neutral by 2035 at the latest.\n")
    assert len([t for t in run(body) if t.topic == "CarbonNeutrality"]) == 1


def test_touching_topic_phrases_are_one_noun_phrase():
    [t] = one("We aim to reach net zero CO2 emissions in our own operations by 2045.")
    assert (t["topic"], t["year"]) == ("CarbonNeutrality", 2045)


def test_one_topic_takes_the_year_after_its_own_mention():
    got = one("Two programmes set our targets: Clean Plants through 2026 and the Carbon Neutral programme through 2035.")
    assert [(t["topic"], t["year"]) for t in got] == [("CarbonNeutrality", 2035)]


def test_a_result_already_reached_is_not_the_target_value():
    [t] = one("Since 2015 emissions have dropped by 30% from 4 million tons, so we are on track to cut emissions in half by 2027.")
    assert (t["topic"], t["year"], t["value"]) == ("GHGEmissions", 2027, None)
    [t] = one("We plan to raise the share of local procurement from 20 % in fiscal 2021 to 35 % by 2026.")
    assert (t["value"], t["baseline_year"]) == (35.0, 2021)


def test_a_stated_target_without_year_or_value():
    [t] = one("Our target is that every new plant runs on renewable energy.")
    assert (t["topic"], t["year"], t["value"]) == ("RenewableEnergy", None, None)
    assert one("Renewable energy is a target market for our cables.") == []


def test_a_bare_restatement_gives_way_to_the_dated_target():
    body = ("\u201cOur ambition is to shrink our carbon footprint.\u201d\n\n"
            "The board confirmed our ambition to shrink our carbon footprint by 2040.\n")
    got = [t for t in run(body) if t.topic == "GHGEmissions"]
    assert [(t.year, t.evidence.text.startswith("The board")) for t in got] == [(2040, True)]


def test_through_a_year_is_a_date_not_a_means():
    [t] = one("We set a target to cut water use by 12% through 2029.")
    assert (t["topic"], t["year"]) == ("Water", 2029)


def test_our_ambition_of_doing_is_a_target_but_a_purpose_clause_is_not():
    [t] = one("We will keep going until we reach our ambition of eliminating fatalities at sea.")
    assert t["topic"] == "Safety"
    assert one("In order to achieve the goals of saving water and energy, the plant was rebuilt.") == []


def test_the_goal_of_another_organisation_is_not_the_company_target():
    body = "The Harbour Kelp Trust's goal is to cut ocean plastic waste by 80% by 2040.\n\nWe plan to cut our own landfill waste by 30% by 2030.\n"
    assert [(t.topic, t.year) for t in run(body)] == [("Waste", 2030)]


def test_stated_targets_without_year_or_value():
    assert [t["topic"] for t in one("Other goals include lower water use at every site.")] == ["Water"]
    assert [t["topic"] for t in one("Single-use plastic waste in canteens is planned to be phased out.")] == ["Waste"]
    assert [t["topic"] for t in one("We are working towards buying only certified raw materials from suppliers.")] == ["SupplyChain"]
    assert one("Energy consumption in the region is set to rise.") == []  # a forecast, not a commitment


def test_more_commitment_verbs_and_amount_units():
    [t] = one("By 2026 we intend to raise the share of renewable electricity to 45%.")
    assert (t["topic"], t["year"], t["value"], t["unit"]) == ("RenewableEnergy", 2026, 45.0, "%")
    [t] = one("We expect to cut our Scope 2 emissions by 0.8 million tCO2e by 2029.")
    assert (t["value"], t["unit"]) == (0.8, "million tCO2e")
    assert one("The new press is expected to reduce energy consumption by 90 kWh per day.") == []  # a project's effect


def test_a_named_country_goal_is_national_unless_adopted():
    assert one("Norway has set a goal of carbon neutrality by 2040.") == []
    assert one("Brazil's 2050 net zero strategy guides the sector.") == []
    [t] = one("In line with Norway's strategy, we will achieve carbon neutrality by 2045.")
    assert (t["topic"], t["year"]) == ("CarbonNeutrality", 2045)


def test_a_period_label_on_the_line_above_gives_the_year():
    body = "Stage Two (2028-2030):\nThe Company's target of reaching carbon neutrality for its cement products will be achieved.\n"
    [t] = [t for t in run(body) if t.topic == "CarbonNeutrality"]
    assert t.year == 2030 and t.evidence.text.startswith("Stage Two (2028-2030):")


# ----------------------------------------------------------------------------- generalisation (issue 14): names, events, intensity
def test_the_year_in_a_document_name_or_a_report_is_not_a_target_year():
    for sentence in ("The board adopted the Growth Strategy to 2027, which sets goals for water consumption.",
                     "Water consumption figures are planned to be introduced in the 2026 report and beyond."):
        assert all(t["year"] is None for t in one(sentence))
    [t] = one("Our goal is to cut water withdrawal by 10% to 2027.")
    assert (t["topic"], t["year"]) == ("Water", 2027)


def test_a_dated_event_of_the_reporting_year_is_not_a_target():
    event = ("In late 2023, the Tarnby mill signed a supply contract for wind power, which will cover "
             "40% of its electricity use in 2024.")
    assert one(event) == []
    [t] = one("In 2024, the Tarnby mill will buy wind power to cover 40% of its electricity use.")
    assert (t["topic"], t["year"]) == ("RenewableEnergy", 2024)


def test_a_goal_of_a_union_or_country_stays_national_also_after_a_date():
    assert one("In 2022, the EU adopted a strategy that sets out measures to cut methane emissions by 2030.") == []
    assert one("The Blue Accord is a climate strategy of the EU member states that aims to reach net zero emissions by 2050.") == []
    assert one("The Blue Accord seeks to achieve carbon neutrality for the EU by 2050.") == []
    [t] = one("In 2022, the Company adopted a plan to cut methane emissions by 20% by 2030.")
    assert (t["topic"], t["year"]) == ("GHGEmissions", 2030)


def test_specific_and_per_unit_emissions_are_intensity():
    [t] = one("The board set targets for reducing specific GHG emissions (Scope 1) to 2027.")
    assert (t["topic"], t["year"]) == ("GHGIntensity", 2027)
    [t] = one("The target for Scope 1 emissions per unit of output is 95 kg of CO2 per tonne by 2028.")
    assert t["topic"] == "GHGIntensity"
    [t] = one("We will cut specific energy consumption by 4% by 2026.")
    assert t["topic"] == "EnergyIntensity"
    [t] = one("We will cut Scope 1 emissions by 4% by 2026.")
    assert t["topic"] == "GHGEmissions"


def test_a_performance_table_under_a_kpi_heading_gives_no_targets():
    body = ("Environmental KPIs\n\n"
            "Indicator\tUnit\t2023\n"
            "• Fuel oil\tTons\t310.25\n"
            "• Purchased electricity\tkWh\t1,204,551.10\n"
            "Natural gas\tCubic meters\t88,102.00\n")
    assert run(body) == []


def test_a_wrapped_explanation_under_a_target_heading_is_not_a_table_row():
    body = ("Emission targets and actual results\n\n"
            "Specific emissions are computed\n"
            "by dividing Scope 1 emissions\n"
            "by the output of finished goods.\n")
    assert [t for t in run(body) if "dividing" in t.evidence.text or "computed" in t.evidence.text] == []


def test_what_a_thing_will_do_is_a_forecast_not_a_commitment():
    assert one("By 2040, there will be enough renewable electricity to power half of the region.") == []
    assert one("Once commissioned in 2024, the facility will cut the water consumption of the kiln by 15%.") == []
    assert one("We started designing a safety training programme that will be launched in 2024.") == []
    [t] = one("By 2030, the Company will cut the water consumption of its kilns by 15%.")
    assert (t["topic"], t["year"], t["value"]) == ("Water", 2030, 15.0)


def test_is_planning_to_is_a_commitment():
    [t] = one("In 2025, the Company is planning to cut water consumption by 4%.")
    assert (t["topic"], t["year"], t["value"]) == ("Water", 2025, 4.0)


# ----------------------------------------------------------------------------- phrasings of other reports
@pytest.mark.parametrize("sentence, expected", [
    ("The Group intends to achieve net-zero Scope 1 and 2 emissions no later than 2040.", [("CarbonNeutrality", 2040, None)]),
    ("The company seeks to restore 10,000 hectares of degraded land by 2028.", [("OtherTopic", 2028, None)]),
    ("We are working towards a 50% reduction in single-use plastics in our stores by 2025.", [("Waste", 2025, 50.0)]),
    ("Aim: reduce freshwater consumption per unit of production by 15% by FY2030.", [("Water", 2030, 15.0)]),
    ("Our 2030 goal is to train 5,000 suppliers on human rights due diligence.", [("SupplyChain", 2030, None)]),
    ("Net zero by 2050, with an interim target of a 50% cut in emissions by 2030.",
     [("CarbonNeutrality", 2050, None), ("GHGEmissions", 2030, 50.0)]),  # the interim value does not leak
])
def test_commitments_as_other_reports_phrase_them(sentence, expected):
    got = parse_targets(sentence, 2023, 6, other=True)
    assert [(t["topic"], t["year"], t["value"]) for t in got] == expected


def test_a_year_before_a_goal_noun_is_no_target_year_when_past():
    got = parse_targets("Our 2020 goal was met: we cut water use by 10% against 2015.", 2023, 6, other=True)
    assert all(t["year"] != 2020 for t in got)


# ----------------------------------------------------------------------------- targets as analysts count them (issue 21)
NOT_COMMITMENTS = [
    "Global power sector emissions would fall by 60% by 2040 in the low-carbon pathway.",  # a scenario
    "Estimates show that by 2050 water demand in the basin will rise by 20%.",  # an estimate
    "The medium-term target is set for 2030.",  # about a target, not its content
    "Chapter 4 sets out our existing Scope 3 goals for 2030 and the progress made.",
    "We first set energy targets in 1998 and have reported on them since.",
    "Colorado has set a goal to cut GHG emissions 50% by 2030.",  # a state's goal
    "For example, the regional steel industry has committed to cutting emissions by 30% by 2030.",  # an industry's
    "The Clean Grid Act requires utilities to source 60% renewable energy by 2030.",  # a law's mandate
    "We are committed to reducing the greenhouse gas emissions of our operations.",  # an approach: no year, no amount
    "For value chain emissions, we have previously announced our goals for 2030 in the climate plan.",
    "The installations will become the largest solar parks of the province once built in 2026.",  # what a thing will do
]
COMMITMENTS = [
    ("We estimate that our four-step plan will lead to a 25% reduction in Scope 3 emissions by 2030.", ("GHGEmissions", 2030, 25.0)),
    ("Our target is to cut water use by 10% by 2027.", ("Water", 2027, 10.0)),
    ("We plan to cut GHG emissions 50% by 2030, in line with the state goal.", ("GHGEmissions", 2030, 50.0)),
]


@pytest.mark.parametrize("sentence", NOT_COMMITMENTS)
def test_scenarios_estimates_talk_about_targets_and_others_goals_are_not_targets(sentence):
    assert one(sentence) == []


@pytest.mark.parametrize("sentence,expected", COMMITMENTS)
def test_hedged_or_aligned_commitments_are_targets(sentence, expected):
    [t] = one(sentence)
    assert (t["topic"], t["year"], t["value"]) == expected


def test_net_zero_of_qualified_emissions_footnote_numbers_and_mid_decade():
    [t] = one("A long-term goal to achieve net zero12 operational GHG emissions by 2050.")
    assert (t["topic"], t["year"]) == ("CarbonNeutrality", 2050)
    [t] = one("We plan to use 100 per cent renewable electricity at these sites by the mid-2020s.")
    assert (t["topic"], t["year"], t["value"]) == ("RenewableEnergy", 2025, 100.0)
    topics = {(t["topic"], t["year"]) for t in one("We aim for net zero by 2050 and a 30% cut in GHG emissions by 2030.")}
    assert topics == {("CarbonNeutrality", 2050), ("GHGEmissions", 2030)}


def test_another_organisations_goal_is_not_the_companys():
    found = run("In May 2023, the IFTA announced a new target to halve shipping emissions by 2040.\n\n"
                "The Company plans to reduce its energy consumption by 8% by 2027.\n")
    assert [(t.topic, t.year) for t in found] == [("Energy", 2027)]
    assert found[0].holder.startswith("Northwind Alloys")


def test_results_beside_a_target_list_are_not_targets():
    found = run("Our targets\n\n• Reduce energy consumption by 12% by 2026\n• 41% reduction in carbon emissions\n"
                "• We introduced a new travel policy for all staff\n\nOther news.\n")
    assert [(t.topic, t.year, t.value) for t in found] == [("Energy", 2026, 12.0)]


def test_net_zero_targets_of_one_year_with_different_scopes_are_two():
    found = run("Operational emissions are to reach net zero by 2050 at every plant of the Company.\n\n"
                "In the value chain, the Company has also set a goal of net zero Scope 3 emissions by 2050.\n\n"
                "Once more: operational emissions are to reach net zero by 2050 at every plant of the Company.\n")
    assert sorted((t.topic, t.year) for t in found) == [("CarbonNeutrality", 2050)] * 2


def test_a_kpi_table_with_two_dated_target_columns_gives_a_target_per_column_and_prose_repeats_are_one():
    body = ("Our portfolio goals are tabulated below.\n\n"
            "Indicator\t2023 Performance\t2026 Target\t2031 Target\n"
            "Energy intensity reduction\t9%\t14%\t22%\n"
            "Water intensity reduction\t4%\t8%\t12%\n\n"
            "The Company aims to reduce energy intensity by 22% by 2031 compared with 2019.\n")
    got = sorted((t.topic, t.year, t.value) for t in run(body))
    assert got == [("EnergyIntensity", 2026, 14.0), ("EnergyIntensity", 2031, 22.0),
                   ("Water", 2026, 8.0), ("Water", 2031, 12.0)]


def test_a_table_with_two_target_columns_of_one_year_or_undated_gives_no_column_targets():
    body = ("Indicator\t2023\tTarget\tTarget\n"
            "Energy intensity reduction\t9%\t14%\t22%\n")
    assert all(t.year is None for t in run(body))


def test_valueless_rows_of_a_target_column_are_not_folded_into_a_prose_target_of_their_topic_and_year():
    body = ("Our target is to raise the share of women in leadership by 2031.\n\n"
            "Targets on diversity\n"
            "Target 2031\n"
            "Executives\t30%\n21%\n24%\n\n"
            "Senior managers\t40%\n33%\n35%\n")
    rows = [t for t in run(body) if t.year == 2031 and t.evidence.text.startswith(("Executives", "Senior managers"))]
    assert len(rows) == 2


@pytest.mark.parametrize("sentence, year", [
    ("Raise the water recycling rate to 60% by end 2026.", 2026),
    ("We will cut water consumption by 10% by year-end 2025.", 2025),
    ("Reduce hazardous waste by 15% by end-2027.", 2027),
    ("Reduce hazardous waste by 15% by the end of 2027.", 2027),
])
def test_end_of_year_spellings_give_the_target_year(sentence, year):
    assert [t["year"] for t in one(sentence)] == [year]


def test_an_end_year_already_past_is_no_target():
    assert one("Water consumption was cut by 10% by end 2022.") == []


def test_to_reach_a_value_in_a_later_year_is_a_target_but_an_expectation_is_not():
    assert [(t["topic"], t["year"], t["value"]) for t in one("Renewable electricity: 40% of use (to reach 75% in 2026)")] == [("RenewableEnergy", 2026, 75.0)]
    assert one("Renewable electricity use is expected to reach 75% in 2026.") == []
    assert one("Renewable electricity use came to reach 75% in 2022.") == []


# ----------------------------------------------------------------------------- lists of dated goals in one sentence
@pytest.mark.parametrize("sentence, want", [
    ("We have set a goal of net-zero carbon emissions from power generation by 2045, with an interim goal of a 70% "
     "reduction from 2010 levels by 2032.", [("CarbonNeutrality", 2045, None), ("GHGEmissions", 2032, 70.0)]),
    ("Velmora has committed to net zero Scope 1, 2 and 3 emissions by 2048, a 30% reduction in net emissions by 2029 "
     "and 75% by 2041 compared with 2017.",
     [("CarbonNeutrality", 2048, None), ("GHGEmissions", 2029, 30.0), ("GHGEmissions", 2041, 75.0)]),
    ("We target a 45% reduction in Scope 1 and 2 emissions intensity by 2031 from a 2020 baseline, and net zero "
     "operational emissions by 2049.", [("GHGIntensity", 2031, 45.0), ("CarbonNeutrality", 2049, None)]),
    ("We aim to cut water withdrawal by 10% by 2026 and 25% by 2033.", [("Water", 2026, 10.0), ("Water", 2033, 25.0)]),
])
def test_each_dated_goal_of_a_list_is_a_target(sentence, want):
    assert sorted((t["topic"], t["year"], t["value"]) for t in one(sentence)) == sorted(want)


def test_years_without_goals_of_their_own_are_no_list():
    assert [(t["topic"], t["year"]) for t in one("We aim to cut water withdrawal by 10% by 2026 and 2030.")] == [("Water", 2026)]


@pytest.mark.parametrize("sentence, topic", [
    ("Brightfield aims to reach 12 GW of installed renewable capacity by 2031.", "RenewableEnergy"),
    ("We aim to supply 90% carbon-free electricity to our customers by 2034.", "RenewableEnergy"),
    ("Our goal is a 20% cut in energy use intensity across the portfolio by 2030.", "EnergyIntensity"),
])
def test_utility_oil_and_property_topics(sentence, topic):
    assert [t["topic"] for t in one(sentence)] == [topic]


# ----------------------------------------------------------------------------- dated statements that are no targets
@pytest.mark.parametrize("sentence", [
    "In 2023 the Company announced plans to retire units 3 and 4 at the Ferrow Station by 2029.",
    "The Dunmore refinery will be converted by 2026 into a plant processing waste oils.",
    "We will retire 800 MW of coal-fired capacity by 2030.",
    "The state's renewable portfolio standard requires 60% renewable energy by 2030.",
    "Under the RPS, we must supply 40% renewable electricity by 2028.",
    "In the IEA NZE, global emissions fall 40% by 2030.",
    "Our capital plan calls for $3 billion of renewable energy projects by 2028.",
])
def test_schedules_mandates_scenarios_and_spending_are_no_targets(sentence):
    assert one(sentence) == []


def test_a_goal_the_company_calls_its_own_stays_a_target_beside_a_mandate_or_scenario():
    assert [t["year"] for t in one("Our own goal is 80% renewable energy by 2030, ahead of the state mandate.")] == [2030]
    assert [t["year"] for t in one("Our target of a 35% cut in emissions by 2030 is consistent with the IEA NZE.")] == [2030]
    assert [t["year"] for t in parse_targets("We aim to convert 50% of the fleet to electric vehicles by 2030.", 2023, other=True)] == [2030]


def test_an_aspiration_is_a_commitment_cue():
    assert [(t["topic"], t["year"]) for t in one("Our aspiration is to reach net zero across all operations by 2045.")] == [("CarbonNeutrality", 2045)]


def test_a_sum_committed_to_a_cause_stays_a_commitment():
    assert [t["year"] for t in one("We plan to invest $3 billion in renewable energy projects by 2028.")] == [2028]


def test_a_will_sentence_without_an_amount_tells_what_happens_not_a_target():
    assert one("The transition roadmap for our water strategy will be disclosed in 2026.") == []
    assert [t["value"] for t in one("Water withdrawal will fall to 8,000 m3 by 2027.")] == [8000.0]
    assert [t["year"] for t in one("We will achieve carbon neutrality in our operations by 2040.")] == [2040]


def test_a_kpi_table_laid_out_with_spaces_gives_its_target_column():
    body = ("Portfolio targets\n"
            "Metric                          2022 Actual      2028 Target\n"
            "Water intensity (m3/sf)         0.42             0.37\n"
            "Energy intensity (kWh/sf)       21.4             18.5\n")
    got = {(t.topic, t.year, t.value) for t in run(body)}
    assert {("Water", 2028, 0.37), ("EnergyIntensity", 2028, 18.5)} <= got


def test_a_net_zero_goal_that_something_will_reach_is_a_target_but_a_roadmap_to_it_is_not():
    assert [t["year"] for t in one("We expect our gas distribution business to reach net-zero methane emissions by 2036.")] == [2036]
    assert one("Our roadmap to net zero will be fully disclosed in 2026.") == []


def test_a_named_company_states_its_goal_beside_a_mandate():
    assert [t["year"] for t in one("Beyond the state mandate, Vellmark has committed to 90% renewable electricity by 2032.")] == [2032]
    assert [t["year"] for t in one("Vellmark's targets, in line with the IEA NZE, aim at a 30% cut in emissions by 2030.")] == [2030]


def test_a_goal_reached_by_a_further_part_of_the_company_by_its_own_deadline_is_a_second_target():
    got = [(t["topic"], t["year"]) for t in one("We target net zero Scope 1 and 2 emissions for our upstream business by 2031 "
                                                "and for the whole group by 2036.")]
    assert got == [("CarbonNeutrality", 2031), ("CarbonNeutrality", 2036)]


@pytest.mark.parametrize("sentence", [
    "Achieved a 17% reduction in energy intensity compared with 2019, exceeding our 2026 target.",
    "Our emissions fell 11% in 2023, putting us on track for our 2031 target.",
])
def test_progress_against_a_named_target_is_a_result_not_the_target(sentence):
    assert one(sentence) == []


def test_a_target_stated_beside_its_progress_stays_a_target():
    assert [(t["year"], t["value"]) for t in one("Progress: 31% reduction in GHG emissions intensity since 2019 "
                                                 "(target: 45% by 2031).")] == [(2031, 45.0)]


def test_a_mandatory_training_goal_is_the_company_s_own_target():
    assert [(t["topic"], t["value"]) for t in one("Our goal is for 100% of employees to complete mandatory ethics training every year.")] == [("Training", 100.0)]


# ----------------------------------------------------------------------------- plans and goals that are not the company's targets
@pytest.mark.parametrize("sentence", [
    # a listing document's business plans and the market forecasts it cites
    "We plan to expand our wafer capacity to 60,000 wafers per month by 2027.",
    "We intend to use approximately 40% of the net proceeds to expand our production\ncapacity by 2026.",
    "We plan to increase our R&D headcount to 1,200 persons by 2027.",
    "According to the industry consultant, the market share of domestic memory chips will increase to 35% in 2028.",
    "The market size of  power modules   will grow at a CAGR of 9% to reach 40% of sales by 2030.",
    # a utility's regulatory plan or filing
    "Our 2024 Integrated Resource Plan proposes adding 2,500 MW of solar capacity by 2032.",
    "The preferred portfolio in the IRP retires 600 MW of gas units and adds 40%\nrenewable energy by 2031.",
    # associations, customers, tenants
    "As a member of the Harbour Gas Climate Initiative, we support its goal to reduce methane intensity to 0.2% by 2025.",
    "The member companies have committed to cut upstream methane intensity to well below 0.2% by 2025.",
    "Many of our customers have set goals to reach 100% renewable electricity by 2030.",
    "Our customers expect us to reduce the carbon footprint of our products by 30% by 2030.",
    "Tenants occupying 45% of our floor area have committed to net zero by 2040.",
    # governments' goals, scenarios and pathways
    "The state has a goal of 100% clean electricity by 2045, and we support this policy.",
    "Canada's Emissions Reduction Plan aims to cut emissions 40% by 2030.",
    "Under a 1.5°C pathway, the required emissions reduction is 43% by 2030.",
    # a past goal reported as met, progress against a target
    "We achieved our 2020 goal of a 20% reduction in water use.",
    "Progress against our 2030 target: 62% reduction in methane emissions achieved to date.",
])
def test_plans_forecasts_and_others_goals_are_not_targets(sentence):
    assert one(sentence, 2024) == []
    assert parse_targets(sentence, 2024, other=True) == []


@pytest.mark.parametrize("sentence, topic", [
    ("We plan to raise our recycled aluminium production capacity to 600,000 tons by 2025.", "Product"),
    ("We have adopted the initiative's goal and commit to reduce methane emissions by 60% by 2030.", "GHGEmissions"),
    ("Our goal under the resource plan is to reach 80% renewable electricity by 2035.", "RenewableEnergy"),
    ("We aim to reach 50% renewable electricity by 2030, in line with our customers' expectations.", "RenewableEnergy"),
    ("We will reduce Scope 1 and 2 emissions by 42% by 2030, consistent with a 1.5°C pathway.", "GHGEmissions"),
    ("In 2023 renewables reached 45%, exceeding our 2025 target of 40% renewable electricity.", "RenewableEnergy"),
])
def test_the_company_s_own_goals_beside_such_words_stay_targets(sentence, topic):
    assert topic in [t["topic"] for t in parse_targets(sentence, 2024, other=True)]


def test_a_dated_target_restated_without_its_year_is_one_target():
    body = ("We aim to cut our water withdrawal by 30% by 2030 compared with 2020.\n\n"
            "TCFD index\n\nMetrics and targets: a 30% cut in water withdrawal is our target.\n")
    water = [t for t in run(body) if t.topic == "Water"]
    assert [(t.year, t.value) for t in water] == [(2030, 30.0)]


def test_a_target_table_row_keeps_its_own_year_and_is_read_once():
    body = ("Our goals and progress\n\nGoal\nReduce Scope 1 and 2 emissions 80% by 2030 from 2005\nNet-zero carbon emissions by 2050\n"
            "Reduce methane emissions from our gas network 50% by 2030\nProgress in 2023\n62% reduction\nOn track\n38% reduction\n")
    got = sorted((t.topic, t.year, t.value) for t in run(body))
    assert ("CarbonNeutrality", 2050, None) in got
    assert [g for g in got if g[1] == 2030 and g[2] == 50.0] == [("GHGEmissions", 2030, 50.0)]


def test_a_subsidiary_named_before_our_subsidiary_holds_its_target():
    body = ("Northwind Alloys Co., Ltd. owns Northwind Foil Co., Ltd., its wholly-owned subsidiary.\n\n"
            "Northwind Foil Co., Ltd., our subsidiary, aims to cut its water use by 15% by 2027.\n")
    [t] = [t for t in run(body) if t.topic == "Water"]
    assert t.holder != "Northwind Alloys Co., Ltd."


# goal tables ("Goal | Target year | Progress"): each goal cell a target, its year from its column
_GOAL_ROWS = [("Cut operational emissions 60% from 2010 levels", "2030", "41% reduction so far"),
              ("Net-zero emissions", "2045", "On track"),
              ("Source 70% renewable electricity for our offices", "2028", "52% in 2023"),
              ("Women in 40% of leadership roles", "2027", "33%"),
              ("Halve water intensity", "2020", "Achieved")]
_GOALS_EXPECTED = [("CarbonNeutrality", 2045, None), ("Diversity", 2027, 40.0), ("GHGEmissions", 2030, 60.0),
                   ("RenewableEnergy", 2028, 70.0)]


def _goal_table(layout: str) -> str:
    heads = ["Goal", "Target year", "Progress"]
    if layout == "rows":  # pdftotext: one cell per paragraph, row by row
        return "Our goals\n\n" + "\n\n".join(heads + [c for row in _GOAL_ROWS for c in row]) + "\n"
    if layout == "columns":  # the PDF reader: one cell per paragraph, column by column
        return "Our goals\n\n" + "\n\n".join(c for i, h in enumerate(heads) for c in [h] + [row[i] for row in _GOAL_ROWS]) + "\n"
    return "Our goals\n" + "\n".join("\t".join(r) for r in [heads] + _GOAL_ROWS) + "\n"  # tab-separated rows


@pytest.mark.parametrize("layout", ["rows", "columns", "tabs"])
def test_each_goal_of_a_goal_table_is_a_target_with_its_column_year(layout):
    got = sorted((t.topic, t.year, t.value) for t in run(_goal_table(layout)))
    assert got == _GOALS_EXPECTED  # the 2020 goal is past: its row is a result
    [ghg] = [t for t in run(_goal_table(layout)) if t.topic == "GHGEmissions"]
    assert ghg.baseline_year == 2010 and ghg.evidence.text == "Cut operational emissions 60% from 2010 levels"


def test_a_goal_table_s_baseline_column_and_a_goal_stated_again_in_prose():
    body = ("Targets\n\nTarget\n\nBaseline year\n\nTarget year\n\n2023 progress\n\n"
            "Reduce energy intensity by 25%\n\n2019\n\n2030\n\n-8%\n\n"
            "Divert 80% of operational waste from landfill\n\n2019\n\n2026\n\n64%\n\n"
            "We aim to reduce our energy intensity by 25% by 2030 compared with 2019, as our goals table shows.\n")
    got = sorted((t.topic, t.year, t.value, t.baseline_year) for t in run(body))
    assert got == [("EnergyIntensity", 2030, 25.0, 2019), ("Waste", 2026, 80.0, 2019)]


def test_labels_under_an_objective_column_are_no_targets():
    body = ("Objective\tProgram\tDescription\n"
            "New employees\tInduction training\tHelps new staff settle in\n"
            "All employees\tSafety training\tCovers the rules of each site\n")
    assert run(body) == []


@pytest.mark.parametrize("sentence, scope_year", [
    ("Net Zero Carbon Footprint for upstream Scope 1 and 2 emissions by 2030", 2030),
    ("• Achieve net-zero methane emissions from our gas distribution network by 2035.", 2035),
    ("2. Carbon neutral operations by 2040", 2040),
    ("Net zero Scope 1, 2 and 3 emissions by 2050", 2050),
])
def test_a_list_item_or_headline_opening_with_a_net_zero_goal_and_its_year_is_a_target(sentence, scope_year):
    assert [(t["topic"], t["year"]) for t in one(sentence)] == [("CarbonNeutrality", scope_year)]


@pytest.mark.parametrize("sentence", [
    "The transition to net zero by 2050 will require new technology across the economy.",
    "Net zero is a long-term aim for the sector.",
    "Reaching net zero is a shared task; regulators are consulting on it until 2026.",
])
def test_net_zero_words_that_open_no_dated_goal_are_no_target(sentence):
    assert [t for t in one(sentence) if t["topic"] == "CarbonNeutrality"] == []


@pytest.mark.parametrize("sentence, value, year", [
    ("Electrify 100% of our light-duty vehicle fleet by 2030.", 100.0, 2030),
    ("• Certify 75% of the portfolio, by floor area, under a green building standard by 2026", 75.0, 2026),
    ("3) Convert 50% of our service vans to electric models by 2028", 50.0, 2028),
])
def test_an_imperative_goal_item_with_an_amount_and_a_year_is_a_target_without_a_scheme_topic(sentence, value, year):
    assert [(t["value"], t["year"]) for t in parse_targets(sentence, 2023, other=True)] == [(value, year)]


@pytest.mark.parametrize("sentence", [
    "Electrify the depot yard when funding allows.",  # no year, no amount
    "Fleet electrification reached 40% in 2023.",  # a result, no imperative
    "Convert the boiler house into offices by 2027.",  # no amount
])
def test_imperative_items_without_a_dated_amount_are_no_target(sentence):
    assert parse_targets(sentence, 2023, other=True) == []


@pytest.mark.parametrize("sentence, year", [
    ("We aim to cut the water intensity of our offices by 10% by the end of 2023.", 2023),
    ("4MW of rooftop solar installed across the portfolio by end 2023", 2023),
    ("Our goal is to certify all distribution centres to ISO 50001 energy management by 2023.", 2023),
])
def test_a_deadline_in_the_report_s_own_year_is_still_a_target(sentence, year):
    assert year in [t["year"] for t in parse_targets(sentence, 2023, other=True)]


@pytest.mark.parametrize("sentence", [
    "By the end of 2023, the Company had saved 1.2 million m3 of water through recycling upgrades.",
    "By end 2023 the share of renewable electricity stood at 41%.",
    "By the end of 2023, our recycling lines can process 80,000 tons of scrap a year.",
    "In 2023 we will review the water intensity of our offices, cutting it by 10%.",
])
def test_what_was_done_by_the_report_s_year_is_no_target_for_it(sentence):
    assert 2023 not in [t["year"] for t in parse_targets(sentence, 2023, other=True)]


# a table row whose cells wrap over several lines, as the PDF reader gives it: one tab-separated line per line of the
# cells; the last line is shorter when some cells have ended
_WRAPPED = ("Table 2 Climate metrics and targets\n\n"
            "Metric\tCurrent performance\t2024-2026 target\tLong-term target\n\n"
            "Office energy\t171 kWh/m2 at\tCut office energy intensity\tNet zero\n"
            "intensity\tend 2023\tby 12% by end\toperations by\n"
            "per floor area\t2026\t2040\n\n"
            "Rooftop solar\t2.1MW of solar PV\t5MW of solar PV\tSolar on every\n"
            "capacity\tinstalled across the\tinstalled across the\tfeasible roof\n"
            "portfolio by end 2023\tportfolio by end 2025\n\n"
            "Scope 1\t120\t110\t100\n"
            "Scope 2\t80\t75\t70\n")


def test_wrapped_rows_are_read_column_by_column_with_their_hanging_years():
    from esgkg.extract.targets import _wrapped_rows
    rows = [cells for _, _, cells in _wrapped_rows(_WRAPPED)]
    assert rows[0] == ["Office energy intensity", "171 kWh/m2 at end 2023", "Cut office energy intensity by 12% by end 2026",
                       "Net zero operations by 2040"]
    assert rows[1][2] == "5MW of solar PV installed across the"  # a short last line's words cannot be placed: only years are
    assert all("Scope 1" not in cells for cells in rows)  # rows of one line each are no wrapped row


def test_the_targets_of_wrapped_rows_and_not_their_current_figures():
    got = sorted((t.topic, t.year, t.value) for t in run(_WRAPPED))
    assert ("EnergyIntensity", 2026, 12.0) in got and ("CarbonNeutrality", 2040, None) in got
    assert all(year != 2023 for _, year, _ in got)


def test_two_columns_of_prose_side_by_side_are_no_wrapped_row():
    from esgkg.extract.targets import _wrapped_rows
    left = "We have set out our approach to climate risk in the sections that follow, with the board's role first and"
    right = "Our suppliers are asked to report their emissions every year through the platform we opened to them in"
    text = f"{left}\t{right}\n" + "then management's role, the metrics we use and the targets we set for ourselves\tand we review\n" * 3
    assert _wrapped_rows(text) == []


def test_a_net_zero_item_s_scope_in_brackets_after_its_year_is_its_scope():
    got = parse_targets("1. Net Zero across our worldwide operations by 2050 or sooner (Scope 1+2).", 2023, other=True)
    assert [(t["topic"], t["year"]) for t in got] == [("CarbonNeutrality", 2050)]
    got = parse_targets("Net zero by 2050 and a 30% cut in Scope 1 emissions by 2030.", 2023, other=True)
    assert sorted((t["topic"], t["year"]) for t in got) == [("CarbonNeutrality", 2050), ("GHGEmissions", 2030)]


@pytest.mark.parametrize("sentence, topic, year, value", [
    ("We hope to bring our Scope 2 emissions close to zero in 2025.", "GHGEmissions", 2025, 0.0),
    ("The Group hopes to source 80% renewable electricity by 2026.", "RenewableEnergy", 2026, 80.0),
    ("Renewable electricity: to reach c.90% of our use in 2026", "RenewableEnergy", 2026, 90.0),
])
def test_hopes_and_circa_amounts(sentence, topic, year, value):
    assert (topic, year, value) in [(t["topic"], t["year"], t["value"]) for t in parse_targets(sentence, 2023, other=True)]


def test_hoping_others_act_is_no_target():
    assert parse_targets("We hope to see regulators set a carbon price by 2030.", 2023, other=True) == []


def test_an_infographic_figure_over_its_caption_is_the_caption_s_amount():
    body = ("Our 2030 climate goals\n\n50%\n\nreduction in Scope 1 and 2 emissions by 2030\n\n"
            "12 GW\n\nof renewable capacity in operation by 2030\n\nNet zero\n\nby 2050\n\n"
            "120\n\nemployees joined the volunteering programme in 2023\n\n"
            "45%\n\nReduction achieved since 2015, reported in 2023\n")
    got = sorted((t.topic, t.year, t.value) for t in run(body))
    assert got == [("CarbonNeutrality", 2050, None), ("GHGEmissions", 2030, 50.0), ("RenewableEnergy", 2030, 12.0)]
    evidence = [t.evidence.text for t in run(body) if t.topic == "GHGEmissions"]
    assert evidence == ["50%\n\nreduction in Scope 1 and 2 emissions by 2030"]


def test_a_page_number_over_a_sentence_is_no_amount():
    body = "17\n\nWe will expand renewable electricity at our sites by 2030, site by site.\n"
    assert [t.value for t in run(body)] in ([], [None])
