"""The relation words of ``_explicit`` (token patterns of the family 'sentence' in ``patterns/subsidiaries.jsonl``,
read by ``CueMatcher.sentence``) are what the regular expression they replaced found with ``finditer``: the same
spans, left to right and not overlapping, with the same relation (its group name)."""
from __future__ import annotations

import re

import pytest
import spacy

from esgkg.extract.subsidiaries import CueMatcher

_OLD = re.compile(  # the replaced expression, kept here as the oracle
    r"(?P<joint_venture>\bjoint[\s\-]+ventures?\b)"
    r"|(?P<associate>\bassociate(?:d)?\s+(?:company|companies|enterprises?)\b|\bassociates\b)"
    r"|(?P<branch>\bbranch(?:es)?\b)"
    r"|(?P<subsidiary>\bsubsidiar(?:y|ies)\b|\bwholly[\s\-]+owned\b|\bcontrolled\s+(?:company|companies)\b|\bholding\s+\d{1,3}(?:\.\d+)?\s*%"
    r"|\b\d{1,3}(?:\.\d+)?\s*%[\s\-]+(?:owned|equity|stake|interest)\b)"
    r"|(?P<acquired>\b(?:acquired|acquisition\s+of|took\s+over)\b(?!\s+by))",
    re.I,
)
_TEXTS = [
    "Tarn Mills, our wholly-owned subsidiary, and Brisk Rail, a joint venture with Kestrel plc, grew.",
    "Its associated\ncompanies and associates (Orwell Foil, Pinner Coatings) were acquired in 2022.",
    "Barnet Fab was acquired by Kestrel; we acquired\nbyproducts; the Group took  over Harrow Heat.",
    "The Group, holding 60.5 % of Tamsin Cells, and a 25%-owned unit, a 30 % - equity stake, a 1234% owned one.",
    "A 60 %owned unit; a 60.%-stake; holding 12,5% of Varne.",
    "\u00adacquired portfolio elements; •subsidiaries abroad; subsidiary(ies) of the Group; JV/subsidiaries.",
    "Brisk Trade is wholly-\nowned; Tamsin Cells, our joint-\nventure; the JOINT  VENTURES; wholly  - owned.",
    "The acquisition\nof Orwell Foil; the ACQUISITION OF Pinner; branch and branches; controlled companies.",
    "No cues: subsidy, associate, branching, jointly, venture, holdings 5%, 5% of emissions.",
]


_NLP = spacy.blank("en")
_MATCHER = CueMatcher(_NLP.vocab)


@pytest.mark.parametrize("text", _TEXTS, ids=[t[:24] for t in _TEXTS])
def test_finds_what_the_expression_found(text: str) -> None:
    assert _MATCHER(_NLP(text))[1] == [(m.start(), m.end(), m.lastgroup) for m in _OLD.finditer(text)]


_OWNER_BEFORE = re.compile(r"\bsubsidiar(?:y|ies)\s+(?:under|of|owned\s+by)\s+(?:the\s+)?$", re.I)  # the replaced expression
_OWNER_TEXTS = [
    "Three subsidiaries under Varne Holdings, namely Brisk Trade and Hollin Power, sell heat.",
    "A subsidiary of the\nTamsin Group; subsidiaries owned by  the Orwell Trust; a SUBSIDIARY OF Pinner plc.",
    "A subsidiary of“Barnet”; subsidiaries ofHarrow; our subsidiary, Kestrel; a long subsidiary of the very long named Ludgate.",
]


@pytest.mark.parametrize("text", _OWNER_TEXTS, ids=[t[:24] for t in _OWNER_TEXTS])
def test_owner_cues_are_where_the_expression_ends_before_a_name(text: str) -> None:
    doc = _NLP(text)
    owners = _MATCHER(doc)[2]
    for tok in doc:
        if not tok.is_space:
            want = _OWNER_BEFORE.search(text, max(0, tok.idx - 40), tok.idx) is not None
            assert (owners.get(tok.idx, -1) >= max(0, tok.idx - 40)) == want, text[: tok.idx]
