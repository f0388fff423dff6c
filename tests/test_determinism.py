"""Same input, same graph (issue 24): the graph does not depend on the hash seed, the number of
jobs, the order of the input files, or on whether it is written with ``build -o`` or exported later.

Every build runs ``esgkg build`` in a subprocess with ``PYTHONHASHSEED`` set, so a choice that
iterates a ``set`` or ``dict`` of hashed strings shows up as two different files.  The hostile
reports are our own text: names with stray straight and curly quotes, square brackets, unbalanced
parentheses, and names whose keys collide once case and punctuation are dropped.
"""
from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import CORPUS, EXTERNAL, need

STEMS = ("Acme Wheel", "Borea Alloy", "Cobalt River", "Delta Pine")
PLACES = ("Jiangsu", "Anhui", "Hubei", "Zhejiang")


def _mess(rng: random.Random, name: str) -> str:
    """``name`` as a careless converter may leave it: a stray quote or bracket, or none."""
    r = rng.random()
    words = name.split(" ")
    if r < 0.35:
        i = rng.randint(1, len(words) - 1)
        return " ".join(words[:i] + ['"'] + words[i:])
    if r < 0.5:
        return name.replace("(", "[").replace(")", "]")
    if r < 0.6:
        return '"' + name
    if r < 0.7:
        return name.replace(" ", '" ', 1)
    if r < 0.75:
        return name.replace("(", '("')
    return name


def _generated_report(k: int) -> str:
    """A short report whose names carry stray quotes and brackets (seeded: the same text for each ``k``).

    ``k`` = 14 gave the reporter's stem word, and with it an invented segment holding three
    certificates, by the hash seed before issue 24."""
    rng = random.Random(k)
    stem = rng.choice(STEMS)
    year = 2020 + k % 5
    parent = f"{stem} Holdings Co., Ltd."
    subs = [f"{stem} ({p}) Co., Ltd." for p in rng.sample(PLACES, 3)]

    def m(name: str) -> str:
        return _mess(rng, name)

    lines = [m(parent), f"{year} Environmental, Social and Governance Report", "",
             f'This report is published by {m(parent)} (hereinafter referred to as "{m(stem)}", "the Company" or "We"). It covers the year {year}.',
             f"Our wholly-owned subsidiaries {m(subs[0])} and {m(subs[1])} run the production bases in Suzhou and Hefei. {m(subs[2])} is a subsidiary.",
             "All major subsidiaries of the Group have passed the ISO 14001 environmental management system certification.",
             f"{m(subs[0])} obtained the IATF 16949:2016 certification.",
             "6 subsidiaries have obtained ISO 50001 energy management system certification.",
             f"{m(subs[1])} obtained the ISO 50001 certification. {m(subs[2])} passed ISO 14001 certification.",
             "The Company aims to achieve carbon neutrality by 2055.",
             f"{m(subs[0])} plans to reduce energy intensity by 20% by 2030 compared with 2022.",
             f"Our main supplier is {m('Eastriver Smelting Co., Ltd.')}, and {m('Eastriver Smelting Co., Ltd.')} ships ingots. "
             f"Key customers such as {m('Bluebay Motors Co., Ltd.')} buy our wheels."]
    return "\n".join(lines) + "\n"


# Names whose keys collide (case, hyphens, legal form, quotes), across two reports that define
# aliases for each other's names, so resolution across reports has ties to break.
COLLIDING_A = """ACME WHEEL " HOLDINGS CO., LTD.
2023 Environmental, Social and Governance Report

This report is published by Acme Wheel Holdings Co., Ltd. (hereinafter referred to as "Acme", "the Company" or "We").
Acme is listed on the Shenzhen Stock Exchange (stock code: 002999).
Our subsidiaries Acme-Wheel (Jiangsu) Co., Ltd., ACME WHEEL (JIANGSU) CO. LTD and “Acme Wheel [Jiangsu] Co., Ltd.” run the Suzhou plant.
Acme Wheel (Jiangsu) Co Ltd obtained the ISO 14001 certification in 2023. Acme-Wheel (Jiangsu) Co., Ltd. obtained ISO 50001 certification.
Our main suppliers are Borea Alloy Co., Ltd. and Borea " Alloy Co. Ltd, and Borea-Alloy Limited delivers scrap.
Key customers such as Delta Pine Motors Co., Ltd. buy our wheels.
The Company aims to cut carbon emission intensity by 30% by 2030 compared with 2020.
"""

COLLIDING_B = """Delta Pine Motors Co., Ltd.
2023 Sustainability Report

This report is published by Delta Pine Motors Co., Ltd. (hereinafter "Delta Pine" or "the Company").
Delta Pine is listed on the Shanghai Stock Exchange (stock code: 601998).
Our main supplier is Acme Co., Ltd., which delivers wheels. Key customers such as Acme " Wheel Holdings Co., Ltd. buy our motors.
Borea Alloy (Anhui) Co., Ltd. delivers castings.
Delta Pine (Hubei) Co., Ltd., a wholly-owned subsidiary, obtained the ISO 45001 certification.
Delta Pine aims to achieve carbon neutrality by 2050.
"""


