"""Organisation names as reports around the world write them, and whose report a text is.

Every fixture is text written for these tests (invented companies); each stands for one kind of
fault met on real reports: legal forms of other jurisdictions, a legal form's full stop inside a
sentence, footnote digits, '&' in names, short forms of a subsidiary's name, trade names, tables,
a reporting company named without a legal form, photo credits.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from esgkg.extract import extract, make_nlp
from esgkg.extract.legal_forms import strip_legal_form
from esgkg.extract.text import ORG_NAME, name_key
from esgkg.ingest import Document, load


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def read(text: str, nlp, name: str = "fixture.txt"):
    return extract(Document(source=Path(name), text=text), nlp)


def certs(facts) -> set[tuple[str, str]]:
    return {(c.holder, c.standard) for c in facts.certifications}


def subs(facts) -> set[str]:
    return {s.name for s in facts.subsidiaries}


# ----------------------------------------------------------------------------- legal forms
@pytest.mark.parametrize("name", [
    "Tarragona Envases de Monterrey, S.A. de C.V.", "Tarragona Pakiranje d.o.o.", "Tarragona Spedition GmbH & Co. KG",
    "Tarragona Opakowania Sp. z o.o.", "Tarragona Contenitori S.p.A.", "Tarragona Emballering A/S", "Tarragona Nippon K.K.",
    "Tarragona Asia Pte. Ltd.", "Tarragona Australia Pty Ltd", "Tarragona Suomi Oyj", "Tarragona Norge ASA",
    "Tarragona Europe SE", "Tarragona Holdings, L.P.", "Tarragona Benelux N.V.", "Tarragona Trading LLC",
    "Tarragona Iberia S.L.U.", "Tarragona Ambalaj A.Ş.", "Tarragona Polska Spółka z o.o.", "Tarragona Eesti OÜ",
])
def test_legal_forms_of_many_jurisdictions_end_a_name(name):
    m = ORG_NAME.search(f"In 2024 {name} obtained a certificate.")
    assert m is not None and m.group(0) == name
    assert strip_legal_form(name) != name and name_key(name) == name_key(strip_legal_form(name))


def test_legal_forms_written_before_the_name():
    facts = read("Volga Fertiliser Works 2023 Report\nPJSC Volga Fertiliser Works (\"the Company\") publishes this report for 2023.\n", make_nlp())
    assert facts.company is not None and name_key(facts.company.name) == "volga fertiliser works"


def test_accented_ampersand_and_initials_in_names(nlp):
    text = ("Écluse & Fils Holding plc\n2024 Sustainability Report\n"
            "This report is published by Écluse & Fils Holding plc (hereinafter \"É&F\").\n"
            "Our wholly-owned subsidiaries include Brun & Co. Transport Limited and J.K. Lindqvist Verkstad AB.\n"
            "Brun & Co. Transport Limited holds ISO 45001 certification.\n")
    facts = read(text, nlp)
    assert facts.company.name == "Écluse & Fils Holding plc"
    assert {"Brun & Co. Transport Limited", "J.K. Lindqvist Verkstad AB"} <= subs(facts)
    assert ("Brun & Co. Transport Limited", "ISO 45001") in certs(facts)
    assert not any(o.name == "Transport Limited" for o in facts.organizations.values())


def test_a_number_and_a_unit_are_no_company():
    assert ORG_NAME.search("Urea 640 KG per hectare and Report Principles 102 Company") is None


# ----------------------------------------------------------------------------- sentences
def test_a_legal_forms_full_stop_does_not_end_the_sentence(nlp):
    text = ("Fjord Metrology Corp.\n2024 Sustainability Report\nThis report is published by Fjord Metrology Corp. (hereinafter \"Fjord\").\n"
            "Our subsidiary Kallio Sensors Inc. Finland obtained ISO 14001 certification in 2024.\n"
            "Our wholly-owned subsidiary Tagus Optica S.A. Portugal holds ISO 50001 certification.\n"
            "Adige Valvole S.p.A. Italy, our Verona subsidiary, passed the ISO 14001 audit in 2024.\n")
    facts = read(text, nlp)
    got = certs(facts)
    assert {("Kallio Sensors Inc.", "ISO 14001"), ("Tagus Optica S.A.", "ISO 50001"), ("Adige Valvole S.p.A.", "ISO 14001")} <= got
    assert not {c for c in got if c[0] == "Fjord Metrology Corp."}
    for c in facts.certifications:
        assert c.evidence.text.startswith(("Our subsidiary", "Our wholly-owned", "Adige"))


def test_an_ordinary_sentence_after_a_legal_form_still_starts(nlp):
    sents = [s.text.strip() for s in nlp("We bought Vardo Boats Ltd. The deal closed in May.").sents]
    assert sents == ["We bought Vardo Boats Ltd.", "The deal closed in May."]


def test_footnote_digits_after_a_full_stop_end_the_sentence(nlp):
    text = ("Lorne Board Mills plc\n2024 Sustainability Report\nThis report is published by Lorne Board Mills plc (hereinafter \"Lorne\").\n"
            "Our subsidiary Kintyre Pulp Limited obtained ISO 14001 certification in 2024.3 Our subsidiary Islay Carton Limited holds "
            "ISO 45001 certification.4 Lorne Board Mills plc has obtained ISO 50001 energy management system certification.\n")
    facts = read(text, nlp)
    by_holder = {c.holder: c for c in facts.certifications}
    assert set(by_holder) == {"Kintyre Pulp Limited", "Islay Carton Limited", "Lorne Board Mills plc"}
    assert by_holder["Kintyre Pulp Limited"].standard == "ISO 14001"
    assert by_holder["Kintyre Pulp Limited"].evidence.text == "Our subsidiary Kintyre Pulp Limited obtained ISO 14001 certification in 2024."
    assert by_holder["Islay Carton Limited"].standard == "ISO 45001"
    assert by_holder["Lorne Board Mills plc"].evidence.text.startswith("Lorne Board Mills plc has obtained")


# ----------------------------------------------------------------------------- short forms, trade names, tables
def test_a_subsidiarys_name_without_its_legal_form_is_that_subsidiary(nlp):
    text = ("Corrie Minerals plc\n2024 Sustainability Report\n"
            "This report is published by Corrie Minerals plc (hereinafter \"Corrie\" or \"the Group\"). Corrie is listed on the "
            "London Stock Exchange (ticker: CRM).\nOur wholly-owned subsidiaries include Merlin Gold Limited and Harrier Nickel Pty Ltd.\n"
            "Merlin Gold has obtained ISO 14001 certification.\nHarrier Nickel obtained ISO 45001 certification in 2024.\n")
    facts = read(text, nlp)
    assert certs(facts) == {("Merlin Gold Limited", "ISO 14001"), ("Harrier Nickel Pty Ltd", "ISO 45001")}
    assert [(l.code, l.exchange) for l in facts.company.listings] == [("CRM", "London Stock Exchange")]
    assert "Merlin Gold" in facts.organizations["Merlin Gold Limited"].aliases


def test_trade_names_and_table_rows(tmp_path, nlp):
    page = tmp_path / "summit_2024.html"
    page.write_text(
        "<html><body><h1>Summit Grid Inc.</h1><p>2024 Sustainability Report</p>"
        "<p>This report is published by Summit Grid Inc. (hereinafter \"Summit\").</p><h2>Principal subsidiaries</h2>"
        "<table><tr><th>Subsidiary</th><th>State</th></tr>"
        "<tr><td>Pinecrest Electric Company (d/b/a Pinecrest Power)</td><td>Ohio</td></tr>"
        "<tr><td>Bayview Water Services, Inc.</td><td>Maine</td></tr><tr><td>Summit Solar Holdings, L.P.</td><td>Texas</td></tr></table>"
        "<h2>Certifications</h2><table><tr><th>Entity</th><th>Standard</th></tr>"
        "<tr><td>Bayview Water Services, Inc.</td><td>ISO 14001</td></tr><tr><td>Pinecrest Power</td><td>ISO 45001</td></tr>"
        "<tr><td>Unlisted Harbour Pilots</td><td>ISO 9001</td></tr></table></body></html>", encoding="utf-8")
    facts = extract(load(page), nlp)
    assert {"Pinecrest Electric Company", "Bayview Water Services, Inc.", "Summit Solar Holdings, L.P."} <= subs(facts)
    assert "Pinecrest Power" in facts.organizations["Pinecrest Electric Company"].aliases
    assert not any("d/b/a" in o.name for o in facts.organizations.values())
    got = certs(facts)
    assert {("Bayview Water Services, Inc.", "ISO 14001"), ("Pinecrest Electric Company", "ISO 45001")} <= got
    assert not {c for c in got if c[0] == "Summit Grid Inc."}  # a holder the text names is never given to the reporter


# ----------------------------------------------------------------------------- the reporting company
def test_reporter_without_a_legal_form_from_title_lines_domain_and_use(nlp):
    text = ("Climate Transition Report\nMay 2024\n\nPhoto: Nimbus Pictures Inc.\n\nKORVALD CLIMATE TRANSITION REPORT\n"
            "Korvald's ambition is to cut emissions. Korvald operates smelters in four countries.\n"
            "KORVALD CLIMATE TRANSITION REPORT\nKorvald’s plants use scrap. Contact: www.korvald.com\n"
            "KORVALD CLIMATE TRANSITION REPORT\nKorvald reports in line with the TCFD. Korvald's data cover 2023.\n")
    facts = read(text, nlp)
    assert facts.company is not None and name_key(facts.company.name) == "korvald"
    assert 0.5 < facts.company.confidence <= 1.0


def test_a_photo_credit_is_never_the_reporter(nlp):
    text = ("Photo: Lumenframe Studios Inc.\n\nSustainability Report 2023\n"
            "This report is published by Halvard Shipping A/S (hereinafter \"Halvard\" or \"we\").\n"
            "Halvard carried 2 million containers. Halvard's fleet grew.\n")
    facts = read(text, nlp)
    assert facts.company.name == "Halvard Shipping A/S"
    assert "Lumenframe Studios Inc." not in subs(facts)


def test_user_override_of_company_and_year():
    nlp = make_nlp(company="Quillon Estates plc", year=2021)
    facts = read("Notes of a meeting in 2019 about Other Holdings Ltd.\n", nlp)
    assert facts.company.name == "Quillon Estates plc" and facts.report_year == 2021 and facts.company.confidence == 1.0


# ----------------------------------------------------------------------------- units named without a legal form
def test_units_named_without_a_legal_form(nlp):
    text = ("Vantor Holding AG\nSustainability Report 2024\n"
            "This report is published by Vantor Holding AG (hereinafter \"Vantor\" or \"the Company\").\n"
            "Vantor Energy supplies turbines. Vantor Energy grew by 5%. Vantor Rail opened a depot. Vantor Rail hired staff.\n"
            "In 2024 our Harbour Towage business renewed its fleet.\n"
            "Vantor reports on Vantor Rail, Vantor Energy, Grid Services and Harbour Towage.\n"
            "The vessel Vantor Aurora sailed. The vessel Vantor Aurora returned.\n"
            "Vantor Integrity Initiative supports schools. Vantor Integrity Initiative grew.\n"
            "In 2021 Vantor Real Estate sold two sites.\nOur businesses are Vantor Rail, Grid Services; and Real\nEstate.\n"
            "A fire on board the Vantor Polaris was put out. All crew aboard Vantor Polaris were safe.\n"
            "CEO Vantor Offshore Wind, Ms. Ada Lind, spoke.\nPhoto credits\np. 4, 9: Shutterlane Inc.\n")
    facts = read(text, nlp)
    got = subs(facts)
    assert {"Vantor Energy", "Vantor Rail", "Harbour Towage", "Grid Services", "Vantor Real Estate", "Vantor Offshore Wind"} <= got
    assert not {"Vantor Aurora", "Vantor Polaris", "Vantor Integrity Initiative", "Vantor Holding AG", "Shutterlane Inc.", "Real Estate"} & got
    assert all(s.parent == "Vantor Holding AG" for s in facts.subsidiaries)


def test_units_by_apposition_quotation_and_investments(nlp):
    text = ("Orrin Freight A/S\nSustainability Report 2024\n"
            "This report is published by Orrin Freight A/S (hereinafter \"Orrin\" or \"the Group\").\n"
            "Orrin’s data venture unit, hub9, builds booking tools.\n"
            "The Orrin Business Unit “Cold Storage Services” opened in 2024.\n"
            "Further progress came from investments made by our venture arm, Orrin\nVentures. These include investments in for\n"
            "example Kelpie, a Norway-based freight start-up, Tide.ai – a platform for port data, and Lantern Labs, a company\n"
            "building route planners. Orrin Ventures grew. Orrin Ventures hired.\n")
    facts = read(text, nlp)
    parent = {s.name: s.parent for s in facts.subsidiaries}
    assert parent.get("hub9") == "Orrin Freight A/S" and parent.get("Cold Storage Services") == "Orrin Freight A/S"
    assert {parent.get(n) for n in ("Kelpie", "Tide.ai", "Lantern Labs")} == {"Orrin Ventures"}
    relation = {s.name: s.relation for s in facts.subsidiaries}
    assert relation["Kelpie"] == "associate"


# ----------------------------------------------------------------------------- identity
@pytest.mark.parametrize(("a", "b"), [
    ("Société Lumière S.A.", "Societe Lumiere SA"), ("O'Hara & Sons Ltd", "OHara and Sons Limited"),
    ("A.B. Skarsgård - Skarsgard A/S", "AB Skarsgard - Skarsgard AS"), ("Rød Fjell ASA", "Rod Fjell ASA"),
])
def test_spellings_of_one_name_share_an_iri(a, b):
    from esgkg.graph.iri import org_iri

    assert org_iri(a) == org_iri(b)


def test_names_in_other_scripts_get_iris_of_their_own():
    from esgkg.graph.iri import org_iri

    iris = {org_iri(n) for n in ("ПАО Северный Металл", "ПАО Южный Металл", "北方金属有限公司", "南方金属有限公司")}
    assert len(iris) == 4 and not any(str(i).endswith("unnamed") for i in iris)


# ----------------------------------------------------------------------------- certification holders
CERT_TEXT = ("Halyard Logistics plc\n2024 Sustainability Report\n"
             "This report is published by Halyard Logistics plc (hereinafter \"Halyard\" or \"the Group\").\n"
             "Our Eastfield and Northgate bases are ISO 14001 certified.\n"
             "All our ports and depots are certified to ISO 9001 and ISO 45001; five ports also hold ISO 50001.\n"
             "Our data-centre business holds ISO/IEC 27001 certification.\n"
             "Our reporting is aligned with ISO 26000 and we follow the ISO 14064 guidance.\n"
             "An integrated management system covering ISO 22000 is being implemented at our Westbrook terminal.\n"
             "We require our key suppliers to hold ISO 20400 certification.\nThis report is printed on FSC-certified paper.\n")


def test_certification_holders_are_sites_units_or_the_group_with_a_scope(nlp):
    facts = read(CERT_TEXT, nlp)
    got = {(c.holder, c.standard): c for c in facts.certifications}
    assert {k for k, c in got.items() if c.holder_is_facility} == {("Eastfield base", "ISO 14001"), ("Northgate base", "ISO 14001"),
                                                                    ("Westbrook terminal", "ISO 22000")}
    assert got[("Westbrook terminal", "ISO 22000")].status == "in_progress"
    fifty = got[("Halyard Logistics plc", "ISO 50001")]
    assert (fifty.scope, fifty.count) == ("count_of_subsidiaries", 5)
    assert ("Data-centre business", "ISO/IEC 27001") in got
    assert not {code for _, code in got} & {"ISO 26000", "ISO 14064", "ISO 20400", "FSC"}


def test_a_site_holding_a_certificate_is_a_facility_in_the_graph():
    from rdflib import RDF, Literal
    from rdflib.namespace import RDFS

    from esgkg.graph import report_graph
    from esgkg.validate import validate_report
    from esgkg.vocab import ESG

    facts = read(CERT_TEXT, make_nlp())
    facts.report_year = 2024
    g = report_graph(facts)
    site = next(g.subjects(RDFS.label, Literal("Eastfield base")))
    assert (site, RDF.type, ESG.Facility) in g and next(g.objects(site, ESG.holdsCertification), None) is not None
    assert next(g.subjects(ESG.operatesFacility, site), None) is not None
    assert validate_report(g).conforms


def test_branches_prefixed_forms_and_ordinary_words(nlp):
    text = ("PJSC Severo Chemicals\nSustainability Report 2023\nThis report is published by PJSC Severo Chemicals (\"the Company\").\n"
            "Head of Safety Management of JSC\nKama Fertiliser spoke at the meeting.\n"
            "In 2023 Kama's Perm branch signed a power contract. The Company connects its plants: Ufa branch in the Ural Region and "
            "Samara branch in the Volga Region.\n"
            "Severo Development Cycle Towards Severo Pioneering Future\nSevero Development Cycle Towards Severo Pioneering Future\n"
            "We value harmony. Harmony in our teams is key; harmony matters. Harmony Chemicals grew. Harmony Chemicals hired.\n"
            "Index of Abbreviations for Company Members\n")
    facts = read(text, nlp)
    parent = {s.name: s.parent for s in facts.subsidiaries}
    assert {parent.get(n) for n in ("Perm branch", "Ufa branch", "Samara branch")} == {"JSC Kama Fertiliser"}
    assert not any(o.name in ("JSC", "Index of Abbreviations for Company") for o in facts.organizations.values())
    assert not {n for n in parent if n.startswith(("Severo Development", "Harmony Development", "Harmony Pioneering"))}


def test_a_definitions_entry_makes_its_quoted_term_an_alias(nlp):
    text = ("Lumera Lighting plc\n2024 Sustainability Report\n"
            "This report is published by Lumera Lighting plc (hereinafter \"Lumera\" or \"the Group\").\n\nDefinitions\n"
            "\"Lumera Serbia\" means Lumera Svetla d.o.o., a wholly-owned subsidiary of the Company incorporated in Serbia\n"
            "\"Lumera Iberia\" means Lumera Iluminación S.L., a subsidiary of the Company\n"
            "\"Auditor\" means Brightline Audit LLP, the Group's auditor\n\n"
            "Lumera Serbia obtained ISO 50001 certification in 2024.\nLumera Iberia holds ISO 14001 certification.\n")
    facts = read(text, nlp)
    assert certs(facts) == {("Lumera Svetla d.o.o.", "ISO 50001"), ("Lumera Iluminación S.L.", "ISO 14001")}
    assert {"Lumera Svetla d.o.o.", "Lumera Iluminación S.L."} == subs(facts)


def test_facts_of_a_named_but_unknown_holder_are_not_the_reporters(nlp):
    text = ("Corrie Minerals plc\n2024 Sustainability Report\n"
            "This report is published by Corrie Minerals plc (hereinafter \"Corrie\" or \"the Group\").\n"
            "Our wholly-owned subsidiaries include Merlin Gold Limited and Harrier Nickel Pty Ltd.\n"
            "Merlin Gold aims to cut water use by 20% by 2030.\nUnlisted Harbour Pilots aims to reach net zero emissions by 2040.\n"
            "We aim to reach net zero emissions by 2045.\nMerlin Gold operates the Redhill open-pit mine in Western Australia.\n"
            "Unlisted Harbour Pilots operates the Bayside terminal in Fremantle.\nUnlisted Harbour Pilots obtained ISO 9001 certification.\n")
    facts = read(text, nlp)
    assert {(t.holder, t.year) for t in facts.targets} == {("Merlin Gold Limited", 2030), ("Corrie Minerals plc", 2045)}
    assert {(f.name, f.operator) for f in facts.facilities} == {("Redhill open-pit mine", "Merlin Gold Limited")}
    assert not facts.certifications


def test_the_partner_of_a_joint_venture_is_not_the_venture(nlp):
    text = ("Harbourline Logistics plc\nSustainability Report 2024\n\n"
            "Harbourline Logistics plc (\"the Group\") moves freight by road, rail and sea.\n\n"
            "Our joint venture with Pacific Ports Corporation, Harbour Pacific Terminals Ltd, handles 2 million containers.\n"
            "In 2024 the Group formed a joint venture between the Group and Meridian Rail Inc. called Cross Channel Rail Ltd.\n")
    got = {s.name: s.relation for s in read(text, nlp).subsidiaries}
    assert got.get("Harbour Pacific Terminals Ltd") == "joint_venture"
    assert "Pacific Ports Corporation" not in got and "Meridian Rail Inc." not in got


# ----------------------------------------------------------------------------- covers of other reports
def test_a_title_line_above_the_name_is_no_part_of_it(nlp):
    text = ("2024\nEnvironmental, Social and Governance Report\n\nKobe Precision Holdings Co., Ltd.\n(Stock Code: 7123)\n\n"
            "This report covers Kobe Precision Holdings Co., Ltd. and its consolidated subsidiaries (\"the Group\").\n")
    assert read(text, nlp).company.name == "Kobe Precision Holdings Co., Ltd."


def test_a_full_stop_after_a_name_ends_the_sentence_not_the_name(nlp):
    facts = read("Annual Sustainability Report FY2024\n\nThis is the FY2024 sustainability report of Tidewater Energy plc. "
                 "In this report, \"we\" and \"Tidewater\" refer to Tidewater Energy plc and its subsidiaries.\n", nlp)
    assert facts.company.name == "Tidewater Energy plc"
    facts = read("Impact Report 2024\n\nLindenhof Foods\n\nAt Lindenhof Foods, we cook with care. Lindenhof Foods B.V. is based in "
                 "Utrecht.\nLindenhof Foods B.V. employs 400 people.\n", nlp)
    assert facts.company.name == "Lindenhof Foods B.V." and not subs(facts)  # the reporter is not its own subsidiary


def test_one_ticker_on_two_exchanges_is_two_listings_and_a_chilean_spa_is_a_company(nlp):
    facts = read("SUSTAINABILITY REPORT 2024\n\nCondor Copper Corporation\n\nCondor Copper Corporation (TSX: CDC; NYSE: CDC) mines copper.\n\n"
                 "Condor Chile SpA operates the Alto mine. Condor Copper Corporation (TSX: CDC) reports in US dollars.\n", nlp)
    assert {(l.code, l.exchange) for l in facts.company.listings} == {("CDC", "Toronto Stock Exchange"), ("CDC", "New York Stock Exchange")}
    assert "Condor Chile SpA" in subs(facts)
