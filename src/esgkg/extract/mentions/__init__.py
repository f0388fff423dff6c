"""The mention layer: typed spans in ``doc.spans`` that the fact readers build on.

Layers of :mod:`esgkg.extract`, in pipeline order:

1. **tokens and sentences** - the tokenizer (``spacy.blank("en")`` or a trained pipeline) and ``esg_sentences``;
2. **mentions** (this package and :mod:`esgkg.extract.orgs`) - ``esg_mentions`` writes places (GPE), dates
   (DATE), amounts (QUANTITY, PERCENT, MONEY), standards (STANDARD) and defined terms (TERM), plus a trained
   pipeline's ORG/GPE entities; ``esg_orgs`` writes the organisation mentions (ORG) to ``doc.spans["esg_org"]``;
   :mod:`.legal` finds the names with a legal form; :mod:`.names` decides what is a name (any script, particles, ordinary words are not names);
3. **fact readers** - ``esg_company``, ``esg_subsidiaries``, ``esg_certifications``, ``esg_targets``,
   ``esg_facilities``, ``esg_relations``, ``esg_frameworks``: each fills part of ``doc._.esg``;
4. **data** - token patterns and word lists in :mod:`esgkg.extract.patterns` (JSONL, each with examples
   and counterexamples), gazetteers in :mod:`esgkg.extract.places`, legal forms in :mod:`esgkg.extract.legal_forms`.
"""
from __future__ import annotations

from typing import Any

__all__ = ["SPAN_KEYS", "MentionReader"]


def __getattr__(name: str) -> Any:
    """``SPAN_KEYS`` and ``MentionReader`` from :mod:`.ruler`, imported on first use: :mod:`.legal` and :mod:`.names`
    are imported by the name helpers that :mod:`esgkg.extract.base` itself needs, and :mod:`.ruler` needs ``base``."""
    if name in __all__:
        from . import ruler

        return getattr(ruler, name)
    raise AttributeError(name)
