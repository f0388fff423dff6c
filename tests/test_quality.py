"""End-to-end quality bars: the shared scorer on the corpus build must stay at or above the issue's bars.

``BARS`` maps a score.py category to its minimum micro-F1.  Each extractor owns a section.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import EXTERNAL, GOLD, SCORER, need

BARS: dict[str, float] = {}

# Floors on the ten development reports (../shared/corpus and ../shared/corpus-external, BHP's and Total's
# climate reports included since issue 21): each floor is the figure measured on the ten when they were
# re-based (2026-12-07, `esgkg build <the ten .txt> -o dev.trig && score.py dev.trig`; subsidiaries raised to 0.77 by
# the learned subsidiary filter, 0.775 measured, then to 0.86 by the relation cues read by their structure, 0.862
# measured, which also lifted customers to 0.846: floor 0.84; then to 0.87 by issue 21's subsidiaries work, 0.872
# measured: stem-named units used with a possessive, documents named with the stem no units; then to 0.89 by the
# fourth 2026-12-07 session's group evidence for default members, 0.891 measured), so that no change makes
# extraction worse unnoticed.  The issues' goals are higher; raise a floor whenever a change lifts its figure.
# --- company, organisations, subsidiaries, certifications (orgs.py, company.py, subsidiaries.py, certifications.py)
BARS.update({"reporting_company": 1.0, "stock_codes": 1.0, "subsidiaries": 0.89, "certifications": 0.92})
# --- targets (targets.py)
# targets raised by issue 21 point 3 (0.695 measured; target years 0.664), then by the fourth 2026-12-07 session's
# lists of dated goals and its filters of plans, forecasts and other parties' goals (0.702 measured; target years 0.680)
BARS.update({"targets": 0.70, "target_years": 0.68})
# --- facilities, suppliers, customers (facilities.py, relations.py)
# facilities: the scorer's one-to-one matching breaks ties among sites of one town (ArcelorMittal's four in
# Ghent) by the order the graph lists them, which can move one match (0.717 measured since issue 21 point 3, 0.729 with
# the named described sites and wrapped names of issue 21 point 4; one match less is 0.722: floor 0.72; 0.754 with the
# fifth 2026-12-07 session's sites named by kind, heading, address and unit, one match less 0.748: floor 0.74)
# suppliers: 0.538 -> 0.690 (issue 21: cues read across wrapped lines, partners after a role or a description,
# tenders and contracts awarded, tables of the largest partners); customers 0.873 with the subsidiary cues beside them
BARS.update({"facilities": 0.74, "suppliers": 0.69, "customers": 0.87})
# --- end of floors ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scores(dev_trig) -> dict:
    need(SCORER, "the scorer")
    need(GOLD, "the gold facts")
    run = subprocess.run([sys.executable, str(SCORER), str(dev_trig), "--json", "--gold", str(GOLD)], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)["total"]


@pytest.mark.parametrize("category", sorted(BARS))
def test_category_meets_its_bar(scores, category):
    got = scores[category]
    assert got["f1"] >= BARS[category], f"{category}: F1 {got['f1']} < {BARS[category]} (tp/fp/fn {got['tp']}/{got['fp']}/{got['fn']})"


# --- PDF parity: the external reports built from their published PDFs must score as built from their text
PDF_SLACK: dict[str, float] = {"subsidiaries": 0.03}
"""How far a category's F1 on the PDF build may fall below the text build's (issue 14: "the same figures").

Zero but for subsidiaries: re-based on the six external reports (issue 21), BHP's climate report read from its
PDF gives two more spurious units than its text and Total's one fewer unit (PDF 0.595, text 0.620)."""


def _external_scores(trig) -> dict[str, dict[str, float]]:
    """Micro P/R/F1 per category over the external reports only (score.py's per-document tallies)."""
    run = subprocess.run([sys.executable, str(SCORER), str(trig), "--json", "--gold", str(GOLD)], capture_output=True, text=True, check=True)
    documents = json.loads(run.stdout)["documents"]
    stems = {p.stem for p in EXTERNAL.glob("*.pdf")}
    totals: dict[str, list[int]] = {}
    for stem, categories in documents.items():
        if stem in stems:
            for category, counts in categories.items():
                totals.setdefault(category, [0, 0, 0])
                totals[category] = [a + b for a, b in zip(totals[category], counts)]
    out = {}
    for category, (tp, fp, fn) in totals.items():
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else (1.0 if not fp and not fn else 0.0)
        out[category] = {"f1": round(f1, 3), "tp": tp, "fp": fp, "fn": fn}
    return out


@pytest.fixture(scope="module")
def pdf_and_text_scores(dev_trig, tmp_path_factory) -> tuple[dict, dict]:
    import esgkg
    from esgkg.graph import write

    need(SCORER, "the scorer")
    pdfs = sorted(need(EXTERNAL, "the external development reports").glob("*.pdf"))
    assert pdfs, f"no published PDFs in {EXTERNAL}"
    result = esgkg.build(pdfs)
    assert not result.errors, [f"{e.path}: {e.reason}" for e in result.errors]
    pdf_trig = write(result.dataset, tmp_path_factory.mktemp("pdf") / "external-pdf.trig")
    return _external_scores(pdf_trig), _external_scores(dev_trig)


@pytest.mark.parametrize("category", sorted(BARS))
def test_a_report_read_from_its_pdf_scores_as_read_from_its_text(pdf_and_text_scores, category):
    pdf, text = pdf_and_text_scores
    assert pdf[category]["f1"] >= text[category]["f1"] - PDF_SLACK.get(category, 0.0), (
        f"{category}: PDF F1 {pdf[category]['f1']} < text F1 {text[category]['f1']} "
        f"(PDF tp/fp/fn {pdf[category]['tp']}/{pdf[category]['fp']}/{pdf[category]['fn']}, "
        f"text {text[category]['tp']}/{text[category]['fp']}/{text[category]['fn']})")
