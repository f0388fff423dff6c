"""Subsidiaries, associates, joint ventures, branches and business segments, each with its parent.

Evidence of group membership, strongest first:

1. a relation word next to the name that speaks of the reporter's group (possessed, counted, owned, 'of the
   Company', or followed by the names): "its subsidiary X", "X, a joint venture of the Company",
   "two associates, namely X and Y", "three subsidiaries under X, namely ..." (X is then the parent),
   "the Company acquired X", "X is the parent company of A and B"; a description that gives a name its role, as a
   listing document's definitions do ("X Co., Ltd., ... and a wholly-owned subsidiary of our Company"; "X Ltd.,
   one of our Pre-IPO Investors" makes X an outsider);
2. a definitions table that lists the reporter together with other companies, or a table of subsidiaries (a
   header with a column only such tables have: place of incorporation, equity interest held, registered office);
3. the reporter's distinctive name word inside the name ("Acme (Mexico) Co., Ltd." of "Acme Holding");
4. by default, another company with a legal form that the report names, when one of its mentions gives evidence
   of the group (possessed, an ownership word in its clause, a description such as 'established in', or the subject
   that opens a sentence and acts: see _group_evidence), unless its name or the words around its mentions make it
   an outsider (certifier, exchange, university, bank, supplier, customer, partner, shareholder, sponsor, a list
   after such a role, a role heading above it) or it is the reporter's own parent group.

Unit nouns ('company', 'utilities', 'business', 'arm', 'satellites') name units only where the reporter possesses
them ('our electric utilities, A, B, and C', 'X, our chemical company', "X is the group's environmental company",
'the Acme chemical company'): names without a legal form are read there by the cue structures.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict

import numpy
import spacy
from spacy.attrs import ORTH
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..records import Organization, Subsidiary
from .base import OrgIndex, evidence, facts, orgs, sentence_at, text_of
from .base import ASSIGNS, REQUIRES, require  # declared attributes and the call-time check (issue 20)
from .orgs import add_mentions, mentions_in
from .company import CREDIT as _CREDIT
from .learned.features import SUBSIDIARY_RULE_KEY, opens_clause_as_subject, verb_follows
from .legal_forms import is_nonprofit, strip_legal_form
from .places import PLACE, is_place_adjective
from .mentions.names import ordinary, starts_like_name
from .mentions.phrases import WordCues
from .patterns import lexicon, records
from .text import LEGAL_FORM_WORDS, SELF_REFERENCES, loose_key, name_key

# the partner of a joint venture: 'a joint venture with (the) X', 'a joint venture between the Company and X'
_VENTURE_BETWEEN = r"\bventures?\s+between(?:\s+[^,;.]{0,40}?\s+and)?"  # 'a joint venture between the Company and X'
_VENTURE_PARTNER = re.compile(rf"\bventures?\s+(?:(?:company\s+|agreement\s+)?with|(?:formed\s+)?together\s+with)\s+(?:the\s+)?$|{_VENTURE_BETWEEN}\s+(?:the\s+)?$", re.I)
_SEGMENTS = re.compile(
    r"\b(?:business(?:es)?\s+)?(?:mainly\s+|primarily\s+)?(?:in|into|of|has|comprises?|includes?|covers?)\s+(?:\w+\s+){0,2}(?:(?:two|three|four|five|six|seven|eight|\d)\s+)?(?:major\s+|main\s+|business\s+)*(?:sectors|segments|business\s+units|divisions)\s*[:：,]\s*"
    r"((?:[A-Z][\w'’\-]*(?:[ ]+[A-Z][\w'’\-]*){0,5}(?:\s*[,、]\s*|\s+and\s+)){1,8}[A-Z][\w'’\-]*(?:[ ]+[A-Z][\w'’\-]*){0,5})",
)
# "subsidiaries, namely A, B and C" / "subsidiaries, including an audit on A and B": names without a legal form
_NAMED_LIST = re.compile(
    r"\bsubsidiar(?:y|ies)\b[^.;\n]{0,40}?\b(?:namely|including|such\s+as|i\.e\.)[:,]?\s+(?:(?:an?|the)\s+)?(?:[a-z\-]+\s+){0,5}?(?:(?:on|of|at|in)\s+)?"
    r"((?:[A-Z][\w'’\-]*(?:[ ]+[A-Z][\w'’\-]*){1,4})(?:(?:\s*[,、]\s*|\s+and\s+)[A-Z][\w'’\-]*(?:[ ]+[A-Z][\w'’\-]*){1,4}){0,9})"
)
# "acquired MQP in the UK": an acquired business, named without a legal form (not a certificate or a title)
_ACQUIRED = re.compile(
    r"\b(?:acquired|acquisition\s+of)\s+(?:the\s+)?(?!(?:ISO|IATF|GB|OHSAS|SA|QC|IEC|RBA|ASI|RMI|National|Provincial|Municipal)\b)"
    r"([A-Z][\w&'’\-]*(?:[ ]+[A-Z][\w&'’\-]*){0,4})(?![ ]*(?:\d|certif|Certif|standard|Standard|title|Title|award|Award|patent|Patent))"
    # ... nor a name before a common noun it modifies ('acquired Brisk machines'); function words may follow
    r"(?![ ]+(?!(?:in|at|from|for|to|of|and|or|with|since|by|on|which|that|as|the|a|an|was|is|in|into|during|under)\b)[a-z])"
)
# Outsiders by name: certifiers, exchanges, regulators, universities, banks, associations ...
_EXTERNAL_NAME = WordCues(lexicon("outsider_name_words"))  # patterns/lexicon.jsonl
_FINANCE_WORDS = lexicon("finance_name_words")  # patterns/lexicon.jsonl
# Words right before a mention that make it an outsider in that sentence.
_EXTERNAL_BEFORE = re.compile(
    r"(?:\b(?:suppl(?:ier|iers|ies|ied)|customers?|clients?|partners?(?:hip)?|cooperat\w*|collaborat\w*|agreements?|"
    r"contracts?|signed|shareholders?|parent\s+company|controlling|sponsor\w*|donat\w*\s+to|vendors?|buyers?|purchas\w*|procur\w*|"
    # other parties by their role: tenants, lenders, investors, advisers, intermediaries of an offering, peers
    r"tenants?|lessees?|landlords?|lenders?|creditors?|underwriters?|registrars?|auditors?|advis[eo]rs?|counsel|"
    r"valuers?|appraisers?|trustees?|depositar(?:y|ies)|custodians?|agents?|distributors?|contractors?|subcontractors?|"
    r"competitors?|peers|rivals?|licensees?|licensors?|counterpart(?:y|ies)|rat(?:ed|ings?)\s+(?:by|agenc\w*)|provided\s+by)\b[^.;\n]{0,80}"
    r"|\b(?:by|from|with|entrust\w*|commission\w*|engag\w*|hired|awarded|issued|audited|verified|certified)\s+(?:the\s+)?"
    rf"|{_VENTURE_BETWEEN}\s+(?:the\s+)?)$",
    re.I,
)
# Words right after a mention: 'X Co., Ltd., a third-party organisation', 'X Co., Ltd. (our customer)', 'X awarded us'.
_EXTERNAL_AFTER = re.compile(
    r"[\s,(]*(?:which\s+is\s+|who\s+is\s+)?(?:an?|the|our|its)\s+(?:[\w\-]+\s+){0,3}?"
    r"(?:customers?|clients?|suppliers?|vendors?|partners?|third[\s\-]party|certification|verification|consult\w*|"
    r"organi[sz]ation|institution|association|university|bank|shareholders?|tenants?|lenders?|investors?|underwriters?|"
    r"registrars?|auditors?|advis[eo]rs?|trustees?|competitors?|peers?|regulators?|distributors?|contractors?)\b"
    r"|\s+(?:awarded|granted|presented|issued|certified|audited|verified)\s+(?:the\s+company|the\s+group|us|our)\b",
    re.I,
)
# 'our parent company, X' / 'X, the ultimate holding company': X owns the reporter; but 'the parent company of A and B'
# names what the reporter owns (unless what follows 'of' is the reporter itself: 'the parent company of the Company is X')
_PARENT_CONTEXT = re.compile(
    r"\b(?:controlling\s+shareholders?|actual\s+controller)\b"
    r"|\b(?:parent\s+(?:company|group)|ultimate\s+(?:holding|parent)(?:\s+company)?)\b(?!\s+(?:of|for)\s+(?!(?:the\s+|our\s+)?(?:company|group|us)\b))",
    re.I)
_GROUP_WORDS = lexicon("group_name_words")  # patterns/lexicon.jsonl
RULE_KEY = SUBSIDIARY_RULE_KEY  # doc.user_data: name key of each candidate -> the rule that proposed it (a feature of the model)
_GENERIC_STEM_WORDS = lexicon("generic_name_stem_words")  # patterns/lexicon.jsonl


@Language.factory("esg_subsidiaries", requires=REQUIRES["esg_subsidiaries"], assigns=ASSIGNS["esg_subsidiaries"], default_config={"group_members_by_default": True, "name_stem_members": True})
def make_subsidiary_reader(nlp: Language, name: str, group_members_by_default: bool, name_stem_members: bool) -> "SubsidiaryReader":
    """spaCy factory of :class:`SubsidiaryReader`; the two switches turn rules 3 and 4 (see module doc) off."""
    return SubsidiaryReader(group_members_by_default, name_stem_members, vocab=nlp.vocab)


class SubsidiaryReader:
    """Organisations of the reporter's group (subsidiaries, JVs, associates, branches, segments) with their parent."""

    def __init__(self, group_members_by_default: bool = True, name_stem_members: bool = True, vocab=None) -> None:
        self.group_members_by_default = group_members_by_default
        self.name_stem_members = name_stem_members
        self.cues = CueMatcher(vocab if vocab is not None else spacy.blank("en").vocab)

    def __call__(self, doc: Doc) -> Doc:
        require(doc, "esg_subsidiaries")
        index = orgs(doc)
        reporter = index.reporter
        if reporter is None:
            return doc
        found: dict[str, Subsidiary] = {}
        outsiders, by_context = _outsiders(doc, index)
        cues, words, owners = self.cues(doc)  # once: the roles and the structures read the same cue phrases, _explicit the words
        outsiders |= _roles(doc, cues, index, reporter, found)
        _subsidiary_tables(doc, index, reporter, found, outsiders)
        _named_lists(doc, index)
        _explicit(doc, words, owners, index, reporter, found, outsiders)
        _structures(doc, cues, index, reporter, found, outsiders)
        _segments(doc, index, reporter, found)
        if self.name_stem_members:
            _named_units(doc, index, reporter, found, outsiders)
        rkey = name_key(reporter.name)
        stem = _stem(reporter.name) if self.name_stem_members else None
        first_mention = _first_mentions(doc)
        evidenced = _group_evidence(doc) if self.group_members_by_default else set()
        for key, org in list(index.by_key.items()):
            if key in found or key == rkey or key in outsiders or key not in first_mention:
                continue
            member = key in index.table_members or (stem is not None and f" {stem} " in f" {key} ")
            if member or (self.group_members_by_default and key not in by_context and key in evidenced):
                _add(found, org, reporter, "subsidiary", doc, first_mention[key], "table" if key in index.table_members else "stem" if member else "default")
        _drop_outside_owners(doc, found, reporter)
        facts(doc).subsidiaries.extend(found.values())
        return doc


# Positive evidence that a company the report names belongs to the reporter's group, which a member by default needs:
# possessed right before it ('our subsidiary X', "the Group's X"), an ownership word in its clause ('wholly-owned',
# 'acquired', 'invested in', 'a stake in'), a description after it ('X, established in 2010, ...', 'X Ltd. Registered in
# Scotland'), or the name opening
# a sentence as the subject that acts ('X has built a solar plant'), as reports write of their own units.
_OWN_BEFORE = re.compile(r"\b(?:our|its|the\s+(?:group|company)['’]s)\s+(?:[\w\-]+\s+){0,3}$"
                         r"|\b(?:department|division|directorate|service|unit)\s*[(,]\s*$", re.I)  # 'Repair Department (X)'
