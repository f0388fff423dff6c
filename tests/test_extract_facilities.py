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
    assert f["Engineering Technology Center of Fujian Province"].location == "Fujian Province"
    assert f["Engineering Technology Center of Fujian Province"].country == "China"


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
    assert {name: fac.location for name, fac in f.items()} == {
        "industrial park in Jiangsu": "Jiangsu", "industrial park in Anhui": "Anhui", "industrial park in Hubei": "Hubei"}


def test_generic_mentions_titles_and_certificates_are_not_facilities():
    f = facilities("We clean the factory and workshops every day to keep the site tidy.\n"
                   "The Company has 7 production bases around the world, with 9,000 employees.\n"
                   "Westbrook Metals Co., Ltd. was awarded the provincial \"Green Factory\" title in 2023.\n"
                   "The Company holds the TIP general certification for labs issued last year.\n"
                   "We work with the Northern Institute of Technology and Lakeside University on alloys.\n")
    assert f == {}


def test_one_site_however_many_ways_it_is_named():
    f = facilities("Our Harbin factory cut its water use by 8%.\n"
                   "The factory in Harbin also installed rooftop solar panels this year.\n"
                   "The Harbin and Dalian factories both passed the energy audit in June.\n"
                   "Harbin Factory\tcompleted the furnace retrofit in 2023 as planned.\n")
    assert sorted(x.location for x in f.values()) == ["Dalian", "Harbin"]
    assert len(f) == 2


def test_distinct_named_sites_in_one_city_stay_apart():
    f = facilities("We run the Torvik demonstration plant in Ghent, Belgium, since 2021.\n"
                   "Next to it, our Selvanol pilot plant in Ghent, Belgium, captures carbon monoxide.\n")
    assert len(f) == 2 and all(x.location == "Ghent, Belgium" and x.country == "Belgium" for x in f.values())


def test_place_then_country_and_an_unknown_town_before_a_country():
    f = facilities("At the factory in Leeds, United Kingdom, we will add a heat pump.\n"
                   "At the factory in Zlatovice, Czech Republic, lighting was replaced.\n")
    assert {x.location for x in f.values()} == {"Leeds, United Kingdom", "Zlatovice, Czech Republic"}
    assert {x.country for x in f.values()} == {"United Kingdom", "Czechia"}


def test_ports_terminals_yards_campus_and_located_sites():
    f = facilities("A spill occurred in the port of Mombasa in 2020, next to the Kilindini Terminal.\n"
                   "Ships were recycled at the Varuna yard (Plot 12) under our standard.\n"
                   "The Northwind Campus\nMunich will open in 2025, near our global headquarters in Munich, Germany.\n"
                   "Energy was audited at the location Duisburg (Eastfield Castings Co., Ltd.), as planned.\n")
    assert f["port of Mombasa"].location == "Mombasa" and f["port of Mombasa"].country == "Kenya"
    assert "Kilindini Terminal" in f and "Varuna yard" in f
    assert f["Northwind Campus Munich"].facility_type == "office"
    assert f["global headquarters in Munich"].location == "Munich, Germany"
    assert f["Duisburg location (Eastfield Castings Co., Ltd.)"].operator.startswith("Eastfield Castings")


def test_generic_bases_workshops_and_lists_are_not_sites():
    f = facilities("We grew our customer base and our employee shareholder base in 2023.\n"
                   "Top leaders completed Safe Work Together workshops and a Compliance Risk Workshop.\n"
                   "Even in a pandemic our ports and warehouses kept running for customers.\n"
                   "A large share of sites in Germany and the United States use green power.\n"
                   "Containers were placed at locations in Kenya to store relief goods.\n")
    assert f == {}


def test_head_office_from_an_address_once_per_address():
    f = facilities("Address: No. 12, Harbour Road, Economic Development Zone, Dalian City, Liaoning Province, China\n"
                   "Feedback to: Address: Audit Department, Northwind Alloys Co., Ltd., No. 12, Harbour Road, Dalian City\n"
                   "Tel: 0411-5550123\n\n"
                   "Eastfield Castings Co., Ltd.\nKaiserstrasse 40\n60311 Frankfurt\nGermany\n")
    heads = sorted(f.values(), key=lambda x: x.name)
    assert [x.facility_type for x in heads] == ["office", "office"]
    assert heads[0].location == "Frankfurt" and heads[0].operator.startswith("Eastfield Castings")
    assert heads[1].location.startswith("Dalian City") and heads[1].operator.startswith("Northwind")


