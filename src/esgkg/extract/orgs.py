"""Organisation names and the reporting company.

``esg_orgs`` finds every name with a legal form ("... Co., Ltd.", "... Limited") in one pass over
the text, reads the aliases the report defines for them ("(hereinafter "X", "the Company")",
abbreviation tables), and then finds every later mention of a name or alias in a second pass,
so that a short form used 30 pages on resolves to the same organisation.

``esg_company`` decides which organisation publishes the report and reads its stock codes,
exchanges and the report year.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..records import ReportingCompany, StockListing
from .base import evidence, facts, orgs, sentence_at
from .text import HEREINAFTER, ORG_NAME, QUOTED, SELF_REFERENCES, YEAR, name_key, split_org_phrase, tidy_name

Mention = tuple[int, int, str]  # start char, end char, organisation key

_ABBREV_ROW = re.compile(r"^[ \t]*([A-Z][\w&'’\- ]{1,40}?)[ \t]*(?:\t|[ \t]{2,}|[:：]|[ \t]+refers?[ \t]+to[ \t]+|[ \t]+means[ \t]+)[ \t]*(?:the[ \t]+)?(.{3,160}?)[ \t]*$", re.M)


def _quoted_aliases(definition: str) -> list[str]:
    return [m.group(1).strip() for m in QUOTED.finditer(definition) if m.group(1).strip()]


@Language.component("esg_orgs")
def esg_orgs(doc: Doc) -> Doc:
    """Collect organisation names, their defined aliases, and every mention of either."""
    text = doc.text
    index = orgs(doc)
    name_spans: list[Mention] = []
    for m in ORG_NAME.finditer(text):
        head, name = split_org_phrase(tidy_name(m.group(0)))
        if len(name_key(name)) < 2:
            continue
        org = index.add(name)
        name_spans.append((m.start(), m.end(), name_key(org.name)))
    # aliases defined right after a name: 'X Co., Ltd. (hereinafter "X", "the Company")'
    ends = {end: key for _, end, key in name_spans}
    self_defined: Counter[str] = Counter()
    for m in HEREINAFTER.finditer(text):
        key = next((ends[e] for e in range(m.start(), max(m.start() - 4, -1), -1) if e in ends), None)
        if key is None or key not in index.by_key:
            continue
        org = index.by_key[key]
        for alias in _quoted_aliases(m.group(1)):
            if alias.lower() in SELF_REFERENCES:
                self_defined[key] += 1
            elif len(alias) <= 60 and not YEAR.fullmatch(alias):
                index.alias(org, alias)
    _read_abbreviation_rows(text, index)
    doc.user_data["self_defined"] = self_defined
    doc.user_data["org_mentions"] = _all_mentions(text, index, name_spans)
    return doc


def _read_abbreviation_rows(text: str, index) -> None:
    """Definition tables ('Innovation Metal<TAB>Shandong Innovation Metal Technology Co., Ltd.')."""
    for m in _ABBREV_ROW.finditer(text):
        short, full = m.group(1).strip(), m.group(2).strip()
        target = index.resolve(full)
        if target is None and ORG_NAME.fullmatch(full):
            target = index.add(tidy_name(full))
        if target is not None and short.lower() not in SELF_REFERENCES and len(short.split()) <= 5:
            short_words = set(name_key(short).split())
            if short_words and short_words <= set(name_key(target.name).split()) | {"group"}:
                index.alias(target, short)


def _all_mentions(text: str, index, name_spans: list[Mention]) -> list[Mention]:
    """Every mention of a known name or alias, found in one regex pass, longest name first."""
    surface: dict[str, str] = {}
    for org in index.by_key.values():
        key = name_key(org.name)
        for n in {org.name, *org.aliases}:
            if len(n) >= 3 and n.lower() not in SELF_REFERENCES:
                surface.setdefault(n, key)
    if not surface:
        return sorted(name_spans)
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in sorted(surface, key=len, reverse=True)) + r")(?![\w])")
    covered = sorted(name_spans)
    found = list(covered)
    starts = [s for s, _, _ in covered]
    for m in pattern.finditer(text):
        i = bisect_left(starts, m.start() + 1) - 1
        if i >= 0 and covered[i][1] > m.start():
            continue  # inside a full name already found
        key = surface[m.group(0)]
        key = index.alias_keys.get(key, key)
        found.append((m.start(), m.end(), key))
        index.mentions[key] += 1
    found.sort()
    return found


def mentions_in(doc: Doc, span: Span) -> list[Mention]:
    """Organisation mentions inside ``span`` (a bisect over the document's mention list)."""
    ms: list[Mention] = doc.user_data.get("org_mentions", [])
    i = bisect_left(ms, (span.start_char, -1, ""))
    out = []
    while i < len(ms) and ms[i][0] < span.end_char:
        out.append(ms[i])
        i += 1
    return out


# ----------------------------------------------------------------------------- the reporting company
_STOCK_CODE = re.compile(
    r"(?:stock|share|securities)\s+code[s]?\s*(?:is|was|of)?\s*[:：]?\s*[\"“'‘]?\s*(\d{4,6})(?:\s*\.\s*(SZ|SH|SS|HK|BJ))?"
    r"|\b(\d{6})\s*\.\s*(SZ|SH|SS|BJ)\b|\b(\d{4,5})\s*\.\s*(HK)\b",
    re.I,
)
_EXCHANGES = [
    (re.compile(r"Shenzhen\s+Stock\s+Exchange|\bSZSE\b|ChiNext|\bGEM\b", re.I), "Shenzhen Stock Exchange"),
    (re.compile(r"Shanghai\s+Stock\s+Exchange|\bSSE\b|STAR\s+Market", re.I), "Shanghai Stock Exchange"),
    (re.compile(r"Hong\s+Kong\s+Stock\s+Exchange|Stock\s+Exchange\s+of\s+Hong\s+Kong|\bHKEX\b|Main\s+Board\s+of\s+the\s+Hong\s+Kong", re.I), "Hong Kong Stock Exchange"),
    (re.compile(r"Beijing\s+Stock\s+Exchange|\bBSE\b", re.I), "Beijing Stock Exchange"),
]
_SUFFIX_EXCHANGE = {"SZ": "Shenzhen Stock Exchange", "SH": "Shanghai Stock Exchange", "SS": "Shanghai Stock Exchange", "HK": "Hong Kong Stock Exchange", "BJ": "Beijing Stock Exchange"}
_PERIOD = re.compile(
    r"(?:from|period\s+(?:of|from)?|covers?)\s+[^.\n]{0,40}?((?:19|20)\d\d)\s*(?:to|-|–|until|through)\s+[^.\n]{0,30}?((?:19|20)\d\d)",
    re.I,
)
_TITLE_YEAR = re.compile(r"((?:19|20)\d\d)\s*(?:Annual\s+)?(?:Environmental,?\s+Social\s+and\s+(?:Corporate\s+)?Governance|ESG|Sustainability|Sustainable\s+Development|Corporate\s+Social\s+Responsibility|CSR)\s+Report", re.I)
_COVER_CHARS = 3000


def _exchange_near(text: str, start: int, end: int, suffix: str | None) -> str | None:
    if suffix:
        return _SUFFIX_EXCHANGE.get(suffix.upper())
    window = text[max(0, start - 250): end + 40]
    best = None
    for pattern, name in _EXCHANGES:
        for m in pattern.finditer(window):
            distance = abs((max(0, start - 250) + m.start()) - start)
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best else None


def _choose_reporter(doc: Doc, index) -> tuple | None:
    """The publisher: who the report defines as "the Company", else who names its stock code, else the cover."""
    self_defined: Counter[str] = doc.user_data.get("self_defined", Counter())
    if self_defined:
        return index.by_key.get(self_defined.most_common(1)[0][0])
    text = doc.text
    mentions = doc.user_data.get("org_mentions", [])
    for m in _STOCK_CODE.finditer(text):
        near = [k for s, e, k in mentions if m.start() - 300 <= s <= m.start()]
        if near:
            return index.by_key.get(near[-1])
    cover = [k for s, _, k in mentions if s < _COVER_CHARS]
    if cover:
        return index.by_key.get(Counter(cover).most_common(1)[0][0])
    if index.mentions:
        return index.by_key.get(index.mentions.most_common(1)[0][0])
    return None


def _report_year(text: str) -> int | None:
    head = text[:20000]
    m = _PERIOD.search(head)
    if m:
        return int(m.group(2))
    titles = Counter(int(m.group(1)) for m in _TITLE_YEAR.finditer(text[:50000]))
    if titles:
        return titles.most_common(1)[0][0]
    years = Counter(int(y) for y in YEAR.findall(head))
    return years.most_common(1)[0][0] if years else None


@Language.component("esg_company")
def esg_company(doc: Doc) -> Doc:
    """Fill ``facts.company`` (name, aliases, stock listings) and ``facts.report_year``."""
    index = orgs(doc)
    f = facts(doc)
    f.report_year = _report_year(doc.text)
    org = _choose_reporter(doc, index)
    if org is None:
        return doc
    index.set_reporter(org)
    company = ReportingCompany(name=org.name, aliases=org.aliases)
    seen: set[str] = set()
    for m in _STOCK_CODE.finditer(doc.text):
        code = m.group(1) or m.group(3) or m.group(5)
        suffix = m.group(2) or m.group(4) or m.group(6)
        if code in seen:
            continue
        seen.add(code)
        company.listings.append(StockListing(code=code, exchange=_exchange_near(doc.text, m.start(), m.end(), suffix)))
        if company.evidence is None:
            company.evidence = evidence(doc, sentence_at(doc, m.start()))
    f.company = company
    return doc
