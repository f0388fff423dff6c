"""The reporting company: whose report is this?

A report says who published it in many ways at once, and no single one is always there, so
``esg_company`` weighs them all (the conventions of annual, sustainability and ESG reports):

* a definition of the company as "the Company" / "the Group" / "we" ("(hereinafter "Acme" or
  "the Group")");
* a publisher sentence ("This report is published by X", "the Sustainability Report of X");
* title and running-header lines: a short line naming an organisation beside a report word
  ("ACME CLIMATE ACTION REPORT", "Acme Sustainability Report 2024");
* the report's own web and e-mail domains ("www.acme.com", "esg@acme.com"): a name whose letters
  spell a domain label;
* copyright lines ("© 2024 Acme plc"), stock-code lines ("stock code: 601999", "ticker: ACM");
* possessives ("Acme's strategy") and how often a name is used at all.

Candidates are organisations with a legal form, names the report defines, and names without a
legal form that one of the signals above proposes (a title line, a domain, a possessive).  A
place, a self-reference, a framework acronym, a name met only in a photo, printing or design
credit, or a name the text calls a subsidiary is no candidate.  The best-scoring one is chosen and
its confidence (its share of the two best scores) is recorded, so a report is never refused for
want of a company.  ``--company`` / ``--year`` (the component's ``company`` and ``year`` settings)
override what is read.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from ..records import ReportingCompany, StockListing
from .base import OrgIndex, evidence, facts, orgs, sentence_at, text_of
from .legal_forms import strip_legal_form
from .places import PLACE
from .text import SELF_REFERENCES, UPPER, YEAR, fold, name_key, tidy_name

# ----------------------------------------------------------------------------- stock codes
_STOCK_CODE = re.compile(
    r"(?:stock|share|securities)\s+code[s]?\s*(?:is|was|of)?\s*[:：]?\s*[\"“'‘]?\s*(\d{4,6})(?:\s*\.\s*(SZ|SH|SS|HK|BJ))?"
    r"|\b(\d{6})\s*\.\s*(SZ|SH|SS|BJ)\b|\b(\d{4,5})\s*\.\s*(HK)\b",
    re.I,
)
# Letter tickers: 'ticker: ACM', 'ticker symbol ACM', '(LSE: ACM)', 'NYSE: ACM', 'Nasdaq Copenhagen: MAERSK B'
_EXCHANGE_CODES = {
    "NYSE": "New York Stock Exchange", "NASDAQ": "Nasdaq", "LSE": "London Stock Exchange", "TSX": "Toronto Stock Exchange",
    "ASX": "Australian Securities Exchange", "NSE": "National Stock Exchange of India", "BSE": "BSE",
    "SIX": "SIX Swiss Exchange", "JSE": "Johannesburg Stock Exchange", "TSE": "Tokyo Stock Exchange",
    "SGX": "Singapore Exchange", "HKEX": "Hong Kong Stock Exchange", "SEHK": "Hong Kong Stock Exchange",
    "XETRA": "Frankfurt Stock Exchange", "FWB": "Frankfurt Stock Exchange", "EURONEXT": "Euronext", "MOEX": "Moscow Exchange",
    "OMX": "Nasdaq Nordic", "B3": "B3", "KRX": "Korea Exchange", "TWSE": "Taiwan Stock Exchange", "BMV": "Mexican Stock Exchange",
}
_TICKER = re.compile(
    r"\b(?:ticker(?:\s+symbol)?|stock\s+symbol|trading\s+symbol)\s*(?:is\s+)?[:：]?\s*[\"“]?([A-Z][A-Z0-9]{0,5}(?:\.[A-Z]{1,2})?)\b"
    r"|\b(" + "|".join(sorted(_EXCHANGE_CODES, key=len, reverse=True)) + r")(?:\s+[A-Z][a-z]+)?\s*[:：]\s*([A-Z][A-Z0-9]{0,5}(?:[ .][A-Z])?)\b",
    re.I,
)
_EXCHANGES = [
    (re.compile(r"Shenzhen\s+Stock\s+Exchange|\bSZSE\b|ChiNext|\bGEM\b", re.I), "Shenzhen Stock Exchange"),
    (re.compile(r"Shanghai\s+Stock\s+Exchange|\bSSE\b|STAR\s+Market", re.I), "Shanghai Stock Exchange"),
    (re.compile(r"Hong\s+Kong\s+Stock\s+Exchange|Stock\s+Exchange\s+of\s+Hong\s+Kong|\bHKEX\b|Main\s+Board\s+of\s+the\s+Hong\s+Kong", re.I), "Hong Kong Stock Exchange"),
    (re.compile(r"Beijing\s+Stock\s+Exchange|\bBSE\b", re.I), "Beijing Stock Exchange"),
    (re.compile(r"\b((?:London|New\s+York|Toronto|Tokyo|Moscow|Frankfurt|Johannesburg|Singapore|Korea|Taiwan|Mexican|Australian|National)\s+(?:Stock|Securities)\s+Exchange(?:\s+of\s+India)?)"), None),
]
_SUFFIX_EXCHANGE = {"SZ": "Shenzhen Stock Exchange", "SH": "Shanghai Stock Exchange", "SS": "Shanghai Stock Exchange", "HK": "Hong Kong Stock Exchange", "BJ": "Beijing Stock Exchange"}
_LISTED_ON = re.compile(r"\blisted\s+on\s+(?:the\s+)?[^.\n]{0,80}?(?:Stock\s+Exchange|\bSSE\b|\bSZSE\b|\bHKEX\b)", re.I)


def _exchange_in(text: str) -> str | None:
    best = None
    for pattern, name in _EXCHANGES:
        m = pattern.search(text)
        if m and (best is None or m.start() < best[0]):
            best = (m.start(), name or re.sub(r"\s+", " ", m.group(1)))
    return best[1] if best else None


def _exchange_near(text: str, start: int, end: int, suffix: str | None) -> str | None:
    if suffix:
        return _SUFFIX_EXCHANGE.get(suffix.upper())
    window = text[max(0, start - 250): end + 40]
    best = None
    for pattern, name in _EXCHANGES:
        for m in pattern.finditer(window):
            distance = abs((max(0, start - 250) + m.start()) - start)
            if best is None or distance < best[0]:
                best = (distance, name or re.sub(r"\s+", " ", m.group(1)))
    return best[1] if best else None


def _listing_exchange(text: str) -> str | None:
    """The exchange of the report's listing sentence ('listed on the Main Board of the ... Stock Exchange')."""
    m = _LISTED_ON.search(text)
    return _exchange_in(m.group(0)) if m else None


