"""Lexical helpers shared by the extraction components: name keys, organisation names, years.

Everything here is pure string work, compiled once at import, so components can run one pass
over a document's text instead of looping patterns over sentences.
"""
from __future__ import annotations

import re

from .patterns import lexicon
from ..orgnames import LEGAL_FORM_WORDS, SELF_REFERENCES, fold, loose_key, name_key, slug, words  # noqa: F401  (re-exported)

# ----------------------------------------------------------------------------- organisation names
# Names with a legal form are found word by word from their legal form (mentions/legal.py), not by a pattern over
# the text; ORG_NAME / ORG_NAME_PREFIXED keep a compiled pattern's finditer / search / match / fullmatch.
from .mentions.legal import ORG_NAME, ORG_NAME_PREFIXED, UPPER  # noqa: E402,F401  (re-exported)

# "(hereinafter referred to as "X", "the Company" or "We")", "(the "Company")", '("ACME")'
_Q = "\"'“”‘’「」《》"
HEREINAFTER = re.compile(
    rf"\(\s*(?:hereinafter|hereafter|hereinbelow|below)?\s*(?:(?:referred\s+to|collectively\s+referred\s+to|abbreviated|called|known)\s+)?(?:as\s+)?(?:the\s+)?"
    rf"([{_Q}][^()]{{1,200}}?)\)",
    re.I,
)
QUOTED = re.compile(rf"[{_Q}]\s*([^{_Q}]{{1,80}}?)\s*[{_Q}]")
# What may stand between a name and its alias definition: an asterisk and a name in Chinese
# characters in parentheses, which may itself hold parentheses: 'X Limited* (稀美資源(雷州)有限公司) ("Y")'.
BETWEEN_NAME_AND_DEFINITION = re.compile(r"(?:[\s*]|\((?:[^()\n]|\([^()\n]*\)){0,60}\))*$")
# 'The full name of X is Y', 'X (full name: Y)'
FULL_NAME_OF = re.compile(r"\bfull\s+name\s+of\s+(?:the\s+)?([A-Z][^\n,;]{1,60}?)\s+is\s+", re.I)

_LEADING_NOISE = lexicon("leading_noise_words")


def _strip_leading_noise(name: str) -> str:
    """``name`` without the words of ``leading_noise_words`` and the numbers before it ('Published 2024 Acme plc')."""
    i, n = 0, len(name)
    while i < n:
        j = i
        while j < n and (name[j].isalnum() or name[j] == "_"):
            j += 1
        word = name[i:j]
        if not word or not (word in _LEADING_NOISE or word.isdigit()):
            break
        while j < n and name[j] in " \t":
            j += 1
        i = j
    return name[i:]
# Heads of a phrase "<head> of <organisation>": the organisation starts after "of".
GENERIC_HEADS = lexicon("generic_heads")  # patterns/lexicon.jsonl


def split_org_phrase(raw: str) -> tuple[str, str]:
    """Split a matched name into (head phrase, organisation name).

    'Laboratory of X Co., Ltd.' -> ('Laboratory', 'X Co., Ltd.'); 'A Metal and B Co., Ltd.' -> ('', 'B Co., Ltd.')
    (a lower-case 'and' between two capitalised runs separates two names: only the last carries the legal form).
    """
    name = re.sub(r"\s+", " ", raw).strip()
    head = ""
    parts = re.split(r" of ", name)
    for i in range(len(parts) - 1, 0, -1):
        before = parts[i - 1].split(" ")[-1].lower()
        if before in GENERIC_HEADS:
            head = " of ".join(parts[:i])
            name = " of ".join(parts[i:])
            break
    if " and " in name:
        left, _, right = name.rpartition(" and ")
        if len(right.split()) >= 3 and not re.search(r"\b(?:Science|Technology|Trade|Development|Investment|Research)$", left):
            name = right
    name = _strip_leading_noise(name)
    return head, name


YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-9]\d)(?!\d)")
TITLE_SMALL = lexicon("name_small_title_words")
KEEP_UPPER = lexicon("keep_upper")


def tidy_name(name: str) -> str:
    """Normalise white space and a legal suffix's punctuation; title-case a name printed in capitals."""
    name = re.sub(r"\s+", " ", name).strip(" ,;:")
    name = re.sub(r"\bCo\.?\s*,?\s*Ltd\b\.?", "Co., Ltd.", name)
    name = re.sub(r"\bCO\.?\s*,?\s*LTD\b\.?", "CO., LTD.", name)
    # forms written without a full stop (UK 'plc', German 'GmbH' / 'AG', Nordic 'A/S' / 'ASA' / 'Oyj', 'LLC'):
    # a stop after one ends the sentence, not the name
    name = re.sub(r"(?<=[ ,])(plc|PLC|Plc|GmbH|AG|SE|AB|ASA|A/S|Oyj|LLC|LLP|KGaA|SpA)\.$", r"\1", name)
    letters = [c for c in name if c.isalpha() and c.isascii()]
    if letters and sum(c.isupper() for c in letters) / len(letters) > 0.9 and len(letters) > 6:
        parts = []
        for w in name.split(" "):
            core = w.strip("(),.")
            if core in KEEP_UPPER or (len(core) <= 3 and core.isalpha() and core not in {"CO", "LTD", "AND", "OF", "THE", "NEW"}):
                parts.append(w)
            elif w.lower() in TITLE_SMALL and parts:
                parts.append(w.lower())
            else:
                parts.append("-".join(p[:1].upper() + p[1:].lower() for p in w.split("-")))
        name = " ".join(parts)
    return name
