"""Issue 22: importing a stage that does not read reports does not load spaCy.

spaCy and the extraction pipeline take about 1.3 s of a worker's 2 s start; the store, queries,
SHACL, pictures, the server, ingest, the graph, the build's client side and a Dask worker's task
code need none of it.  Each module is imported in a fresh interpreter, so a failure names it.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

WITHOUT_SPACY = ("esgkg", "esgkg.store", "esgkg.store.resolve", "esgkg.query", "esgkg.validate", "esgkg.viz",
                 "esgkg.serve", "esgkg.ingest", "esgkg.graph", "esgkg.records", "esgkg.vocab", "esgkg.names",
                 "esgkg.pipeline", "esgkg.cluster", "esgkg.worker", "esgkg.cli", "esgkg.extract", "esgkg.extract.text")


def _loads(code: str) -> list[str]:
    """The heavy packages in ``sys.modules`` after running ``code`` in a fresh interpreter."""
    probe = f"{code}\nimport sys\nprint(' '.join(m for m in ('spacy', 'thinc', 'dask', 'distributed') if m in sys.modules))"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


@pytest.mark.parametrize("module", WITHOUT_SPACY)
def test_importing_a_stage_that_reads_no_report_loads_neither_spacy_nor_dask(module):
    assert _loads(f"import {module}") == [], f"import {module} loads them"


def test_the_public_api_still_works_and_loads_spacy_only_to_read_a_report(tmp_path):
    loaded = _loads("import esgkg\nassert callable(esgkg.build) and esgkg.Store and esgkg.ReportResult and esgkg.graph.write\n"
                    "from esgkg.extract import make_nlp, COMPONENTS\nassert 'esg_sentences' in make_nlp().pipe_names")
    assert loaded == ["spacy", "thinc"]
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        import esgkg

        esgkg.nothing  # noqa: B018
