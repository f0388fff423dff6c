"""End-to-end quality bars: the shared scorer on the corpus build must stay at or above the issue's bars.

``BARS`` maps a score.py category to its minimum micro-F1.  Each extractor owns a section.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from .conftest import GOLD, SCORER, need

BARS: dict[str, float] = {}

# --- extractor A: company, organisations, subsidiaries, certifications (orgs.py, subsidiaries.py, certifications.py)
BARS.update({"reporting_company": 1.0, "stock_codes": 1.0, "subsidiaries": 0.85, "certifications": 0.90})
# --- end extractor A --------------------------------------------------------------------------------

# --- extractor B: targets and facilities (src/esgkg/extract/targets.py, facilities.py) -----------------
BARS.update({"targets": 0.75, "target_years": 0.80, "facilities": 0.65})
# --- end extractor B --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scores(corpus_trig) -> dict:
    need(SCORER, "the scorer")
    need(GOLD, "the gold facts")
    run = subprocess.run([sys.executable, str(SCORER), str(corpus_trig), "--json"], capture_output=True, text=True, check=True)
    return json.loads(run.stdout)["total"]


@pytest.mark.parametrize("category", sorted(BARS))
def test_category_meets_its_bar(scores, category):
    got = scores[category]
    assert got["f1"] >= BARS[category], f"{category}: F1 {got['f1']} < {BARS[category]} (tp/fp/fn {got['tp']}/{got['fp']}/{got['fn']})"
