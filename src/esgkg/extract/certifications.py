"""Certification claims: one fact per holder x standard.

Standards are found by code ("ISO 14001:2015", "GB/T29490-2013", "IATF16949") and by the
descriptive phrases the ontology lists as hidden labels ("energy management system"), including
coordinated ones ("quality, environment and occupational health management system"), in one
pass of each pattern over the document.  A sentence becomes a claim only with a certification
cue and without a mere-reference cue ("refers to", "complies with"), and not when the standard is
put on suppliers (or the smelters a scheme audits) or printed on the back cover, nor for a scheme
the company takes part in as a member ("a member of the X Assurance Process").  A sentence naming
a standard without a cue is read together with the next one when that one only says "A certificate
has been obtained".

Each clause of a claim ("all subsidiaries have obtained ISO 14001, and X is applying for ASI")
gets its own holders, scope and status: a scope ("all major subsidiaries", "9 subsidiaries",
"100% of subsidiaries", "some subsidiaries") makes the reporter the holder with that scope; else
the organisations named in the clause (certifiers excluded); else the reporter.  A caption that
names a standard and nothing else ("ISO 14064 certificate") counts only if no sentence claims it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc

from .. import vocab
from ..records import Certification
from ..records import Organization
from .base import OrgIndex, evidence_between, facts, names_unknown_subject, orgs, sentence_index_at, sentences, text_of
from .base import ASSIGNS, REQUIRES, not_a_subject, require  # declared attributes and the call-time check (issue 20)
from .mentions.phrases import WordCues
from .mentions.phrases import tokenizer as phrase_tokenizer
from .patterns import lexicon
from .mentions.schemes import SchemeMatcher, framework_spans, scheme_matcher
from .orgs import mentions_between
from .text import SELF_REFERENCES

_NUMERIC_CODE = re.compile(  # the look-ahead in front: the first letters of the prefixes, one test per position
    r"(?=[isqog])(?<![\w/])(?:ISO|IEC|IATF|SA|QC|OHSAS|GB\s*/\s*T|GB)\s*[/\-]?\s*(?:IEC\s*/?\s*|TS\s*)?\d{3,6}(?:\s*[-:：]\s*(?:19|20)\d\d)?(?!\d)",
    re.I,
)
_CUE = re.compile(r"certif|accredit|passed|obtain|achiev|awarded|granted|\bhold|\bheld\b|registered|\baudit|verified|verification|recogni[sz]ed|approved|being\s+implemented|under\s+implementation", re.I)
# A claim despite a reference cue needs a verb: "certification requirements" in a title is no claim.
_VERB_CUE = WordCues(lexicon("certification_verbs"))  # patterns/lexicon.jsonl
# "A certificate has been obtained (from ...)": completes the previous sentence's claim.
_ANAPHORIC = WordCues(lexicon("certification_anaphora"))  # patterns/lexicon.jsonl
_CLAUSE_BREAK = re.compile(r"[;；]|,\s+(?:and|while|whereas|but|meanwhile)\s+|(?<=\.)\s+(?=[A-Z])")
_SELF = WordCues(lexicon("claim_self_references"))
_DESCRIPTION_CUE = re.compile(r"certif|accredit|certificate", re.I)
_REFERENCE_ONLY = WordCues(lexicon("certification_reference_only"))  # patterns/lexicon.jsonl
# A demand on the supply chain: suppliers, contractors, and the smelters and refiners that assurance programmes audit.
_SUPPLIER_DEMAND = re.compile(r"\bsuppliers?\b[^.]{0,80}\b(?:require|request|encourage|must|should|ask)|\b(?:require|request|encourage|ask|expect)\w*\s+(?:all\s+|our\s+|its\s+|the\s+|any\s+)?(?:[\w\-]+\s+){0,4}(?:suppliers?|vendors?|(?:sub-?)?contractors?|smelters?|refiners?)\b", re.I)
# 'a member of the Acme Initiative's "Minerals Assurance Process"', 'participants in the X programme': the company takes
# part in a scheme that certifies others (or is joined, not held), so the standard is no certificate of the company's
_MEMBER_OF = re.compile(r"\b(?:members?|membership|participants?|participat\w*|signator(?:y|ies)|takes?\s+part)\s+(?:of|in|to)\s+(?:the\s+)?"
                        r"(?:[A-Z][\w’'\-]*\s+){0,3}[\"“‘']?$")
# A printer's or paper's mark on the back cover ('printed on FSC-certified paper'); 'Acme Paper Mills plc' is a name.
_PRINTER = re.compile(r"\b(?:[Pp]rinted|[Pp]rinting|[Pp]rinter)\b|\bpaper\b(?!\s+[A-Z])|\b(?:on|certified|recycled)\s+paper\b")
_MANAGEMENT_SYSTEM = re.compile(r"management\s+systems?", re.I)

# ----------------------------------------------------------------------------- holder scope
_NUMBER_WORDS = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty"
_NUMBER_VALUE = {w: i for i, w in enumerate(_NUMBER_WORDS.split("|"), start=2)}
_SCOPES = [
    (re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%\s*of\s+(?:the\s+|its\s+|our\s+)?(?:company\s*'?s\s+|group\s*'?s\s+)?subsidiaries|proportion\s+of\s+[^.]{0,60}subsidiaries[^.]{0,120}?(\d{1,3}(?:\.\d+)?)\s*%", re.I), "share_of_subsidiaries"),
    (re.compile(r"\ball\s+(?:of\s+)?(?:its\s+|our\s+|the\s+)?(?:major|main|key|principal|core)\s+(?:operating\s+)?subsidiaries|\b(?:major|main|key|principal)\s+subsidiaries", re.I), "major_subsidiaries"),
    (re.compile(r"\ball\s+(?:of\s+)?(?:its\s+|our\s+|the\s+)?(?:company\s*'?s\s+|group\s*'?s\s+)?subsidiaries|\b(?:the\s+company|the\s+group|we)\s+and\s+(?:all\s+)?(?:its|our)\s+subsidiaries|\beach\s+subsidiary", re.I), "all_subsidiaries"),
    (re.compile(rf"(?<![\d.,%])(\d{{1,3}}|{_NUMBER_WORDS})\s+(?:of\s+(?:the\s+|its\s+|our\s+)?(?:company\s*'?s\s+|group\s*'?s\s+)?)?(?:\w+\s+)?"
                rf"(?:subsidiaries|subsidiary|companies|enterprises|plants|factories|production\s+bases|sites|locations|ports|terminals|depots|mills|mines|facilities|operations|offices|warehouses)\b", re.I), "count_of_subsidiaries"),
    (re.compile(r"\b(?:some|several|certain|many|a\s+number\s+of|most)\s+(?:of\s+(?:the|its|our)\s+)?subsidiaries", re.I), "some_subsidiaries"),
]
_CERTIFIER_BEFORE = re.compile(r"\b(?:by|from|with|entrust\w*|commission\w*|engag\w*|hired|appointed)\s+(?:the\s+)?(?:third[\s\-]party\s+)?$", re.I)
_CERTIFIER_WORDS = re.compile(r"certification|verification|inspection|testing|quality\s+assurance|t[uü]v|\bsgs\b|bureau\s+veritas|\bdnv\b|intertek|\bcqc\b|assessment|accreditation|\bstandards?\b", re.I)

_STATUS: list[tuple[WordCues | re.Pattern[str], str]] = [  # the first that a sentence holds gives the status
    (WordCues(lexicon("certification_in_progress")), "in_progress"),  # patterns/lexicon.jsonl
    (WordCues(lexicon("certification_planned")), "planned"),
    (re.compile(r"\brenew|\bre-?certif|\bagain\b|\bsurveillance\s+audit|\bmaintained\b", re.I), "renewed"),
    (WordCues(lexicon("certification_this_year")), "obtained_this_year"),
]


def _compact(code: str) -> str:
    c = code.upper()
    c = re.sub(r"[-:：]\s*(?:19|20)\d\d\b", "", c)
    c = c.replace("IEC", "").replace("/TS", "")
    return re.sub(r"[^A-Z0-9]", "", c)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], dict[str, str], SchemeMatcher, SchemeMatcher]:
    """(compact spelling -> code, phrase -> code, token matcher of the spellings without a number, token matcher
    of the descriptions): the ontology's spellings as token sequences, matched on LOWER with white space and
    hyphens free between words (:mod:`esgkg.extract.mentions.schemes`), not as a joined alternation."""
    by_compact: dict[str, str] = {}
    phrases: dict[str, str] = {}
    wordy: dict[str, str] = {}
    for code, info in vocab.standards().items():
        for s in info.spellings:
            by_compact.setdefault(_compact(s), code)
            if not re.search(r"\d{3,}", s):
                wordy.setdefault(s, code)
        for p in info.phrases:
            phrases.setdefault(p.lower(), code)
    nlp = phrase_tokenizer()
    wordy_matcher = scheme_matcher(nlp, [(s, LOWER, code) for s, code in wordy.items()], plurals=False)
    other = [(p, LOWER, code) for p, code in phrases.items() if "management system" not in p]
    return by_compact, phrases, wordy_matcher, scheme_matcher(nlp, other, plurals=False)


def standard_for_code(text: str) -> str | None:
    """Normalised code of a spelling ('ISO 14001:2015' -> 'ISO 14001'), or None if not in the ontology."""
    return _lexicon()[0].get(_compact(text))


def _coordinated_systems(sentence: str, phrases: dict[str, str]) -> set[str]:
    """Standards named by description: 'the quality, environment and energy management system(s)'."""
    found: set[str] = set()
    for m in _MANAGEMENT_SYSTEM.finditer(sentence):
        before = sentence[max(0, m.start() - 120): m.start()]
        before = re.split(r"[.;:()\"“”]|\bthe\b|\bof\b|\bpassed\b|\bobtained\b|\bcertified\b|\bISO\b", before)[-1]
        chunks = re.split(r",|\band\b|&|/|、", before)
        for chunk in chunks:
            ws = re.findall(r"[A-Za-z\-]+", chunk.lower())
            for i in range(len(ws)):
                cand = " ".join(ws[i:]) + " management system"
                if cand in phrases:
                    found.add(phrases[cand])
                    break
    return found


_NOBODY = "nobody"


def _scope(sentence: str) -> tuple[str | None, int | None, float | None]:
    for pattern, scope in _SCOPES:
        m = pattern.search(sentence)
        if m:
            if scope == "share_of_subsidiaries":
                value = float(next(g for g in m.groups() if g))
                if value == 0:
                    return _NOBODY, None, None  # '0% of subsidiaries': nobody holds it
                if value <= 100:
                    return scope, None, value
                continue  # over 100% is not a share
            if scope == "count_of_subsidiaries":
                count = int(m.group(1)) if m.group(1).isdigit() else _NUMBER_VALUE[m.group(1).lower()]
                if count == 0:
                    return _NOBODY, None, None
                return scope, count, None
            return scope, None, None
    return None, None, None


_SINCE = re.compile(r"\b(?:by\s+the\s+end\s+of|as\s+of|up\s+to|until|since)\s+(?:\w+\s+){0,3}$", re.I)
_OBTAIN = WordCues(lexicon("obtain_verbs"))


def _status(sentence: str, report_year: int | None = None) -> str:
    for pattern, status in _STATUS:
        if pattern.search(sentence):
            return status
    if report_year and _OBTAIN.search(sentence):
        for m in re.finditer(str(report_year), sentence):
            if not _SINCE.search(sentence[: m.start()]):
                return "obtained_this_year"
    return "held"


def is_claim(sentence: str, described_only: bool) -> bool:
    """A certification claim, not a reference to a standard, a demand on suppliers or a printer's mark."""
    cue = _DESCRIPTION_CUE if described_only else _CUE
    if not cue.search(sentence):
        return False
    if _REFERENCE_ONLY.search(sentence) and not _VERB_CUE.search(sentence):
        return False
    if _SUPPLIER_DEMAND.search(sentence) or _PRINTER.search(sentence):
        return False
    return True


