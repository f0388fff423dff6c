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
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import vocab
from ..records import Target
from .base import evidence, facts, orgs, sentence_at, text_of
from .orgs import mentions_in


_STRONG = (
    r"\btargets?\b|\bgoals?\b|\bobjectives?\b|\baim(?:s|ed|ing)?\s+(?:to|at|for)\b|\bstriv(?:e|es|ing)\s+(?:to|for)\b"
    r"|\bplan(?:s|ned)?\s+(?:to|for)\b|\bplans?\s+of\b|\bmakes?\s+a\s+plan\b|\bwith\s+plans\s+to\b|\bplanning\s+of\b"
    r"|\bcommit(?:s|ted|ment)?\s+to\b|\bpledg\w*|\bambitions?\b|\bendeavou?r(?:s|ing)?\s+to\b|\bmake\s+sure\b|\bensure\s+that\b"
)
_WEAK = r"\bwill\s+(?:be\s+)?\w+|\bby\s+(?:the\s+end\s+of\s+)?20[2-9]\d\b"
_CUE = re.compile(f"{_STRONG}|{_WEAK}", re.I)
_STRONG_CUE = re.compile(_STRONG, re.I)
_TARGET_NOUN = re.compile(r"\btargets?\b|\bgoals?\b|\bobjectives?\b", re.I)
# a target noun without a year or value is a target only when the company sets it ("set targets related to energy")
_SET_TARGET = re.compile(r"\bset(?:s|ting)?\s+(?!forth\b|out\b)(?:[\w-]+\s+){0,4}?(?:targets?|goals?|objectives?)\b", re.I)
# not a target: a negated one, a climate scenario or projection, a national plan
_NOT_TARGET = re.compile(
    r"\b(?:not|never)\s+(?:\w+\s+){0,2}(?:set|setting|established?|formulated?)\b|\bno\s+(?:\w+\s+){0,2}(?:targets?|goals?)\b"
    r"|\bscenarios?\b|\bprojected\b|\bforecasts?\b|\bfive-year\s+plan\b", re.I)
_ZERO = re.compile(r"[\"“]?\bzero\b(?!\s+tolerance)", re.I)
# "the coverage of A and the completion rate of B are both 100%": one target per metric
_METRIC_NOUN = re.compile(r"\b(?:rate|coverage|ratio|percentage|proportion|share)\b", re.I)
# "A accounts for 30% of B", "the proportion of A in B": the target is about A
_SHARE_OF = [
    re.compile(r"([^,;:]{0,60}?)\s+account(?:s|ed|ing)?\s+for\s+(?:about\s+|over\s+|more\s+than\s+|at\s+least\s+)?\d", re.I),
    re.compile(r"\b(?:proportion|share|percentage|ratio)\s+of\s+([^,;:]{1,60}?)\s+(?:in|to|of|among)\b", re.I),
]
# "... by 2030 through investment in renewable energy": what follows is the means, not the target
_MEANS = re.compile(r"\b(?:through|via|by\s+means\s+of|by\s+(?:using|adopting|investing|replacing|promoting))\b", re.I)
_BOTH = re.compile(r"\b(?:are|be|is)\s+(?:both|all)\b|\bboth\s+(?:reach|at|be)\b", re.I)
_NATIONAL = re.compile(
    r"\b(?:china|the\s+country|national|nation|the\s+state|government|chinese|global|world)(?:'s|’s)?\b[^.]{0,60}"
    r"(?:dual[- ]carbon|carbon\s+peak|carbon\s+neutral|2060|30[·/]60|paris)", re.I)
