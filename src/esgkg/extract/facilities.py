"""Facilities: named or located physical sites (production bases, plants, factories, laboratories,
R&D centres, industrial parks, mines, ports), with their operator and location."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Facility
from .base import evidence, facts, orgs, sentence_at
from .orgs import mentions_in
from .places import PLACE, country_of, first_place

_TYPES = [
    ("production_base", r"production\s+bases?|manufacturing\s+bases?|industrial\s+bases?|bases?"),
    ("plant", r"plants?|smelters?|refiner(?:y|ies)|mills?"),
    ("plant", r"factor(?:y|ies)|workshops?|production\s+lines?"),
    ("laboratory", r"laborator(?:y|ies)|labs?|testing\s+cent(?:er|re)s?|experiment\s+cent(?:er|re)s?|test(?:ing)?\s+cent(?:er|re)s?"),
    ("rd_center", r"R&D\s+cent(?:er|re)s?|research\s+(?:and\s+development\s+)?cent(?:er|re)s?|research\s+institutes?|engineering\s+(?:technology\s+|research\s+)*cent(?:er|re)s?|technology\s+cent(?:er|re)s?|innovation\s+cent(?:er|re)s?|design\s+cent(?:er|re)s?|workstations?"),
    ("production_base", r"industrial\s+parks?|parks?"),
    ("mine", r"mines?"),
    ("other", r"ports?|warehouses?|headquarters"),
]
_NOUN = "|".join(f"(?:{p})" for _, p in _TYPES)
_TYPE_OF = [(t, re.compile(rf"(?:{p})$", re.I)) for t, p in _TYPES]
_NAME_WORD = r"(?:[A-Z][\w'’\-]*|No\.\s*\d+|\d+(?:,\d{3})*(?:-ton(?:ne)?)?|of|and|&)"
# "Baotou production base", "Innovation Alloy Research Institute", "the Fourth Park of Innovation Metal"
NAMED = re.compile(rf"(?<![\w])((?:{_NAME_WORD}[ \t]+){{0,6}}?[A-Z][\w'’\-]*[ \t]+)({_NOUN})(?![\w])(?:[ \t]+of[ \t]+((?:[A-Z][\w'’\-]*[ \t]*){{1,5}}))?", re.I)
# "production bases in Baotou, Ningbo and Ganzhou", "a factory in Mexico"
LOCATED = re.compile(rf"(?<![\w])({_NOUN})[ \t]+(?:located[ \t]+)?in[ \t]+((?:[A-Z][\w'’\-]*[ \t]*(?:,|and)?[ \t]*){{1,8}})", re.I)
_STOP_FIRST = re.compile(r"^(?:The|A|An|Its|Our|This|These|Each|All|Of|And|In|At|To|Our|Their|Such|Other|New|Main|Key|Major|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Several|Multiple|\d+)\b[ \t]*")
_GENERIC = re.compile(r"^(?:production|manufacturing|industrial|research|R&D|testing|the|a|its|our|new|main|key|major)$", re.I)


def _facility_type(noun: str) -> str:
    for t, pattern in _TYPE_OF:
        if pattern.search(noun):
            return t
    return "other"


def _clean_name(prefix: str, noun: str, of_part: str | None) -> str | None:
    prefix = prefix.strip()
    while True:
        stripped = _STOP_FIRST.sub("", prefix)
        if stripped == prefix:
            break
        prefix = stripped
    if not prefix or all(_GENERIC.match(w) for w in prefix.split()):
        if not of_part:
            return None
    # the capitalised run must actually start with a capital (the regex is case-insensitive for the noun)
    if prefix and not prefix[0].isupper() and not prefix[0].isdigit():
        return None
    name = f"{prefix} {noun}".strip() if prefix else noun
    if of_part:
        name = f"{name} of {of_part.strip()}"
    return re.sub(r"\s+", " ", name)


def _operator(doc: Doc, sent: Span, name: str) -> str | None:
    index = orgs(doc)
    org = index.resolve(name.split(" of ", 1)[1]) if " of " in name else None
    if org is not None:
        return org.name
    for _, _, key in mentions_in(doc, sent):
        o = index.by_key.get(key)
        if o is not None:
            return o.name
    rep = index.reporter
    return rep.name if rep else None


@Language.component("esg_facilities")
def esg_facilities(doc: Doc) -> Doc:
    f = facts(doc)
    seen: set[str] = set()
    text = doc.text
    for m in NAMED.finditer(text):
        name = _clean_name(m.group(1), m.group(2), m.group(3))
        if not name or name.lower() in seen or len(name) > 120:
            continue
        sent = sentence_at(doc, m.start())
        if len(sent.text) < 15:
            continue  # headings and table stubs
        operator = _operator(doc, sent, name)
        if operator is None:
            continue
        seen.add(name.lower())
        place = first_place(name) or first_place(sent.text[m.start() - sent.start_char:][:160])
        f.facilities.append(Facility(name=name, operator=operator, evidence=evidence(doc, sent), facility_type=_facility_type(m.group(2)), location=place, country=country_of(place)))
    for m in LOCATED.finditer(text):
        noun = m.group(1)
        sent = sentence_at(doc, m.start())
        operator = _operator(doc, sent, noun)
        if operator is None:
            continue
        for place in PLACE.findall(m.group(2)):
            name = f"{noun.rstrip('s') if noun.lower().endswith('bases') else noun} in {place}"
            if name.lower() in seen or any(place.lower() in s and noun.split()[0].lower() in s for s in seen):
                continue
            seen.add(name.lower())
            f.facilities.append(Facility(name=name, operator=operator, evidence=evidence(doc, sent), facility_type=_facility_type(noun), location=place, country=country_of(place)))
    return doc
