"""Certification claims: one fact per holder x standard.

Standards are found by code ("ISO 14001:2015", "GB/T29490-2013", "IATF16949") and by the
descriptive phrases the ontology lists as hidden labels ("energy management system"), including
coordinated ones ("quality, environment and occupational health management system").  A
sentence becomes a claim only with a certification cue and without a mere-reference cue
("refers to", "complies with"), and not when the standard is put on suppliers.
"""
from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import vocab
from ..records import Certification
from .base import evidence, facts, orgs, sentence_at
from .orgs import mentions_in
from .text import name_key

_NUMERIC_CODE = re.compile(
    r"(?<![\w/])(?:ISO|IEC|IATF|SA|QC|OHSAS|GB\s*/\s*T|GB)\s*[/\-]?\s*(?:IEC\s*/?\s*|TS\s*)?\d{3,6}(?:\s*[-:：]\s*(?:19|20)\d\d)?(?!\d)",
    re.I,
)
_CUE = re.compile(r"certif|accredit|passed|obtain|achiev|awarded|granted|\bhold|\bheld\b|registered|\baudit|verified|verification|recogni[sz]ed|approved", re.I)
_STRONG_CUE = re.compile(r"certif|accredit|passed|obtain|achiev|awarded|granted|registered", re.I)
_DESCRIPTION_CUE = re.compile(r"certif|accredit|certificate", re.I)
_REFERENCE_ONLY = re.compile(
    r"\brefer(?:s|red|ring)?\s+to\b|\bin\s+accordance\s+with\b|\baccording\s+to\b|\bfollow(?:s|ed|ing)?\b|\bcompl(?:y|ies|ied|iance)\s+with\b"
    r"|\bbased\s+on\b|\bguided\s+by\b|\bin\s+line\s+with\b|\bpursuant\s+to\b|\bwith\s+reference\s+to\b|\bbenchmark",
    re.I,
)
_SUPPLIER_DEMAND = re.compile(r"\bsuppliers?\b[^.]{0,80}\b(?:require|request|encourage|must|should|ask)|\b(?:require|request|encourage|ask)\w*\s+(?:all\s+|our\s+|its\s+|the\s+)?suppliers?\b", re.I)
_PRINTER = re.compile(r"\bprinted\b|\bpaper\b|\bprinting\b", re.I)
_MANAGEMENT_SYSTEM = re.compile(r"management\s+systems?", re.I)

