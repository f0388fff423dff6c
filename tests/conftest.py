"""Shared fixtures: where the real corpus is, and graphs built from it once per session.

Tests that need real report text read ESGKG_CORPUS (default: ../shared/corpus beside the repo).
Outside CI a missing corpus skips those tests with a reason; with CI=true it fails them.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("ESGKG_SHARED", REPO.parent / "shared"))
CORPUS = Path(os.environ.get("ESGKG_CORPUS", SHARED / "corpus"))
EXTERNAL = Path(os.environ.get("ESGKG_EXTERNAL", SHARED / "corpus-external"))
GOLD = SHARED / "eval" / "gold"
SCORER = SHARED / "eval" / "score.py"
EXAMPLES = REPO / "examples"
IN_CI = os.environ.get("CI", "").lower() == "true"


NEEDS_SHARED = "(set ESGKG_CORPUS / ESGKG_SHARED)"


def need(path: Path, what: str) -> Path:
    """Return ``path``, or skip (fail in CI) when it is missing."""
    if not path.exists():
        unavailable(f"{what} not found at {path} {NEEDS_SHARED}")
    return path


def unavailable(message: str) -> NoReturn:
    """Skip the test for want of something outside the repository (data, a program), or fail it in CI,
    where ``.ci/run`` installs everything."""
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Every skip for want of ../shared is reported at one place with one reason, so ``-ra`` folds them
    into one summary line ("SKIPPED [56] tests/conftest.py: need the shared data ...")."""
    outcome = yield
    report = outcome.get_result()
    if report.skipped and isinstance(report.longrepr, tuple) and NEEDS_SHARED in str(report.longrepr[2]):
        report.longrepr = (str(Path(__file__)), need.__code__.co_firstlineno, f"Skipped: need the shared data (corpus, gold, scorer) of {SHARED}, "
                           f"not found {NEEDS_SHARED}")


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    return need(CORPUS, "the shared corpus")


@pytest.fixture(scope="session")
def corpus_files(corpus_dir: Path) -> list[Path]:
    files = sorted(p for p in corpus_dir.glob("*.txt"))
    assert files, f"no .txt reports in {corpus_dir}"
    return files


@pytest.fixture(scope="session")
def corpus_build(corpus_files):
    """The whole corpus built once (BuildResult)."""
    import esgkg

    return esgkg.build(corpus_files)


@pytest.fixture(scope="session")
def corpus_trig(corpus_build, tmp_path_factory) -> Path:
    from esgkg.graph import write

    return write(corpus_build.dataset, tmp_path_factory.mktemp("corpus") / "corpus.trig")


@pytest.fixture(scope="session")
def dev_trig(corpus_files, tmp_path_factory) -> Path:
    """The development set (the corpus and the external reports, as text) built once, as TriG."""
    import esgkg
    from esgkg.graph import write

    external = sorted(need(EXTERNAL, "the external development reports").glob("*.txt"))
    result = esgkg.build([*corpus_files, *external])
    assert not result.errors, [f"{e.path}: {e.reason}" for e in result.errors]
    return write(result.dataset, tmp_path_factory.mktemp("dev") / "dev.trig")


@pytest.fixture(scope="session")
def example_build():
    import esgkg

    return esgkg.build([EXAMPLES])


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    """A fresh OpenLink Virtuoso on 127.0.0.1 (tests/virtuoso.py), shared by the session; skipped
    (failed in CI) when virtuoso-opensource is not installed."""
    from .virtuoso import Virtuoso, binaries

    if binaries() is None:
        unavailable("OpenLink Virtuoso (virtuoso-t, isql-vt) is not installed (apt-get install virtuoso-opensource-7-bin)")
    with Virtuoso(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture(scope="session")
def example_store(tmp_path_factory) -> Path:
    """The bundled example reports (``examples/``) built once into an on-disk store (do not write to it)."""
    import esgkg
    from esgkg.store import Store

    path = tmp_path_factory.mktemp("example") / "store"
    store = Store(path)
    assert not esgkg.build([EXAMPLES], store=store, keep_dataset=False).errors
    store.flush()
    del store
    return path
