"""`esgkg validate` names companies and facts by their labels, and never cuts a name or an IRI in its tables."""
from __future__ import annotations

import subprocess

import pytest

from esgkg.cli import main

# an invented, broken report graph: no report year, a certification without a standard, a target without a
# topic, no evidence, no labels on the facts; long IRIs that a narrow table would cut
BROKEN = """
@prefix esg: <https://w3id.org/esgkg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/esgkg/id/> .
id:report\\/acme-steel-sustainability-report_2024 {
  id:report\\/acme-steel-sustainability-report_2024 a esg:Report ;
      esg:reportingCompany id:org\\/acme-steel-international-holdings-group ;
      esg:sourceFile "acme-steel-sustainability-report_2024.txt" .
  id:org\\/acme-steel-international-holdings-group a esg:Organization, esg:Company ;
      rdfs:label "Acme Steel Co., Ltd." ;
      esg:holdsCertification id:cert\\/acme-steel-sustainability-report_2024\\/acme-steel-international-holdings-group\\/iso-14001 ;
      esg:hasTarget id:target\\/acme-steel-sustainability-report_2024\\/9f8e7d6c5b4a .
  id:cert\\/acme-steel-sustainability-report_2024\\/acme-steel-international-holdings-group\\/iso-14001 a esg:Certification ;
      esg:holder id:org\\/acme-steel-international-holdings-group .
  id:target\\/acme-steel-sustainability-report_2024\\/9f8e7d6c5b4a a esg:Target ;
      esg:targetYear "2030"^^xsd:gYear ;
      esg:holder id:org\\/acme-steel-international-holdings-group .
}
"""


@pytest.mark.parametrize("verbose", [False, True])
def test_validate_names_the_company_and_facts_by_label_never_cut(tmp_path, capfd, monkeypatch, verbose):
    monkeypatch.setenv("COLUMNS", "80")
    path = tmp_path / "broken.trig"
    path.write_text(BROKEN, encoding="utf-8")
    assert main(["validate", str(path), *(["-v"] if verbose else [])]) == 1
    out = capfd.readouterr().out
    assert "Acme Steel Co., Ltd." in out
    assert "Acme Steel Co., Ltd.: a certification" in " ".join(out.replace("│", " ").split())
    assert "acme-steel-sustainability-report_2024.txt" in out  # the report, by its file, whole
    assert "…" not in out and "https://w3id.org/esgkg/id/" not in out, out
