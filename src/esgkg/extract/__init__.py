"""Extraction: a spaCy pipeline that reads an ingested report into a :class:`ReportFacts`.

The pipeline is an ordinary spaCy ``Language``: a tokenizer (``spacy.blank("en")`` by default,
or a trained English pipeline if one is named), then the registered ``esg_*`` components in
layers (see :mod:`esgkg.extract.mentions`):

* tokens and sentences: ``esg_sentences``;
* mentions, as typed spans in ``doc.spans``: ``esg_mentions`` (places, dates, amounts, standards, defined
  terms, a trained NER's entities) and ``esg_orgs`` (organisations: ``doc.spans["esg_org"]``);
* fact readers: ``esg_company``, ``esg_subsidiaries``, ``esg_certifications``, ``esg_targets``,
  ``esg_facilities``, ``esg_relations``, ``esg_frameworks``;
* data: :mod:`esgkg.extract.patterns` (JSONL token patterns and word lists with examples).

Every component declares what it requires and assigns (``nlp.analyze_pipes()``), passes data on in
declared ``Doc`` extensions (:data:`esgkg.extract.base.EXTENSIONS`), and can be removed, replaced or
reordered with spaCy's own API; a reader whose input is missing raises
:class:`~esgkg.extract.base.MissingComponentError` naming the component to add back::

    nlp = esgkg.extract.make_nlp()
    facts = esgkg.extract.extract(document, nlp)
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import package_attributes

if TYPE_CHECKING:
    from .nlp import COMPONENTS, MAX_CHARS, MODEL_PACKAGES, default_nlp, extract, extract_many, make_nlp, settings

# The names of :mod:`esgkg.extract.nlp`, which loads spaCy and registers the components: they are
# imported on first use (PEP 562), so ``import esgkg.extract.text`` (the graph's and the store's name
# helpers) does not load spaCy, while ``from esgkg.extract import make_nlp`` works as it always did.
__getattr__, __dir__ = package_attributes(__name__, dict.fromkeys(
    ("COMPONENTS", "MAX_CHARS", "MODEL_PACKAGES", "settings", "make_nlp", "extract", "extract_many", "default_nlp"), "nlp"))

__all__ = ["COMPONENTS", "settings", "make_nlp", "extract", "extract_many", "default_nlp"]
