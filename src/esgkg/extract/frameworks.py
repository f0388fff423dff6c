"""Reporting frameworks a report follows and initiatives its company is a member of.

The frameworks and initiatives are the concepts of the ontology's ``esg:FrameworkScheme`` (GRI,
SASB, TCFD, ISSB, the HKEX ESG Reporting Guide, UN Global Compact, UN SDGs, CDP, SBTi, RE100 ...):
their acronyms (``skos:altLabel``, case-sensitive whole words) and names (``skos:hiddenLabel``, any
case) are found by the mention layer (``esg_mentions``: one spaCy ``Matcher``, spans in
``doc.spans["esg_framework"]``), which this reader requires.

* A concept whose ``esg:frameworkRole`` is only ``reporting`` (GRI Standards, SASB, UN SDGs, GHG
  Protocol ...) is a framework of the report wherever the report names it.
* A concept that can also be an initiative (UN Global Compact, CDP, TCFD) is a framework of the
  report only in a sentence that speaks of reporting ("in accordance with", "index", "responds to
  the CDP questionnaire", "Communication on Progress").
* A concept with the role ``membership`` is an initiative the reporting company belongs to when the
  words just before (or after) its name say so ("member of", "signatory to", "joined", "supporter of", "committed to
  the SBTi", "founding partner"): ``esg:memberOf`` from the company to an organisation with the
  concept's label.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .. import vocab
from ..records import Relation
from .base import evidence_between, facts, orgs, sentence_index_at, sentences, text_of
from .base import ASSIGNS, REQUIRES, require  # declared attributes and the call-time check (issue 20)
from .mentions.phrases import WordCues
from .mentions.schemes import framework_mentions
from .patterns import lexicon
from .targets import _logical_sentence

_REPORTING_CUE = WordCues(lexicon("framework_reporting_cues"))  # patterns/lexicon.jsonl
_MEMBER_CUE = WordCues(lexicon("framework_member_cues"))
_MEMBER_REACH = 80  # characters before the name in which the membership cue must stand (after it: half)
_NEGATED = WordCues(lexicon("negations"))  # patterns/lexicon.jsonl


def mentions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, framework label) of each framework or initiative a string names (the mention layer's
    ``Matcher``, :mod:`esgkg.extract.mentions.schemes`, over the string's tokens)."""
    return framework_mentions(text)


def doc_mentions(doc: Doc) -> list[tuple[int, int, str]]:
    """(start char, end char, framework label) of the spans ``esg_mentions`` wrote to ``doc.spans["esg_framework"]``."""
    return [(s.start_char, s.end_char, s.kb_id_) for s in doc.spans["esg_framework"]]


class FrameworkReader:
    """spaCy component ``esg_frameworks``: ``facts.frameworks`` and the company's memberships."""

    def __init__(self, memberships: bool = True) -> None:
        self.memberships = memberships

    def __call__(self, doc: Doc) -> Doc:
        require(doc, "esg_frameworks")
        f = facts(doc)
        text = text_of(doc)
        info = vocab.frameworks()
        reporter = orgs(doc).reporter
        found: list[str] = list(f.frameworks)
        _canonical_members(f.relations)
        joined: set[str] = {r.partner for r in f.relations if r.kind == "member"}
        sents = sentences(doc)
        for start, end, label in doc_mentions(doc):
            roles = info[label].roles
            need_framework = "reporting" in roles and label not in found
            need_member = self.memberships and reporter is not None and "membership" in roles and label not in joined
            if not (need_framework or need_member):
                continue
            lo, hi = _logical_sentence(doc, sentence_index_at(doc, start))
            s_start, s_end = sents[lo].start_char, sents[hi].end_char
            sentence = text[s_start:s_end]
            if need_framework and (roles == {"reporting"} or _REPORTING_CUE.search(sentence)):
                found.append(label)
            near = _clause_around(text, max(s_start, start - _MEMBER_REACH), start, end, min(s_end, end + _MEMBER_REACH // 2))
            if need_member and _MEMBER_CUE.search(near) and not _NEGATED.search(near):
                joined.add(label)
                f.relations.append(Relation(kind="member", org=reporter.name, partner=label,
                                            evidence=evidence_between(doc, s_start, s_end)))
        f.frameworks = found
        return doc


_CLAUSE_CUT = re.compile(r",\s|;\s|\s(?:and|but|while|whereas)\s", re.I)


def _clause_around(text: str, lo: int, start: int, end: int, hi: int) -> str:
    """The words of the clause around a mention: back to the last clause break before it, on to the first after it."""
    before = text[lo:start]
    cuts = list(_CLAUSE_CUT.finditer(before))
    if cuts:
        before = before[cuts[-1].end():]
    after = text[end:hi]
    cut = _CLAUSE_CUT.search(after)
    return before + text[start:end] + (after[:cut.start()] if cut else after)


def canonical(name: str) -> str | None:
    """The scheme label of an initiative named ``name`` as a whole ("the Responsible Minerals
    Initiative (RMI)" -> "Responsible Minerals Initiative"), else None."""
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", name.strip())
    bare = re.sub(r"^(?:the)\s+", "", bare, flags=re.I)
    hits = mentions(bare)
    if len(hits) == 1 and hits[0][0] == 0 and hits[0][1] >= len(bare) - 1:
        return hits[0][2]
    return None


def _canonical_members(relations: list[Relation]) -> None:
    """Membership relations read elsewhere name a scheme initiative by its label, each pair once."""
    seen: set[tuple[str, str]] = set()
    keep: list[Relation] = []
    for r in relations:
        if r.kind == "member":
            label = canonical(r.partner)
            if label is not None and "membership" in vocab.frameworks()[label].roles:
                r.partner = label
            if (r.org, r.partner) in seen:
                continue
            seen.add((r.org, r.partner))
        keep.append(r)
    relations[:] = keep


@Language.factory("esg_frameworks", requires=REQUIRES["esg_frameworks"], assigns=ASSIGNS["esg_frameworks"], default_config={"memberships": True})
def make_frameworks(nlp: Language, name: str, memberships: bool) -> FrameworkReader:
    """Factory of ``esg_frameworks``; ``memberships`` switches off reading initiative memberships."""
    return FrameworkReader(memberships=memberships)
