"""Shared state of the extraction pipeline: the facts being read and the organisations met so far.

Each component reads and extends ``doc._.esg`` (a :class:`~esgkg.records.ReportFacts`) and
``doc._.orgs`` (an :class:`OrgIndex`), so later components can resolve "the Company" or a short
form introduced 30 pages earlier to the same organisation.
"""
from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc, Span

from ..records import Evidence, Organization, ReportFacts
from .patterns import lexicon
from .text import SELF_REFERENCES, loose_key, name_key

# Every attribute the pipeline passes between components is a declared ``Doc`` extension, listed
# here once with what it holds and which component sets it.  Factories name them in their
# ``requires``/``assigns`` (so ``nlp.analyze_pipes()`` tells the truth) and each reader checks at
# call time, with :func:`require`, that what it needs was set.
EXTENSIONS: dict[str, tuple[str, str | None]] = {
    # name: (what it holds, the component that sets it; None = set by the caller or a lazy cache)
    "source": ("path of the report the Doc was read from (str)", None),
    "page_starts": ("start character of each PDF page, or None for text without pages", None),
    "running_lines": ("running headers / footers dropped as page furniture (Document.running_lines)", None),
    "esg": ("the ReportFacts being read: company, year, then every fact", "esg_company"),
    "orgs": ("OrgIndex: the report's organisations, their aliases and mention counts", "esg_orgs"),
    "org_mentions": ("sorted (start char, end char, organisation key) of every organisation mention; "
                     "the same mentions are the spans of doc.spans['esg_org']", "esg_orgs"),
    "self_defined": ("Counter: organisation key -> times the report defines it as 'the Company'", "esg_orgs"),
    "esg_text": ("cache of doc.text (joining tokens is O(n) per call)", None),
    "esg_sents": ("cache: the sentences as a list", None),
    "sent_starts": ("cache: start character of each sentence", None),
    "legal_names": ("cache: (start, end) characters of every name with a legal form", None),
    "wrapped": ("cache: whether the text keeps a PDF's line wrapping", None),
    "tables": ("cache: the text's tables, rows of header -> cell with offsets (extract.tables.tables_of)", None),
}
for _name in EXTENSIONS:
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

# Span groups written by the mention layer (``doc.spans[key]``) and who writes them.
SPAN_GROUPS: dict[str, tuple[str, str]] = {
    "esg_org": ("organisation mentions (label ORG, kb_id = the organisation's key)", "esg_orgs"),
    "esg_place": ("places (GPE; kb_id = country) from the gazetteer and a trained NER", "esg_mentions"),
    "esg_date": ("dates and years (DATE)", "esg_mentions"),
    "esg_quantity": ("amounts with units, percentages, money (QUANTITY, PERCENT, MONEY)", "esg_mentions"),
    "esg_standard": ("standards by code (STANDARD: ISO 14001, IATF 16949)", "esg_mentions"),
    "esg_term": ("defined terms and their aliases (TERM: '(the \u201cCompany\u201d)', '(hereinafter X)')", "esg_mentions"),
    "esg_model_org": ("a trained pipeline's ORG entities: organisation candidates", "esg_mentions"),
    "esg_framework": ("reporting frameworks and initiatives of the ontology (FRAMEWORK; kb_id = the scheme's label)", "esg_mentions"),
}

# Component -> the attributes it needs at call time, in spaCy's "doc._.x" / "token.x" notation.
_SENTS = "token.is_sent_start"
REQUIRES: dict[str, tuple[str, ...]] = {
    "esg_sentences": (),
    "esg_mentions": (),
    "esg_orgs": (),
    "esg_company": (_SENTS, "doc._.orgs", "doc._.org_mentions", "doc._.self_defined"),
    "esg_subsidiaries": (_SENTS, "doc._.esg", "doc._.orgs", "doc._.org_mentions"),
    "esg_certifications": (_SENTS, "doc._.esg", "doc._.orgs", "doc._.org_mentions"),
    "esg_targets": (_SENTS, "doc._.esg", "doc._.orgs", "doc._.org_mentions"),
    "esg_facilities": (_SENTS, "doc._.esg", "doc._.orgs", "doc._.org_mentions"),
    "esg_relations": (_SENTS, "doc._.esg", "doc._.orgs", "doc._.org_mentions"),
    "esg_frameworks": (_SENTS, "doc._.esg", "doc._.orgs", "doc.spans"),
    "esg_learned": (_SENTS, "doc._.esg", "doc._.orgs"),
}
ASSIGNS: dict[str, tuple[str, ...]] = {
    "esg_sentences": (_SENTS, "doc._.esg_text", "doc._.legal_names"),
    "esg_mentions": ("doc.spans",),
    "esg_orgs": ("doc._.orgs", "doc._.org_mentions", "doc._.self_defined", "doc.spans"),
    "esg_company": ("doc._.esg", "doc._.orgs", "doc._.org_mentions", "doc.spans"),
    "esg_subsidiaries": ("doc._.esg",),
    "esg_certifications": ("doc._.esg",),
    "esg_targets": ("doc._.esg",),
    "esg_facilities": ("doc._.esg",),
    "esg_relations": ("doc._.esg",),
    "esg_frameworks": ("doc._.esg",),
    "esg_learned": ("doc._.esg",),
}
# Who sets each required attribute, for the error message.
SETTERS: dict[str, str] = {_SENTS: "esg_sentences", **{f"doc._.{k}": v[1] for k, v in EXTENSIONS.items() if v[1]},
                           **{f"doc.spans['{k}']": v[1] for k, v in SPAN_GROUPS.items()}}