_ADOPTS = re.compile(r"\b(?:we|the\s+company|the\s+group|our)\b[^.]{0,40}\b(?:will|aims?|strives?|plans?|commits?|set|targets?)\b(?![^.]{0,30}\bcontribut)|\bour\s+(?:own\s+)?(?:target|goal)", re.I)
_SLOGAN_TOPICS = frozenset({"CarbonPeak", "CarbonNeutrality"})
_YEAR = re.compile(
    r"\b(?:by|in|before|until|till|to|within|through|for|during)\s+(?:the\s+end\s+of\s+|end\s+of\s+|year\s+|the\s+year\s+)?"
    r"(20[2-9]\d)(?:\s*(?:-|–|~|to)\s*(20[2-9]\d))?(?:\s*(?:and|or|,)\s*(20[2-9]\d))?", re.I)
_BASELINE = re.compile(
    r"\b(?:compared\s+(?:with|to)|from|against|relative\s+to|over|versus|vs\.?|base(?:line)?(?:\s+year)?(?:\s+of)?)\s+(?:the\s+)?"
    r"(?:level\s+(?:of|in)\s+|levels\s+(?:of|in)\s+|base\s+year\s+)?((?:19|20)\d\d)\b", re.I)
_VALUE = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(?:%?\s*(?:-|–|~|to)\s*(\d+(?:\.\d+)?)\s*)?"
    r"(%|percent|per\s+cent|tCO2e|tCO₂e|tonnes?\s+of\s+CO2e?|tons?\s+of\s+CO2e?|million\s+(?:tons|tonnes|kWh|pieces|yuan|m3)|tons|tonnes|ton|tonne|MWh|GWh|kWh|MWp|MW|GW|kW|m3|m³|cubic\s+met(?:er|re)s|hours|persons|incidents|accidents)(?![\w])",
    re.I)
_DIRECTIONS = [
    (re.compile(r"\b(?:reduc|decreas|lower|cut|minimi[sz]|drop|declin|control)\w*", re.I), "reduce"),
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
            alternatives = "|".join(re.escape(p) for p in sorted(info.phrases, key=len, reverse=True))
            groups.append(f"(?P<t{i}>{alternatives})")
            names[f"t{i}"] = name
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(groups) + r")(?:s|es)?(?![\w])", re.I)
    return pattern, names, priority


def topic_hits(sentence: str) -> list[_Hit]:
    """Topic mentions of a sentence with their positions (value = topic local name)."""
    pattern, names, _ = _topic_pattern()
    return [_Hit(m.start(), m.end(), names[m.lastgroup]) for m in pattern.finditer(sentence) if m.lastgroup]


def topics_in(sentence: str) -> list[str]:
    """Topics a sentence speaks of, most specific (highest priority) first."""
    _, _, priority = _topic_pattern()
    return sorted({h.value for h in topic_hits(sentence)}, key=lambda t: -priority[t])


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


def _year_hits(sentence: str, report_year: int | None) -> list[_Hit]:
    """Target years after the report year ("in 2024-2025" counts as 2025), with positions."""
    out: list[_Hit] = []
    for m in _YEAR.finditer(sentence):
        first, range_end, other = m.group(1), m.group(2), m.group(3)
        candidates = [(m.start(1), range_end or first)]
        if other:
            candidates.append((m.start(3), other))
        for pos, y in candidates:
            if (report_year is None or int(y) > report_year) and all(h.value != y for h in out):
                out.append(_Hit(pos, pos + 4, y))
    return out


def _nearest(hits: list, pos: int):
    return min(hits, key=lambda h: abs(h.start - pos)) if hits else None


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


def _accept(sentence: str, topics: list[_Hit], years: list[_Hit], values: list) -> bool:
    """Whether a cue sentence states a target (see the module docstring)."""
    if not topics or not _CUE.search(sentence):
        return False
    if _NOT_TARGET.search(sentence) or (_NATIONAL.search(sentence) and not _ADOPTS.search(sentence)):
        return False
    if not years and all(t.value in _SLOGAN_TOPICS for t in topics):
        return False
    if _STRONG_CUE.search(sentence):
        verb_cue = any(not _TARGET_NOUN.fullmatch(m.group(0)) for m in _STRONG_CUE.finditer(sentence))
        return bool(years or values or _SET_TARGET.search(sentence) or (verb_cue and _ZERO.search(sentence)))
    return bool(years)