StandardMention = tuple[int, int, str, bool]  # start, end, code, named only by description


def standard_mentions(text: str, by_description: bool = True, doc: Doc | None = None) -> list[StandardMention]:
    """Every standard named in ``text`` (the text of ``doc``, when given), by code or (optionally) by description."""
    by_compact, phrases, wordy, described = _lexicon()
    found: list[StandardMention] = []
    for m in _NUMERIC_CODE.finditer(text):
        code = by_compact.get(_compact(m.group(0)))
        if code:
            found.append((m.start(), m.end(), code, False))
    if doc is None:
        doc = phrase_tokenizer().make_doc(text)
    found += [(sp.start_char, sp.end_char, sp.kb_id_, False) for sp in framework_spans(doc, wordy, text, label="STANDARD", touching="")]
    if by_description:
        found += [(sp.start_char, sp.end_char, sp.kb_id_, True) for sp in framework_spans(doc, described, text, label="STANDARD", touching="")]
        for m in _MANAGEMENT_SYSTEM.finditer(text):
            window_start = max(0, m.start() - 120)
            for code in _coordinated_systems(text[window_start: m.end()], phrases):
                found.append((m.start(), m.end(), code, True))
    found.sort()
    return found


def standards_in(sentence: str) -> tuple[set[str], bool]:
    """Codes of the standards a sentence names, and whether any was named only by description."""
    ms = standard_mentions(sentence)
    codes = {c for _, _, c, d in ms if not d}
    described = {c for _, _, c, d in ms if d}
    return codes | described, bool(described - codes)


