"""PEP 562 attributes for a package whose public names live in modules that are slow to import.

``esgkg`` and ``esgkg.extract`` re-export names of modules that load spaCy; with these, a name is
imported when first used, so ``import esgkg.store`` or ``import esgkg.extract.text`` stays light.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def package_attributes(package: str, names: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: each name of ``names`` taken from its module (a name
    relative to the package, imported on first use), and any other name a submodule of the package."""

    def __getattr__(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(f"{package}.{names[name]}"), name)
        if name.startswith("__"):
            raise AttributeError(name)
        try:
            return importlib.import_module(f"{package}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{package}.{name}":
                raise
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None

    def __dir__() -> list[str]:
        return sorted({*vars(importlib.import_module(package)), *names})

    return __getattr__, __dir__
