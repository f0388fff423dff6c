"""A learned ranker of the reporting company among the candidates the rules propose.

The rules of :mod:`esgkg.extract.company` propose candidates (definitions, publisher sentences,
title lines, domains, copyright and stock-code lines, the cover, possessives, plain use) and
measure each one's evidence across the document; this module turns that evidence into a feature
vector and scores it with a linear model trained pairwise (the publisher against every other
candidate of the same report).  The weights ship as JSON in ``esgkg/extract/models``, and
inference is plain Python, so running needs no scikit-learn; training
(:func:`train_company_ranker`) does (``pip install esgkg[train]``).
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..company import CandidateEvidence
from ..mentions.names import zipf as names_zipf
from ..mentions.phrases import WordCues
from ..patterns import lexicon
from ..text import SELF_REFERENCES, name_key

MODEL_FILE = "company_ranker.json"
SIGNALS = ("defined", "published", "title", "domain", "copyright", "vendor_notice", "stock", "cover", "possessive_only", "frequent",
           "parent")
# Words of bodies a report cites rather than publishes through: exchanges, panels, bureaus, associations...
_BODY = WordCues(lexicon("body_words"))  # patterns/lexicon.jsonl
# Words of an arm of a group: a branch, a trust company, an asset manager, an investment or insurance arm.
_ARM = WordCues(lexicon("arm_words"))  # patterns/lexicon.jsonl


def another_unit(words: str) -> bool:
    """Whether the words that extend a name make it another unit's ('Acme' + 'Asset Management', 'Trust',
    'Foundation', 'Institute'): an arm or a body, not the same organisation's fuller name ('Acme' + 'Group')."""
    return bool(_ARM.search(words) or _BODY.search(words))


_PRIOR = 5  # uses a share is shrunk by
_CLIP = 3.0  # standardised features are clipped to +-3: a text unlike the training reports does not swing the score
FEATURES = (
    "rules_rel", "rules_top",
    *(f"sig_{s}" for s in SIGNALS),
    "used_log", "used_rel", "possessive_log", "possessive_share", "introduced", "cited",
    "this_report_log", "in_head_log", "first", "spread", "lower_share",
    "legal_form", "acronym", "words", "zipf_single", "common_words", "body_word", "arm_word",
    "extends_other", "inside_other",
)


def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of an English word in any case (0 for a word it does not know; 7 for 'the')."""
    return names_zipf(word.lower())


def candidate_features(cand: CandidateEvidence, candidates: Sequence[CandidateEvidence]) -> list[float]:
    """The feature vector (in :data:`FEATURES` order) of one candidate among the report's candidates."""
    top = max(c.rules_score for c in candidates)
    most_used = max(c.usage.used for c in candidates) or 1
    u = cand.usage
    words = [w for w in re.findall(r"[^\W\d_]+", cand.name)]
    key_words = set(cand.key.split())
    others = [set(c.key.split()) for c in candidates if c.key != cand.key]
    single = words[0] if len(words) == 1 else None
    letters = re.sub(r"[^\w]", "", cand.name)
    feats = {
        "rules_rel": cand.rules_score / max(abs(top), 1.0),
        "rules_top": float(cand.rules_score >= top),
        **{f"sig_{s}": math.log1p(cand.signals.get(s, 0)) for s in SIGNALS},
        "used_log": math.log1p(u.used),
        "used_rel": u.used / most_used,
        "possessive_log": math.log1p(u.possessive),
        "possessive_share": min(1.0, u.possessive / (u.used + _PRIOR)),
        # shares over few uses say little: shrunk towards 0 ('Acme is' once is not a pattern)
        "introduced": u.introduced * u.used / (u.used + _PRIOR),
        "cited": u.cited * u.used / (u.used + _PRIOR),
        "this_report_log": math.log1p(u.this_report),
        "in_head_log": math.log1p(u.in_head),
        "first": u.first,
        "spread": u.spread,
        "lower_share": u.lower_share if single and zipf(single) >= 3.0 else 0.0,
        "legal_form": float(cand.legal_form),
        "acronym": float(bool(letters) and letters.isupper() and " " not in cand.name.strip() and len(letters) <= 6),
        "words": min(len(words), 5) / 5,
        "zipf_single": zipf(single) / 8 if single else 0.0,
        "common_words": sum(zipf(w) >= 4.5 for w in words) / len(words) if words else 0.0,
        "body_word": float(bool(_BODY.search(cand.name))),
        "arm_word": float(bool(_ARM.search(cand.name))),
        "extends_other": float(any(o and o < key_words for o in others)),
        "inside_other": float(any(key_words and key_words < o for o in others)),
    }
    return [feats[f] for f in FEATURES]