def _is_certifier(doc: Doc, org: Organization, start: int, clause_start: int) -> bool:
    before = text_of(doc)[max(clause_start, start - 40): start]
    if _CERTIFIER_BEFORE.search(before):
        return True
    return org.kind != "subsidiary" and bool(_CERTIFIER_WORDS.search(org.name))


def _holders(doc: Doc, index: OrgIndex, start: int, end: int) -> list[str]:
    """Organisations named in [start, end) that may hold a certificate (certifiers excluded), in order."""
    out: list[str] = []
    for s, _, key in mentions_between(doc, start, end):
        org = index.by_key.get(key)
        if org is None or _is_certifier(doc, org, s, start):
            continue
        if org.name not in out:
            out.append(org.name)
    return out


def _clauses(text: str, offset: int, std: list[StandardMention]) -> list[tuple[int, int, list[StandardMention]]]:
    """Clauses of a claim, each with the standards inside; a clause without one joins the next."""
    bounds = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)] + [len(text)]
    raw = [(offset + a, offset + b) for a, b in zip(bounds, bounds[1:]) if b > a]
    out: list[tuple[int, int, list[StandardMention]]] = []
    pending = None
    for a, b in raw:
        a = pending if pending is not None else a
        inside = [m for m in std if a <= m[0] < b]
        if inside:
            out.append((a, b, inside))
            pending = None
        else:
            pending = a
    if pending is not None and out:
        a, _, inside = out[-1]
        out[-1] = (a, offset + len(text), inside)
    return out