# the first names of a coordination that opens a sentence: 'X and Y jointly undertook', 'X, Y and Z have built'
_COORDINATED = re.compile(r"\s*(?:,|and|&)\s*(?:and\s+)?$")
_OWNERSHIP_WORDS_RE = re.compile(
    r"\b(?:wholly[\s\-]+owned|subsidiar(?:y|ies)|affiliates?|joint[\s\-]+ventures?|invest(?:ed|ments?)\s+(?:\S+\s+){0,4}?in|acquir(?:ed|ing|es|e)|"
    r"acquisition\s+of|(?:stake|interest|shareholding)s?\s+in|controlled\s+by\s+(?:us|the\s+(?:group|company)))\b", re.I)
# 'a subsidiary of X', 'acquired ... from X', 'owned by X': an ownership word before names X as an owner or seller
_OWNER_PREPOSITION = re.compile(r"\b(?:of|by|from|with|to)\s+(?:the\s+)?$", re.I)
_DESCRIBED_AFTER = re.compile(r"[\s,.(]*(?:a\s+(?:[\w\-]+\s+){0,4}?(?:company|entity)\s+)?(?:established|incorporated|founded|registered\s+in)\b", re.I)
_LEGAL_DOT = re.compile(r"\b(?:Co|Ltd|Inc|Corp|Pty|Plc|Bhd|No|St|Mr|Ms|Dr|U\.S|S\.p\.A|S\.A|N\.V|B\.V|L\.P)\.")
_CONTEXT_CHARS = 120
# a counterparty that acts under a contract with the group ('X provides photoresist to us under a framework agreement',
# a listing document's connected transactions): acting as the subject is no evidence of membership there
_UNDER_AGREEMENT = re.compile(r"(?i)\b(?:framework|supply|purchase|procurement|sales|services)\s+(?:framework\s+)?agreements?\b")


def _clause_before(text: str, start: int) -> str:
    """The text of the clause before ``start`` (up to 120 characters, from the last full stop, semicolon or blank
    line; a legal form's dots, 'Co., Ltd.', end nothing)."""
    before = _LEGAL_DOT.sub(lambda m: m.group(0)[:-1] + " ", text[max(0, start - _CONTEXT_CHARS): start])
    cut = max(before.rfind(". "), before.rfind(".\n"), before.rfind(";"), before.rfind("\n\n"))
    return before[cut + 1:]


def _clause_after(text: str, end: int) -> str:
    """The text of the clause after ``end`` (up to 120 characters, to the next full stop, semicolon or blank line)."""
    after = _LEGAL_DOT.sub(lambda m: m.group(0)[:-1] + " ", text[end: end + _CONTEXT_CHARS])
    cuts = [i for i in (after.find(". "), after.find(".\n"), after.find(";"), after.find("\n\n")) if i >= 0]
    return after[: min(cuts)] if cuts else after


def _group_evidence(doc: Doc) -> set[str]:
    """Keys of organisations with positive evidence of group membership at one of their mentions (see above)."""
    text = text_of(doc)
    out: set[str] = set()
    chain: list[str] = []  # keys of a coordination that opened its sentence, waiting for its verb
    last_end = -1
    for start, end, key in doc._.org_mentions or []:
        if chain and not (0 <= start - last_end <= 8 and _COORDINATED.fullmatch(text, last_end, start)):
            chain = []
        before, after = _clause_before(text, start), _clause_after(text, end)
        opens = bool(chain) or not _line_before(text, start).strip(" \t•●▪■-–—")
        owned_before = _OWNERSHIP_WORDS_RE.search(before) and not _OWNER_PREPOSITION.search(before)
        owned_after = _OWNERSHIP_WORDS_RE.search(after) and not _OWNS_THE_CUE.match(after)  # not 'X and its subsidiaries'
        if _OWN_BEFORE.search(before) or owned_before or owned_after \
                or _DESCRIBED_AFTER.match(text, end, end + _CONTEXT_CHARS) \
                or not _UNDER_AGREEMENT.search(after) and (opens_clause_as_subject(text, start, end) or (chain and verb_follows(text, end))):
            out.update(chain + [key])
            chain = []
        elif opens:
            chain.append(key)
        last_end = end
    return out


def _drop_outside_owners(doc: Doc, found: dict[str, Subsidiary], reporter: Organization) -> None:
    """'We buy power from X, a subsidiary of Y Corp.': when the owner a description names is a member by default
    only, or no member at all, X and Y belong to another group, and neither is kept."""
    rules = doc.user_data.get(RULE_KEY, {})
    for key, sub in list(found.items()):
        owner = name_key(sub.parent)
        if rules.get(key) == "apposition" and sub.parent != reporter.name and rules.get(owner) in ("default", None):
            found.pop(key, None)
            found.pop(owner, None)


def _add(found: dict[str, Subsidiary], org: Organization, parent: Organization, relation: str, doc: Doc, char: int, rule: str = "") -> None:
    if rule in ("cue", "default", "stem", "table"):
        head = _wrapped_head(text_of(doc), char)
        if head:  # 'RBC\nWealth Management Inc.': the name's first words ended the line above
            org = orgs(doc).add(f"{head} {org.name}", kind="subsidiary")
    key = name_key(org.name)
    if key in found or not _names_a_unit(doc, org.name, parent, rule):
        return
    doc.user_data.setdefault(RULE_KEY, {})[key] = rule
    org.kind = "subsidiary"
    found[key] = Subsidiary(name=org.name, parent=parent.name, relation=relation, evidence=evidence(doc, sentence_at(doc, char)))


def _wrapped_head(text: str, start: int) -> str | None:
    """The first words of a name that a PDF line break cut off: the name mentioned at ``start`` opens a
    line, and the line above is running text (a comma, colon or semicolon before its tail, or a long line) that
    ends in one to four name words after its last separator ('..., and RBC' over 'Wealth Management Inc.')."""
    line = text.rfind("\n", 0, start) + 1
    if line <= 1 or text[line:start].strip():
        return None
    above = text[text.rfind("\n", 0, line - 1) + 1: line - 1].rstrip()
    if not above or above[-1] in ".:;,!?)]”\"'’" or "\t" in above:
        return None
    cut = max(above.rfind(c) for c in ",;:(")
    tail = above[cut + 1:].split()
    if cut < 0 and len(above) < 40:
        return None  # a short line of its own: a heading over the name, not its first words
    if tail and tail[0].lower() in ("and", "or", "&"):
        tail = tail[1:]
    if not 1 <= len(tail) <= 4 or cut < 0 and len(above.split()) <= len(tail):
        return None
    if not all(starts_like_name(w) and w.lower() not in STOP_WORDS for w in tail) or any(w.lower().rstrip("s") in ("subsidiar", "affiliate", "segment", "divisions", "company") for w in tail):
        return None
    return " ".join(tail)


def _names_a_unit(doc: Doc, name: str, parent: Organization, rule: str) -> bool:
    """False for what no rule should list as a unit of ``parent``: a name led by a function word or a location
    adjective ('Each of X', 'Neither X', 'Netherlands-based X': a mention that took in the words before it),
    the parent itself under a legal or group form ('X Group Limited' of 'X'), a name of legal and group words
    only ('Group Plc', 'Pty Limited'), and for the default and name-word rules a name whose other words are
    ordinary language here ('Dual Listed Company', 'Regional Company')."""
    ws = name.split()
    if not ws:
        return False
    first = ws[0].lower()
    if (first != "the" and first in STOP_WORDS and len(ws) > 1) or first.endswith("-based"):
        return False
    own = set(name_key(parent.name).split()) | {w for a in parent.aliases for w in name_key(a).split()}
    distinctive = [w for w in name_key(name).split() if w not in _GROUP_WORDS | LEGAL_FORM_WORDS]
    if not distinctive or set(distinctive) <= own:
        return False
    if rule in ("default", "stem"):
        rest = " ".join(w for w in strip_legal_form(name).split() if w.lower().strip(".,") not in _GROUP_WORDS | LEGAL_FORM_WORDS)
        if rest and ordinary(rest, text_of(doc)):
            return False
    return True


def _first_mentions(doc: Doc) -> dict[str, int]:
    out: dict[str, int] = {}
    for start, _, key in doc._.org_mentions:
        out.setdefault(key, start)
    return out


def _stem(reporter_name: str) -> str | None:
    """The reporter's distinctive name word(s): the first word that is not a place or a generic word."""
    ws = name_key(PLACE.sub(" ", reporter_name)).split()
    ws = [w for w in ws if w not in _GENERIC_STEM_WORDS]
    if not ws:
        return None
    if len(ws[0]) < 3 and len(ws) > 1:
        return " ".join(ws[:2])
    return ws[0] if len(ws[0]) >= 3 else None


def _is_parent_group(org: Organization, reporter: Organization) -> bool:
    """'Acme Group Co., Ltd.' above 'Acme New Material Co., Ltd.': the group's name adds nothing but a place."""
    own = set(name_key(PLACE.sub(" ", org.name)).split()) - _GROUP_WORDS
    return bool(own) and own < set(name_key(reporter.name).split()) and bool(set(name_key(org.name).split()) & _GROUP_WORDS)


def _outsiders(doc: Doc, index: OrgIndex) -> tuple[set[str], set[str]]:
    """Keys of organisations that are not group members: (by name or as parent, by the words around their mentions).

    The second set is weaker evidence: a name carrying the reporter's stem or listed in its
    definitions table is still a member ("jointly built by Acme Wheel Co., Ltd. and a university").
    """
    reporter = index.reporter
    text = text_of(doc)
    total: dict[str, int] = defaultdict(int)
    external: dict[str, int] = defaultdict(int)
    parent_ctx: set[str] = set()
    credited: set[str] = set()
    for start, end, key in doc._.org_mentions:
        total[key] += 1
        credit = _CREDIT.search(text, max(0, start - 40), start)
        if credit and ("\n" not in text[credit.end(): start] or credit.group(0).rstrip().endswith(":")):
            credited.add(key)  # 'Photo: X Inc.', 'Printed by X Ltd.' (not a row after a table cell 'Chip design')
        before = text[max(0, start - 100): start]
        cut = max(before.rfind("."), before.rfind("\n"), before.rfind(";"))
        before = before[cut + 1:]
        if _EXTERNAL_BEFORE.search(before) or _EXTERNAL_AFTER.match(text, end, end + 80) or _under_role_heading(text, start):
            external[key] += 1
        if _PARENT_CONTEXT.search(before) or _PARENT_CONTEXT.search(text, end, end + 40):
            parent_ctx.add(key)
    hard, soft = set(), set()
    stem = _stem(reporter.name) if reporter else None
    for key, org in index.by_key.items():
        word = _EXTERNAL_NAME.find(org.name)
        outside_word = word is not None
        if outside_word and stem and f" {stem} " in f" {key} " and org.name[word[0]:word[1]].lower() in _FINANCE_WORDS:
            outside_word = False  # 'Acme Securities Inc.', 'Acme Trust Company' of Acme: the group's own financial arm
        if outside_word or is_nonprofit(org.name) or key in parent_ctx or key in credited or (reporter and _is_parent_group(org, reporter)):
            hard.add(key)
        elif total[key] and 2 * external[key] >= total[key]:
            soft.add(key)
    return hard, soft


def _under_role_heading(text: str, start: int) -> bool:
    """True when the name at ``start`` opens its line and the line above is a short heading naming another party's
    role ('Sole Sponsor' over 'X Capital Limited', 'Auditor' over 'Y & Co.'), as listing documents set their parties."""
    if _line_before(text, start).strip():
        return False
    line = text.rfind("\n", max(0, start - _LINE_REACH), start)
    if line < 0:
        return False
    above = text[text.rfind("\n", max(0, line - _LINE_REACH), line) + 1: line].strip()
    return 0 < len(above.split()) <= 5 and _EXTERNAL_BEFORE.search(above) is not None


