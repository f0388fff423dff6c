"""Unit tests of ``esg_relations`` on text written for these tests (never report text)."""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from esgkg.extract import extract, make_nlp
from esgkg.ingest import Document

COVER = ("Northwind Alloys Co., Ltd. (hereinafter \"the Company\") 2023 Sustainability Report.\n\n"
         "Eastfield Castings Co., Ltd. is a subsidiary of the Company.\n\n")


def relations(body: str, cover: str = COVER, nlp=None) -> set[tuple[str, str, str]]:
    facts = extract(Document(source=Path("fixture.txt"), text=cover + body), nlp or make_nlp())
    return {(r.kind, r.org.split()[0], r.partner) for r in facts.relations}


def test_supplier_of_x_makes_x_a_customer():
    got = relations("Our honours include best supplier of Volta Motors, excellent supplier of Kite Cars and Orion Trucks.\n")
    assert {("customer", "Northwind", "Volta Motors"), ("customer", "Northwind", "Kite Cars"), ("customer", "Northwind", "Orion Trucks")} <= got


def test_supplied_by_names_both_sides():
    got = relations("Packaging is reused by customers such as Rhea Auto supplied by Eastfield Castings Co., Ltd.\n")
    assert ("customer", "Eastfield", "Rhea Auto") in got


def test_customer_and_supplier_lists_and_purchases():
    got = relations("Key clients such as Nova Rail and Pike Energy renewed contracts.\n"
                    "We purchased green aluminium ingots from Summit Smelting Co., Ltd. this year.\n")
    assert {("customer", "Northwind", "Nova Rail"), ("customer", "Northwind", "Pike Energy"),
            ("supplier", "Northwind", "Summit Smelting Co., Ltd.")} <= got


def test_membership():
    got = relations("In 2023 the Company became a member of the Responsible Metals Alliance Council.\n")
    assert ("member", "Northwind", "Responsible Metals Alliance Council") in got


def test_not_named_as_such():
    got = relations("Our own suppliers of Northwind Alloys Co., Ltd. are audited yearly.\n"
                    "The audit was done by Prime Certification Co., Ltd. and we met Lakeside University.\n"
                    "We have a strategic partnership with Delta Mining Co., Ltd. on research.\n"
                    "Eastfield Castings Co., Ltd. is a key supplier to the Company.\n")
    assert got == set()


def test_supplier_is_x():
    got = relations("Our main supplier of copper is Summit Smelting Co., Ltd., which ships cathodes. Another supplier is Rowan Ores Co., Ltd.\n")
    assert {("supplier", "Northwind", "Summit Smelting Co., Ltd."), ("supplier", "Northwind", "Rowan Ores Co., Ltd.")} <= got
    assert not any(kind == "customer" for kind, _, _ in got)


def test_materials_of_a_named_company_but_not_of_a_region():
    # the component alone after the organisation index (no subsidiary rules deciding who is in the group)
    nlp = spacy.blank("en")
    for name in ("esg_sentences", "esg_orgs", "esg_company"):
        nlp.add_pipe(name)
    nlp.add_pipe("esg_relations", config={"max_partners_per_cue": 2})
    got = relations("The cast wheels use the recycled aluminium resources of Granite Metals Co., Ltd., an independent smelter.\n"
                    "We avoid raw materials from Conflict Regions and the resources of Inner Plains.\n", cover=COVER.split("\n\n")[0] + "\n\n", nlp=nlp)
    assert {(k, p) for k, _, p in got} == {("supplier", "Granite Metals Co., Ltd.")}


def test_partner_lists_across_line_breaks_and_service_contracts_are_suppliers():
    got = relations("We added 4,000 courses from strategic external partners such as Lernwerk,\nSkillpath, and Pagebook to our platform.\n"
                    "The Group keeps an annual waste inspection contract with the No. 17 Research Institute for Mineral Analysis.\n")
    assert {("supplier", "Northwind", "Lernwerk"), ("supplier", "Northwind", "Skillpath"), ("supplier", "Northwind", "Pagebook"),
            ("supplier", "Northwind", "No. 17 Research Institute for Mineral Analysis")} <= got