# ----------------------------------------------------------------------------- holder scope
_SCOPES = [
    (re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%\s*of\s+(?:the\s+|its\s+|our\s+)?(?:company\s*'?s\s+|group\s*'?s\s+)?subsidiaries|proportion\s+of\s+[^.]{0,60}subsidiaries[^.]{0,120}?(\d{1,3}(?:\.\d+)?)\s*%", re.I), "share_of_subsidiaries"),
    (re.compile(r"\ball\s+(?:of\s+)?(?:its\s+|our\s+|the\s+)?(?:major|main|key|principal|core)\s+(?:operating\s+)?subsidiaries|\b(?:major|main|key|principal)\s+subsidiaries", re.I), "major_subsidiaries"),
    (re.compile(r"\ball\s+(?:of\s+)?(?:its\s+|our\s+|the\s+)?(?:company\s*'?s\s+|group\s*'?s\s+)?subsidiaries|\b(?:the\s+company|the\s+group|we)\s+and\s+(?:all\s+)?(?:its|our)\s+subsidiaries|\beach\s+subsidiary", re.I), "all_subsidiaries"),
    (re.compile(r"(?<![\d.,%])(\d{1,3})\s+(?:of\s+(?:the\s+|its\s+|our\s+)?(?:company\s*'?s\s+|group\s*'?s\s+)?)?(?:\w+\s+)?(?:subsidiaries|subsidiary|companies|enterprises|plants|factories|production\s+bases)\b", re.I), "count_of_subsidiaries"),
    (re.compile(r"\b(?:some|several|certain|many|a\s+number\s+of|most)\s+(?:of\s+(?:the|its|our)\s+)?subsidiaries", re.I), "some_subsidiaries"),
]
_CERTIFIER_BEFORE = re.compile(r"(?:issued\s+by|certified\s+by|from|by|with)\s*$", re.I)
_CERTIFIER_WORDS = re.compile(r"certification|verification|inspection|testing|quality\s+assurance|t[uü]v|\bsgs\b|bureau\s+veritas|\bdnv\b|intertek|\bcqc\b|assessment|accreditation", re.I)

_STATUS = [
    (re.compile(r"\bapplying\b|\bin\s+the\s+process\s+of\b|\bunderway\b|\bpreparing\s+for\b|\bin\s+progress\b|\bapplication\s+for\b", re.I), "in_progress"),
    (re.compile(r"\bplan(?:s|ned)?\s+to\b|\bwill\s+(?:apply|obtain|pass|achieve|complete)|\baims?\s+to\b|\bstrive\s+to\b", re.I), "planned"),
    (re.compile(r"\brenew|\bre-?certif|\bagain\b|\bsurveillance\s+audit|\bmaintained\b", re.I), "renewed"),
    (re.compile(r"\bthis\s+year\b|\bduring\s+the\s+year\b|\bin\s+the\s+reporting\s+period\b|\bnewly\b|\bfor\s+the\s+first\s+time\b", re.I), "obtained_this_year"),
]


def _compact(code: str) -> str:
    c = code.upper()
    c = re.sub(r"[-:：]\s*(?:19|20)\d\d\b", "", c)
    c = c.replace("IEC", "").replace("/TS", "")
    return re.sub(r"[^A-Z0-9]", "", c)


@lru_cache(maxsize=1)
def _lexicon() -> tuple[dict[str, str], dict[str, str], re.Pattern[str], re.Pattern[str] | None]:
    """(compact spelling -> code, phrase -> code, pattern of non-numeric spellings, pattern of phrases)."""
    by_compact: dict[str, str] = {}
    phrases: dict[str, str] = {}
    wordy: list[str] = []
    for code, info in vocab.standards().items():
        for s in info.spellings:
            by_compact.setdefault(_compact(s), code)
            if not re.search(r"\d{3,}", s):
                wordy.append(s)
        for p in info.phrases:
            phrases.setdefault(p.lower(), code)

    def flexible(s: str) -> str:
        return r"[\s/\-]*".join(re.escape(part) for part in re.findall(r"[A-Za-z0-9]+", s))

    wordy_re = re.compile(r"(?<![\w])(?:" + "|".join(flexible(s) for s in sorted(set(wordy), key=len, reverse=True)) + r")(?![\w])", re.I) if wordy else re.compile(r"(?!x)x")
    other = [p for p in phrases if "management system" not in p]
    phrase_re = re.compile(r"(?<![\w])(?:" + "|".join(flexible(p) for p in sorted(other, key=len, reverse=True)) + r")(?![\w])", re.I) if other else None
    return by_compact, phrases, wordy_re, phrase_re


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


def standards_in(sentence: str) -> tuple[set[str], bool]:
    """Codes of the standards a sentence names, and whether any was named only by description."""
    by_compact, phrases, wordy_re, phrase_re = _lexicon()
    codes = {by_compact[c] for c in (_compact(m.group(0)) for m in _NUMERIC_CODE.finditer(sentence)) if c in by_compact}
    codes |= {by_compact[c] for c in (_compact(m.group(0)) for m in wordy_re.finditer(sentence)) if c in by_compact}
    described = _coordinated_systems(sentence, phrases)
    if phrase_re is not None:
        described |= {phrases[re.sub(r"[\s/\-]+", " ", m.group(0).lower())] for m in phrase_re.finditer(sentence) if re.sub(r"[\s/\-]+", " ", m.group(0).lower()) in phrases}
    return codes | described, bool(described - codes)


def _scope(sentence: str) -> tuple[str | None, int | None, float | None]:
    for pattern, scope in _SCOPES:
        m = pattern.search(sentence)
        if m:
            if scope == "share_of_subsidiaries":
                value = next(g for g in m.groups() if g)
                return scope, None, float(value)
            if scope == "count_of_subsidiaries":
                return scope, int(m.group(1)), None
            return scope, None, None
    return None, None, None


def _status(sentence: str) -> str:
    for pattern, status in _STATUS:
        if pattern.search(sentence):
            return status
    return "held"


def is_claim(sentence: str, described_only: bool) -> bool:
    """A certification claim, not a reference to a standard, a demand on suppliers or a printer's mark."""
    cue = _DESCRIPTION_CUE if described_only else _CUE
    if not cue.search(sentence):
        return False
    if _REFERENCE_ONLY.search(sentence) and not _STRONG_CUE.search(sentence):
        return False
    if _SUPPLIER_DEMAND.search(sentence) or _PRINTER.search(sentence):
        return False
    return True


def _holders(doc: Doc, sent: Span) -> list[str]:
    """Named holders in the sentence (certifiers excluded); facility phrases resolve to their operator."""
    index = orgs(doc)
    out: list[str] = []
    for start, end, key in mentions_in(doc, sent):
        org = index.by_key.get(key)
        if org is None:
            continue
        before = doc.text[max(sent.start_char, start - 25): start]
        if _CERTIFIER_BEFORE.search(before) and _CERTIFIER_WORDS.search(org.name):
            continue
        if _CERTIFIER_WORDS.search(org.name) and "certif" in name_key(org.name):
            continue
        if org.name not in out:
            out.append(org.name)
    return out


@Language.component("esg_certifications")
def esg_certifications(doc: Doc) -> Doc:
    """One :class:`Certification` per holder x standard for every claim sentence."""
    f = facts(doc)
    reporter = orgs(doc).reporter
    seen: set[tuple[str, str, int]] = set()
    for sent in _candidate_sentences(doc):
        text = sent.text
        codes, described_only = standards_in(text)
        if not codes or not is_claim(text, described_only):
            continue
        scope, count, share = _scope(text)
        holders = [] if scope else _holders(doc, sent)
        if not holders:
            if reporter is None:
                continue
            holders = [reporter.name]
            scope = scope or "group"
        ev = evidence(doc, sent)
        status = _status(text)
        for holder in holders:
            for code in sorted(codes):
                if (holder, code, ev.start) in seen:
                    continue
                seen.add((holder, code, ev.start))
                f.certifications.append(Certification(
                    holder=holder, standard=code, evidence=ev, scope=scope or "named", count=count,
                    share_percent=share, status=status, named_by="description" if described_only else "code",
                ))
    return doc


def _candidate_sentences(doc: Doc) -> list[Span]:
    """Sentences holding a standard code, a standard's name or 'management system': one pass over the text."""
    _, _, wordy_re, phrase_re = _lexicon()
    starts: dict[int, Span] = {}
    for pattern in (_NUMERIC_CODE, wordy_re, _MANAGEMENT_SYSTEM, phrase_re):
        if pattern is None:
            continue
        for m in pattern.finditer(doc.text):
            sent = sentence_at(doc, m.start())
            starts.setdefault(sent.start_char, sent)
    return [starts[k] for k in sorted(starts)]
