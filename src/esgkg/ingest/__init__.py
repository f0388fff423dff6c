"""Ingest: turn report files into :class:`Document` objects (clean text plus page boundaries).

Every input format ends here as one string and a list of page start offsets, cleaned of
extraction artefacts once (:mod:`esgkg.ingest.clean`), so that extraction sees one shape of
input whatever the file was.
"""
from __future__ import annotations

from .document import Document, IngestError
from .loaders import SUPPORTED_SUFFIXES, discover, load

__all__ = ["Document", "IngestError", "SUPPORTED_SUFFIXES", "discover", "load"]