def test_commissioned_by_provided_to_and_we_supply_name_customers():
    got = relations("Northwind has been commissioned by the Q7 consortium to equip four pumping stations.\n"
                    "Northwind provided commercial logistics support to HELPNET during the floods.\n"
                    "We supply Orion Trucks with cast wheels.\n"
                    "We provided donations to Riverside Children Fund and training to Education Partners.\n"
                    "Our customers include Velo Cycles, Kite Cars and Rhea Auto.\n")
    assert {("customer", "Northwind", "Q7 consortium"), ("customer", "Northwind", "HELPNET"), ("customer", "Northwind", "Orion Trucks"),
            ("customer", "Northwind", "Velo Cycles"), ("customer", "Northwind", "Kite Cars"), ("customer", "Northwind", "Rhea Auto")} <= got
    assert not any(p in ("Riverside Children Fund", "Education Partners") for _, _, p in got)


def test_honours_from_customers_name_the_customer_and_the_sentence_names_the_holder():
    got = relations("Our honours include a Q1 certificate granted by Volta Motors, special award for Kite Cars supply chain guarantee, "
                    "Silver Award of Orion Trucks NHC Presentation Conference, Pioneer Award of Green Casting of Pike Energy and "
                    "excellent supplier of Rhea Auto.\n"
                    "Eastfield Castings Co., Ltd. was named best supplier of Nova Rail in 2023.\n"
                    "We have a certificate of Quality Management System from our auditor.\n")
    assert {("customer", "Northwind", "Volta Motors"), ("customer", "Northwind", "Kite Cars"), ("customer", "Northwind", "Orion Trucks"),
            ("customer", "Northwind", "Pike Energy"), ("customer", "Northwind", "Rhea Auto"), ("customer", "Eastfield", "Nova Rail")} <= got
    assert not any("System" in p for _, _, p in got)


def test_a_legal_form_name_ending_a_list_is_split_at_its_and():
    got = relations("Key customers include Agrimax, Fertico and Greenfields Ltd. in the region.\n")
    assert {("customer", "Northwind", p) for p in ("Agrimax", "Fertico", "Greenfields Ltd")} <= got


def test_reports_to_raters_and_partnerships_outside_honours_are_not_customers():
    got = relations("Northwind provided detailed information to Ratewise on its climate data.\n"
                    "We have a partnership with Delta Training to coach our suppliers on safety.\n")
    assert got == set()


def test_a_contract_with_a_partner_says_who_sells_by_what_it_is_for():
    got = relations("In 2023 we signed a ten-year contract with Orion Energy to supply renewable electricity to our plants.\n"
                    "Eastfield Castings Co., Ltd. signed an agreement with Delta Grid to purchase wind power.\n"
                    "The Company signed a contract with Pike Rail to supply 400 wagon frames.\n"
                    "We concluded a power purchase agreement (PPA) with Solaris Wind for our smelter.\n"
                    "We signed an agreement with Heron University on joint research.\n")
    assert {("supplier", "Northwind", "Orion Energy"), ("supplier", "Eastfield", "Delta Grid"),
            ("customer", "Northwind", "Pike Rail"), ("supplier", "Northwind", "Solaris Wind")} <= got
    assert not any(partner == "Heron University" for _, _, partner in got)  # a research agreement sells nothing


def test_a_partner_named_in_apposition_and_a_service_provider_engaged_to_do_a_task():
    got = relations("Our largest customer, Greenfield Home Stores, bought 12% of our output.\n"
                    "Its sole supplier, Quarry Minerals, delivers by rail.\n"
                    "The Company entrusted Lumen Carbon Advisory Co., Ltd., a third-party organisation, to calculate product footprints.\n"
                    "Our customer, the city, is served daily.\n"
                    "The Company has been commissioned by the Kestrel consortium to equip two plants.\n")
    assert {("customer", "Northwind", "Greenfield Home Stores"), ("supplier", "Northwind", "Quarry Minerals"),
            ("supplier", "Northwind", "Lumen Carbon Advisory Co., Ltd."), ("customer", "Northwind", "Kestrel consortium")} <= got
    assert not any(kind == "supplier" and partner.startswith("Kestrel") for kind, _, partner in got)  # 'commissioned by': a customer


def test_cues_read_across_wrapped_lines_and_a_clause_before_the_list():
    got = relations("We heard from our clients\nwho build offshore grids – including Brightwater Cables, Hollin\nWind Farm and Corran Services.\n"
                    "In 2023 we entered into a long-term power purchase agreement (PPA) –\nour first in the region – with Tallow Renewables.\n")
    assert {("customer", "Northwind", "Brightwater Cables"), ("customer", "Northwind", "Hollin Wind Farm"),
            ("customer", "Northwind", "Corran Services"), ("supplier", "Northwind", "Tallow Renewables")} <= got


