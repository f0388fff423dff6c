"""`esgkg sparql`: any inline query runs (however long), and every IRI it prints can be pasted back."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

import esgkg
from esgkg.cli import main
from esgkg.serve import display_iri, expand_slashed_names, undeclared_prefixes
from esgkg.store import PREFIX_MAP, Store

# invented text: a company with two suppliers (one named twice), a certification
REPORT = """Tundra Copperworks Co., Ltd. 2024 Environmental, Social and Governance Report

About this report
This report covers the activities of Tundra Copperworks Co., Ltd. (the "Company") for the year 2024.

Supply chain
Our key supplier is Larchwood Smelting Ltd., which delivers copper cathode to our rolling mills.

Environmental management
The Company has obtained ISO 14001 certification for its environmental management system.
"""


def build_fixture_store(folder: Path, *, examples: bool = True) -> Path:
    """``folder/store``: the invented report above (and the example report), built and closed again."""
    from .conftest import EXAMPLES

    (folder / "reports").mkdir(parents=True, exist_ok=True)
    (folder / "reports" / "tundra_2024_esg.txt").write_text(REPORT, encoding="utf-8")
    store = Store(folder / "store")
    result = esgkg.build([*([EXAMPLES] if examples else []), folder / "reports"], store=store, keep_dataset=False)
    assert not result.errors, result.errors
    store.flush()
    del store
    return folder / "store"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sparql")
    (folder / "tundra_2024_esg.txt").write_text(REPORT, encoding="utf-8")
    store = Store(folder / "store")
    result = esgkg.build([folder / "tundra_2024_esg.txt"], store=store, keep_dataset=False)
    assert not result.errors
    store.flush()
    del store
    return folder / "store"


@pytest.fixture
def sparql(capfd, monkeypatch):
    """Run ``esgkg sparql --store STORE QUERY ARGS`` in this process; returns (returncode, stdout, stderr)."""
    monkeypatch.setenv("COLUMNS", "80")  # a narrow terminal: IRIs must still come out whole

    def run(store: Path, query: str, *args: str) -> subprocess.CompletedProcess:
        capfd.readouterr()
        code = main(["sparql", "--store", str(store), query, *args])
        out, err = capfd.readouterr()
        return subprocess.CompletedProcess([], code, out, err)

    return run


def test_a_400_character_inline_query_runs(store_dir, sparql):
    query = ("SELECT ?company ?name ?year WHERE {\n  ?report a esg:Report ; esg:reportingCompany ?company ; esg:reportYear ?year .\n"
             "  ?company rdfs:label ?name .\n  OPTIONAL { ?company esg:stockCode ?code }\n  OPTIONAL { ?company esg:holdsCertification ?cert }\n"
             "  FILTER(!BOUND(?code) || STRLEN(STR(?code)) >= 0)\n}\nORDER BY ?name")
    one_line = " ".join(query.split()) + " # " + "x" * 400  # one line, no newline: once tried as a file name
    for text in (query.ljust(400), one_line):
        assert len(text) >= 400
        proc = sparql(store_dir, text, "--format", "csv")
        assert proc.returncode == 0, proc.stderr
        assert "Tundra Copperworks Co., Ltd." in proc.stdout and "2024" in proc.stdout


def test_a_query_file_and_a_missing_file(store_dir, sparql, tmp_path):
    rq = tmp_path / "suppliers.rq"
    rq.write_text("SELECT ?o WHERE { ?o a esg:Supplier }", encoding="utf-8")
    assert "larchwood" in sparql(store_dir, str(rq), "--format", "csv").stdout
    missing = sparql(store_dir, str(tmp_path / "nothing.rq"))
    assert missing.returncode == 2 and "nothing.rq: no such file; did you mean" in missing.stderr and "suppliers.rq" in missing.stderr
    for text in (str(tmp_path / "supplers"), "queries/no-such"):  # a misspelt name without a suffix is a file too, not query text
        proc = sparql(store_dir, text)
        assert proc.returncode == 2 and "no such file" in proc.stderr and "expected" not in proc.stderr


def test_a_query_that_is_no_text_is_one_line(store_dir, sparql, tmp_path, monkeypatch):
    """A query file of binary bytes, a folder, an empty argument and binary standard input are each a one-line
    error (exit 2) naming what was given, not an internal error."""
    import io

    binary = tmp_path / "binary.rq"
    binary.write_bytes(b"\x92\xff\x00SELECT")
    cases = {str(binary): f"{binary}: not a query file: its bytes are not UTF-8 text",
             str(tmp_path): f"{tmp_path}: a folder, not a query file",
             "": "the query is empty"}
    for query, says in cases.items():
        proc = sparql(store_dir, query)
        assert proc.returncode == 2 and says in proc.stderr, proc.stderr
        assert "internal error" not in proc.stderr and proc.stderr.strip().count("\n") == 0, proc.stderr
    # standard input read with surrogateescape (a C locale) holds the bytes as lone surrogates
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\x92\xff"), encoding="utf-8", errors="surrogateescape"))
    proc = sparql(store_dir, "-")
    assert proc.returncode == 2 and "-: standard input is not UTF-8 text" in proc.stderr, proc.stderr


def test_printed_iris_paste_back_into_a_query(store_dir, sparql):
    shown = sparql(store_dir, "SELECT ?o WHERE { ?o a esg:Supplier }")
    assert shown.returncode == 0, shown.stderr
    (iri,) = re.findall(r"id:org/\S+", shown.stdout)  # whole, never folded; the form `esgkg query` prints too
    assert iri == "id:org/larchwood-smelting"
    for form in (iri, "<https://w3id.org/esgkg/id/org/larchwood-smelting>"):  # what is printed, and the full IRI
        proc = sparql(store_dir, f"ASK {{ {form} a esg:Supplier }}")
        assert (proc.returncode, proc.stdout.strip()) == (0, "true"), (form, proc.stderr)
    # prefixed names that SPARQL accepts stay prefixed
    typed = sparql(store_dir, "SELECT DISTINCT ?t WHERE { ?o a esg:Supplier ; a ?t }")
    assert "esg:Supplier" in typed.stdout and "esg:Organization" in typed.stdout
    for t in re.findall(r"esg:\w+", typed.stdout):
        assert sparql(store_dir, f"ASK {{ ?o a esg:Supplier, {t} }}").stdout.strip() == "true"


def test_display_iri_prints_only_what_sparql_accepts():
    assert display_iri("https://w3id.org/esgkg/ontology#Supplier", PREFIX_MAP) == "esg:Supplier"
    assert display_iri("https://w3id.org/esgkg/id/org/acme", PREFIX_MAP) == "<https://w3id.org/esgkg/id/org/acme>"
    assert display_iri("https://w3id.org/esgkg/id/acme", PREFIX_MAP) == "id:acme"
    assert display_iri("http://example.org/x", PREFIX_MAP) == "<http://example.org/x>"


def test_expanding_slashed_names_leaves_paths_strings_and_iris_alone():
    q = ('SELECT * WHERE { id:org/acme esg:holdsCertification/esg:standard ?s . '
         '?x rdfs:label "id:org/acme" . <https://w3id.org/esgkg/id/org/b> ?p id:cert/r_2024/acme/iso-14001 . } # id:org/c')
    out = expand_slashed_names(q, PREFIX_MAP)
    assert "<https://w3id.org/esgkg/id/org/acme> esg:holdsCertification/esg:standard" in out
    assert '"id:org/acme"' in out and "# id:org/c" in out
    assert "<https://w3id.org/esgkg/id/cert/r_2024/acme/iso-14001> ." in out
    assert expand_slashed_names("SELECT * { ?a rdf:type/rdfs:subClassOf ?b }", PREFIX_MAP) == "SELECT * { ?a rdf:type/rdfs:subClassOf ?b }"


def test_undeclared_prefixes_are_named():
    assert undeclared_prefixes("SELECT * WHERE { ?s esg:x ?o ; rdfs:label 'a:b' }") == ["esg", "rdfs"]
    assert undeclared_prefixes("PREFIX esg: <https://w3id.org/esgkg/ontology#>\nSELECT * WHERE { ?s esg:x <urn:a:b> }") == []


def test_query_and_sparql_print_one_table_form(store_dir, sparql, capfd, monkeypatch):
    """Both commands print IRIs whole in the id: form and typed literals as plain values, on a narrow terminal too."""
    proc = sparql(store_dir, "SELECT ?r ?year WHERE { ?r esg:reportYear ?year }")
    assert "id:report/tundra_2024_esg" in proc.stdout and "2024" in proc.stdout
    assert "^^" not in proc.stdout and "…" not in proc.stdout and "1 row(s)" in proc.stderr
    assert len(proc.stdout.strip().splitlines()) == 5  # not a terminal: one line per row (header, rules, the row)
    capfd.readouterr()
    assert main(["query", "reports", "--store", str(store_dir)]) == 0
    out, err = capfd.readouterr()
    assert "id:report/tundra_2024_esg" in out and "id:org/tundra-copperworks" in out and "…" not in out and "1 row(s)" in err


@pytest.mark.parametrize("query,says", [
    ("SELET ?x WHERE { ?x a esg:Report }", "'SELET' at line 1, column 1 is not a SPARQL keyword: did you mean SELECT?"),
    ("SELECT ?x WHERE {\n  ?x a esg:Report .\n  FILTR(BOUND(?x)) }", "'FILTR' at line 3, column 3 is not a SPARQL keyword: did you mean FILTER?"),
    ("SELECT ?x WHERE { ?x a esgg:Report }", "undeclared prefix esgg: (did you mean esg:?) - add 'PREFIX esgg: <namespace>'"),
    ("SELECT ?x WHERE { ?x a esg:Report ", "a '{' is not closed"),
    ("SELECT ?x WHERE { ?x a esg:Report } LIMIT x", "SPARQL syntax error at line 1, column 43 near 'x': expected one of"),
])
def test_syntax_errors_say_what_is_wrong_in_one_line(store_dir, sparql, query, says):
    proc = sparql(store_dir, query)
    assert proc.returncode == 2 and says in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "expected CONSTRUCT" not in proc.stderr and "'\\u{" not in proc.stderr
