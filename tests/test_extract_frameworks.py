"""Unit tests of ``esg_frameworks`` on text written for these tests (invented companies)."""
from __future__ import annotations

from pathlib import Path

from esgkg import vocab
from esgkg.extract import extract
from esgkg.extract.frameworks import canonical, mentions
from esgkg.ingest import Document

COVER = "Tamsin Quarries plc (hereinafter \"the Company\") 2024 Sustainability Report.\n\n"


def run(body: str):
    return extract(Document(source=Path("fixture.txt"), text=COVER + body))


def test_the_scheme_lives_in_the_ontology():
    fw = vocab.frameworks()
    assert {"GRI Standards", "SASB Standards", "TCFD", "ISSB Standards", "HKEX ESG Reporting Guide", "UN Global Compact",
            "UN SDGs", "CDP", "Science Based Targets initiative", "RE100"} <= set(fw)
    assert fw["RE100"].roles == {"membership"} and fw["GRI Standards"].roles == {"reporting"}


def test_acronyms_are_case_sensitive_words_and_names_any_case():
    assert [m[2] for m in mentions("This report follows the gri standards and the SASB Standards.")] == ["GRI Standards", "SASB Standards"]
    assert mentions("the cdp of the region and a grill") == []
    assert [m[2] for m in mentions("our Scope 1 (GHG Protocol) and SDG 7")] == ["GHG Protocol", "UN SDGs"]


def test_reporting_frameworks_of_the_report():
    f = run("This report has been prepared in accordance with the GRI Standards and the recommendations of the TCFD.\n"
            "It also responds to the CDP climate change questionnaire and supports the Sustainable Development Goals.\n"
            "We met the CDP team at a fair.\n")
    assert f.frameworks == ["GRI Standards", "TCFD", "CDP", "UN SDGs"]


def test_an_initiative_named_without_reporting_words_is_not_a_framework():
    f = run("Our chief executive spoke at an event of the UN Global Compact in Geneva.\n")
    assert "UN Global Compact" not in f.frameworks


def test_memberships_of_the_company():
    f = run("The Company is a signatory to the United Nations Global Compact.\n"
            "In 2023 we joined RE100 and our targets were set in line with the Science Based Targets initiative.\n"
            "A supplier audit followed the RMI protocol and we became a member of the Quarry Products Forum.\n")
    members = {r.partner for r in f.relations if r.kind == "member"}
    assert {"UN Global Compact", "RE100"} <= members
    assert "Science Based Targets initiative" not in members  # "in line with" is not membership
    assert all(r.org == f.company.name for r in f.relations if r.kind == "member")


def test_membership_names_are_the_scheme_labels_once():
    assert canonical("the Responsible Minerals Initiative (RMI)") == "Responsible Minerals Initiative"
    assert canonical("Responsible Minerals Initiative Working Group of Anywhere") is None
    f = run("We are an active member of the Responsible Minerals Initiative (RMI), and members of the Responsible Minerals Initiative meet yearly.\n")
    assert [r.partner for r in f.relations if r.kind == "member"] == ["Responsible Minerals Initiative"]


def test_the_library_queries_list_frameworks_and_memberships():
    from esgkg import query as q
    from esgkg.graph import to_dataset
    from esgkg.store import Store

    f = run("This report was prepared with reference to the GRI Standards and the SASB Standards.\n"
            "The Company is a member of the UN Global Compact.\n")
    store = Store()
    store.add_dataset(to_dataset([f]))
    columns, rows = q.run_query(store, "reports-per-year")
    frameworks = str(rows[0][columns.index("frameworks")])
    assert "GRI Standards" in frameworks and "SASB Standards" in frameworks
    columns, rows = q.run_query(store, "memberships")
    names = {str(r[columns.index("initiativeName")]): str(r[columns.index("memberNames")]) for r in rows}
    assert names.get("UN Global Compact", "").startswith("Tamsin Quarries")


def test_framework_spans_cross_line_breaks_and_respect_word_edges():
    """The mention layer's framework spans: a line break or hyphen inside a name, a plural, case rules, edges."""
    from esgkg.extract import make_nlp

    doc = make_nlp()("Brightwater Tiles plc joined the United Nations\nGlobal Compact in 2021.\n"
                     "Our GRI-referenced index follows the SDGs and the Science Based Targets initiative.\n")
    spans = doc.spans["esg_framework"]
    assert [(s.text, s.kb_id_) for s in spans] == [
        ("United Nations\nGlobal Compact", "UN Global Compact"), ("SDGs", "UN SDGs"),
        ("Science Based Targets initiative", "Science Based Targets initiative")]
    assert {s.label_ for s in spans} == {"FRAMEWORK"}
    assert mentions("the science-based targets initiative and cdp") == [(4, 36, "Science Based Targets initiative")]


def test_word_cues_match_whole_words_stems_and_wildcards():
    """Cue lists as data (mentions/phrases.WordCues): whole words in any case, a stem with '*', any one word with
    '_', the words of a phrase set apart by white space only."""
    from esgkg.extract.mentions.phrases import WordCues

    cues = WordCues(["signatory", "disclos*", "engaged _ in", "in accordance"])
    assert cues.search("We are a SIGNATORY.") and cues.search("Our disclosures follow it.")
    assert cues.search("Vell engaged actively in it") and cues.search("prepared in\naccordance with")
    assert not cues.search("signatorys") and not cues.search("undisclosed") and not cues.search("engaged in-house")
    assert not cues.search("in-accordance") and not cues.search("engaged very actively in it")
