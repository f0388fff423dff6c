"""Synthetic ESG report *texts* for scale benchmarks and robustness tests.

Real reports cannot be copied into the repository, and four are too few to measure scale, so this
module writes fictional ones: every sentence comes from the templates below and every name is
made up from random syllables.  A report is 100-200 KB of PDF-extracted-looking text (pages split
by form feeds, tables as runs of short lines) with roughly the fact density of a real one: a
company profile with a "hereinafter" alias and a stock code, subsidiaries, certifications by
code and by description, dated targets, facilities, suppliers and customers, among filler
paragraphs.

    python benchmarks/synth_reports.py OUT_DIR -n 100 [--seed 7]
"""
from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from pathlib import Path

SYLLABLES = ("ka", "lo", "ven", "tor", "mi", "sa", "rin", "dex", "qua", "ber", "lin", "no", "zhe", "tan", "ro", "vik",
             "hal", "cor", "mu", "sel", "ta", "nor", "pex", "li", "gan", "ori", "bel", "fen", "yu", "dra")
TRADES = ("Lightmetals", "Precision Parts", "New Energy", "Materials", "Electronics", "Textiles", "Chemicals",
          "Machinery", "Auto Components", "Packaging", "Photonics", "Battery Technology", "Cables", "Ceramics")
PROVINCES = ("Jiangsu", "Zhejiang", "Anhui", "Guangdong", "Sichuan", "Hubei", "Shandong", "Fujian", "Hunan", "Henan")
CITIES = ("Suzhou", "Hefei", "Ningbo", "Wuxi", "Chengdu", "Wuhan", "Qingdao", "Xiamen", "Changsha", "Zhengzhou",
          "Monterrey", "Pune", "Debrecen", "Rayong", "Kuantan")
EXCHANGES = (("Shanghai Stock Exchange", 600000, 605999), ("Shenzhen Stock Exchange", 300001, 301599),
             ("Shenzhen Stock Exchange", 2001, 2999), ("Hong Kong Stock Exchange", 1000, 9999))
LEGAL = ("Co., Ltd.", "Co., Ltd.", "Co., Ltd.", "Limited", "Inc.")
STANDARDS = (("ISO 14001", "environmental management system"), ("ISO 45001", "occupational health and safety management system"),
             ("ISO 50001", "energy management system"), ("ISO 9001", "quality management system"),
             ("IATF 16949", "automotive quality management system"), ("ISO/IEC 27001", "information security management system"),
             ("ISO 14064", "greenhouse gas verification"), ("SA8000", "social accountability"))
FACILITY_KINDS = ("production base", "plant", "factory", "R&D center", "laboratory", "manufacturing center")
MATERIALS = ("aluminium ingots", "steel coils", "copper foil", "lithium carbonate", "resin pellets", "glass fibre",
             "electronic components", "packaging film", "cathode materials", "industrial gases")
PRODUCTS = ("wheels", "battery modules", "cable assemblies", "precision housings", "inverters", "fabrics", "sensors")
TOPICS = ("energy conservation", "emission reduction", "water stewardship", "waste recycling", "employee training",
          "supplier assessment", "product quality", "community engagement", "board governance", "data security",
          "occupational safety", "biodiversity", "anti-corruption", "customer service", "green design")
VERBS = ("strengthened", "improved", "upgraded", "reviewed", "expanded", "standardised", "monitored", "promoted")
NOUNS = ("management system", "internal controls", "reporting process", "training programme", "inspection routine",
         "risk assessment", "stakeholder dialogue", "audit plan", "emergency drill", "digital platform")
INDICATORS = ("Total energy consumption (MWh)", "Scope 1 emissions (tCO2e)", "Scope 2 emissions (tCO2e)",
              "Water withdrawal (m3)", "Hazardous waste (t)", "Employees (persons)", "Training hours (h)",
              "Recordable injuries", "R&D investment (million yuan)", "Charitable donations (thousand yuan)")


