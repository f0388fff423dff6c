"""Unit tests of ``esg_subsidiaries`` on text written for these tests (never report text).

Each rule of group membership has a positive case and a negative one.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from esgkg.extract import extract, make_nlp
from esgkg.ingest import Document

COVER = 'Quillon Metals Co., Ltd. (hereinafter "Quillon" or "the Company") publishes its 2023 ESG report.\n\n'


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def subs(body: str, nlp) -> dict[str, tuple[str, str]]:
    f = extract(Document(source=Path("fixture.txt"), text=COVER + body), nlp)
    return {s.name: (s.parent, s.relation) for s in f.subsidiaries}


def test_relation_words_give_the_relation(nlp):
    got = subs("Its wholly-owned subsidiary Orwell Foil Co., Ltd. rolls foil. The Company also has a joint venture, Tamsin Magnet Co., Ltd.\n"
               "Besides, there are two associates, namely Ludgate Energy Co., Ltd. and Harrow Power Limited.\n", nlp)
    assert got["Orwell Foil Co., Ltd."] == ("Quillon Metals Co., Ltd.", "subsidiary")
    assert got["Tamsin Magnet Co., Ltd."][1] == "joint_venture"
    assert got["Ludgate Energy Co., Ltd."][1] == "associate" and got["Harrow Power Limited"][1] == "associate"


def test_subsidiaries_under_a_named_parent(nlp):
    got = subs("Orwell Foil Co., Ltd. is our subsidiary. There are two subsidiaries under Orwell Foil Co., Ltd., namely Orwell Foil (Hunan) Limited "
               "and Pinner Coatings Limited.\n", nlp)
    assert got["Orwell Foil (Hunan) Limited"] == ("Orwell Foil Co., Ltd.", "subsidiary")
    assert got["Pinner Coatings Limited"][0] == "Orwell Foil Co., Ltd."
    assert got["Orwell Foil Co., Ltd."][0] == "Quillon Metals Co., Ltd."


def test_acquired_business_without_legal_form(nlp):
    got = subs("In 2016 the Company acquired KTX in the UK, a maker of grain refiners.\n", nlp)
    assert got["KTX"] == ("Quillon Metals Co., Ltd.", "subsidiary")
    assert "ISO" not in subs("The Company acquired ISO 9001 certification.\n", nlp)
    assert not subs("The Company was acquired by Barnet Holdings in 2010.\n", nlp)


def test_names_listed_after_subsidiaries_become_organisations(nlp):
    got = subs("Audits covered major subsidiaries, including an on-site audit on Quillon Baotou Technology and Quillon Ningbo Technology.\n", nlp)
    assert {"Quillon Baotou Technology", "Quillon Ningbo Technology"} <= set(got)
    assert not subs("Audits covered major subsidiaries, including an on-site audit on energy use.\n", nlp)


def test_business_segments(nlp):
    got = subs("The Company operates its business mainly in three sectors: Quillon Wire, Quillon Foil and Bright Recycling.\n", nlp)
    assert {k for k, (_, r) in got.items() if r == "business_segment"} == {"Quillon Wire", "Quillon Foil", "Bright Recycling"}


def test_named_companies_are_group_members_by_default_but_outsiders_are_not(nlp):
    got = subs("Orwell Foil Co., Ltd. built a solar plant. Pinner Coatings Co., Ltd. cut its water use.\n"
               "We signed a strategic cooperation agreement with Barnet Motors Co., Ltd.\n"
               "The audit was performed by Harlow Certification Co., Ltd.\n"
               "Our supplier of alumina is Wembley Mining Co., Ltd.\n"
               "Quillon is listed on the Stock Exchange of Hong Kong Limited.\n", nlp)
    assert {"Orwell Foil Co., Ltd.", "Pinner Coatings Co., Ltd."} <= set(got)
    for outsider in ("Barnet Motors Co., Ltd.", "Harlow Certification Co., Ltd.", "Wembley Mining Co., Ltd.", "Stock Exchange of Hong Kong Limited"):
        assert outsider not in got


def test_words_after_a_name_can_make_it_an_outsider(nlp):
    got = subs("Barnet Testing Co., Ltd., a third-party organisation, checked the data. Pinner Motors Co., Ltd. (our customer) "
               "buys wheels. Harrow Steel Co., Ltd. awarded the Company a prize. Orwell Foil Co., Ltd., a maker of foil, grew.\n", nlp)
    assert "Orwell Foil Co., Ltd." in got
    for outsider in ("Barnet Testing Co., Ltd.", "Pinner Motors Co., Ltd.", "Harrow Steel Co., Ltd."):
        assert outsider not in got


def test_parent_group_and_controlling_shareholder_are_not_subsidiaries(nlp):
    got = subs("We use the power of Hubei Quillon Group Co., Ltd. in Hubei.\nOur controlling shareholder is Barnet Investment Co., Ltd.\n", nlp)
    assert "Hubei Quillon Group Co., Ltd." not in got and "Barnet Investment Co., Ltd." not in got


def test_the_reporters_name_stem_outweighs_an_outside_context(nlp):
    got = subs("The centre was jointly built by Hubei Quillon Wheel Co., Ltd. and a university.\n"
               "The centre was jointly built by Pinner Wheel Co., Ltd. and a university.\n", nlp)
    assert "Hubei Quillon Wheel Co., Ltd." in got and "Pinner Wheel Co., Ltd." not in got


def test_definitions_table_members(nlp):
    table = ("## Abbreviations\n\nQuillon, the Company\nSardis Wire\n\n#### Full name\n\nQuillon Metals Co., Ltd.\n\nSardis Wire Technology Co., Ltd.\n\n"
             "We thank Sardis Wire for its cooperation with our partners.\n")
    got = subs(table, nlp)
    assert got["Sardis Wire Technology Co., Ltd."] == ("Quillon Metals Co., Ltd.", "subsidiary")


def test_default_membership_can_be_switched_off():
    nlp = spacy.blank("en")
    for name in ("esg_sentences", "esg_orgs", "esg_company"):
        nlp.add_pipe(name)
    nlp.add_pipe("esg_subsidiaries", config={"group_members_by_default": False})
    doc = nlp(COVER + "Orwell Foil Co., Ltd. built a solar plant. Its subsidiary Pinner Coatings Co., Ltd. cut water use.\n")
    assert [s.name for s in doc._.esg.subsidiaries] == ["Pinner Coatings Co., Ltd."]


# ---- relation cues read by their structure (patterns/subsidiaries.jsonl): names without a legal form


def test_apposition_and_copula_name_a_unit_with_its_parent(nlp):
    got = subs("Hollin Power, a wholly-owned Quillon affiliate, sells heat. Brisk Trade was our first portfolio company.\n"
               "Pellan Grid, a subsidiary of Orwell Foil Co., Ltd., runs cables. Orwell Foil Co., Ltd. is our subsidiary.\n"
               "Tamsin Cells, a joint venture with a carmaker, builds batteries.\n", nlp)
    assert got["Hollin Power"] == ("Quillon Metals Co., Ltd.", "subsidiary")
    assert got["Brisk Trade"][0] == "Quillon Metals Co., Ltd."
    assert got["Pellan Grid"] == ("Orwell Foil Co., Ltd.", "subsidiary")
    assert got["Tamsin Cells"][1] == "joint_venture"


def test_premodified_units_and_coordinated_segments(nlp):
    got = subs("Heat recovery draws on the expertise of our Varne Heat affiliate.\n"
               "Emissions fell in the Rail & Freight and Home Services segments, as the plan said.\n", nlp)
    assert got["Varne Heat"] == ("Quillon Metals Co., Ltd.", "subsidiary")
    assert got["Rail & Freight"][1] == got["Home Services"][1] == "business_segment"


def test_lists_after_a_cue(nlp):
    got = subs("The Group sells power through its affiliates: Lampe Solar, Dorn Energie and Vessa Wind.\n"
               "Leaders came from our business segments across Retail Banking, Wealth Care and Trade Finance.\n", nlp)
    assert {"Lampe Solar", "Dorn Energie", "Vessa Wind", "Retail Banking", "Wealth Care", "Trade Finance"} <= set(got)
    # a bare comma after a plural segment word enumerates other things, not the segments' names
    assert not subs("The business lines, CSR Function and Risk Function weigh climate risks.\n", nlp)


def test_acquisitions_and_stakes(nlp):
    got = subs("The Group grew by acquiring Lampe Solar, Dorn Energie with its affiliate Quadro since 2016.\n"
               "In 2018 the Company acquired a 25% stake in Netherlands-based Tamsin Cells. It holds a majority stake in Brisk Trade.\n", nlp)
    assert got["Lampe Solar"][0] == got["Dorn Energie"][0] == "Quillon Metals Co., Ltd."
    assert got["Quadro"][0] == "Dorn Energie"
    assert got["Tamsin Cells"] == ("Quillon Metals Co., Ltd.", "associate")
    assert got["Brisk Trade"][1] == "subsidiary"
    assert not subs("The plant was acquired by Barnet Holdings. We acquired ISO 50001 certification. We have an interest in Asia.\n", nlp)


def test_no_unit_is_a_function_word_the_parent_itself_or_a_role_of_another_party(nlp):
    got = subs("Each of Quillon Metals Group Limited and Quillon Metals Plc is listed. Neither Quillon Metals Co., Ltd. nor its staff gave.\n"
               "Our largest tenant, Wembley Retail Inc., signed a lease. The auditor Harlow Review Limited checked the data.\n", nlp)
    assert not any(name.startswith(("Each", "Neither")) for name in got)
    assert "Quillon Metals Group Limited" not in got
    assert "Wembley Retail Inc." not in got and "Harlow Review Limited" not in got


def test_a_name_cut_by_a_line_break_is_completed(nlp):
    got = subs("Quillon Metals includes the following affiliates: Orwell Foil Inc., Pinner\n"
               "Wire Services Inc. and Tamsin Trading Inc., which are subsidiaries of Quillon.\n", nlp)
    assert "Pinner Wire Services Inc." in got and "Wire Services Inc." not in got


def test_a_table_header_over_its_cells_is_no_list(nlp):
    assert not subs("Business segment\nLocation\tHollin Terminal\tDescription\n", nlp)


def test_a_name_that_modifies_a_noun_is_no_acquired_business(nlp):
    assert "Brisk" not in subs("In 2021 the Company acquired Brisk lithography machines for its new line.\n", nlp)
    assert "Brisk Trade" in subs("In 2021 the Company acquired Brisk Trade, a maker of wire.\n", nlp)


# ---- how listing documents, utilities and groups with Italian legal forms name their subsidiaries (issue 21)


def test_a_definitions_glossary_gives_each_company_its_role(nlp):
    glossary = ("DEFINITIONS\n\n"
                '"Quillon Suzhou"        Quillon Metals (Suzhou) Co., Ltd., a limited liability company\n'
                "                        established in the PRC on May 5, 2012 and a wholly-owned\n"
                "                        subsidiary of our Company\n"
                '"Harrow Capital"        Harrow Capital Management Co., Ltd., a limited liability company\n'
                "                        established in the PRC and one of our Pre-IPO Investors\n"
                '"Barnet Fab"            Barnet Wafer Manufacturing Co., Ltd., one of our five largest suppliers\n\n'
                "Quillon Metals (Suzhou) Co., Ltd. runs our test line. Harrow Capital Management Co., Ltd. invested in 2021.\n"
                "Barnet Wafer Manufacturing Co., Ltd. ships wafers.\n")
    got = subs(glossary, nlp)
    assert got["Quillon Metals (Suzhou) Co., Ltd."] == ("Quillon Metals Co., Ltd.", "subsidiary")
    assert "Harrow Capital Management Co., Ltd." not in got and "Barnet Wafer Manufacturing Co., Ltd." not in got


def test_the_rows_of_a_table_of_subsidiaries(nlp):
    table = ("Our principal subsidiaries are set out below.\n\n"
             "Name of subsidiary        Place of incorporation    Equity interest held    Principal business\n"
             "Sardis Design Co., Ltd.     PRC                       70%                     Chip design\n"
             "Orwell Devices Inc.         United States             100%                    Sales\n\n"
             "Sardis Design Co., Ltd. has 40 engineers. Orwell Devices Inc. sells chips.\n")
    got = subs(table, nlp)
    assert {"Sardis Design Co., Ltd.", "Orwell Devices Inc."} <= set(got)
    assert "Place" not in got  # a header cell after a wide gap is no name listed after 'subsidiary'


def test_the_parent_company_of_lists_its_subsidiaries(nlp):
    got = subs("Quillon Metals Co., Ltd. is the parent company of Harrow Electric Company and Pinner Gas Company.\n"
               "Operating Company(s): Sardis Light Company, Tamsin Water Company\n"
               "Our parent company, Ludgate Holdings Co., Ltd., holds 60% of our shares.\n", nlp)
    assert {"Harrow Electric Company", "Pinner Gas Company", "Sardis Light Company", "Tamsin Water Company"} <= set(got)
    assert "Ludgate Holdings Co., Ltd." not in got


def test_italian_legal_forms_stay_whole(nlp):
    got = subs("The Group operates through its subsidiaries Harrow Reti S.p.A., Pinner Ambiente S.r.l. and Sardis Energia S.p.A.\n", nlp)
    assert {"Harrow Reti S.p.A.", "Pinner Ambiente S.r.l.", "Sardis Energia S.p.A."} <= set(got)
    assert not any(name.endswith("S.p") for name in got)


def test_units_named_with_the_reporters_word_but_not_its_documents(nlp):
    got = subs("Quillon Travel offers electric car rentals. A third of Quillon Travel’s rentals are electric.\n"
               "See the Quillon Climate Transition Action Plan. The Quillon Climate Transition Action Plan sets goals.\n"
               "Quillon Scope 3 emissions fell. Quillon Scope 1 emissions rose.\n", nlp)
    assert "Quillon Travel" in got
    assert not any(name.startswith(("Quillon Climate", "Quillon Scope")) for name in got)


def test_a_subsidiary_of_another_group_is_no_unit_of_the_reporter(nlp):
    got = subs("Quillon Metals Co., Ltd. is a holding company whose principal subsidiaries are Harrow Electric Company and Pinner Gas Company.\n"
               "Sardis Light Company and Tamsin Water Company are subsidiaries of Quillon Metals Co., Ltd.\n"
               "The grid is run by Barnet Power Company, a subsidiary of Wembley Energy Corporation.\n", nlp)
    assert {"Harrow Electric Company", "Pinner Gas Company", "Sardis Light Company", "Tamsin Water Company"} <= set(got)
    assert "Barnet Power Company" not in got and "Wembley Energy Corporation" not in got


def test_a_consolidation_table_lists_subsidiaries(nlp):
    table = ("Company name        Registered office     Share capital     % held     Consolidation method\n"
             "Orwell Reti S.p.A.      Milan             EUR 1,000,000     100%       Line-by-line\n"
             "Pinner Calore S.r.l.    Turin             EUR 50,000        60%        Line-by-line\n")
    got = subs(table, nlp)
    assert got["Orwell Reti S.p.A."][0] == got["Pinner Calore S.r.l."][0] == "Quillon Metals Co., Ltd."


def test_a_long_list_of_affiliates_with_notes_and_places(nlp):
    got = subs("Quillon Asset Management includes the following affiliates: Orwell Securities Inc. (Member–Canadian Investor\n"
               "Protection Fund), Pinner Direct Investing Inc. (Member–Canadian Investor Protection Fund), Harrow Mutual Funds Inc.,\n"
               "Ludgate Asset Management (U.S.) Inc., Ludgate Asset Management (Asia)\nLimited, Sardis Wealth Services Inc.\n"
               "and Barnet Trading Company, which are affiliated subsidiaries of Quillon.\n", nlp)
    assert {"Orwell Securities Inc.", "Harrow Mutual Funds Inc.", "Ludgate Asset Management (U.S.) Inc.",
            "Sardis Wealth Services Inc."} <= set(got)
    assert any(name.startswith("Ludgate Asset Management (Asia)") for name in got)


def test_a_role_after_and_belongs_to_no_name_before_it(nlp):
    got = subs("Orwell Foil Co., Ltd. rolls foil. Orwell Foil Co., Ltd. and its customers cut waste. Pinner Wire Co., Ltd. and our subsidiary Harrow Cable Co., Ltd. "
               "cut water use.\n", nlp)
    assert "Orwell Foil Co., Ltd." in got  # a member by default: 'and its customers' makes it no outsider
    assert got["Harrow Cable Co., Ltd."][0] == "Quillon Metals Co., Ltd."


# ---- units named without a legal form by a role the reporter possesses; default members need group evidence

def test_units_named_by_a_possessed_role_without_a_legal_form(nlp):
    got = subs("Through our regulated utilities, Quillon Power Company, Fenwick Light and Heat, and Marsh Gas & Water, we serve\n"
               "two million homes. Our district heating business, Quillon Heat, serves 40 towns. Pellor, our recycling\n"
               "company, is building a plant. Quillon Trading is the group's marketing company.\n"
               "Our plan rests on its two service companies: Sunmere, which installs heat pumps, and Quillon Mobility,\n"
               "which runs charging points.\n", nlp)
    for unit in ("Quillon Power Company", "Fenwick Light and Heat", "Marsh Gas & Water", "Quillon Heat", "Pellor",
                 "Quillon Trading", "Sunmere", "Quillon Mobility"):
        assert got[unit][0] == "Quillon Metals Co., Ltd.", unit
    assert "Fenwick Light" not in got and "Heat" not in got


def test_a_possessed_company_that_is_another_party_or_owns_something_is_no_unit(nlp):
    got = subs("Barnet Holdings, our parent company, owns 60%. Across all 17 SDGs, our company's impact is greatest on climate.\n"
               "Harrow Steel, our partner company, supplies billets.\n", nlp)
    assert not {"Barnet Holdings", "SDGs", "Harrow Steel"} & set(got)


def test_default_members_need_evidence_of_the_group(nlp):
    got = subs("Orwell Foil Co., Ltd. and Pinner Coatings Co., Ltd. jointly built a test line.\n"
               "In 2022 we invested US$5 million in Tamsin Carbon Ltd to develop capture.\n"
               "Our Leeds warehouse at 12 Harbour Road SE received a green building rating.\n"
               "Our five largest suppliers in 2023 were Barnet Mining Co., Ltd., Wembley Gas Limited, Harlow Tools Inc.\n"
               "and Ludgate Chemicals Co., Ltd., accounting for 40% of our purchases.\n"
               "Sole Sponsor\n Marlow Capital Limited\n\n"
               "A report by Kew Analytics Limited was cited.\n", nlp)
    assert {"Orwell Foil Co., Ltd.", "Pinner Coatings Co., Ltd.", "Tamsin Carbon Ltd"} <= set(got)
    for outsider in ("Harbour Road SE", "12 Harbour Road SE", "Barnet Mining Co., Ltd.", "Wembley Gas Limited", "Harlow Tools Inc.",
                     "Ludgate Chemicals Co., Ltd.", "Marlow Capital Limited", "Kew Analytics Limited"):
        assert outsider not in got, outsider


def test_another_groups_subsidiary_is_not_the_reporters(nlp):
    got = subs('"Exchange"   Varne Stock Exchange Limited, a wholly-owned subsidiary of Varne Exchanges and Clearing Limited\n', nlp)
    assert not got


LISTING = ('Quillon Semiconductor Co., Ltd.\n(a joint stock company incorporated in the People\'s Republic of China with limited liability)\n\n'
           'DEFINITIONS\n'
           '"Quillon Wuxi"            Quillon Semiconductor (Wuxi) Co., Ltd., a limited liability company\n'
           '                          established in the PRC on 2 May 2016 and a wholly-owned subsidiary of\n'
           '                          our Company\n'
           '"Kew Research"            Kew Research Consulting (Shanghai) Co., Ltd., an independent market\n'
           '                          research firm and an Independent Third Party\n'
           '"Company" or "our Company" Quillon Semiconductor Co., Ltd.\n\n'
           'HISTORY AND CORPORATE STRUCTURE\n'
           'The following table sets forth details of our principal subsidiaries:\n'
           '                               Place and date of     Registered      Equity interest     Principal\n'
           'Name                           incorporation         capital         attributable        activities\n'
           'Quillon Packaging (Xiamen)     PRC, 3 June 2019      RMB80 million   100%                Packaging\n'
           ' Co., Ltd.\n'
           'Sunmere Test Limited           Hong Kong, 2020       HK$10,000       70%                 Testing\n\n'
           'Our largest supplier in 2023 was Pellor Gas Co., Ltd., which provided 12% of our purchases.\n'
           'Our PRC subsidiaries, Quillon Design (Suzhou) Co., Ltd. and Quillon Tools (Hefei) Co., Ltd., hold permits.\n')


# the same glossary and table as a PDF's layout pass gives them: table cells tab-separated, a wrapped cell's lines
# each a row of their own, a heading in capitals
LISTING_FROM_PDF = ('Quillon Semiconductor Co., Ltd.\n\n(A joint stock company incorporated in the People\'s Republic of China with limited '
                    'liability)\n\nDEFINITIONS\n\n'
                    '“Quillon Wuxi”\tQuillon Semiconductor (Wuxi) Co., Ltd., a limited liability\n'
                    '\tcompany established in the PRC on 2 May 2016 and a wholly-owned\n\tsubsidiary of our Company\n'
                    '“Kew Research”\tKew Research Consulting (Shanghai) Co., Ltd., an independent market\n'
                    '\tresearch firm and an Independent Third Party\n\n'
                    'OUR PRINCIPAL SUBSIDIARIES\n\n'
                    'Name\tPlace and date of incorporation\tRegistered capital\tEquity interest held\tPrincipal activities\n'
                    'Quillon Packaging (Xiamen) Co., Ltd.\tPRC, 3 June 2019\tRMB80 million\t100%\tPackaging\n'
                    'Sunmere Test Limited\tHong Kong, 2020\tHK$10,000\t70%\tTesting\n\n'
                    'Our largest supplier in 2023 was Pellor Gas Co., Ltd., which provided 12% of our purchases. Our PRC subsidiaries, '
                    'Quillon Design (Suzhou) Co., Ltd. and Quillon Tools (Hefei) Co., Ltd., hold permits.\n')


@pytest.mark.parametrize("text", [LISTING, LISTING_FROM_PDF], ids=["text-layout", "pdf-layout"])
def test_listing_document_definitions_and_principal_subsidiaries_table(nlp, text):
    f = extract(Document(source=Path("fixture.txt"), text=text), nlp)
    got = {s.name for s in f.subsidiaries}
    assert {"Quillon Semiconductor (Wuxi) Co., Ltd.", "Quillon Design (Suzhou) Co., Ltd.", "Quillon Tools (Hefei) Co., Ltd."} <= got
    assert any(n.startswith("Quillon Packaging (Xiamen)") for n in got) and any(n.startswith("Sunmere Test") for n in got)
    for outsider in ("Kew Research Consulting (Shanghai) Co., Ltd.", "Pellor Gas Co., Ltd.", "Place", "PRC", "Name", "PRINCIPAL"):
        assert outsider not in got, outsider


def test_utility_operating_companies_in_lists_and_coordinated_subjects(nlp):
    got = subs("Quillon's four operating companies: Sardis Power Company-Iowa, Public Service Company of Harrow and Pinner Valley\n"
               "Service Company serve eight states. Quillon Missouri and Quillon Kansas are our regulated utilities. Kew\n"
               "Power & Light, Marsh Gas and Tamsin Heat, the satellites of the group, are listed here.\n", nlp)
    for unit in ("Sardis Power Company-Iowa", "Public Service Company of Harrow", "Pinner Valley Service Company", "Quillon Missouri",
                 "Quillon Kansas"):
        assert unit in got, unit


@pytest.mark.parametrize("body,members,outsiders", [
    ("Quillon's strategy relies on its satellites: Sunmere, the retail company, and Quillon Bio, the biorefining\n"
     "company. In Angola, Kaluwa Energy, the 50/50 joint venture with Northsea Oil plc, started production.\n"
     "Pellor Services, our generation arm, runs the plants.\n",
     {"Sunmere", "Quillon Bio", "Kaluwa Energy", "Pellor Services"}, {"Northsea Oil plc"}),
    ("We also hold 35% of Merlin Packaging Co., Ltd., an equity-accounted company. Pellor (our chemical company)\n"
     "makes polymers. We procure wafers from Lumen Foundry Co., Ltd., a subsidiary of Lumen Group Holdings Ltd.\n"
     "Emissions fell by 35% of the 2019 level.\n",
     {"Merlin Packaging Co., Ltd.", "Pellor"}, {"Lumen Foundry Co., Ltd.", "Lumen Group Holdings Ltd."}),
    ("Sunmere, the Quillon satellite for retail, grew. Pellor, the Quillon chemical company, makes polymers. About Quillon\n"
     "Company Profile Honors and Awards Highlight Performance\n", {"Sunmere", "Pellor"}, {"Profile Honors", "Awards Highlight Performance"}),
    ("We signed a framework agreement with Sparrow Trading Co., Ltd., a subsidiary of our Controlling Shareholder.\n"
     "Robin Auto Co., Ltd. and its subsidiaries are our customers.\n", set(), {"Sparrow Trading Co., Ltd.", "Robin Auto Co., Ltd."}),
], ids=["satellites-and-a-joint-venture-with-a-partner", "a-share-held-and-a-parenthesised-role", "the-reporters-name-before-the-role",
        "the-owner-of-its-subsidiaries"])
def test_units_named_by_their_role_and_their_partners(nlp, body, members, outsiders):
    got = subs(body, nlp)
    assert members <= set(got) and not outsiders & set(got)
