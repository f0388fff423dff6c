"""Facilities: named or located physical sites, with their operator and location.

One compiled pass finds every facility noun (production base, plant, factory, workshop,
laboratory, R&D / testing / engineering centre, research institute, workstation, industrial park,
mine, port, operational site); each hit is then read in its local context:

* a quoted name ending in the noun ("the "X Alloy Research Institute"");
* a capitalised name before the noun, optionally continued by "of/for" + a name:
  "Wuxi Industrial Design Centre", "Second Park of X Metal", "Laboratory of X Co., Ltd.";
  plural or listed forms give one facility per organisation ("Testing Centers of A Co., Ltd.,
  B Co., Ltd." -> "Testing Center of A", "Testing Center of B");
* a possessive: "X's Harbin factory" is operated by X;
* a described site tied to an operator: "the cold rolling workshop in X Precision", "its 5G+ smart
  industrial park", "has a calcium aluminate production line";
* a located site: "operating site in Wuxi", "overseas plants in Thailand and Poland",
  "14 industrial parks ... including Shandong, Jiangsu and Yunnan".

Not facilities: honour titles ("awarded the "Green Factory" title"), certification or standard
names ("lab certification", "Testing and Calibration Laboratories"), universities, and generic
mentions without a name, a description or a place ("the factory", "our production bases").
"""
from __future__ import annotations

import re
from bisect import bisect_left

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import Facility
from .base import evidence, facts, orgs, sentence_at, text_of
from .places import PLACE, country_of, first_place

_TYPES = [
    ("production_base", r"production\s+bases?|manufacturing\s+bases?|practice\s+bases?|industrial\s+parks?|parks?|bases?"),
    ("plant", r"production\s+workshops?|workshops?|production\s+lines?|factor(?:y|ies)|plants?|smelters?|refiner(?:y|ies)"),
    ("laboratory", r"laborator(?:y|ies)|labs?|(?:testing|test|experiment(?:al)?|inspection)\s+cent(?:er|re)s?"),
    ("rd_center", r"(?:R&D|research(?:\s+and\s+development)?|engineering(?:\s+research|\s+technology)?|technology|technical|innovation|(?:industrial\s+)?design)\s+cent(?:er|re)s?"
                  r"|research\s+institutes?|R&D\s+institut(?:e|ion)s?|workstations?|innovation\s+studios?"),
    ("mine", r"mines?"),
    ("other", r"ports?|warehouses?|operational\s+sites?|locations?"),
]
_NOUN = re.compile(r"(?<![\w&])(?:" + "|".join(f"(?:{p})" for _, p in _TYPES) + r")(?![\w&])", re.I)
_TYPE_OF = [(t, re.compile(rf"(?:{p})$", re.I)) for t, p in _TYPES]
_LOCATED_ONLY = re.compile(r"^(?:operational\s+sites?|locations?)$", re.I)  # only with a place after them

_CAP = r"(?:[A-Z](?:[\w+\-&.]|['’](?!s\b))*|R&D|No\.\s*\d+|\d+[\w+\-]*)"
_CAP_PREFIX = re.compile(rf"((?:{_CAP}(?: +(?:of|and|&|for) +)? *)*{_CAP}) +$")  # spaces only: a tab is a cell boundary
_INNER_STOP = re.compile(r"^.*\b(?:The|Our|Its|Their|This|These|At|In|On|For)\s+")
_OF_NAME = re.compile(r"^[ \t]+(?:of|for)[ \t]+((?:(?:[A-Z][\w'’\-&.]*|\([A-Z][^)]{1,30}\))[ \t]*|(?:of|and|with|for|&)[ \t]+(?=[A-Z])){1,14})")
_STOP_FIRST = re.compile(r"^(?:The|A|An|Its|Our|This|These|Each|All|Of|And|In|At|To|For|Their|Such|Other|New|Main|Key|Major|Several|Multiple|Including|Both|With|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|\d+)(?=[ \t]|$)[ \t]*")
_DET_WORDS = r"the|its|their|our|a|an|has|have|had|built|established|operates?|owns?|constructed"
# the last determiner before the noun, then up to 8 space-separated description words (no tab: a cell boundary)
_DETERMINER = re.compile(rf"\b({_DET_WORDS}) +((?:(?!(?:{_DET_WORDS})\b)[\w+\-.]+ +){{1,8}})$", re.I)
_NOT_DESCRIPTION = frozenset("in at of for to such as with by from each every all which that this these those is are was were be been has have had also".split())
_POSSESSIVE = re.compile(r"(?:'s|’s)[ \t]+$")
_IN_OPERATOR = re.compile(r"^[ \t]+(?:in|at|of)[ \t]+")
_LOCATED = re.compile(r"^[ \t]+(?:located[ \t]+)?(?:in|at)[ \t]+((?:(?:the[ \t]+)?[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*)*[ \t]*(?:,|and|&)?[ \t]*){1,8})")
_COUNT = re.compile(r"\b(\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)[ \t]+((?:[\w\-]+[ \t]+){0,3})$", re.I)
_QUOTES = {"\u201c": "\u201d", '"': '"', "''": '"', "\u2018": "\u2019"}
_TITLE = re.compile(r"\b(?:awarded|honou?red|recogni[sz]ed\s+as|named(?:\s+as)?|rated\s+as|title\s+of|selected\s+as|won|list\s+of|batch\s+of)\b[^.]{0,60}$", re.I)
_TITLE_AFTER = re.compile(r"^[\"”’']?[ \t]*(?:\([^)]{1,20}\)[ \t]*)?(?:title|certification|certificate|award|honou?r|accreditation|standard)\b", re.I)
_NOT_SITE = re.compile(r"\buniversit|\bcollege\b|\bacademy\b|\binstitute\s+of\s+technology\b|\bcalibration\b", re.I)
_GENERIC = frozenset("""production manufacturing main new existing key major own large small modern advanced several multiple other
our its their the a an this these those each all such various relevant related same whole entire current future""".split())
_GENERIC_ONLY = frozenset(_GENERIC | {"green", "smart", "digital", "intelligent", "model", "demonstration", "testing", "test", "research",
                                       "and", "of", "r&d", "garden-style", "lighthouse", "benchmark", "national", "provincial", "municipal"})