def test_honours_lists_and_headings_are_not_sites():
    f = facilities("Eastfield Castings Co., Ltd. has received many accolades this year. These include National Quality Enterprise, "
                   "Engineering Technology Center of Dalian, Three-Star Green Factory in Dalian and Clean Factory in Liaoning.\n"
                   "Factories in Dalian\n"
                   "Energy use fell by 4% in the year under review.\n")
    assert f == {}


def test_short_forms_of_city_names():
    f = facilities("At the factory in Marburg, Germany, and at the plant in Frankfurt we replaced lighting.\n")
    assert {x.location for x in f.values()} == {"Marburg, Germany", "Frankfurt"}


def test_located_names_keep_the_kind_but_not_the_verb_and_titled_workshops_are_events():
    f = facilities("Our subsidiaries run the production sites in Dalian and Harbin for the Company.\n"
                   "Westbrook Metals Co., Ltd. installed a new ammonia plant with a capacity of 1,000 tonnes.\n"
                   "We held a Leadership Workshop in Dalian for 40 managers.\n")
    assert {"production site in Dalian", "production site in Harbin", "new ammonia plant"} == set(f)


def test_a_table_cell_without_an_operator_does_not_hide_the_same_site_named_in_prose():
    f = facilities("Segment\tSite\tWhat happened\tEmployed by\n"
                   "Harbour Services\tKestrel Terminal,\tA crane struck a scaffold during repairs.\tContractor\n"
                   "Kenya\tThe causes were reviewed with every crew on site.\n\n"
                   "One serious incident relates to a contractor in the Kestrel terminal in Kenya (see page 9).\n")
    assert list(f) == ["Kestrel terminal"]
    assert f["Kestrel terminal"].operator.startswith("Northwind") and f["Kestrel terminal"].country == "Kenya"


def test_sites_of_a_kind_somewhere_are_not_one_site_but_a_count_or_our_sites_there_are():
    f = facilities("The coast holds a long stretch of beach with recycling yards in Mombasa that we visited.\n"
                   "Ships went to selected yards in Mombasa last year.\n")
    assert f == {}
    f = facilities("Our R&D labs in Dalian, China, developed a new alloy.\n"
                   "The Company equips three desalination plants in Mombasa with pumps.\n")
    assert set(f) == {"R&D lab in Dalian", "desalination plant in Mombasa"}


def test_an_institute_is_an_organisation_unless_the_report_calls_it_its_own():
    f = facilities("Emissions were reviewed by KLMR (Varnov Research Institute for Soil Chemistry and Pest Control).\n"
                   "The Company keeps a testing contract with the No. 12 Research Institute for Light Metals.\n")
    assert f == {}
    f = facilities('The Company established the "Northwind Alloy Research Institute" in 2021.\n'
                   "Its coastal research institute tested 40 new grades this year.\n")
    assert set(f) == {"Northwind Alloy Research Institute", "coastal research institute"}


def test_a_site_noun_inside_a_longer_name_is_not_a_site():
    f = facilities("We fund the Regional Soil Laboratory Network (RESNET) in East Africa with partners.\n"
                   "Our managers met the Harbour Terminal Authority twice in 2023.\n")
    assert f == {}
    f = facilities("Cargo moved through Kestrel Terminals Mombasa all year.\n")
    assert [x.location for x in f.values()] == ["Mombasa"]


def test_a_name_and_its_site_noun_on_two_wrapped_lines_of_one_paragraph():
    f = facilities("Storms have on\noccasion hampered our deliveries. Our Torvik JV\nplant is in an area prone to floods, and heat is\n"
                   "a risk to our mills. Ships were recycled at the\nVaruna yard under our standard.\n")
    assert {"Torvik JV plant", "Varuna yard"} <= set(f)
    f = facilities("Harbour Safety\nTerminals are audited every year.\n")
    assert f == {}


