"""Training the learned decisions from gold facts (needs scikit-learn: ``pip install esgkg[train]``).

Route: build every report with the rules only, score each fact the rules produce against the gold
with the scorer's own matching (``score.py`` next to the gold folder, imported at train time only),
label it kept (it matches a gold fact) or spurious, and fit one logistic model per category over
:mod:`.features`.  The decision threshold of each model is chosen on out-of-fold probabilities
(grouped by report) to maximise F1 with the gold facts the rules miss counted in, and a model is
switched off (``enabled: false``) when it does not beat the rules there.
"""
from __future__ import annotations

import copy
import importlib.util
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from rdflib import Dataset
from spacy.language import Language

from ...graph import add_report
from ...graph.iri import facility_iri, org_iri, report_iri, target_iri
from ...ingest import load
from ...records import ReportFacts
from .. import make_nlp
from . import MODELS, LinearWeights, candidate_features

MIN_REPORTS = 3  # a word becomes a feature only when it occurs in this many different reports
LAYOUT = ("tab", "newline", "bullet", "len=", "digits=", "upper_start", "pos=", "p=")  # features a PDF's layout changes


@dataclass
class Candidate:
    """One fact the rules proposed, its features and (at train time) whether the gold lists it."""

    category: str
    features: dict[str, float]
    label: int | None  # 1 matched, 0 spurious, None not scored (an optional gold fact)
    index: int  # position among the report's candidates of the category
    proposed: bool = False  # proposed for the model only (not a fact of the rules)


@dataclass
class ReportData:
    """One report read with the rules: its facts, candidates and gold."""

    name: str
    gold: dict
    facts: ReportFacts
    candidates: dict[str, list[Candidate]] = field(default_factory=dict)
    missed: dict[str, int] = field(default_factory=dict)  # gold facts no candidate matches
    extras: dict[str, list] = field(default_factory=dict)  # proposed candidates per category (after the rules' own)


