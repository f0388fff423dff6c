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
from functools import lru_cache
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Organization, ReportingCompany, StockListing
from .base import OrgIndex, evidence, facts, orgs, sentence_at, text_of
from .base import ASSIGNS, REQUIRES, require, rules_only  # declared attributes and the call-time check (issue 20)
from .legal_forms import strip_legal_form
from .mentions.legal import is_word_char
from .mentions.names import starts_like_name
from .patterns import lexicon
from .places import PLACE
from .tables import paragraphs
from .text import ORG_NAME, QUOTED, SELF_REFERENCES, UPPER, YEAR, fold, name_key, tidy_name

# ----------------------------------------------------------------------------- stock codes
# A Hong Kong code is one to five digits, often printed without its leading zeros ('Stock Code: 5', '(Stock
# code: 981)'): a code of fewer than four digits is read only right after the label and its colon.
# Every alternative starts with an 's' or a digit: the look-ahead (same flags, so the same case folding) lets a
# position that starts none fail at one character class instead of four alternatives.
_STOCK_CODE = re.compile(
    r"(?=[s\d])(?:(?:stock|share|securities)\s+code[s]?(?:\s+(?:for|of)\s+(?:the\s+|our\s+)?[ABH][ \t]+shares?)?\s*(?:is|was|of)?\s*[:：]?\s*[\"“'‘]?\s*(\d{4,6})(?!\d)(?:\s*\.\s*(SZ|SH|SS|HK|BJ))?"
    r"|\b(\d{6})\s*\.\s*(SZ|SH|SS|BJ)\b|\b(\d{4,5})\s*\.\s*(HK)\b"
    r"|(?:stock|share)\s+code\s*[:：]\s*(\d{1,3})(?![\d.,%]))",
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
    "TSXV": "TSX Venture Exchange", "BIT": "Borsa Italiana", "BME": "Bolsa de Madrid",
    "SSE": "Shanghai Stock Exchange", "SZSE": "Shenzhen Stock Exchange", "HKSE": "Hong Kong Stock Exchange",
    "MTA": "Borsa Italiana", "Borsa Italiana": "Borsa Italiana", "Euronext Milan": "Borsa Italiana",
}
_CASED_CODES = lexicon("cased_exchange_codes")  # patterns/lexicon.jsonl: read in capitals only ("a bit")
# Exchanges of numeric codes write them the same way ('SEHK: 981', 'SSE STAR Market: 688001', 'TSE: 7203').
# A ticker may carry a class or unit suffix after a stop ('TSX: ACM.UN', 'BRK.B') or a class letter after a space
# ('Nasdaq Copenhagen: MAERSK B'); the suffix is read in capitals only ('NYSE: ACM is ...' is the code 'ACM').
# The look-ahead in front: a position that opens no alternative (no bracket, no word start with a first letter
# of 'ticker', 'stock', 'trading', 'under' or an exchange code) fails at one test instead of some forty.
_TICKER = re.compile(
    r"(?=\(|\b[tsu" + "".join(sorted({c[0].lower() for c in _EXCHANGE_CODES})) + r"])"
    r"(?:\b(?:ticker(?:\s+symbol)?|stock\s+symbol|trading\s+symbol|under\s+the\s+symbol)\s*(?:is\s+)?[:：]?\s*[\"“]?([A-Z][A-Z0-9]{0,5}(?-i:\.[A-Z]{1,2})?)\b"
    r"|\b(" + "|".join(f"(?-i:{c})" if c in _CASED_CODES else c for c in sorted(_EXCHANGE_CODES, key=len, reverse=True))
    + r")(?:\s+[A-Z][a-z]+){0,2}\s*[:：]\s*([A-Z][A-Z0-9]{0,5}(?-i:\.[A-Z]{1,2}|[ ][A-Z])?|\d{1,6}(?![\d%]|[.,]\d))\b"
    # a Canadian trust's units in a parenthesis without the exchange ('listed on the TSX (ACM.UN)')
    r"|\((?-i:([A-Z]{1,5}\.UN))\))",
    re.I,
)
_EXCHANGES = [
    (re.compile(r"Shenzhen\s+Stock\s+Exchange|\bSZSE\b|ChiNext|\bGEM\b", re.I), "Shenzhen Stock Exchange"),
    (re.compile(r"Shanghai\s+Stock\s+Exchange|\bSSE\b|STAR\s+Market", re.I), "Shanghai Stock Exchange"),
    (re.compile(r"Hong\s+Kong\s+Stock\s+Exchange|Stock\s+Exchange\s+of\s+Hong\s+Kong|\bHKEX\b|Main\s+Board\s+of\s+the\s+Hong\s+Kong", re.I), "Hong Kong Stock Exchange"),
    (re.compile(r"Beijing\s+Stock\s+Exchange|\bBSE\b", re.I), "Beijing Stock Exchange"),
    (re.compile(r"Borsa\s+Italiana|Euronext\s+Milan|Italian\s+Stock\s+Exchange|\bMTA\b"), "Borsa Italiana"),
    (re.compile(r"\bNYSE\b"), "New York Stock Exchange"),
    (re.compile(r"\bTSX\b(?![ \t]*V)"), "Toronto Stock Exchange"),
    (re.compile(r"\bNasdaq\b|\bNASDAQ\b"), "Nasdaq"),
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
    ("stock code: 601999", "0700.HK") and letter tickers ("ticker: ACM", "(LSE: ACM)").

    The company reader asks twice per document (the stock-code vote and the listings it keeps): the answer of
    the last few texts is kept (a bounded cache, so a worker keeps no more than four texts alive)."""
    return [(pos, StockListing(code=listing.code, exchange=listing.exchange)) for pos, listing in _stock_listings(text)]


@lru_cache(maxsize=4)
def _stock_listings(text: str) -> tuple[tuple[int, StockListing], ...]:
    """:func:`stock_listings`, computed once per text (see there)."""
    out: list[tuple[int, StockListing]] = []
    seen: set[str] = set()
    fallback: str | None = None
    for m in _STOCK_CODE.finditer(text):
        code = m.group(1) or m.group(3) or m.group(5) or m.group(7)
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
        code = (m.group(1) or m.group(3) or m.group(4) or "").strip()
        if not code or not (code.isupper() or code.isdigit()) or code.lower() in ("is", "the"):
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
    return tuple(out)


# ----------------------------------------------------------------------------- report year
_COVER_CHARS = 3000
_PERIOD = re.compile(
    r"(?:from|period\s+(?:of|from)?|covers?)\s+[^.\n]{0,40}?((?:19|20)\d\d)\s*(?:to|-|–|until|through)\s+[^.\n]{0,30}?((?:19|20)\d\d)",
    re.I,
)
_REPORT_WORDS = (r"(?i:Environmental,?\s+Social\s+and\s+(?:Corporate\s+)?Governance|ESG|Sustainability|Sustainable\s+Development|"
                 r"Corporate\s+(?:Social\s+)?Responsibility|CSR|Climate(?:\s+Action)?|TCFD|Integrated|Annual|Impact|Non-?financial)")
_DOC_NOUN = r"(?:Report|Information|Review|Statement|Plan|Disclosures?|Update)"
_TITLE_YEAR = re.compile(rf"((?:19|20)\d\d)\s*(?:Annual\s+)?{_REPORT_WORDS}\s+(?:Transition\s+)?(?:Action\s+)?(?:Disclosure\s+)?{_DOC_NOUN}"
                         rf"|{_REPORT_WORDS}\s+(?:Transition\s+)?(?:Action\s+)?{_DOC_NOUN}\s*((?:19|20)\d\d)\b"
                         r"|^[ \t]*(?:TCFD|ESG|CSR)\s+((?:19|20)\d\d)[ \t]*$", re.I | re.M)
_COVERS_YEAR = re.compile(r"\b(?:calendar|financial|fiscal|reporting)\s+year\s+(?:of\s+|ended\s+[^.\n]{0,20}?)?((?:19|20)\d\d)|\byear\s+ended\s+[^.\n]{0,20}?((?:19|20)\d\d)", re.I)
_COVER_DATE = re.compile(r"^[ \t]*(?:\d{1,2}\s+)?(January|February|March|April|May|June|July|August|September|October|November|December)\s+((?:19|20)\d\d)[ \t]*$", re.M)
_NOT_COVERED = re.compile(r"(?:\bby|\bto|\buntil|\bbefore|\bthrough|[–\-])\s*$", re.I)
_FIRST_HALF = lexicon("first_half_months")  # patterns/lexicon.jsonl
# A fiscal year that ends in January or February lies almost wholly in the calendar year before the one
# it is named after ('fiscal 2022' = February 2021 - January 2022): such a report covers that calendar
# year.  'fi\s?scal': a text layer may split the 'fi' ligature from the rest of the word.
_FISCAL = r"(?:fi\s?scal|financial)"
_EARLY_FISCAL_END = re.compile(rf"\b{_FISCAL}\s+year\s+(?:ends|ended|ending|closes|runs\s+to)\s+(?:on\s+)?(?:the\s+)?"
                               r"(?:(?:last\s+day\s+of\s+)?(?:January|February)\b|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:January|February)\b)", re.I)
_FISCAL_BEFORE = re.compile(rf"(?:\b{_FISCAL}(?:\s+year)?|\bFY)\s*$|\b(?:ending|ended)\s+(?:January|February)\s+\d{{1,2}},?\s*$", re.I)


def _title_years(text: str) -> list[int]:
    return [int(m.group(1) or m.group(2) or m.group(3)) for m in _TITLE_YEAR.finditer(text)]


def report_year(text: str, running: Sequence[str] = ()) -> int | None:
    """The year a report covers, as analysts read it.

    In order: the year of the cover's title ('Sustainability Report 2024', 'Our 2023 Climate Action
    Plan'); the title year of a running header or footer (``running``: the lines a PDF reader drops
    as page furniture, ``Document.running_lines``: 'Acme plc | TCFD Report 2024' on every page); a
    year alone on a cover line; a stated period; the title year the text repeats; the financial or
    reporting year it names; the cover's date of publication ('April 2021': a report published in
    the first half of a year covers the year before); else the year the opening names most, target
    years ('by 2030') aside.  ``None`` only when the text names no year at all.
    """
    cover = text[:_COVER_CHARS]
    titles = _title_years(cover) or _title_years("\n".join(" ".join(_SEPARATOR.split(ln)) for ln in running))
    if titles:
        return titles[0]
    lines = [ln.strip() for ln in cover.splitlines() if ln.strip()][:6]
    for ln in lines:  # the cover's year: alone on a line, or opening the title ('2024 Managing Climate Risk')
        lone = re.fullmatch(r"((?:19|20)\d\d)(?:\s+[A-Z][a-z]+(?:[ \-][A-Za-z\-](?:[A-Za-z\-]| (?=[A-Za-z\-]))*)?)?", ln)
        if lone:
            return int(lone.group(1))
    head = text[:20000]
    m = _PERIOD.search(head)
    if m:
        return int(m.group(2))
    titles = _title_years(text[:50000])
    if titles:
        return Counter(titles).most_common(1)[0][0]
    covers = Counter(int(m.group(1) or m.group(2)) for m in _COVERS_YEAR.finditer(head))
    if covers:
        return covers.most_common(1)[0][0]
    dated = _COVER_DATE.search(cover)
    if dated:
        return int(dated.group(2)) - (dated.group(1) in _FIRST_HALF)
    early = _EARLY_FISCAL_END.search(head) is not None

    def calendar(m: re.Match[str]) -> int:  # 'fiscal 2022' of a year ending in January is 2021
        return int(m.group(0)) - (early and _FISCAL_BEFORE.search(head, max(0, m.start() - 25), m.start()) is not None)

    years = Counter(calendar(m) for m in YEAR.finditer(head) if not _NOT_COVERED.search(head, max(0, m.start() - 10), m.start()))
    if not years:
        years = Counter(calendar(m) for m in YEAR.finditer(head))
    return years.most_common(1)[0][0] if years else None


# ----------------------------------------------------------------------------- candidates
_QUOTES = "\"“”‘’「」"
_NAME = rf"[{UPPER}][\w&'’\-\.]{{0,60}}(?:[ \t]+(?:&[ \t]+)?[{UPPER}][\w&'’\-\.]{{0,60}}){{0,3}}"  # words bounded: linear search
_PUBLISHED_BY = re.compile(
    rf"\b(?:published|issued|prepared|presented|produced)\s+by\s+(?:the\s+)?({_NAME})"
    rf"|\b(?:this|the)\s+(?:\w+\s+){{0,5}}(?:report|information|review)\s+(?:of|from|by|for)\s+(?:the\s+)?({_NAME})"
    rf"|\b(?:this|the)\s+(?:report|information)\s+covers\s+(?:the\s+)?({_NAME})",
)
# A prospectus or bond document names its issuer on the cover ('Issuer: Acme Co., Ltd.') or in a definitions
# table ('Issuer, the Company  means  Acme Co., Ltd.'); any report may define its publisher in a parenthesis
# without quotes ('Acme Energy Corporation (Acme, the Company or we)', 'Acme Co., Ltd. (the Issuer)').
_ISSUER = re.compile(rf"\bIssuer[ \t]*[:：][ \t]*({_NAME})")
# ... and may set a short parenthesis between the name and its definition ('Acme Corp. (NYSE: ACM) (Acme or the Company)')
_DEFINED_AS = re.compile(rf"(?<![\w&'’\-\.])({_NAME})[^()\n]{{0,40}}(?:\([^()\n]{{1,30}}\)[ \t]{{0,3}})?\(([^()\n]{{1,100}})\)")  # from a word's start: linear
_SELF_ITEM = re.compile(r"(?:hereinafter\s+(?:referred\s+to\s+as\s+)?)?(?:the\s+)?[\"“‘']?(?:Company|Group|Issuer|Corporation|REIT)[\"”’']?", re.I)
# A definitions glossary row, its terms in the first cell and the definition after a tab, a run of spaces, a colon,
# 'means' / 'refers to' (a cell of its own, on a line of its own when a PDF sets the cells one under the other) or,
# after quoted terms, a line break (or a blank line: pdftotext sets each cell of a table as a paragraph of its own):
# '"Company", "our Company" or "the Company"<TAB>Acme Microchip Co., Ltd., a joint stock company incorporated in ...'
_GLOSSARY_ROW = re.compile(
    r"^[ \t•\-*]*([^\n\t]{1,160}?)[ \t]*([ \t\n]{0,4}(?i:means|shall\s+mean|refers\s+to)[ \t\n]{1,4}|\t|[ \t]{2,}|[:：]|\n(?:[ \t]*\n)?)[ \t]*(?:the[ \t]+)?", re.M)
_GLOSSARY_CHARS = 800_000
_TERM_ITEMS = re.compile(r"[,;/]|\bor\b|\band\b")  # items are stripped after the split
_SELF_TERMS = SELF_REFERENCES | {"issuer", "the issuer", "our issuer", "reit", "the reit", "our reit"}


def _defined_publishers(text: str) -> Counter[str]:
    """Names a report defines as itself outside the quoted '(hereinafter "X" or "the Company")' the
    organisation index reads: an issuer line, and a parenthesis whose items (split at commas, semicolons and
    'or') include 'the Company', 'the Group' or 'the Issuer' (a glossary's rows: :func:`_glossary_publishers`)."""
    out: Counter[str] = Counter()
    for m in _ISSUER.finditer(text):
        out[tidy_name(m.group(1).strip(" ,'’"))] += 1
    # A match of _DEFINED_AS lies within one line (no part of it crosses a line break) and counts only when its
    # parenthesis names a self term, so only lines with a '(' and such a word are read: the same matches, found
    # without trying a name at every word of the text.
    for start, end in _lines_with(text, _SELF_WORDS):
        for m in _DEFINED_AS.finditer(text, start, end):
            items = re.split(r"\s*[,;]\s*|\s+or\s+|\s+and\s+", m.group(2).strip())
            if any(_SELF_ITEM.fullmatch(item.strip()) for item in items):
                out[tidy_name(m.group(1).strip(" ,'’"))] += 1
    return out


_SELF_WORDS = lexicon("self_item_words")  # patterns/lexicon.jsonl


def _lines_with(text: str, words: Iterable[str]) -> list[tuple[int, int]]:
    """The (start, end) character offsets, in text order, of the lines holding a '(' and one of ``words``
    (lower-case; any case in the text). Linear: one ``str.find`` walk per word over the lower-cased text."""
    lower = _lowered(text)
    if lower is None:  # a letter whose lower case is longer ('İ'): offsets would shift, read every line
        return [(0, len(text))]
    starts: set[int] = set()
    for word in words:
        i = lower.find(word)
        while i >= 0:
            starts.add(lower.rfind("\n", 0, i) + 1)
            nl = lower.find("\n", i)
            i = lower.find(word, i + 1) if nl < 0 else lower.find(word, nl)
    out = []
    for start in sorted(starts):
        end = lower.find("\n", start)
        end = len(lower) if end < 0 else end
        if lower.find("(", start, end) >= 0:
            out.append((start, end))
    return out


def _glossary_publishers(text: str) -> list[str]:
    """The names a definitions glossary gives for its self-referring terms: a row whose quoted terms include
    "Company", "the Company", "the Issuer" or "the REIT" (quoted, or unquoted before a tab, a colon or 'means')
    defines the name that opens its definition ('Issuer, the Company, Acme  refers to  Acme Co., Ltd.')."""
    out = []
    for m in _GLOSSARY_ROW.finditer(text):
        if not m.group(2).strip() and "\n" in m.group(2) and not QUOTED.search(m.group(1)):
            continue  # a line break after unquoted words is no table's cell boundary
        terms = [t.strip(" " + _QUOTES + "'").lower() for t in _TERM_ITEMS.split(m.group(1))]
        if not any(t in _SELF_TERMS for t in terms):
            continue
        name = ORG_NAME.match(text, m.end())
        if name is None:  # a name without a legal form must be no row of ordinary words ('Both companies ...')
            name = _NAME_AT.match(text, m.end())
            if name is None or not _name_like(name.group(0)) or not _usable(name.group(0)):
                continue
        out.append(tidy_name(name.group(0).strip(" ,'’")))
    return out


def _glossary_column_publishers(text: str) -> list[str]:
    """The names a glossary set column by column defines for its self-referring terms: a PDF reader gives a
    two-column table as its first column's cells (the quoted terms), then its second's (the definitions), each
    cell a paragraph, or a line when no blank line parts them.  In a run of term cells, the i-th names 'the
    Company' / 'the Issuer'; the i-th cell of the run of definitions that follows opens with the name it defines.
    Read only when both runs have as many cells, so that no definition is paired with another row's term."""
    out: list[str] = []
    by_paragraph = [_stripped(text, start, end) for start, end, _ in paragraphs(text)]
    for cells in (by_paragraph, _lines(text)):
        terms = [_term_cell(text, start, end) for start, end in cells]
        i = 0
        while i < len(cells):
            if not terms[i]:
                i += 1
                continue
            j = i
            while j < len(cells) and terms[j]:
                j += 1
            k = j
            while k < len(cells) and not terms[k] and k - j < j - i:
                k += 1
            if j - i >= 2 and k - j == j - i and (k == len(cells) or terms[k] or cells[k][0] - cells[k - 1][1] > 2
                                                 or text[cells[k][0]:cells[k][1]].isupper()):
                for n in range(j - i):
                    start, end = cells[i + n]
                    items = [t.strip(" " + _QUOTES + "'").lower() for t in _TERM_ITEMS.split(text[start:end])]
                    if any(t in _SELF_TERMS for t in items):
                        name = ORG_NAME.match(text, cells[j + n][0])
                        if name is not None:
                            out.append(tidy_name(name.group(0).strip(" ,'’")))
            i = k
    return out


def _stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """(start, end) of ``text[start:end]`` without the white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text's lines that are not blank, white space at either end not counted."""
    out = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        start, stop = _stripped(text, pos, end)
        if stop > start:
            out.append((start, stop))
        pos = end + 1
    return out


def _term_cell(text: str, start: int, end: int) -> bool:
    """A glossary's term cell: up to 160 characters that open and close with a quote ('"Company", "our Company"
    or "the Company"'), on one line."""
    return (end - start <= 160 and text[start] in _QUOTES and text[end - 1] in _QUOTES
            and text.find("\n", start, end) < 0)


_NAME_AT = re.compile(_NAME)
_POSSESSIVE = re.compile(rf"(?<![\w&'’\-\.])({_NAME})(?:['’]s\b|['’](?=\s))")  # from a word's start only: linear time
_TITLE_LINE = re.compile(
    rf"^[ \t#*]*(?:(?:19|20)\d\d[ \t]+)?({_NAME})[ \t]+(?:(?:19|20)\d\d[ \t]+)?{_REPORT_WORDS}\b[^\n]{{0,40}}$"
    rf"|^[ \t#*]*({_NAME})[ \t]*\n[ \t]*(?:(?:19|20)\d\d[ \t]+)?{_REPORT_WORDS}\b[^\n]{{0,40}}$",
    re.M,
)
_DOMAIN = re.compile(r"(?:\bwww\.|@|https?://(?:[\w\-]+\.)*|(?<![\w.@/\-]))([a-z][a-z0-9\-]{2,40})\.(?:com|net|org|group|co|de|dk|ru|fr|it|es|nl|se|no|fi|ch|at|be|pl|cn|hk|jp|kr|in|au|ca|uk|us|io|biz|info|lu|br|mx|za|sg|my|id|tr)\b(/[\w\-])?", re.I)
_COPYRIGHT = re.compile(rf"(?=[©(Cc])(?:©|\([cC]\)|\b[Cc]opyright\b)[ \t]*(?:(?:19|20)\d\d[ \t,]*)?(?:by[ \t]+)?({_NAME})")  # look-ahead: one test per position
# A credit line: the organisation after it took a photo, printed or designed the report.
CREDIT = re.compile(r"\b(?:photo(?:graph)?s?|photography|images?|pictures?|illustrations?|printed|printing|printer|designed|design|layout|typeset|cover\s+image|courtesy)\b[^\n.]{0,25}$"
                    r"|(?:^|\n)[ \t]*pp?\.[ \t]*\d+(?:[ \t]*[,–\-][ \t]*\d+)*[ \t]*:[ \t]*$", re.I)  # a credits list: 'p. 25, 28: X Inc.'

_SUBSIDIARY_BEFORE = re.compile(r"\b(?:subsidiar(?:y|ies)|affiliates?|joint\s+ventures?|associates?|brands?|segments?|divisions?)\b[^.\n]{0,30}$", re.I)
_SUBSIDIARY_AFTER = re.compile(r"^[ \t,]*(?:\([ \t]*)?(?:(?:is|was|became|remains)\s+(?:now\s+)?)?(?:an?|our|its)\s+(?:[\w\-]+\s+){0,2}(?:subsidiary|affiliate|joint\s+venture|division)\b", re.I)
# Names that are report words, frameworks or document parts, never a publisher.
_NOT_PUBLISHER = lexicon("not_publisher_names")  # patterns/lexicon.jsonl


def _not_publisher(name: str) -> bool:
    """``name`` (one final line break aside) is one of the names that are no publisher, alone or after 'the'."""
    low = (name[:-1] if name.endswith("\n") else name).lower()
    candidates = [low] + ([low[3:].lstrip()] if low[:3] == "the" and low[3:4].isspace() else [])
    return any(c == c.strip() and " ".join(c.split()) in _NOT_PUBLISHER for c in candidates)


_DOUBT = 3.0  # the score of an unseen rival: about one title line and a few uses

# ----------------------------------------------------------------------------- third parties by their role
# A listing document's cover and glossary, and a report's back pages, name the firms that serve the issuer by
# their role: under a heading ('Joint Sponsors', 'Legal Advisers'), after a label ('Auditor: X'), or right after
# the name ('X, one of the Joint Global Coordinators', 'X (the Manager)').  Such a firm is not the publisher.
_ROLE = "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(lexicon("third_party_roles"), key=len, reverse=True)) + ")"
ROLE_WORD = re.compile(rf"(?<![\w])(?i:{_ROLE})(?![\w])")
# words a heading of roles may hold besides the roles ('Joint Sponsors and Joint Lead Managers', 'Legal Advisers to
# the Company as to PRC law'); a heading is short, so a few other words are allowed too
_HEADING_FILLERS = lexicon("role_heading_fillers")  # patterns/lexicon.jsonl
_ROLE_VERB = r"(?:is|was|are|were|as|being|acting\s+as|acts\s+as)[ \t]+"
_ROLE_AFTER = re.compile(rf"[ \t]*(?:[,(–—\-][ \t]*(?:{_ROLE_VERB})?|{_ROLE_VERB})(?:one[ \t]+of[ \t]+)?"
                         rf"(?:(?:the|our|its)[ \t]+)?(?:(?:joint|sole|independent|external|statutory|principal)[ \t]+)?(?i:{_ROLE})(?![\w])", re.I)