def test_a_facility_or_centre_counts_only_with_its_place():
    f = facilities("The Company upgraded its acid production facilities in Dalian and Harbin this year.\n"
                   "We opened our own rest centres in strategic locations such as Manila and\nMumbai for crews.\n"
                   "Our wastewater treatment facility and the visitor centre were repainted.\n")
    assert {x.location for x in f.values()} == {"Dalian", "Harbin", "Manila", "Mumbai"}
    assert {x.facility_type for x in f.values() if x.location in ("Dalian", "Harbin")} == {"plant"}


def test_a_plant_near_a_city_and_in_the_city_of():
    f = facilities("The Company is building the first solar-powered desalination plant near the Kenyan city Mombasa.\n")
    assert [(x.location, x.country) for x in f.values()] == [("Mombasa", "Kenya")]


def test_each_listed_laboratory_takes_the_place_of_its_own_organisation():
    f = facilities("Two labs, the Test Centers of Dalian Eastfield Castings Co., Ltd. and Quillfern Metals Co., Ltd., "
                   "passed the audit.\n")
    assert sorted((x.operator.split()[0], x.location) for x in f.values()) == [("Dalian", "Dalian"), ("Quillfern", None)]


def test_a_branch_named_by_its_place_is_a_site():
    f = facilities("Rail will link all of the Company's plants: Harbin branch\nin the north, and Dalian branch in Liaoning.\n"
                   "The Company opened branches to serve clients and reports on all subsidiaries and branches.\n")
    assert {(x.name, x.facility_type) for x in f.values()} == {("Harbin branch", "production_base"), ("Dalian branch", "production_base")}


def test_a_pilot_plant_built_in_a_place_is_its_own_site_beside_the_works():
    f = facilities("At our steelworks in Ghent, Belgium, we cast slabs.\n"
                   "A pilot plant to capture CO2 has been built in Ghent, Belgium, with a partner.\n"
                   "Construction started on a €90 million demonstration facility in Ghent, Belgium.\n")
    assert len(f) == 3 and {x.location for x in f.values()} == {"Ghent, Belgium"}
    assert "pilot plant" in f and not any("million" in name for name in f)


def test_a_long_list_of_titles_after_recognised_as_names_no_site():
    f = facilities("Westbrook Metals Co., Ltd. has been recognised as a national high-tech enterprise, an excellent enterprise "
                   "of Liaoning Province, an innovative enterprise of Liaoning Province, a doctoral workstation of Liaoning "
                   "Province and an engineering technology research center.\n")
    assert f == {}


def test_a_name_wrapped_over_two_short_lines_is_no_heading():
    f = facilities("Who does what on climate\n\nTechnical Department\nof Westbrook Metals Co., Ltd.\nInnovations Centre\n"
                   "of Eastfield Castings Co., Ltd.\n\nThe teams meet every quarter.\n")
    assert [(x.name, x.facility_type, x.operator.split()[0]) for x in f.values()] == [
        ("Innovations Centre of Eastfield Castings Co., Ltd.", "rd_center", "Eastfield")]


def test_the_factory_of_a_sentence_whose_subject_is_a_group_unit_is_that_units_site():
    f = facilities("To cut emissions, Eastfield Castings Co., Ltd. has added rooftop solar panels to the new factory's design.\n"
                   "Northwind Alloys Co., Ltd. has repainted the factory and the plant this year.\n"
                   "We thank Westbrook Metals Co., Ltd. for visiting the factory in spring.\n")
    assert [(x.name, x.operator.split()[0]) for x in f.values()] == [("Eastfield Castings Co., Ltd. new factory", "Eastfield")]


def test_the_evidence_of_a_site_read_over_two_wrapped_lines_holds_both():
    f = facilities("Storms hamper deliveries. Our Torvik JV\nplant is in an area prone to floods.\n")
    assert f["Torvik JV plant"].evidence.text == "Storms hamper deliveries. Our Torvik JV\nplant is in an area prone to floods."


def test_registered_office_named_mid_line_is_the_head_office():
    f = facilities("Northwind Alloys Co., Ltd. Registered in England. Registered office: 12 Quarry Lane, Manchester M1 2AB, "
                   "United Kingdom. All rights reserved.\n")
    hq = [x for n, x in f.items() if n.startswith("headquarters")]
    assert len(hq) == 1 and "12 Quarry Lane" in hq[0].name and "Manchester" in hq[0].location
    assert hq[0].operator.startswith("Northwind Alloys") and hq[0].facility_type == "office"