def parse_targets(sentence: str, report_year: int | None, max_targets: int = 6) -> list[dict]:
    """The target facts one sentence states (without holder): topic, years, value, unit, direction, scope."""
    topics = _before_means(sentence, _share_subject(sentence, topic_hits(sentence)))
    years = _year_hits(sentence, report_year)
    values = list(_VALUE.finditer(sentence))
    if not _accept(sentence, topics, years, values):
        return []
    base = {
        "baseline_year": next((int(m.group(1)) for m in _BASELINE.finditer(sentence)
                               if report_year is None or int(m.group(1)) <= report_year), None),
        "direction": _direction(sentence),
        "scope": (lambda m: m.group(0).strip() if m else None)(_PER_UNIT.search(sentence)),
    }
    out = []
    for topic, year, value, metric in _assemble(sentence, topics, years, values):
        out.append({**base, **_value_fields(value), "topic": topic, "year": int(year.value) if year else None})
        if metric:
            out[-1]["scope"] = metric
    if _ZERO.search(sentence) and not values:
        for t in out:
            t["value"] = 0.0
    return out[:max_targets]


def _before_means(sentence: str, topics: list[_Hit]) -> list[_Hit]:
    """Drop topics of a means clause ("through investment in renewable energy") when others precede it."""
    m = _MEANS.search(sentence)
    if m is None:
        return topics
    before = [h for h in topics if h.start < m.start()]
    return before or topics


def _share_subject(sentence: str, topics: list[_Hit]) -> list[_Hit]:
    """Only the topics of A in "A accounts for N% of B" / "the proportion of A in B" (none if A has none)."""
    for pattern in _SHARE_OF:
        m = pattern.search(sentence)
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
    if len(years) > 1 and len(distinct) == len(years) and not respectively:
        # "carbon peak by 2028 and carbon neutrality by 2055": each topic with the next year
        pairs = []
        for t in distinct:
            year = next((y for y in years if y.start > t.start), years[-1])
            pairs.append((t.value, year, _nearest_value(values, year.start), None))
        return pairs
    anchor = years[0].start if years else (values[0].start() if values else _CUE.search(sentence).start())
    value = _nearest_value(values, anchor)
    year_list = years or [None]
    both = _BOTH.search(sentence)
    if both and len(_METRIC_NOUN.findall(sentence, 0, both.start())) > 1:
        return [(t, y, value, metric) for t, metric in _metric_topics(sentence[:both.start()], topics) for y in year_list]
    chosen = _main_run(sentence, topics, value.start() if value else anchor)
    return [(t, y, value, None) for t in chosen for y in year_list]


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
        if best is None or sent.start_char + m.start() > best[0]:
            best = (sent.start_char + m.start(), reporter)
    if best is not None and best[1] is not None:
        return best[1]
    return reporter


# ----------------------------------------------------------------------------- target tables
def _lines_after(text: str, pos: int, limit: int) -> list[tuple[int, str]]:
    """Up to ``limit`` non-empty lines after ``pos`` with their start offsets."""
    out: list[tuple[int, str]] = []
    i = text.find("\n", pos)
    while i != -1 and len(out) < limit:
        j = text.find("\n", i + 1)
        line = text[i + 1: j if j != -1 else len(text)]
        if line.strip():
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


def table_rows(text: str, trigger_end: int, max_rows: int) -> list[tuple[int, str, float | None, str | None]]:
    """KPI rows under a target-table trigger: (start, indicator text, value, unit)."""
    rows: list[list] = []
    for start, line in _lines_after(text, trigger_end, max_rows * 3):
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        value, unit = _row_value(cells)
        indicator = " ".join(c for c in cells if not _CELL_VALUE.match(re.sub(r"<[^>]+>", "", c).strip()))
        if not indicator and value is not None and rows and rows[-1][2] is None:
            rows[-1][2], rows[-1][3] = value, unit  # the value cell on its own line
            continue
        if not indicator:
            continue
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


