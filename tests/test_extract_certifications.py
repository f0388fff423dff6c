"""Unit tests of ``esg_certifications`` on sentences written for these tests (never report text).

Each phenomenon (codes, descriptions, scopes, status, clauses, next-sentence certificates,
captions, certifiers, and the not-a-certification cases) has a positive and a negative case.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from esgkg.extract import extract, make_nlp
from esgkg.extract.certifications import is_claim, standard_for_code, standards_in
from esgkg.ingest import Document

REPORTER = "Quillon Metals Co., Ltd."
COVER = f'{REPORTER} (hereinafter "Quillon" or "the Company") publishes its 2023 ESG report.\n\n'


@pytest.fixture(scope="module")
def nlp():
    return make_nlp()


def certs(body: str, nlp=None):
    return extract(Document(source=Path("fixture.txt"), text=COVER + body), nlp or make_nlp()).certifications


def pairs(body: str, nlp) -> set[tuple[str, str]]:
    return {(c.holder, c.standard) for c in certs(body, nlp)}


# ----------------------------------------------------------------------------- vocabulary from the ontology
def test_codes_and_descriptions_come_from_the_ontology():
    assert standard_for_code("ISO14001:2015") == "ISO 14001"
    assert standard_for_code("GB/T29490-2013") == "GB/T 29490"
    assert standard_for_code("IATF16949") == "IATF 16949"
    assert standard_for_code("ISO 99999") is None
    codes, described_only = standards_in("passed the quality, environment and occupational health management system certification")
    assert codes == {"ISO 9001", "ISO 14001", "ISO 45001"} and described_only
    codes, described_only = standards_in("obtained ISO 50001 energy management system certification")
    assert codes == {"ISO 50001"} and not described_only


# ----------------------------------------------------------------------------- claim or not
@pytest.mark.parametrize("sentence", [
    "The Company strictly complies with ISO 9001 and IATF 16949.",
    "Our management refers to ISO 14001.",
    "We require all suppliers to obtain ISO 14001 certification.",
    "This report is printed on paper from a printer certified to ISO 14001.",
    "According to ISO 50001 and the Energy Management Systems Certification Requirements, we set targets.",
])
def test_not_a_certification(sentence, nlp):
    assert not certs(sentence + "\n", nlp)


def test_reference_cue_with_a_certificate_verb_is_still_a_claim():
    assert is_claim("In accordance with ISO 45001, the Company passed the certification.", False)
    assert not is_claim("In accordance with ISO 45001, the Company set up its certification requirements.", False)


def test_description_needs_a_certification_word(nlp):
    assert pairs("We improved our energy management system this year.\n", nlp) == set()
    assert pairs("The Company obtained energy management system certification.\n", nlp) == {(REPORTER, "ISO 50001")}


# ----------------------------------------------------------------------------- holders and scopes
def test_named_holders_one_fact_each_and_certifier_excluded(nlp):
    got = certs("Orwell Foil Co., Ltd. and Pinner Wire Co., Ltd. passed the GB/T29490-2013 certification by Harlow Certification Co., Ltd.\n", nlp)
    assert {(c.holder, c.standard, c.scope) for c in got} == {
        ("Orwell Foil Co., Ltd.", "GB/T 29490", "named"), ("Pinner Wire Co., Ltd.", "GB/T 29490", "named")}


@pytest.mark.parametrize("sentence, scope, count, share", [
    ("All major subsidiaries of the Group have passed the ISO 14001 certification.", "major_subsidiaries", None, None),
    ("9 subsidiaries have obtained ISO 14064 certification.", "count_of_subsidiaries", 9, None),
    ("8 of the Company's subsidiaries have obtained IATF 16949 certification.", "count_of_subsidiaries", 8, None),
    ("100% of the Company's subsidiaries have obtained ISO 9001 certification.", "share_of_subsidiaries", None, 100.0),
    ("Some subsidiaries were certified to SA8000:2014.", "some_subsidiaries", None, None),
    ("The Company and its subsidiaries have obtained ISO 9001 certification.", "all_subsidiaries", None, None),
    ("The Company has obtained ISO 9001 certification.", "group", None, None),
])
def test_scoped_claims_belong_to_the_reporter(sentence, scope, count, share, nlp):
    (c,) = certs(sentence + "\n", nlp)
    assert (c.holder, c.scope, c.count, c.share_percent) == (REPORTER, scope, count, share)


def test_a_share_of_none_is_no_scope(nlp):
    assert not certs("0% of subsidiaries have obtained ISO 9001 certification.\n", nlp)
    assert not certs("0 subsidiaries have obtained ISO 9001 certification.\n", nlp)


def test_scopes_can_be_switched_off():
    nlp = spacy.blank("en")
    for name in ("esg_sentences", "esg_orgs", "esg_company", "esg_subsidiaries"):
        nlp.add_pipe(name)
    nlp.add_pipe("esg_certifications", config={"scoped_claims": False})
    doc = nlp(COVER + "9 subsidiaries have obtained ISO 14064 certification.\n")
    assert [c.scope for c in doc._.esg.certifications] == ["group"]


def test_each_clause_has_its_own_holder_and_status(nlp):
    got = certs("By the end of 2023, all subsidiaries have obtained the ISO 14001 certification, and Orwell Foil Co., Ltd. is applying "
                "for the certification of ASI Performance Standard.\n", nlp)
    assert {(c.holder, c.standard, c.scope, c.status) for c in got} == {
        (REPORTER, "ISO 14001", "all_subsidiaries", "held"), ("Orwell Foil Co., Ltd.", "ASI Performance Standard", "named", "in_progress")}


def test_elliptical_clause_keeps_the_subject(nlp):
    got = pairs("Orwell Foil Co., Ltd. passed the review of quality management systems, and the energy management system certification.\n", nlp)
    assert got == {("Orwell Foil Co., Ltd.", "ISO 9001"), ("Orwell Foil Co., Ltd.", "ISO 50001")}


# ----------------------------------------------------------------------------- two sentences, captions, status
def test_certificate_in_the_next_sentence_completes_the_claim(nlp):
    body = ("On 20 June 2023, Orwell Foil Co., Ltd. had its carbon inventory accounting completed by Harlow Assessment Co., Ltd. "
            "A certificate has been obtained from Wexford Certification Ltd.\n")
    (c,) = certs(body, nlp)
    assert (c.holder, c.standard, c.named_by, c.status) == ("Orwell Foil Co., Ltd.", "ISO 14064", "description", "obtained_this_year")
    assert "A certificate" in c.evidence.text
    assert not certs("Orwell Foil Co., Ltd. had its carbon inventory accounting completed. The weather was fine.\n", nlp)


def test_a_caption_counts_only_when_no_sentence_claims_the_standard(nlp):
    assert pairs("ISO 14064 carbon inventory certificate\n", nlp) == {(REPORTER, "ISO 14064")}
    body = "Orwell Foil Co., Ltd. obtained the ISO 14064 certification.\n\nISO 14064 carbon inventory certificate\n"
    assert pairs(body, nlp) == {("Orwell Foil Co., Ltd.", "ISO 14064")}


@pytest.mark.parametrize("sentence, status", [
    ("In 2023, the Company renewed its ISO 45001 certification.", "renewed"),
    ("The Company plans to obtain ISO 50001 certification.", "planned"),
    ("This year, the Company obtained ISO 50001 certification for the first time.", "obtained_this_year"),
    ("By the end of 2023, the Company has obtained ISO 50001 certification.", "held"),
])
def test_status(sentence, status, nlp):
    (c,) = certs(sentence + "\n", nlp)
    assert c.status == status


def test_standard_spellings_are_token_sequences():
    """The ontology's spellings without a number and its descriptions are matched as tokens (LOWER; white space
    and hyphens free between words), not as a joined alternation; a spelling glued to a word is none."""
    from esgkg.extract.certifications import standard_mentions

    def codes(text: str) -> list[tuple[str, bool]]:
        return [(text[s:e], d) for s, e, _, d in standard_mentions(text)]

    assert codes("Our mill is FSC-certified and holds an FSC\nChain of Custody licence.") == [
        ("FSC-certified", False), ("FSC\nChain of Custody", False)]
    assert ("forest stewardship council", True) in codes("Wood from forest stewardship council sources.")
    assert codes("The FSCX tag and xFSC code are no standards.") == []