def stock_listings(text: str) -> list[tuple[int, StockListing]]:
    """Every stock code the text gives, with the character where it is named: numeric codes
    ("stock code: 601999", "0700.HK") and letter tickers ("ticker: ACM", "(LSE: ACM)")."""
    out: list[tuple[int, StockListing]] = []
    seen: set[str] = set()
    fallback: str | None = None
    for m in _STOCK_CODE.finditer(text):
        code = m.group(1) or m.group(3) or m.group(5)
        suffix = m.group(2) or m.group(4) or m.group(6)
        if code in seen:
            continue
        seen.add(code)
        exchange = _exchange_near(text, m.start(), m.end(), suffix)
        if exchange is None:
            fallback = fallback or _listing_exchange(text) or "?"
            exchange = None if fallback == "?" else fallback
        out.append((m.start(), StockListing(code=code, exchange=exchange)))
    listed: set[tuple[str, str | None]] = set()
    for m in _TICKER.finditer(text):
        code = (m.group(1) or m.group(3) or "").strip()
        if not code or not code.isupper() or code.lower() in ("is", "the"):
            continue
        exchange = _EXCHANGE_CODES.get(m.group(2).upper()) if m.group(2) else None
        # one ticker on two exchanges ("TSX: KMC; NYSE: KMC") is two listings; a code named again is not
        if (code, exchange) in listed or (code in seen and exchange is None):
            continue
        if exchange is None:
            exchange = _exchange_near(text, m.start(), m.end(), None)
        seen.add(code)
        listed.add((code, exchange))
        out.append((m.start(), StockListing(code=code, exchange=exchange)))
    return out


