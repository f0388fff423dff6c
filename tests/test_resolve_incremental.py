"""The store's incremental resolution decides what a whole recomputation decides (issue 22).

:class:`~esgkg.store.resolve.IncrementalResolution` keeps the resolution of every held report's names
up to date at each write, recomputing only what the written reports touch.  Here random sequences of
writes (new reports, replaced reports, removed reports) over a small vocabulary of invented names, with
aliases, stock codes and legal forms of different countries (so homonyms split and aliases merge and
conflict), are applied both ways: incrementally, and as the store did before, by
:func:`~esgkg.store.resolve.compute_resolution` over every held name at each write.  Both must give
the same moves for every report at every step, and the same names afterwards.
"""
from __future__ import annotations

import random

import pytest

from esgkg.store.resolve import (ORG_PREFIX, IncrementalResolution, OrgName, compute_resolution, moved_names,
                                 term_map)

STEMS = ("Norvik", "Talbero", "Quenmar", "Ostlund", "Veradyn", "Kalmo")
FORMS = ("", " AB", " ASA", " A/S", " Co., Ltd.", " GmbH", " Holdings Co., Ltd.")
CODES = ("", "", "", "1111", "2222", "3333")


def _report_names(rng: random.Random, report: str) -> list[OrgName]:
    """A random report's organisation names: each a stem with a legal form, sometimes an alias (another
    stem, or the stem alone) and a stock code; nodes on their raw IRIs, as a worker sends them."""
    names: dict[str, OrgName] = {}
    for _ in range(rng.randint(0, 4)):
        stem = rng.choice(STEMS)
        label = stem + rng.choice(FORMS) if rng.random() < 0.8 else f"{stem} {rng.choice(STEMS)}"
        aliases = frozenset(rng.sample([*STEMS, "the Company"], rng.randint(0, 1)))
        codes = frozenset({rng.choice(CODES)} - {""})
        name = OrgName(report, "", label, aliases, codes)
        names.setdefault(name.key, OrgName(report, ORG_PREFIX + name.key, label, aliases, codes))
    return list(names.values())


class _Whole:
    """The store's resolution before issue 22's change: everything recomputed at each write."""

    def __init__(self) -> None:
        self.known: dict[str, list[OrgName]] = {}

    def apply(self, new: dict[str, list[OrgName]], removed: set[str]) -> tuple[dict, dict]:
        held = {g: ns for g, ns in self.known.items() if g not in new and g not in removed}
        resolution = compute_resolution(n for names in (*held.values(), *new.values()) for n in names)
        after, new_moves, held_moves = {}, {}, {}
        for name, names in new.items():
            new_moves[name] = term_map(names, resolution)
            after[name] = moved_names(names, new_moves[name])
        for name, names in held.items():
            moves = term_map(names, resolution)
            if moves:
                held_moves[name] = moves
                after[name] = moved_names(names, moves)
        for name in (*removed, *after):
            self.known.pop(name, None)
        self.known.update((name, names) for name, names in after.items() if names)
        return new_moves, held_moves


@pytest.mark.parametrize("seed", range(40))
def test_incremental_resolution_decides_as_the_whole(seed: int) -> None:
    rng = random.Random(seed)
    whole, incremental = _Whole(), IncrementalResolution({})
    reports = [f"r{i}" for i in range(14)]
    for _ in range(30):
        new = {r: _report_names(rng, r) for r in rng.sample(reports, rng.randint(0, 3))}
        removed = set(rng.sample([r for r in reports if r not in new], rng.randint(0, 1))) if rng.random() < 0.2 else set()
        expected = whole.apply(new, removed)
        got = incremental.apply(new, removed)
        assert got[0] == expected[0]
        assert got[1] == expected[1]
        assert incremental.names == {r: ns for r, ns in whole.known.items()}
        assert list(incremental.names) == list(whole.known)  # the order the next write reads names in


def test_incremental_resolution_starts_from_names_as_held() -> None:
    """Names read from a store written without resolution: the first write moves them where they belong."""
    held = {"a": [OrgName("a", ORG_PREFIX + "norvik-holdings", "Norvik Holdings Co., Ltd.", frozenset({"Norvik"}))],
            "b": [OrgName("b", ORG_PREFIX + "norvik", "Norvik Co., Ltd.")]}
    new_moves, held_moves = IncrementalResolution(held).apply({})
    assert new_moves == {}
    assert held_moves == {"b": {"norvik": "norvik-holdings"}}