def _named_lists(doc: Doc, index: OrgIndex) -> None:
    """Names without a legal form that a sentence lists as subsidiaries become organisations."""
    new: dict[str, str] = {}
    for m in _NAMED_LIST.finditer(text_of(doc)):
        for part in re.split(r"\s*(?:,|、|\band\b)\s*", m.group(1)):
            part = part.strip()
            if len(part.split()) >= 2 and not PLACE.fullmatch(part) and index.resolve(part) is None:
                org = index.add(part)
                new[part] = name_key(org.name)
    for m in _ACQUIRED.finditer(text_of(doc)):
        part = m.group(1).strip()
        if not PLACE.fullmatch(part) and index.resolve(part) is None and len(part) >= 2:
            org = index.add(part)
            new[part] = name_key(org.name)
    add_mentions(doc, new)


# A relation word that speaks of the reporter's own group: possessed ('our subsidiaries', "the Group's affiliates"),
# counted ('three subsidiaries', 'all subsidiaries'), owned ('wholly-owned', 'a 60% stake'), of the group ('subsidiaries
# of the Company') or followed by the names it introduces ('subsidiaries, namely', 'a joint venture known as').
_ANCHOR_BEFORE = re.compile(
    r"(?:\b(?:our|its|their)|['’]s|\b(?:all|each|every|major|main|principal|key|other|several|various|certain|two|three|four|five|six|seven|"
    r"eight|nine|ten|\d{1,3}))[ \t\n]+(?:[\w\-]+[ \t\n]+){0,3}$", re.I)
_ANCHOR_AFTER = re.compile(
    r"[ \t\n]*(?:,[ \t\n]*)?(?:(?:of|under|owned[ \t\n]+by|within)[ \t\n]+(?:the[ \t\n]+|our[ \t\n]+)?(?:company|group|bank|corporation|us)\b"
    r"|(?:namely|including|include|includes|such[ \t\n]+as|i\.e\.|known[ \t\n]+as|called|named)\b|[:(])", re.I)


def _anchored(text: str, cue: Cue, own_names: tuple[str, ...] = ()) -> bool:
    """True when the relation word ``cue`` speaks of the reporter's own group (see _ANCHOR_BEFORE / _ANCHOR_AFTER), or
    of the reporter by name ('subsidiaries of Acme Holdings', ``own_names``)."""
    start, end, relation = cue
    if relation == "subsidiary" and not text[start:end].lower().startswith("subsidiar"):
        return True  # 'wholly-owned', 'a 60% stake', 'controlled companies': ownership stated
    if _ANCHOR_BEFORE.search(text, max(0, start - 50), start) or _ANCHOR_AFTER.match(text, end, end + 60):
        return True
    owner = _OWNER_WORD.match(text, end, end + 20)
    return owner is not None and bool(own_names) and text[owner.end(): owner.end() + 80].lower().startswith(own_names)


# 'X and its subsidiaries', 'X, together with its affiliates': X is the owner of the relation word after it
_OWNS_THE_CUE = re.compile(r"\s*(?:,\s*)?(?:and|with|together\s+with)\s+(?:its|their)\s+(?:[\w\-]+\s+){0,2}?(?:subsidiar|affiliat|associat|joint)", re.I)
_OWNER_WORD = re.compile(r"[ \t\n]+(?:of|under|owned[ \t\n]+by)[ \t\n]+(?:the[ \t\n]+)?", re.I)


def _explicit(doc: Doc, words: list[Cue], owners: dict[int, int], index: OrgIndex, reporter: Organization, found: dict[str, Subsidiary], outsiders: set[str]) -> None:
    """Organisations in a sentence with a relation word (``words``, of CueMatcher.sentence); the nearest word gives
    the relation; a name right after an owner cue (``owners``) in its sentence, at most 40 characters after the cue's
    start, is the parent of the names after it."""
    text = text_of(doc)
    rkey = name_key(reporter.name)
    by_sentence: dict[int, list[tuple[int, str]]] = defaultdict(list)
    own_names = tuple(n.lower() for n in (reporter.name, *sorted(reporter.aliases)) if len(n) >= 3)
    for cue in words:
        if cue[2] != "acquired" and not _anchored(text, cue, own_names):
            continue  # 'X, a subsidiary of Y Corp.', 'a branch of government': the word names no unit of this group
        by_sentence[sentence_at(doc, cue[0]).start_char].append((cue[0], cue[2]))
    for cues in by_sentence.values():
        sent = sentence_at(doc, cues[0][0])
        at = [c for c, _ in cues]  # in text order: the nearest cue is a bisect, not a pass per mention
        first_acquired = min((c for c, k in cues if k == "acquired"), default=None)
        parent = reporter
        mention_end = {start: end for start, end, _ in mentions_in(doc, sent)}
        for start, _, key in mentions_in(doc, sent):
            org = index.by_key.get(key)
            if org is None:
                continue
            if owners.get(start, -1) >= max(sent.start_char, start - 40):
                parent = org  # 'three subsidiaries under X, namely ...'
                continue
            if key == rkey or key in outsiders or key == name_key(parent.name):
                continue
            if _OWNS_THE_CUE.match(text, mention_end[start], mention_end[start] + 60):
                continue  # 'X and its subsidiaries are our customers': X owns the units the word speaks of
            i = bisect_left(at, start)
            relation = cues[i - 1 if i == len(at) or (i > 0 and start - at[i - 1] <= at[i] - start) else i][1]
            if relation in ("joint_venture", "associate") and _VENTURE_PARTNER.search(text, max(sent.start_char, start - 60), start):
                continue  # 'our joint venture with X, Y Ltd, ...': X is the partner, Y the venture
            if relation == "acquired":
                if first_acquired is None or first_acquired >= start:
                    continue  # 'X acquired ...': X is the buyer
                relation = "subsidiary"
            _add(found, org, parent, relation, doc, start, "cue")


# Heads that make a capitalised phrase a document, programme, event, place or product, not a unit of the group.
_NOT_A_UNIT_HEAD = lexicon("not_a_unit_heads")  # patterns/lexicon.jsonl
_PRODUCT_AFTER = re.compile(r"[ ]*(?:\n[ ]*)?(?:vessels?|ships?|products?|offerings?|solutions?|services?|deliver(?:y|ies)|app|platform|portfolio|brand|label|range|fleet|programme|program|initiative)\b", re.I)
_PRODUCT_BEFORE = re.compile(r"\b(?:vessel|ship|the\s+product|product|offering|solution|service|called|named|brand|label|board(?:\s+the)?|aboard|onboard|M/?V)[ ]+$", re.I)
_UNIT_WORD = r"(?:business(?:es)?|division|divisions|segment|segments|business\s+unit|unit|arm|subsidiary|brand|operating\s+company|JV|joint\s+venture)"
# A head of a unit named before it: 'CEO Acme Europe', 'President of Acme Rail'
_LED_BY = re.compile(r"\b(?:CEO|CFO|COO|President|Head|Chairman|Chair|Managing\s+Director|General\s+Manager)(?:\s+of)?(?:\s+the)?\s+$")
_CAP = r"[A-Z][\w&.\-]*(?![’'])"
# A noun after the unit word makes it a modifier: 'our Global Reach business strategy' names a strategy, not a unit.
_COMPOUND_AFTER = (r"[ ]+(?:strateg(?:y|ies)|models?|plans?|cases?|continuity|ethics|conduct|travel|practices?|principles?|"
                   r"partners?|relations(?:hips)?|processes|objectives?|goals?|priorit(?:y|ies)|performance|results?)\b")
# 'our Cold Chain Logistics business', 'the Mobility division', 'its Ocean segment' (the unit word may wrap to the next line)
_OWN_UNIT = re.compile(rf"\b(?:[Oo]ur|[Ii]ts|[Tt]he(?:\s+Group['’]s)?)\s+((?:{_CAP})(?:[ ]+(?:(?:and|&)[ ]*)?{_CAP}){{0,3}})(?:[ ]+|[ ]*\n[ ]*){_UNIT_WORD}\b(?!{_COMPOUND_AFTER})")
# 'X, a Maersk company' / 'X (part of the Acme Group)'
_PART_OF = r"(?:,|\()\s*(?:an?|part\s+of(?:\s+the)?)\s+{stem}(?:\s+Group)?\s+(?:company|business|subsidiary|brand)?"


def _stem_surface(doc: Doc, reporter: Organization) -> str | None:
    """The word the reporter's own units are named with ('Acme' of 'A.B. Acme - Acme Holding A/S'), as written:
    the distinctive word of its names (no legal form, place or generic word) that the text uses most often."""
    text = text_of(doc)
    words = {w for n in (reporter.name, *reporter.aliases) for w in re.findall(r"[^\W\d_][\w&'’]+", strip_legal_form(n))}
    words = {w for w in words if len(w) >= 3 and w.lower() not in _GENERIC_STEM_WORDS | _GROUP_WORDS and not PLACE.fullmatch(w)}
    if not words:
        return None
    counts: dict[str, int] = {}
    for w in words:  # as the text writes it: a name the reporter's record holds in lower case ('acme') is 'ACME' there
        for form in sorted({w, w.upper(), w.capitalize()} if w.islower() else {w}):
            if form[0].isupper():
                counts[form] = len(re.findall(rf"(?<![\w]){re.escape(form)}(?![\w])", text))
    words = set(counts)
    # a word the text also uses in lower case ('innovation') is an ordinary word, not a name to build unit names on
    common = {w for w in words if len(re.findall(rf"(?<![\w.@/]){re.escape(w.lower())}(?![\w]|\.[a-z])", text)) * 3 >= counts[w]}
    counts = {w: n for w, n in counts.items() if w not in common}
    if not counts:
        return None
    best = max(sorted(counts), key=counts.get)  # sorted: a tie picks the same word whatever the hash seed (issue 24)
    return best if counts[best] >= 3 else None