_MAX_NAME = 140


def _facility_type(noun: str) -> str:
    for t, pattern in _TYPE_OF:
        if pattern.search(noun):
            return t
    return "other"


def _singular(noun: str) -> str:
    for plural, single in (("ies", "y"), ("ses", "se"), ("s", "")):
        if noun.endswith(plural) and not noun.endswith("ss"):
            return noun[: -len(plural)] + single
    return noun


def _strip_first(prefix: str) -> str:
    while True:
        stripped = _STOP_FIRST.sub("", prefix)
        if stripped == prefix:
            return prefix
        prefix = stripped


def _generic(words: str) -> bool:
    ws = [w for w in re.split(r"[ \t]+", words.lower().strip()) if w]
    return not ws or all(w in _GENERIC_ONLY for w in ws)


class _Doc:
    """What the rules need of one document: its text, organisation mentions and reporter."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = text_of(doc)
        self.index = orgs(doc)
        self.mentions = doc.user_data.get("org_mentions", [])
        self.starts = [m[0] for m in self.mentions]
        self.reporter = self.index.reporter.name if self.index.reporter else None

    def org_at(self, pos: int) -> tuple[int, int, str, str] | None:
        """The organisation mention at ``pos`` (starting there, or holding it), as (start, end, surface text, name)."""
        i = bisect_left(self.starts, pos + 2) - 1
        if i >= 0 and self.mentions[i][0] - pos <= 1 and self.mentions[i][1] > pos:
            s, e, key = self.mentions[i]
            org = self.index.by_key.get(key)
            if org is None:
                return None
            surface = self.text[max(s, pos):e]
            return (max(s, pos), e, surface, org.name)
        return None

    def org_ending_at(self, pos: int) -> str | None:
        i = bisect_left(self.starts, pos) - 1
        while i >= 0 and self.mentions[i][0] > pos - 120:
            s, e, key = self.mentions[i]
            if abs(e - pos) <= 1:
                org = self.index.by_key.get(key)
                return org.name if org else None
            i -= 1
        return None

    def operator_near(self, sent: Span, pos: int) -> str | None:
        """The organisation named nearest before ``pos`` in the sentence, else the reporting company."""
        i = bisect_left(self.starts, pos) - 1
        if i >= 0 and self.mentions[i][0] >= sent.start_char:
            org = self.index.by_key.get(self.mentions[i][2])
            if org is not None:
                return org.name
        return self.reporter


class FacilityExtractor:
    """spaCy component ``esg_facilities``."""

    def __init__(self, max_name_chars: int = _MAX_NAME, located_sites: bool = True) -> None:
        self.max_name_chars = max_name_chars
        self.located_sites = located_sites

    def __call__(self, doc: Doc) -> Doc:
        d = _Doc(doc)
        if d.reporter is None:
            return doc
        out: dict[str, Facility] = {}
        for m in _NOUN.finditer(d.text):
            for fac in self._read(d, m):
                if fac.name.lower() not in out and len(fac.name) <= self.max_name_chars:
                    out[fac.name.lower()] = fac
        facts(doc).facilities.extend(out.values())
        return doc

    # ------------------------------------------------------------------ one noun hit in context
    def _read(self, d: _Doc, m: re.Match) -> list[Facility]:
        text, s, e = d.text, m.start(), m.end()
        line_start = text.rfind("\n", 0, s) + 1
        line_end = text.find("\n", e)
        line_end = len(text) if line_end == -1 else line_end
        left, right = text[max(line_start, s - 160):s], text[e:min(line_end, e + 300)]
        noun = m.group(0)
        if _TITLE.search(left[-80:]) or _TITLE_AFTER.match(right):
            return []
        sent = sentence_at(d.doc, s)
        if len(sent.text.strip()) < 15:
            return []  # headings and table stubs
        if _LOCATED_ONLY.match(noun):
            return self._located(d, sent, m, left, right) if self.located_sites else []
        for reader in (self._quoted, self._named, self._described, self._counted):
            found = reader(d, sent, m, left, right)
            if found:
                return [f for f in found if not _NOT_SITE.search(f.name.split(" at ")[0]) and ". " not in f.name.replace("No. ", "")]
        return self._located(d, sent, m, left, right) if self.located_sites else []

    def _facility(self, d: _Doc, sent: Span, name: str, noun: str, operator: str | None, at: int, place: str | None = None) -> Facility:
        name = re.sub(r"\s+", " ", name).strip(" ,;:")
        place = place or first_place(name) or first_place(d.text[at:min(at + 60, sent.end_char)])
        return Facility(name=name, operator=operator or d.operator_near(sent, at), evidence=evidence(d.doc, sent),
                        facility_type=_facility_type(noun), location=place, country=country_of(place.split(",")[0].strip()) if place else None)

    def _quoted(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """A quoted name holding the noun: “X Alloy Research Institute”, "Academician Workstation of Shandong Province"."""
        for opening, closing in _QUOTES.items():
            i = left.rfind(opening)
            if i == -1 or (opening != closing and closing in left[i + len(opening):]):
                continue
            if opening == closing and left.count(opening) % 2 == 0:
                continue  # a straight quote closing an earlier quotation
            j = right.find(closing)
            if j == -1 or j > 120:
                continue
            name = (left[i + len(opening):] + m.group(0) + right[:j]).strip(" '")
            if name[:1].isupper() and len(name.split()) <= 16 and not _generic(_strip_first(left[i + len(opening):])):
                return [self._facility(d, sent, name, m.group(0), None, m.start())]
        return []

    def _named(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """Capitalised name before the noun and/or "of/for" + name after it; lists of organisations after "of"."""
        noun = m.group(0)
        pm = _CAP_PREFIX.search(left)
        prefix = _strip_first(_INNER_STOP.sub("", pm.group(1))) if pm else ""
        if prefix and _generic(prefix):
            prefix = ""
        operator = None
        prefix_at = pm.end(1) - len(prefix) if pm else 0
        if pm and prefix and _POSSESSIVE.search(left[:prefix_at]):
            operator = d.org_ending_at(m.start() - len(left) + prefix_at - 3)
        of = _OF_NAME.match(right)
        if of:
            org = d.org_at(m.end() + of.start(1))
            if org is not None:
                return self._org_list(d, sent, m, prefix, org)
            if prefix or noun[0].isupper():
                tail = re.sub(r"[ \t]+(?:of|and|with|for|&)$", "", of.group(1).strip())
                name = f"{prefix} {noun} {of.group(0).split()[0]} {tail}"
                return [self._facility(d, sent, name, noun, None, m.start())]
        if prefix and not noun[0].islower() or (prefix and operator):
            return [self._facility(d, sent, f"{prefix} {noun}", noun, operator, m.start())]
        if prefix and first_place(prefix):
            return [self._facility(d, sent, f"{prefix} {noun}", noun, operator, m.start(), first_place(prefix))]
        lm = _LOCATED.match(right)
        if prefix and lm and PLACE.search(lm.group(1)):  # "Nordvik laboratory in Sweden"
            return [self._facility(d, sent, f"{prefix} {noun}", noun, operator, m.start(), PLACE.search(lm.group(1)).group(1))]
        return []

    def _org_list(self, d: _Doc, sent: Span, m: re.Match, prefix: str, first: tuple[int, int, str]) -> list[Facility]:
        """'Testing Centers of A Co., Ltd., B Co., Ltd., and C Co., Ltd.': one facility per organisation."""
        noun = _singular(m.group(0)) if m.group(0)[0].isupper() or prefix else m.group(0)
        head = f"{prefix} {noun}".strip()
        out = [self._facility(d, sent, f"{head} of {first[2]}", noun, first[3], m.start())]
        end = first[1]
        while True:
            sep = re.match(r"^[ \t]*,?[ \t]*(?:and[ \t]+)?", d.text[end:end + 8])
            nxt = d.org_at(end + (sep.end() if sep else 0))
            if nxt is None or nxt[0] > end + 8:
                break
            if _NOUN.match(d.text, end + (sep.end() if sep else 0)):
                break
            out.append(self._facility(d, sent, f"{head} of {nxt[2]}", noun, nxt[3], m.start()))
            end = nxt[1]
        return out

    def _described(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """A described site tied to an operator: 'the cold rolling workshop in X', 'its 5G+ smart industrial park'."""
        dm = _DETERMINER.search(left)
        if dm is None:
            return []
        desc = dm.group(2).strip()
        words = re.sub(r"\bNo\. ?(?=\d)", "No", desc).lower().split()
        if _generic(desc) or re.search(r"[,;:()]", desc) or any(w.endswith(".") or w in _NOT_DESCRIPTION for w in words) \
                or all(_COUNT.fullmatch(w + " ") for w in words):  # "9 production bases": a count, not a name
            return []
        noun = m.group(0)
        det = dm.group(1).lower()
        op = _IN_OPERATOR.match(right)
        operator = None
        if op:
            org = d.org_at(m.end() + op.end())
            operator = org[3] if org else None
        possessive = det in ("its", "their", "our")
        has = det in ("has", "have", "had", "built", "established", "operates", "operate", "owns", "own", "constructed")
        if operator or possessive or has or (det in ("a", "an") and re.search(r"\b(?:has|have|built|established|operates|owns|constructed)[ \t]+$", left[: dm.start(1)])):
            return [self._facility(d, sent, f"{desc} {noun}", noun, operator, m.start())]
        at = re.match(r"^[ \t]+(?:at|in)[ \t]+((?:[A-Z][\w'’\-]*[ \t]*){1,6})", right)
        if at:  # "the joint research center at X University, UK"
            place = first_place(right[at.end(): at.end() + 40]) or first_place(at.group(1))
            return [self._facility(d, sent, f"{desc} {noun} at {at.group(1).strip()}", noun, None, m.start(), place)]
        return []

    def _counted(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'14 industrial parks across 4 provinces ... including Shandong, Jiangsu and Yunnan'."""
        cm = _COUNT.search(left)
        if cm is None or not m.group(0).lower().endswith("s"):
            return []
        places = list(dict.fromkeys(p.group(1) for p in PLACE.finditer(right[:200])
                                    if not re.match(r"[ \t]+(?!Province|City|Autonomous|District|County)[A-Z]", right[p.end(): p.end() + 14])))
        regional = [p for p in places if country_of(p) and p != country_of(p)]
        if len(regional) < 2:
            return []
        name = f"{cm.group(1)} {cm.group(2)}{m.group(0)}"
        return [self._facility(d, sent, name, m.group(0), None, m.start(), ", ".join(regional))]

    def _located(self, d: _Doc, sent: Span, m: re.Match, left: str, right: str) -> list[Facility]:
        """'operating site in Wuxi', 'overseas plants in Thailand and Poland': one facility per place."""
        lm = _LOCATED.match(right)
        if lm is None:
            return []
        places = list(dict.fromkeys(PLACE.findall(lm.group(1))))
        if not places:
            return []
        noun = m.group(0)
        dm = re.search(r"(?:^|[ \t])((?:[a-z][\w\-]*[ \t]+){0,2})$", left)
        kept = [w for w in (dm.group(1).split() if dm else []) if w.lower() not in _NOT_DESCRIPTION and w.lower() not in _GENERIC
                and not re.search(r"(?:ed|ing)$", w) and not _COUNT.fullmatch(w + " ")]
        desc = " ".join(kept)
        base = _singular(noun) if len(places) > 1 or noun.lower().endswith("s") else noun
        return [self._facility(d, sent, f"{desc} {base} in {p}".strip(), noun, None, m.start(), p) for p in places]


@Language.factory("esg_facilities", default_config={"max_name_chars": _MAX_NAME, "located_sites": True})
def make_facilities(nlp: Language, name: str, max_name_chars: int, located_sites: bool) -> FacilityExtractor:
    """Factory of ``esg_facilities``; ``located_sites`` switches off 'site in <place>' facilities."""
    return FacilityExtractor(max_name_chars=max_name_chars, located_sites=located_sites)
