"""Extraction: a spaCy pipeline that reads an ingested report into a :class:`ReportFacts`.

The pipeline is an ordinary spaCy ``Language``: a tokenizer (``spacy.blank("en")`` by default,
or a statistical English pipeline if one is named), then the registered ``esg_*`` components in
order.  Every component is a plain spaCy component and can be removed, replaced or reordered
with spaCy's own API (``nlp.remove_pipe``, ``nlp.add_pipe``)::

    nlp = esgkg.extract.make_nlp()
    facts = esgkg.extract.extract(document, nlp)
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..ingest import Document
from ..records import ReportFacts
from . import certifications, company, facilities, frameworks, relations, sentences, subsidiaries, targets  # noqa: F401  (registers components)
from . import mentions as _mention_components  # noqa: F401
from . import orgs as _org_components  # noqa: F401
from .base import facts, orgs

COMPONENTS = (
    "esg_sentences",
    "esg_mentions",
    "esg_orgs",
    "esg_company",
    "esg_subsidiaries",
    "esg_certifications",
    "esg_targets",
    "esg_facilities",
    "esg_relations",
    "esg_frameworks",
)
MAX_CHARS = 60_000_000


def make_nlp(model: str | None = None, *, company: str | None = None, year: int | None = None) -> Language:
    """The extraction pipeline on ``spacy.blank("en")``, or on an installed model (e.g. ``en_core_web_sm``).

    ``company`` and ``year``, when given, are taken as every report's reporting company and report
    year instead of reading them (the ``esg_company`` component's settings).

    With a model, its tokenizer and tagger/parser/NER run first (they are not needed by the rules,
    so only the tokenizer is kept enabled unless the model's NER is wanted later), and its
    sentence segmentation is replaced by ``esg_sentences``, which knows PDF line structure.
    """
    if model:
        nlp = spacy.load(model, exclude=["parser", "senter", "lemmatizer", "attribute_ruler", "tagger", "tok2vec", "ner"])
    else:
        nlp = spacy.blank("en")
    nlp.max_length = MAX_CHARS
    for name in COMPONENTS:
        config = {"company": company, "year": year} if name == "esg_company" and (company or year) else {}
        nlp.add_pipe(name, config=config)
    return nlp


def _prepare(nlp: Language, document: Document) -> Doc:
    doc = nlp.make_doc(document.text)
    doc._.source = str(document.source)
    doc._.page_starts = document.page_starts if document.has_pages else None
    return doc


def _finish(doc: Doc) -> ReportFacts:
    result = facts(doc)
    index = orgs(doc)
    result.organizations = {o.name: o for o in index.by_key.values()}
    if result.company is not None and index.reporter is not None:
        result.company.name = index.reporter.name
        result.company.aliases = set(index.reporter.aliases)
    return result


def extract(document: Document, nlp: Language | None = None) -> ReportFacts:
    """Read one document into facts."""
    nlp = nlp or default_nlp()
    doc = _prepare(nlp, document)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return _finish(doc)


def extract_many(documents: Iterable[Document], nlp: Language | None = None) -> Iterator[ReportFacts]:
    """Read documents one after another (streaming: one Doc in memory at a time)."""
    nlp = nlp or default_nlp()
    for document in documents:
        yield extract(document, nlp)


_DEFAULT: dict[tuple[str | None, str | None, int | None], Language] = {}


def default_nlp(model: str | None = None, company: str | None = None, year: int | None = None) -> Language:
    """A shared pipeline per model name (and override), built on first use (building one takes ~0.2 s)."""
    key = (model, company, year)
    if key not in _DEFAULT:
        _DEFAULT[key] = make_nlp(model, company=company, year=year)
    return _DEFAULT[key]


__all__ = ["COMPONENTS", "make_nlp", "extract", "extract_many", "default_nlp"]