def test_a_heading_line_is_not_joined_to_the_next_one():
    got = relations("Deal sourcing\nOur teams exclude from the portfolio Marlow Gaming.\n")
    assert not any(partner.startswith("Marlow") for _, _, partner in got)


# one sentence each (a phrasing kind of reports) and the partner it names, with its role
PHRASINGS = [
    ("It will provide balancing services to the Nordic grid operator Vantor from next year.", "customer", "Vantor"),
    ("We signed an agreement with Lowland’s state-owned generator and retailer Kelpie Power to purchase wind power.", "supplier", "Kelpie Power"),
    ("For an example, one Northwind supplier, Harlan Grains, cut its fertiliser use.", "supplier", "Harlan Grains"),
    ("Pellham Foods, one of our largest customers, switched to recycled trays.", "customer", "Pellham Foods"),
    ("We awarded a tender for two ore carriers to Brisk Shipping in 2023.", "supplier", "Brisk Shipping"),
    ("Northwind has been awarded a concession contract for charging hubs from Larkspur Council.", "customer", "Larkspur Council"),
    ("We consulted with Tern Analytics (7) to conduct a study of demand.", "supplier", "Tern Analytics"),
    ("Our largest tenants include Gable Grocers and Ferrow Pharmacy.", "customer", "Ferrow Pharmacy"),
    ("We outsource wafer testing to Quill Semiconductor.", "supplier", "Quill Semiconductor"),
    ("Marren Logistics supplies us with pallets made of recycled wood.", "supplier", "Marren Logistics"),
    ("Our energy consultant, Brackwater Advisory, modelled the scenarios.", "supplier", "Brackwater Advisory"),
    ("Our buildings are run by Tellan Estates, our property manager, since 2021.", "supplier", "Tellan Estates"),
    ("Climate risk scores were computed by data provider Orrin Metrics for each asset.", "supplier", "Orrin Metrics"),
    ("We signed an agreement in early 2023 with Pell-Ryan Lines to supply 90,000 tons of LNG over five years.", "customer", "Pell-Ryan Lines"),
    # issue 21: how utilities, property trusts, energy groups and prospectuses name their partners
    ("Our three largest suppliers in 2023 were Halden Wafer Co., Ltd., Brisk Gases and Corvel Tools.", "supplier", "Brisk Gases"),
    ("Our three largest suppliers in 2023 were Halden Wafer Co., Ltd., Brisk Gases and Corvel Tools.", "supplier", "Corvel Tools"),
    ("Our largest tenants are Gable Grocers, Ferrow Pharmacy and Tamsin Outfitters.", "customer", "Tamsin Outfitters"),
    ("Our principal customer is Vesta Microsystems, which bought half of our output.", "customer", "Vesta Microsystems"),
    ("The utility holds purchased power agreements with Harrow Wind, Solenne Solar and Pike Hydro.", "supplier", "Solenne Solar"),
    ("We signed PPAs with Harrow Wind and Solenne Solar for 300 MW.", "supplier", "Solenne Solar"),
    ("In 2023 we signed a PPA with Torvald Data Centers to supply 80 MW of solar power.", "customer", "Torvald Data Centers"),
    ("The group signed an offtake agreement with Calder Steelworks for green hydrogen.", "customer", "Calder Steelworks"),
    ("Coal for the station is supplied by Ridgeway Mining under a ten-year contract.", "supplier", "Ridgeway Mining"),
    ("The turbines were manufactured by Oxley Turbines and erected in 2022.", "supplier", "Oxley Turbines"),
    ("The group imports natural gas from Marrow Gas Company through two pipelines.", "supplier", "Marrow Gas Company"),
    ("Our wafers are produced by our foundry partner Quillon Semiconductor under long-term agreements.", "supplier", "Quillon Semiconductor"),
    ("We work with foundries such as Quillon Semiconductor and Helmar Fab.", "supplier", "Helmar Fab"),
    ("The centre is home to our anchor tenant Gable Grocers since 2015.", "customer", "Gable Grocers"),
    ("Equipment suppliers, including Corvel Tools and Maren Optics, hold long-term agreements with us.", "supplier", "Maren Optics"),
    # issue 23: purchases listed in one sentence, a named subject supplying "for our" sites, the role after the name
    ("We purchase turbines from Vestara Wind Systems and solar panels from Helios Modules Inc. under long-term agreements.", "supplier", "Vestara Wind Systems"),
    ("We purchase turbines from Vestara Wind Systems and solar panels from Helios Modules Inc. under long-term agreements.", "supplier", "Helios Modules Inc."),
    ("Tarn Valves Corp provides transformers for our grid upgrades.", "supplier", "Tarn Valves Corp"),
    ("Brightline Meters, our supplier of smart meters, completed the rollout.", "supplier", "Brightline Meters"),
    ("Kovalen Gases is our sole supplier of high-purity argon.", "supplier", "Kovalen Gases"),
    ("Key suppliers: Granite Poles Inc., Pacific Transformer Co. and Meridian Wire LLC.", "supplier", "Meridian Wire LLC"),
    ("Our largest tenants include:\n• Harbourside Grocers\n• Maple Pharmacy Ltd.", "customer", "Maple Pharmacy Ltd."),
    ("We rely on Quillon Foundry and Harrow Semiconductor for wafer fabrication.", "supplier", "Harrow Semiconductor"),
    ("In 2023 we contracted with Bellweather Engineering to upgrade the substation.", "supplier", "Bellweather Engineering"),
    ("EDA tool providers such as Synthar and Kadence license their software to us.", "supplier", "Kadence"),
    ("We outsource assembly and testing to OSATs such as Pinecrest Packaging and Arden Test Services.", "supplier", "Arden Test Services"),
    ("公司的主要客户包括深圳星河微电子股份有限公司和北京天衡科技有限公司等知名企业。", "customer", "北京天衡科技有限公司"),
    ("We have long-term purchase agreements with Granite Poles Inc. and Meridian Wire LLC.", "supplier", "Meridian Wire LLC"),
    ("We signed a ten-year LNG sales contract with Sorrento Trading S.p.A. in 2023.", "customer", "Sorrento Trading S.p.A."),
    ("Arvo Semiconductor, one of our top five customers, grew its orders.", "customer", "Arvo Semiconductor"),
    ("In 2023 we selected Oxley Turbines to supply 50 turbines for the Redrock wind farm.", "supplier", "Oxley Turbines"),
    ("Our utility provider Eastgrid Energy supplies all common areas.", "supplier", "Eastgrid Energy"),
]