# ----------------------------------------------------------------------------- report year
_PERIOD = re.compile(
    r"(?:from|period\s+(?:of|from)?|covers?)\s+[^.\n]{0,40}?((?:19|20)\d\d)\s*(?:to|-|–|until|through)\s+[^.\n]{0,30}?((?:19|20)\d\d)",
    re.I,
)
_REPORT_WORDS = (r"(?i:Environmental,?\s+Social\s+and\s+(?:Corporate\s+)?Governance|ESG|Sustainability|Sustainable\s+Development|"
                 r"Corporate\s+(?:Social\s+)?Responsibility|CSR|Climate(?:\s+Action)?|TCFD|Integrated|Annual|Impact|Non-?financial)")
_TITLE_YEAR = re.compile(rf"((?:19|20)\d\d)\s*(?:Annual\s+)?{_REPORT_WORDS}\s+(?:Report|Information|Review|Statement)"
                         rf"|{_REPORT_WORDS}\s+(?:Report|Information|Review|Statement)\s*((?:19|20)\d\d)\b", re.I)
_COVERS_YEAR = re.compile(r"\b(?:calendar|financial|fiscal|reporting)\s+year\s+(?:of\s+|ended\s+[^.\n]{0,20}?)?((?:19|20)\d\d)|\byear\s+ended\s+[^.\n]{0,20}?((?:19|20)\d\d)", re.I)


def report_year(text: str) -> int | None:
    """The year a report covers: a stated period, else its title year, else the most named year of its opening.

    ``None`` only when the text names no year at all.
    """
    head = text[:20000]
    m = _PERIOD.search(head)
    if m:
        return int(m.group(2))
    titles = Counter(int(m.group(1) or m.group(2)) for m in _TITLE_YEAR.finditer(text[:50000]))
    if titles:
        return titles.most_common(1)[0][0]
    covers = Counter(int(m.group(1) or m.group(2)) for m in _COVERS_YEAR.finditer(head))
    if covers:
        return covers.most_common(1)[0][0]
    years = Counter(int(y) for y in YEAR.findall(head))
    return years.most_common(1)[0][0] if years else None


# ----------------------------------------------------------------------------- candidates
_NAME = rf"[{UPPER}][\w&'’\-\.]*(?:[ \t]+(?:&[ \t]+)?[{UPPER}][\w&'’\-\.]*){{0,3}}"
_PUBLISHED_BY = re.compile(
    rf"\b(?:published|issued|prepared|presented|produced)\s+by\s+(?:the\s+)?({_NAME})"
    rf"|\b(?:this|the)\s+(?:\w+\s+){{0,5}}(?:report|information|review)\s+(?:of|from|by|for)\s+(?:the\s+)?({_NAME})"
    rf"|\b(?:this|the)\s+(?:report|information)\s+covers\s+(?:the\s+)?({_NAME})",
)
_POSSESSIVE = re.compile(rf"({_NAME})(?:['’]s\b|['’](?=\s))")
_TITLE_LINE = re.compile(
    rf"^[ \t#*]*(?:(?:19|20)\d\d[ \t]+)?({_NAME})[ \t]+(?:(?:19|20)\d\d[ \t]+)?{_REPORT_WORDS}\b[^\n]{{0,40}}$"
    rf"|^[ \t#*]*({_NAME})[ \t]*\n[ \t]*(?:(?:19|20)\d\d[ \t]+)?{_REPORT_WORDS}\b[^\n]{{0,40}}$",
    re.M,
)
_DOMAIN = re.compile(r"(?:\bwww\.|@|https?://(?:[\w\-]+\.)*)([a-z][a-z0-9\-]{2,40})\.(?:com|net|org|group|co|de|dk|ru|fr|it|es|nl|se|no|fi|ch|at|be|pl|cn|hk|jp|kr|in|au|ca|uk|us|io|biz|info|lu|br|mx|za|sg|my|id|tr)\b", re.I)
_COPYRIGHT = re.compile(rf"(?:©|\([cC]\)|\b[Cc]opyright\b)[ \t]*(?:(?:19|20)\d\d[ \t,]*)?(?:by[ \t]+)?({_NAME})")
# A credit line: the organisation after it took a photo, printed or designed the report.
CREDIT = re.compile(r"\b(?:photo(?:graph)?s?|photography|images?|pictures?|illustrations?|printed|printing|printer|designed|design|layout|typeset|cover\s+image|courtesy)\b[^\n.]{0,25}$"
                    r"|(?:^|\n)[ \t]*pp?\.[ \t]*\d+(?:[ \t]*[,–\-][ \t]*\d+)*[ \t]*:[ \t]*$", re.I)  # a credits list: 'p. 25, 28: X Inc.'

