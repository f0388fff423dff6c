"""Suppliers, customers and memberships, only where the text names them as such.

A partner must be tied to its cue by the grammar of the phrase, not merely share a sentence with
it (an awards paragraph names certifiers, exchanges and customers side by side):

* customer: "supplier of X" / "Supplier Award of X" / "X Supplier Conference" (the reporter is
  called X's supplier), "X supplied by Y" (X is Y's customer), "customers such as X, Y and Z";
* supplier: "purchased / procured / sourced ... from X", "suppliers such as X", "our supplier is X",
  "the raw materials / resources of X Co., Ltd." (only a name with a legal form);
* membership: "member of X", "joined (the) X", "became a member of X".

Partners are organisations the report names (with or without a legal form); the reporting
company's own group members and certification bodies are never partners.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Relation
from .base import evidence, facts, orgs, sentence_at, text_of
from .text import ORG_NAME, name_key

# a name without a legal form: capitalised words ("Dongfeng Nissan", "Hyundai-Kia", "GM"); "and" separates two names
_NAME = r"(?:[A-Z][\w&'’\-.]*)(?:[ ](?:[A-Z][\w&'’\-.]*|\([A-Z][\w ]{1,30}\)|of|&|de)(?=[ ,.;)]|$)){0,6}"
_NAME_RE = re.compile(_NAME)
_CUES = re.compile(
    r"(?P<supplier_is>\b(?:suppliers?|vendors?)(?:[ ]+of[ ]+[a-z][\w\- ]{1,40}?)?[ ]+(?:is|are|was|were|includes?|included)[ ]+(?:the[ ]+)?)"
    r"|(?P<customer_of>\b(?:supplier|vendor|partner)(?:[ ]+(?:award|prize))?[ ]+(?:of|to|for)[ ]+(?:the[ ]+)?)"  # singular: "suppliers of X" are X's
    r"|(?P<supplier_conf>[ ]+Supplier[ ]+(?:Conference|Day|Meeting|Summit)\b)"
    r"|(?P<supplied_by>[ ]+supplied[ ]+by[ ]+)"
    r"|(?P<customers_list>\b(?:customers?|clients?)[ ]+(?:such[ ]+as|including|like|namely)[ ]+)"
    r"|(?P<suppliers_list>\b(?:suppliers?|vendors?)[ ]+(?:such[ ]+as|including|like|namely)[ ]+)"
    r"|(?P<bought_from>\b(?:purchas|procur|sourc|bought|buy|buys|buying)\w*[ ]+(?:[\w-]+[ ]+){0,5}?from[ ]+(?:the[ ]+)?)"
    r"|(?P<material_of>\b(?:raw[ ]+materials?|resources|ingots|feedstock|supplies)[ ]+(?:of|from)[ ]+(?:the[ ]+)?)"
    r"|(?P<member_of>\b(?:member(?:[ ]+unit)?|membership)[ ]+(?:of|in)[ ]+(?:the[ ]+)?|\bjoined[ ]+(?:the[ ]+)?)",
    re.I,
)
_KIND = {"customer_of": "customer", "supplier_conf": "customer", "supplied_by": "customer", "customers_list": "customer",
         "suppliers_list": "supplier", "supplier_is": "supplier", "bought_from": "supplier", "material_of": "supplier", "member_of": "member"}
# "our main supplier of aluminium": what follows "of" is a product, not a customer
_OWN_SUPPLIER = re.compile(r"\b(?:our|its|their|main|key|major|core|another|other)[ ]+(?:[\w-]+[ ]+)?$", re.I)
_NOT_PARTNER = re.compile(r"certif|verification|inspection|testing|stock\s+exchange|\bt[uü]v\b|\bsgs\b|bureau|government|ministry|commission", re.I)
_STOP_NAMES = frozenset({"The", "We", "Our", "In", "This", "It", "Its", "A", "An", "As", "China", "Chinese", "Quality", "Excellent",
                         "Outstanding", "Best", "Top", "Award", "Silver", "Gold", "Bronze", "Committee", "Board", "Ltd", "Ltd.", "Co.", "Limited"})
_GENERIC_PARTNER = frozenset({"committee", "board", "association", "alliance", "initiative", "group", "company"})


def _names_after(text: str, pos: int, limit: int = 4, commas: bool = True) -> list[tuple[int, str]]:
    """Names listed from ``pos`` on: "X", "X and Y", "X, Y and Z" (lower-case items are skipped over).

    Without ``commas`` only "and" continues the list (in "supplier of X, partner of Y" the comma
    ends the phrase)."""
    out: list[tuple[int, str]] = []
    i = pos
    end = min(len(text), pos + 200)
    while i < end and len(out) < limit:
        org = ORG_NAME.match(text, i)
        m = org or _NAME_RE.match(text, i)
        if m and m.group(0).split()[0] not in _STOP_NAMES:
            out.append((m.start(), m.group(0).rstrip(" .")))
            i = m.end()
        else:
            skip = re.match(r"[\w\- ]{0,60}?(?=,| and )", text[i:end])  # "the Chinese aluminum processing sector and X"
            if not skip or out:
                break
            i += skip.end()
        sep = re.match(r"(?:,[ ]*(?:and[ ]+)?|[ ]+and[ ]+)(?:the[ ]+)?" if commas else r"[ ]+and[ ]+(?:the[ ]+)?", text[i:end])
        if not sep:
            break
        i += sep.end()
    return out


def _name_before(text: str, pos: int) -> tuple[int, str] | None:
    """The name ending right before ``pos`` ("Opel| supplied by", "Yongjie| Supplier Conference")."""
    window = text[max(0, pos - 80):pos]
    m = re.search(rf"({_NAME})$", window)
    if not m:
        return None
    words = re.split(r"\s+(?:of|and)\s+|,\s*", m.group(1))[-1].split()  # "Excellent Quality Award of Yongjie" -> "Yongjie"
    while words and words[0] in _STOP_NAMES:
        words.pop(0)
    return (pos - len(" ".join(words)), " ".join(words)) if words else None


class RelationExtractor:
    """spaCy component ``esg_relations``."""

    def __init__(self, max_partners_per_cue: int = 4) -> None:
        self.max_partners_per_cue = max_partners_per_cue

    def __call__(self, doc: Doc) -> Doc:
        f = facts(doc)
        index = orgs(doc)
        reporter = index.reporter
        if reporter is None:
            return doc
        own = {name_key(reporter.name)} | {name_key(a) for a in reporter.aliases} | {name_key(s.name) for s in f.subsidiaries}
        seen: set[tuple[str, str, str]] = set()
        text = text_of(doc)
        for m in _CUES.finditer(text):
            cue = m.lastgroup or ""
            kind = _KIND[cue]
            holder = reporter.name
            if cue in ("supplied_by", "supplier_conf"):
                before = _name_before(text, m.start())
                if before is None:
                    continue
                partners = [before]
                if cue == "supplied_by":
                    supplier = _names_after(text, m.end(), 1)
                    known = index.resolve(supplier[0][1]) if supplier else None
                    holder = known.name if known else (supplier[0][1] if supplier else holder)
            elif cue == "customer_of" and _OWN_SUPPLIER.search(text[max(0, m.start() - 30):m.start()]):
                continue
            elif cue == "material_of":  # "the aluminium resources of X Co., Ltd.": only a named company with a legal form
                named = ORG_NAME.match(text, m.end())
                partners = [(named.start(), named.group(0))] if named else []
            else:
                partners = _names_after(text, m.end(), self.max_partners_per_cue, commas=cue.endswith("_list") or cue == "member_of")
            for at, name in partners:
                org = index.resolve(name)
                partner = org.name if org else name
                key = name_key(partner)
                if not key or key in own or org is reporter or key in _GENERIC_PARTNER or _NOT_PARTNER.search(partner) or (kind, holder, key) in seen:
                    continue
                if kind == "member" and org is None and len(partner.split()) < 2 and not partner.isupper():
                    continue  # "joined the Aluminum": a cut-off name
                seen.add((kind, holder, key))
                if org is not None and org.kind == "organization":
                    org.kind = kind
                f.relations.append(Relation(kind=kind, org=holder, partner=partner, evidence=evidence(doc, sentence_at(doc, at))))
        return doc


@Language.factory("esg_relations", default_config={"max_partners_per_cue": 4})
def make_relations(nlp: Language, name: str, max_partners_per_cue: int) -> RelationExtractor:
    """Factory of ``esg_relations``."""
    return RelationExtractor(max_partners_per_cue=max_partners_per_cue)
