"""PDF parity (issue 14): a report read from its PDF, whose reader joins a paragraph's wrapped lines into one
line and sets table cells apart by tabs, gives the facts its line-broken text gives.

Each fixture (text written for these tests, never report text) is read twice: wrapped at a fixed width, as
``pdftotext`` keeps it, and with every paragraph on one line, as the PDF reader gives it.
"""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from esgkg.extract import extract, make_nlp
from esgkg.extract.places import is_place_adjective
from esgkg.extract.text import ORG_NAME, ORG_NAME_PREFIXED
from esgkg.ingest import Document

COVER = 'Brannock Lines A/S (hereinafter "Brannock" or "the Company") publishes its 2023 Sustainability Report.\n\n'


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def _wrapped(body: str, width: int = 44) -> str:
    """Every paragraph wrapped at ``width`` characters (tab-separated rows and short lines kept)."""
    return "\n\n".join(p if "\t" in p else "\n".join(textwrap.wrap(p, width)) for p in body.split("\n\n"))


def _one_line(body: str) -> str:
    return "\n\n".join(re.sub(r"\s*\n\s*", " ", p) if "\t" not in p else p for p in body.split("\n\n"))


def facts_of(body: str, nlp, layout):
    return extract(Document(source=Path("fixture.txt"), text=COVER + layout(body)), nlp)


LAYOUTS = pytest.mark.parametrize("layout", [_wrapped, _one_line], ids=["wrapped", "one-line"])


def units(body: str, nlp, layout) -> set[str]:
    return {s.name for s in facts_of(body, nlp, layout).subsidiaries}


@pytest.mark.parametrize("word", ["European", "Chinese", "Brazilian", "Asian", "Indian", "German", "Polish", "Italian"])
def test_adjectives_of_countries_and_continents(word):
    assert is_place_adjective(word)


@pytest.mark.parametrize("word", ["Ocean", "Mobility", "Guardian", "Titan", "Sudan", "Healthcare", "Brannock", "european"])
def test_other_words_are_no_place_adjectives(word):
    assert not is_place_adjective(word)


@LAYOUTS
def test_a_place_adjective_before_business_names_no_unit(nlp, layout):
    body = ("Carbon costs weigh on our European business over the next ten years, while our Castor business and "
            "the Castor business of the group grow with demand for short-sea transport in the region.\n\n")
    got = units(body, nlp, layout)
    assert "Castor" in got
    assert "European" not in got


@pytest.mark.parametrize("gap", [" ", "\n"], ids=["one-line", "wrapped"])
def test_a_unit_word_wrapped_to_the_next_line_still_names_a_unit(nlp, gap):
    body = f"Audits rose by 9 % in the year, driven by projects in new countries in the Railway{gap}business and by new lines.\n\n"
    assert "Railway" in units(body, nlp, lambda b: b)


@LAYOUTS
def test_labels_and_table_headers_named_after_the_company_are_no_units(nlp, layout):
    body = ("Brannock Energy runs our terminals.\n\nBrannock Energy also runs two depots.\n\n"
            "In 2021 we introduced the Healthy @ Brannock Label as a mark for good health management. So far 12 "
            "countries have received the Healthy @ Brannock Label.\n\n"
            "Fuel burnt by Brannock Metric\n\n2021\t2022\t2023\n\nPower used by Brannock Metric\n\n")
    got = units(body, nlp, layout)
    assert "Brannock Energy" in got
    assert not {"Brannock Label", "Brannock Metric"} & got


@pytest.mark.parametrize("gap", [" ", "\n"], ids=["one-line", "wrapped"])
def test_a_sentence_of_names_ending_a_wrapped_line_is_prose_not_a_title(nlp, gap):
    # wrapped, the last line ('Feeders, and Towage; Brannock Cargo; and Brannock Fuels.') is nearly all capitals
    body = ("The group will be made of three companies: Brannock Lines A/S, holding the Core of Brannock with Harbour Services, Coastal"
            f"{gap}Feeders, and Towage; Brannock Cargo; and Brannock Fuels.\n\n"
            "Our Harbour Services business grew.\n\n")
    got = units(body, nlp, lambda b: b)
    assert {"Harbour Services", "Coastal Feeders", "Brannock Cargo", "Brannock Fuels"} <= got


def test_a_tab_is_a_cell_boundary_inside_a_list(nlp):
    body = ("Our trade work is led by our brands, including Seaplume,\n\n"
            "Governance\tKestrel, Brannock Growth, and Cold Harbour Logistics, and overseen by the board.\n\n"
            "Brannock Growth invests in start-ups. Brannock Growth made four investments. Our Cold Harbour Logistics business grew.\n\n")
    got = units(body, nlp, lambda b: b)
    assert {"Kestrel", "Seaplume", "Brannock Growth"} <= got
    assert not any("Governance" in g for g in got)