@pytest.mark.parametrize("sentence,kind,partner", PHRASINGS)
def test_a_phrasing_names_a_partner_in_its_role(sentence: str, kind: str, partner: str):
    assert (kind, "Northwind", partner) in relations(sentence + "\n")


def test_acquisitions_dates_ideas_and_funding_partners_are_not_partners():
    got = relations("In 2023 we purchased two gas plants in Spain from Orla Energy.\n"
                    "New power purchase agreements for wind power commencing from FY2025 are signed.\n"
                    "Investment ideas are sourced from Green Movers research.\n"
                    "We are a research funding partner of the Pathway Forum.\n")
    assert got == set()


def test_a_table_of_the_largest_customers_and_suppliers():
    got = relations("Top five customers\nRank\tCustomer\tRevenue\t% of total\n1\tVesta Microsystems Co., Ltd.\t1,204.5\t18.2%\n"
                    "2\tCustomer B\t880.1\t13.3%\n3\tKorrin Devices\t410.0\t6.2%\n\n"
                    "Top five suppliers\n1\tHalden Wafer Technology Co., Ltd.\t512.3\t11.0%\n")
    assert {("customer", "Northwind", "Vesta Microsystems Co., Ltd."), ("customer", "Northwind", "Korrin Devices"),
            ("supplier", "Northwind", "Halden Wafer Technology Co., Ltd.")} <= got
    assert not any(partner.startswith("Customer") for _, _, partner in got)