def test_centre_with_a_proper_name_is_a_site_a_department_is_not():
    f = facilities("The Company opened the Tarrowby Energy Centre to serve the grid last year.\n"
                   "The Company's Information Centre and its Quality Management Centre report to the board.\n")
    assert "Tarrowby Energy Centre" in f
    assert not any("Information" in n or "Quality" in n for n in f)


def test_generating_stations_farms_and_offices_with_a_place():
    f = facilities("The Company retired the Kelvoran Generating Station in 2023 and added two wind farms in Alberta and Ontario.\n"
                   "Staff moved to our Lisbon office, which runs on renewable power.\n")
    assert "Kelvoran Generating Station" in f and f["Kelvoran Generating Station"].operator.startswith("Northwind Alloys")
    assert {"wind farm in Alberta", "wind farm in Ontario"} <= set(f)
    assert f["Lisbon office"].facility_type == "office" and f["Lisbon office"].location == "Lisbon"


def test_properties_and_projects_by_their_own_name():
    f = facilities("The Company owns Harbourview Tower in Halifax, an office property.\n"
                   "The Company took a stake in the Boundary Ridge CCUS project in Saskatchewan.\n"
                   "Eastfield Castings Co., Ltd. plans a 3 MW photovoltaic project of Westbrook Metals Co., Ltd. next year.\n"
                   "The Canada Green Building Council rated two of our offices.\n")
    assert "Harbourview Tower" in f and "Boundary Ridge CCUS project" in f
    assert f["Boundary Ridge CCUS project"].location == "Saskatchewan"
    assert not any("photovoltaic" in n or "Green Building" in n for n in f)


def test_oil_and_gas_fields_by_their_proper_name():
    f = facilities("The Company ended routine flaring at the Kessaro field off the coast of Ghana.\n"
                   "The Company is a leader in the field of recycling and in the Energy field.\n")
    assert set(f) == {"Kessaro field"} and f["Kessaro field"].country == "Ghana"


def test_a_proper_word_before_a_described_site_names_it_but_an_ordinary_adjective_does_not():
    f = facilities("The Tarrowby thermoelectric plant was converted to gas in 2022.\n\n"
                   "The Company operates the Quenlo regasification terminal off the coast.\n\n"
                   "The Italian power plant market grew in 2023.\n")
    assert "Tarrowby thermoelectric plant" in f and "Quenlo regasification terminal" in f
    assert not any("Italian" in n for n in f)


def test_numbered_sites_and_utility_site_heads():
    f = facilities("Fab 7 in Wuxi started mass production in 2022, and the Plant 2023 roadmap was approved.\n\n"
                   "The Company commissioned the Cedar Hollow Energy Center, a gas-fired station, in 2021.\n\n"
                   "Emissions fell by 7 per cent in 2023.\n")
    assert "Fab 7" in f and "Cedar Hollow Energy Center" in f
    assert not any(n.startswith("Plant 20") for n in f)  # a year after the noun is no site number


def test_property_names_of_a_real_estate_trust_listed_with_their_cities():
    f = facilities("Key properties include Riverside Tower in Toronto, Granville Square in Vancouver and Lakeshore Centre in Calgary.\n")
    assert {"Riverside Tower", "Granville Square", "Lakeshore Centre"} <= set(f)
    assert not any(" and " in n for n in f)


def test_a_series_of_proper_names_before_a_plural_site_noun_gives_one_site_each_but_fuel_acronyms_do_not():
    f = facilities("The Company will retire the Redmoor, Kestle and Ashby generating stations by 2030.\n\n"
                   "It also operates CNG and LNG filling stations along the motorway.\n\n"
                   "The Quillmere Shopping Centre was renovated, and our Customer Service Centre moved.\n")
    assert {"Redmoor generating station", "Kestle generating station", "Ashby generating station", "Quillmere Shopping Centre"} <= set(f)
    assert not any(n.startswith(("CNG", "LNG", "Customer")) for n in f)


