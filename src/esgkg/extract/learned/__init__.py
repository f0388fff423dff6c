"""Learned decisions of the extraction pipeline: models trained from the gold, shipped as plain weights.

:mod:`.company` ranks the reporting company among a document's candidates (``train_company_ranker``).
The fact models below keep or drop the facts the rules propose.

The rules of ``esg_targets``, ``esg_subsidiaries``, ``esg_certifications``, ``esg_facilities`` and
``esg_relations`` propose candidates; the ``esg_learned`` component, last in the pipeline, scores each
candidate with a logistic model over generic features (:mod:`.features`) and drops those the model
judges spurious.  The weights ship as JSON in ``esgkg/extract/models/`` and are read with plain
Python (no scikit-learn at run time); ``esgkg train`` (:func:`.train.train`) rebuilds them from gold.

``nlp.add_pipe("esg_learned", config={"learned": False})`` (or ``make_nlp(learned=False)``, or the
environment variable ``ESGKG_LEARNED=0`` for ``esgkg build``; ``ESGKG_RULES_ONLY=1`` also switches off the
company ranker) keeps the rules' decisions, for comparison.

:data:`MODELS` is the registry of trainable fact models: category -> (facts of that category, feature
function).
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ...records import ReportFacts
from ..base import ASSIGNS, REQUIRES, facts, require, rules_only
from .propose import propose_facilities
from .features import (
    Features,
    FeatureFunction,
    certification_features,
    facility_features,
    relation_features,
    squash,
    subsidiary_features,
    target_features,
)


@dataclass(frozen=True)
class FactModel:
    """One trainable decision: which facts it judges and how it reads them."""

    category: str
    features: FeatureFunction
    relation_kind: str | None = None  # suppliers / customers: the Relation.kind judged
    bag_of_words: bool = True  # whether words of the evidence are features (else shape and fields only)
    layout: bool = True  # whether layout features (line breaks, tabs, length, position, text before) are used:
    # off where a report read from its PDF must be judged as when read from its text
    used: bool = False  # whether the trained model decides at run time (set where leave-one-report-out shows a gain)
    propose: Callable[[Doc, ReportFacts], list] | None = None  # more candidates than the rules make (learned mode only)

    def candidates(self, f: ReportFacts) -> list:
        """The facts of this category in ``f``, in the order the rules found them."""
        if self.relation_kind is not None:
            return [r for r in f.relations if r.kind == self.relation_kind]
        return list(getattr(f, self.category))

    def keep(self, f: ReportFacts, kept: list) -> None:
        """Replace this category's facts in ``f`` by ``kept``."""
        if self.relation_kind is not None:
            ids = {id(r) for r in kept}
            f.relations = [r for r in f.relations if r.kind != self.relation_kind or id(r) in ids]
        else:
            setattr(f, self.category, kept)


# ``used``: leave-one-report-out over the 16 gold reports (benchmarks/loo.py, BENCHMARKS.md) shows the
# learned decision at least as good as the rules; elsewhere the rules decide and the weights are informative.
# Facilities: the proposals lift the blind fold and leave-one-report-out with layout features, but then a
# report read from its PDF gets one more spurious site than from its text; without them they do not beat the rules.
MODELS: dict[str, FactModel] = {
    "targets": FactModel("targets", target_features),
    "subsidiaries": FactModel("subsidiaries", subsidiary_features, bag_of_words=False, layout=False, used=True),
    "certifications": FactModel("certifications", certification_features),
    "facilities": FactModel("facilities", facility_features, propose=propose_facilities, layout=False),
    "suppliers": FactModel("suppliers", relation_features, "supplier"),
    "customers": FactModel("customers", relation_features, "customer"),
}