# issue 21: a text written in each kind of statement, the facts it must give and the (kind, partner) pairs it must not
# give (kind None: in no role)
N = "Northwind"
CASES = {
    "sales of businesses, gifts, selections and peoples": (
        "In 2023 we sold our gas distribution business to Orla Energy.\n"
        "The Company provided meals and mentoring to Riverside Youth Club.\n"
        "Northwind was selected by Greenrank Index for its leadership.\n"
        "Our customers are Canadians from every province.\n",
        set(), {("customer", p) for p in ("Orla Energy", "Riverside Youth Club", "Greenrank Index", "Canadians")}),
    "a column headed by the partners' role": (
        "Tenant\tProperties\tShare of rent\nGable Grocers\t23\t12.1%\nFerrow Pharmacy Inc.\t11\t4.0%\nTotal\t34\t16.1%\n\n"
        "Supplier\tCategory\tSpend\nVextra Tools\tEquipment\t120\nOther\tVarious\t40\n\n"
        "Suppliers\t\t\nTotal suppliers\t\t2,233\nQuorvane\t\t2,221\n",  # a section label heads no column
        {("customer", N, "Gable Grocers"), ("customer", N, "Ferrow Pharmacy Inc."), ("supplier", N, "Vextra Tools")},
        {(None, "Total"), (None, "Other"), (None, "Quorvane"), ("customer", "Vextra Tools")}),
    "a contractor worked with, projects an offset is sourced from, a qualifier name": (
        "We are working with Talmont Power on plans to build two solar farms for our mines.\n"
        "We are working with Talmont University to study soils.\n"
        "The offsets were sourced from high quality projects such as the\nAltavista Forest REDD+ Project and the Marsh\n"
        "Valley REDD Project,12 as verified units.\n"
        "We awarded a tender for carriers to Brisk Shipping and the LNG supply agreement to Calla Oil.\n",
        {("supplier", N, "Talmont Power"), ("supplier", N, "Altavista Forest REDD+ Project"),
         ("supplier", N, "Marsh Valley REDD Project"), ("supplier", N, "Brisk Shipping")},
        {(None, "Talmont University"), (None, "LNG")}),
    "an explicit cue names a group member that supplies": (
        "We purchased wafers from Eastfield Castings Co., Ltd. in 2023.\n",
        {("supplier", N, "Eastfield Castings Co., Ltd.")}, set()),
    "a share of revenue or purchases; regions and diversity honours": (
        "Gable Grocers, which accounted for 9.4% of our annualized base rent, renewed its leases.\n"
        "Halden Wafer accounted for 21% of our total purchases in 2023.\n"
        "Sales to Vesta Microsystems were 12% of our revenue in 2023.\n"
        "Europe accounted for 30% of our revenue. Sales to North America rose. We serve European clients.\n"
        "The Company received the Supplier Diversity Award from the Regional Minority Council.\n"
        "We signed an agreement with Oxley Turbines to supply and install 120 turbines at our Redrock project.\n",
        {("customer", N, "Gable Grocers"), ("supplier", N, "Halden Wafer"), ("customer", N, "Vesta Microsystems"),
         ("supplier", N, "Oxley Turbines")},
        {(None, "Europe"), (None, "North America"), (None, "European"), (None, "Regional Minority Council"),
         ("customer", "Halden Wafer"), ("customer", "Oxley Turbines")}),
    "a lower-case description before the name": (
        "We purchase power from the local utility Vantor Energy.\n", {("supplier", N, "Vantor Energy")}, set()),
    "a list of the five largest suppliers, claimed back from the group": (
        "Our five largest suppliers in 2023 were Zhenhua Materials Co., Ltd., Kestrel Gases Limited, Lanting Silicon Co., Ltd., "
        "Baoyu Chemicals Co., Ltd. and Huaxin Quartz Co., Ltd.\n",
        {("supplier", N, p) for p in ("Zhenhua Materials Co., Ltd.", "Kestrel Gases Limited", "Lanting Silicon Co., Ltd.",
                                      "Baoyu Chemicals Co., Ltd.", "Huaxin Quartz Co., Ltd.")}, set()),
    "a table introduced by a sentence, anonymised rows with a background column, a year before the rank": (
        "The following table sets forth details of our five largest customers during the Track Record Period:\n\n"
        "Rank\tCustomer\tBackground\tRevenue (RMB'000)\t% of revenue\n"
        "1\tCustomer A(1)\tA subsidiary of Weston Holdings Inc., listed on the Nasdaq Stock Market\t1,203,400\t21.4\n"
        "2\tTeralink Devices Co., Ltd.\tA private company\t500,000\t8.9\n"
        "2022\t1\tMoravia Electronics s.r.o.\tA Czech module maker\t400,000\t7.9\n",
        {("customer", N, "Teralink Devices Co., Ltd."), ("customer", N, "Moravia Electronics s.r.o.")},
        {(None, "Weston Holdings Inc."), (None, "Customer A")}),
    "a table in columns of spaces with a name wrapped in its cell": (
        "The table below sets forth our top five customers in 2023:\n\n"
        "  Rank   Customer              Background          Revenue (RMB'000)   % of revenue\n"
        "  1      Orbital Devices       A fabless chip      1,203,400           21.4\n"
        "         Inc.                  designer\n"
        "  2      Pellucid Imaging      A listed image      802,100             14.3\n"
        "         Technology Co., Ltd.  sensor company\n",
        {("customer", N, "Orbital Devices Inc."), ("customer", N, "Pellucid Imaging Technology Co., Ltd.")},
        {(None, "Technology Co., Ltd."), (None, "Inc.")}),
    "a column headed by the partners' role in a table laid out in spaces": (
        "Major equipment contracts in 2023\n\n"
        "Project            Supplier                     Equipment          Contract value\n"
        "Redrock Wind       Vestara Wind Systems         Turbines           120.5\n"
        "Calloway Solar     Helios Modules Inc.          Panels             80.2\n"
        "Total                                                              200.7\n",
        {("supplier", N, "Vestara Wind Systems"), ("supplier", N, "Helios Modules Inc.")},
        {(None, "Turbines"), (None, "Redrock Wind"), (None, "Total")}),
    "a table in Chinese": (
        "报告期内，公司向前五名供应商的采购情况如下：\n\n"
        "年度      序号    供应商名称                              采购内容      采购金额（万元）    占比\n"
        "2023年度  1       江苏鑫达电子材料有限公司及其关联方          靶材          5,210.33           9.81%\n"
        "          2       供应商A                                 气体          4,100.10           7.72%\n"
        "          合计                                                          9,310.43           17.53%\n",
        {("supplier", N, "江苏鑫达电子材料有限公司")}, {(None, "供应商A"), (None, "合计")}),
    "a sentence about the largest partners is no table heading; a supplier's own supplier; a plan; a kind of company": (
        "Our five largest suppliers in each year were mainly suppliers of materials and equipment.\n"
        "Sedgwick Partners Ltd. acted as our sponsor. The fee was 1,200,000.\n\n"
        "Vestara Wind Systems sources its blades from Korra Composites.\n"
        "The Northwind Energy Master Plan provides a roadmap for our organisation.\n"
        "We outsource packaging to OSATs.\n"
        "In May we signed a share purchase agreement with Dunmore Capital Ltd. and an asset sale agreement with Pellow Holdings.\n"
        "Our largest customer, Customer A, accounted for 21% of revenue.\n"
        "Our clients: Listening to and serving their objectives.\n",
        set(), {(None, "Sedgwick Partners Ltd."), (None, "Korra Composites"), (None, "Northwind Energy Master Plan"), (None, "OSATs"),
                (None, "Dunmore Capital Ltd."), (None, "Pellow Holdings"), (None, "Customer A"), (None, "Listening")}),
    "a named subject that supplies the reporter": (
        "Ridgeway Mining will supply 2 million tons of coal to Northwind Alloys Co., Ltd. each year.\n"
        "Halden Wafer supplies wafers to the Company.\n",
        {("supplier", N, "Ridgeway Mining"), ("supplier", N, "Halden Wafer")}, {("customer", "Ridgeway Mining"), ("customer", "Halden Wafer")}),
}


