"""Every command and code block of the README runs as written on the bundled example (``examples/``).

The README's ```bash and ```python blocks are read from the file itself, so an edit of the README
is tested as it stands.  They run in a temporary copy of the repository's ``examples/`` and
``queries/`` with ``.venv`` linked to the running interpreter's environment and a store
(``.esgkg/``) built from ``examples/``; before each command the store is put back as built, so a
``remove`` or a rebuild does not change what a later command sees, while files a command writes
(``graph.trig``) stay for the commands after it.  The python blocks of one README section run as one
session (a later block may use the names an earlier one defined).

A bash command is skipped, with its reason, only when it needs what a test cannot have: the shared
corpus, a server that runs until stopped, a remote triple store, the set-up of the environment the
test already runs in, or the test suite itself.  Every other command must exit 0 with no traceback,
and a query must return rows.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import EXAMPLES, REPO

README = REPO / "README.md"
BIN = Path(sys.executable).parent

# (pattern in a command, why it cannot run in a test); checked in order
SKIPS: tuple[tuple[str, str], ...] = (
    (r"\.\./shared|\$ESGKG_CORPUS", "needs the shared development corpus"),
    (r"\besgkg serve\b", "starts a server that runs until stopped (tests/test_serve.py covers it)"),
    (r"\besgkg push\b", "needs a remote triple store (tests/test_push_remote.py covers it)"),
    (r"\bdask (scheduler|worker)\b", "starts a Dask server that runs until stopped (tests/test_cluster.py starts its own)"),
    (r"--cluster tcp://", "needs a running Dask scheduler (tests/test_cluster.py builds on one)"),
    (r"\s--push\b", "needs a remote triple store (tests/test_push_remote.py covers it)"),
    (r"-m pytest\b", "runs the test suite itself"),
)
SETUP = re.compile(r"^\s*(python3 -m venv|\.venv/bin/pip install|pip install)\b")  # the environment this test runs in


@dataclass(frozen=True)
class Block:
    """One fenced block of the README: its language, first line number, section heading and text."""

    lang: str
    line: int
    section: str
    text: str


def readme_blocks(text: str) -> list[Block]:
    """The fenced code blocks of ``text`` with their language and the ``##`` section they stand in."""
    blocks, section, lang, start, body = [], "", None, 0, []
    for n, line in enumerate(text.splitlines(), 1):
        if lang is None:
            if line.startswith("## "):
                section = line[3:].strip()
            elif line.startswith("```"):
                lang, start, body = line[3:].strip() or "text", n, []
        elif line.startswith("```"):
            blocks.append(Block(lang, start, section, "\n".join(body)))
            lang = None
        else:
            body.append(line)
    return blocks


def commands(block: Block) -> list[tuple[int, str]]:
    """A bash block's commands (``\\`` continuations joined; blank and comment lines left out)."""
    out, pending, first = [], "", 0
    for offset, line in enumerate(block.text.splitlines(), 1):
        if not pending:
            first = block.line + offset
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        if whole and not whole.startswith("#"):
            out.append((first, whole))
    return out


def skip_reason(command: str) -> str | None:
    for pattern, why in SKIPS:
        if re.search(pattern, command):
            return why
    return None


def runnable(command: str) -> str:
    """The command without the parts that set up the environment (``python3 -m venv``, ``pip install``)."""
    return " && ".join(part for part in command.split(" && ") if not SETUP.match(part))