# Component -> the span groups it reads (declared to spaCy as "doc.spans", which validates attribute names, not
# span keys; :func:`require` checks each key, and names the component that writes it).
REQUIRED_SPANS: dict[str, tuple[str, ...]] = {
    "esg_frameworks": ("esg_framework",),
}


class MissingComponentError(ValueError):
    """A component ran without an attribute it needs: the component that sets it was removed or comes later."""


def rules_only() -> bool:
    """Whether ``ESGKG_RULES_ONLY=1`` asks for every decision by the rules alone (no learned ranker or
    filter), for comparing the two modes (issue 21); read from the environment each time it is asked."""
    return os.environ.get("ESGKG_RULES_ONLY", "") not in ("", "0")


def _is_set(doc: Doc, attr: str) -> bool:
    if attr == _SENTS:
        return doc.has_annotation("SENT_START")
    if attr.startswith("doc._."):
        return getattr(doc._, attr[6:]) is not None
    if attr.startswith("doc.spans['"):
        return attr[11:-2] in doc.spans
    return True


def require(doc: Doc, component: str) -> None:
    """Raise :class:`MissingComponentError` unless every attribute ``component`` requires is set on ``doc``.

    The message names the attribute, the component that sets it and how to add that component back.
    """
    needs = [a for a in REQUIRES.get(component, ()) if a != "doc.spans"]
    needs += [f"doc.spans['{k}']" for k in REQUIRED_SPANS.get(component, ())]
    for attr in needs:
        if not _is_set(doc, attr):
            setter = SETTERS.get(attr, "?")
            raise MissingComponentError(
                f"{component} needs {attr}, set by {setter}, which has not run on this Doc: "
                f"add it back with nlp.add_pipe({setter!r}, before={component!r})"
            )