_ROLE_BY = re.compile(r"\b(?:audited|underwritten|assured|verified|valued)\s+by\s+(?:the\s+)?$", re.I)


def _role_heading(line: str) -> bool:
    """Whether a line is a heading of third-party roles only ('Joint Global Coordinators and Joint Bookrunners')."""
    if not ROLE_WORD.search(line) or len(line) > 120:
        return False
    rest = [w for w in re.findall(r"[^\W\d_]+|&|/", ROLE_WORD.sub(" ", line).lower()) if w not in _HEADING_FILLERS]
    return len(rest) <= 2 and not re.search(r"[.;!?]\s*$", line.strip())


_INCORPORATED = re.compile(r"\([ \t]*(?:(?:an?|the)[ \t]+)?(?:[\w\-]+[ \t]+){0,4}?(?:incorporated|established|registered|organi[sz]ed|continued)[ \t]+"
                           r"(?:in|under)\b", re.I)


def _incorporated_after(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` is followed, before any other Latin word (blank lines and a name in a caseless
    script such as Chinese may come between), by a parenthesis that says where it was incorporated."""
    window = text[end:end + 200]
    paren = window.find("(")
    if paren < 0 or re.search(r"[A-Za-z]", window[:paren]) or window.count("\n", 0, paren) > 3:
        return False
    return _INCORPORATED.match(window, paren) is not None


def _name_before_code(text: str, pos: int) -> str | None:
    """The name a stock code is printed right after, on its own line ('Acme Properties REIT (TSX: ACM.UN)',
    'ACME ENERGY (NYSE: ACM)'): one to six capitalised words (connectors between them) that open the line and end
    at the parenthesis holding the code; None when the line holds anything else before it."""
    line = text.rfind("\n", 0, pos) + 1
    before = text[line:pos]
    paren = before.rfind("(")
    if paren < 0 or before[paren + 1:].strip():
        return None
    words = before[:paren].split()
    if not 1 <= len(words) <= 6 or not starts_like_name(words[0]) or not starts_like_name(words[-1]):
        return None
    if not all(starts_like_name(w) or w.lower() in ("of", "and", "&", "de", "du", "di") for w in words):
        return None
    return " ".join(words)


def _cover_head(text: str, start: int, end: int) -> str | None:
    """The first words of a cover's name that the layout put on the line above ('HARBOURVIEW PROPERTIES' over 'REAL
    ESTATE INVESTMENT TRUST'): the name (``text[start:end]``) is a line of its own, and the line above is one to
    four words in the same case as the name (capitals over capitals, or capitalised words over capitalised words),
    no year, no sentence."""
    line = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if text[line:start].strip() or line <= 1 or "\n" in text[start:end] or text[end:line_end if line_end >= 0 else len(text)].strip():
        return None
    above = text[text.rfind("\n", 0, line - 1) + 1: line - 1].strip()
    words = above.split()
    if not 1 <= len(words) <= 4 or any(c in above for c in ".,:;!?()\t") or any(YEAR.fullmatch(w) for w in words):
        return None
    name_caps = text[start:end].isupper()
    if name_caps != above.isupper() or not all(starts_like_name(w) for w in words):
        return None
    if re.search(_REPORT_WORDS, above) or _not_publisher(above) or ROLE_WORD.search(above):
        return None
    return above


def third_party_mentions(text: str, mentions: Sequence[tuple[int, int, str]]) -> set[int]:
    """Indices of the organisation mentions that the text gives in a third party's role: under a heading of
    roles (through the list of names that follows it), after a role label on the same line, after 'audited by',
    or followed by the role itself ('X, one of the Joint Sponsors', 'X (the Manager)', 'X, legal advisers to')."""
    out: set[int] = set()
    starts = [s for s, _, _ in mentions]
    for i, (start, end, _) in enumerate(mentions):
        line_start = text.rfind("\n", 0, start) + 1
        prefix = text[line_start:start]
        if _ROLE_AFTER.match(text, end, end + 80) or _ROLE_BY.search(text, max(0, start - 40), start):
            out.add(i)
        elif prefix.strip(" \t•*-#") and re.search(r"[:：\t][ \t]*$", prefix) and len(prefix) <= 80 and _role_heading(prefix.rstrip(" \t:：")):
            out.add(i)
        elif not prefix.strip(" \t•*-#") and _under_role_heading(text, line_start, starts, mentions):
            out.add(i)
    return out


def _under_role_heading(text: str, line_start: int, starts: list[int], mentions: Sequence[tuple[int, int, str]]) -> bool:
    """Whether the line at ``line_start`` is in a list of names under a heading of roles: the lines above it, up to
    the heading, are blank or hold names only (at most eight lines up); ``starts`` are the mentions' start offsets."""
    end = line_start - 1
    for _ in range(8):
        if end < 0:
            return False
        begin = text.rfind("\n", 0, end) + 1
        line = text[begin:end].strip(" \t•*-#")
        if line:
            if _role_heading(line):
                return True
            if not _names_only(text, begin, end, starts, mentions):
                return False
        end = begin - 1
    return False


def _names_only(text: str, begin: int, end: int, starts: list[int], mentions: Sequence[tuple[int, int, str]]) -> bool:
    """Whether ``text[begin:end]`` (a line) holds organisation names and nothing else but separators."""
    rest, at, i = [], begin, bisect_left(starts, begin)
    while i < len(mentions) and mentions[i][0] < end:
        rest.append(text[at:mentions[i][0]])
        at = max(at, mentions[i][1])
        i += 1
    if at == begin:
        return False
    rest.append(text[at:end])
    return len(re.sub(r"[\s•*#,;&/\-]|\band\b", "", "".join(rest))) <= 3


@dataclass
class _Candidate:
    names: Counter[str] = field(default_factory=Counter)
    score: float = 0.0
    signals: Counter[str] = field(default_factory=Counter)


def _usable(name: str, lower_ok: bool = False) -> bool:
    core = name.strip(" .,'’")
    if len(core) < 2 or not (core[0].isupper() or lower_ok and core.isalpha()) or core.lower() in SELF_REFERENCES or _not_publisher(core):
        return False
    if PLACE.fullmatch(core) or YEAR.fullmatch(core) or PLACE.fullmatch(strip_legal_form(core)):
        return False  # a place, or a place and a legal form only: a longer name cut short ('The Exchange of Hong Kong Limited')
    first = core.split()[0].lower()
    return first not in ("the", "this", "our", "its", "dear", "in", "by", "for", "and", "of", "a", "an", "all", "as", "at")


class _Ballot:
    """Scores of candidate names, grouped by identity key."""

    def __init__(self, index: OrgIndex) -> None:
        self.index = index
        self.by_key: dict[str, _Candidate] = defaultdict(_Candidate)

    def key(self, name: str) -> str:
        return self.index.key_of(name)

    def vote(self, name: str, signal: str, weight: float, lower_ok: bool = False) -> None:
        name = tidy_name(name.strip(" ,'’"))
        if name.endswith(".") and self.index.resolve(name) is None:
            name = name.rstrip(".")  # a sentence's full stop, unless the name is known with it ('Acme B.V.')
        if not _usable(name, lower_ok):
            return
        cand = self.by_key[self.key(name)]
        cand.names[name] += 1
        cand.signals[signal] += 1
        cand.score += weight


# A running header's parts: 'Acme Asset Management | 2020 Annual Report', 'Update on TCFD — Strategy'.
_SEPARATOR = re.compile(r"(?<![ \t])[ \t]*[|•·][ \t]*|(?<![ \t])[ \t]+[–—/][ \t]+")  # from a run's start: linear
_TITLE_PART = re.compile(rf"{_REPORT_WORDS}|\b(?i:Report|Review|Statement|Plan|Disclosures?|Update)\b")
_NAME_PART = re.compile(rf"(?:The[ \t]+)?({_NAME})")


def running_names(lines: Sequence[str], index: OrgIndex, text: str) -> list[str]:
    """Names a report's running headers and footers give as its title's (``Document.running_lines``).

    A running line that is a title names its publisher as a cover title line does ('Acme Climate
    Report 2024'), or beside it ('Acme Asset Management | 2020 Annual Report': a part that is a name
    the text uses, not of ordinary words only); a running line that is only the name of a known
    organisation ('Acme plc' at the foot of every page) names it too.
    """
    out: list[str] = []
    for line in lines:
        parts = [part.strip() for part in _SEPARATOR.split(line) if part.strip() and not YEAR.fullmatch(part.strip())
                 and not part.strip().isdigit()]
        if not parts:
            continue
        for m in _TITLE_LINE.finditer("\n".join(parts)):
            name = re.split(r"['’][sS]?(?![\w])", re.sub(r"^The[ \t]+", "", (m.group(1) or m.group(2)).strip()))[0]
            if _name_like(name):
                out.append(name)
        titled = [bool(_TITLE_PART.search(part)) for part in parts]
        for part, title in zip(parts, titled):
            m = _NAME_PART.fullmatch(part)
            if title:
                continue
            if any(titled) and m is not None and text.count(m.group(1)) >= 2 and _name_like(m.group(1)):
                out.append(m.group(1))
            elif len(parts) == 1 and index.resolve(part) is not None:
                out.append(part)
    return out


def _name_like(name: str) -> bool:
    """Whether a title's words can be a name: one of them is no common English word ('Acme Energy', not 'Managing')."""
    return any(_zipf(w) < 4.0 for w in re.findall(r"[^\W\d_]+", name))


_WEIGHTS = {"defined": 8.0, "published": 5.0, "title": 2.0, "domain": 3.0, "copyright": 2.0, "stock": 4.0, "cover": 1.5, "parent": 3.0}
_CAPS = {"defined": 2, "published": 2, "title": 6, "domain": 3, "copyright": 1, "stock": 1, "cover": 3, "parent": 2}
_STOCK_NAME = re.compile(rf"(?i:stock|share|securities)[ \t]+(?i:abbreviation|short[ \t]+name|name)[ \t]*[:：][ \t]*({_NAME})")
# A name followed by its group ('X and its subsidiaries', 'X, together with its consolidated subsidiaries', 'X and its
# operating companies', a US utility holding's word for its regulated subsidiaries; 'X and its controlled entities', an
# Australian trust's), a short parenthesis between ('X (the Company) and its subsidiaries'): the parent of the group a
# report covers.  Not 'X and its affiliates': the words of a data vendor's notice ('(c) Vendor Inc. and its affiliates').
_PARENT_AFTER = re.compile(r"[ \t]{0,3}(?:\([^()\n]{1,60}\)[ \t]{0,3})?,?[ \t]{0,3}(?:and|together[ \t]+with)[ \t]+(?:all[ \t]+(?:of[ \t]+)?)?its[ \t]+"
                           r"(?:[\w\-]+[ \t]+){0,3}?(?:subsidiaries|(?:operating|subsidiary|group)[ \t]+companies|(?:controlled|consolidated)[ \t]+entities)\b", re.I)


def _domain_names(text: str) -> Counter[str]:
    """Labels of the web and e-mail domains the text names ('acme' of 'www.acme.com'), with counts.

    A domain named only in links to pages ('https://www.body.org/reports/...') is what a report
    cites; its own domain is named bare ('www.acme.com', 'info@acme.com') too: the counts are of
    bare uses, plus a half per link."""
    bare: Counter[str] = Counter()
    links: Counter[str] = Counter()
    for m in _DOMAIN.finditer(text):
        if m.group(0)[0].isalpha() and m.group(0)[:4].lower() != "www." and not m.group(0)[0].islower():
            continue  # a bare 'Name.com' inside a sentence is a name, not a domain
        label = m.group(1).lower().replace("-", "")
        (links if m.group(2) else bare)[label] += 1
    out: Counter[str] = Counter()
    for label in set(bare) | set(links):
        out[label] = bare[label] + links[label] // 2
    return +out


def _spelling_of(label: str, text: str) -> Counter[str]:
    """Spellings in ``text`` whose letters (folded, without spaces or hyphens) spell ``label``: capitalised
    ones, or a lower-case brand that is no English word ('abrdn')."""
    letters = [re.escape(c) for c in label]
    # the look-ahead of the first letter in front: a position that starts no spelling fails at one test
    pattern = re.compile(rf"(?={letters[0]})(?<![\w.@/])" + r"[ \-\.]?".join(letters) + r"(?![\w]|\.[a-z])", re.I)
    out: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    for m in pattern.finditer(_folded(text)):
        s = m.group(0)
        if s[0].isupper():
            out[s] += 1
        elif s.isalpha():
            lower[s] += 1
    if not out and lower and _zipf(label) < 2.5:
        return lower
    return out


@lru_cache(maxsize=2)
def _folded(text: str) -> str:
    """``fold(text)``, once per text: :func:`_spelling_of` reads the text folded for each of up to eight domains."""
    return fold(text)


def _zipf(word: str) -> float:
    """How ordinary an English word is (wordfreq's Zipf scale: 0 unknown, 7 'the')."""
    from .learned.company import zipf

    return zipf(word)


def propose_candidates(doc: Doc, index: OrgIndex) -> list["CandidateEvidence"]:
    """Every organisation the rules propose as the report's publisher, with its document-level evidence.

    The rules vote as they always have (definitions, publisher sentences, title lines, domains,
    copyright and stock-code lines, the cover, possessives, plain use) and each candidate's rules
    score is kept beside the features a learned ranker weighs (:func:`candidate_features`).
    """
    text = text_of(doc)
    ballot = _Ballot(index)
    # definitions: "(hereinafter "X" or "the Company")"
    self_defined: Counter[str] = doc._.self_defined or Counter()
    for key, n in self_defined.items():
        org = index.by_key.get(index.alias_keys.get(key, key))
        if org is not None:
            for _ in range(min(n, _CAPS["defined"])):
                ballot.vote(org.name, "defined", _WEIGHTS["defined"])
    defined_keys = {index.alias_keys.get(k, k) for k in self_defined}
    defined = _defined_publishers(text[:200_000])
    defined.update(_glossary_publishers(text[:_GLOSSARY_CHARS]))  # a listing document's glossary follows a long summary
    defined.update(_glossary_column_publishers(text[:_GLOSSARY_CHARS]))
    for name, n in defined.items():
        if ballot.key(name) not in defined_keys:  # a definition the index has read already votes once
            for _ in range(min(n, _CAPS["defined"])):
                ballot.vote(name, "defined", _WEIGHTS["defined"])
    for m in _PUBLISHED_BY.finditer(text[:200_000]):
        ballot.vote(m.group(1) or m.group(2) or m.group(3), "published", _WEIGHTS["published"])
    titles: Counter[str] = Counter()
    for m in _TITLE_LINE.finditer(text):
        titles[(m.group(1) or m.group(2)).strip()] += 1
    for name in running_names(doc._.running_lines or (), index, text):
        titles[name] += 1
    for name, n in titles.items():
        for _ in range(min(n, _CAPS["title"])):
            ballot.vote(name, "title", _WEIGHTS["title"])
    for label, n in _domain_names(text).most_common(8):
        spellings = _spelling_of(label, text)
        if spellings:
            name = spellings.most_common(1)[0][0]
            for _ in range(min(n, _CAPS["domain"])):
                ballot.vote(name, "domain", _WEIGHTS["domain"], lower_ok=name.islower())
    # the holder, without the notice's 'All rights reserved' ('© 2024 Acme Ltd. All rights reserved')
    copyrights = Counter(tidy_name(re.split(r"[ \t]+(?:All|Rights)\b", m.group(1))[0].strip(" ,'’")) for m in _COPYRIGHT.finditer(text))
    for name, n in copyrights.items():
        # the report's own notice is given once or twice; a name on every chart is a data vendor's notice
        ballot.vote(name, "copyright" if n <= 2 else "vendor_notice", _WEIGHTS["copyright"] if n <= 2 else 0.0)
    mentions = doc._.org_mentions
    starts = [s for s, _, _ in mentions]
    third = third_party_mentions(text, mentions)
    roles = Counter(mentions[i][2] for i in third)
    # the stock code's holder: the nearest organisation named before it, a firm in a third party's role aside
    # (a listing document's cover names its sponsors between the issuer and the code)
    for pos, _ in stock_listings(text)[:1]:
        written = _name_before_code(text, pos)
        if written is not None:  # 'Acme Properties REIT (TSX: ACM.UN)': the name the code is printed after
            ballot.vote(written, "stock", _WEIGHTS["stock"])
            continue
        i = bisect_left(starts, pos) - 1
        while i >= 0 and mentions[i][0] >= pos - 300 and (i in third or mentions[i][2] in roles):
            i -= 1
        if i >= 0 and mentions[i][0] >= pos - 300:
            org = index.by_key.get(mentions[i][2])
            if org is not None:
                ballot.vote(org.name, "stock", _WEIGHTS["stock"])
    # the parent of the group the report covers: 'X and its subsidiaries', 'X (the Company) and its subsidiaries (the Group)'
    parents = Counter(key for i, (_, end, key) in enumerate(mentions) if i not in third and _PARENT_AFTER.match(text, end, end + 120))
    for key, n in parents.items():
        org = index.by_key.get(key)
        if org is not None:
            for _ in range(min(n, _CAPS["parent"])):
                ballot.vote(org.name, "parent", _WEIGHTS["parent"])
    # the issuer's name on a listing document's or a Hong Kong report's cover, with its place of incorporation in a
    # parenthesis under it ('ACME MICRO INC.' / its Chinese name / '(A joint stock company incorporated in the
    # People's Republic of China with limited liability)'): the convention of HKEX Listing Rules 2.13 and App. D1A
    for start, end, key in mentions[: bisect_left(starts, _COVER_CHARS)]:
        org = index.by_key.get(key)
        if org is not None and _incorporated_after(text, end):  # the issuer says who it is, as a definition does
            ballot.vote(org.name, "defined", _WEIGHTS["defined"])
            break
    # the name the shares trade under, beside the code ('Stock Code: 688001  Stock Abbreviation: Acme Micro')
    for m in _STOCK_NAME.finditer(text[:_COVER_CHARS]):
        ballot.vote(m.group(1), "stock", _WEIGHTS["stock"])
    for i, (s, _, key) in enumerate(mentions[: bisect_left(starts, _COVER_CHARS)]):
        org = index.by_key.get(key)
        if org is not None and i not in third and ballot.by_key[key].signals["cover"] < _CAPS["cover"] and not CREDIT.search(text, max(0, s - 40), s):
            head = _cover_head(text, s, mentions[i][1])
            ballot.vote(f"{head} {text[s:mentions[i][1]]}" if head else org.name, "cover", _WEIGHTS["cover"])
    # possessives and plain use: how much the text talks about each candidate
    possessive = Counter(tidy_name(m.group(1)) for m in _POSSESSIVE.finditer(text))
    usage: dict[str, _Usage] = {}
    surfaces_of: dict[str, set[str]] = {}
    for key, cand in list(ballot.by_key.items()):
        if not cand.names:
            del ballot.by_key[key]
            continue
        surfaces = set(cand.names) | {n for n, k in ((n, ballot.key(n)) for n in possessive) if k == key}
        org = index.by_key.get(key)
        if org is not None:
            surfaces |= {org.name, *org.aliases}
        surfaces_of[key] = surfaces
    every = {n for ns in surfaces_of.values() for n in ns}
    occurrences = _Occurrences(text)
    for key, cand in ballot.by_key.items():
        org = index.by_key.get(key)
        surfaces = surfaces_of[key] - (_house_names(surfaces_of[key], org.name, every) if org is not None else set())
        use = usage[key] = _usage(text, surfaces, _other_units(surfaces, every), occurrences)
        own = sum(possessive[n] for n in surfaces)
        use.possessive = own
        cand.score += 1.5 * math.log1p(use.used) + math.log1p(own)
        cand.score -= 4.0 * use.introduced
    # a possessive name used very often is a candidate even with no other signal ("Acme's" on every page)
    for name, n in possessive.most_common(5):
        if n >= 5 and _usable(name) and ballot.key(name) not in ballot.by_key:
            org = index.by_key.get(ballot.key(name))
            if org is not None and _house_names({name}, org.name, every):
                continue
            use = _usage(text, {name}, _other_units({name}, every), occurrences)
            use.possessive = n
            key = ballot.key(name)
            usage[key] = use
            cand = ballot.by_key[key]
            cand.names[name] += 1
            cand.signals["possessive_only"] += 1
            cand.score += 1.5 * math.log1p(use.used) + math.log1p(n) - 4.0 * use.introduced
    # a proper name the text uses again and again, never in lower case, and that no organisation of the index
    # holds, is a candidate too ('Acme' on every page of a report that never gives its legal name)
    known = [set(k.split()) for k in index.by_key]
    for name, n in _frequent_names(text).most_common(6):
        key = ballot.key(name)
        nk = name_key(name)
        if nk in index.by_key or nk in index.alias_keys or any(set(nk.split()) <= k for k in known):
            continue  # only names the organisation index does not know: a known one is proposed by its own evidence
        if key not in ballot.by_key and _usable(name):
            use = usage[key] = _usage(text, {name}, _other_units({name}, every), occurrences)
            use.possessive = sum(possessive[x] for x in (name,))
            cand = ballot.by_key[key]
            cand.names[name] += 1
            cand.signals["frequent"] += 1
            cand.score += 1.5 * math.log1p(use.used) + math.log1p(use.possessive) - 4.0 * use.introduced
    _fold_short_into_full(ballot, index, usage)
    _fold_into_spelt_out(ballot, usage)
    _fold_truncated(ballot, usage, text)
    # a firm the text names in a third party's role (a sponsor, an auditor, a REIT's manager) is no candidate unless
    # the text also defines it as itself or says it publishes the report
    serving = [k for k, c in ballot.by_key.items() if roles.get(k) and not (c.signals["defined"] or c.signals["published"])]
    if len(serving) < len(ballot.by_key):
        for key in serving:
            del ballot.by_key[key]
    out = []
    for key, cand in ballot.by_key.items():
        org = index.by_key.get(key)
        name = org.name if org is not None else _as_written(max(cand.names, key=lambda n: (cand.names[n], len(n))), text)
        names = set(cand.names) | ({org.name, *org.aliases} if org is not None else set())
        out.append(CandidateEvidence(key=key, name=name, names=names, rules_score=cand.score, signals=Counter(cand.signals),
                                     usage=usage.get(key) or _Usage(), legal_form=any(_has_legal_form(n) for n in names)))
    return out


# a word ends in a letter or digit: '(?:[&\-]*\w)+' (not '[\w&\-]*\w', which split a long word n ways; issue 20)
_PROPER = re.compile(rf"(?=[{UPPER}])(?<![\w&'’.\-])([{UPPER}](?:[&\-]*\w)+(?:[ \t]+(?:of[ \t]+|&[ \t]+)?[{UPPER}](?:[&\-]*\w)+){{0,3}})(?:s|['’]s)?(?![\w&\-])")
_GENERIC_SELF = lexicon("generic_self_nouns")  # patterns/lexicon.jsonl


_AFTER_WORD = re.compile(r"[a-z,]\s+$|^[\s(]*$")  # the three characters before a name: a lower-case word's end, or none
_AFTER_STOP = re.compile(r"[.!?:]\s*$")  # ... or a sentence's end


def _frequent_names(text: str) -> Counter[str]:
    """Capitalised names used at least five times, after a lower-case word (not a sentence's first
    word), that are no ordinary English word and that the text never writes in lower case."""
    counts: Counter[str] = Counter()
    for m in _PROPER.finditer(text):
        before = text[max(0, m.start() - 3): m.start()]
        if not _AFTER_WORD.search(before) or _AFTER_STOP.search(before):
            continue
        counts[m.group(1)] += 1
    for name in list(counts):  # a genitive without an apostrophe ('Acmes' in Swedish or German) is the name
        if name.endswith("s") and name[:-1] in counts:
            counts[name[:-1]] += counts.pop(name)
    out: Counter[str] = Counter()
    for name, n in counts.items():
        if n < 5 or name.isupper() and len(name) <= 2:
            continue
        words = name.split()
        if all(_zipf(w) >= 3.5 for w in words if w.lower() not in ("of", "&")):
            continue
        if next(_whole_word_uses(text, name.lower()), None) is not None:  # the text writes it in lower case too
            continue
        out[name] = n
    return out


def _spells(head: Sequence[str], name: str) -> bool:
    """Whether ``name`` starts with the words of ``head`` but its last (an acronym) and goes on with words whose
    initials spell that acronym ('Acme Real Estate Investment Trust' of 'Acme REIT'), its legal form aside."""
    lead, acronym = list(head[:-1]), head[-1].lower()
    for form in {name, strip_legal_form(name)}:
        words_ = form.split()
        rest = [w for w in words_[len(lead):] if w.lower() not in ("of", "and", "the", "&")]
        if words_[:len(lead)] == lead and len(rest) >= 2 and "".join(w[0] for w in rest).lower() == acronym:
            return True
    return False


def _fold_into_spelt_out(ballot: _Ballot, usage: dict[str, _Usage]) -> None:
    """An acronym candidate ('ACM', 'ACM S.p.A.') joins the one candidate whose initials spell it ('Acme Capital
    Management'), a name ending in an acronym ('Acme REIT') the one whose words after the same start spell it
    ('Acme Real Estate Investment Trust'), and a generic self-reference noun ('Bank' of 'the Bank') the one
    candidate whose name holds it ('Bank of Acme')."""
    keys = list(ballot.by_key)
    for short in keys:
        cand = ballot.by_key.get(short)
        if cand is None:
            continue
        written = max(cand.names, key=lambda n: cand.names[n]) if cand.names else short
        core = strip_legal_form(written)
        head = core.split()
        if core.isupper() and 2 <= len(core) <= 6 and " " not in core:
            into = [k for k in ballot.by_key if k != short and "".join(w[0] for w in re.split(r"[\s\-]+", k) if w and w not in ("of", "and", "the", "&")) == short.replace(" ", "")]
        elif len(head) >= 2 and head[-1].isupper() and head[-1].isalpha() and 2 <= len(head[-1]) <= 6:
            into = [k for k, c in ballot.by_key.items() if k != short and any(_spells(head, n) for n in c.names)]
        elif short in _GENERIC_SELF:
            into = [k for k in ballot.by_key if k != short and short in k.split()]
        else:
            continue
        if len(into) == 1:
            target = ballot.by_key[into[0]]
            ballot.by_key.pop(short)
            target.score += cand.score
            target.names.update(cand.names)
            target.signals.update(cand.signals)
            if short in usage:
                _merge_usage(usage.setdefault(into[0], _Usage()), usage.pop(short))


def _fold_truncated(ballot: _Ballot, usage: dict[str, _Usage], text: str) -> None:
    """A candidate that is the start of one other candidate's name ('Acme Trust' of 'Acme Trust Walden')
    and is hardly ever written alone is that name cut short (a line break, a cover's layout): join them."""
    written = {k: max(c.names, key=lambda n: c.names[n]) for k, c in ballot.by_key.items() if c.names}
    for short, sname in written.items():
        longer = [k for k, n in written.items() if k != short and n.startswith(sname + " ")]
        if len(longer) != 1 or short not in ballot.by_key or longer[0] not in ballot.by_key:
            continue
        rest = written[longer[0]][len(sname):]
        alone = len(re.findall(r"(?<![\w])" + re.escape(sname) + r"(?![\w])(?!" + re.escape(rest) + r")", text))
        total = len(re.findall(r"(?<![\w])" + re.escape(sname) + r"(?![\w])", text))
        if total and alone <= 0.2 * total:
            cand = ballot.by_key.pop(short)
            into = ballot.by_key[longer[0]]
            into.score += cand.score
            into.names.update(cand.names)
            into.signals.update(cand.signals)
            usage.pop(short, None)


@dataclass
class _Usage:
    """How and where a candidate's names are used in the text (one pass over it)."""

    used: int = 0
    introduced: float = 0.0  # share of uses introduced as someone's subsidiary, segment or brand
    first: float = 1.0  # where the first use is, as a share of the text
    spread: float = 0.0  # share of ten equal parts of the text that use the name
    cited: float = 0.0  # share of uses cited as a third party's ('according to X', 'source: X')
    this_report: int = 0  # uses in a line or sentence about 'this report'
    in_head: int = 0  # uses in the first 3,000 characters
    possessive: int = 0
    lower_share: float = 0.0  # for a one-word name: share of its case-blind uses written in lower case


@dataclass
class CandidateEvidence:
    """One proposed publisher: its identity key, label, names, rules score and the evidence for it."""

    key: str
    name: str
    names: set[str]
    rules_score: float
    signals: Counter[str]
    usage: _Usage
    legal_form: bool


def _defined_self(candidates: Sequence[CandidateEvidence]) -> CandidateEvidence | None:
    """The one candidate the report defines as itself ('X (the Company)', a glossary's '"Company"  X', '(hereinafter
    "X" or "the Company")'), unless the text mostly introduces it as someone's subsidiary; ``None`` when no
    candidate, or more than one, is so defined."""
    defined = [c for c in candidates if c.signals.get("defined")]
    return defined[0] if len(defined) == 1 and defined[0].usage.introduced < 0.5 else None


def choose_reporter(doc: Doc, index: OrgIndex, learned: bool = True) -> tuple[str | None, float]:
    """The name of the organisation that publishes the report and how sure the choice is (0-1).

    With ``learned`` the shipped ranker (:mod:`esgkg.extract.learned.company`) orders the
    candidates the rules propose; without it the rules' own score does.  Returns ``(None, 0.0)``
    only for a text that names no candidate at all.
    """
    best, confidence = choose_candidate(doc, index, learned)
    return (best.name if best is not None else None), confidence


def choose_candidate(doc: Doc, index: OrgIndex, learned: bool = True) -> tuple[CandidateEvidence | None, float]:
    """:func:`choose_reporter`'s choice as the candidate itself, with every name the rules gathered for it."""
    candidates = propose_candidates(doc, index)
    if not candidates:
        return None, 0.0
    if learned:
        from .learned.company import rank_candidates

        ranked = rank_candidates(candidates)
        own = _defined_self(candidates)
        if own is not None and ranked[0][0] is not own:  # the report says who it is: that decides
            ranked = sorted(ranked, key=lambda cs: cs[0] is not own)
        best = ranked[0]
        second = ranked[1][1] if len(ranked) > 1 else None
        margin = best[1] - second if second is not None else best[1]
        confidence = 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, margin))))
        return best[0], min(0.999, round(max(confidence, 0.5 if own is not None else 0.0), 3))  # 1.0: a company the user gives
    ranked_rules = sorted(candidates, key=lambda c: (c is _defined_self(candidates), c.rules_score), reverse=True)
    best_c = ranked_rules[0]
    second_score = ranked_rules[1].rules_score if len(ranked_rules) > 1 else 0.0
    # a lone candidate with little evidence is not a sure one: the runner-up counts as at least _DOUBT
    confidence = best_c.rules_score / (best_c.rules_score + max(second_score, _DOUBT)) if best_c.rules_score > 0 else 0.0
    return best_c, round(confidence, 3)


def _adopt_names(doc: Doc, index: OrgIndex, org: Organization, names: set[str]) -> None:
    """The names the rules folded into the publisher's candidate ('Acme REIT' of 'Acme Real Estate Investment Trust',
    'ACM S.p.A.' of 'Acme Costruzioni Meccaniche S.p.A.') become its aliases, so that a use of one is a use of the
    publisher, not of another organisation; a name the index did not know gets its mentions."""
    from .orgs import add_mentions

    key = name_key(org.name)
    new: dict[str, str] = {}
    for name in sorted(names):
        if len(name) < 3 or name.lower() in SELF_REFERENCES or all(_zipf(w) >= 4.0 for w in re.findall(r"[^\W\d_]+", name)):
            continue  # a common word ('Bank' of 'the Bank') would claim other names' uses
        known = index.resolve(name)
        if known is org:
            continue
        if known is None:
            new[name] = key
        index.alias(org, name)
    add_mentions(doc, new)


def _as_written(name: str, text: str) -> str:
    """The spelling the text uses most for ``name`` in running prose ('ArcelorMittal', not the title line's
    'ARCELORMITTAL' or its title-cased 'Arcelormittal')."""
    words = name.split()
    pattern = re.compile(r"(?<![\w])" + r"\s+".join(re.escape(w) for w in words) + r"(?![\w])", re.I)
    spellings = Counter(m.group(0) for m in _word_matches(pattern, text, words[0] if words else "")
                        if not m.group(0).isupper())
    return spellings.most_common(1)[0][0] if spellings else name


def _word_matches(pattern: re.Pattern[str], text: str, first: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a case-insensitive pattern that opens with the word ``first``: the same
    leftmost, non-overlapping matches, tried only where ``first`` starts (``str.find`` over the lower-cased text)
    instead of at every character; plain ``finditer`` where lower-casing would move offsets."""
    lower, key = _lowered(text), first.lower()
    if lower is None or not key or len(key) != len(first):
        yield from pattern.finditer(text)
        return
    end, i = 0, lower.find(key)
    while i >= 0:
        if i >= end and (m := pattern.match(text, i)) is not None:
            end = m.end()
            yield m
        i = lower.find(key, i + 1)


@lru_cache(maxsize=4)
def _lowered(text: str) -> str | None:
    """``text.lower()`` when it keeps every character's offset (None when a letter's lower case is longer)."""
    lower = text.lower()
    return lower if len(lower) == len(text) else None


_CITED = re.compile(r"(?:according\s+to|data\s+(?:from|by|provided\s+by)|sources?\s*:|source\s+of|provided\s+by|published\s+by|"
                    r"reported\s+by|estimated\s+by|estimates\s+(?:from|by)|research\s+(?:from|by)|survey\s+(?:from|by)|ratings?\s+(?:from|by)|"
                    r"analysis\s+(?:from|by)|developed\s+by|calculated\s+by|scored\s+by|rated\s+by|report\s+by|\bby|\bcited\s+by|\bper)"
                    r"[\s(\"“'‘]*(?:the\s+)?$", re.I)
_THIS_REPORT = re.compile(r"\b(?:this|our|the\s+present)\s+(?:[\w\-]+\s+){0,3}(?:report|disclosure|statement|review|document)\b", re.I)


def _other_units(surfaces: set[str], names: set[str]) -> set[str]:
    """The candidates' names that extend one of ``surfaces`` into another unit's name ('Acme Asset Management',
    'Acme Foundation' of 'Acme'; not 'Acme Group Limited', the same organisation's fuller name): a use of
    such a name is a use of that unit, not of the shorter name it opens."""
    from .learned.company import another_unit

    return {n for n in names - surfaces for s in surfaces if n.startswith(s + " ") and another_unit(n[len(s):])}


def _house_names(surfaces: set[str], label: str, names: set[str]) -> set[str]:
    """The short names among ``surfaces`` that are a house name shared by several units, not this one's:
    the candidate's label extends the name into a unit's ('Acme' of 'Acme Trust Company', filed under one
    key because 'Trust Company' reads as a legal form) and another candidate's name extends it into another
    unit's ('Acme Asset Management').  Such a name names none of them: its uses are no evidence for this one."""
    from .learned.company import another_unit

    return {s for s in surfaces if label.startswith(s + " ") and another_unit(label[len(s):])
            and any(n.startswith(s + " ") and another_unit(n[len(s):]) for n in names - surfaces)}



class _Occurrences:
    """Where names are written in one text as whole word sequences (no word character on either side, as
    ``(?<!\\w)name(?!\\w)``), found with ``str.find``: linear in the text, each distinct name looked up once
    per document however many candidates share it (one object per document, so no text outlives it)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._seen: dict[str, tuple[int, ...]] = {}

    def __call__(self, name: str) -> tuple[int, ...]:
        """The offsets of ``name``'s whole-word uses in the text, in order."""
        if name in self._seen:
            return self._seen[name]
        self._seen[name] = hits = tuple(_whole_word_uses(self.text, name))
        return hits


def _whole_word_uses(text: str, name: str) -> Iterator[int]:
    r"""The offsets where ``text`` writes ``name`` exactly (case as given) with no word character on either side, left
    to right: the matches of ``(?<!\w)name(?!\w)``, found by ``str.find`` (no regex compiled per name, no scan of
    every position); none for an empty name."""
    size = len(name)
    at = text.find(name) if name else -1
    while at >= 0:
        end = at + size
        if (at == 0 or not is_word_char(text[at - 1])) and (end >= len(text) or not is_word_char(text[end])):
            yield at
        at = text.find(name, at + 1)


def _longest_uses(occurrences: _Occurrences, names: set[str]) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of each use of ``names`` left to right, the longest name where several start at
    one offset and none overlapping the one before: what ``re.finditer`` over the alternation of the names,
    longest first, returns (leftmost, then longest, then on after its end)."""
    hits = sorted((at, -len(n), n) for n in names for at in occurrences(n))
    uses, last_end = [], 0
    for at, minus_len, n in hits:
        if at >= last_end:
            uses.append((at, at - minus_len, n))
            last_end = at - minus_len
    return uses


def _usage(text: str, surfaces: set[str], longer: set[str] = frozenset(), occurrences: _Occurrences | None = None) -> _Usage:
    """How often, where and how a candidate's names are used (shares over names of three or more
    characters for the context-dependent measures): one pass over the text.  A use is the longest
    name written there: where one of the ``longer`` names (other candidates' names that extend one of
    these, 'Acme Bank' of 'Acme') is written, that is not a use of this candidate."""
    names = [s for s in surfaces if len(s) >= 2 and s.lower() not in SELF_REFERENCES]
    use = _Usage()
    if not names:
        return use
    n_text = max(1, len(text))
    total = sub = cited = 0
    parts: set[int] = set()
    first = None
    for start, end, written in _longest_uses(occurrences or _Occurrences(text), {*names, *longer}):
        if written in longer:
            continue
        use.used += 1
        if first is None:
            first = start
        parts.add(min(9, 10 * start // n_text))
        if start < _COVER_CHARS:
            use.in_head += 1
        if len(written) < 3:
            continue
        total += 1
        before = text[max(0, start - 40): start]
        if _SUBSIDIARY_BEFORE.search(before) or _SUBSIDIARY_AFTER.match(text[end: end + 60]):
            sub += 1
        if _CITED.search(before):
            cited += 1
        line_start = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start), start - 200)
        line_end = min(x for x in (text.find("\n", end), text.find(". ", end), end + 200) if x >= 0)
        if _THIS_REPORT.search(text, line_start, max(line_start, line_end)):
            use.this_report += 1
    if total:
        use.introduced, use.cited = sub / total, cited / total
    use.first = (first if first is not None else n_text) / n_text
    use.spread = len(parts) / 10
    single = [n for n in names if " " not in n.strip() and n.isalpha()]
    if single:
        share = _lower_share(max(single, key=len), text)
        if share is not None:
            use.lower_share = share
    return use


@lru_cache(maxsize=64)
def _lower_share(word: str, text: str) -> float | None:
    """The share of ``word``'s uses in ``text`` (whole words, any case) written in lower case; None when unused.
    Several candidates of one document share their single word ('Acme' of 'Acme' and 'Acme Group'): kept for
    the last few (word, text) pairs."""
    blind = re.compile(r"(?<![\w])" + re.escape(word) + r"(?![\w])", re.I)
    hits = [m.group(0) for m in _word_matches(blind, text, word)]
    return sum(h.islower() for h in hits) / len(hits) if hits else None


def _fold_short_into_full(ballot: _Ballot, index: OrgIndex, usage: dict[str, _Usage] | None = None) -> None:
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
            if usage is not None and short in usage:
                _merge_usage(usage.setdefault(fuller[0], _Usage()), usage.pop(short))


def _merge_usage(into: _Usage, other: _Usage) -> None:
    """Add the uses of a short form to those of the full name it joins."""
    total = into.used + other.used
    if total:
        for attr in ("introduced", "cited"):
            setattr(into, attr, (getattr(into, attr) * into.used + getattr(other, attr) * other.used) / total)
    into.used, into.in_head, into.this_report = total, into.in_head + other.in_head, into.this_report + other.this_report
    into.possessive += other.possessive
    into.first, into.spread = min(into.first, other.first), max(into.spread, other.spread)
    into.lower_share = max(into.lower_share, other.lower_share)


def _has_legal_form(name: str) -> bool:
    return strip_legal_form(name) != name.strip()


def _named_holder(text: str, pos: int, mentions: Sequence[tuple[int, int, str]]) -> str | None:
    """The key of the organisation whose name a stock code at ``pos`` follows in parentheses ('Acme Corp. (NYSE:
    ACM)', 'Acme Co., Ltd. (stock code: 600001)'), or ``None`` when the code stands on its own."""
    opening = text.rfind("(", max(0, pos - 3), pos + 1)
    if opening < 0 or text[opening + 1:pos].strip():
        return None
    i = bisect_left([s for s, _, _ in mentions], opening) - 1
    if i >= 0 and not text[mentions[i][1]:opening].strip():
        return mentions[i][2]
    return None


# ----------------------------------------------------------------------------- the component
@Language.factory("esg_company", requires=REQUIRES["esg_company"], assigns=ASSIGNS["esg_company"], default_config={"min_short_form_mentions": 2, "company": None, "year": None, "learned": True})
def make_company_reader(nlp: Language, name: str, min_short_form_mentions: int, company: str | None, year: int | None,
                        learned: bool = True) -> "CompanyReader":
    """spaCy factory of :class:`CompanyReader`; ``company`` / ``year`` override what the text says;
    ``learned=False`` (or the environment variable ``ESGKG_RULES_ONLY=1``) ranks candidates by the rules alone."""
    return CompanyReader(min_short_form_mentions, company, year, learned)


class CompanyReader:
    """Fill ``facts.company`` (name, aliases, stock listings, confidence) and ``facts.report_year``.

    ``company`` and ``year``, when given, are taken as the reporting company and report year
    instead of reading them (``esgkg build --company NAME --year YYYY``).  ``learned`` chooses
    between the shipped ranker and the rules' own score among the proposed candidates.
    """

    def __init__(self, min_short_form_mentions: int = 2, company: str | None = None, year: int | None = None,
                 learned: bool = True) -> None:
        self.min_short_form_mentions = min_short_form_mentions
        self.company = company
        self.year = year
        self.learned = learned and not rules_only()

    def __call__(self, doc: Doc) -> Doc:
        """Read the reporting company, its aliases, stock codes and the report year into ``doc._.esg``."""
        from .orgs import reporter_short_forms

        require(doc, "esg_company")
        index = orgs(doc)
        f = facts(doc)
        text = text_of(doc)
        f.report_year = self.year or report_year(text, doc._.running_lines or ())
        chosen = None
        if self.company:
            name, confidence = self.company, 1.0
        else:
            chosen, confidence = choose_candidate(doc, index, self.learned)
            name = chosen.name if chosen is not None else None
        if name is None:
            return doc
        org = index.resolve(name) or index.add(name)
        index.set_reporter(org)
        if chosen is not None:
            _adopt_names(doc, index, org, chosen.names - {name})
        reporter_short_forms(doc, index, org, self.min_short_form_mentions)
        company = ReportingCompany(name=org.name, aliases=org.aliases, confidence=confidence)
        for pos, listing in stock_listings(text):
            holder = _named_holder(text, pos, doc._.org_mentions or [])
            if holder is not None and index.by_key.get(index.alias_keys.get(holder, holder)) is not org:
                continue  # another organisation's code ('a subsidiary of Acme Corp. (NYSE: ACM)')
            company.listings.append(listing)
            if company.evidence is None:
                company.evidence = evidence(doc, sentence_at(doc, pos))
        # a code in a running header or footer ('Acme Co., Ltd.  Stock Code: 688001' atop every page), which the
        # reader dropped from the text as page furniture
        codes = {listing.code for listing in company.listings}
        for _, listing in stock_listings("\n".join(doc._.running_lines or ())):
            if listing.code not in codes:
                codes.add(listing.code)
                company.listings.append(listing)
        f.company = company
        return doc