@pytest.mark.parametrize("row, name", [
    ("Address\tVantor Industries AG", "Vantor Industries AG"),
    ("Description\tCompany’s failure to meet new rules", None),
    ("March 2023\tOsterley Metals Co., Ltd.", "Osterley Metals Co., Ltd."),
])
def test_no_legal_name_spans_a_tab(row, name):
    found = [m.group(0) for m in ORG_NAME.finditer(row)] + [m.group(0) for m in ORG_NAME_PREFIXED.finditer(row)]
    assert found == ([name] if name else [])


@LAYOUTS
def test_a_unit_set_after_a_prefixed_company_name_is_not_part_of_the_name(nlp, layout):
    body = ("JSC Pelmora mines phosphate rock. JSC Pelmora is our subsidiary.\n\n"
            "Responsible:\tLab of JSC Pelmora Research Centre\n\n"
            "JSC Ostrava Pumps Department of Safety checks the pumps.\n\n")
    f = facts_of(body, nlp, layout)
    names = {s.name for s in f.subsidiaries}
    assert "JSC Pelmora" in names and "JSC Pelmora Research Centre" not in names
    assert "JSC Ostrava Pumps Department" in f.organizations  # no shorter name of it is known: kept as written


def certified(body: str, nlp, layout) -> set[str]:
    return {c.standard for c in facts_of(body, nlp, layout).certifications}


@LAYOUTS
def test_membership_of_an_assurance_scheme_is_no_certificate(nlp, layout):
    body = ("Brannock is a member of the Responsible Minerals Initiative’s “Responsible Minerals Assurance Process” and "
            "asks any remaining uncertified eligible smelters to join its audits on the way to certification.\n\n")
    assert certified(body, nlp, layout) == set()
    body += "Our Aarhus depot is certified to ISO 14001 since 2019.\n\n"
    assert certified(body, nlp, layout) == {"ISO 14001"}


def test_asking_smelters_to_be_certified_is_no_claim(nlp):
    # one line, as the PDF reader gives a paragraph (a line-broken text reads each line as a sentence)
    body = "We encourage all of our eligible partner smelters to obtain RMAP certification by 2025.\n\n"
    assert certified(body, nlp, _one_line) == set()
    assert certified("Our smelter at Aarhus obtained RMAP certification in 2023.\n\n", nlp, _one_line) == {"RMI RMAP"}


def partners(body: str, nlp, layout, kind: str) -> set[str]:
    return {r.partner for r in facts_of(body, nlp, layout).relations if r.kind == kind}


@LAYOUTS
def test_supply_chain_is_no_verb_and_a_relative_clause_names_no_customer(nlp, layout):
    body = ("We ask our 400 suppliers to name the smelters in our supply chain which are related to Tin, Cobalt and Gold.\n\n"
            "We supply marine fuel to Harwick Ferries.\n\n")
    got = partners(body, nlp, layout, "customer")
    assert "Harwick Ferries" in got
    assert not {"Tin", "Cobalt"} & got


def test_a_legal_form_before_a_name_is_a_word_of_its_own():
    text = "permanent total disability (PTD) is rare at PT Sinar Abadi Tbk."
    assert [m.group(0) for m in ORG_NAME_PREFIXED.finditer(text)] == ["PT Sinar Abadi Tbk"]


@LAYOUTS
def test_a_unit_word_that_modifies_a_noun_names_no_unit(nlp, layout):
    body = ("We manage risks for customers as part of our Global Reach business strategy.\n\n"
            "Brannock FLEX delivery runs on biofuel. Brannock FLEX delivery grew by half.\n\n")
    assert not {"Global Reach", "Brannock FLEX"} & units(body, nlp, layout)
    assert "Global Reach" in units("Our Global Reach business grew by a third.\n\n", nlp, layout)


@LAYOUTS
def test_a_seat_on_a_board_is_no_membership_of_the_company(nlp, layout):
    body = ("Our diversity officer and a member of the Brannock Sustainability Board review progress each quarter.\n\n"
            "We joined the Clean Cargo Group.\n\n")
    got = partners(body, nlp, layout, "member")
    assert "Clean Cargo Group" in got
    assert "Brannock Sustainability Board" not in got


@LAYOUTS
def test_a_unit_its_head_leads_is_not_absorbed_by_a_longer_unit_name(nlp, layout):
    body = ("Brannock Europe Bulk Carriers reports on this segment.\n\nBrannock Europe Bulk Carriers grew.\n\n"
            "Signed by Ada Holm, CEO Brannock Europe.\n\n")
    assert {"Brannock Europe", "Brannock Europe Bulk Carriers"} <= units(body, nlp, layout)
    # without a head of its own, a leading part is the longer name cut short
    body = "Brannock Wind Power grew.\n\nBrannock Wind Power hired 20.\n\nBrannock Wind hired 30. Brannock Wind grew.\n\n"
    got = units(body, nlp, layout)
    assert "Brannock Wind Power" in got and "Brannock Wind" not in got


@LAYOUTS
def test_an_investment_introduced_by_a_relative_clause(nlp, layout):
    body = "Through our venture arm we have invested in Tallyo, which lends to small exporters, and in new ships.\n\n"
    assert "Tallyo" in units(body, nlp, layout)
    assert "Tallyo" not in units("We have invested in Tallyo technology for years.\n\n", nlp, layout)