class OrgIndex:
    """Organisations of one report by identity key, with aliases and mention counts.

    ``add`` merges names whose :func:`name_key` is equal (legal form, case and punctuation do not
    make a new organisation); ``alias`` attaches a defined short form to a known organisation.
    """

    def __init__(self) -> None:
        self.by_key: dict[str, Organization] = {}
        self.alias_keys: dict[str, str] = {}  # name_key of alias -> key of organisation
        self.mentions: Counter[str] = Counter()
        self.reporter_key: str | None = None
        self.loose: dict[str, str] = {}  # loose_key -> key, so 'X Material' finds 'X Materials'
        self.table_members: set[str] = set()  # keys of organisations listed in a definitions table

    def key_of(self, name: str) -> str:
        """The key under which ``name`` is (or would be) filed: its own, an alias's target, or a plural variant's."""
        key = name_key(name)
        key = self.alias_keys.get(key, key)
        if key not in self.by_key:
            key = self.loose.get(loose_key(key), key)
        return key

    def add(self, name: str, kind: str = "organization") -> Organization:
        key = self.key_of(name)
        org = self.by_key.get(key)
        if org is None:
            org = self.by_key[key] = Organization(name=name, kind=kind)
            self.loose.setdefault(loose_key(key), key)
        elif _fuller(name, org.name) and name_key(name) == key:
            org.aliases.add(org.name)
            org.name = name
        elif name != org.name:
            org.aliases.add(name)
        if kind != "organization" and org.kind in ("organization", "supplier", "customer"):
            org.kind = kind
        self.mentions[key] += 1
        return org

    def alias(self, org: Organization, alias: str) -> None:
        """Record ``alias`` as another name of ``org`` (generic self-references are kept out of the key map)."""
        alias = alias.strip(" .,;:")
        if not alias or alias.lower() in SELF_REFERENCES or alias == org.name:
            return
        key = name_key(alias)
        own = name_key(org.name)
        if not key or key == own:
            if alias != org.name:
                org.aliases.add(alias)
            return
        other = self.by_key.get(key)
        if other is not None and other is not org:
            # the alias was first met as a name of its own: fold that record into this one
            org.aliases.add(other.name)
            org.aliases |= other.aliases
            del self.by_key[key]
        self.alias_keys[key] = own
        org.aliases.add(alias)

    def merge(self, into: Organization, key: str) -> None:
        """Fold the record filed under ``key`` into ``into`` (a truncated or variant spelling of it)."""
        other = self.by_key.get(key)
        own = name_key(into.name)
        if other is None or other is into or key == own:
            return
        into.aliases |= other.aliases
        del self.by_key[key]
        self.alias_keys[key] = own
        self.mentions[own] += self.mentions.pop(key, 0)
        if key in self.table_members:
            self.table_members.add(own)

    def resolve(self, text: str) -> Organization | None:
        """The organisation a name, alias or self-reference ("the Company") points to, if known."""
        t = text.strip()
        if t.lower() in SELF_REFERENCES:
            return self.reporter
        return self.by_key.get(self.key_of(t))

    @property
    def reporter(self) -> Organization | None:
        return self.by_key.get(self.reporter_key) if self.reporter_key else None

    def set_reporter(self, org: Organization) -> None:
        self.reporter_key = name_key(org.name)
        org.kind = "company"

    def names(self) -> dict[str, str]:
        """Every known name and alias (as written) -> canonical name."""
        out: dict[str, str] = {}
        for org in self.by_key.values():
            out[org.name] = org.name
            for a in org.aliases:
                out.setdefault(a, org.name)
        return out


def _fuller(new: str, old: str) -> bool:
    """True when ``new`` is the better canonical label: longer, and not all capitals over mixed case; of two spellings
    that differ in case only, the one with fewer words in capitals ('Acme Chips Inc.' over 'Acme Chips INC.', a
    cover line's capitals title-cased but for its legal form)."""
    if new.lower() == old.lower():
        return _capital_words(new) < _capital_words(old)
    if new.isupper() and not old.isupper():
        return False
    if old.isupper() and not new.isupper():
        return True
    return len(new) > len(old)


def _capital_words(name: str) -> int:
    """How many words of ``name`` (two letters or more) are written in capitals only."""
    return sum(1 for w in name.split() if sum(c.isalpha() for c in w) >= 2 and w.isupper())


def text_of(doc: Doc) -> str:
    """The document's text, cached: spaCy's ``Doc.text`` joins every token on each call (O(n))."""
    text = doc._.esg_text
    if text is None:
        text = doc._.esg_text = doc.text
    return text


def facts(doc: Doc) -> ReportFacts:
    if doc._.esg is None:
        doc._.esg = ReportFacts(source=Path(doc._.source or "unknown"))
    return doc._.esg


def orgs(doc: Doc) -> OrgIndex:
    if doc._.orgs is None:
        doc._.orgs = OrgIndex()
    return doc._.orgs


def page_of(doc: Doc, char: int) -> int | None:
    starts = doc._.page_starts
    if not starts:
        return None
    return max(1, bisect_right(starts, char))


def evidence(doc: Doc, sent: Span) -> Evidence:
    """The evidence record of a sentence: its text (stripped), span and page."""
    return evidence_between(doc, sent.start_char, sent.end_char)


# The subject of a statement, as a name: capitalised words at the start of a clause or of a table row,
# followed by a cell break or a verb ('Cedar Energy obtained ...', 'Harbour Pilots aims to ...', 'X operates ...').
_SUBJECT_VERBS = lexicon("subject_verbs")  # patterns/lexicon.jsonl
_SUBJECT_CONNECTORS = ("of", "and", "&", "de")
_SUBJECT_WORD_PUNCT = frozenset("&'’.-")
_MAX_SUBJECT_WORDS = 7


def _capital_ascii(c: str) -> bool:
    return "A" <= c <= "Z"


def _subject_word_end(text: str, i: int) -> int:
    """End of the word from ``i``: letters, digits, '_' and ``&'’.-``."""
    n = len(text)
    while i < n and (text[i].isalnum() or text[i] == "_" or text[i] in _SUBJECT_WORD_PUNCT):
        i += 1
    return i


