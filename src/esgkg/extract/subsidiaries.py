"""Subsidiaries, associates, joint ventures, branches and business segments, each with its parent."""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Subsidiary
from .base import evidence, facts, orgs, sentence_at
from .orgs import mentions_in
from .text import name_key

_RELATIONS = [
    (re.compile(r"joint\s+ventures?", re.I), "joint_venture"),
    (re.compile(r"\bassociate(?:d)?\s+(?:company|companies|enterprises?)|\bassociates\b", re.I), "associate"),
    (re.compile(r"\bbranch(?:es)?\b", re.I), "branch"),
    (re.compile(r"subsidiar(?:y|ies)|wholly[- ]owned|controlled\s+(?:company|companies)|holding\s+subsidiar", re.I), "subsidiary"),
]
_SEGMENTS = re.compile(
    r"\b(?:business(?:es)?\s+)?(?:mainly\s+|primarily\s+)?(?:in|into|of|has|comprises?|includes?|covers?)\s+(?:\w+\s+){0,2}(?:(?:two|three|four|five|six|seven|eight|\d)\s+)?(?:major\s+|main\s+|business\s+)*(?:sectors|segments|business\s+units|divisions)\s*[:：,]\s*"
    r"((?:[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,5}\s*(?:,|and|、)\s*){1,8}[A-Z][\w'’\-]*(?:[ \t]+[A-Z][\w'’\-]*){0,5})",
)
_NOT_SUB = re.compile(r"\b(?:suppliers?|customers?|clients?|certif\w+|verif\w+|shareholders?|parent\s+company|controlling|partners?|stock\s+exchange)\b", re.I)


@Language.component("esg_subsidiaries")
def esg_subsidiaries(doc: Doc) -> Doc:
    """Organisations a sentence calls subsidiaries / JVs / branches of the reporter, and named business segments."""
    f = facts(doc)
    index = orgs(doc)
    reporter = index.reporter
    if reporter is None:
        return doc
    reporter_key = name_key(reporter.name)
    found: dict[str, Subsidiary] = {}
    text = doc.text
    for pattern, relation in _RELATIONS:
        for m in pattern.finditer(text):
            sent = sentence_at(doc, m.start())
            if _NOT_SUB.search(sent.text) and relation == "subsidiary" and not re.search(r"subsidiar", sent.text[: m.start() - sent.start_char + 40], re.I):
                continue
            for _, _, key in mentions_in(doc, sent):
                org = index.by_key.get(key)
                if org is None or key == reporter_key or key in found:
                    continue
                if _NOT_SUB.search(org.name):
                    continue
                org.kind = "subsidiary"
                found[key] = Subsidiary(name=org.name, parent=reporter.name, relation=relation, evidence=evidence(doc, sent))
    for m in _SEGMENTS.finditer(text):
        sent = sentence_at(doc, m.start())
        for part in re.split(r"\s*(?:,|\band\b|、)\s*", m.group(1)):
            part = part.strip()
            if len(part.split()) < 2 or name_key(part) in found:
                continue
            org = index.add(part, kind="subsidiary")
            key = name_key(org.name)
            if key == reporter_key:
                continue
            found[key] = Subsidiary(name=org.name, parent=reporter.name, relation="business_segment", evidence=evidence(doc, sent))
    # organisations carrying the group's distinctive first name ("Acme (Suzhou) Co., Ltd." of "Acme Holding")
    stem = reporter_key.split(" ")[0] if reporter_key else ""
    for key, org in list(index.by_key.items()):
        if key in found or key == reporter_key or not stem or len(stem) < 4:
            continue
        if key.split(" ")[0] == stem and not _NOT_SUB.search(org.name) and index.mentions[key] >= 1 and org.kind != "supplier":
            start = next((s for s, _, k in doc.user_data.get("org_mentions", []) if k == key), None)
            if start is None:
                continue
            org.kind = "subsidiary"
            found[key] = Subsidiary(name=org.name, parent=reporter.name, relation="subsidiary", evidence=evidence(doc, sentence_at(doc, start)))
    f.subsidiaries.extend(found.values())
    return doc
