"""Names are names (issue 20): any script, particles, quotes inside; ordinary words are not names.

Every fixture is text written for these tests (made-up companies)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from esgkg.extract import extract, make_nlp
from esgkg.extract.mentions import names
from esgkg.ingest import Document

COVER = "Harrow Signals Ltd. (\"Harrow\" or \"the Company\") 2024 Sustainability Report\n"


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def partners(nlp, body: str) -> set[tuple[str, str]]:
    facts = extract(Document(source=Path("fixture.txt"), text=COVER + body), nlp)
    return {(r.kind, r.partner) for r in facts.relations}


def test_accented_capitals_start_names(nlp):
    assert partners(nlp, "Our customers include Öresund Rail and Ålborg Energy.\n") == {
        ("customer", "Öresund Rail"), ("customer", "Ålborg Energy")}


@pytest.mark.parametrize("name", ["شركة النور للكابلات", "Сибирский Кабель", "Ωμέγα Καλώδια", "北辰电缆"])
def test_a_supplier_in_any_script(nlp, name):
    assert ("supplier", name) in partners(nlp, f"Our suppliers include {name} and Pike Steel.\n")


def test_particles_and_apostrophes_inside_a_name(nlp):
    assert ("supplier", "Banca d'Orsino di Valle") in partners(nlp, "We purchased copper cable from Banca d'Orsino di Valle this year.\n")
    assert ("supplier", "Caisse d'Énergie de l'Ouest SA") in partners(nlp, "We buy power from Caisse d'Énergie de l'Ouest SA.\n")


def test_a_quoted_nickname_stays_inside_the_name(nlp):
    assert ("supplier", 'Cable Works "Big Red" Tarnow') in partners(nlp, 'We purchased copper cable from Cable Works "Big Red" Tarnow this year.\n')


def test_particles_do_not_end_a_name(nlp):
    assert ("customer", "Nova Rail") in partners(nlp, "Our customers include Nova Rail do not renew.\n")


@pytest.mark.parametrize("body,word", [
    ("Our work on net zero matters.\nOur customers include Net Zero and Pike Energy.\n", "Net Zero"),
    ("Our corporate social responsibility (CSR) work grew.\nOur customers include CSR and Pike Energy.\n", "CSR"),
    ("We do not sell printing services.\nOur customers include Printing and Pike Energy.\n", "Printing"),
])
def test_ordinary_words_are_not_partners(nlp, body, word):
    got = partners(nlp, body)
    assert ("customer", "Pike Energy") in got
    assert ("customer", word) not in got


def test_ordinary_judges_by_frequency_and_the_documents_usage():
    text = "we aim at net zero; the pike energy fund; our corporate social responsibility (CSR) plan; Tarn Energy grew"
    assert names.ordinary("Net Zero", text)
    assert names.ordinary("CSR", text)
    assert not names.ordinary("Tarn Energy", text)  # never written in lower case
    assert not names.ordinary("Pike Steel", text)
    assert not names.ordinary("شركة النور", text)  # no case: a name
    assert not names.ordinary("GRI", text)  # an acronym the text does not spell out


def test_name_words_of_every_script():
    word = re.compile(names.NAME_WORD)
    for w in ("Öresund", "Łódź", "Сибирский", "Ωμέγα", "شركة", "北辰", "d'Orsino", "l’Ouest"):
        assert word.fullmatch(w), w
    for w in ("printing", "ünter", "2024", "-Acme"):
        assert not word.fullmatch(w), w
    assert names.starts_like_name("“Ålborg") and not names.starts_like_name("ålborg")


@pytest.mark.parametrize("lower_case_use,is_alias", [(True, False), (False, True)])
def test_an_ordinary_phrase_is_no_short_form(nlp, lower_case_use, is_alias):
    text = (COVER + "Teal Wind Systems Co., Ltd. is our subsidiary.\n"
            "Teal Wind delivered two turbines. Teal Wind won a contract.\n"
            + ("The teal wind of the coast is mild.\n" if lower_case_use else "The coast is mild.\n"))
    doc = nlp(text)
    org = doc._.orgs.resolve("Teal Wind Systems Co., Ltd.")
    assert ("Teal Wind" in org.aliases) is is_alias
