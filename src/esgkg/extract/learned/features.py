"""Features of a candidate fact, for the learned keep/drop decisions.

Every feature is generic: the kind of fact and its fields (topic, year, relation, standard code),
shape features of the evidence (length, table cell, bullet, figures, years) and the lower-case words
of the evidence and of the text just before it.  Names (capitalised words) are never features, and
the trainer keeps only words met in several different reports, so no report's names reach the
shipped weights.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable

from spacy.tokens import Doc

from ...records import Certification, Evidence, Facility, Relation, Subsidiary, Target
from ..base import orgs, text_of
from ..legal_forms import LEGAL_SUFFIX
from ..mentions.phrases import WordCues
from ..patterns import lexicon
from ..text import name_key

SUBSIDIARY_RULE_KEY = "esg_subsidiary_rule"  # doc.user_data key the subsidiary reader files each candidate's rule under

Features = dict[str, float]

_WORD = re.compile(r"(?<![\w&'’.\-])[a-z][a-z\-]{1,24}(?![\w&'’])")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_BY_YEAR = re.compile(r"\b(?:by|until|before|through|to|in)\s+(?:the\s+end\s+of\s+|fy\s*|fiscal\s+(?:year\s+)?)?(?:19|20)\d\d\b", re.I)
_PCT = re.compile(r"\d\s?%|\bper\s?cent\b|\bpercent\b", re.I)
_LEGAL = re.compile(r"(?:^|[\s,])(?:" + LEGAL_SUFFIX + r")\.?\s*$")
# groups of cue words an analyst reads a target sentence by (generic English, no names)
_CUES: dict[str, WordCues | re.Pattern[str]] = {
    **{name: WordCues(lexicon(f"target_feature_{name}")) for name in ("commit", "self", "modal", "forecast", "achieved")},  # patterns/lexicon.jsonl
    "spend": re.compile(r"(?:US?\$|€|£|¥|RMB|\bUSD|\bEUR)\s?\d|\b(?:invest(?:ed|ing|ment)?|spend(?:ing)?|capex|capital\s+expenditure|budget|fund(?:ing)?)\b", re.I),
    **{name: WordCues(lexicon(f"target_feature_{name}")) for name in ("others", "progress", "will")},
    "question": re.compile(r"\?"),
}
_CONTEXT = 160  # characters of text before the evidence read as its context (a heading, the lead-in)
SITE_NOUNS = lexicon("site_nouns")  # patterns/lexicon.jsonl


def _bucket(x: float, edges: tuple[float, ...]) -> int:
    for i, e in enumerate(edges):
        if x <= e:
            return i
    return len(edges)


def words(text: str) -> set[str]:
    """Lower-case words as written (capitalised words, names among them, are left out)."""
    return set(_WORD.findall(text))


def text_features(doc: Doc, ev: Evidence | None, report_year: int | None) -> Features:
    """Shape and word features of an evidence span and the text just before it."""
    f: Features = {}
    if ev is None:
        f["no_evidence"] = 1.0
        return f
    text = ev.text
    for w in words(text):
        f["w=" + w] = 1.0
    full = text_of(doc)
    before = full[max(0, ev.start - _CONTEXT):ev.start]
    for w in words(before):
        f["p=" + w] = 1.0
    f[f"len={_bucket(len(text), (40, 80, 160, 320, 640))}"] = 1.0
    f["tab"] = float("\t" in text)
    f["bullet"] = float(bool(re.match(r"^\s*[•◆●■▪\-*–]", text)))
    f["newline"] = float("\n" in text.strip())
    f["pct"] = float(bool(_PCT.search(text)))
    f["by_year"] = float(bool(_BY_YEAR.search(text)))
    years = [int(y) for y in _YEAR.findall(text)]
    f[f"years={min(len(years), 3)}"] = 1.0
    if report_year and years:
        f["past_year"] = float(any(y < report_year for y in years))
        f["future_year"] = float(any(y > report_year for y in years))
    digits = sum(c.isdigit() for c in text)
    f[f"digits={_bucket(digits / max(1, len(text)), (0.0, 0.03, 0.08, 0.15))}"] = 1.0
    f[f"pos={min(9, int(10 * ev.start / max(1, len(full))))}"] = 1.0
    f["upper_start"] = float(text[:1].isupper())
    return f


def cue_features(text: str) -> Features:
    """Which groups of cue words (commitment, forecast, achieved, spending, other parties...) a sentence holds."""
    f: Features = {}
    for name, cue in _CUES.items():
        if cue.search(text):
            f["cue=" + name] = 1.0
    if _CUES["self"].search(text[:60]):
        f["self_head"] = 1.0
    return f


def _is_reporter(doc: Doc, name: str) -> bool:
    index = orgs(doc)
    reporter = index.reporter
    return reporter is not None and index.resolve(name) is reporter


def _name_features(doc: Doc, name: str, prefix: str) -> Features:
    index = orgs(doc)
    f: Features = {}
    ws = name.split()
    f[f"{prefix}words={min(len(ws), 6)}"] = 1.0
    f[prefix + "legal"] = float(bool(_LEGAL.search(name)))
    f[prefix + "caps"] = float(name.isupper())
    f[prefix + "digit"] = float(any(c.isdigit() for c in name))
    f[prefix + "lower_word"] = float(any(w[:1].islower() for w in ws))
    key = index.key_of(name)
    mentions = index.mentions.get(key, 0)
    f[f"{prefix}mentions={_bucket(mentions, (0, 1, 2, 5, 20))}"] = 1.0
    f[prefix + "table_member"] = float(key in index.table_members)
    f[prefix + "is_reporter"] = float(_is_reporter(doc, name))
    reporter = index.reporter
    if reporter is not None:
        own = {w.lower() for w in reporter.name.split() if len(w) > 2}
        f[prefix + "shares_reporter_word"] = float(bool(own & {w.lower() for w in ws}))
    return f


def target_features(doc: Doc, t: Target, report_year: int | None, peers: list[Target]) -> Features:
    """Features of a target: its fields, its evidence, and how many others restate its topic and year."""
    f = text_features(doc, t.evidence, report_year)
    f.update(cue_features(t.evidence.text))
    f["topic=" + t.topic] = 1.0
    f["has_year"] = float(t.year is not None)
    f["has_value"] = float(t.value is not None)
    f["has_baseline"] = float(t.baseline_year is not None)
    f["has_scope"] = float(bool(t.scope))
    f["unit=" + ("none" if not t.unit else "%" if t.unit == "%" else "amount")] = 1.0
    f["direction=" + (t.direction or "none")] = 1.0
    f["holder_is_reporter"] = float(_is_reporter(doc, t.holder))
    if t.year is not None and report_year:
        f[f"year_delta={_bucket(t.year - report_year, (-1, 0, 5, 10, 20))}"] = 1.0
    same = [p for p in peers if p.topic == t.topic and p.year == t.year]
    rank = next((i for i, p in enumerate(same) if p is t), 0)
    f[f"same_rank={min(rank, 2)}"] = 1.0
    f[f"same_count={_bucket(len(same), (1, 2, 4))}"] = 1.0
    f[f"topic_count={_bucket(sum(p.topic == t.topic for p in peers), (1, 2, 4, 8))}"] = 1.0
    return f


def subsidiary_features(doc: Doc, s: Subsidiary, report_year: int | None, peers: list[Subsidiary]) -> Features:
    """Features of a (parent, subsidiary) candidate."""
    f = text_features(doc, s.evidence, report_year)
    f["relation=" + s.relation] = 1.0
    # the rule that proposed it (a relation word, a cue's structure, the name word, a definitions table, the default)
    f["rule=" + (doc.user_data.get(SUBSIDIARY_RULE_KEY, {}).get(name_key(s.name)) or "other")] = 1.0
    f.update(_name_features(doc, s.name, "n_"))
    f["parent_is_reporter"] = float(_is_reporter(doc, s.parent))
    f[f"count={_bucket(len(peers), (2, 5, 10, 30))}"] = 1.0
    if s.evidence is not None:
        f["name_in_evidence"] = float(s.name in s.evidence.text)
    f.update(_mention_roles(doc, s.name))
    return f


_PREPOSITION_BEFORE = re.compile(r"\b(?:of|by|from|with|through|for|to|in|at|via|and)\s*[(\[]?\s*$", re.I)
_VERB_AFTER = re.compile(r"[ \t]*(?:,[^,.;\n]{0,60},[ \t]*)?(?:[a-z]+ly[ \t]+)?(?:has|have|had|is|was|are|were|also|now|will|[a-z]+(?:s|ed)|"
                         r"built|made|won|took|undertook|began|became|set|led|held|grew|ran|put|sold|bought|gave|kept|met|cut|spent|paid|"
                         r"brought|saw|went|sent|rose|fell|drew|lost|found|got|left|opened|joined)\b")


_LEAD_REACH = 200  # characters read back for the start of a mention's line or sentence


def opens_clause_as_subject(text: str, start: int, end: int) -> bool:
    """True when the mention ``text[start:end]`` opens its line or sentence and a verb follows ('X has built ...',
    'X, a maker of foil, grew'): how reports write of their own units."""
    low = max(0, start - _LEAD_REACH)
    line = text[text.rfind("\n", low, start) + 1 or low: start]  # bounded: a run-on line is read from near the mention
    lead = re.split(r"[.;:!?]\s", line)[-1].strip(" \t•●▪■-–—")
    if len(line) == _LEAD_REACH and lead == line.strip(" \t•●▪■-–—"):
        return False  # no line or sentence start within reach
    return not lead and verb_follows(text, end)


def verb_follows(text: str, end: int) -> bool:
    """True when a verb (after an optional comma-set description or adverb) follows ``text[:end]``."""
    return _VERB_AFTER.match(text, end, end + 80) is not None


def _mention_roles(doc: Doc, name: str) -> Features:
    """How the text uses a name: as the subject that opens a sentence and acts ('X has built ...', as reports
    write of their own units), or only after a preposition ('by X', 'with X', as they write of other parties)."""
    key = orgs(doc).key_of(name)
    text = text_of(doc)
    subject = after_preposition = total = 0
    for start, end, k in doc._.org_mentions or []:
        if k != key:
            continue
        total += 1
        if opens_clause_as_subject(text, start, end):
            subject += 1
        elif _PREPOSITION_BEFORE.search(text, max(0, start - 12), start):
            after_preposition += 1
    return {"subject": float(subject > 0), "only_after_preposition": float(total > 0 and after_preposition == total)}


def certification_features(doc: Doc, c: Certification, report_year: int | None, peers: list[Certification]) -> Features:
    """Features of a (holder, standard) certification candidate."""
    f = text_features(doc, c.evidence, report_year)
    f["standard=" + re.sub(r"[^A-Za-z0-9]+", "", c.standard.split(":")[0]).upper()] = 1.0
    f["scope=" + c.scope] = 1.0
    f["status=" + c.status] = 1.0
    f["named_by=" + c.named_by] = 1.0
    f["facility"] = float(c.holder_is_facility)
    f["holder_is_reporter"] = float(_is_reporter(doc, c.holder))
    if not c.holder_is_facility:
        f.update(_name_features(doc, c.holder, "h_"))
    return f


def facility_features(doc: Doc, fac: Facility, report_year: int | None, peers: list[Facility]) -> Features:
    """Features of a facility candidate."""
    f = text_features(doc, fac.evidence, report_year)
    f["type=" + fac.facility_type] = 1.0
    f["has_location"] = float(bool(fac.location))
    f["has_country"] = float(bool(fac.country))
    f["location_is_name"] = float(bool(fac.location) and fac.location == fac.name)
    f["operator_is_reporter"] = float(_is_reporter(doc, fac.operator))
    ws = fac.name.split()
    f[f"name_words={min(len(ws), 6)}"] = 1.0
    f["name_digit"] = float(any(c.isdigit() for c in fac.name))
    for w in words(fac.name):
        f["nw=" + w] = 1.0
    last = fac.name.rsplit(None, 1)[-1].lower() if fac.name.split() else ""
    f["noun=" + (last if last in SITE_NOUNS else "other")] = 1.0
    f["name_caps"] = float(fac.name.isupper())
    first = fac.name.split()[0] if fac.name.split() else ""
    f["first_place"] = float(bool(first) and _is_place(first))
    f["first_org"] = float(bool(first) and orgs(doc).resolve(first) is not None)
    f[f"count={_bucket(len(peers), (3, 10, 30))}"] = 1.0
    return f


def _is_place(word: str) -> bool:
    from ..places import PLACE  # loads the gazetteer: imported where it is needed

    return bool(PLACE.fullmatch(word))


def relation_features(doc: Doc, r: Relation, report_year: int | None, peers: list[Relation]) -> Features:
    """Features of a supplier/customer pair."""
    f = text_features(doc, r.evidence, report_year)
    f.update(_name_features(doc, r.partner, "n_"))
    f["org_is_reporter"] = float(_is_reporter(doc, r.org))
    f[f"count={_bucket(len(peers), (1, 3, 8))}"] = 1.0
    return f


FeatureFunction = Callable[[Doc, object, "int | None", list], Features]


def squash(x: float) -> float:
    """The logistic function, guarded against overflow."""
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)
