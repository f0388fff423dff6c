"""esgkg: corporate ESG / sustainability reports -> a knowledge graph you can query.

The pipeline runs one way, one module per stage::

    ingest   files -> Document (text + pages)           esgkg.ingest
    extract  Document -> ReportFacts (spaCy pipeline)     esgkg.extract
    graph    ReportFacts -> RDF, one named graph/report   esgkg.graph
    validate SHACL shapes over the graph                  esgkg.validate
    query    named SPARQL queries over the store          esgkg.query
    viz      networkx / matplotlib / HTML pictures        esgkg.viz

Quick start::

    import esgkg
    result = esgkg.build(["reports/"])
    esgkg.graph.write(result.dataset, "graph.trig")
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import package_attributes

if TYPE_CHECKING:
    from .pipeline import BuildResult, PipelineStartError, ReportError, ReportResult, build, build_one, iter_build
    from .store import Store

__version__ = "0.1.0"
__all__ = ["__version__", "build", "build_one", "iter_build", "BuildResult", "PipelineStartError", "ReportError", "ReportResult", "Store"]

# Public names and the modules that define them, imported on first use (PEP 562): ``import esgkg.store``
# or ``import esgkg.query`` loads neither spaCy nor the extraction pipeline, and ``esgkg.build`` still
# works as it always did (spaCy itself is loaded only when a report is read, see esgkg.extract).
__getattr__, __dir__ = package_attributes(__name__, {
    "build": "pipeline", "build_one": "pipeline", "iter_build": "pipeline", "BuildResult": "pipeline",
    "PipelineStartError": "pipeline", "ReportError": "pipeline", "ReportResult": "pipeline", "Store": "store"})