# ----------------------------------------------------------------------------- the model
def model_path() -> Path:
    """Where the shipped weights are."""
    return Path(str(resources.files("esgkg.extract") / "models" / MODEL_FILE))


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict[str, Any]:
    """The ranker's weights (the shipped ones unless ``path`` is given)."""
    return json.loads(Path(path or model_path()).read_text(encoding="utf-8"))


def score(vector: Sequence[float], model: dict[str, Any]) -> float:
    """The model's score of one feature vector (higher: more likely the publisher)."""
    by_name = dict(zip(FEATURES, vector))
    total = float(model.get("bias", 0.0))
    for f, w, mean, scale in zip(model["features"], model["weights"], model["mean"], model["scale"]):
        total += w * max(-_CLIP, min(_CLIP, (by_name.get(f, 0.0) - mean) / scale))
    return total


def rank_candidates(candidates: Sequence[CandidateEvidence],
                    model: dict[str, Any] | None = None) -> list[tuple[CandidateEvidence, float]]:
    """The candidates with their scores, best first (ties: the rules' order)."""
    model = model or load_model()
    scored = [(c, score(candidate_features(c, candidates), model)) for c in candidates]
    return sorted(scored, key=lambda cs: (cs[1], cs[0].rules_score), reverse=True)


# ----------------------------------------------------------------------------- training data
def gold_keys(gold: dict[str, Any]) -> set[str]:
    """Identity keys of the publisher's names in a gold file (its name and aliases, no 'the Company')."""
    rc = gold.get("reporting_company", gold)
    names = [rc.get("name") or "", *(rc.get("aliases") or [])]
    return {name_key(n) for n in names if n and n.strip().lower() not in SELF_REFERENCES and
            n.strip().lower() not in ("the bank", "the holding", "group", "the firm")} - {""}


def is_publisher(cand: CandidateEvidence, keys: set[str]) -> bool:
    """Whether a candidate is the gold publisher: one of its names has a gold key."""
    return bool({name_key(n) for n in cand.names | {cand.name}} & keys)


def document_candidates(document: Any, nlp: Any = None) -> list[CandidateEvidence]:
    """The candidates the rules propose for one ingested :class:`~esgkg.ingest.Document`."""
    from ..nlp import _prepare, make_nlp
    from ..base import orgs
    from ..company import propose_candidates

    nlp = nlp or make_nlp()
    doc = _prepare(nlp, document)
    for name, proc in nlp.pipeline:
        if name == "esg_company":
            break
        doc = proc(doc)
    return propose_candidates(doc, orgs(doc))


Group = list[tuple[list[float], bool, float]]  # (features, is the publisher, rules score) per candidate


def group_of(candidates: Sequence[CandidateEvidence], keys: set[str]) -> Group:
    """One report's training group: every candidate's features and label."""
    return [(candidate_features(c, candidates), is_publisher(c, keys), c.rules_score) for c in candidates]