@dataclass
class LinearWeights:
    """A logistic model read from JSON: ``p = sigmoid(bias + sum(weights[f] * x[f]))``."""

    category: str
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5
    enabled: bool = True
    meta: dict = field(default_factory=dict)

    def probability(self, x: Features) -> float:
        """The model's probability that the candidate is a fact the gold would list."""
        w = self.weights
        return squash(self.bias + sum(w.get(k, 0.0) * v for k, v in x.items()))

    def to_json(self) -> dict:
        """The weights as a JSON-ready dict (sorted, so equal models write equal files)."""
        return {"category": self.category, "enabled": self.enabled, "threshold": self.threshold,
                "bias": self.bias, "weights": dict(sorted(self.weights.items())), "meta": self.meta}

    @classmethod
    def from_json(cls, data: dict) -> "LinearWeights":
        """Weights read back from :meth:`to_json`'s dict."""
        return cls(category=data["category"], weights={k: float(v) for k, v in data["weights"].items()},
                   bias=float(data["bias"]), threshold=float(data.get("threshold", 0.5)),
                   enabled=bool(data.get("enabled", True)), meta=data.get("meta", {}))


def model_path(category: str, directory: Path | None = None) -> Path:
    """Where the weights of ``category`` live: ``directory`` or the package's ``models/`` folder."""
    if directory is not None:
        return Path(directory) / f"{category}.json"
    return Path(str(resources.files("esgkg.extract.models").joinpath(f"{category}.json")))


@lru_cache(maxsize=32)
def _load(path: str) -> LinearWeights | None:
    p = Path(path)
    if not p.is_file():
        return None
    return LinearWeights.from_json(json.loads(p.read_text(encoding="utf-8")))


def load_weights(category: str, directory: Path | None = None) -> LinearWeights | None:
    """The weights of one category (cached), or None when none are shipped or trained."""
    return _load(str(model_path(category, directory)))


def decide(doc: Doc, f: ReportFacts, weights: dict[str, LinearWeights]) -> dict[str, int]:
    """Drop the candidates each enabled model judges spurious; returns how many were dropped per category."""
    dropped: dict[str, int] = {}
    for category, w in weights.items():
        if not w.enabled:
            continue
        model = MODELS[category]
        found = model.candidates(f)
        extra = model.propose(doc, f) if model.propose is not None else []
        every = found + extra
        proposing = model.propose is not None  # then the model judges the proposals only
        kept = found[:] if proposing else []
        kept += [c for c in (extra if proposing else found) if w.probability(candidate_features(model, doc, c, f.report_year, every, len(found))) >= w.threshold]
        if kept != found:
            model.keep(f, kept)
        dropped[category] = len(every) - len(kept)
    return dropped


def candidate_features(model: FactModel, doc: Doc, c: object, report_year: int | None, every: list, rules: int) -> Features:
    """The features of candidate ``c`` among ``every`` (of which the first ``rules`` are the rules' own)."""
    x = model.features(doc, c, report_year, every[:rules])
    if model.propose is not None and not any(c is r for r in every[:rules]):
        x["proposed"] = 1.0
    return x


class LearnedDecisions:
    """spaCy component ``esg_learned``: the trained keep/drop decisions over the rules' candidates."""

    def __init__(self, learned: bool = True, models: str | None = None) -> None:
        self.learned = learned
        self.directory = Path(models) if models else None

    def weights(self) -> dict[str, LinearWeights]:
        """The weights in use, per category (only categories with a shipped or trained model)."""
        out = {}
        for category in MODELS:
            w = load_weights(category, self.directory)
            if w is not None:
                out[category] = w
        return out

    def __call__(self, doc: Doc) -> Doc:
        """Apply the enabled models to ``doc._.esg`` (nothing when switched off or with ``ESGKG_LEARNED=0`` / ``ESGKG_RULES_ONLY=1``)."""
        require(doc, "esg_learned")
        if self.learned and os.environ.get("ESGKG_LEARNED", "1") != "0" and not rules_only():
            decide(doc, facts(doc), self.weights())
        return doc


@Language.factory("esg_learned", requires=REQUIRES["esg_learned"], assigns=ASSIGNS["esg_learned"],
                  default_config={"learned": True, "models": None})
def make_learned(nlp: Language, name: str, learned: bool, models: str | None) -> LearnedDecisions:
    """Factory of ``esg_learned``; ``learned=False`` keeps the rules' decisions, ``models`` names a
    folder of trained weights (default: the weights shipped in the package)."""
    return LearnedDecisions(learned=learned, models=models)


__all__ = ["MODELS", "FactModel", "candidate_features", "LinearWeights", "LearnedDecisions", "decide", "load_weights", "model_path"]
