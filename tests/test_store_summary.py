"""``standards-overview`` from the counts the store's writer keeps gives the SPARQL file's rows (issue 22).

Every store here is compared both ways: :func:`esgkg.query.run_query` (which answers from the kept counts
when they are current) against the shipped ``.rq`` text run by the store.  Stores: the examples and the
invented reports of ``test_resolve`` (aliases that move organisations across reports) built on disk, then
rebuilt, then with reports removed; a synthetic graph with every holder scope; the development corpus
(at run time, never copied); and stores where the counts are not current, which must run the query.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

import esgkg
from esgkg import query as q
from esgkg.store import Store
from esgkg.store.summary import STATE_FILE, SUMMARY_FILE, StandardsSummary

from .conftest import EXAMPLES
from .test_resolve import write_reports

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def _by_sparql(store: Store) -> q.Results:
    query = q.load_query("standards-overview")
    columns, rows = store.select(q.sparql(query))
    return q.Results(columns, [tuple(r[c] for c in columns) for r in rows])


def _same(store: Store) -> list:
    """The kept rows equal the query's (same columns, same rows in the same order) and are not empty."""
    kept = store.standards_overview()
    assert kept is not None, "the store's writer kept no current counts"
    got, want = q.run_query(store, "standards-overview"), _by_sparql(store)
    assert got.columns == want.columns
    assert Counter(got.rows) == Counter(want.rows)
    holders = [int(r[3]) for r in got.rows]
    assert holders == sorted(holders, reverse=True)
    assert [r[:4] for r in got.rows] == [r[:4] for r in want.rows] or len({r[3] for r in got.rows}) < len(got.rows)
    page = q.run_query(store, "standards-overview", limit=2, offset=1)
    assert page.rows == got.rows[1:3]
    return got.rows


def test_kept_counts_follow_builds_rebuilds_and_removals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_reports(tmp_path / "reports")
    path = tmp_path / "store"
    store = Store(path)
    esgkg.build([EXAMPLES, tmp_path / "reports"], store=store, keep_dataset=False)
    assert _same(store)
    # a rebuild replaces every report (and resolution moves organisations again)
    esgkg.build([EXAMPLES, tmp_path / "reports"], store=store, keep_dataset=False)
    rows = _same(store)
    # read back by another process's view: the rows written beside the store for its last commit
    del store
    reader = Store(path, read_only=True)
    assert (path / SUMMARY_FILE).exists() and (path / STATE_FILE).exists() and reader.standards_overview() is not None
    assert q.run_query(reader, "standards-overview").rows == rows
    del reader
    # the next writer takes the tallies the build saved when it repacked (no pass over the store), and keeps them right
    monkeypatch.setattr(StandardsSummary, "of_store", classmethod(lambda cls, *a: pytest.fail("read the store again")))
    store = Store(path)
    esgkg.build([tmp_path / "reports"], store=store, keep_dataset=False)
    _same(store)
    monkeypatch.undo()
    held = store.reports()
    store.remove_reports(held[:2])
    _same(store)
    store.remove_reports(store.reports())
    assert store.standards_overview() == [] and q.run_query(store, "standards-overview").rows == []


def test_kept_counts_on_a_synthetic_store_with_every_scope() -> None:
    from synth import synth_dataset

    store = Store()
    store.add_dataset(synth_dataset(20_000, seed=3))
    rows = _same(store)
    assert any(int(r[6]) for r in rows) and any(int(r[6]) < int(r[5]) for r in rows)  # wide and named claims both
    reports = store.reports()
    store.remove_reports(reports[::3])
    _same(store)


def test_kept_counts_on_the_development_corpus(corpus_build) -> None:
    store = Store()
    store.add_dataset(corpus_build.dataset)
    assert _same(store)


def test_the_query_runs_when_the_counts_are_not_current(tmp_path: Path) -> None:
    path = tmp_path / "store"
    store = Store(path)
    esgkg.build([EXAMPLES], store=store, keep_dataset=False)
    assert store.standards_overview() is not None
    # quads added as they are (no counts kept): the store's rows are no longer known
    store.add_quads([])
    assert store.standards_overview() is None
    assert q.run_query(store, "standards-overview").rows == _by_sparql(store).rows
    del store
    reader = Store(path, read_only=True)
    assert reader.standards_overview() is None  # the file is an older commit's
    del reader
    # a store with no file at all (written by another tool)
    (path / SUMMARY_FILE).unlink()
    assert Store(path, read_only=True).standards_overview() is None


def test_a_copy_of_the_query_elsewhere_always_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = Store()
    esgkg.build([EXAMPLES], store=store, keep_dataset=False)
    copy = tmp_path / "standards-overview.rq"
    copy.write_text(q.load_query("standards-overview").path.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(Store, "standards_overview", lambda self: pytest.fail("answered from the kept counts"))
    assert q.run_query(store, q._load(copy)).rows == _by_sparql(store).rows
