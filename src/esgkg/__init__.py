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

from .pipeline import BuildResult, ReportError, ReportResult, build, build_one, iter_build

__version__ = "0.1.0"
__all__ = ["__version__", "build", "build_one", "iter_build", "BuildResult", "ReportError", "ReportResult"]