def test_a_town_and_its_state_before_a_described_site_name_it_even_over_a_wrapped_line():
    f = facilities("We expanded onsite generation at our Pomona\nVale, California, distribution center in 2023.\n\n"
                   "The Company also runs the Ashford, Kent, Bristol and Leeds offices.\n")
    assert f["Pomona Vale distribution center"].location == "Pomona Vale, California"
    assert not any(n.startswith("Ashford") for n in f)


def test_a_contact_block_with_a_comma_before_the_house_number():
    f = facilities("Westbrook Metals Co., Ltd.\nVia Lanterna, 12\n20121 Milan\nItaly\n")
    [office] = [x for x in f.values() if x.facility_type == "office"]
    assert office.location == "Milan" and office.operator.startswith("Westbrook Metals") and "Via Lanterna, 12" in office.name


def test_a_name_wrapped_after_its_determiner_and_places_listed_with_or():
    f = facilities("A power purchase agreement will supply half of the electricity needs at the Eastfield\nNorthgate Refinery\n\n"
                   "Trainees attend dedicated learning centres in Ghent, Belgium or Dunkirk, France. They then join a site.\n")
    assert "Eastfield Northgate Refinery" in f
    assert {x.location for x in f.values() if x.name.startswith("centre in")} == {"Ghent, Belgium", "Dunkirk, France"}


def test_generating_fleet_table_gives_one_site_per_row_with_its_state():
    f = facilities("The table below lists the generating facilities we own and operate.\n"
                   "Plant\tState\tFuel type\tNet capacity (MW)\tIn service\n"
                   "Lone Elm (1)\tKansas\tCoal\t1,100\t1978\n"
                   "Hickory Ford\tMissouri\tNatural gas\t620\t2004\n"
                   "Total\t\t\t1,720\t\n"
                   "Our plants at Lone Elm and Hickory Ford employ 800 people.\n")
    assert {n: x.location for n, x in f.items()} == {"Lone Elm plant": "Kansas", "Hickory Ford plant": "Missouri"}


def test_property_and_production_tables_name_their_rows():
    f = facilities("Property\tAddress\tCity\tProvince\tGLA (sq ft)\tOccupancy\n"
                   "Birchwood Commons\t120 Lakeshore Road\tMississauga\tOntario\t410,000\t96%\n"
                   "Northgate Centre\t55 Jasper Avenue\tEdmonton\tAlberta\t510,000\t89%\n\n"
                   "Facility\tLocation\tGFA (sq.m.)\tPrincipal use\n"
                   "Fab 1\tWuxi, Jiangsu\t82,000\t8-inch wafer fabrication\n"
                   "Fab 2\tWuxi, Jiangsu\t95,000\t12-inch wafer fabrication\n\n"
                   "Refinery\tCapacity (kbbl/d)\tStatus\n"
                   "Ravenna\t160\tOperating\n")
    assert f["Birchwood Commons"].location == "120 Lakeshore Road, Mississauga, Ontario"
    assert f["Northgate Centre"].location.endswith("Edmonton, Alberta")
    assert f["Fab 1"].location == f["Fab 2"].location == "Wuxi, Jiangsu"  # two fabs in one city stay two sites
    assert f["Ravenna refinery"].country == "Italy"


def test_tables_of_words_companies_or_countries_give_no_sites():
    f = facilities("Site\tRisk\tResponse\n"
                   "Impacts\tLitigation\tWorkforce\n"
                   "Property\tCountry\tShare\n"
                   "Canada\t12\t40%\n"
                   "Eastfield Castings Co., Ltd.\tChina\t100%\n")
    assert not f


def test_a_name_said_to_be_a_site_and_proper_named_operations():
    f = facilities("Redwater Flats is our integrated smelting and refining operation in Western Australia.\n"
                   "We added batteries at the Kestle and Lindum operations in 2024. Our operations in Chile use solar power.\n"
                   "FY2017 is the base year of the target. Mining operations in Peru were sold.\n")
    assert f["Redwater Flats"].location == "Western Australia"
    assert "Kestle operation" in f and "Lindum operation" in f
    assert not any("Chile" in n or "Peru" in n or "FY2017" in n for n in f)
    g = facilities("Our Queensland operations and the Mt Kessel and Leinster operations cut diesel use.\n")
    assert set(g) == {"Mt Kessel operation", "Leinster operation"}