BLOCKS = readme_blocks(README.read_text(encoding="utf-8"))
BASH = [(line, cmd) for b in BLOCKS if b.lang in ("bash", "sh", "shell") for line, cmd in commands(b)]
PYTHON = [b for b in BLOCKS if b.lang == "python"]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    """A folder laid out like the repository root for the README's commands, with the example store built."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(EXAMPLES, root / "examples")
    shutil.copytree(REPO / "queries", root / "queries")
    (root / ".venv").mkdir()
    (root / ".venv" / "bin").symlink_to(BIN)
    proc = run_shell(root, ".venv/bin/esgkg build examples/ -q")
    assert proc.returncode == 0, proc.stderr
    shutil.copytree(root / ".esgkg", root / ".esgkg-built")
    return root


def environment(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ESGKG_")}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", MPLBACKEND="Agg", COLUMNS="100", TMPDIR=str(root / ".tmp"))
    (root / ".tmp").mkdir(exist_ok=True)
    return env


def run_shell(root: Path, command: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", command], cwd=root, env=environment(root), capture_output=True, text=True, timeout=300)


def fresh_store(root: Path) -> None:
    shutil.rmtree(root / ".esgkg", ignore_errors=True)
    shutil.copytree(root / ".esgkg-built", root / ".esgkg")


def test_the_readme_has_blocks_to_run():
    assert len(BASH) >= 20 and len(PYTHON) >= 4
    assert [c for _, c in BASH if skip_reason(c) is None and runnable(c)], "every command would be skipped"


def test_the_example_names_no_company_that_is_not_in_it():
    """The README's examples name the bundled reports' companies, not made-up ones no store holds."""
    text = README.read_text(encoding="utf-8")
    for block in BLOCKS:
        if block.lang in ("bash", "python"):
            assert not re.search(r"\bacme\b", block.text, re.I), f"README line {block.line}: names Acme, which examples/ does not hold"


@pytest.mark.slow
@pytest.mark.parametrize("line,command", BASH, ids=[f"L{line}" for line, _ in BASH])
def test_readme_command_runs(workdir, line, command):
    why = skip_reason(command)
    if why is not None:
        pytest.skip(f"README line {line}: {why}")
    command = runnable(command)
    if not command:
        pytest.skip(f"README line {line}: sets up the environment this test runs in")
    fresh_store(workdir)
    proc = run_shell(workdir, command)
    both = proc.stdout + proc.stderr
    if (redirect := re.search(r"\s>\s*(\S+)", command)) is not None:  # what the command wrote is its answer
        both += (workdir / redirect.group(1)).read_text(encoding="utf-8")
    assert proc.returncode == 0, f"README line {line}: {command}\n{both}"
    assert "Traceback" not in both and "internal error" not in both, both
    if re.search(r"\besgkg (query|sparql)\b", command) and "--list" not in command and "--show" not in command:
        assert not re.search(r"^0 row\(s\)", both, re.M), f"README line {line}: the query returns nothing on the example\n{both}"
        assert both.strip() and both.strip() != "false", f"README line {line}: no answer\n{both}"


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(PYTHON)), ids=[f"L{b.line}" for b in PYTHON])
def test_readme_python_block_runs(workdir, index):
    block = PYTHON[index]
    session = [b.text for b in PYTHON[: index + 1] if b.section == block.section]
    fresh_store(workdir)
    if "graph.trig" in block.text and not (workdir / "graph.trig").exists():
        assert run_shell(workdir, ".venv/bin/esgkg export -o graph.trig").returncode == 0
    script = workdir / f"readme_block_{block.line}.py"
    script.write_text("\n\n".join(session), encoding="utf-8")
    proc = subprocess.run([sys.executable, str(script)], cwd=workdir, env=environment(workdir), capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, f"README line {block.line}:\n{proc.stdout}{proc.stderr}"


def test_the_readme_names_every_system_package_ci_installs():
    """The first screen names, with its ``apt-get install``, every Debian package ``.ci/run`` installs for the tests,
    so a newcomer's ``pytest`` skips nothing the README did not say how to get."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    packages = [p for group in re.findall(r"need\+=\(([^)]*)\)", ci) for p in group.split()]
    assert len(packages) >= 4, packages
    head = README.read_text(encoding="utf-8").split("\n## ", 1)[0]
    installs = " ".join(re.findall(r"`apt-get install ([^`]*)`", head)).split()
    assert not [p for p in packages if p not in installs], f"README's first screen does not say how to install: {[p for p in packages if p not in installs]}"
    assert "installs all three" not in head