# ----------------------------------------------------------------------------- the component
class TargetExtractor:
    """spaCy component ``esg_targets``: target sentences and target tables into ``Target`` records."""

    def __init__(self, max_per_sentence: int = 6, read_tables: bool = True, max_table_rows: int = 30) -> None:
        self.max_per_sentence = max_per_sentence
        self.read_tables = read_tables
        self.max_table_rows = max_table_rows

    def __call__(self, doc: Doc) -> Doc:
        f = facts(doc)
        found: list[Target] = []
        for sent in _candidate_sentences(doc):
            parsed = parse_targets(sent.text, f.report_year, self.max_per_sentence)
            if not parsed:
                continue
            holder = _holder(doc, sent)
            if holder is not None:
                found.extend(Target(holder=holder, evidence=evidence(doc, sent), **t) for t in parsed)
        stated = _dedupe(found)
        if self.read_tables:
            rows, headers = self._table_targets(doc)
            # a sentence that announces a table is not a target of its own; a row a sentence states is dropped
            stated = [t for t in stated if t.evidence.start not in headers or t.value is not None or t.year]
            stated += [r for r in rows if not any(_restates(k, r) for k in stated)]
        f.targets.extend(stated)
        return doc

    def _table_targets(self, doc: Doc) -> tuple[list[Target], set[int]]:
        """Targets of target tables, and the evidence starts of the sentences announcing them."""
        text = text_of(doc)
        reporter = orgs(doc).reporter
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
                own = topics_in(line)
                topic = own[0] if own else (context[0] if context else None)
                if topic is None or start in seen:
                    continue
                seen.add(start)
                sent = sentence_at(doc, start + len(line) - len(line.lstrip()))
                out.append(Target(holder=reporter.name, topic=topic, evidence=evidence(doc, sent), value=value,
                                  unit="%" if unit else None, direction="achieve" if value else "maintain"))
        return out, headers


_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "and", "or", "to", "in", "for", "with", "by", "on", "at", "its", "our", "is", "are", "be", "will"})


def _content_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _FUNCTION_WORDS}


def _restates(a: Target, b: Target) -> bool:
    """Whether two targets are one target stated twice: same facts and mostly the same words."""
    if (a.holder, a.topic, a.year, a.value, a.unit) != (b.holder, b.topic, b.year, b.value, b.unit):
        return False
    wa, wb = _content_words(a.evidence.text), _content_words(b.evidence.text)
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) >= 0.6


def _dedupe(targets: list[Target], kept: list[Target] | None = None) -> list[Target]:
    """Drop targets that restate one already kept (a report often repeats a target in a summary)."""
    out: list[Target] = []
    pool = list(kept or [])
    for t in targets:
        if any(_restates(k, t) for k in pool if k.evidence.start != t.evidence.start):
            continue
        out.append(t)
        pool.append(t)
    return out


@Language.factory(
    "esg_targets",
    default_config={"max_per_sentence": 6, "read_tables": True, "max_table_rows": 30},
)
def make_targets(nlp: Language, name: str, max_per_sentence: int, read_tables: bool, max_table_rows: int) -> TargetExtractor:
    """Factory of ``esg_targets``; ``read_tables`` switches off target-table reading."""
    return TargetExtractor(max_per_sentence=max_per_sentence, read_tables=read_tables, max_table_rows=max_table_rows)


def _candidate_sentences(doc: Doc) -> list[Span]:
    """Sentences holding a commitment cue: one pass of the cue pattern over the text, a bisect per hit."""
    starts: dict[int, Span] = {}
    for m in _CUE.finditer(text_of(doc)):
        sent = sentence_at(doc, m.start())
        starts.setdefault(sent.start_char, sent)
    return [starts[k] for k in sorted(starts)]
