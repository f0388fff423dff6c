"""``esg_mentions``: typed mention spans from token patterns (data), the place gazetteer and a trained NER.

The token patterns are the records of ``patterns/mentions.jsonl`` run by one spaCy ``SpanRuler``; places come
from the gazetteer of :mod:`esgkg.extract.places` (pycountry, GeoNames; with ``places=True``); when the pipeline has a trained
NER (``make_nlp("en_core_web_sm")``), its ORG entities are kept as organisation candidates and its GPE/LOC
entities join the places.  Reporting frameworks and initiatives (``esg_framework``) come from ``PhraseMatcher``s of
the ontology's spellings (:mod:`.schemes`).  Overlapping matches of one kind keep the longest.
"""
from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from ..base import ASSIGNS, REQUIRES, text_of
from ..patterns import token_patterns
from .schemes import framework_matcher, framework_spans

# span group -> the labels it holds
SPAN_KEYS: dict[str, tuple[str, ...]] = {
    "esg_place": ("GPE",),
    "esg_date": ("DATE",),
    "esg_quantity": ("QUANTITY", "PERCENT", "MONEY"),
    "esg_standard": ("STANDARD",),
    "esg_term": ("TERM",),
    "esg_model_org": ("ORG",),
    "esg_framework": ("FRAMEWORK",),
}
_GROUP_OF = {label: key for key, labels in SPAN_KEYS.items() for label in labels if key not in ("esg_model_org", "esg_framework")}


def _longest(existing: Iterable[Span], new: Iterable[Span]) -> list[Span]:
    return filter_spans([*existing, *new])


@Language.factory("esg_mentions", requires=REQUIRES["esg_mentions"], assigns=ASSIGNS["esg_mentions"],
                  default_config={"places": False, "model_entities": True})
def make_mentions(nlp: Language, name: str, places: bool, model_entities: bool) -> "MentionReader":
    """spaCy factory of :class:`MentionReader`.

    ``places`` (off by default) also scans the whole text with the place gazetteer for ``esg_place``: about a
    tenth of a default build's time, which no reader needs yet (the readers look places up where they need
    them); ``model_entities`` takes a trained NER's ORG and GPE/LOC entities as candidates.
    """
    return MentionReader(nlp, name, places=places, model_entities=model_entities)


class MentionReader:
    """Write ``doc.spans[k]`` for every key of :data:`SPAN_KEYS` (an empty group when nothing was found)."""

    def __init__(self, nlp: Language, name: str = "esg_mentions", *, places: bool = False, model_entities: bool = True) -> None:
        self.places = places
        self.model_entities = model_entities
        self.ruler = SpanRuler(nlp, name=f"{name}_ruler", spans_key="_esg_ruled", spans_filter=_longest,
                               phrase_matcher_attr="LOWER", validate=True)
        with nlp.select_pipes(disable=nlp.pipe_names):  # phrases need tokens only, not a trained pipeline's tags
            self.ruler.add_patterns(token_patterns("mentions"))
        self.frameworks = framework_matcher(nlp)

    def __call__(self, doc: Doc) -> Doc:
        """Fill ``doc.spans`` with the typed mentions (``esg_place``, ``esg_date``, ``esg_quantity``, ...)."""
        groups: dict[str, list[Span]] = {key: [] for key in SPAN_KEYS}
        self.ruler(doc)
        for span in doc.spans.get("_esg_ruled", []):
            groups[_GROUP_OF[span.label_]].append(span)
        if "_esg_ruled" in doc.spans:
            del doc.spans["_esg_ruled"]
        if self.places:
            groups["esg_place"] += _gazetteer_places(doc)
        if self.model_entities and doc.has_annotation("ENT_IOB"):
            for ent in doc.ents:
                if ent.label_ == "ORG":
                    groups["esg_model_org"].append(ent)
                elif ent.label_ in ("GPE", "LOC"):
                    groups["esg_place"].append(Span(doc, ent.start, ent.end, label="GPE"))
        groups["esg_framework"] = framework_spans(doc, self.frameworks, text_of(doc))
        for key, spans in groups.items():
            doc.spans[key] = filter_spans(spans) if key == "esg_place" else spans
        return doc


def _gazetteer_places(doc: Doc) -> list[Span]:
    """Places of the gazetteer, as GPE spans (``kb_id_`` = the place's country)."""
    from ..places import PLACE  # the gazetteer is built on first use

    out = []
    for m in PLACE.finditer(text_of(doc)):
        span = doc.char_span(m.start(1), m.end(1), label="GPE", kb_id=m.place.country, alignment_mode="expand")
        if span is not None:
            out.append(span)
    return out


def spans_of(doc: Doc, key: str) -> list[Span]:
    """The spans of group ``key`` (empty when the group was not written)."""
    return list(doc.spans[key]) if key in doc.spans else []

