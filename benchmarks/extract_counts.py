"""Counts for the closing note of issue 20: how much of ``extract/`` is hand-written regex and word lists, how much
is pattern data, and how many regular expressions have nested quantifiers.

    .venv/bin/python benchmarks/extract_counts.py                       # this checkout
    .venv/bin/python benchmarks/extract_counts.py --src /tmp/base/src   # another checkout (a git worktree)

Scope: ``esgkg/extract/**.py`` plus the name-key and legal-form modules it uses (``esgkg/orgnames.py``,
``esgkg/legal_forms.py``, where they exist outside ``extract/``), so code moved out of the folder still counts.

* **regex source lines**: source lines of the pattern argument of every ``re.compile`` / ``re.search`` / ``re.match``
  / ``re.fullmatch`` / ``re.finditer`` / ``re.findall`` / ``re.sub`` / ``re.subn`` / ``re.split`` call, plus the lines of
  the module-level string assignments those arguments name (pattern fragments such as ``_NAME_WORD``), to a depth of 3;
* **compiled regexes**: ``re.compile`` calls in the source, and the distinct compiled patterns the modules hold once
  imported (globals, class attributes, containers: what ``tests/test_linear_time.py`` walks);
* **hand word lists**: module- or class-level assignments of a list / set / tuple / frozenset literal of >= 5 strings, a
  ``"a b c ...".split()`` of >= 5 words, or a string of >= 5 plain words joined by ``|`` (an alternation written out);
* **patterns as data**: lines and records of ``extract/patterns/*.jsonl`` (token patterns, phrases, word-list words);
* **nested quantifiers**: patterns (compiled, and literals inside functions) for which
  :func:`esgkg.regex_audit.nested_quantifiers` finds an ambiguous repeat inside a repeat (must be 0).
"""
from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import sys
from pathlib import Path

RE_CALLS = {"compile", "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split"}
_WORDS_ALTERNATION = re.compile(r"[A-Za-z][A-Za-z ]*(?:\|[A-Za-z][A-Za-z ]*){4,}")


def scope(src: Path) -> list[Path]:
    """The Python files counted: ``esgkg/extract/**.py`` and the moved name-key / legal-form modules."""
    pkg = src / "esgkg"
    files = sorted((pkg / "extract").rglob("*.py"))
    files += [p for p in (pkg / "orgnames.py", pkg / "legal_forms.py") if p.exists()]
    return files


def _is_re_call(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "re" and node.func.attr in RE_CALLS and bool(node.args))


def _lines(node: ast.AST) -> set[int]:
    return set(range(node.lineno, (node.end_lineno or node.lineno) + 1))


