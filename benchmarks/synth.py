"""A synthetic knowledge graph in the esgkg vocabulary, of any size, for query benchmarks.

Four real reports make a graph of a few thousand triples; queries must be measured on a million.
This module makes fictional fact records (:class:`esgkg.records.ReportFacts`) with the shape of
real ones and writes them with the project's own graph writer (:mod:`esgkg.graph`), so the
synthetic graph has exactly the IRIs, classes and properties a real build produces: one named
graph per report; companies that publish a report every year (so organisations recur across
reports); subsidiaries (some of subsidiaries); certifications named, group-wide, "N subsidiaries"
and "N% of subsidiaries"; dated targets of every topic; facilities with province and country;
suppliers and customers drawn from a shared pool (so groups share partners); memberships.

    from synth import synth_dataset
    ds = synth_dataset(triples=100_000, seed=7)      # an rdflib Dataset, one graph per report

    python benchmarks/synth.py --triples 100000 -o /tmp/synth.trig
"""
from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

from rdflib import Dataset

from esgkg.graph import add_report, bind_prefixes, report_iri, write
from esgkg.records import (Certification, Evidence, Facility, Organization, Relation, ReportFacts, ReportingCompany,
                           StockListing, Subsidiary, Target)

SYLLABLES = ("ka", "lo", "ven", "tor", "mi", "sa", "rin", "dex", "qua", "ber", "lin", "no", "zhe", "tan", "ro", "vik",
             "hal", "cor", "mu", "sel", "ta", "nor", "pex", "li", "gan", "ori", "bel", "fen", "yu", "dra")
TRADES = ("Lightmetals", "Precision Parts", "New Energy", "Materials", "Electronics", "Chemicals", "Machinery", "Cables")
PLACES = (("Jiangsu", "China"), ("Zhejiang", "China"), ("Anhui", "China"), ("Guangdong", "China"), ("Sichuan", "China"),
          ("Shandong", "China"), ("Hunan", "China"), ("Nuevo Leon", "Mexico"), ("Maharashtra", "India"), ("Rayong", "Thailand"))
EXCHANGES = ("Shanghai Stock Exchange", "Shenzhen Stock Exchange", "Hong Kong Stock Exchange")
STANDARDS = ("ISO 14001", "ISO 45001", "ISO 50001", "ISO 9001", "IATF 16949", "ISO 14064", "ISO/IEC 27001", "SA8000")
SCOPES = ("named", "group", "all_subsidiaries", "major_subsidiaries", "some_subsidiaries", "count_of_subsidiaries", "share_of_subsidiaries")
TOPICS = ("CarbonNeutrality", "CarbonPeak", "GHGEmissions", "GHGIntensity", "Energy", "EnergyIntensity", "RenewableEnergy",
          "Water", "Waste", "AirPollutants", "Safety", "Diversity", "Training", "SupplyChain")
FACILITY_TYPES = ("production_base", "plant", "rd_center", "laboratory")
FRAMEWORKS = ("GRI", "SASB", "TCFD", "ISSB", "HKEX ESG Guide")
FIRST_YEAR = 2020


def _name(rng: random.Random, words: int = 2) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(words))


class _Company:
    """One fictional listed group: its name, listing and (stable) subsidiaries, facilities and partners."""

    def __init__(self, rng: random.Random, index: int, partners: list[str], initiatives: list[str]) -> None:
        self.name = f"{_name(rng)} {rng.choice(TRADES)} {index} Co., Ltd."
        self.listing = StockListing(f"{600000 + index:06d}", rng.choice(EXCHANGES))
        self.subsidiaries: list[tuple[str, str, str]] = []  # (name, parent, relation)
        for k in range(rng.randint(3, 14)):
            parent = self.name if k < 3 or rng.random() < 0.7 else rng.choice(self.subsidiaries)[0]
            relation = rng.choices(("subsidiary", "associate", "joint_venture", "branch"), (8, 1, 1, 1))[0]
            self.subsidiaries.append((f"{_name(rng, 1)} {rng.choice(TRADES)} {index}-{k} Co., Ltd.", parent, relation))
        self.facilities = [(f"{_name(rng, 1)} {t.replace('_', ' ')} {index}-{k}", t, *rng.choice(PLACES))
                           for k, t in enumerate(rng.choices(FACILITY_TYPES, k=rng.randint(2, 8)))]
        self.suppliers = rng.sample(partners, rng.randint(2, 6))
        self.customers = rng.sample(partners, rng.randint(1, 4))
        self.initiatives = rng.sample(initiatives, rng.randint(0, 2))
        self.first_year = rng.randint(FIRST_YEAR, FIRST_YEAR + 2)


