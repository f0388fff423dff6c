"""One record type per kind of fact, the only currency between extraction and graph building.

Extraction produces a :class:`ReportFacts`; the graph stage turns it into RDF.  Keeping the
records plain (dataclasses of strings and numbers) means extraction never imports rdflib and
the graph stage never imports spaCy, so either can be replaced or tested alone.

Organisations are referred to by their canonical name (``str``); ``ReportFacts.organizations``
maps every canonical name to the :class:`Organization` record holding its aliases.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: the sentence, its character span in the document text, its page."""

    text: str
    start: int
    end: int
    page: int | None = None


@dataclass(slots=True)
class Organization:
    """An organisation named in a report, with every other name the report gives it."""

    name: str
    aliases: set[str] = field(default_factory=set)
    kind: str = "organization"  # company | subsidiary | supplier | customer | organization


@dataclass(slots=True)
class StockListing:
    code: str
    exchange: str | None = None


@dataclass(slots=True)
class ReportingCompany:
    name: str
    aliases: set[str] = field(default_factory=set)
    listings: list[StockListing] = field(default_factory=list)
    evidence: Evidence | None = None
    confidence: float | None = None  # 0-1: how clearly the text names this company as its publisher; 1.0 when given by the user


@dataclass(slots=True)
class Subsidiary:
    """``parent`` has subsidiary ``name`` (relation: subsidiary, associate, joint_venture, branch, business_segment)."""

    name: str
    parent: str
    relation: str = "subsidiary"
    evidence: Evidence | None = None


@dataclass(slots=True)
class Certification:
    """One claim that ``holder`` (an organisation or a facility name) is certified to ``standard`` (a code)."""

    holder: str
    standard: str
    evidence: Evidence
    scope: str = "named"  # named | group | all_subsidiaries | major_subsidiaries | some_subsidiaries | count_of_subsidiaries | share_of_subsidiaries
    count: int | None = None
    share_percent: float | None = None
    status: str = "held"  # held | obtained_this_year | renewed | in_progress | planned
    named_by: str = "code"  # code | description
    holder_is_facility: bool = False  # ``holder`` names a site ('Eastfield base'), operated by ``operator``
    operator: str | None = None


@dataclass(slots=True)
class Target:
    holder: str
    topic: str  # local name of an esg:TargetTopic, e.g. "CarbonNeutrality"
    evidence: Evidence
    year: int | None = None
    baseline_year: int | None = None
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    direction: str | None = None  # reduce | increase | achieve | maintain
    scope: str | None = None


@dataclass(slots=True)
class Facility:
    name: str
    operator: str
    evidence: Evidence
    facility_type: str = "other"
    location: str | None = None
    country: str | None = None


@dataclass(slots=True)
class Relation:
    """A named relation between two organisations: supplier, customer or membership.

    ``kind`` is ``supplier`` (``partner`` supplies ``org``), ``customer`` (``partner`` buys from
    ``org``) or ``member`` (``org`` is a member of ``partner``).
    """

    kind: str
    org: str
    partner: str
    evidence: Evidence


@dataclass(slots=True)
class ReportFacts:
    """Everything read from one report."""

    source: Path
    company: ReportingCompany | None = None
    report_year: int | None = None
    frameworks: list[str] = field(default_factory=list)
    organizations: dict[str, Organization] = field(default_factory=dict)
    subsidiaries: list[Subsidiary] = field(default_factory=list)
    certifications: list[Certification] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    facilities: list[Facility] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Facts by kind, for summaries and benchmarks."""
        return {
            "companies": int(self.company is not None),
            "organizations": len(self.organizations),
            "subsidiaries": len(self.subsidiaries),
            "certifications": len(self.certifications),
            "targets": len(self.targets),
            "facilities": len(self.facilities),
            "suppliers": sum(r.kind == "supplier" for r in self.relations),
            "customers": sum(r.kind == "customer" for r in self.relations),
            "memberships": sum(r.kind == "member" for r in self.relations),
        }