_WEAK = 0
_STRONG = 1
def _under_certification_heading(sents: list, i: int, reach: int = 40) -> bool:
    """True when sentence ``i`` is a table row (tab-separated cells) under a heading or header row that
    speaks of certification ('Certifications', 'Certified sites'): the heading is the rows' claim."""
    for j in range(i - 1, max(-1, i - reach), -1):
        line = sents[j].text.strip()
        if not line:
            continue
        if _DESCRIPTION_CUE.search(line) and len(line) < 120:
            return True
        if "\t" not in line:
            return False  # the first line above the table that is not a row
    return False


_SITE_WORDS = (r"bases?|plants?|factor(?:y|ies)|sites?|mills?|mines?|terminals?|ports?|depots?|refiner(?:y|ies)|smelters?|"
               r"works|campus(?:es)?|warehouses?|laborator(?:y|ies)|labs?|cent(?:re|er)s?|yards?|facilit(?:y|ies)")
# 'our Eastfield and Northgate bases', 'at our Westbrook terminal', 'the Kirkby and Leigh plants'
_SITE_HOLDERS = re.compile(
    # 'and' between two names stands between spaces: written into a word ('AandAand…') it split the word 2^n ways
    rf"\b(?:[Oo]ur|[Ii]ts|[Tt]he|[Tt]heir)\s+((?:[A-Z][\w\-]+)(?:\s+[A-Z][\w\-]+)?(?:(?:\s*[,&]\s*|\s+and\s+)(?:[A-Z][\w\-]+)(?:\s+[A-Z][\w\-]+)?){{0,8}})\s+({_SITE_WORDS})\b"
)


