"""Unit tests of ``esg_sentences``, ``esg_orgs`` and ``esg_company`` on text written for these tests.

Every phenomenon has a positive case and a negative one; the corpus test at the end checks the
reporting company and its listings on every real report without naming any of them.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from esgkg.extract import extract, make_nlp
from esgkg.extract.base import OrgIndex
from esgkg.ingest import Document


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def read(text: str, nlp):
    return extract(Document(source=Path("fixture.txt"), text=text), nlp)


def org_named(facts, name: str):
    return next(o for o in facts.organizations.values() if o.name == name or name in o.aliases)


# ----------------------------------------------------------------------------- sentences
def test_a_list_of_names_that_lost_a_comma_stays_one_sentence(nlp):
    doc = nlp("The labs of Alpha Beta Co., Ltd., Test Centre of Gamma Co., Ltd. Delta Omega Co., Ltd., and Zeta Co., Ltd. passed the audit. Kappa Co., Ltd. The next sentence.")
    sents = [s.text.strip() for s in doc.sents]
    assert sents[0].endswith("passed the audit.")
    assert "Kappa Co., Ltd." in sents[1] and sents[2] == "The next sentence."  # an ordinary full stop after Ltd. still ends


def test_sentence_length_is_configurable():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("esg_sentences", config={"max_sent_tokens": 5})
    doc = nlp("one , two , three , four , five , six , seven , eight , nine , ten , eleven , twelve")
    assert len(list(doc.sents)) > 1
    nlp2 = spacy.blank("en")
    nlp2.add_pipe("esg_sentences")
    assert len(list(nlp2("one , two , three , four , five , six , seven").sents)) == 1


# ----------------------------------------------------------------------------- names and defined aliases
def test_hereinafter_aliases_and_self_reference_pick_the_reporter(nlp):
    f = read('This report is published by Quillon Metals Co., Ltd. (hereinafter "Quillon", "the Company" or "we").\n'
             "Quillon was listed on the Shanghai Stock Exchange (stock code: 601234).\n", nlp)
    assert f.company.name == "Quillon Metals Co., Ltd."
    assert "Quillon" in f.company.aliases
    assert [(l.code, l.exchange) for l in f.company.listings] == [("601234", "Shanghai Stock Exchange")]


def test_definition_after_a_chinese_name_in_parentheses(nlp):
    f = read("There are two subsidiaries, namely Quillon Metals (Hubei) Company Limited* (奎隆金属(湖北)有限公司) "
             "(“Quillon Hubei”) and Quillon Trading Limited (“Q Trading”).\n", nlp)
    assert "Quillon Hubei" in org_named(f, "Quillon Metals (Hubei) Company Limited").aliases
    assert "Q Trading" in org_named(f, "Quillon Trading Limited").aliases


def test_split_columns_of_a_definitions_table_are_paired_row_by_row(nlp):
    table = ("## Index of Abbreviations\n\nShort name\t\nQuillon, the Company, we\t\nQuillon Wire\tSh\nRiverbend Foil\t\n\n"
             "#### Full name\n\nQuillon Metals Co., Ltd.\n\nHubei Quillon Wire Technology Co., Ltd.\n\nRiverbend Foil Materials Co., Ltd.\n\n"
             "Quillon Wire expanded its plant. Riverbend Foil cut its energy use.\n")
    f = read(table, nlp)
    assert f.company.name == "Quillon Metals Co., Ltd."
    assert "Quillon Wire" in org_named(f, "Hubei Quillon Wire Technology Co., Ltd.").aliases
    assert "Riverbend Foil" in org_named(f, "Riverbend Foil Materials Co., Ltd.").aliases


def test_unequal_table_columns_are_not_guessed(nlp):
    table = ("## Definitions\n\nQuillon Wire\nRiverbend Foil\nLakeside Zinc\n\n"
             "Hubei Quillon Wire Technology Co., Ltd.\n\nRiverbend Foil Materials Co., Ltd.\n\n")
    f = read(table, nlp)
    assert not org_named(f, "Riverbend Foil Materials Co., Ltd.").aliases


def test_full_name_footnote(nlp):
    f = read("We bought scrap from Marlow Recycling.\nThe full name of Marlow Recycling is Marlow Recycling Technology Co., Ltd.\n", nlp)
    assert "Marlow Recycling" in org_named(f, "Marlow Recycling Technology Co., Ltd.").aliases


def test_name_broken_over_two_lines_is_mended(nlp):
    f = read("- The solar project of Tianmen New Quillon\n\n- Alloy Group Co., Ltd. produces power.\n", nlp)
    names = {o.name for o in f.organizations.values()}
    assert "Tianmen New Quillon Alloy Group Co., Ltd." in names
    assert "Alloy Group Co., Ltd." not in names
    g = read("About Quillon\n\nQuillon Metals Co., Ltd. makes wire.\n", nlp)  # a heading is not half a name
    assert "Quillon Metals Co., Ltd." in {o.name for o in g.organizations.values()}


def test_name_cut_by_the_neighbouring_column_joins_the_full_name(nlp):
    f = read("Hubei Chuanfa Wire Co., Ltd. opened.\n\nubei Chuanfa Wire Co., Ltd.\n", nlp)
    assert len(f.organizations) == 1
    g = read("ubei Chuanfa Wire Co., Ltd.\n", nlp)  # nothing to join: the surviving name is kept
    assert [o.name for o in g.organizations.values()] == ["Chuanfa Wire Co., Ltd."]


def test_singular_and_plural_spellings_are_one_organisation():
    index = OrgIndex()
    a = index.add("Suzhen Alloy Material Co., Ltd.")
    b = index.add("Suzhen Alloy Materials Co., Ltd.")
    assert a is b and "Suzhen Alloy Materials Co., Ltd." in a.aliases
    assert index.add("Suzhen Alloy Co., Ltd.") is not a


# ----------------------------------------------------------------------------- short forms used without a definition
def test_unique_leading_words_used_twice_become_an_alias(nlp):
    f = read("Quillon Metals Co., Ltd. (the \"Company\") owns Marlow Wheel Manufacturing Co., Ltd.\n"
             "Marlow Wheel donated books. Marlow Wheel planted trees.\n", nlp)
    assert "Marlow Wheel" in org_named(f, "Marlow Wheel Manufacturing Co., Ltd.").aliases


def test_ambiguous_or_rare_short_forms_are_not_aliases(nlp):
    f = read("Quillon Metals Co., Ltd. (the \"Company\") owns Marlow Wheel Manufacturing Co., Ltd. and Marlow Wheel Trading Co., Ltd.\n"
             "Marlow Wheel donated books. Marlow Wheel planted trees. Hubei Sanfu Recycling Co., Ltd. sorts scrap. Hubei Sanfu works.\n", nlp)
    assert "Marlow Wheel" not in org_named(f, "Marlow Wheel Manufacturing Co., Ltd.").aliases  # two owners
    assert "Hubei Sanfu" not in org_named(f, "Hubei Sanfu Recycling Co., Ltd.").aliases  # used once


def test_parenthesised_place_short_form(nlp):
    f = read("Quillon Metals Co., Ltd. (the \"Company\") set up Quillon (Mexico) Co., Ltd.\nQuillon Mexico hired staff. Quillon Mexico grew.\n", nlp)
    assert "Quillon Mexico" in org_named(f, "Quillon (Mexico) Co., Ltd.").aliases


def test_reporter_short_forms_and_group(nlp):
    f = read("Quillon Bright Metals Group Co., Ltd. (the \"Company\") reports.\nQuillon Group grew. Quillon Bright hired. "
             "Quillon Group saved energy. Quillon Bright trained staff. Quillon Wheel Co., Ltd. opened.\n", nlp)
    assert {"Quillon Group", "Quillon Bright"} <= f.company.aliases
    assert "Quillon" not in f.company.aliases  # one word is too little


def test_the_publishers_distinctive_first_word_used_alone_is_an_alias(nlp):
    f = read("Vellora S.p.A. publishes this report.\nVellora cut emissions. Vellora hired staff. Vellora Remediation cleaned a site. "
             "Vellora's board met. Vellora planted trees.\n", nlp)
    assert f.company.name == "Vellora S.p.A." and "Vellora" in f.company.aliases
    g = read("Vellora S.p.A. publishes this report.\nVellora cut emissions. Vellora hired staff.\n", nlp)
    assert "Vellora" not in g.company.aliases  # used alone twice: too little for one word
    h = read("Southern Brick Corporation publishes this report.\nSouthern cut emissions. Southern hired staff. Southern planted trees. "
             "Southern grew.\n", nlp)
    assert "Southern" not in h.company.aliases  # an ordinary English word stands for no one organisation


# ----------------------------------------------------------------------------- the reporting company
def test_reporter_by_stock_code_when_nothing_is_defined(nlp):
    f = read("Pelham Steel Co., Ltd.\nStock Code: 2345\nPelham Steel Co., Ltd. was listed on the Main Board of the Hong Kong Stock Exchange.\n"
             "We buy from Orwell Mining Co., Ltd.\n", nlp)
    assert f.company.name == "Pelham Steel Co., Ltd."
    assert [(l.code, l.exchange) for l in f.company.listings] == [("2345", "Hong Kong Stock Exchange")]


def test_two_listings_with_suffixes(nlp):
    f = read('Pelham Steel Co., Ltd. (the "Company") is listed in Shenzhen (stock code: 300111.SZ) and Hong Kong (stock code: 01234.HK).\n', nlp)
    assert [(l.code, l.exchange) for l in f.company.listings] == [("300111", "Shenzhen Stock Exchange"), ("01234", "Hong Kong Stock Exchange")]


def test_mentions_api_resolves_aliases(nlp):
    from esgkg.extract.orgs import mentions_between, mentions_in

    doc = nlp('Quillon Metals Co., Ltd. (hereinafter "Quillon") reports.\nLater, Quillon hired staff.')
    keys = {k for _, _, k in mentions_between(doc, 0, len(doc.text))}
    assert keys == {"quillon metals"}
    last = list(doc.sents)[-1]
    assert [doc.text[s:e] for s, e, _ in mentions_in(doc, last)] == ["Quillon"]


# ----------------------------------------------------------------------------- the real corpus
def test_every_corpus_report_has_its_company_listing_and_exchange(corpus_build):
    exchanges = {"Shenzhen Stock Exchange", "Shanghai Stock Exchange", "Hong Kong Stock Exchange", "Beijing Stock Exchange"}
    assert len(corpus_build.reports) >= 4
    for facts in corpus_build.reports:
        assert facts.company is not None, facts.source
        assert re.search(r"(Co\., Ltd\.|Limited)$", facts.company.name), facts.company.name
        assert facts.company.aliases, facts.source  # every report uses a short form of its name
        assert facts.company.listings and all(re.fullmatch(r"\d{4,6}", l.code) and l.exchange in exchanges for l in facts.company.listings)
        assert facts.report_year and 2015 <= facts.report_year <= 2030


def test_known_names_found_again_by_a_phrase_matcher():
    """find_phrases: longest name first at a start, whole tokens only, the caller's edge rule applied."""
    import spacy

    from esgkg.extract.mentions.phrases import find_phrases, free_after, free_before

    text = "Quillmore Dyes and Quillmore Dyes Ningbo met; Quillmore Dyesworks did not. (Quillmore Dyes)"
    doc = spacy.blank("en")(text)
    found = find_phrases(doc, {"Quillmore Dyes", "Quillmore Dyes Ningbo"}, text)
    assert [p for _, _, p in found] == ["Quillmore Dyes", "Quillmore Dyes Ningbo", "Quillmore Dyes"]
    assert all(text[a:b] == p for a, b, p in found)
    alone = find_phrases(doc, {"Quillmore Dyes"}, text, lambda a, b: free_before(text, a, "(") and free_after(text, b))
    assert [a for a, _, _ in alone] == [0, 19]  # not the one after "("