def test_a_table_by_kind_of_property_gives_no_sites():
    f = facilities("Property\tGLA (sq ft)\tEnergy intensity\n"
                   "Office\t1,200,000\t21.4\n"
                   "Head Office\t90,000\t18.0\n"
                   "Cedar Point Plaza\t330,000\t19.2\n")
    assert list(f) == ["Cedar Point Plaza"]


def test_stations_dams_and_properties_by_their_proper_names():
    f = facilities("We retired two coal units at the Marsh Creek Steam Station in 2024, and the Tall Pines Dam was relicensed.\n"
                   "The Federal Court ruled on the case. Green Building standards apply across the portfolio.\n")
    assert set(f) == {"Marsh Creek Steam Station", "Tall Pines Dam"}
    assert f["Tall Pines Dam"].location is None  # "Dam" is the site's noun, not a town


def test_a_plural_site_noun_then_a_list_of_names():
    f = facilities("The REIT owns properties such as Birchwood Commons, Riverside Court in Halifax and Lakeview Tower.\n"
                   "Our refineries (Ravenna and Gela) cut flaring. We sell in countries such as Chile and Peru.\n"
                   "Our labs work with centres such as the Academy of Metals, Eastport University and the Harbour Institute.\n"
                   "We buy scrap from raw material bases such as Shanghai, Suzhou and Ningbo.\n")
    assert f["Riverside Court"].location == "Halifax" and "Birchwood Commons" in f and "Lakeview Tower" in f
    assert f["Ravenna refinery"].country == "Italy" and "Gela refinery" in f
    assert not any(w in n for n in f for w in ("Chile", "Academy", "University", "Institute", "Shanghai", "Suzhou"))


def test_a_generic_mention_where_numbered_sites_are_is_one_of_them():
    f = facilities("Facility\tLocation\tGFA (sq.m.)\tPrincipal use\n"
                   "Fab 1\tWuxi, Jiangsu\t82,000\t8-inch wafer fabrication\n"
                   "Fab 2\tWuxi, Jiangsu\t95,000\t12-inch wafer fabrication\n"
                   "Fab 3\tChengdu, Sichuan\t120,000\t12-inch wafer fabrication\n\n"
                   "Our fab in Wuxi reached full utilisation in 2024. We are building a 12-inch wafer fab in Chengdu.\n")
    assert sorted(f) == ["Fab 1", "Fab 2", "Fab 3"]


def test_sites_from_tables_with_one_cell_per_paragraph_row_by_row_and_column_by_column():
    f = facilities("Our generating fleet at the end of the year is listed below.\n\n"
                   "Plant\n\nState\n\nFuel\n\nCapacity (MW)\n\nHollow Creek Station\n\nOhio\n\nNatural gas\n\n620\n\n"
                   "Birchwood Dam\n\nKentucky\n\nHydro\n\n85\n\n"
                   "The fleet is run by our generation team, which reports to the chief operating officer every quarter.\n\n"
                   "Property\n\nMaple Commons\n\nHarbourview Plaza\n\nTotal\n\nCity\n\nHalifax\n\nMoncton\n\n\u2014\n\n"
                   "Province\n\nNova Scotia\n\nNew Brunswick\n\n\u2014\n\nGLA (sq. ft.)\n\n120,000\n\n85,500\n\n205,500\n\n"
                   "Occupancy held steady, and most tenants are grocery-anchored retailers in the region we serve.\n")
    assert {n: x.location for n, x in f.items()} == {
        "Hollow Creek Station": "Ohio", "Birchwood Dam": "Kentucky",
        "Maple Commons": "Halifax, Nova Scotia", "Harbourview Plaza": "Moncton, New Brunswick"}


def one_cell_per_paragraph(header: list[str], rows: list[tuple[str, ...]]) -> tuple[str, str]:
    """A table set one cell per paragraph, as pdftotext writes it (row by row) and as the PDF reader does (column by
    column)."""
    by_rows = "\n\n".join(header + [c for r in rows for c in r])
    by_columns = "\n\n".join(c for i, h in enumerate(header) for c in (h, *(r[i] for r in rows)))
    return by_rows, by_columns