def _strings(node: ast.AST) -> list[str]:
    """String constants of a list / set / tuple literal, or of one passed to frozenset / set / tuple / list."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set", "tuple", "list") and node.args:
        node = node.args[0]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split" \
            and isinstance(node.func.value, ast.Constant) and isinstance(node.func.value.value, str) and not node.args:
        return node.func.value.value.split()
    if isinstance(node, (ast.List, ast.Set, ast.Tuple)):
        return [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
    return []


def _assignments(body: list[ast.stmt]) -> list[tuple[str, ast.AST, ast.stmt]]:
    out = []
    for stmt in body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            out.append((stmt.targets[0].id, stmt.value, stmt))
        elif isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name) and stmt.value is not None:
            out.append((stmt.target.id, stmt.value, stmt))
        elif isinstance(stmt, ast.ClassDef):
            out += _assignments(stmt.body)
    return out


def static_counts(files: list[Path]) -> dict[str, int]:
    """Regex source lines, ``re.compile`` calls, inline regex calls and hand word lists of ``files``."""
    regex_lines = compiles = inline = word_lists = 0
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assigned = {name: (value, stmt) for name, value, stmt in _assignments(tree.body)}
        lines: set[int] = set()
        frontier: list[ast.AST] = []
        for node in ast.walk(tree):
            if _is_re_call(node):
                compiles += node.func.attr == "compile"
                inline += node.func.attr != "compile" and isinstance(node.args[0], (ast.Constant, ast.JoinedStr))
                lines |= _lines(node.args[0])
                frontier.append(node.args[0])
        seen: set[str] = set()
        for _ in range(3):  # pattern fragments named inside patterns, and the fragments they name
            names = {n.id for f in frontier for n in ast.walk(f) if isinstance(n, ast.Name)} - seen
            seen |= names
            frontier = []
            for name in names:
                if name in assigned and isinstance(assigned[name][0], (ast.Constant, ast.JoinedStr, ast.BinOp)):
                    lines |= _lines(assigned[name][1])
                    frontier.append(assigned[name][0])
        regex_lines += len(lines)
        for name, value, _ in _assignments(tree.body):
            if name.startswith("__"):  # __all__ and the like: names, not words
                continue
            words = _strings(value)
            if len(words) >= 5 or (isinstance(value, ast.Constant) and isinstance(value.value, str)
                                   and _WORDS_ALTERNATION.fullmatch(value.value)):
                word_lists += 1
    return {"regex source lines": regex_lines, "re.compile calls": compiles, "inline regex calls with a literal": inline,
            "hand word lists": word_lists}


def data_counts(src: Path) -> dict[str, int]:
    """Lines and records of the JSONL pattern files."""
    out = {"pattern files": 0, "pattern file lines": 0, "token patterns": 0, "phrases": 0, "word lists": 0, "words": 0}
    for path in sorted((src / "esgkg" / "extract" / "patterns").glob("*.jsonl")):
        out["pattern files"] += 1
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        out["pattern file lines"] += len(rows)
        for r in rows[1:]:
            out["token patterns"] += "pattern" in r
            out["phrases"] += len(r.get("phrases", ()))
            out["word lists"] += "words" in r
            out["words"] += len(r.get("words", ()))
    return out


def runtime_counts(src: Path, files: list[Path]) -> dict[str, int]:
    """Compiled patterns held by the modules in scope once imported, and patterns with nested quantifiers."""
    sys.path.insert(0, str(src))
    from esgkg.regex_audit import nested_quantifiers

    names = [".".join(p.relative_to(src).with_suffix("").parts).removesuffix(".__init__") for p in files]
    found: dict[int, re.Pattern] = {}

    def walk(obj: object, depth: int = 0) -> None:
        if isinstance(obj, re.Pattern):
            found.setdefault(id(obj), obj)
        elif depth < 3 and isinstance(obj, (tuple, list, set, frozenset)):
            for item in obj:
                walk(item, depth + 1)
        elif depth < 3 and isinstance(obj, dict):
            for key, item in obj.items():
                walk(key, depth + 1)
                walk(item, depth + 1)

    for name in names:
        mod = importlib.import_module(name)
        for obj in vars(mod).values():
            if isinstance(obj, type) and obj.__module__ == mod.__name__:
                for value in vars(obj).values():
                    walk(value)
            else:
                walk(obj)
    literals = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if _is_re_call(node) and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                literals.append(node.args[0].value)
    nested = sum(bool(nested_quantifiers(p)) for p in found.values() if isinstance(p.pattern, str))
    nested += sum(bool(nested_quantifiers(p)) for p in literals)
    return {"compiled patterns held (runtime)": len(found), "regexes with nested quantifiers": nested}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, default=Path(__file__).resolve().parent.parent / "src",
                        help="the src/ folder of the checkout to count (default: this one)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    src = args.src.resolve()
    files = scope(src)
    counts = {"python files": len(files), **static_counts(files), **data_counts(src), **runtime_counts(src, files)}
    if args.json:
        print(json.dumps(counts, indent=1))
    else:
        for key, value in counts.items():
            print(f"{key:36s} {value:>7,}")


if __name__ == "__main__":
    main()
