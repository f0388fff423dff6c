"""Leave-one-report-out for the reporting company: rules-only against the learned ranker.

    .venv/bin/python benchmarks/loo_company.py [--shared ../shared] [--seed 0]

For each of the open reports with gold (``eval/gold`` and ``eval/gold-train``: their text and, where
there is one, their published PDF), the ranker is trained on the other reports and judged on this
one: is the best candidate the publisher?  Prints one line per report and the totals, by text and
by PDF, for the rules' own ranking and the learned one.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from esgkg.extract import make_nlp
from esgkg.extract.learned.company import report_groups, report_sources, top_is_publisher, train_company_ranker


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[1].parent / "shared")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    started = time.perf_counter()
    sources = {stem: files for stem, _, files in report_sources(args.shared)}
    groups = report_groups(args.shared, make_nlp())
    totals = {(kind, how): [0, 0] for kind in ("text", "pdf") for how in ("rules", "learned")}
    for stem, gs in groups.items():
        model = train_company_ranker([g for other, ogs in groups.items() if other != stem for g in ogs], seed=args.seed)
        line = []
        for g, f in zip(gs, sources[stem]):
            kind = "pdf" if f.suffix == ".pdf" else "text"
            for how, m in (("rules", None), ("learned", model)):
                ok = top_is_publisher(g, m)
                totals[(kind, how)][0] += ok
                totals[(kind, how)][1] += 1
                line.append(f"{kind}/{how}={'ok' if ok else 'WRONG'}")
        print(f"{stem:45} {' '.join(line)}")
    for kind in ("text", "pdf"):
        r, l_ = totals[(kind, "rules")], totals[(kind, "learned")]
        print(f"{kind}: rules-only {r[0]}/{r[1]}, learned {l_[0]}/{l_[1]}")
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
