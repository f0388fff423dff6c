"""Lexical helpers shared by the extraction components: name keys, organisation-name patterns, years.

Everything here is pure string work, compiled once at import, so components can run one pass
over a document's text instead of looping patterns over sentences.
"""
from __future__ import annotations

import re

from ..orgnames import LEGAL_FORM_WORDS, SELF_REFERENCES, fold, loose_key, name_key, slug, words  # noqa: F401  (re-exported)
from .legal_forms import LEGAL_PREFIX, LEGAL_SUFFIX

# ----------------------------------------------------------------------------- organisation names
# Capital letters of the Latin scripts (A-Z, À-Þ, Latin Extended-A/B): names may start with 'É', 'Ł', 'Ş'.
UPPER = "A-Z" + "".join(c for c in map(chr, range(0xC0, 0x250)) if c.isupper())
_LEGAL_SUFFIX = LEGAL_SUFFIX
_NOT_NAME_WORD = r"(?!(?:Co|CO|Ltd|LTD|Limited|LIMITED|Inc|INC|Corp|(?i:The|In|By|As|At|On|For|With|From|To|And|Of|Its|Our|This|These|That|Both|All|Including|Such|Among|Between|Under|Through|Since|During|While|When|Where|Which|Dear|Photo|Photos|Image|Source))\b)"
# An initial is one word ('A.', 'A.B.'): the space after it separates it from the next word, as any space does
# (an initials branch that also ate the space split 'A. A. A. …' in 2^n ways; issue 20).  A word is at most 61
# characters and 9 initials, so a search over a long run ('A.A.A.…', 'AAAA…') costs a bounded amount per start.
_NAME_WORD = rf"(?:[{UPPER}0-9][\w'’&\-\.]{{0,60}}(?<!\.)|[{UPPER}]\.(?:[{UPPER}]\.){{0,8}}(?=[ ]+[{UPPER}])|\([{UPPER}][\w\s'’\-]{{1,30}}\))"
# '&' and 'and' between name words; '& Co.' inside a name ('Pike & Co. Logistics Limited').
# The words of a name are set apart by spaces, never by a tab: a tab is a table's cell boundary.
# At most this many words after a name's first: a name is not a paragraph, and a bound keeps the search linear
# on a long run of capitalised words (unbounded, each word start rescanned the run: quadratic).
MAX_NAME_WORDS = 24
_CONNECTOR = r"(?:of|and|for|&(?:[ ]+Co\.?(?=[ ]+[A-Z]))?|de|du|la|le|der|und|-|–)"
ORG_NAME = re.compile(
    rf"(?<![\w\-])(?=[0-9]*[^\W\d_])(?:{_NOT_NAME_WORD}{_NAME_WORD})(?:[ ]+(?:{_NOT_NAME_WORD}{_NAME_WORD}|{_CONNECTOR}(?=[ ]+[{UPPER}(]))){{0,{MAX_NAME_WORDS}}}?"
    rf"(?<![0-9])(?<!\bof)(?<!\bfor)(?<!\band)(?<!\bde)(?<!&)(?:[ ]*,[ ]*|[ ]+){_LEGAL_SUFFIX}(?:(?:[ ]*,[ ]*|[ ]+){_LEGAL_SUFFIX})*(?![\w/])"
)
# A legal form written before the name: 'PJSC Acme', 'PT Acme Tbk' (a word of its own: '(PTD)' is no 'PT D')
ORG_NAME_PREFIXED = re.compile(
    rf"(?<![\w\-]){LEGAL_PREFIX}(?!\w)[ ]*\n?[ ]*[\"“]?(?:{_NAME_WORD})(?:[ ]+(?:&[ ]+)?{_NOT_NAME_WORD}{_NAME_WORD}){{0,3}}[\"”]?"
)

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

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_LEADING_NOISE = re.compile(rf"^(?:(?:{_MONTHS}|About|Behalf|Released|Published|Prepared|Issued|Dear|Note|Notes|Source|Sources|Address|Company|Profile|Taxes|Subsidiary|Subsidiaries|\d+)\b[ \t]*)+")
# Heads of a phrase "<head> of <organisation>": the organisation starts after "of".
GENERIC_HEADS = frozenset({
    "center", "centers", "centre", "centres", "laboratory", "laboratories", "lab", "labs", "system", "systems", "rules",
    "structure", "process", "topics", "behalf", "department", "departments", "branch", "branches", "subsidiary",
    "subsidiaries", "shareholder", "shareholders", "board", "committee", "division", "office", "base", "bases",
    "plant", "plants", "factory", "factories", "park", "parks", "workshop", "workshops", "institute", "team",
    "member", "members", "part", "procedures", "measures", "policy", "policies", "report", "reports", "management",
    "profile", "president", "chairman", "employees", "staff", "project", "projects", "station", "platform",
    "ceo", "cfo", "coo", "cto", "chair", "chairwoman", "director", "directors", "head", "manager", "officer", "founder",
})


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
    name = _LEADING_NOISE.sub("", name)
    return head, name


YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-9]\d)(?!\d)")
TITLE_SMALL = frozenset({"of", "and", "for", "the", "de", "in", "on"})
KEEP_UPPER = frozenset({"JL", "MAG", "ESG", "ISO", "UK", "US", "USA", "HK", "PRC", "NEV", "R&D"})


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