def _hostile_folder(root: Path) -> Path:
    """The hostile batch: generated quoted-name reports, the colliding pair, and one file name
    in two folders (which of the two is read must not depend on the order they are given in)."""
    folder = root / "hostile"
    (folder / "a").mkdir(parents=True)
    (folder / "b").mkdir()
    for k in range(24):
        (folder / f"quoted_{k:02d}_{2020 + k % 5}.txt").write_text(_generated_report(k), encoding="utf-8")
    (folder / "colliding_a_2023.txt").write_text(COLLIDING_A, encoding="utf-8")
    (folder / "colliding_b_2023.txt").write_text(COLLIDING_B, encoding="utf-8")
    (folder / "a" / "same_name_2023.txt").write_text(COLLIDING_A.replace("Acme", "Cobalt"), encoding="utf-8")
    (folder / "b" / "same_name_2023.txt").write_text(COLLIDING_B, encoding="utf-8")
    return folder


def _esgkg(*args: str, seed: int, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    run = subprocess.run([sys.executable, "-m", "esgkg.cli", *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=600)
    assert "Traceback" not in run.stderr, run.stderr
    return run


def _build(paths: list[Path], out: Path, *, seed: int, jobs: int = 1, store: Path | None = None) -> bytes:
    where = ["--store", str(store)] if store else ["--no-store"]
    run = _esgkg("build", *map(str, paths), *where, "--jobs", str(jobs), "-q", "-o", str(out), seed=seed, cwd=out.parent)
    assert run.returncode in (0, 1), run.stderr  # 1: some file refused (the duplicate name), the rest built
    assert out.stat().st_size > 0
    return out.read_bytes()


def _same_quads(a: bytes, b: bytes, what: str) -> None:
    """Sorted N-Quads equal (the judgement), then the files byte for byte (the writers' order)."""
    lines_a, lines_b = sorted(a.decode().splitlines()), sorted(b.decode().splitlines())
    if lines_a != lines_b:
        only_a, only_b = set(lines_a) - set(lines_b), set(lines_b) - set(lines_a)
        pytest.fail(f"{what}: {len(lines_a)} vs {len(lines_b)} quads; {len(only_a)} only in the first, e.g. "
                    f"{sorted(only_a)[:2]}; {len(only_b)} only in the second, e.g. {sorted(only_b)[:2]}")
    assert a == b, f"{what}: the same quads in a different order"


def test_hostile_reports_give_one_graph_whatever_the_seed_jobs_order_or_writer(tmp_path: Path) -> None:
    folder = _hostile_folder(tmp_path)
    files = sorted(p for p in folder.rglob("*.txt"))
    store = tmp_path / "store"
    first = _build([folder], tmp_path / "seed0.nq", seed=0, store=store)
    assert first.count(b"\n") > 500, "the hostile batch built almost nothing"
    assert b"/report/quoted_14_2024>" in first and b"/report/colliding_b_2023>" in first
    # the other seeds, two jobs, and the files given one by one in reverse order
    _same_quads(first, _build([folder], tmp_path / "seed1-j2.nq", seed=1, jobs=2), "PYTHONHASHSEED 0 vs 1 with --jobs 2")
    _same_quads(first, _build(files[::-1], tmp_path / "seed2-reversed.nq", seed=2), "PYTHONHASHSEED 0 vs 2, files in reverse order")
    _same_quads(first, _build([folder], tmp_path / "seed3-j2.nq", seed=3, jobs=2), "PYTHONHASHSEED 0 vs 3 with --jobs 2")
    # build -o and a later export of the same store
    exported = tmp_path / "exported.nq"
    run = _esgkg("export", "--store", str(store), "--format", "nq", "-o", str(exported), seed=1, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    _same_quads(first, exported.read_bytes(), "build -o vs export")


def test_the_development_texts_give_one_graph_whatever_the_seed_and_jobs(tmp_path: Path) -> None:
    texts = sorted(need(CORPUS, "the shared corpus").glob("*.txt")) + sorted(need(EXTERNAL, "the external development reports").glob("*.txt"))
    first = _build(texts, tmp_path / "dev-seed0.nq", seed=0)
    _same_quads(first, _build(texts, tmp_path / "dev-seed3-j2.nq", seed=3, jobs=2), "development texts, PYTHONHASHSEED 0 vs 3 with --jobs 2")


def test_which_of_two_files_with_one_report_iri_is_read_does_not_depend_on_their_order(tmp_path: Path) -> None:
    import esgkg

    folder = _hostile_folder(tmp_path)
    pair = [folder / "b" / "same_name_2023.txt", folder / "a" / "same_name_2023.txt"]
    kept = []
    for order in (pair, pair[::-1]):
        result = esgkg.build(order)
        assert [e.path for e in result.errors] == [pair[0]]  # b/ is refused, a/ read, in both orders
        assert "same report IRI as" in result.errors[0].reason and str(pair[1]) in result.errors[0].reason
        kept.append(sorted(result.dataset.quads((None, None, None, None))))
    assert kept[0] == kept[1]


def test_hostile_fixture_is_hostile() -> None:
    """The generated reports hold what the test is about: stray quotes and brackets in names, and
    the report that showed the fault."""
    texts = [_generated_report(k) for k in range(24)]
    assert sum('" ' in t for t in texts) >= 20 and sum("[" in t for t in texts) >= 5
    assert 'Acme" Wheel Holdings Co., Ltd.' in _generated_report(14)