def train_company_ranker(groups: Iterable[Group], seed: int = 0, c: float = 1.0) -> dict[str, Any]:
    """Train the ranker pairwise on report groups (the publisher against each other candidate).

    Each report weighs the same whatever its number of candidates; only the publisher's candidate with the
    highest rules score is paired against the rivals (another candidate of the same publisher, a short form
    or a running title's variant, need not outrank them: only the top counts); features are standardised and
    an L2-regularised logistic regression (scikit-learn, ``C=c``, fixed ``seed``) learns weights on
    the differences.  Returns the model as a JSON-ready dict (:func:`save_model`).  Groups without
    a publisher among the candidates, or without a rival, teach nothing and are skipped.
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    groups = [g for g in groups if any(y for _, y, _ in g) and not all(y for _, y, _ in g)]
    if not groups:
        raise ValueError("no report has both its publisher and a rival among the candidates")
    X_all = np.array([x for g in groups for x, _, _ in g], dtype=float)
    mean = X_all.mean(axis=0)
    scale = X_all.std(axis=0)
    scale[scale < 1e-9] = 1.0
    rows, labels, weights = [], [], []
    for g in groups:
        # the publisher's best-evidenced candidate against each rival: a second, weak candidate of the same
        # publisher (a running title's 'Acme Group' beside 'Acme') need not beat them all, the ranker's top must
        best = max((x for x, y, _ in g if y), key=lambda x: next(r for xx, y, r in g if y and xx is x))
        pos = [np.clip((np.array(best) - mean) / scale, -_CLIP, _CLIP)]
        neg = [np.clip((np.array(x) - mean) / scale, -_CLIP, _CLIP) for x, y, _ in g if not y]
        w = 1.0 / (len(pos) * len(neg))
        for p in pos:
            for n in neg:
                rows += [p - n, n - p]
                labels += [1, 0]
                weights += [w, w]
    clf = LogisticRegression(C=c, fit_intercept=False, random_state=seed, max_iter=5000)
    clf.fit(np.array(rows), np.array(labels), sample_weight=np.array(weights) * len(groups))
    return {
        "kind": "pairwise logistic regression over candidate features",
        "features": list(FEATURES),
        "weights": [round(float(w), 6) for w in clf.coef_[0]],
        "mean": [round(float(m), 6) for m in mean],
        "scale": [round(float(s), 6) for s in scale],
        "bias": 0.0,
        "seed": seed,
        "C": c,
        "reports": len(groups),
    }


def save_model(model: dict[str, Any], path: str | Path | None = None) -> Path:
    """Write a trained model as JSON (the shipped file unless ``path`` is given)."""
    out = Path(path or model_path())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    load_model.cache_clear()
    return out


def top_is_publisher(group: Group, model: dict[str, Any] | None) -> bool:
    """Whether the best candidate of a group (by the model, or by the rules when ``model`` is None) is the publisher."""
    if not group:
        return False
    if model is None:
        best = max(group, key=lambda g: g[2])
    else:
        best = max(group, key=lambda g: (score(g[0], model), g[2]))
    return bool(best[1])


# ----------------------------------------------------------------------------- the open reports
def report_sources(shared: str | Path) -> list[tuple[str, dict[str, Any], list[Path]]]:
    """The reports with gold in a shared folder: ``(stem, gold, [text and PDF files])``.

    Gold in ``eval/gold`` (texts in ``corpus`` and ``corpus-external``) and ``eval/gold-train``
    (texts in ``corpus-wild-text``, PDFs in ``corpus-wild``); each report's text file and, where
    there is one, its published PDF (so the features match what users get from a PDF).
    """
    shared = Path(shared)
    out = []
    for gold_dir, text_dirs, pdf_dirs in ((shared / "eval" / "gold", ("corpus", "corpus-external"), ("corpus-external",)),
                                          (shared / "eval" / "gold-train", ("corpus-wild-text",), ("corpus-wild",))):
        for g in sorted(gold_dir.glob("*.json")):
            stem = g.stem
            files = [p for d in text_dirs if (p := shared / d / f"{stem}.txt").exists()]
            files += [p for d in pdf_dirs if (p := shared / d / f"{stem}.pdf").exists()]
            if files:
                out.append((stem, json.loads(g.read_text(encoding="utf-8")), files))
    return out


def report_groups(shared: str | Path, nlp: Any = None, loaded: dict[str, Any] | None = None) -> dict[str, list[Group]]:
    """Training groups per report stem (one group per file of the report: text and PDF)."""
    from ...ingest import load

    out: dict[str, list[Group]] = {}
    for stem, gold, files in report_sources(shared):
        keys = gold_keys(gold)
        for f in files:
            document = (loaded or {}).get(str(f)) or load(f)
            out.setdefault(stem, []).append(group_of(document_candidates(document, nlp), keys))
    return out


def train_from_shared(shared: str | Path, seed: int = 0, out: str | Path | None = None) -> dict[str, Any]:
    """Train the ranker on every report with gold under ``shared`` and write it (``esgkg train company``)."""
    groups = [g for gs in report_groups(shared).values() for g in gs]
    model = train_company_ranker(groups, seed=seed)
    save_model(model, out)
    return model