def test_address_named_properties_and_an_unnamed_header_between_named_ones_in_tables():
    rows = [("Linden Court", "Halifax", "NS", "120,000"), ("88 Quarry Road East", "Moncton", "NB", "85,500"),
            ("Tamarack Industrial Park", "Regina", "SK", "240,000")]
    for layout in one_cell_per_paragraph(["Property", "City", "Province", "GLA (sq ft)"], rows):
        f = facilities("The properties of the Company are listed below.\n\n" + layout + "\n\nOccupancy held steady over the year, "
                       "and most tenants are grocery-anchored retailers in the region we serve.\n")
        assert {"Linden Court", "88 Quarry Road East", "Tamarack Industrial Park"} <= set(f)
        assert f["88 Quarry Road East"].location == "Moncton, NB"
    f = facilities("Our wafer fabs are listed below.\n\nFab\n\nLocation\n\nWafer size\n\nCapacity (wafers/month)\n\n"
                   "Fab 1\n\nWuxi\n\n8-inch\n\n60,000\n\nFab 2\n\nChengdu\n\n12-inch\n\n20,000\n\n"
                   "Both fabs ran at full utilisation throughout the year, and a third is being planned for 2026.\n")
    assert f["Fab 1"].location == "Wuxi" and f["Fab 2"].location == "Chengdu"


def test_units_dams_storage_facilities_hubs_and_bio_refineries_by_their_names():
    f = facilities("Eastfield Castings Co., Ltd. retired Copper Hollow Unit 3 in 2023; Copper Hollow Units 1 and 2 burn gas.\n\n"
                   "The Kettle Brook hydroelectric dam and the Red Rock battery storage facility came online.\n\n"
                   "The Company converted the Casalvento bio-refinery and plans the Corvana CCS hub.\n\n"
                   "We brought the 300-megawatt Prairie Gale Wind Farm online.\n\n"
                   "The Company drew on its Northgate revolving credit facility. Each business unit 3 times a year reports.\n")
    assert {"Copper Hollow Unit 1", "Copper Hollow Unit 2", "Copper Hollow Unit 3", "Kettle Brook hydroelectric dam",
            "Red Rock battery storage facility", "Casalvento bio-refinery", "Corvana CCS hub", "Prairie Gale Wind Farm"} <= set(f)
    assert not any("credit" in n or n.startswith("Unit") for n in f)


def test_a_name_then_a_comma_and_its_description_as_a_site():
    f = facilities("In 2023 the Company bought Greyfield, a 100 MW floating offshore wind project, and Cedar Knoll, our solar farm in Nevada.\n\n"
                   "However, a new plant was not needed. Jane Roe, our plant manager, retired.\n\n"
                   "During the Reporting Period, our equipment team set up a warehouse for emergency materials.\n")
    assert {"Greyfield", "Cedar Knoll"} <= set(f) and f["Cedar Knoll"].location == "Nevada"
    assert not any(w in n for n in f for w in ("However", "Jane", "Reporting"))


def test_a_list_of_names_then_their_kind_before_a_plural_site_noun():
    f = facilities("The Company will close the Harlow Creek and Tollman Point coal plants, and our Ascona and Brisa copper operations "
                   "in Chile run on renewable power. Our Chinese and Indian steel plants improved.\n\n"
                   "The Company's Jinhua packaging and testing plant was expanded, and France's first recycling plant opened.\n")
    assert {"Harlow Creek coal plant", "Tollman Point coal plant", "Ascona copper operation", "Brisa copper operation",
            "Jinhua packaging and testing plant"} <= set(f)
    assert not any(w in n for n in f for w in ("Chinese", "Indian", "first"))


def test_liquefaction_plants_and_floating_units_by_the_name_before_them():
    f = facilities("Production started at Mozambique LNG and at Arvale LNG 2 in Russia, and the Coralina FLNG shipped its first cargo; Polar LNG 2 is next.\n\n"
                   "Eastfield Castings Co., Ltd. LNG sales grew, the LNG market was strong and our LNG portfolio grew.\n\n"
                   "The Company expanded the Dhamrex LNG regasification terminal.\n")
    assert {"Mozambique LNG", "Arvale LNG 2", "Coralina FLNG", "Polar LNG 2", "Dhamrex LNG regasification terminal"} <= set(f)
    assert not any(n.startswith(("Eastfield", "LNG")) or "portfolio" in n for n in f)