_SUBSIDIARY_BEFORE = re.compile(r"\b(?:subsidiar(?:y|ies)|affiliates?|joint\s+ventures?|associates?|brands?|segments?|divisions?)\b[^.\n]{0,30}$", re.I)
_SUBSIDIARY_AFTER = re.compile(r"^[ \t,]*(?:\(|,)?[ \t]*(?:an?|our|its)\s+(?:[\w\-]+\s+){0,2}(?:subsidiary|affiliate|joint\s+venture|division)\b", re.I)
# Names that are report words, frameworks or document parts, never a publisher.
_NOT_PUBLISHER = re.compile(
    r"^(?:the\s+)?(?:report|sustainability|esg|annual|climate|contents?|introduction|chapter|section|page|table|figure|appendix|annex|"
    r"gri|sasb|tcfd|issb|cdp|sbti|un|united\s+nations|global\s+compact|sdgs?|iso|ghg|co2|scope|board|ceo|cfo|chairman|"
    r"management|our|we|group|company|business|corporate|governance|environment(?:al)?|social|health|safety|people)$",
    re.I,
)
_COVER_CHARS = 3000
_DOUBT = 3.0  # the score of an unseen rival: about one title line and a few uses


@dataclass
class _Candidate:
    names: Counter[str] = field(default_factory=Counter)
    score: float = 0.0
    signals: Counter[str] = field(default_factory=Counter)


def _usable(name: str) -> bool:
    core = name.strip(" .,'’")
    if len(core) < 2 or not core[0].isupper() or core.lower() in SELF_REFERENCES or _NOT_PUBLISHER.match(core):
        return False
    if PLACE.fullmatch(core) or YEAR.fullmatch(core):
        return False
    first = core.split()[0].lower()
    return first not in ("the", "this", "our", "its", "dear", "in", "by", "for", "and", "of", "a", "an", "all", "as", "at")


class _Ballot:
    """Scores of candidate names, grouped by identity key."""

    def __init__(self, index: OrgIndex) -> None:
        self.index = index
        self.by_key: dict[str, _Candidate] = defaultdict(_Candidate)

    def key(self, name: str) -> str:
        return self.index.key_of(name)

    def vote(self, name: str, signal: str, weight: float) -> None:
        name = tidy_name(name.strip(" ,'’"))
        if name.endswith(".") and self.index.resolve(name) is None:
            name = name.rstrip(".")  # a sentence's full stop, unless the name is known with it ('Acme B.V.')
        if not _usable(name):
            return
        cand = self.by_key[self.key(name)]
        cand.names[name] += 1
        cand.signals[signal] += 1
        cand.score += weight


_WEIGHTS = {"defined": 8.0, "published": 5.0, "title": 2.0, "domain": 3.0, "copyright": 2.0, "stock": 4.0, "cover": 1.5}
_CAPS = {"defined": 2, "published": 2, "title": 6, "domain": 3, "copyright": 1, "stock": 1, "cover": 3}


def _domain_names(text: str) -> Counter[str]:
    """Labels of the web and e-mail domains the text names ('acme' of 'www.acme.com'), with counts."""
    return Counter(m.group(1).lower().replace("-", "") for m in _DOMAIN.finditer(text))


def _spelling_of(label: str, text: str) -> Counter[str]:
    """Capitalised spellings in ``text`` whose letters (folded, without spaces or hyphens) spell ``label``."""
    letters = [re.escape(c) for c in label]
    pattern = re.compile(r"(?<![\w])" + r"[ \-\.]?".join(letters) + r"(?![\w])", re.I)
    out: Counter[str] = Counter()
    for m in pattern.finditer(fold(text)):
        s = m.group(0)
        if s[0].isupper():
            out[s] += 1
    return out


