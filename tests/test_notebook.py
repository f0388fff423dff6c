"""notebooks/explore.ipynb: committed without outputs, and runs headless from top to bottom.

The notebook is executed with nbclient in a fresh kernel (the ``python3`` kernel spec that
ipykernel installs into the venv); the executed copy is written to a temporary folder, never
over the committed file.
"""
from __future__ import annotations

import base64
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def test_notebook_is_committed_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "the notebook has no code"
    for cell in code:
        assert not cell.outputs and cell.execution_count is None, f"cell with outputs: {cell.source[:60]!r}"


@pytest.mark.slow
def test_notebook_runs_on_the_bundled_example(tmp_path, monkeypatch):
    """With no $ESGKG_CORPUS the notebook reads examples/ (what a new user has on day one)."""
    monkeypatch.delenv("ESGKG_CORPUS", raising=False)
    nb = run_notebook(tmp_path, monkeypatch)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "examples" in printed and "2 reports" in printed


@pytest.mark.corpus
@pytest.mark.slow
def test_notebook_runs_on_the_corpus(corpus_dir, tmp_path, monkeypatch):
    monkeypatch.setenv("ESGKG_CORPUS", str(corpus_dir))
    run_notebook(tmp_path, monkeypatch)


def run_notebook(tmp_path, monkeypatch):
    """Execute the notebook headless and check what every run must show; returns the executed notebook."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
    from nbclient import NotebookClient

    try:
        KernelSpecManager().get_kernel_spec("python3")
    except NoSuchKernel:
        pytest.fail("no 'python3' Jupyter kernel: install one with '.venv/bin/python -m ipykernel install --sys-prefix'")
    scratch = tmp_path / "tmp"  # the kernel's temporary folder: it must be left empty
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")  # headless, figures as PNG outputs
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    try:
        client.execute()
    finally:
        nbformat.write(nb, tmp_path / "explore.ipynb")  # the executed copy, for a look when it fails
    assert not [p.name for p in scratch.iterdir() if p.name.startswith("esgkg")], "the notebook left temporary folders"
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    pictures = [base64.b64decode(o.data["image/png"]) for o in outputs if "image/png" in o.get("data", {})]
    assert len(pictures) >= 5 and all(p.startswith(b"\x89PNG") and len(p) > 20_000 for p in pictures)  # 3 charts, 2 groups
    tables = [o for o in outputs if "text/html" in o.get("data", {}) and "<table" in o.data["text/html"]]
    assert len(tables) >= 7  # the build counts, the query list, three answers, the groups, the standards
    answers = tables[2:5]
    assert all("<td>" in o.data["text/html"] for o in answers), "a library query answered no rows"
    assert not any(c.get("outputs") for c in nbformat.read(NOTEBOOK, as_version=4).cells)  # the committed file is untouched
    return nb
