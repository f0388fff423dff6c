"""The package's layout: no import circle in the web package (``esgkg.serve``) or in ``esgkg.ingest``.

Imports are read from the source (``ast``), function-level ones included (they still tie the modules
together; they only hide a circle until run time), ``if TYPE_CHECKING:`` blocks left out (never run).
Importing ``a.b.c`` also runs the packages ``a`` and ``a.b``, so that counts as an import of each.

The whole package is not free of circles yet (the build pipeline, extraction, graph and store modules
import one another inside functions), so what is asserted is the strongest thing that holds: no module of
``serve/`` or ``ingest/`` lies on any circle of the whole package.
"""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

import esgkg

ROOT = Path(esgkg.__file__).resolve().parent
CHECKED = ("esgkg.serve", "esgkg.ingest")


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the package: dotted name -> (file, whether it is a package's ``__init__``)."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if package else parts)] = (path, package)
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the nodes inside ``if TYPE_CHECKING:`` blocks."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skip |= {id(inner) for stmt in node.body for inner in ast.walk(stmt)}
    return skip


def import_graph() -> dict[str, set[str]]:
    """module -> the esgkg modules it imports (at any level of the file; parent packages included)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, (path, package) in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_only(tree)
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    here = name.split(".") if package else name.split(".")[:-1]
                    here = here[: len(here) - (node.level - 1)]
                    base = ".".join(here + ([node.module] if node.module else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]  # `from pkg import module`
            else:
                continue
            for target in targets:
                parts = target.split(".")
                for i in range(1, len(parts) + 1):
                    imported = ".".join(parts[:i])
                    # a module's own packages are already running when it is imported: not an edge
                    if imported in modules and imported != name and not name.startswith(imported + "."):
                        graph[name].add(imported)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _inside(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_graph_sees_function_level_imports():
    """The reader is not blind: a function-level import shows (``esgkg.cli`` imports the server inside a function)."""
    graph = import_graph()
    assert "esgkg.serve.server" in graph["esgkg.cli"]
    assert "esgkg.serve.sparqltext" in graph["esgkg.query"]
    assert "esgkg.ingest.markdown" in graph["esgkg.ingest.loaders"]


@pytest.mark.parametrize("package", CHECKED)
def test_no_import_circle_inside(package):
    """Within ``serve/`` and within ``ingest/`` the imports form no circle (guard <-> server, loaders <-> readers)."""
    graph = import_graph()
    inner = {m: {t for t in targets if _inside(t, package)} for m, targets in graph.items() if _inside(m, package)}
    assert cycles(inner) == []


@pytest.mark.parametrize("package", CHECKED)
def test_no_module_of_the_package_lies_on_a_circle_of_the_whole(package):
    """Nor does any circle of the whole package pass through ``serve/`` or ``ingest/``."""
    through = [c for c in cycles(import_graph()) if any(_inside(m, package) for m in c)]
    assert through == []


def test_the_web_modules_live_in_serve():
    """``server``, ``guard``, ``console``, ``httpfront`` and ``sparqltext`` are modules of ``esgkg.serve`` only."""
    for name in ("server", "guard", "console", "httpfront", "sparqltext"):
        assert not (ROOT / f"{name}.py").exists()
        assert (ROOT / "serve" / f"{name}.py").is_file()


def test_serve_exports_what_it_lists():
    """Every public name of ``esgkg.serve`` loads, from the module its table names, as its type-checking import does."""
    import esgkg.serve as serve

    tree = ast.parse((ROOT / "serve" / "__init__.py").read_text(encoding="utf-8"))
    skip = _type_checking_only(tree)
    typed = {alias.name: node.module for node in ast.walk(tree) if id(node) in skip and isinstance(node, ast.ImportFrom)
             for alias in node.names}
    assert typed == serve._MODULE_OF
    for name in serve.__all__:
        module = importlib.import_module(f"esgkg.serve.{serve._MODULE_OF[name]}")
        assert getattr(serve, name) is getattr(module, name)
    with pytest.raises(AttributeError):
        serve.no_such_name  # noqa: B018