def choose_reporter(doc: Doc, index: OrgIndex) -> tuple[str | None, float]:
    """The name of the organisation that publishes the report and how sure the choice is (0-1).

    Returns ``(None, 0.0)`` only for a text that names no candidate at all.
    """
    text = text_of(doc)
    ballot = _Ballot(index)
    # definitions: "(hereinafter "X" or "the Company")"
    self_defined: Counter[str] = doc.user_data.get("self_defined", Counter())
    for key, n in self_defined.items():
        org = index.by_key.get(index.alias_keys.get(key, key))
        if org is not None:
            for _ in range(min(n, _CAPS["defined"])):
                ballot.vote(org.name, "defined", _WEIGHTS["defined"])
    for m in _PUBLISHED_BY.finditer(text[:200_000]):
        ballot.vote(m.group(1) or m.group(2) or m.group(3), "published", _WEIGHTS["published"])
    titles: Counter[str] = Counter()
    for m in _TITLE_LINE.finditer(text):
        titles[(m.group(1) or m.group(2)).strip()] += 1
    for name, n in titles.items():
        for _ in range(min(n, _CAPS["title"])):
            ballot.vote(name, "title", _WEIGHTS["title"])
    for label, n in _domain_names(text).most_common(8):
        spellings = _spelling_of(label, text)
        if spellings:
            name = spellings.most_common(1)[0][0]
            for _ in range(min(n, _CAPS["domain"])):
                ballot.vote(name, "domain", _WEIGHTS["domain"])
    for m in _COPYRIGHT.finditer(text):
        ballot.vote(m.group(1), "copyright", _WEIGHTS["copyright"])
    mentions = doc.user_data.get("org_mentions", [])
    starts = [s for s, _, _ in mentions]
    for pos, _ in stock_listings(text)[:1]:
        i = bisect_left(starts, pos) - 1
        if i >= 0 and mentions[i][0] >= pos - 300:
            org = index.by_key.get(mentions[i][2])
            if org is not None:
                ballot.vote(org.name, "stock", _WEIGHTS["stock"])
    for s, _, key in mentions[: bisect_left(starts, _COVER_CHARS)]:
        org = index.by_key.get(key)
        if org is not None and ballot.by_key[key].signals["cover"] < _CAPS["cover"] and not CREDIT.search(text, max(0, s - 40), s):
            ballot.vote(org.name, "cover", _WEIGHTS["cover"])
    # possessives and plain use: how much the text talks about each candidate
    possessive = Counter(tidy_name(m.group(1)) for m in _POSSESSIVE.finditer(text))
    for key, cand in list(ballot.by_key.items()):
        if not cand.names:
            del ballot.by_key[key]
            continue
        surfaces = set(cand.names) | {n for n, k in ((n, ballot.key(n)) for n in possessive) if k == key}
        org = index.by_key.get(key)
        if org is not None:
            surfaces |= {org.name, *org.aliases}
        used, introduced = _uses(text, surfaces)
        own = sum(possessive[n] for n in surfaces)
        cand.score += 1.5 * math.log1p(used) + math.log1p(own)
        cand.score -= 4.0 * introduced
    # a possessive name used very often is a candidate even with no other signal ("Acme's" on every page)
    for name, n in possessive.most_common(5):
        if n >= 5 and _usable(name) and ballot.key(name) not in ballot.by_key:
            used, introduced = _uses(text, {name})
            cand = ballot.by_key[ballot.key(name)]
            cand.names[name] += 1
            cand.score += 1.5 * math.log1p(used) + math.log1p(n) - 4.0 * introduced
    _fold_short_into_full(ballot, index)
    if not ballot.by_key:
        return None, 0.0
    ranked = sorted(ballot.by_key.items(), key=lambda kv: kv[1].score, reverse=True)
    best_key, best = ranked[0]
    second = ranked[1][1].score if len(ranked) > 1 else 0.0
    # a lone candidate with little evidence is not a sure one: the runner-up counts as at least _DOUBT
    confidence = best.score / (best.score + max(second, _DOUBT)) if best.score > 0 else 0.0
    org = index.by_key.get(best_key)
    name = org.name if org is not None else _as_written(max(best.names, key=lambda n: (best.names[n], len(n))), text)
    return name, round(confidence, 3)


