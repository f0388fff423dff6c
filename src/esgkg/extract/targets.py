"""Targets and commitments: topic, target year, baseline year, value, unit, direction, holder.

Topics come from the ontology's TargetTopic scheme (hidden labels, most specific topic first).
A national goal ("the country's 2030/2060 dual-carbon goals") is not a company target unless the
sentence also says the company adopts it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import vocab
from ..records import Target
from .base import evidence, facts, orgs, sentence_at
from .orgs import mentions_in

_CUE = re.compile(
    r"\btargets?\b|\bgoals?\b|\baim(?:s|ing)?\s+(?:to|at)\b|\bstriv(?:e|es|ing)\s+to\b|\bplan(?:s|ned)?\s+to\b|\bcommit(?:s|ted|ment)?\b"
    r"|\bwill\s+(?:reach|achieve|reduce|increase|be|realize|attain|cut|lower|raise|boost|maintain|ensure)\b|\bby\s+(?:the\s+end\s+of\s+)?(?:20[2-9]\d)\b"
    r"|\bobjectives?\b|\bpledge|\bambition|\bendeavou?r\s+to\b|\bstrive\s+for\b|\bexpect(?:s|ed)?\s+to\b",
    re.I,
)
_NATIONAL = re.compile(r"\b(?:china|the\s+country|national|nation|the\s+state|government|chinese)(?:'s|’s)?\b[^.]{0,60}(?:dual[- ]carbon|carbon\s+peak|carbon\s+neutral|2060|30[·/]60)", re.I)
_ADOPTS = re.compile(r"\b(?:we|the\s+company|the\s+group|our)\b[^.]{0,40}\b(?:will|aim|strive|plan|commit|set|target)\b|\bour\s+(?:own\s+)?(?:target|goal)", re.I)
_TARGET_YEAR = re.compile(r"\b(?:by|in|before|until|till|to|within|through|for)\s+(?:the\s+end\s+of\s+|end\s+of\s+|year\s+)?((?:20[2-9]\d))(?:\s*(?:and|or|,)\s*((?:20[2-9]\d)))?(?:\s+respectively)?", re.I)
_BASELINE = re.compile(r"\b(?:compared\s+(?:with|to)|from|against|relative\s+to|over|versus|vs\.?|base(?:line)?\s+(?:year|of)?)\s+(?:the\s+)?(?:level\s+(?:of|in)\s+|levels\s+(?:of|in)\s+|base\s+year\s+)?((?:19|20)\d\d)\b", re.I)
_VALUE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:(?:-|–|~|to)\s*(\d+(?:\.\d+)?)\s*)?"
    r"(%|percent|per\s+cent|tCO2e|tCO₂e|tonnes?\s+of\s+CO2e?|tons?|tonnes|MWh|GWh|kWh|MW|GW|kW|million\s+(?:tons|tonnes|kWh|pieces|yuan)|m3|m³|cubic\s+met(?:er|re)s|hours|persons|incidents|accidents)",
    re.I,
)
_DIRECTIONS = [
    (re.compile(r"\b(?:reduc|decreas|lower|cut|minimi[sz]|drop|declin|control)\w*", re.I), "reduce"),
    (re.compile(r"\b(?:maintain|keep|remain|stay)\w*", re.I), "maintain"),
    (re.compile(r"\b(?:increas|rais|boost|improv|expand|grow|enhanc)\w*", re.I), "increase"),
    (re.compile(r"\b(?:achiev|reach|realiz|attain|complet|ensure)\w*", re.I), "achieve"),
]
_PER_UNIT = re.compile(r"\bper\s+(?:unit|ton|tonne|product|piece|10,000|ten\s+thousand|million)\b[^,.;]{0,40}", re.I)


@lru_cache(maxsize=1)
def _topic_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for name, info in vocab.topics().items():
        if info.phrases:
            alternatives = "|".join(re.escape(p) for p in sorted(info.phrases, key=len, reverse=True))
            out.append((name, re.compile(rf"(?<![\w])(?:{alternatives})", re.I)))
    return out


def topics_in(sentence: str) -> list[str]:
    """Topics a sentence speaks of, most specific first (ontology priority)."""
    return [name for name, pattern in _topic_patterns() if pattern.search(sentence)]


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _direction(sentence: str) -> str | None:
    for pattern, direction in _DIRECTIONS:
        if pattern.search(sentence):
            return direction
    return None


def _years(sentence: str, report_year: int | None) -> list[int]:
    years: list[int] = []
    for m in _TARGET_YEAR.finditer(sentence):
        for g in m.groups():
            if g and int(g) not in years and (report_year is None or int(g) >= report_year):
                years.append(int(g))
    return years


def _holder(doc: Doc, sent: Span) -> str | None:
    """The organisation the target belongs to: a named organisation early in the sentence, else the reporter."""
    index = orgs(doc)
    for start, _, key in mentions_in(doc, sent):
        if start - sent.start_char > 80:
            break
        org = index.by_key.get(key)
        if org is not None:
            return org.name
    reporter = index.reporter
    return reporter.name if reporter else None


def parse_targets(sentence: str, report_year: int | None) -> list[dict]:
    """The target facts one sentence states (no holder): topic, years, values, unit, direction."""
    if not _CUE.search(sentence):
        return []
    if _NATIONAL.search(sentence) and not _ADOPTS.search(sentence):
        return []
    found_topics = topics_in(sentence)
    years = _years(sentence, report_year)
    values = [(m.group(1), m.group(2), m.group(3)) for m in _VALUE.finditer(sentence)]
    if not found_topics or (not years and not values and not re.search(r"\btargets?\b|\bgoals?\b", sentence, re.I)):
        return []
    baseline = next((int(m.group(1)) for m in _BASELINE.finditer(sentence) if report_year is None or int(m.group(1)) <= report_year), None)
    direction = _direction(sentence)
    scope_m = _PER_UNIT.search(sentence)
    topic = found_topics[0]
    out = []
    pairs: list[tuple[int | None, tuple | None]]
    if len(years) > 1 and len(values) == len(years) and re.search(r"respectively", sentence, re.I):
        pairs = list(zip(years, values))
    else:
        pairs = [(y, values[0] if values else None) for y in (years or [None])]
    for year, value in pairs:
        out.append({
            "topic": topic, "year": year, "baseline_year": baseline,
            "value": _num(value[0]) if value else None, "value_max": _num(value[1]) if value and value[1] else None,
            "unit": _unit(value[2]) if value else None, "direction": direction,
            "scope": scope_m.group(0).strip() if scope_m else None,
        })
    return out


def _unit(raw: str) -> str:
    u = raw.lower()
    if u in ("%", "percent", "per cent"):
        return "%"
    if u.startswith("tco2") or u.startswith("tonnes of co2") or u.startswith("tons of co2"):
        return "tCO2e"
    return raw


@Language.component("esg_targets")
def esg_targets(doc: Doc) -> Doc:
    f = facts(doc)
    for sent in _candidate_sentences(doc):
        for t in parse_targets(sent.text, f.report_year):
            holder = _holder(doc, sent)
            if holder is None:
                continue
            f.targets.append(Target(holder=holder, evidence=evidence(doc, sent), **t))
    return doc


def _candidate_sentences(doc: Doc) -> list[Span]:
    starts: dict[int, Span] = {}
    for m in _CUE.finditer(doc.text):
        sent = sentence_at(doc, m.start())
        starts.setdefault(sent.start_char, sent)
    return [starts[k] for k in sorted(starts)]