def _word(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


@dataclass
class Names:
    """The fictional organisations one report talks about."""

    company: str
    short: str
    stock_code: str
    exchange: str
    subsidiaries: list[str] = field(default_factory=list)
    suppliers: list[str] = field(default_factory=list)
    customers: list[str] = field(default_factory=list)


def _names(rng: random.Random) -> Names:
    short = _word(rng, rng.choice((2, 3)))
    trade = rng.choice(TRADES)
    exchange, low, high = rng.choice(EXCHANGES)
    code = f"{rng.randint(low, high):06d}" if "Hong Kong" not in exchange else f"{rng.randint(low, high):04d}"
    names = Names(f"{short} {trade} Group {rng.choice(LEGAL)}", short, code, exchange)
    for _ in range(rng.randint(8, 20)):
        names.subsidiaries.append(f"{short} {rng.choice(TRADES)} ({rng.choice(PROVINCES)}) Co., Ltd.")
    names.subsidiaries = sorted(set(names.subsidiaries))
    names.suppliers = [f"{_word(rng)} {rng.choice(TRADES)} {rng.choice(LEGAL)}" for _ in range(rng.randint(3, 8))]
    names.customers = [f"{_word(rng)} {rng.choice(('Motors', 'Power', 'Devices', 'Retail', 'Appliances'))} {rng.choice(LEGAL)}"
                       for _ in range(rng.randint(3, 8))]
    return names


# ----------------------------------------------------------------------------- fact sentences
def _profile(rng: random.Random, n: Names, year: int) -> list[str]:
    listed = rng.randint(2005, year - 1)
    return [
        f"{n.company}\n{year} Environmental, Social and Governance Report",
        f"This is the {rng.choice(('second', 'third', 'fourth', 'fifth'))} sustainability report published by {n.company} "
        f'(hereinafter referred to as "{n.short}", "the Company" or "we"). It covers the period from January 1, {year} '
        f"to December 31, {year}.",
        f"{n.short} was listed on the {n.exchange} in {listed} (stock code: {n.stock_code}).",
    ]


def _subsidiary_sentences(rng: random.Random, n: Names) -> list[str]:
    out = []
    for sub in n.subsidiaries:
        form = rng.choice(("wholly-owned subsidiary", "subsidiary", "holding subsidiary"))
        out.append(rng.choice((
            f"Our {form} {sub} runs the {rng.choice(FACILITY_KINDS)} in {rng.choice(CITIES)}.",
            f"{sub} is a {form} of the Company and supplies {rng.choice(PRODUCTS)} to domestic customers.",
            f"In {rng.choice(('the first half', 'the second half', 'the year'))}, the Company set up {sub} as a {form}.",
        )))
    return out


def _certification_sentences(rng: random.Random, n: Names, year: int) -> list[str]:
    out = []
    for _ in range(rng.randint(8, 16)):
        code, description = rng.choice(STANDARDS)
        holder = rng.choice(n.subsidiaries + [n.short])
        out.append(rng.choice((
            f"{holder} obtained the {code} certification in {year}.",
            f"{holder} passed the {description} certification audit and renewed its certificate.",
            f"{rng.randint(2, 12)} subsidiaries have obtained {code} {description} certification.",
            f"All major subsidiaries of the Group have passed the {code} {description} certification.",
            f"{rng.choice((60, 75, 90, 100))}% of our subsidiaries hold {code} certificates.",
        )))
    return out


def _target_sentences(rng: random.Random, n: Names, year: int) -> list[str]:
    out = [f"The Company aims to achieve carbon peak by {rng.randint(2026, 2030)} and carbon neutrality by {rng.randint(2045, 2060)}."]
    for _ in range(rng.randint(7, 14)):
        value, by, base = rng.randint(5, 60), rng.randint(year + 1, 2035), rng.randint(2018, year - 1)
        out.append(rng.choice((
            f"We plan to reduce carbon emission intensity per unit of output by {value}% by {by} compared with {base}.",
            f"By the end of {by}, renewable electricity will reach {value}% of our total power consumption.",
            f"{n.short} will cut water consumption per unit of product by {value}% by {by}.",
            f"The Group targets a {value}% reduction in comprehensive energy consumption by {by} against the {base} baseline.",
            f"We aim to keep the lost-time injury rate at zero and to provide {rng.randint(20, 60)} hours of training per employee by {by}.",
            f"By {by}, the recycling rate of general industrial waste will exceed {min(99, value + 40)}%.",
        )))
    return out


def _facility_sentences(rng: random.Random, n: Names) -> list[str]:
    out = []
    for _ in range(rng.randint(8, 15)):
        city, kind = rng.choice(CITIES), rng.choice(FACILITY_KINDS)
        out.append(rng.choice((
            f"The {city} {kind} installed {rng.randint(2, 30)} MW of rooftop photovoltaic panels.",
            f"The {n.short} {city} {kind.title()} develops {rng.choice(PRODUCTS)} for export markets.",
            f"{rng.choice(n.subsidiaries)} operates a {kind} in {city}, {rng.choice(PROVINCES)}.",
        )))
    return out


def _relation_sentences(rng: random.Random, n: Names) -> list[str]:
    out = [f"Our main supplier of {rng.choice(MATERIALS)} is {s}, which delivers to our {rng.choice(CITIES)} site." for s in n.suppliers]
    out += [f"Key customers such as {c} buy our {rng.choice(PRODUCTS)}." for c in n.customers]
    out.append(f"{n.short} is a member of the {_word(rng)} Sustainable Manufacturing Alliance.")
    return out


# ----------------------------------------------------------------------------- filler
def _filler_paragraph(rng: random.Random, n: Names) -> str:
    sentences = []
    for _ in range(rng.randint(3, 7)):
        topic = rng.choice(TOPICS)
        sentences.append(rng.choice((
            f"During the reporting period, {n.short} {rng.choice(VERBS)} its {rng.choice(NOUNS)} for {topic}.",
            f"The {rng.choice(NOUNS)} covers every business unit and is reviewed by the {rng.choice(('board', 'ESG committee', 'audit committee'))} each quarter.",
            f"We held {rng.randint(3, 80)} sessions on {topic} with {rng.randint(40, 4000)} participants.",
            f"Progress on {topic} is disclosed in line with the GRI Standards and the guidance of the stock exchange.",
            f"Managers at each site are responsible for {topic} and report results to headquarters every month.",
            f"Compared with the previous year, spending on {topic} rose by {rng.randint(2, 40)}%.",
        )))
    return " ".join(sentences)


def _table(rng: random.Random, year: int) -> str:
    """A KPI table as pdftotext leaves it: a header line, then one cell per line."""
    lines = [f"Indicator  {year - 2}  {year - 1}  {year}"]
    for indicator in rng.sample(INDICATORS, rng.randint(4, len(INDICATORS))):
        lines.append(indicator)
        lines.extend(f"{rng.uniform(10, 90000):,.2f}" for _ in range(3))
    return "\n".join(lines)


def _wrap(paragraph: str, rng: random.Random) -> str:
    """Break a paragraph into short lines, as text extracted from a two-column PDF is."""
    words, lines, line = paragraph.split(" "), [], []
    width = rng.randint(60, 110)
    for word in words:
        line.append(word)
        if sum(len(w) + 1 for w in line) > width:
            lines.append(" ".join(line))
            line = []
    if line:
        lines.append(" ".join(line))
    return "\n".join(lines)


def report_text(seed: int, size: int | None = None) -> str:
    """One fictional report of about ``size`` characters (default: 100-200 KB), deterministic in ``seed``."""
    rng = random.Random(seed)
    size = size or rng.randint(100_000, 200_000)
    year = rng.randint(2021, 2024)
    names = _names(rng)
    facts = (_subsidiary_sentences(rng, names) + _certification_sentences(rng, names, year)
             + _target_sentences(rng, names, year) + _facility_sentences(rng, names) + _relation_sentences(rng, names))
    rng.shuffle(facts)
    blocks = _profile(rng, names, year)
    filler_budget = max(0, size - sum(len(b) for b in blocks) - sum(len(f) for f in facts))
    per_fact = filler_budget // (len(facts) + 1)
    for fact in facts:
        written = 0
        while written < per_fact:
            block = _table(rng, year) if rng.random() < 0.15 else _wrap(_filler_paragraph(rng, names), rng)
            blocks.append(block)
            written += len(block) + 2
        blocks.append(_wrap(fact, rng) if rng.random() < 0.5 else fact)
    return _paginate(blocks, rng)


def _paginate(blocks: list[str], rng: random.Random) -> str:
    """Join blocks with blank lines and a form feed about every 3,000 characters (one per page)."""
    pages, page, length = [], [], 0
    for block in blocks:
        page.append(block)
        length += len(block)
        if length > rng.randint(2500, 3500):
            pages.append("\n\n".join(page) + f"\n\n{len(pages) + 1}")
            page, length = [], 0
    if page:
        pages.append("\n\n".join(page))
    return "\f".join(pages) + "\n"


def write_reports(out: Path, count: int, seed: int = 0, size: int | None = None) -> list[Path]:
    """Write ``count`` reports of about ``size`` characters each (default: 100-200 KB) into ``out`` (created); returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = out / f"synth_{seed:03d}_{i:05d}.txt"
        path.write_text(report_text(seed * 1_000_003 + i, size), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("-n", "--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write_reports(args.out, args.count, args.seed)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} reports, {total / 1e6:.1f} MB, to {args.out}")


if __name__ == "__main__":
    main()