def test_partners_named_in_a_list_are_not_group_members():
    text = ("Our five largest suppliers in 2023 were Zhenhua Materials Co., Ltd., Kestrel Gases Limited and Huaxin Quartz Co., Ltd.\n"
            "We supply 28nm wafers to Quasar Logic Inc. and Nimbus Chips Ltd.\n")
    facts = extract(Document(source=Path("fixture.txt"), text=COVER + text), make_nlp())
    assert not {s.name for s in facts.subsidiaries} & {"Kestrel Gases Limited", "Huaxin Quartz Co., Ltd.", "Quasar Logic Inc.", "Nimbus Chips Ltd."}


@pytest.mark.parametrize("case", list(CASES))
def test_a_kind_of_statement_gives_its_facts_and_no_others(case: str):
    text, expected, forbidden = CASES[case]
    got = relations(text)
    assert expected <= got
    assert not [(k, p) for k, _, p in got if (k, p) in forbidden or (None, p) in forbidden]


def test_partners_column_of_a_table_with_one_cell_per_paragraph():
    """A top-five table as the PDF reader gives it (column by column) and as pdftotext does (row by row, under a
    heading that repeats the column's name); its rank, total and figures name nobody."""
    found = relations("Our five largest suppliers for the year are set out below.\n\n"
                      "Rank\n\n1\n\n2\n\n3\n\nSupplier\n\nVoltera Wafer Materials Co., Ltd.\n\nNorthmark Gases Inc.\n\nTotal\n\n"
                      "Purchase amount (RMB'000)\n\n82,100\n\n40,500\n\n122,600\n\n"
                      "Customers\n\nCustomer\n\nProducts sold\n\nRevenue (RMB'000)\n\nBrightwave Devices Ltd.\n\nPower chips\n\n51,000\n\n"
                      "Kesmar Auto Parts GmbH\n\nSensors\n\n33,200\n\n"
                      "We have long relationships with each of them and none is a related party of the Company or its directors.\n")
    assert {(k, p) for k, _, p in found} == {("supplier", "Voltera Wafer Materials Co., Ltd."), ("supplier", "Northmark Gases Inc."),
                                             ("customer", "Brightwave Devices Ltd."), ("customer", "Kesmar Auto Parts GmbH")}


