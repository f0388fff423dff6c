"""SHACL validation speed: the whole graph at once vs report by report, on ~1M triples.

    .venv/bin/python benchmarks/bench_validate.py                     # ~1,000,000 triples
    .venv/bin/python benchmarks/bench_validate.py --triples 100000    # a quick run
    .venv/bin/python benchmarks/bench_validate.py --skip-whole        # per-report only

Generates reports in the esgkg vocabulary by running the project's own graph writer
(:func:`esgkg.graph.add_report`) over synthetic :class:`~esgkg.records.ReportFacts` -- a company with
subsidiaries, suppliers, certifications, targets and facilities per report, some of them with gaps
so the completeness shapes have something to say -- until the graph holds ``--triples`` triples.
Then it prints seconds for

* whole graph: one pyshacl run over the union of all reports (what a naive ``validate`` does);
* report by report: ``validate_graph(dataset)``, every named graph validated alone;
* one report added to a large store: ``validate_store(store, reports=[iri])`` on a pyoxigraph store
  holding every report -- what a build that just added that report pays.
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

from rdflib import Dataset, Graph

from esgkg.graph import add_report, bind_prefixes, report_iri
from esgkg.records import (
    Certification,
    Evidence,
    Facility,
    Organization,
    ReportFacts,
    ReportingCompany,
    Relation,
    StockListing,
    Subsidiary,
    Target,
)
from esgkg.store import Store
from esgkg.validate import validate_graph, validate_report, validate_store
from esgkg.vocab import standards, topics

SCOPES = ("named", "group", "all_subsidiaries", "major_subsidiaries", "some_subsidiaries")
FACILITY_TYPES = ("production_base", "plant", "laboratory", "rd_center", "warehouse", "other")
DIRECTIONS = ("reduce", "increase", "achieve", "maintain")


def synthetic_facts(n: int, rng: random.Random) -> ReportFacts:
    """One made-up report: ~500 triples once written (company, 8 subsidiaries, 12 certifications ...)."""
    company = f"Synthetic Holdings {n:05d} Co., Ltd."
    subs = [f"Synthetic {n:05d} Unit {k} Co., Ltd." for k in range(8)]
    partners = [f"Partner {n:05d}-{k} Inc." for k in range(4)]
    codes = sorted(standards())
    topic_names = sorted(topics())
    position = iter(range(0, 10**9, 100))

    def ev(text: str) -> Evidence:
        start = next(position)
        return Evidence(text, start, start + len(text), page=rng.randint(1, 80))

    orgs = {company: Organization(company, {f"SH{n:05d}"}, "company")}
    orgs.update({s: Organization(s, set(), "subsidiary") for s in subs})
    facts = ReportFacts(
        source=Path(f"synthetic_{n:05d}.txt"),
        company=ReportingCompany(company, {f"SH{n:05d}"}, [StockListing(f"{600000 + n}", "Example Exchange")]),
        report_year=rng.choice((2022, 2023, 2024)),
        frameworks=["GRI Standards"],
        organizations=orgs,
        subsidiaries=[Subsidiary(s, company, "subsidiary") for s in subs],
    )
    holders = [company, *subs]
    for k in range(12):
        facts.certifications.append(Certification(
            holder=holders[k % len(holders)], standard=codes[k % len(codes)], evidence=ev(f"Certified to {codes[k % len(codes)]}."),
            scope=rng.choice(SCOPES), status="held"))
    for k in range(14):
        facts.targets.append(Target(
            holder=company, topic=topic_names[k % len(topic_names)], evidence=ev(f"Target number {k} of report {n}."),
            year=rng.choice((None, 2025, 2030, 2060)), baseline_year=rng.choice((None, 2020)),
            value=rng.choice((None, 5.0, 12.5, 100.0)), unit="%", direction=rng.choice(DIRECTIONS)))
    for k in range(8):
        facts.facilities.append(Facility(
            name=f"Site {k} of {n:05d}", operator=holders[k % len(holders)], evidence=ev(f"Site {k} makes parts."),
            facility_type=rng.choice(FACILITY_TYPES), location=rng.choice((None, "Springfield", "Shelbyville")), country="Exampleland"))
    for k, partner in enumerate(partners):
        orgs[partner] = Organization(partner, set(), "supplier" if k % 2 == 0 else "customer")
        facts.relations.append(Relation("supplier" if k % 2 == 0 else "customer", company, partner, ev(f"{partner} works with us.")))
    return facts


def synthetic_dataset(triples: int, seed: int = 7) -> Dataset:
    """Reports written by the project's graph writer until the dataset holds ``triples`` triples."""
    rng = random.Random(seed)
    ds = Dataset()
    bind_prefixes(ds)
    total, n = 0, 0
    while total < triples:
        facts = synthetic_facts(n, rng)
        g = ds.graph(report_iri(facts.source))
        add_report(facts, g)
        total += len(g)
        n += 1
    return ds


class Timer:
    """Wall-clock and CPU seconds of a block: the machine is shared, so CPU time is the steadier figure."""

    def __enter__(self) -> "Timer":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu

    def __str__(self) -> str:
        return f"{self.wall:.1f} s wall, {self.cpu:.1f} s CPU"


def whole_graph(ds: Dataset) -> Graph:
    g = Graph()
    bind_prefixes(g)
    for s, p, o, _ctx in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--skip-whole", action="store_true", help="do not time the whole-graph run (the slow one)")
    ap.add_argument("--skip-store", action="store_true", help="do not time one report in a store holding them all")
    args = ap.parse_args(argv)

    with Timer() as t:
        ds = synthetic_dataset(args.triples)
        graphs = [g for g in ds.graphs() if len(g)]
    n_triples = sum(len(g) for g in graphs)
    print(f"generated {len(graphs):,} reports, {n_triples:,} triples ({n_triples / len(graphs):,.0f} per report): {t}", flush=True)

    with Timer() as t:
        per_report = validate_graph(ds)
    counts = per_report.counts()
    print(f"report by report: {t} for {len(per_report.reports):,} reports "
          f"({counts['Violation']} violations, {counts['Warning']:,} warnings, {counts['Info']:,} infos)", flush=True)
    del per_report

    sample = graphs[:: max(1, len(graphs) // 50)]
    times = []
    for g in sample:
        with Timer() as t:
            validate_report(g)
        times.append(t.cpu)
    times.sort()
    print(f"one report alone: median {statistics.median(times) * 1000:.0f} ms CPU, p95 {times[int(0.95 * (len(times) - 1))] * 1000:.0f} ms CPU "
          f"(over {len(times)} reports)", flush=True)

    if not args.skip_store:
        store = Store()
        store.put_reports(graphs, resolve=False)  # set-up only: entity resolution is not what is timed
        last = graphs[-1].identifier
        with Timer() as t:
            one = validate_store(store, reports=[last])
        print(f"one report in a store of {len(store):,} quads: {t.wall:.3f} s wall, {t.cpu:.3f} s CPU "
              f"({len(one.results)} results for {one.reports[0].rsplit('/', 1)[-1]})", flush=True)
        del store

    if not args.skip_whole:
        union = whole_graph(ds)
        del ds, graphs
        with Timer() as t:
            whole = validate_graph(union)
        print(f"whole graph at once: {t} ({len(whole.results):,} results)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