# A business unit the report names by what it does: 'our data-centre business holds ISO/IEC 27001'
_UNIT_HOLDER = re.compile(r"\b(?:[Oo]ur|[Ii]ts)\s+([a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2})\s+(business|division|segment|business\s+unit)\b")
_NOT_A_UNIT = lexicon("not_a_unit_modifiers")  # patterns/lexicon.jsonl


def _facility_holders(clause: str) -> list[str]:
    """Sites a claim names as its holders, one name per site: 'our Eastfield and Northgate bases' ->
    ['Eastfield base', 'Northgate base'] (the site word in the singular)."""
    m = _SITE_HOLDERS.search(clause)
    if m is None:
        return []
    kind = m.group(2).lower()
    singular = {"factories": "factory", "refineries": "refinery", "laboratories": "laboratory", "facilities": "facility",
                "campuses": "campus", "works": "works"}.get(kind, kind[:-1] if kind.endswith("s") and kind not in ("works",) else kind)
    places = [p.strip() for p in re.split(r"\s*(?:,|\band\b|&)\s*", m.group(1)) if p.strip()]
    if any(p.lower() in SELF_REFERENCES or not_a_subject(p) for p in places):
        return []
    return [f"{p} {singular}" for p in places]


@Language.factory(
    "esg_certifications", requires=REQUIRES["esg_certifications"], assigns=ASSIGNS["esg_certifications"],
    default_config={"by_description": True, "scoped_claims": True, "join_next_sentence": True, "captions": True},
)
def make_certification_reader(
    nlp: Language, name: str, by_description: bool, scoped_claims: bool, join_next_sentence: bool, captions: bool,
) -> "CertificationReader":
    """spaCy factory of :class:`CertificationReader`; each switch turns one kind of cue off."""
    return CertificationReader(by_description, scoped_claims, join_next_sentence, captions)