# issue 21: a prospectus's tables of the largest partners, as the three readers give them (fictional names)
_PROSPECTUS = "Corvana Microelectronics Co., Ltd.\nPROSPECTUS\n\nCorvana Microelectronics Co., Ltd. makes wafers.\n\n"
_HEADS = ["Rank", "Supplier", "Background of\nthe supplier", "Principal products\npurchased by us", "Purchase amount\n(RMB'000)",
          "Percentage of\ntotal purchases"]
_YEAR_ROWS = ([["1", "Vantor Optics Inc.", "A lithography equipment\nmaker listed on Nasdaq", "Lithography systems", "231,020", "12.5%"],
               ["2", "Pellmar Wafer\nCo., Ltd.", "A wafer producer based in\nJapan", "Silicon wafers", "120,450", "6.5%"],
               ["3", "Supplier A(1)", "A gas company", "Specialty gases", "80,010", "4.3%"]],
              [["1", "Oberlin Chemicals Corp.", "A chemicals maker", "Photoresist", "101,000", "8.0%"],
               ["2", "Ravensworth Tools GmbH", "A tool maker in Germany", "Spare parts", "95,030", "7.5%"]])


def _ranked_table(layout: str) -> str:
    """The fixture's two years' tables: column by column or row by row, a cell per line or per paragraph."""
    sep = "\n" if layout.endswith("lines") else "\n\n"
    out = []
    for year, rows in zip((2022, 2023), _YEAR_ROWS):
        cells = ([c for i, h in enumerate(_HEADS) for c in [h] + [r[i] for r in rows]] if layout.startswith("columns")
                 else _HEADS + [c for r in rows for c in r])
        out.append(f"For the year ended December 31, {year}\n\n" + sep.join(cells))
    return ("OUR SUPPLIERS\n\nThe following table sets forth details of our five largest suppliers during the Track Record Period:\n\n"
            + "\n\n".join(out) + "\n\nNote:\n\n(1) Supplier A is an independent third party.\n")


@pytest.mark.parametrize("layout", ["columns-lines", "columns-paragraphs", "rows-paragraphs"])
def test_a_ranked_table_of_the_largest_suppliers_in_each_layout(layout: str):
    got = {(k, p) for k, _, p in relations(_ranked_table(layout), cover=_PROSPECTUS)}
    assert got == {("supplier", "Vantor Optics Inc."), ("supplier", "Pellmar Wafer Co., Ltd."),
                   ("supplier", "Oberlin Chemicals Corp."), ("supplier", "Ravensworth Tools GmbH")}


def test_partners_as_prospectuses_utilities_trusts_and_energy_groups_state_them():
    got = {(k, p) for k, _, p in relations(
        "During the Track Record Period, our five largest suppliers were independent third parties.\n"
        "In 2022, Kiso Silicon Corporation supplied 30% of our silicon wafers. Huaxin Materials Co., Ltd. provides photoresist "
        "to us under a framework agreement.\n"
        "We entered into the Materials Procurement Framework Agreement with Jiangyin Fengda Materials Co., Ltd., a connected "
        "person of our Company. We also entered into the Product Sales Framework Agreement with Tianrui Devices Co., Ltd.\n"
        "Our customers include integrated device makers and fabless design houses such as Helix Microsystems and Quanta Devices.\n"
        "The tariff is also used by Marlo Foods and Tessaract Cloud, two of our largest commercial customers.\n"
        "Gas is transported under firm contracts by Sutter Pipeline Company. Property management services are provided to "
        "us by Stonegate Property Management Ltd.\n"
        "We executed a 20-year agreement to purchase the output of the Fenwick Ridge Solar project from Tallgrass Power Partners.\n"
        "In 2022 we signed a long-term agreement with Sahara Gas Corporation for the supply of 3 bcm of gas per year to Italy, "
        "and an agreement with Ostmark Utilities for the supply of LNG to Ostmark Utilities.\n"
        "Our auditor is Deloitte & Touche LLP. Kingsway Securities Limited is the Sole Sponsor. Golden Harbor Capital, one of "
        "our Pre-IPO Investors, holds 3% of our shares.\n", cover=_PROSPECTUS)}
    assert {("supplier", "Kiso Silicon Corporation"), ("supplier", "Huaxin Materials Co., Ltd."),
            ("supplier", "Jiangyin Fengda Materials Co., Ltd."), ("customer", "Tianrui Devices Co., Ltd."),
            ("customer", "Helix Microsystems"), ("customer", "Quanta Devices"), ("customer", "Marlo Foods"),
            ("customer", "Tessaract Cloud"), ("supplier", "Sutter Pipeline Company"),
            ("supplier", "Stonegate Property Management Ltd."), ("supplier", "Tallgrass Power Partners"),
            ("supplier", "Sahara Gas Corporation"), ("customer", "Ostmark Utilities")} <= got
    assert not {p for _, p in got} & {"Track Record Period", "Deloitte & Touche LLP", "Kingsway Securities Limited",
                                      "Golden Harbor Capital"}


