"""Leave-one-report-out: rules only against the learned decisions, per category (issue 21).

Every gold report is read once with the rules (``esgkg.extract.learned.train.collect``); then, for
each open report in turn, the fact models are trained on all the other reports (the other open
ones, plus the gold-train ones with ``--with-train``) and the held-out report is scored by the shared
scorer twice: with the rules' facts, and with the facts the trained models keep.  Totals are micro
over the held-out reports (the scorer's tp/fp/fn summed).

    .venv/bin/python benchmarks/loo.py [--with-train]
        [--hold-out-all] [--every] [--gold ../shared/eval/gold] [--train-gold ../shared/eval/gold-train]
        [--texts ../shared/corpus ../shared/corpus-external ../shared/corpus-wild-text]
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from rdflib import Dataset

from esgkg.extract.learned import MODELS
from esgkg.extract.learned.train import ReportData, apply, collect, find_scorer, fit_all, load_scorer
from esgkg.graph import add_report
from esgkg.graph.iri import report_iri

CATEGORIES = list(MODELS)


def score(scorer, facts, gold: dict) -> dict[str, tuple[int, int, int]]:
    """The scorer's (tp, fp, fn) per category for one report's facts."""
    ds = Dataset(default_union=True)
    report = report_iri(facts.source)
    add_report(facts, ds.graph(report))
    store = scorer.Store.__new__(scorer.Store)
    store.ds = store.union = ds
    return scorer.score_document(store, report, gold)


def loo(held: list[ReportData], extra: list[ReportData], scorer, seed: int = 0, every: bool = False) -> dict[str, dict[str, list[int]]]:
    """Totals {mode: {category: [tp, fp, fn]}} over the held-out reports, modes 'rules' and 'learned'
    (``every``: the models of every category decide, not only those the package uses)."""
    totals: dict[str, dict[str, list[int]]] = {m: defaultdict(lambda: [0, 0, 0]) for m in ("rules", "learned")}
    for r in held:
        others = [x for x in held if x is not r] + extra
        models = fit_all(others, seed, every=every)
        for mode, facts in (("rules", r.facts), ("learned", apply(r, models))):
            for c, (tp, fp, fn) in score(scorer, facts, r.gold).items():
                t = totals[mode][c]
                t[0] += tp
                t[1] += fp
                t[2] += fn
    return totals


def prf(t: list[int]) -> tuple[float, float, float]:
    """Precision, recall and F1 of [tp, fp, fn]."""
    tp, fp, fn = t
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def table(totals: dict[str, dict[str, list[int]]]) -> str:
    """A markdown table: per category, rules and learned P / R / F1."""
    lines = ["| category | rules P | rules R | rules F1 | learned P | learned R | learned F1 |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for c in CATEGORIES + ["target_years"]:
        a, b = prf(totals["rules"][c]), prf(totals["learned"][c])
        lines.append(f"| {c} | " + " | ".join(f"{x:.3f}" for x in (*a, *b)) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=Path("../shared/eval/gold"))
    ap.add_argument("--train-gold", type=Path, default=Path("../shared/eval/gold-train"))
    ap.add_argument("--texts", type=Path, nargs="+",
                    default=[Path("../shared/corpus"), Path("../shared/corpus-external"), Path("../shared/corpus-wild-text")])
    ap.add_argument("--with-train", action="store_true", help="also train on the gold-train reports (never held out)")
    ap.add_argument("--hold-out-all", action="store_true", help="hold out the gold-train reports too (16 folds)")
    ap.add_argument("--every", action="store_true", help="let the models of every category decide, not only the used ones")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    started = time.perf_counter()
    scorer = load_scorer(find_scorer([args.gold]))
    held = collect([args.gold], args.texts)
    extra = collect([args.train_gold], args.texts) if args.with_train or args.hold_out_all else []
    if args.hold_out_all:
        held, extra = held + extra, []
    totals = loo(held, extra, scorer, args.seed, args.every)
    print(f"leave-one-report-out over {len(held)} reports" + (f" (+{len(extra)} training-only)" if extra else "")
          + f", {time.perf_counter() - started:.0f} s")
    print(table(totals))
    return 0


if __name__ == "__main__":
    sys.exit(main())