def _in_heading(text: str, at: int) -> bool:
    """True when the line holding ``at`` is a title: four or more words, nearly all capitalised, and no
    sentence punctuation (a wrapped line that ends a sentence of names, '..., and Mobility; Acme Energy.', is prose)."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start: end if end >= 0 else len(text)].rstrip()
    if line.endswith(".") or "; " in line:
        return False
    words = re.findall(r"[^\W\d_][\w'’\-]*", line)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def _named_units(doc: Doc, index: OrgIndex, reporter: Organization, found: dict[str, Subsidiary], outsiders: set[str]) -> None:
    """Units of the group named without a legal form, by the conventions reports use for their own units:

    * the reporter's name word leading a name used at least twice ('Acme Energy', 'Acme UK', 'Acme Supply
      Service'), unless its head makes it a document, programme, event, site, product, label or table header;
    * a capitalised name before a unit word after 'our' / 'its' ('our Cold Chain business', 'the Ocean segment'),
      but not a place's adjective ('our European business');
    * 'X, a Acme company';
    * items of a list in which two or more items are already known units ('Gas and Power, Smart
      Infrastructure, Acme Mobility and Real Estate').
    """
    text = text_of(doc)
    rkey = name_key(reporter.name)
    own = {rkey} | {name_key(a) for a in reporter.aliases}
    own_loose = {loose_key(k) for k in own}
    stem = _stem_surface(doc, reporter)
    new: dict[str, tuple[str, int]] = {}  # surface -> (relation, first char)
    parents: dict[str, str] = {}  # surface -> name of its parent when not the reporter
    weak: set[str] = set()  # keys of names used once: units only if a list joins them to known ones
    weak_names: dict[str, str] = {}  # key of 'Real Estate' -> 'Acme Real Estate'
    led_names: set[str] = set()  # names a head of unit leads ('CEO Acme Europe'): units of their own

    def propose(name: str, relation: str, at: int, parent: str | None = None, lower_ok: bool = False) -> None:
        name = re.sub(r"\s+", " ", name).strip(" .,;:'’“”\"")
        key = name_key(name)
        if not key or key in own or loose_key(key) in own_loose or key in found or key in outsiders or PLACE.fullmatch(name) or name.lower() in SELF_REFERENCES:
            return  # the reporter itself ('Acme Materials' of 'Acme Material Co., Ltd.'), known, or no unit
        if name.split()[-1].lower().strip(".") in _NOT_A_UNIT_HEAD or not (name[0].isupper() or lower_ok):
            return
        if is_place_adjective(name):
            return  # 'our European business', 'its Asian division': where a business is, not a unit's name
        new.setdefault(name, (relation, at))
        if parent:
            parents[name] = parent

    if stem:
        uses: dict[str, list[int]] = defaultdict(list)
        mentions = doc._.org_mentions
        starts = [a for a, _, _ in mentions]
        for m in re.finditer(rf"(?<![\w\-]){re.escape(stem)}(?:[ ]+(?:&[ ]+)?(?!(?:The|In|Of|And|For|To|At|On|By|With|Mr|Mrs|Ms|Dr|Prof)\b)[A-Z][\w&\-]*){{1,3}}(?=[’']s\b|(?![\w’'/]))", text):
            i = bisect_right(starts, m.start()) - 1
            if i >= 0 and mentions[i][1] > m.start() and mentions[i][1] - mentions[i][0] > len(stem):
                continue  # part of a name already known ('Acme New Materials Co., Ltd.')
            if _continues_into_title(text, m.end()):
                continue  # 'Acme Climate Transition Action Plan', 'Acme Scope 3', 'Acme U.K.': a document, a figure, a cut name
            if _PRODUCT_AFTER.match(text, m.end()) or _PRODUCT_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                continue  # a vessel, product or service named after the company
            if _in_heading(text, m.start()) and not _LED_BY.search(text, max(0, m.start() - 40), m.start()):
                continue  # a title line capitalises every word: no evidence of a name
            uses[_FOOTNOTE.sub("", m.group(0))].append(m.start())  # 'Acme Ventures36': a footnote's number glued on
        for name, at in uses.items():
            led = any(_LED_BY.search(text, max(0, a - 40), a) for a in at)  # 'CEO Acme Europe': a unit its head leads
            if led:
                led_names.add(name)
            if len(at) >= 2 or led:
                propose(name, "business_segment", at[0])
            else:
                weak.add(name_key(name))
                rest = name[len(stem):].strip()
                if len(rest.split()) >= 2 and not PLACE.fullmatch(rest):
                    weak.add(name_key(rest))  # 'Real Estate' of 'Acme Real Estate'
                    weak_names[name_key(rest)] = name
        for m in re.finditer(_PART_OF.format(stem=re.escape(stem)), text):
            before = re.search(rf"((?:{_CAP})(?:[ ]+{_CAP}){{0,3}})\s*$", text[max(0, m.start() - 60): m.start()])
            if before:
                propose(before.group(1), "subsidiary", m.start())
    for m in _OWN_UNIT.finditer(text):
        unit = m.group(0).rsplit(None, 1)[-1]
        propose(m.group(1), "joint_venture" if unit in ("JV", "venture") else "business_segment", m.start())
    for m in _UNIT_APPOSITION.finditer(text):  # 'our venture arm, Acme Growth', 'its data unit, next9,'
        propose(m.group(1), "business_segment", m.start(), lower_ok=any(c.isdigit() or c.isupper() for c in m.group(1)))
    for m in _BRANCH.finditer(text):  # "Acme's Kirov branch", 'the Volkhov branch of Acme', 'our Lyon branch'
        if m.group(2) in _NOT_A_BRANCH:
            continue
        owner = m.group(1) or m.group(3)
        owner_org = index.resolve(owner) if owner else None
        if owner and owner_org is None:
            owner_org = next((o for o in index.by_key.values() if owner in o.name.split()), None)
        propose(f"{m.group(2)} branch", "branch", m.start(), parent=owner_org.name if owner_org else None)
    owners = {parents[n] for n, (rel, _) in new.items() if rel == "branch" and n in parents}
    if len(owners) == 1:  # branches whose owner the text leaves out belong to the one owner it names for the others
        for n, (rel, _) in new.items():
            if rel == "branch":
                parents.setdefault(n, next(iter(owners)))
    for m in _QUOTED_UNIT.finditer(text):  # 'the Business Unit "Transmission Products"'
        propose(m.group(1), "business_segment", m.start())
    for m in _INVESTED_IN.finditer(text):  # 'investments in A, a ... firm, B – a platform ..., and C'
        investor = _investor(doc, index, m.start(), reporter, {**new, **{f.name: None for f in found.values()}})
        window = text[m.end(): m.end() + 400]
        stop = re.search(r"\.(?:\s|$)", window)
        window = window[: stop.start()] if stop else window
        for item in _DESCRIBED_NAME.finditer(window):
            propose(item.group(1), "associate", m.end() + item.start(1), parent=investor)
    # longer names absorb their leading parts ('Acme Wind' is 'Acme Wind Power' when both are proposed), unless
    # the shorter has a head of its own ('CEO Acme Europe' above 'Acme Europe Flat Products': two units)
    names = sorted(new, key=len, reverse=True)
    kept: dict[str, tuple[str, int]] = {}
    for name in names:
        longer = next((k for k in kept if k.startswith(name + " ")), None)
        if longer is None or name in led_names:
            kept[name] = new[name]
    _list_members(text, kept, own, found, weak)
    for name in list(kept):
        full = weak_names.get(name_key(name))
        if full:  # 'Real Estate' in a list of units is the 'Acme Real Estate' the text names once
            kept[full] = kept.pop(name)
    additions: dict[str, str] = {}
    for name, (relation, at) in kept.items():
        org = index.resolve(name) or index.add(name, kind="subsidiary")
        if name_key(org.name) in own:
            continue
        parent = index.resolve(parents[name]) if name in parents else None
        _add(found, org, parent or reporter, relation, doc, at, "unit")
        additions[name] = name_key(org.name)
    add_mentions(doc, additions)


_NEXT_WORDS = re.compile(r"(?:[ ]+|[ ]*\n[ ]*)([A-Z][\w&\-]*)(?:[ ]+([A-Z][\w&\-]*))?(?:[ ]+([A-Z][\w&\-]*))?")
_DOCUMENT_HEADS = lexicon("document_heads")  # patterns/lexicon.jsonl


def _continues_into_title(text: str, end: int) -> bool:
    """True when the capitalised words that follow a name (on its line or the next) end in a document's, programme's
    or figure's head ('... Transition Action Plan', '... Position'), a number follows it ('Scope 3') or a dotted
    abbreviation goes on ('U.K.')."""
    if text[end: end + 2].startswith(".") and text[end + 1: end + 2].isupper() or re.match(r"[ ]?\d", text[end: end + 2]):
        return True
    m = _NEXT_WORDS.match(text, end, end + 80)
    return m is not None and any(w and w.lower() in _NOT_A_UNIT_HEAD | _DOCUMENT_HEADS for w in m.groups())


_FOOTNOTE = re.compile(r"(?<=[a-z]{3})\d{1,3}$")
_ITEM = re.compile(rf"{_CAP}(?:[ ]+(?:(?:and|&)[ ]*)?{_CAP}){{0,3}}")
_ITEM_LEAD = re.compile(r"^(?:and|or|with|including|namely|such\s+as|as\s+well\s+as|plus)\s+", re.I)


_UNIT_APPOSITION = re.compile(
    r"\b(?:[Oo]ur|[Ii]ts|[A-Z][\w&\-]{0,60}['’]s?)\s+(?:[a-z\-]+\s+){0,3}(?:arm|unit|subsidiary|division|business\s+unit|venture\s+arm|venture\s+unit),?\s+"
    r"([A-Za-z0-9][\w.&\-]*(?:[ \n]+[A-Z][\w.&\-]*){0,3})(?=\s*[,.;(]|\s+(?:is|has|was|provides|invests))")
_BRANCH = re.compile(
    r"(?:\b([A-Z][\w\-]{1,60}(?:\s+[A-Z][\w\-]{1,60})?)['’]s\s+|\b(?:[Oo]ur|[Ii]ts|[Tt]he|[Tt]heir)\s+)?\b([A-Z][a-z][\w\-]{1,60})\s+branch\b(?:\s+of\s+(?:the\s+)?([A-Z][\w\-]+(?:\s+[A-Z][\w\-]+){0,3}))?"
)
_NOT_A_BRANCH = lexicon("not_a_branch_words")  # patterns/lexicon.jsonl
_QUOTED_UNIT = re.compile(r"\b(?:Business\s+Unit|Division|Segment|Business\s+Area)\s+[“\"']([A-Z][^”\"'\n]{1,50})[”\"']")
_INVESTED_IN = re.compile(r"\b(?:invested|investments?|stakes?|interests?)\s+in\s+(?:for\s+example\s+|e\.\s?g\.\s+|such\s+as\s+)?(?=[A-Z])")
# 'Fliit, a Germany-based forwarder', 'Ripe.io – a platform', 'Acme Pay, which lends to ...': a name introduced by a description
_DESCRIBED_NAME = re.compile(r"(?:^|,\s+(?:and\s+)?|\band\s+)([A-Z][\w.\-]*(?:[ \n]+[A-Z][\w.\-]*){0,2})\s*(?:(?:,|–|—|-)\s*an?\s|,\s*(?:which|who)\s)")


def _investor(doc: Doc, index: OrgIndex, at: int, reporter: Organization, members: dict) -> str:
    """Who made an investment named at ``at``: the group unit named last in the 200 characters before, else the reporter."""
    text = text_of(doc)
    window = text[max(0, at - 200): at]
    best = None
    for name in members:
        hits = [m.start() for m in re.finditer(r"\s+".join(map(re.escape, name.split())), window)]
        if hits and (best is None or hits[-1] > best[0]):
            best = (hits[-1], name)
    return best[1] if best else reporter.name


def _list_members(text: str, kept: dict[str, tuple[str, int]], own: set[str], found: dict[str, Subsidiary],
                  weak: set[str] = frozenset()) -> None:
    """Items of a list holding two or more known units are units too (coordination joins like with like).

    A list is a run of three or more consecutive items, each a capitalised name of at most four words,
    separated by commas, semicolons or 'and' within one sentence (PDF line breaks read as spaces).  A tab is a
    cell boundary: no item spans one, and cells before it are a heading set beside the list's line
    ('A, Governance<TAB>Acme Growth, B': the items are A, Acme Growth, B).
    ``weak`` names (the reporter's name word leading a name used once) count as known here only.
    """
    known = {name_key(n) for n in kept} | set(found)
    if len(known | weak) < 2:
        return
    flat = text.replace("\n", " ")  # same length: offsets stay
    for sentence in re.finditer(r"[^.!?]{10,600}", flat):
        if flat.count(",", sentence.start(), sentence.end()) + flat.count(";", sentence.start(), sentence.end()) < 2:
            continue
        parts: list[tuple[str, int]] = []
        pos = sentence.start()
        for piece in re.split(r"([,;])", sentence.group(0)):
            if piece not in (",", ";"):
                cell = piece.rfind("\t") + 1  # cells before a tab: a heading a PDF row set beside the list's line
                item = _ITEM_LEAD.sub("", piece[cell:].strip())
                pair = re.split(r"\s+(?:and|&)\s+", item)
                if len(pair) == 2 and len(item.split()) > 3 and all(_ITEM.fullmatch(x) for x in pair):
                    parts += [(pair[0], pos + cell), (pair[1], pos + piece.find(pair[1], cell))]  # 'A B and C': two items
                elif _ITEM.fullmatch(item):  # 'Gas and Power': one name
                    parts.append((item, pos + cell))
                else:  # 'Our businesses are Acme Rail': the run ends here, and may start again at its capitalised tail
                    tail = re.search(rf"(?<![\w&])(?:{_CAP})(?:[ ]+(?:(?:and|&)[ ]+)?{_CAP}){{0,3}}$", item)
                    parts += [("", pos)] + ([(tail.group(0), pos + piece.find(tail.group(0)))] if tail else [])
            pos += len(piece)
        run: list[tuple[str, int]] = []
        for item, at in parts + [("", pos)]:
            if item and len(item.split()) <= 4:
                run.append((item, at))
                continue
            if len(run) >= 3 and sum(name_key(i) in known or name_key(i) in weak for i, _ in run) >= 2:
                for i, at_i in run:
                    key = name_key(i)
                    if key and key not in known and key not in own and not PLACE.fullmatch(i) and i.split()[-1].lower() not in _NOT_A_UNIT_HEAD:
                        kept.setdefault(i, ("business_segment", at_i))
            run = []


def _segments(doc: Doc, index: OrgIndex, reporter: Organization, found: dict[str, Subsidiary]) -> None:
    """'operates its business mainly in four sectors: A, B, C and D' -> business segments."""
    rkey = name_key(reporter.name)
    for m in _SEGMENTS.finditer(text_of(doc)):
        for part in re.split(r"\s*(?:,|\band\b|、)\s*", m.group(1)):
            part = part.strip()
            if len(part.split()) < 2 or name_key(part) in found:
                continue
            org = index.add(part, kind="subsidiary")
            if name_key(org.name) == rkey:
                continue
            _add(found, org, reporter, "business_segment", doc, m.start(), "segments")


# ------------------------------------------------------------------ relation cues and the structures around them
# How reports in general tie a name to a group, read on spaCy tokens around the cue phrases of
# patterns/subsidiaries.jsonl (a PhraseMatcher):
#   apposition   'Hollin Power, a wholly-owned Varne affiliate' / 'Tamsin Cells, a joint venture that ...'
#   premodifier  'our wholly-owned Brisk subsidiary' / 'its Tamsin Cells joint venture' / 'the Rail and Home segments'
#   list after   'its affiliates: A, B and C' / 'business segments across A, B and C' / 'acquiring A, B and C'
#   stake        'a 25% stake in A' (associate) / 'a majority stake in A' (subsidiary)
_RELATION_OF = {"SUBSIDIARY": "subsidiary", "JOINT_VENTURE": "joint_venture", "ASSOCIATE": "associate", "SEGMENT": "business_segment",
                "OWN_COMPANY": "subsidiary", "OWN_BUSINESS": "business_segment"}
# cue words that name a unit only where the reporter possesses them ('our chemical company, X'; not 'X, a company ...')
_POSSESSED_ONLY = frozenset({"OWN_COMPANY", "OWN_BUSINESS"})
# modifiers that make a possessed company another party ('its parent company', 'our partner companies')
_NOT_OWN_UNIT = lexicon("not_own_unit_modifiers")  # patterns/lexicon.jsonl
_POSSESSIVE = lexicon("possessives")  # patterns/lexicon.jsonl
_APPOSITION_DET = lexicon("apposition_determiners")  # patterns/lexicon.jsonl
_LIST_LEAD = lexicon("list_leads")  # patterns/lexicon.jsonl
_NAME_JOINERS = lexicon("name_joiners")  # patterns/lexicon.jsonl
_NOT_A_NAME_AFTER = lexicon("not_a_name_after")  # patterns/lexicon.jsonl
_HOLD_VERBS = lexicon("hold_verbs")  # patterns/lexicon.jsonl
_OWNERSHIP_WORDS = lexicon("ownership_words")  # patterns/lexicon.jsonl
_MAX_NAME_TOKENS = 7
_LIST_REACH = 160  # tokens a list after a cue may run to (eight legal names with notes)
_FUNCTION_HEADS = lexicon("function_heads")  # patterns/lexicon.jsonl


Cue = tuple[int, int, str]  # a relation word of a sentence: start and end characters, the relation it states


class CueMatcher:
    """The relation cues of ``patterns/subsidiaries.jsonl``, found by one PhraseMatcher pass per doc (LOWER).

    The phrase records (one match id per label) are the cues whose structures (apposition, premodifier, list,
    stake) and roles are read on the tokens around them.  The token-pattern records are read by _explicit: those of
    the family 'sentence' are the relation words that tie the names of their sentence to the group, those of the
    family 'before_name' the owner cues right before a parent's name.  The same pass finds the first word each
    pattern must hold (its anchor: 'subsidiary', 'joint', '%'), and their Matcher runs on the few tokens around
    the anchors only (a Matcher over every token of a report costs more than the whole pass)."""

    _REACH = 12  # tokens on either side of an anchor that a pattern's match may take (the longest has seven)

    def __init__(self, vocab) -> None:
        self.phrases = PhraseMatcher(vocab, attr="LOWER")
        self.words = Matcher(vocab)
        tokenizer = spacy.blank("en").tokenizer
        by_label: dict[str, list] = defaultdict(list)
        by_pattern_label: dict[str, list] = defaultdict(list)
        for rec in records("subsidiaries"):
            if "phrases" in rec:
                by_label[rec["label"]] += [tokenizer(p) for p in rec["phrases"]]
            elif rec.get("family") in ("sentence", "before_name"):
                by_pattern_label[rec["label"]].append(rec["pattern"])
                by_label[_ANCHOR].append(tokenizer(_anchor(rec["pattern"])))
        for label, docs in by_label.items():
            self.phrases.add(label, docs)
        for label, pats in by_pattern_label.items():
            self.words.add(label, pats)
        self.anchor = vocab.strings[_ANCHOR]
        self.owner = vocab.strings["PARENT_BEFORE"]
        # the words of the cues, to pass over glued tokens without one cheaply (see _glued)
        self.cue_words = frozenset(t["LOWER"] for pats in by_pattern_label.values() for pat in pats for t in pat if isinstance(t.get("LOWER"), str))
        self.seen: set[int] = set()  # lexemes (ORTH) read by _glued
        self.holding: set[int] = set()  # ... and those of them with a cue inside

    def __call__(self, doc: Doc) -> tuple[list[tuple[str, int, int]], list[Cue], dict[int, int]]:
        """The phrase cues, as (label, start token, end token), longest first where two overlap; the relation
        words of the 'sentence' records and the owner cues of the 'before_name' records (:meth:`sentence`)."""
        spans, anchors = [], []
        for m, s, e in self.phrases(doc):
            if m == self.anchor:
                anchors.append(s)
            else:
                spans.append(Span(doc, s, e, label=m))
        return [(s.label_, s.start, s.end) for s in sorted(filter_spans(spans), key=lambda s: s.start)], *self.sentence(doc, anchors)

    def sentence(self, doc: Doc, anchors: list[int]) -> tuple[list[Cue], dict[int, int]]:
        """Around the tokens ``anchors``: the relation words of the 'sentence' records, left to right and not
        overlapping (at each start the longest), each a :data:`Cue` (see :func:`_holds` for what a match must also
        be, and :meth:`_glued` for the words the tokenizer left glued to a mark); and the owner cues of the
        'before_name' records, as the first character of the name after white space -> the latest first character
        of a cue before it."""
        text = text_of(doc)
        found: set[Cue] = set()
        owners: dict[int, int] = {}
        for a, b in _windows(sorted(anchors), self._REACH, len(doc)):
            for m, s, e in self.words(doc[a:b]):
                s, e = a + s, a + e
                if m == self.owner:
                    after = _name_after(doc, e)
                    if after is not None:
                        owners[after] = max(owners.get(after, -1), doc[s].idx)
                elif _holds(doc, s, e):
                    found.add((doc[s].idx, doc[e - 1].idx + len(doc[e - 1]), doc.vocab.strings[m]))
        found.update(self._glued(doc))
        out: list[Cue] = []
        last = -1
        for start, neg_end, relation in sorted((a, -b, r) for a, b, r in found):
            if start >= last and not (relation == "acquired" and _by_follows(text, -neg_end)):
                out.append((start, -neg_end, relation))
                last = -neg_end
        return out, owners

    def _glued(self, doc: Doc) -> list[Cue]:
        """Relation words inside one token, where the tokenizer left a mark glued to them that a word boundary
        sets apart ('\\u00adacquired' after a soft hyphen, '•subsidiaries', '60%-owned'): a token is cut at its word
        boundaries and matched by the same patterns, once per lexeme (kept), and only the lexemes that hold a cue
        are looked for in the token array."""
        arr = doc.to_array(ORTH)
        lexemes = set(arr.tolist())
        for orth in lexemes - self.seen:
            if self._inside(doc.vocab.strings[orth], doc.vocab):
                self.holding.add(orth)
        self.seen |= lexemes
        hits = lexemes & self.holding
        if not hits:
            return []
        return [(doc[i].idx + a, doc[i].idx + b, r) for i in numpy.flatnonzero(numpy.isin(arr, list(hits))).tolist()
                for a, b, r in self._inside(doc[i].text, doc.vocab)]

    def _inside(self, word: str, vocab) -> tuple[Cue, ...]:
        """The cues inside the text of one token (character offsets in it), read on its pieces (:func:`_pieces`)."""
        if word.isalnum():
            return ()
        pieces = _pieces(word)
        if len(pieces) < 2 or not any(w.lower() in self.cue_words for w, _ in pieces):
            return ()
        mini = Doc(vocab, words=[w for w, _ in pieces], spaces=[False] * len(pieces))
        return tuple((pieces[s][1], pieces[e - 1][1] + len(pieces[e - 1][0]), vocab.strings[m])
                     for m, s, e in self.words(mini) if m != self.owner and _holds(mini, s, e))


_ANCHOR = "PATTERN_ANCHOR"  # the PhraseMatcher's label of the anchors of the token patterns


def _anchor(pattern: list[dict]) -> str:
    """The anchor of a token pattern: the first word it must hold exactly (LOWER or ORTH)."""
    return next(v for tok in pattern for v in (tok.get("LOWER"), tok.get("ORTH")) if isinstance(v, str) and tok.get("OP") is None)


def _windows(starts: list[int], reach: int, n: int) -> list[tuple[int, int]]:
    """The token ranges within ``reach`` of the sorted tokens ``starts``, ranges that touch merged."""
    out: list[tuple[int, int]] = []
    for i in starts:
        a, b = max(0, i - reach), min(n, i + reach + 1)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _pieces(word: str) -> list[tuple[str, int]]:
    """``word`` cut at its word boundaries, each piece with its offset: runs of letters, digits and '_' (a decimal
    point between digits inside the run: '60.5'), every other character a piece of its own."""
    out: list[tuple[str, int]] = []
    start = 0
    for k in range(1, len(word) + 1):
        if k < len(word):
            c, prev = word[k], word[k - 1]
            point = c == "." and prev.isdigit() and word[k + 1: k + 2].isdigit()
            after_point = prev == "." and c.isdigit() and word[k - 2: k - 1].isdigit()
            if (_word_char(c) or point) and (_word_char(prev) or after_point):
                continue
        out.append((word[start:k], start))
        start = k
    return out


def _name_after(doc: Doc, e: int) -> int | None:
    """The first character of the token after white space from token ``e`` on (``None`` without white space)."""
    k = e
    while k < len(doc) and doc[k].is_space:
        k += 1
    return doc[k].idx if k < len(doc) and (k > e or doc[e - 1].whitespace_) else None


def _holds(doc: Doc, s: int, e: int) -> bool:
    """True when the match ``doc[s:e]`` of a 'sentence' cue is one: its numbers have one to three digits (and
    decimals: '60', '12.5') and no word is glued to a sign before it ('60 %owned')."""
    for k in range(s, e):
        tok = doc[k]
        if tok.like_num:
            whole, dot, part = tok.text.partition(".")
            if not (1 <= len(whole) <= 3 and whole.isdecimal() and (not dot or part.isdecimal())):
                return False
        if k > s and tok.is_alpha and not doc[k - 1].whitespace_ and not doc[k - 1].is_space and doc[k - 1].text.strip("-"):
            return False
    return True


def _by_follows(text: str, end: int) -> bool:
    """True when white space and then a word starting with 'by' follow ``end`` ('acquired by X': X is the buyer)."""
    j = end
    while j < len(text) and text[j].isspace():
        j += 1
    return j > end and text[j: j + 2].lower() == "by"


def _name_token(tok) -> bool:
    return not tok.is_space and starts_like_name(tok.text) and tok.text not in ("I",)


def _inner_dot(t) -> bool:
    """A '.' token inside an abbreviation the tokenizer split ('S.p' '.' 'A.', 'S.r.l' '.'): no space before it and
    a dotted word before it, or no space after it and a word right after."""
    doc = t.doc
    prev = doc[t.i - 1] if t.i > 0 else None
    nxt = doc[t.i + 1] if t.i + 1 < len(doc) else None
    if prev is not None and not prev.whitespace_ and "." in prev.text and len(prev.text) <= 6:
        return True
    return nxt is not None and not t.whitespace_ and nxt.is_alpha is False and nxt.text[:1].isalpha() and "." in nxt.text and prev is not None and not prev.whitespace_


def _run_after(doc: Doc, i: int, end: int) -> int:
    """End (exclusive) of the name that starts at token ``i`` (a name word, joiners between name words, one line break)."""
    j = i
    last = i - 1
    while j < end and j - i < _MAX_NAME_TOKENS + 2:
        tok = doc[j]
        if _name_token(tok) or (tok.like_num and j > i and not tok.is_punct) or (tok.text[:1].isdigit() and j == i and j + 1 < end and _name_token(doc[j + 1])):
            last = j
        elif tok.text == "." and j > i and _inner_dot(tok):
            last = j  # 'S.p' '.' 'A.'
        elif not ((tok.lower_ in _NAME_JOINERS or _line_space(tok)) and j > i and j + 1 < end
                  and (_name_token(doc[j + 1]) or tok.lower_ in _NAME_JOINERS and _line_space(doc[j + 1]) and j + 2 < end and _name_token(doc[j + 2]))):
            break  # a joiner may end a line: 'Bluff Power &' over 'Light'
        j += 1
    return last + 1


def _line_space(tok: Token) -> bool:
    """True for the spaces between two words of a name: at most one line break and no tab."""
    return tok.is_space and tok.text.count("\n") <= 1 and "\t" not in tok.text


def _run_before(doc: Doc, i: int, start: int) -> int:
    """Start of the name that ends just before token ``i`` (``i`` itself when no name word is there)."""
    j = i - 1
    first = i
    while j > start and doc[j].is_space and doc[j].text.count("\n") <= 1 and "\t" not in doc[j].text:
        j -= 1  # 'X Remediation\nis the ...': the line broke between the name and the word after it
    while j >= start and i - j <= _MAX_NAME_TOKENS + 2:
        tok = doc[j]
        if _name_token(tok) or (tok.like_num and first < i and not tok.is_punct):
            first = j
        elif not ((tok.lower_ in _NAME_JOINERS or (tok.is_space and tok.text.count("\n") <= 1 and "\t" not in tok.text)) and j > start and first < i and _name_token(doc[j - 1])):
            break
        j -= 1
    while first < i and (doc[first].is_stop or doc[first].like_num) and doc[first].lower_ != "the" or (first < i and doc[first].lower_ == "the" and i - first == 1):
        first += 1  # 'Each of X', 'Neither X': function words that lead a run are no part of a name
    return first


def _skip_based(doc: Doc, i: int, end: int) -> int:
    """Past a location adjective before a name: 'Netherlands-based X', 'U.S.-based X', 'the X'."""
    if i < end and doc[i].lower_ == "the":
        i += 1
    for k in range(i, min(end, i + 5)):
        if doc[k].lower_ == "based" and k > i and doc[k - 1].text in ("-", "–"):
            return k + 1
        if doc[k].lower_.endswith("-based"):
            return k + 1
        if not (_name_token(doc[k]) or doc[k].text in ("-", ".")):
            break
    return i


def _mention_end(doc: Doc, i: int, end: int) -> int | None:
    """End token of the organisation mention (``esg_org`` layer) that starts at token ``i``, if one does."""
    ms = doc._.org_mentions or []
    at = doc[i].idx
    k = bisect_left(ms, (at, -1, ""))
    if k < len(ms) and ms[k][0] == at:
        span = doc.char_span(ms[k][0], ms[k][1], alignment_mode="expand")
        if span is not None and span.end <= end:
            return span.end
    return None


def _next_item(doc: Doc, i: int, end: int) -> int | None:
    """Token of the name after the next ', and' / '; and' from ``i`` (the item a description is followed by)."""
    for k in range(i, end - 2):
        if doc[k].text in (",", ";") and doc[k + 1].lower_ == "and":
            j = k + 2
            while j < end and doc[j].is_space:
                j += 1
            return j if j < end and _name_token(doc[j]) else None
    return None


def _list_after(doc: Doc, i: int, end: int, described: bool = False) -> list[tuple[int, int]]:
    """Names listed from token ``i``: 'A, B (note) and C', stopping at the first item that is not a name.
    An item that starts an organisation mention of the mention layer is that whole mention ('A (Texas) LLC').
    With ``described`` (a list a colon introduces), a description after an item ('A, which sells power, and B,
    which ...') is passed over to the next ', and' or '; and'.  With an Oxford comma before the last item
    (', and C'), a bare 'and' joins words of one name ('A, Hollin Light and Gas, and C')."""
    out: list[tuple[int, int]] = []
    oxford = any(doc[k].text == "," and doc[k + 1].lower_ == "and" for k in range(i, end - 1))
    while i < end and len(out) < 12:
        while i < end and doc[i].is_space:
            i += 1
        i = _skip_based(doc, i, end)
        e = _mention_end(doc, i, end) if i < end else None
        run = _run_after(doc, i, end)
        if e is None or e <= i or (run > e and (doc[e].lower_ in _NAME_JOINERS or not any("\n" in t.text for t in doc[e:run]))):
            e = run  # no mention here, or the mention is the first words of a longer name ('Acme' of 'Acme Gas', 'Acme Power &\nLight')
        if e == i or (e < end and doc[e].lower_ in ("’s", "'s")):
            break  # no name, or a possessive ('Europe’s largest'): the list ends
        if e < end and doc[e].is_alpha and doc[e].is_lower and not doc[e].is_stop and doc[e - 1].lower_.strip(".,") not in LEGAL_FORM_WORDS | {"company"}:
            break  # a modifier of the noun after it ('acquired Brisk machines', 'a stake in Hollin shares'): no organisation
        out.append((i, e))
        i = e
        while i < end and doc[i].is_space and doc[i].text.count("\n") <= 1:
            i += 1
        if i < end and doc[i].text == "(":  # 'A (renewable power)': a note after the name
            close = next((k for k in range(i, min(end, i + 25)) if doc[k].text == ")"), None)
            if close is None:
                break
            form = close + 1 + int(close + 2 < end and doc[close + 1].is_space and doc[close + 1].text.count("\n") <= 1)
            if form < end and doc[form].lower_.strip(".,") in LEGAL_FORM_WORDS:
                e = _run_after(doc, form, end)  # 'Acme Asset Management (U.S.) Inc.': the note is part of the name
                out[-1] = (out[-1][0], e)
                close = e - 1
            i = close + 1
        if i < end and doc[i].text in (",", ";") and i + 1 < end and doc[i + 1].lower_ in ("a", "an", "which", "who", "the", "its", "our"):
            nxt = _next_item(doc, i + 1, end) if described else None
            if nxt is None:
                break  # 'A, a maker of ...': a description ends the list
            i = nxt
            continue
        if oxford and i + 1 < end and doc[i].lower_ == "and" and _name_token(doc[i + 1]) and doc[i - 1].text != ",":
            e = _run_after(doc, i + 1, end)  # 'Hollin Light and Gas' in a list that ends ', and C'
            out[-1] = (out[-1][0], e)
            i = e
            while i < end and doc[i].is_space and doc[i].text.count("\n") <= 1:
                i += 1
        if i < end and doc[i].text in (",", ";"):
            i += 1
            if i < end and doc[i].lower_ in ("and", "or"):
                i += 1
        elif i < end and doc[i].lower_ in ("and", "&"):
            i += 1
        else:
            break
    return out


def _coordinated_before(doc: Doc, a: int, start: int) -> list[tuple[int, int]]:
    """Names coordinated before the name that starts at token ``a`` ('X, Y and' before 'Z are ...'), nearest last."""
    out: list[tuple[int, int]] = []
    k = a
    while k > start and len(out) < 8:
        j = k - 1
        while j > start and doc[j].is_space:
            j -= 1
        if doc[j].lower_ not in ("and", "&", ","):
            break
        if doc[j].lower_ in ("and", "&") and doc[j - 1].text == ",":
            j -= 1
        b = _run_before(doc, j, start)
        if b >= j:
            break
        out.insert(0, (b, j))
        k = b
    return out


def _possessed_unit(doc: Doc, cs: int, ce: int, start: int) -> bool:
    """True when the cue ``doc[cs:ce]`` is the reporter's own ('our electric utilities', "the group's environmental
    company", "Acme's satellite companies"): a possessive up to four modifier words before it, none of which makes
    the company another party ('its parent company', 'our partner companies'), no possessive after it ("our
    company's impact": the company owns, it is not named), and not a heading in capitals."""
    if ce < len(doc) and doc[ce].lower_ in ("'s", "’s", "'", "’") or doc[cs].text.isupper():
        return False  # "our company's impact"; 'OUR BUSINESSES': a heading's capitals
    for k in range(cs - 1, max(start, cs - 5) - 1, -1):
        tok = doc[k]
        if tok.lower_ in _POSSESSIVE or tok.lower_ in ("'s", "’s"):
            return tok.lower_ not in ("his", "her")
        if _name_token(tok) and tok.lower_ in _reporter_words(doc) and k > start and doc[k - 1].lower_ in ("the", "a", "an"):
            return True  # 'the Acme chemical company', 'an Acme satellite'
        if tok.lower_ in _NOT_OWN_UNIT or tok.is_punct and tok.text not in ("-", "–") or _name_token(tok):
            return False
    return False


def _reporter_words(doc: Doc) -> frozenset[str]:
    """The distinctive words of the reporter's names (no legal form, group word or place), lower case; cached per doc."""
    cached = doc.user_data.get(_REPORTER_WORDS_KEY)
    if cached is None:
        reporter = orgs(doc).reporter
        names = (reporter.name, *reporter.aliases) if reporter is not None else ()
        cached = frozenset(w for n in names for w in name_key(n).split()
                           if len(w) >= 3 and w not in _GROUP_WORDS | LEGAL_FORM_WORDS | _GENERIC_STEM_WORDS and not PLACE.fullmatch(w.capitalize()))
        doc.user_data[_REPORTER_WORDS_KEY] = cached
    return cached


_REPORTER_WORDS_KEY = "esg_subsidiary_reporter_words"


def _structures(doc: Doc, cues: list[tuple[str, int, int]], index: OrgIndex, reporter: Organization, found: dict[str, Subsidiary],
                hard: set[str]) -> None:
    """Names tied to the group by a cue's structure (apposition, premodifier, list, stake); see the comment above."""
    text = text_of(doc)
    blocked = _blocked_tokens(doc)
    own = {name_key(reporter.name)} | {name_key(a) for a in reporter.aliases}
    proposals: list[tuple[int, int, str, str, tuple[int, int] | None]] = []  # start, end token, relation, rule, parent's tokens
    for label, cs, ce in cues:
        s0, s1 = _clause(doc, cs, ce)
        relation = _RELATION_OF.get(label)
        if label == "OTHER_PARTY":
            continue  # read by _roles: 'X, one of our suppliers' makes X an outsider
        if label in _POSSESSED_ONLY and not _possessed_unit(doc, cs, ce, s0):
            continue
        if label == "PARENT_OF":  # 'X is the parent company of A, B and C': A, B and C belong to X
            if not _column_gap(doc, ce, s1):
                owner = _owner_of_parent_cue(doc, cs, s0)
                for a, b in _list_after(doc, ce, s1):
                    proposals.append((a, b, "subsidiary", "list", owner))
            continue
        if label == "ACQUIRED":
            prev = doc[cs - 1].lower_ if cs > s0 else ""
            if ce < s1 and doc[ce].lower_ in ("by", "a", "an", "the", "stakes", "stake", "interest", "shares"):
                continue  # 'acquired by X' (X the buyer); 'acquired a stake in X' (the stake cue reads it)
            if prev in ("was", "were", "been", "be", "being") or (cs > s0 and _name_token(doc[cs - 1]) and doc[cs - 1].lower_ not in own
                                                                 and prev not in _SELF_OWNER):
                continue  # 'X was acquired'; 'Acme acquired ...' where Acme is not the reporter: another buyer
            for a, b in _list_after(doc, ce, s1):
                proposals.append((a, b, "subsidiary", "acquired", None))
            continue
        if label == "SHARE_OF" and not ({t.lower_ for t in doc[max(s0, cs - 4): cs]} & _HOLD_VERBS):
            continue  # '35% of our emissions': a share of something, not a holding ('we hold 35% of X')
        if label in ("STAKE", "SHARE_OF"):
            before = {t.lower_ for t in doc[max(s0, cs - 5): cs]}
            if not before & _OWNERSHIP_WORDS and not any(t.like_num for t in doc[max(s0, cs - 4): cs]):
                continue  # 'an interest in Asia': no share held
            pct = next((float(t.text) for t in doc[max(s0, cs - 5): cs] if t.like_num and t.text.replace(".", "", 1).isdigit()), None)
            rel = "subsidiary" if before & {"majority", "controlling", "full"} or (pct is not None and pct > 50) else "associate"
            items = _list_after(doc, ce, s1)
            for a, b in items[:1] if len(items) == 1 else items:
                proposals.append((a, b, rel, "stake", None))
            continue
        # apposition: 'X, a wholly-owned Acme affiliate' / 'X is our first portfolio company' / 'X, a subsidiary of Y' /
        # 'X (our chemical company)'
        # (up to six words between the determiner and the cue)
        for k in range(cs - 1, max(s0, cs - 8) - 1, -1):
            if doc[k].text in ("'s", "’s") and k - 2 >= s0 and doc[k - 2].text == "," and _name_token(doc[k - 1]):
                a = _run_before(doc, k - 2, s0)  # 'X, Acme's chemicals subsidiary'
                if a < k - 2:
                    proposals.append((a, k - 2, relation, "apposition", (k - 1, k)))
                break
            if doc[k].lower_ in _APPOSITION_DET and k - 1 >= s0 and (doc[k - 1].text in (",", "(") or doc[k - 1].lower_ in _COPULA):
                a = _run_before(doc, k - 1, s0)
                # 'X, the Y Department, the business lines': an enumeration, unless 'the subsidiary of', "the group's company"
                definite = doc[k].lower_ == "the" and label not in _POSSESSED_ONLY \
                    and not (label == "JOINT_VENTURE" and ce < s1 and doc[ce].lower_ in ("with", "between"))  # 'X, the joint venture with Y'
                if a < k - 1 and not (definite and (label == "SEGMENT" or doc[k - 1].lower_ in _COPULA or _owner_after(doc, ce, s1) is None)):
                    proposals.append((a, k - 1, relation, "apposition", _owner_after(doc, ce, s1)))
                    if doc[k - 1].lower_ in ("are", "were"):  # 'X and Y are our regulated utilities'
                        proposals += [(b, c, relation, "apposition", _owner_after(doc, ce, s1)) for b, c in _coordinated_before(doc, a, s0)]
                break
            if doc[k].is_punct and doc[k].text not in ("-", "%", "."):
                break
        # premodifier: 'its X affiliate', 'our wholly-owned X subsidiary', 'the X and Y segments'
        a = _run_before(doc, cs, s0)
        if a < cs and not doc[cs].text.isupper():  # 'OUR PRINCIPAL SUBSIDIARIES': a heading's capitals name nothing
            lead = doc[max(s0, a - 4): a]
            possessed = any(t.lower_ in _POSSESSIVE or t.lower_ in ("'s", "’s") for t in lead)
            if possessed or (label == "SEGMENT" and a > s0 and doc[a - 1].lower_ in ("the", "and", "&")):
                proposals.append((a, cs, relation, "premodifier", None))
                if label == "SEGMENT" and a - 1 > s0 and doc[a - 1].lower_ == "and":
                    b = _run_before(doc, a - 1, s0)
                    if b < a - 1 and b > s0 and doc[b - 1].lower_ in ("the", "our", "its"):
                        proposals.append((b, a - 1, relation, "premodifier", None))
        # list after: 'affiliates: A, B and C', 'business segments across A, B and C', 'subsidiary, A Limited'
        j = ce
        while j < s1 and j - ce < 3 and (doc[j].lower_ in _LIST_LEAD or (doc[j].is_space and "\t" not in doc[j].text)):
            j += 1
        if all(t.is_space for t in doc[ce:j]):
            j = ce  # a line break alone leads no list (a table's header over its cells)
        if _SUB_TABLE_COLUMN.search(_line_of(doc, cs)) or (j < s1 and any("\n" in t.text for t in doc[ce:j]) and _table_line(doc, j)):
            continue  # a header cell ('Name of subsidiary  Place of incorporation'), or a colon over a table's header
        plural = doc[ce - 1].lower_.endswith("s") and not doc[ce - 1].lower_.endswith("ss")  # not 'business'
        bare_comma = all(t.text == "," or t.is_space for t in doc[ce:j])
        owned = label in _POSSESSED_ONLY or any(t.lower_ in _POSSESSIVE or t.lower_ in ("'s", "’s") for t in doc[max(s0, cs - 3): cs])
        # 'the business lines, A and B incorporate ...' enumerates; 'our subsidiaries, A and B, ...' names them
        if j < s1 and (j > ce or label != "SEGMENT") and not (plural and bare_comma and j > ce and (label == "SEGMENT" or not owned)) \
                and not (j == ce and _column_gap(doc, ce, s1)):
            items = _list_after(doc, j, _clause(doc, cs, ce, reach=_LIST_REACH)[1],  # a long list of legal names runs past 60 tokens
                                described=any(t.text in (":", "):") for t in doc[ce:j]))
            if items and (label != "SEGMENT" or len(items) >= 2):
                owner = _owner_before(doc, cs, s0)
                for a, b in items:
                    proposals.append((a, b, relation, "list" if len(items) >= 2 else "after", owner))
    additions: dict[str, str] = {}
    for a, b, relation, rule, owner in proposals:
        span = doc[a:b]
        if any(t.i in blocked for t in span):
            continue
        name = re.sub(r"\s+", " ", text[span.start_char: span.end_char]).strip(" ,;:")
        if not _plausible_unit(doc, name, b, rule, own):
            continue
        org = index.resolve(name) or index.add(name, kind="subsidiary")
        key = name_key(org.name)
        if key in own or org is reporter or key in found or (key in hard and rule in ("acquired", "stake")):
            continue
        parent = reporter
        if owner is not None:
            owner_name = re.sub(r"\s+", " ", doc[owner[0]:owner[1]].text).strip()
            known = index.resolve(owner_name) or (reporter if owner_name.lower() in ("group", "company", "bank") else None)
            if known is not None and known is not org:
                parent = known
            elif known is None and _plausible_unit(doc, owner_name, owner[1], "owner", own):
                parent = index.add(owner_name, kind="subsidiary")
        _add(found, org, parent, relation, doc, span.start_char, rule)
        additions[name] = key
    add_mentions(doc, additions)


_COPULA = lexicon("copulas")  # patterns/lexicon.jsonl


# How a description gives a name its role: 'X Co., Ltd., a company established in 2012 and a wholly-owned subsidiary of
# our Company' (a prospectus's definitions, an apposition) / 'X Ltd., one of our Pre-IPO Investors' / 'X, a shareholder of
# the Company': the role noun after a determiner, the name the nearest organisation before it in the same clause.
_ROLE_DET = lexicon("role_determiners")  # patterns/lexicon.jsonl
_ROLE_LEAD = lexicon("role_leads")  # patterns/lexicon.jsonl
_SELF_OWNER = lexicon("self_owner_words")  # patterns/lexicon.jsonl


def _role_det(doc: Doc, cue: int, start: int) -> int | None:
    """Token of the determiner that makes the cue at ``cue`` a predicate noun ('and a wholly-owned subsidiary',
    'one of our suppliers'): up to five modifier words between; None when the cue is not so introduced."""
    k = cue - 1
    while k >= start and cue - k <= 6 and doc[k].lower_ not in _ROLE_DET:
        if doc[k].is_punct and doc[k].text not in ("-", "–") or doc[k].is_space and "\n\n" in doc[k].text:
            return None
        k -= 1
    if k < start or doc[k].lower_ not in _ROLE_DET or k == start:
        return None
    lead = doc[k - 1]
    if lead.lower_ == "of" and not (k - 2 >= start and doc[k - 2].lower_ in ("one", "each", "all", "some", "both")):
        return None
    return k if lead.lower_ in _ROLE_LEAD or lead.is_space and k - 2 >= start and doc[k - 2].text == "," else None


def _group_owner(doc: Doc, end: int, stop: int, index: OrgIndex, reporter: Organization, found: dict[str, Subsidiary]) -> Organization | None:
    """The owner a role names after it, when it is the reporter or a known unit of its group: 'of our Company',
    'of the Group', 'of Acme Holding', 'of us' (None for another owner or none)."""
    if end >= stop or doc[end].lower_ != "of":
        return None
    a = end + 1
    while a < stop and doc[a].lower_ in ("the", "our", "its"):
        a += 1
    if a < stop and doc[a].lower_ in _SELF_OWNER and (a + 1 >= stop or not _name_token(doc[a + 1])):
        return reporter
    b = _run_after(doc, a, stop)
    if b <= a:
        return None
    known = index.resolve(re.sub(r"\s+", " ", doc[a:b].text).strip())
    if known is reporter or known is not None and name_key(known.name) in found:
        return known
    return None


# Words after another party's role that lead the list of its names: 'Our five largest suppliers in 2023 were A, B and C'
_PARTY_LIST_LEAD = lexicon("party_list_leads")  # patterns/lexicon.jsonl


def _parties_listed(doc: Doc, ce: int, stop: int, mentions: list, starts: list[int]) -> set[str]:
    """Keys of the organisations a role of other parties lists after it (up to eight words before the list)."""
    j = next((k for k in range(ce, min(stop, ce + 8)) if doc[k].lower_ in _PARTY_LIST_LEAD), None)
    if j is None:
        return set()
    out: set[str] = set()
    for a, _ in _list_after(doc, j + 1, stop):
        i = bisect_left(starts, doc[a].idx)
        if i < len(mentions) and mentions[i][0] == doc[a].idx:
            out.add(mentions[i][2])
    return out


def _roles(doc: Doc, cues: list[tuple[str, int, int]], index: OrgIndex, reporter: Organization, found: dict[str, Subsidiary]) -> set[str]:
    """Names whose description gives their role: a unit of the group ('X, ..., a wholly-owned subsidiary of our
    Company') is added to ``found``; the keys of other parties ('X, one of our Pre-IPO Investors', 'X, a supplier')
    are returned as outsiders, unless a description also makes them a unit."""
    mentions = doc._.org_mentions or []
    starts = [m[0] for m in mentions]
    rkey = name_key(reporter.name)
    members: dict[str, tuple[Organization, Organization, str, int]] = {}
    others: set[str] = set()
    for label, cs, ce in cues:
        relation = "outsider" if label == "OTHER_PARTY" else _RELATION_OF.get(label)
        if relation is None or relation == "business_segment":
            continue
        s0, s1 = _clause(doc, cs, ce)
        if label in _POSSESSED_ONLY and not _possessed_unit(doc, cs, ce, s0):
            continue
        if relation == "outsider":
            others.update(_parties_listed(doc, ce, s1, mentions, starts))
        det = _role_det(doc, cs, s0)
        if det is None:
            continue
        lead = doc[det - 1].lower_
        if lead in ("and", "also") and (relation == "outsider" or doc[det].lower_ not in ("a", "an")):
            continue  # 'X and its customers', 'X and our subsidiary Y': no role of X
        after = ce
        while after < s1 and doc[after].is_space:
            after += 1
        if relation != "outsider" and after < s1 and _name_token(doc[after]):
            continue  # 'our subsidiary Y': the role is Y's (read by the structures), not the name before
        # the nearest organisation named before the determiner, in the same clause and with no other between
        i = bisect_left(starts, doc[det].idx) - 1
        if i < 0 or mentions[i][0] < doc[s0].idx or mentions[i][1] > doc[det].idx:
            continue
        key = mentions[i][2]
        org = index.by_key.get(key)
        if org is None or key == rkey:
            continue
        if relation == "outsider":
            others.add(key)
            continue
        owner = reporter if doc[det].lower_ == "our" else _group_owner(doc, ce, s1, index, reporter, found)
        if owner is not None and owner is not org:
            members.setdefault(key, (org, owner, relation, mentions[i][0]))
    for key, (org, owner, relation, at) in members.items():
        _add(found, org, owner, relation, doc, at, "apposition")
    return others - set(members)


# A table of subsidiaries: a header that names its rows' kind ('Name of subsidiary', 'Principal subsidiaries', 'Name of
# company') beside a column that only such a table has (place of incorporation, equity interest held, registered capital ...)
_SUB_TABLE_KIND = re.compile(r"\bsubsidiar(?:y|ies)\b|\bname\s+of\s+(?:the\s+)?(?:compan(?:y|ies)|entit(?:y|ies)|undertakings?)\b"
                            r"|\b(?:company|entity|legal\s+entity)\s+name\b|\bgroup\s+compan(?:y|ies)\b", re.I)
_SUB_TABLE_COLUMN = re.compile(
    r"\b(?:place|country|jurisdiction|state)\s+of\s+(?:incorporation|establishment|registration|organi[sz]ation)\b"
    r"|\bdate\s+of\s+(?:incorporation|establishment)\b|\b(?:registered|issued|paid[\s\-]+up)\s+(?:share\s+)?capital\b"
    r"|\b(?:equity|ownership|effective|attributable)\s+interest\b|\bshareholding\b|\b(?:percentage|%)\s+(?:of\s+)?(?:ownership|interest|held|owned)\b"
    r"|\bprincipal\s+(?:activit(?:y|ies)|business(?:es)?)\b|\bregistered\s+office\b|\bconsolidation\s+method\b|\bheld\s+by\b", re.I)
_TABLE_ROWS = 80  # lines read below a header
_TABLE_GAP = 6  # lines without a row that end the table
_CELL_GAP = re.compile(r"\t|[ ]{2,}")
_DATA_CELL = re.compile(r"\d{1,3}(?:\.\d+)?[ ]?%|\b(?:19|20)\d\d\b")


def _subsidiary_tables(doc: Doc, index: OrgIndex, reporter: Organization, found: dict[str, Subsidiary], outsiders: set[str]) -> None:
    """The rows of a table of subsidiaries: each row's first cell names a subsidiary of the reporter (an organisation
    the mention layer knows, or a capitalised name in a row that also holds a share or a year)."""
    text = text_of(doc)
    mentions = doc._.org_mentions or []
    first_at_line: dict[int, tuple[int, str]] = {}
    for start, _, key in mentions:
        line = text.rfind("\n", 0, start) + 1
        if not text[line:start].strip(" \t•*-|0123456789."):
            first_at_line.setdefault(line, (start, key))
    own = {name_key(reporter.name)} | {name_key(a) for a in reporter.aliases}
    additions: dict[str, str] = {}
    pos = 0
    for header in _SUB_TABLE_KIND.finditer(text):
        if header.start() < pos:
            continue
        line = text.rfind("\n", 0, header.start()) + 1
        window_end = line
        for _ in range(3):
            nxt = text.find("\n", window_end + 1)
            window_end = len(text) if nxt < 0 else nxt
        head = text[line:window_end]
        if not _SUB_TABLE_COLUMN.search(head) or len(head) > 600:
            continue
        at = text.find("\n", header.end())
        gap = 0
        rows = 0
        while 0 <= at < len(text) and rows < _TABLE_ROWS and gap < _TABLE_GAP:
            start = at + 1
            nxt = text.find("\n", start)
            end = len(text) if nxt < 0 else nxt
            row = text[start:end]
            rows += 1
            hit = first_at_line.get(start)
            if _prose_line(row):
                break  # the table has ended: running text ('Our five largest suppliers were A Co., Ltd., ...')
            if hit is not None:
                org = index.by_key.get(hit[1])
                if org is not None and hit[1] not in own and hit[1] not in outsiders:
                    _add(found, org, reporter, "subsidiary", doc, hit[0], "table")
                gap = 0
            elif row.strip() and _CELL_GAP.search(row.strip()) and _DATA_CELL.search(row):
                cell = _CELL_GAP.split(row.strip())[0].strip(" •*-|")
                ws = cell.split()
                if 1 <= len(ws) <= 8 and starts_like_name(ws[0]) and not PLACE.fullmatch(cell) and _plausible_unit(doc, cell, len(doc), "table", own) \
                        and not _SUB_TABLE_KIND.search(cell) and not _SUB_TABLE_COLUMN.search(cell):
                    org = index.resolve(cell) or index.add(cell, kind="subsidiary")
                    key = name_key(org.name)
                    if key not in own and key not in outsiders:
                        _add(found, org, reporter, "subsidiary", doc, start + row.find(cell), "table")
                        additions[cell] = key
                gap = 0
            else:
                gap += 1
            at = nxt
        pos = max(at, header.end())
    add_mentions(doc, additions)


def _table_line(doc: Doc, i: int) -> bool:
    """True when the line holding token ``i`` is a table's: set in columns (a gap of two or more spaces or a tab
    between words) or a header naming a column only tables of subsidiaries have ('Place of incorporation')."""
    line = _line_of(doc, i)
    return _CELL_GAP.search(line.strip()) is not None or _SUB_TABLE_COLUMN.search(line) is not None


def _line_of(doc: Doc, i: int) -> str:
    """The text line holding token ``i`` (at most 200 characters each side of it: a run-on line is read near ``i``)."""
    text = text_of(doc)
    at = doc[i].idx
    end = text.find("\n", at, at + _LINE_REACH)
    return _line_before(text, at) + text[at: end if end >= 0 else min(len(text), at + _LINE_REACH)]


def _line_before(text: str, start: int) -> str:
    """The text of ``start``'s line before it (at most 200 characters)."""
    low = max(0, start - _LINE_REACH)
    return text[text.rfind("\n", low, start) + 1 or low: start]


_LINE_REACH = 200


def _prose_line(row: str) -> bool:
    """True for a line of running text: eight or more words and no gap between columns."""
    row = row.strip()
    return len(row.split()) >= 8 and not _CELL_GAP.search(row)


def _column_gap(doc: Doc, i: int, stop: int) -> bool:
    """True when only a line break or a wide run of spaces follows token ``i``: a table's header cell
    ('Name of subsidiary    Place of incorporation'), not a name list after a cue."""
    return i < stop and doc[i].is_space and ("\n" in doc[i].text or "  " in doc[i].text or "\t" in doc[i].text)


def _owner_of_parent_cue(doc: Doc, cue: int, start: int) -> tuple[int, int] | None:
    """The name before 'is the parent company of' / ', the holding company for' (tokens), if one is there."""
    k = cue - 1
    while k > start and (doc[k].is_space or doc[k].lower_ in ("the", "a", "an", "its", "our", "ultimate", "direct", "indirect")):
        k -= 1
    if k > start and (doc[k].text == "," or doc[k].lower_ in _COPULA or doc[k].lower_ == "as"):
        k -= 1
    a = _run_before(doc, k + 1, start)
    return (a, k + 1) if a <= k else None


def _owner_after(doc: Doc, end: int, stop: int) -> tuple[int, int] | None:
    """The parent a cue names after it: 'a subsidiary of Y' (tokens of Y)."""
    if end < stop and doc[end].lower_ == "of":
        a = end + 1
        if a < stop and doc[a].lower_ == "the":
            a += 1
        b = _run_after(doc, a, stop)
        if b > a:
            return (a, b)
    return None


def _owner_before(doc: Doc, cue: int, start: int) -> tuple[int, int] | None:
    """The name that owns a cue's list: 'X with its affiliate Y', 'X and its subsidiaries A and B' (tokens of X)."""
    k = cue - 1
    while k > start and (doc[k].is_space or doc[k].lower_ in ("wholly", "-", "owned", "majority", "primary", "main", "own")):
        k -= 1
    w = k - 1
    while w > start and doc[w].is_space:
        w -= 1
    if w <= start or doc[k].lower_ not in ("its", "their") or doc[w].lower_ not in ("with", "and", "through", "via"):
        return None
    e = w
    a = _run_before(doc, e, start)
    return (a, e) if a < e else None


def _clause(doc: Doc, start: int, end: int, reach: int = 60) -> tuple[int, int]:
    """Token bounds of the text around ``doc[start:end]`` up to a full stop, semicolon or blank line (at most
    ``reach`` tokens each way): a PDF's line breaks split sentences that a name list runs across."""
    def stop(t) -> bool:
        if t.text == "." and _inner_dot(t):
            return False  # 'S.p.A.', 'S.r.l.': a legal form's dots, not a full stop
        return t.text in (".", ";", "!", "?", "•", "●", "■", "▪") or (t.is_space and t.text.count("\n") >= 2)
    a = start
    while a > 0 and start - a < reach and not stop(doc[a - 1]):
        a -= 1
    b = end
    while b < len(doc) and b - end < reach and not stop(doc[b]):
        b += 1
    return a, b


def _blocked_tokens(doc: Doc) -> set[int]:
    """Tokens of mentions that are no organisation: standards, dates, amounts (the mention layer's spans)."""
    out: set[int] = set()
    for key in ("esg_standard", "esg_date", "esg_quantity"):
        for span in doc.spans.get(key, []):
            out.update(range(span.start, span.end))
    return out


def _plausible_unit(doc: Doc, name: str, end: int, rule: str, own: set[str]) -> bool:
    """A name a cue's structure proposes is a unit of the group unless it is a place, ordinary words, the
    reporter itself, a self-reference, a title-case heading word or a certificate / award / product name."""
    key = name_key(name)
    if not key or key in own or len(name) < 2 or name.lower() in SELF_REFERENCES or PLACE.fullmatch(name) or is_place_adjective(name):
        return False
    words_ = name.split()
    if words_[-1].lower().strip(".") in _NOT_A_UNIT_HEAD | _FUNCTION_HEADS or words_[0].lower() in ("the", "this", "these", "our", "its") and len(words_) == 1:
        return False
    if end < len(doc) and doc[end].lower_ in _NOT_A_NAME_AFTER:
        return False  # 'acquired ISO 50001 certification'
    if rule not in ("list",) and ordinary(name, text_of(doc)):
        return False  # 'our Energy segment', 'acquiring Land': ordinary words the text also writes in lower case
    return not all(w.lower().strip(".,") in _GROUP_WORDS | LEGAL_FORM_WORDS for w in words_)
