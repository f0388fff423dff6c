"""``WordCues`` (cue words of ``patterns/lexicon.jsonl`` found as whole words) finds what the word alternation it
replaced found: ``re.compile(r"\\b(?:cue|cue ...)\\b", re.I).search(text, pos, endpos)``."""
from __future__ import annotations

import re

import pytest

from esgkg.extract.mentions.phrases import WordCues, words_of

_CUES = ["award", "awards", "honour*", "law firm", "consult*", "lloyd's", "obtained the certificat*", "engage _ in"]
_REGEX = re.compile(r"\b(?:awards?|honour\w*|law\s+firm|consult\w*|lloyd's|obtained\s+the\s+certificat\w*|engage\s+\w+\s+in)\b", re.I)
_TEXTS = [
    "Tarn Mills won the Green Factory Award in 2023.",
    "The HONOURS went to Brisk Rail.",
    "Kestrel hired a law\nfirm and a consultancy.",
    "Lloyd's Register verified the data.",
    "Lloyd Smith and Lloyds Bank signed.",
    "We obtained the certificates in May.",
    "We engage actively in dialogue.",
    "The rewards and the lawfirm are no cues; neither is dishonour.",
    "",
]


@pytest.mark.parametrize("text", _TEXTS)
def test_finds_what_the_alternation_finds(text: str) -> None:
    cues = WordCues(_CUES)
    m = _REGEX.search(text)
    assert cues.search(text) == bool(m)
    found = cues.find(text)
    assert (found is None) == (m is None)
    if m is not None and found is not None:
        assert found[0] == m.start()


def test_a_window_is_read_as_a_search_between_pos_and_endpos() -> None:
    text = "rewards; award"
    cues = WordCues(["award", "awards"])
    for pos in range(len(text) + 1):
        for endpos in range(pos, len(text) + 1):
            assert cues.search(text, pos, endpos) == bool(re.compile(r"\bawards?\b").search(text, pos, endpos)), (pos, endpos)
    assert words_of("abc def", 1) == [("def", 4, 7)]  # 'bc' runs on from before pos: no word start there
    assert words_of("abc def", 0, 2) == [("ab", 0, 2)]  # endpos ends the last word, as it ends the string of a search


def test_spaces_only_phrases_do_not_run_over_a_line_break() -> None:
    assert WordCues(["task force"]).search("the task\nforce")
    assert not WordCues(["task force"], spaces_only=True).search("the task\nforce")
    assert WordCues(["task force"], spaces_only=True).search("the task  force")


def test_an_apostrophe_joins_two_words_with_nothing_between() -> None:
    cues = WordCues(["lloyd's"])
    assert cues.find("by Lloyd's Register") == (3, 10)
    assert not cues.search("by Lloyd ’s Register") and not cues.search("by Lloyd s Register")


def test_a_hyphen_or_an_ampersand_joins_two_words_with_nothing_between() -> None:
    cues = WordCues(["low-carbon", "r&d staff", "energy-sav*"])
    assert cues.find("our Low-Carbon steel") == (4, 14)
    assert cues.find("R&D staff grew") == (0, 9)
    assert cues.search("energy-saving lamps")
    assert not cues.search("low carbon steel") and not cues.search("low - carbon") and not cues.search("R & D staff")