def _as_written(name: str, text: str) -> str:
    """The spelling the text uses most for ``name`` in running prose ('ArcelorMittal', not the title line's
    'ARCELORMITTAL' or its title-cased 'Arcelormittal')."""
    pattern = re.compile(r"(?<![\w])" + r"\s+".join(re.escape(w) for w in name.split()) + r"(?![\w])", re.I)
    spellings = Counter(m.group(0) for m in pattern.finditer(text) if not m.group(0).isupper())
    return spellings.most_common(1)[0][0] if spellings else name


def _uses(text: str, surfaces: set[str]) -> tuple[int, float]:
    """How often a candidate's names are used, and the share of those uses (names of three or more
    characters) that the text introduces as someone's subsidiary, segment or brand: one pass."""
    names = [s for s in surfaces if len(s) >= 2 and s.lower() not in SELF_REFERENCES]
    if not names:
        return 0, 0.0
    pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?![\w])")
    used = total = sub = 0
    for m in pattern.finditer(text):
        used += 1
        if len(m.group(0)) < 3:
            continue
        total += 1
        if _SUBSIDIARY_BEFORE.search(text, max(0, m.start() - 40), m.start()) or _SUBSIDIARY_AFTER.match(text[m.end(): m.end() + 60]):
            sub += 1
    return used, (sub / total if total else 0.0)


def _fold_short_into_full(ballot: _Ballot, index: OrgIndex) -> None:
    """A name without a legal form ('Acme') joins the candidate of a fuller name holding its words
    ('Acme Holdings plc', 'A.B. Acme - Acme Holding A/S'), when that name is a candidate too."""
    keys = list(ballot.by_key)
    for short in keys:
        sw = set(short.split())
        if not sw or (short in index.by_key and _has_legal_form(index.by_key[short].name)):
            continue  # already a full name
        fuller = [k for k in keys if k != short and k in ballot.by_key and sw < set(k.split()) and k in index.by_key and _has_legal_form(index.by_key[k].name)]
        if len(fuller) == 1 and short in ballot.by_key:
            into = ballot.by_key[fuller[0]]
            cand = ballot.by_key.pop(short)
            into.score += cand.score
            into.names.update(cand.names)
            into.signals.update(cand.signals)


def _has_legal_form(name: str) -> bool:
    return strip_legal_form(name) != name.strip()


# ----------------------------------------------------------------------------- the component
@Language.factory("esg_company", default_config={"min_short_form_mentions": 2, "company": None, "year": None})
def make_company_reader(nlp: Language, name: str, min_short_form_mentions: int, company: str | None, year: int | None) -> "CompanyReader":
    """spaCy factory of :class:`CompanyReader`; ``company`` / ``year`` override what the text says."""
    return CompanyReader(min_short_form_mentions, company, year)


class CompanyReader:
    """Fill ``facts.company`` (name, aliases, stock listings, confidence) and ``facts.report_year``.

    ``company`` and ``year``, when given, are taken as the reporting company and report year
    instead of reading them (``esgkg build --company NAME --year YYYY``).
    """

    def __init__(self, min_short_form_mentions: int = 2, company: str | None = None, year: int | None = None) -> None:
        self.min_short_form_mentions = min_short_form_mentions
        self.company = company
        self.year = year

    def __call__(self, doc: Doc) -> Doc:
        from .orgs import reporter_short_forms

        index = orgs(doc)
        f = facts(doc)
        text = text_of(doc)
        f.report_year = self.year or report_year(text)
        if self.company:
            name, confidence = self.company, 1.0
        else:
            name, confidence = choose_reporter(doc, index)
        if name is None:
            return doc
        org = index.resolve(name) or index.add(name)
        index.set_reporter(org)
        reporter_short_forms(doc, index, org, self.min_short_form_mentions)
        company = ReportingCompany(name=org.name, aliases=org.aliases, confidence=confidence)
        for pos, listing in stock_listings(text):
            company.listings.append(listing)
            if company.evidence is None:
                company.evidence = evidence(doc, sentence_at(doc, pos))
        f.company = company
        return doc
