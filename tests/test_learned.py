"""The learned fact decisions (issue 21): training is deterministic, the shipped weights load and
carry no names, a trained target model tells a commitment from a forecast, and the
leave-one-report-out harness runs on a tiny set."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from esgkg.extract import make_nlp
from esgkg.extract.learned import MODELS, LinearWeights, load_weights
from esgkg.extract.learned.features import target_features, words
from esgkg.extract.learned.train import Candidate, ReportData, fit_category, write_weights
from esgkg.records import Evidence, ReportFacts, Target

from .conftest import REPO, SCORER, need

sklearn = pytest.importorskip("sklearn")

COMMITMENTS = [
    "We commit to reduce our water use by 20% by 2030 against a 2020 baseline.",
    "Our target is to cut scope 1 emissions by 40% by 2030.",
    "We have set a goal to source 100% renewable electricity by 2028.",
    "The group commits to halve its waste to landfill by 2027.",
]
FORECASTS = [
    "Demand for steel is expected to grow by 3% per year until 2030 in this scenario.",
    "Analysts forecast that carbon prices could reach 100 dollars by 2030.",
    "Under the projected scenario global emissions would rise by 10% by 2040.",
    "The market is expected to double by 2030 according to industry forecasts.",
]


def _report(nlp, i: int, sentences: list[tuple[str, int]]) -> ReportData:
    """A fixture report: one target candidate per sentence, labelled as given."""
    text = "\n".join(s for s, _ in sentences)
    doc = nlp.make_doc(text)
    for _, proc in nlp.pipeline[:1]:  # sentences only: features read the text, not the facts
        doc = proc(doc)
    f = ReportFacts(source=Path(f"fixture_{i}.txt"), report_year=2024)
    pos = 0
    targets = []
    for s, _ in sentences:
        start = text.index(s, pos)
        pos = start + len(s)
        targets.append(Target(holder="Fixture Co", topic="Water", evidence=Evidence(s, start, pos), year=2030))
    f.targets = targets
    cands = [Candidate("targets", target_features(doc, t, 2024, targets), y, k) for k, (t, (_, y)) in enumerate(zip(targets, sentences))]
    return ReportData(name=f"fixture_{i}", gold={}, facts=f, candidates={"targets": cands}, missed={"targets": 0})


@pytest.fixture(scope="module")
def fixture_reports() -> list[ReportData]:
    nlp = make_nlp(learned=False)
    out = []
    for i in range(8):  # each report: the sentences of both kinds, with its own figures, interleaved
        rows = []
        for k in range(4):
            rows.append((COMMITMENTS[(k + i) % 4].replace("20", str(10 + i), 1), 1))
            rows.append((FORECASTS[(k + i) % 4].replace("20", str(10 + i), 1), 0))
        out.append(_report(nlp, i, rows))
    return out


def test_training_is_deterministic(fixture_reports, tmp_path):
    a = fit_category(fixture_reports, "targets", seed=0, every=True)
    b = fit_category(fixture_reports, "targets", seed=0, every=True)
    assert a is not None and a.weights == b.weights and a.bias == b.bias and a.threshold == b.threshold
    write_weights({"targets": a}, tmp_path / "one")
    write_weights({"targets": b}, tmp_path / "two")
    assert (tmp_path / "one" / "targets.json").read_bytes() == (tmp_path / "two" / "targets.json").read_bytes()
    # only words seen in three fixture reports become features
    assert all(not k.startswith("w=") or k[2:] in words(" ".join(COMMITMENTS + FORECASTS)) for k in a.weights)


def test_a_commitment_outscores_a_forecast(fixture_reports):
    model = fit_category(fixture_reports, "targets", seed=0, every=True)
    nlp = make_nlp(learned=False)
    held = _report(nlp, 9, [("Demand is expected to grow in the projected scenario, as analysts forecast for 2030.", 0),
                            ("We commit to reduce our energy use by 15% by 2030, our target.", 1)])
    forecast, commitment = (model.probability(c.features) for c in held.candidates["targets"])
    assert commitment > 0.5 > forecast


def test_shipped_weights_load_and_hold_no_names():
    found = {c: load_weights(c) for c in MODELS}
    assert found["subsidiaries"] is not None and found["subsidiaries"].enabled == MODELS["subsidiaries"].used
    for category, w in found.items():
        if w is None:
            continue
        assert isinstance(w, LinearWeights) and w.category == category
        for key in w.weights:
            # generic features only: field values, shapes, and lower-case common words
            assert re.fullmatch(r"(?:w|p|nw)=[a-z\-]+|[a-z_]+(?:=[A-Za-z0-9_%/.\-]{0,24})?", key), key
            assert w.meta["min_reports_per_word"] >= 3
        assert not any(w.enabled and not MODELS[c].used for c, w in found.items() if w)


def test_rules_only_mode_keeps_every_candidate(monkeypatch):
    """With a model that drops everything, learned mode drops and rules-only mode keeps."""
    from esgkg.extract import extract
    from esgkg.ingest import load

    doc_path = REPO / "examples" / "northwind_2024_esg.md"
    rules = extract(load(doc_path), make_nlp(learned=False))
    assert rules.subsidiaries
    import esgkg.extract.learned as learned

    drop_all = LinearWeights("subsidiaries", {}, bias=-10.0, threshold=0.5)
    monkeypatch.setattr(learned.LearnedDecisions, "weights", lambda self: {"subsidiaries": drop_all})
    assert extract(load(doc_path), make_nlp()).subsidiaries == []
    assert len(extract(load(doc_path), make_nlp(learned=False)).subsidiaries) == len(rules.subsidiaries)


REPORT = """{name} {year} Sustainability Report
This report is published by {name} (the "Company").
{name} owns {sub} Co., Ltd., a wholly-owned subsidiary of the Company.
We commit to reduce our water use by 20% by 2030 against a 2020 baseline.
Demand for our products is expected to grow by 3% per year until 2030 in this scenario.
"""


def test_loo_harness_runs_on_a_tiny_set(tmp_path):
    scorer_path = need(SCORER, "the shared scorer")
    sys.path.insert(0, str(REPO / "benchmarks"))
    import loo

    from esgkg.extract.learned.train import collect, load_scorer

    texts, gold_dir = tmp_path / "texts", tmp_path / "gold"
    texts.mkdir()
    gold_dir.mkdir()
    for i, (name, sub) in enumerate([("Aldermoor Metals Group", "Aldermoor Castings"), ("Brackwater Foods Group", "Brackwater Dairy"),
                                     ("Cindervale Paper Group", "Cindervale Pulp")]):
        stem = f"fixture_{i}"
        (texts / f"{stem}.txt").write_text(REPORT.format(name=name, sub=sub, year=2023), encoding="utf-8")
        gold = {"document": f"{stem}.txt", "reporting_company": {"name": name, "aliases": []},
                "subsidiaries": [{"name": f"{sub} Co., Ltd.", "parent": name, "relation": "subsidiary"}],
                "targets": [{"holder": name, "topic": "water", "target_year": 2030,
                             "evidence": "We commit to reduce our water use by 20% by 2030"}]}
        (gold_dir / f"{stem}.json").write_text(json.dumps(gold), encoding="utf-8")
    reports = collect([gold_dir], [texts], scorer_path)
    assert [r.name for r in reports] == ["fixture_0", "fixture_1", "fixture_2"]
    totals = loo.loo(reports, [], load_scorer(scorer_path), every=True)
    assert totals["rules"]["targets"][0] == 3  # the three commitments are matched
    table = loo.table(totals)
    assert table.count("\n") == len(MODELS) + 2 and "| targets |" in table


def test_facility_proposals_name_sites_not_generic_operations():
    from esgkg.extract.learned.propose import propose_facilities

    text = ("Aldermoor Metals Group 2023 Sustainability Report\nThis report is published by Aldermoor Metals Group (the \"Company\").\n"
            "Crude from the Harwick Refinery is shipped by rail. The Company's operations grew. Our operations in Spain are small.\n")
    nlp = make_nlp(learned=False)
    doc = nlp.make_doc(text)
    doc._.source = "fixture.txt"
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    taken = [f.name for f in doc._.esg.facilities]
    names = [f.name for f in propose_facilities(doc, doc._.esg)]
    assert "Harwick Refinery" in taken and "Harwick Refinery" not in names  # the rules' own site is not proposed again
    doc._.esg.facilities = []
    names = [f.name for f in propose_facilities(doc, doc._.esg)]
    assert "Harwick Refinery" in names
    assert not any("operations" in n for n in names), names
