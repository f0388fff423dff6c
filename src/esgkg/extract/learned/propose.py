"""More candidates for the learned decisions to judge (recall): looser proposals than the rules make.

A filter can only lift precision; to find facts the rules miss, the learned mode proposes candidates
the rules would not accept on their own, and the trained model keeps those that look like the facts
the gold lists.  Rules-only mode never sees them.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from ...records import Facility, ReportFacts
from ..base import evidence, orgs, sentence_at, text_of
from ..patterns import lexicon

_NOUNS = {
    "plant": "plant", "plants": "plant", "factory": "plant", "works": "plant", "steelworks": "plant", "smelter": "plant",
    "refinery": "plant", "mill": "plant", "mine": "mine", "mines": "mine", "operations": "mine", "operation": "mine",
    "office": "office", "headquarters": "office", "campus": "office", "laboratory": "laboratory", "lab": "laboratory",
    "warehouse": "warehouse", "depot": "warehouse", "distribution center": "warehouse", "distribution centre": "warehouse",
    "terminal": "other", "port": "other", "yard": "other", "complex": "other", "field": "other", "hub": "other",
    "wind farm": "other", "solar farm": "other", "site": "other", "facility": "other", "centre": "other", "center": "other",
    "project": "other", "station": "other", "base": "production_base",
}
_NOUN = "|".join(sorted((re.escape(n) for n in _NOUNS), key=len, reverse=True))
_WORD = r"[A-Z][\w'’.\-]*"
# A name starts where a word may start: not inside a run of word letters, dots, hyphens and apostrophes ("A.B.C…",
# "Ab-Cd-…"), from each of whose capitals the scan would otherwise rerun to the run's end (quadratic, tests/test_linear_time.py).
_SITE = re.compile(rf"(?<![\w&.\-])(?<![\w'’.\-]['’])((?:{_WORD})(?:[ \t]+(?:of[ \t]+|de[ \t]+|and[ \t]+|&[ \t]+)?{_WORD}){{0,3}})[ \t]+((?i:{_NOUN}))(?![\w&])")
_CAPITAL = re.compile(_WORD)
_LEADING = lexicon("proposal_leading_words")  # patterns/lexicon.jsonl
MAX_PROPOSALS = 150


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _known(name: str, names: list[set[str]]) -> bool:
    w = _words(name)
    return any(w and n and len(w & n) / min(len(w), len(n)) >= 0.7 for n in names)


def propose_facilities(doc: Doc, f: ReportFacts) -> list[Facility]:
    """Named sites the rules did not take: a capitalised name before a site noun ("Kwinana Refinery",
    "Ghent steelworks", "Mt Keith operations"), operated by the reporting company."""
    reporter = orgs(doc).reporter
    if reporter is None:
        return []
    text = text_of(doc)
    names = [_words(x.name) for x in f.facilities]
    out: list[Facility] = []
    for m in _SITE.finditer(text):
        words = m.group(1).split()
        while words and words[0].lower() in _LEADING:
            words = words[1:]
        if not words or not _CAPITAL.fullmatch(words[0]) or words[0].isupper() and len(words[0]) > 6:
            continue
        if any(w.endswith(".") and len(w) > 3 for w in words) or any(w.endswith(("'s", "’s")) for w in words):
            continue  # across a sentence end, or "X's operations" (the company's, not a named site)
        noun = m.group(2)
        name = " ".join(words) + " " + noun
        if _known(name, names):
            continue
        names.append(_words(name))
        ev = evidence(doc, sentence_at(doc, m.start(1)))
        out.append(Facility(name=name, operator=reporter.name, evidence=ev, facility_type=_NOUNS.get(noun.lower(), "other")))
        if len(out) >= MAX_PROPOSALS:
            break
    return out