def load_scorer(path: Path) -> ModuleType:
    """Import the scorer (``score.py``) from ``path``."""
    spec = importlib.util.spec_from_file_location("esgkg_gold_scorer", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def find_scorer(gold_dirs: list[Path]) -> Path:
    """``score.py`` beside the first gold folder that has one."""
    for d in gold_dirs:
        for p in (Path(d).parent / "score.py", Path(d) / "score.py"):
            if p.is_file():
                return p
    raise FileNotFoundError("no score.py beside the gold folders; pass scorer=")


def gold_reports(gold_dirs: list[Path], text_dirs: list[Path]) -> list[tuple[Path, dict]]:
    """(text file, gold) for every gold file whose report text is found in ``text_dirs``."""
    out = []
    for d in gold_dirs:
        for g in sorted(Path(d).glob("*.json")):
            gold = json.loads(g.read_text(encoding="utf-8"))
            stem = Path(gold.get("document", g.name)).stem
            text = next((Path(t) / f"{stem}.txt" for t in text_dirs if (Path(t) / f"{stem}.txt").is_file()), None)
            if text is not None:
                out.append((text, gold))
    return out


def _greedy(golds: list, preds: list, match) -> tuple[set[int], int]:
    pairs = sorted(((float(match(gt, pt)), i, j) for i, gt in enumerate(golds) for j, pt in enumerate(preds)), reverse=True)
    used_g: set[int] = set()
    used_p: set[int] = set()
    for s, i, j in pairs:
        if s > 0 and i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
    return used_p, len(golds) - len(used_g)


class _Labeler:
    """The scorer's matching, applied to single facts (the graph of the report gives names and nodes)."""

    def __init__(self, scorer: ModuleType, f: ReportFacts, gold: dict) -> None:
        self.s = scorer
        self.report = report_iri(f.source)
        ds = Dataset(default_union=True)
        add_report(f, ds.graph(self.report))
        store = scorer.Store.__new__(scorer.Store)
        store.ds = store.union = ds
        self.store = store
        self.g = ds.graph(self.report)
        self.ents = scorer.GoldEntities(gold)
        self.gold = gold

    def org(self, name: str) -> object:
        return self.s.org_id(self.store, self.ents, org_iri(name))

    def node(self, node) -> object:
        return self.s.org_id(self.store, self.ents, node)

    def labels(self, category: str, cands: list) -> tuple[list[int | None], int]:
        s, ents, gold = self.s, self.ents, self.gold
        if category == "subsidiaries":
            pairs = {(ents.of(x.get("parent")), ents.of(x["name"])) for x in gold.get("subsidiaries", [])}
            got = [(self.org(c.parent), self.org(c.name)) for c in cands]
            return [int(p in pairs) for p in got], len(pairs - set(got))
        if category in ("suppliers", "customers"):
            side = "customer" if category == "suppliers" else "supplier"
            pairs = {(ents.of(x.get(side)), ents.of(x["name"])) for x in gold.get(category, [])}
            got = [(self.org(c.org), self.org(c.partner)) for c in cands]
            return [int(p in pairs) for p in got], len(pairs - set(got))
        if category == "certifications":
            required, optional = set(), set()
            for c in gold.get("certifications", []):
                std = c["standard"]
                key = (ents.of(c.get("holder")), s.code_key(std.split(":", 1)[1] if std.startswith("other:") else std))
                (optional if std.startswith("other") else required).add(key)
            out: list[int | None] = []
            got = set()
            for c in cands:
                holder = facility_iri(c.operator, c.holder) if c.holder_is_facility and c.operator else org_iri(c.holder)
                key = (self.node(holder), s.code_key(c.standard))
                got.add(key)
                out.append(None if key in optional and key not in required else int(key in required))
            return out, len(required - got)
        if category == "targets":
            nodes = [target_iri(self.report, t) for t in cands]
            uniq = list(dict.fromkeys(nodes))
            preds = []
            for n in uniq:
                t = cands[nodes.index(n)]
                preds.append({"holder": self.org(t.holder), "topics": {s.topic_key(t.topic)}, "year": t.year,
                              "evidence": " ".join(str(e) for e in self.store.union.objects(n, s.ESG.evidence))})
            used, missed = _greedy(gold.get("targets", []), preds, lambda gt, pt: s.target_match(ents, gt, pt))
            return _first_of(nodes, uniq, used), missed
        if category == "facilities":
            nodes = [facility_iri(x.operator, x.name) for x in cands]
            uniq = list(dict.fromkeys(nodes))
            preds = [{"names": self.store.names(n) | {str(x) for x in self.store.union.objects(n, s.ESG.location)},
                      "evidence": " ".join(str(e) for e in self.store.union.objects(n, s.ESG.evidence))} for n in uniq]
            used, missed = _greedy(gold.get("facilities", []), preds, s.facility_match)
            return _first_of(nodes, uniq, used), missed
        raise KeyError(category)


def _first_of(nodes: list, uniq: list, used: set[int]) -> list[int | None]:
    """A matched node's label goes to every fact written as that node (they are one fact in the graph)."""
    ok = {uniq[j] for j in used}
    return [int(n in ok) for n in nodes]


def read_report(text: Path, gold: dict, scorer: ModuleType, nlp: Language | None = None) -> ReportData:
    """Build one report with the rules only and label its candidates against ``gold``."""
    nlp = nlp or make_nlp(learned=False)
    from ..nlp import _finish, _prepare

    doc = _prepare(nlp, load(text))
    for _, proc in nlp.pipeline:
        doc = proc(doc)

    f = _finish(doc)
    data = ReportData(name=text.stem, gold=gold, facts=f)
    extras = {c: m.propose(doc, f) for c, m in MODELS.items() if m.propose is not None}
    data.extras = extras
    # the graph of every candidate, the rules' and the proposed ones, so the scorer's matching sees them all
    full = copy.copy(f)
    full.relations = list(f.relations)
    for category, more in extras.items():
        MODELS[category].keep(full, MODELS[category].candidates(f) + more)
    labeler = _Labeler(scorer, full, gold)
    for category, model in MODELS.items():
        rules = model.candidates(f)
        cands = rules + extras.get(category, [])
        labels, missed = labeler.labels(category, cands)
        data.candidates[category] = [Candidate(category, candidate_features(model, doc, c, f.report_year, cands, len(rules)), y, i,
                                               proposed=i >= len(rules))
                                     for i, (c, y) in enumerate(zip(cands, labels))]
        data.missed[category] = missed
    return data


def collect(gold_dirs: list[Path], text_dirs: list[Path], scorer: Path | None = None, quiet: bool = True) -> list[ReportData]:
    """Every gold report found in ``text_dirs``, read with the rules and labelled."""
    module = load_scorer(scorer or find_scorer(gold_dirs))
    nlp = make_nlp(learned=False)
    out = []
    for text, gold in gold_reports(gold_dirs, text_dirs):
        if not quiet:
            print(f"reading {text.name}", file=sys.stderr)
        out.append(read_report(text, gold, module, nlp))
    return out


def _vocabulary(reports: list[ReportData], category: str) -> set[str]:
    """Features allowed in the weights: every non-word feature, and words met in MIN_REPORTS reports."""
    seen: Counter[str] = Counter()
    words = MODELS[category].bag_of_words
    for r in reports:
        keys = {k for c in r.candidates.get(category, []) for k in c.features}
        seen.update(keys)
    layout = MODELS[category].layout
    return {k for k, n in seen.items() if (layout or not k.startswith(LAYOUT))
            and (not k.startswith(("w=", "p=", "nw=")) or (words and n >= MIN_REPORTS))}


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def _fit(rows: list[Candidate], vocab: set[str], seed: int, c: float = 0.5):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([{k: v for k, v in r.features.items() if k in vocab} for r in rows]).toarray()
    y = [r.label for r in rows]
    clf = LogisticRegression(C=c, max_iter=5000, random_state=seed, solver="lbfgs")
    clf.fit(x, y)
    names = vec.get_feature_names_out()
    weights = {str(n): round(float(w), 6) for n, w in zip(names, clf.coef_[0]) if abs(w) > 1e-6}
    return weights, round(float(clf.intercept_[0]), 6)


def _best_threshold(probs: list[tuple[float, int, bool]], missed: int) -> tuple[float, float, float]:
    """(threshold, F1 with it, F1 of the rules: their candidates kept, the proposed ones dropped) over
    out-of-fold probabilities (probability, label, proposed)."""
    tp_all = sum(y for _, y, _ in probs)
    rules = [(p, y) for p, y, extra in probs if not extra]
    tp_rules = sum(y for _, y in rules)
    base = _f1(tp_rules, len(rules) - tp_rules, missed + tp_all - tp_rules)
    best_t, best = -1.0, base
    proposing = any(extra for _, _, extra in probs)  # then the rules' candidates are kept, the proposed ones judged
    # (a category with a proposer always has some proposals over a training set)
    for t in sorted({round(p, 3) for p, _, _ in probs}):
        kept = [(p, y) for p, y, extra in probs if p >= t or (proposing and not extra)]
        tp = sum(y for _, y in kept)
        fp = len(kept) - tp
        f1 = _f1(tp, fp, missed + tp_all - tp)
        if f1 > best + 1e-9:
            best_t, best = t, f1
    return best_t, best, base


def fit_category(reports: list[ReportData], category: str, seed: int = 0, folds: int = 4, every: bool = False) -> LinearWeights | None:
    """One category's model from labelled reports (None when there is nothing to learn from).

    The model is enabled when its category is ``used`` (or ``every`` is set) and its out-of-fold F1
    beats keeping every candidate."""
    rows = [c for r in reports for c in r.candidates.get(category, []) if c.label is not None]
    if len({c.label for c in rows}) < 2 or len(reports) < 2:
        return None
    vocab = _vocabulary(reports, category)
    # out-of-fold probabilities, folds of whole reports, to choose the threshold honestly
    oof: list[tuple[float, int]] = []
    k = min(folds, len(reports))
    for i in range(k):
        held = [r for j, r in enumerate(reports) if j % k == i]
        train_rows = [c for j, r in enumerate(reports) if j % k != i for c in r.candidates.get(category, []) if c.label is not None]
        if len({c.label for c in train_rows}) < 2:
            oof += [(1.0, c.label, c.proposed) for r in held for c in r.candidates.get(category, []) if c.label is not None]
            continue
        w, b = _fit(train_rows, vocab, seed)
        model = LinearWeights(category, w, b)
        oof += [(model.probability(c.features), c.label, c.proposed) for r in held for c in r.candidates.get(category, []) if c.label is not None]
    missed = sum(r.missed.get(category, 0) for r in reports)
    threshold, f1, base = _best_threshold(oof, missed)
    weights, bias = _fit(rows, vocab, seed)
    enabled = (MODELS[category].used or every) and f1 > base + 1e-9 and threshold >= 0.0
    meta = {"reports": len(reports), "candidates": len(rows), "positives": sum(c.label for c in rows),
            "oof_f1_rules": round(base, 4), "oof_f1_learned": round(f1, 4), "seed": seed, "min_reports_per_word": MIN_REPORTS}
    return LinearWeights(category, weights, bias, threshold=max(threshold, 0.0) if enabled else 0.0, enabled=enabled, meta=meta)


def fit_all(reports: list[ReportData], seed: int = 0, categories: list[str] | None = None, every: bool = False) -> dict[str, LinearWeights]:
    """A model per category (those with both kept and spurious examples); ``every``: enable models of unused categories too."""
    out = {}
    for category in categories or list(MODELS):
        w = fit_category(reports, category, seed, every=every)
        if w is not None:
            out[category] = w
    return out


def write_weights(models: dict[str, LinearWeights], out: Path) -> list[Path]:
    """Write each model as ``out/<category>.json`` (sorted keys: the same training writes the same bytes)."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for category, w in models.items():
        p = out / f"{category}.json"
        p.write_text(json.dumps(w.to_json(), indent=1, sort_keys=True) + "\n", encoding="utf-8")
        paths.append(p)
    return paths


def default_out() -> Path:
    """The package's weights folder (``esgkg/extract/models``)."""
    from importlib import resources

    return Path(str(resources.files("esgkg.extract.models")))


def train(gold_dirs: list[Path], text_dirs: list[Path], out: Path | None = None, seed: int = 0,
          scorer: Path | None = None, quiet: bool = True) -> dict[str, LinearWeights]:
    """Read the gold reports with the rules, fit the fact models and write their weights to ``out``
    (default: the package's shipped weights).  Returns the models."""
    reports = collect(gold_dirs, text_dirs, scorer, quiet=quiet)
    models = fit_all(reports, seed)
    write_weights(models, out or default_out())
    return models


def apply(data: ReportData, models: dict[str, LinearWeights]) -> ReportFacts:
    """The report's facts after the models' decisions (a copy; ``data`` is unchanged)."""
    import copy

    f = copy.copy(data.facts)
    f.relations = list(f.relations)
    for category, w in models.items():
        if not w.enabled:
            continue
        model = MODELS[category]
        found = model.candidates(f) + data.extras.get(category, [])
        by_index = {c.index: c for c in data.candidates.get(category, [])}
        rules = len(found) - len(data.extras.get(category, []))
        proposing = model.propose is not None
        kept = [x for i, x in enumerate(found) if (proposing and i < rules) or w.probability(by_index[i].features) >= w.threshold]
        model.keep(f, kept)
    return f


__all__ = ["Candidate", "ReportData", "collect", "fit_all", "fit_category", "train", "write_weights", "apply",
           "read_report", "load_scorer", "find_scorer", "gold_reports"]