@pytest.mark.parametrize("text", ["Huaxin Materials Co., Ltd. provides photoresist to us under a framework agreement.\n",
                                  "Huaxin Materials Co., Ltd. supplies photoresist under the Materials Framework Agreement.\n\n"
                                  "Huaxin Materials Co., Ltd. will continue the transactions under the Framework Agreement.\n"])
def test_a_framework_agreements_counterparty_is_a_supplier_and_no_group_member(text: str):
    facts = extract(Document(source=Path("fixture.txt"), text=_PROSPECTUS + text), make_nlp())
    assert "Huaxin Materials Co., Ltd." not in {s.name for s in facts.subsidiaries}
    assert ("supplier", "Huaxin Materials Co., Ltd.") in {(r.kind, r.partner) for r in facts.relations}


def test_a_top_tenants_table_given_one_cell_per_line():
    got = relations("Top 10 tenants\nTenant\n% of gross rent\nNorthway Bank\n8.1%\nPolar Logistics Inc.\n5.4%\n"
                    "Sable Pharmaceuticals\n3.2%\n")
    assert {("customer", "Sable Pharmaceuticals"), ("customer", "Polar Logistics Inc.")} <= {(k, p) for k, _, p in got}


def test_names_wrapped_over_two_lines_in_ranked_and_tab_separated_tables():
    """A name wrapped onto a second line ("Pellmar Wafer" over "Technology Co., Ltd.") is one partner: in a column given a
    cell per line, in rows given a cell per line, and in tab-separated rows whose wrapped cells' rests follow on a shorter line."""
    heads = ["Rank", "Supplier", "Products purchased", "Purchase amount", "% of total purchases"]
    rows = [["1", "Vantor Optics Inc.", "Lithography systems", "231,020", "12.5%"],
            ["2", "Pellmar Wafer\nTechnology Co., Ltd.", "Silicon wafers", "120,450", "6.5%"],
            ["3", "Orion Gases Ltd.", "Gases", "80,010", "4.3%"]]
    want = {("supplier", "Vantor Optics Inc."), ("supplier", "Pellmar Wafer Technology Co., Ltd."), ("supplier", "Orion Gases Ltd.")}
    heading = "Five largest suppliers for the year ended December 31, 2022\n"
    by_column = "\n".join(c for i, h in enumerate(heads) for c in [h] + [r[i] for r in rows])
    by_row = "\n".join(heads + [c for r in rows for c in r])
    tabbed = ("\t".join(heads) + "\n" + "1\tVantor Optics Inc.\tLithography\t231,020\t12.5%\nsystems\n\n"
              "2\tPellmar Wafer\tSilicon wafers\t120,450\t6.5%\nTechnology Co., Ltd.\n\n3\tOrion Gases Ltd.\tGases\t80,010\t4.3%\n")
    for table in (by_column, by_row, tabbed):
        assert {(k, p) for k, _, p in relations(heading + table, cover=_PROSPECTUS)} == want


def test_a_glossarys_defined_term_that_names_no_organisation_is_no_partner():
    got = relations('DEFINITIONS\n"Track Record Period"\nmeans the three years ended December 31, 2023\n'
                    '"Listing Period" means the period before listing\n\n'
                    "We sell wafers to Helmond Devices Inc. and Listing Period.\n\n"
                    "Track Record Period, our largest customer, bought wafers.\n", cover=_PROSPECTUS)
    assert {(k, p) for k, _, p in got} == {("customer", "Helmond Devices Inc.")}