def test_a_lower_case_site_or_facility_after_a_rare_proper_word():
    f = facilities("The Company will close the Sherwell site in 2028, and our Quenby facility will be converted.\n\n"
                   "The GRI site lists our data, and the Environmental Portfolio during site visits grew.\n")
    assert {"Sherwell site", "Quenby facility"} <= set(f)
    assert not any(w in n for n in f for w in ("GRI", "Portfolio"))


def test_a_contact_block_with_the_town_before_its_state_and_postcode():
    f = facilities("Contact us\n\nNorthwind Alloys Co., Ltd.\n1200 Grand Boulevard\nKansas City, MO 64105\n\n"
                   "Head Office\n100 King Street West, Suite 500\nToronto, Ontario M5X 1A9\n\n"
                   "Harbour Registry Services Ltd.\n150 Royall Street\nCanton MA 02021\n")
    assert {"headquarters, 1200 Grand Boulevard, Kansas City, MO",
            "headquarters, 100 King Street West, Suite 500, Toronto, Ontario"} <= set(f)
    assert not any("Royall" in n for n in f)  # another organisation's office


def test_a_heading_caption_or_cell_that_is_a_sites_name():
    f = facilities("Case study: Birchmount Place\n\nThe property replaced its chillers and cut energy use by 18% in 2023.\n\n"
                   "Kessaro Generating Station, Kansas\n\nPower Plant Retirements\n\nWater Treatment Plant\n\n"
                   "Red Rock Generating Station\n\nEastfield Castings Office\n\nDigital Capacity Building\n\nOur Properties\n")
    assert {"Birchmount Place", "Kessaro Generating Station", "Red Rock Generating Station"} <= set(f)
    assert f["Kessaro Generating Station"].location == "Kansas"
    assert not any(w in n for n in f for w in ("Retirements", "Water", "Eastfield", "Capacity", "Properties"))


def test_an_address_as_a_sites_name_keeps_its_street_and_town():
    f = facilities("Registered office: 171 Harbour Street, Melbourne, Victoria 3000, Australia.\n")
    assert "headquarters, 171 Harbour Street, Melbourne, Victoria" in f


def test_numbered_fabs_listed_in_a_parenthesis_take_the_place_before_it():
    f = facilities("The Company operates three 8-inch wafer fabs in Shanghai (Fab 1, Fab 2 and Fab 3) and a 12-inch fab in Wuxi (Fab 7).\n\n"
                   "Our headquarters is located in Pudong, Shanghai.\n")
    assert {n: x.location for n, x in f.items() if n.startswith("Fab")} == {
        "Fab 1": "Shanghai", "Fab 2": "Shanghai", "Fab 3": "Shanghai", "Fab 7": "Wuxi"}
    assert "headquarters in Pudong" in f and not any(n.startswith("8-inch") for n in f)


def test_a_property_named_by_its_street_address_in_a_sentence_about_it():
    f = facilities("In 2023 the Company completed a deep energy retrofit of the office tower at 220 Wellington Street West, Toronto, "
                   "cutting its emissions by 30%.\n\nThe property at 88 Quarry Road achieved a green building rating this year.\n\n"
                   "Please send your letters to 15 Harbour Street, Halifax, by mail at any time of the year.\n\n"
                   "Issued by Westbrook Metals Co., Ltd., registered at 50 Stratton Street, London, a manager of office properties.\n")
    assert f["220 Wellington Street West"].location == "Toronto" and "88 Quarry Road" in f
    assert not any(n.startswith(("15 ", "50 ")) for n in f)


def test_a_property_table_by_address_names_its_rows_by_their_addresses():
    rows = [("220 Wellington Street West", "Toronto", "ON", "410,000"), ("88 Quarry Road", "Halifax", "NS", "120,000")]
    for layout in one_cell_per_paragraph(["Address", "City", "Province", "GLA (sq ft)"], rows):
        f = facilities("The office properties are listed below.\n\n" + layout + "\n\nOccupancy held steady over the year, and most "
                       "tenants renewed their leases in the region we serve.\n")
        assert {n: x.location for n, x in f.items()} == {"220 Wellington Street West": "Toronto, ON", "88 Quarry Road": "Halifax, NS"}
