"""Suppliers, customers and memberships named as such."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Relation
from .base import evidence, facts, orgs, sentence_at
from .orgs import mentions_in
from .text import name_key

_SUPPLIER = re.compile(r"\bsuppl(?:ier|iers|ied\s+by)\b|\bpurchas\w*\s+(?:\w+\s+){0,4}from\b|\bprocur\w*\s+(?:\w+\s+){0,4}from\b|\bstrategic\s+partnership\s+with\b|\bresources\s+of\b", re.I)
_CUSTOMER = re.compile(r"\bcustomers?\b|\bclients?\b|\bsupplier\s+(?:to|of|for)\b|\bsupplies\s+(?:\w+\s+){0,3}to\b", re.I)
_MEMBER = re.compile(r"\bmember(?:ship)?\s+of\b|\bjoined\b|\bbecame\s+a\s+member\b", re.I)


@Language.component("esg_relations")
def esg_relations(doc: Doc) -> Doc:
    f = facts(doc)
    index = orgs(doc)
    reporter = index.reporter
    if reporter is None:
        return doc
    own = {name_key(reporter.name)} | {name_key(s.name) for s in f.subsidiaries}
    seen: set[tuple[str, str]] = set()
    for kind, pattern in (("supplier", _SUPPLIER), ("customer", _CUSTOMER), ("member", _MEMBER)):
        for m in pattern.finditer(doc.text):
            sent = sentence_at(doc, m.start())
            for _, _, key in mentions_in(doc, sent):
                org = index.by_key.get(key)
                if org is None or key in own or (kind, key) in seen:
                    continue
                if re.search(r"certif|verification|stock\s+exchange", org.name, re.I):
                    continue
                seen.add((kind, key))
                if org.kind == "organization":
                    org.kind = kind
                f.relations.append(Relation(kind=kind, org=reporter.name, partner=org.name, evidence=evidence(doc, sent)))
    return doc
