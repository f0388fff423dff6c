"""Unit tests of ``esg_facilities`` on text written for these tests (never report text)."""
from __future__ import annotations

from pathlib import Path

import spacy

from esgkg.extract import extract, make_nlp
from esgkg.extract.facilities import FacilityExtractor
from esgkg.ingest import Document

COVER = ("Northwind Alloys Co., Ltd. (hereinafter \"the Company\") 2023 Sustainability Report.\n\n"
         "Eastfield Castings Co., Ltd. and Westbrook Metals Co., Ltd. are subsidiaries of the Company.\n\n")


def facilities(body: str, nlp=None) -> dict[str, object]:
    found = extract(Document(source=Path("fixture.txt"), text=COVER + body), nlp or make_nlp()).facilities
    return {f.name: f for f in found}


def test_capitalised_name_with_place():
    f = facilities("The Company runs the Ningbo Forging Plant, which opened in 2019.\n")
    assert f["Ningbo Forging Plant"].location == "Ningbo" and f["Ningbo Forging Plant"].country == "China"
    assert f["Ningbo Forging Plant"].facility_type == "plant"


def test_noun_of_organisation_lists_give_one_facility_each_with_that_operator():
    f = facilities("Four labs including the Test Centers of Eastfield Castings Co., Ltd., Westbrook Metals Co., Ltd. "
                   "and the Laboratory of Northwind Alloys Co., Ltd. passed the ISO/IEC 17025 accreditation.\n")
    assert f["Test Center of Eastfield Castings Co., Ltd."].operator.startswith("Eastfield Castings")
    assert f["Test Center of Westbrook Metals Co., Ltd."].operator.startswith("Westbrook Metals")
    assert f["Laboratory of Northwind Alloys Co., Ltd."].facility_type == "laboratory"


def test_possessive_names_the_operator():
    f = facilities("Eastfield Castings Co., Ltd.'s Harbin factory installed new furnaces this year.\n")
    assert f["Harbin factory"].operator.startswith("Eastfield Castings")
    assert f["Harbin factory"].location == "Harbin"


def test_quoted_name_and_of_place():
    f = facilities('We built the "Coastal Light Metals Research Institute" and the "Engineering Technology Center of Fujian Province".\n')
    assert "Coastal Light Metals Research Institute" in f
    assert f["Engineering Technology Center of Fujian Province"].location == "Fujian"


def test_described_site_tied_to_an_operator():
    f = facilities("Upgrades reached the hot rolling production workshop in Westbrook Metals Co., Ltd. last spring.\n"
                   "The Company renovated its 5G smart industrial park in 2023.\n")
    assert f["hot rolling production workshop"].operator.startswith("Westbrook Metals")
    assert "5G smart industrial park" in f


def test_located_sites_one_per_place_and_the_switch():
    body = "The Company also has overseas locations in Vietnam and Mexico for assembly work.\n"
    f = facilities(body)
    assert {n: x.country for n, x in f.items()} == {"overseas location in Vietnam": "Vietnam", "overseas location in Mexico": "Mexico"}
    nlp = spacy.blank("en")
    for name in ("esg_sentences", "esg_orgs", "esg_company", "esg_subsidiaries", "esg_certifications", "esg_targets"):
        nlp.add_pipe(name)
    nlp.add_pipe("esg_facilities", config={"located_sites": False})
    assert isinstance(nlp.get_pipe("esg_facilities"), FacilityExtractor)
    assert facilities(body, nlp) == {}


def test_counted_sites_with_named_provinces():
    f = facilities("The Company operates 5 industrial parks across China, including Jiangsu, Anhui and Hubei, to serve clients.\n")
    [(name, fac)] = f.items()
    assert name == "5 industrial parks" and fac.location == "Jiangsu, Anhui, Hubei"


def test_generic_mentions_titles_and_certificates_are_not_facilities():
    f = facilities("We clean the factory and workshops every day to keep the site tidy.\n"
                   "The Company has 7 production bases around the world, with 9,000 employees.\n"
                   "Westbrook Metals Co., Ltd. was awarded the provincial \"Green Factory\" title in 2023.\n"
                   "The Company holds the TIP general certification for labs issued last year.\n"
                   "We work with the Northern Institute of Technology and Lakeside University on alloys.\n")
    assert f == {}
