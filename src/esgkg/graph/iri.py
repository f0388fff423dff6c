"""Deterministic, readable IRIs under https://w3id.org/esgkg/id/.

The same organisation or standard gets the same IRI on every run and in every report: an
organisation's IRI is built from its identity key (its name without legal form, case or
punctuation), a standard's from its normalised code, a report's from its file name.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from rdflib import URIRef

from ..orgnames import slug
from ..records import Target
from ..vocab import ID, std_slug


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.\-]+", "-", text).strip("-") or "unnamed"


def report_iri(source: Path | str) -> URIRef:
    """``id/report/<file-stem>``: one report per input file name."""
    return ID[f"report/{_safe(Path(source).stem)}"]


def org_iri(name: str) -> URIRef:
    """``id/org/<slug>``: 'X Co., Ltd.' and 'X CO., LTD' are one IRI."""
    return ID[f"org/{slug(name)}"]


def standard_iri(code: str) -> URIRef:
    """``id/std/iso-14001`` (the same IRI as in the ontology's concept scheme)."""
    return ID[f"std/{std_slug(code)}"]


def certification_iri(report: URIRef, holder: str, code: str) -> URIRef:
    """One certification fact per report x holder x standard."""
    return ID[f"cert/{str(report).rsplit('/', 1)[-1]}/{slug(holder)}/{std_slug(code)}"]


def facility_iri(operator: str, name: str) -> URIRef:
    """A facility is identified by its operator and its name, across reports."""
    return ID[f"facility/{slug(operator)}/{slug(name)}"]


def _digest(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def target_iri(report: URIRef, t: Target) -> URIRef:
    """A target is identified by its report, holder, topic, years, value, scope and evidence position.

    Scope is part of it because one sentence often sets the same figure for two scopes
    ("both the examination coverage and the training completion rate are 100%").
    """
    local = _digest(t.holder, t.topic, t.year, t.baseline_year, t.value, t.unit, t.scope, t.evidence.start)
    return ID[f"target/{str(report).rsplit('/', 1)[-1]}/{local}"]
