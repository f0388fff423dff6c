"""Pattern and lexicon data of the extraction pipeline, as versioned JSONL files beside this module.

Each file starts with a header record (``{"version": N, "about": ...}``); every other line is one record:

* a **token pattern** (``"pattern"``: a spaCy Matcher / SpanRuler pattern, ``"label"``: the span label), or a
  **phrase list** (``"phrases"``: strings matched whole by spaCy's PhraseMatcher on LOWER), as read by
  :func:`token_patterns`;
* a **lexicon** (``"words"``: a word list, ``"attr"``: the token attribute it is matched on, ``ORTH`` or
  ``LOWER``), as read by :func:`lexicon`.

Every record carries ``examples`` (sentences it must match) and ``counterexamples`` (sentences it must not);
``tests/test_patterns.py`` runs them all.  The sentences are written for the tests, not taken from reports.
"""
from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

FILES = ("lexicon", "mentions", "subsidiaries")


@lru_cache(maxsize=None)
def records(name: str) -> tuple[dict[str, Any], ...]:
    """Every record of ``<name>.jsonl`` except its header, in file order."""
    text = resources.files(__package__).joinpath(f"{name}.jsonl").read_text(encoding="utf-8")
    rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    if not rows or "version" not in rows[0]:
        raise ValueError(f"{name}.jsonl: the first line must be a header with a version")
    return tuple(rows[1:])


def version(name: str) -> int:
    """The version number in the header of ``<name>.jsonl``."""
    text = resources.files(__package__).joinpath(f"{name}.jsonl").read_text(encoding="utf-8")
    return int(json.loads(text.splitlines()[0])["version"])


@lru_cache(maxsize=None)
def lexicon(word_list: str) -> frozenset[str]:
    """The words of the lexicon record ``word_list`` of ``lexicon.jsonl`` (lower-cased when it is matched on LOWER)."""
    for rec in records("lexicon"):
        if rec["id"] == word_list:
            words = rec["words"]
            return frozenset(w.lower() for w in words) if rec.get("attr", "ORTH") == "LOWER" else frozenset(words)
    raise KeyError(f"no word list {word_list!r} in lexicon.jsonl")


def token_patterns(name: str = "mentions") -> list[dict[str, Any]]:
    """The token patterns and phrases of ``<name>.jsonl`` as SpanRuler patterns (``label``, ``pattern``, ``id``)."""
    out: list[dict[str, Any]] = []
    for r in records(name):
        if "phrases" in r:
            out += [{"label": r["label"], "pattern": p, "id": r["id"]} for p in r["phrases"]]
        elif "pattern" in r:
            out += [{"label": r["label"], "pattern": r["pattern"], "id": r["id"]}]
    return out