def _evidence(rng: random.Random, offset: int, what: str) -> Evidence:
    text = f"In the reporting period {what}, as described in the section on {_name(rng, 1).lower()} management."
    return Evidence(text, offset, offset + len(text), page=1 + offset // 3000)


def _report(rng: random.Random, co: _Company, year: int, file_index: int) -> ReportFacts:
    """One year's report of a company: its stable structure plus this year's claims and targets."""
    facts = ReportFacts(Path(f"synth_{file_index:06d}_{year}.txt"), ReportingCompany(co.name, listings=[co.listing]), year)
    facts.frameworks = rng.sample(FRAMEWORKS, rng.randint(0, 3))
    facts.organizations[co.name] = Organization(co.name, {co.name.split()[0]}, "company")
    offset = 0

    def ev(what: str) -> Evidence:
        nonlocal offset
        offset += rng.randint(200, 2000)
        return _evidence(rng, offset, what)

    for name, parent, relation in co.subsidiaries:
        facts.subsidiaries.append(Subsidiary(name, parent, relation, ev(f"{name} is a {relation} of {parent}")))
        facts.organizations.setdefault(name, Organization(name, kind="subsidiary"))
    holders = [co.name] + [s[0] for s in co.subsidiaries]
    for _ in range(rng.randint(4, 12)):
        holder = rng.choice(holders)
        scope = "named" if holder != co.name else rng.choice(SCOPES[1:])
        code = rng.choice(STANDARDS)
        count = rng.randint(2, len(co.subsidiaries)) if scope == "count_of_subsidiaries" else None
        share = float(rng.choice((50, 80, 100))) if scope == "share_of_subsidiaries" else None
        facts.certifications.append(Certification(holder, code, ev(f"{holder} holds {code}"), scope=scope, count=count, share_percent=share))
    for _ in range(rng.randint(6, 16)):
        topic = rng.choice(TOPICS)
        target_year = rng.choice((year + 1, year + 2, 2025, 2028, 2030, 2035, 2050, 2060, None))
        value = None if topic in ("CarbonNeutrality", "CarbonPeak") else float(rng.randint(1, 60))
        facts.targets.append(Target(rng.choice(holders[:3]), topic, ev(f"a {topic} target"), year=target_year,
                                    baseline_year=rng.choice((None, year - 1, 2020)), value=value, unit="%" if value else None,
                                    direction="achieve" if value is None else "reduce"))
    for name, kind, province, country in co.facilities:
        facts.facilities.append(Facility(name, co.name, ev(f"the {name} operated"), kind, province, country))
    for partner in co.suppliers:
        facts.relations.append(Relation("supplier", rng.choice(holders[:2]), partner, ev(f"{partner} supplies us")))
        facts.organizations.setdefault(partner, Organization(partner, kind="supplier"))
    for partner in co.customers:
        facts.relations.append(Relation("customer", co.name, partner, ev(f"{partner} buys from us")))
        facts.organizations.setdefault(partner, Organization(partner, kind="customer"))
    for initiative in co.initiatives:
        facts.relations.append(Relation("member", co.name, initiative, ev(f"we joined {initiative}")))
    return facts


def synth_reports(companies: int, seed: int = 7, years: int = 4) -> Iterator[ReportFacts]:
    """``companies`` fictional groups, each with a report for each of up to ``years`` years."""
    rng = random.Random(seed)
    partners = [f"{_name(rng)} {rng.choice(TRADES)} Supply {i} Co., Ltd." for i in range(max(10, companies // 2))]
    initiatives = [f"{_name(rng, 1)} Sustainability Alliance {i}" for i in range(max(3, companies // 50))]
    groups = [_Company(rng, i, partners, initiatives) for i in range(companies)]
    index = 0
    for year_offset in range(years):  # year by year, so a prefix of the stream covers many companies
        for co in groups:
            year = co.first_year + year_offset
            if year <= FIRST_YEAR + years:
                index += 1
                yield _report(rng, co, year, index)


def synth_dataset(triples: int = 1_000_000, seed: int = 7) -> Dataset:
    """An rdflib Dataset (one named graph per report) of at least ``triples`` triples (about 650 per report)."""
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    total = 0
    for facts in synth_reports(companies=max(4, triples // 1600), seed=seed, years=6):
        g = ds.graph(report_iri(facts.source))
        add_report(facts, g)
        total += len(g)
        if total >= triples:
            break
    return ds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("-o", "--output", type=Path, required=True, help=".trig or .nq (named graphs kept)")
    args = parser.parse_args()
    ds = synth_dataset(args.triples, args.seed)
    write(ds, args.output)
    print(f"{len(ds):,} triples in {sum(1 for _ in ds.graphs()) - 1:,} report graphs -> {args.output}")


if __name__ == "__main__":
    main()