def _ends_subject(text: str, end: int) -> bool:
    """After a name ending at ``end``: spaces and tabs with a tab among them (a cell break), or white space and a
    word of ``subject_verbs``."""
    n = len(text)
    k = end
    while k < n and text[k] in " \t":
        if text[k] == "\t":
            return True
        k += 1
    k = end
    while k < n and text[k].isspace():
        k += 1
    if k == end:
        return False
    j = k
    while j < n and (text[j].isalnum() or text[j] == "_"):
        j += 1
    return text[k:j] in _SUBJECT_VERBS


def subject_name(prefix: str) -> str | None:
    """The name that opens ``prefix`` as its subject: two to seven words with a capital A-Z first (joined by
    spaces, tabs and 'of', 'and', '&', 'de'), after any bullets, followed by a cell break or a verb of
    ``subject_verbs``; the longest such name, else None.  A walk over the words, at most seven."""
    n = len(prefix)
    i = 0
    while i < n and (prefix[i].isspace() or prefix[i] in "•◆●■-*"):
        i += 1
    if i >= n or not _capital_ascii(prefix[i]):
        return None
    start = i
    ends = [_subject_word_end(prefix, i + 1)]
    while len(ends) < _MAX_SUBJECT_WORDS:
        j = ends[-1]
        k = j
        while k < n and prefix[k] in " \t":
            k += 1
        if k == j or k >= n:
            break
        for connector in _SUBJECT_CONNECTORS:
            if prefix.startswith(connector, k):
                m = k + len(connector)
                while m < n and prefix[m] in " \t":
                    m += 1
                if m < n and _capital_ascii(prefix[m]):
                    k = m
                    break
        if not _capital_ascii(prefix[k]):
            break
        ends.append(_subject_word_end(prefix, k + 1))
    for end in reversed(ends[1:]):
        if _ends_subject(prefix, end):
            return prefix[start:end]
    return None


_NOT_A_SUBJECT = lexicon("not_a_subject")  # patterns/lexicon.jsonl


def not_a_subject(name: str) -> bool:
    """True when ``name`` starts with a word that opens a clause without naming its subject ('In 2023 ...',
    'ISO 14001 ...', 'Our plants ...'): its first word, up to the first character that is not a word character,
    is in the ``not_a_subject`` word list (a set look-up, not an alternation of the words)."""
    end = 0
    while end < len(name) and (name[end].isalnum() or name[end] == "_"):
        end += 1
    return name[:end] in _NOT_A_SUBJECT


def names_unknown_subject(prefix: str, index: "OrgIndex | None" = None) -> bool:
    """True when ``prefix`` (the text of a clause before its fact) starts with a name that is not the
    company speaking of itself, a place or (given ``index``) a known organisation: the text names a
    holder the extractor cannot resolve, so the fact must not be given to the reporting company."""
    from .places import PLACE  # places loads a gazetteer: imported where it is needed

    name = subject_name(prefix)
    if name is None:
        return False
    if not_a_subject(name) or name.lower() in SELF_REFERENCES or PLACE.fullmatch(name):
        return False
    return index is None or index.resolve(name) is None


_FOOTNOTE_MARK = re.compile(r"(?:(?<=[a-z]\.)|(?<=\d{4}\.))\d{1,2}$")  # 'in 2024.3' -> 'in 2024.' (a footnote marker)


def evidence_between(doc: Doc, start: int, end: int) -> Evidence:
    """The evidence record of any character span (e.g. two sentences read as one claim)."""
    text = text_of(doc)[start:end]
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    body = body[:-16] + _FOOTNOTE_MARK.sub("", body[-16:])  # the mark ends the text: no scan of a long one
    start += lead
    return Evidence(text=body, start=start, end=start + len(body), page=page_of(doc, start))


def sentence_starts(doc: Doc) -> list[int]:
    """Start characters of the document's sentences (computed once)."""
    starts = doc._.sent_starts
    if starts is None:
        starts = doc._.sent_starts = [s.start_char for s in sentences(doc)]  # the spans built once, not doc.sents again
    return starts


def sentences(doc: Doc) -> list[Span]:
    """The document's sentences as a list (built once), for index arithmetic (the next sentence)."""
    sents = doc._.esg_sents
    if sents is None:
        sents = doc._.esg_sents = list(doc.sents)
    return sents


def sentence_index_at(doc: Doc, char: int) -> int:
    """Index in :func:`sentences` of the sentence holding character ``char`` (a bisect)."""
    return max(0, bisect_right(sentence_starts(doc), char) - 1)


def sentence_at(doc: Doc, char: int) -> Span:
    """The sentence holding character ``char``: a bisect, no scan."""
    return sentences(doc)[sentence_index_at(doc, char)]