class CertificationReader:
    """One :class:`Certification` per holder x standard, from the clearest claim in the report."""

    def __init__(self, by_description: bool = True, scoped_claims: bool = True, join_next_sentence: bool = True, captions: bool = True) -> None:
        self.by_description = by_description
        self.scoped_claims = scoped_claims
        self.join_next_sentence = join_next_sentence
        self.captions = captions

    def __call__(self, doc: Doc) -> Doc:
        require(doc, "esg_certifications")
        f = facts(doc)
        index = orgs(doc)
        reporter = index.reporter
        sents = sentences(doc)
        by_sentence: dict[int, list[StandardMention]] = {}
        text = text_of(doc)
        for m in standard_mentions(text, self.by_description, doc):
            i = sentence_index_at(doc, m[0])
            if _MEMBER_OF.search(text, max(sents[i].start_char, m[0] - 80), m[0]):
                continue
            by_sentence.setdefault(i, []).append(m)
        best: dict[tuple[str, str], tuple[int, Certification]] = {}
        for i in sorted(by_sentence):
            span = self._claim_span(doc, sents, i, by_sentence)
            if span is None:
                continue
            start, end = span
            for cert, strength in self._claims(doc, index, reporter, start, end, by_sentence[i], f.report_year):
                key = (cert.holder, cert.standard)
                if key not in best or strength > best[key][0]:
                    best[key] = (strength, cert)
        claimed = {code for (_, code), (strength, _) in best.items() if strength == _STRONG}
        for (holder, code), (strength, cert) in best.items():
            if strength == _STRONG or (self.captions and code not in claimed):
                f.certifications.append(cert)
        return doc

    def _claim_span(self, doc: Doc, sents: list, i: int, by_sentence: dict[int, list[StandardMention]]) -> tuple[int, int] | None:
        """The characters of the claim around sentence ``i``, or None if it makes none."""
        sent = sents[i]
        text = sent.text
        described_only = all(d for *_, d in by_sentence[i])
        if is_claim(text, described_only):
            return sent.start_char, sent.end_char
        if "\t" in text.strip() and _under_certification_heading(sents, i):
            return sent.start_char, sent.end_char  # a row of a table headed 'Certifications'
        if self.join_next_sentence and i + 1 < len(sents) and i + 1 not in by_sentence:
            nxt = sents[i + 1]
            if len(nxt.text) < 300 and _ANAPHORIC.search(nxt.text):
                joined = text_of(doc)[sent.start_char: nxt.end_char]
                if is_claim(joined, described_only):
                    return sent.start_char, nxt.end_char
        return None

    def _claims(self, doc: Doc, index: OrgIndex, reporter: Organization | None, start: int, end: int, std: list[StandardMention], year: int | None):
        text = text_of(doc)[start:end]
        ev = evidence_between(doc, start, end)
        previous: tuple = (None, None, None, [])
        for a, b, inside in _clauses(text, start, std):
            clause = text_of(doc)[a:b]
            scope, count, share = _scope(clause) if self.scoped_claims else (None, None, None)
            holders = [] if scope else _holders(doc, index, a, b)
            if not scope and not holders and not _SELF.search(clause):
                scope, count, share, holders = previous  # 'X passed A, and the B certification': same subject
            previous = (scope, count, share, holders)
            if scope == _NOBODY:
                continue
            strength = _STRONG
            sites = [] if holders or scope else _facility_holders(clause)
            if sites and reporter is not None:  # 'our Eastfield and Northgate bases are ISO 14001 certified': one fact per site
                status = _status(clause, year)
                for site in sites:
                    for code in sorted({c for *_, c, _ in inside}):
                        yield Certification(holder=site, standard=code, evidence=ev, status=status, holder_is_facility=True,
                                            operator=reporter.name), strength
                continue
            unit = None if holders or scope else _UNIT_HOLDER.search(text_of(doc)[a: inside[0][0]])
            if unit and unit.group(1).split()[0].lower() not in _NOT_A_UNIT:
                holders = [index.add(f"{unit.group(1)[0].upper()}{unit.group(1)[1:]} {unit.group(2)}").name]  # 'our data-centre business'
            if not holders and not scope and names_unknown_subject(text_of(doc)[a: inside[0][0]]):
                continue  # the text names a holder this report's organisations do not include: never the reporter's
            if not holders:
                if reporter is None:
                    continue
                holders = [reporter.name]
                if not scope:
                    scope = "group"
                    if not _VERB_CUE.search(text) and not _SELF.search(text):
                        strength = _WEAK  # a caption: 'ISO 14064 carbon inventory certificate'
            status = _status(clause, year)
            described = {c for *_, c, d in inside if d} - {c for *_, c, d in inside if not d}
            for holder in holders:
                for code in sorted({c for *_, c, _ in inside}):
                    yield Certification(
                        holder=holder, standard=code, evidence=ev, scope=scope or "named", count=count,
                        share_percent=share, status=status, named_by="description" if code in described else "code",
                    ), strength
