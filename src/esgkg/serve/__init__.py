"""Serving: ``esgkg serve`` (a guarded SPARQL endpoint and web console).

Sending graphs to a remote store (``esgkg push``, ``esgkg build --push``) lives in :mod:`esgkg.store.remote`.

The modules, each importing only those below it::

    server      serve(): what the ``serve`` command runs                              esgkg.serve.server
    guard       the guarded front users open, and the supervisor of the engine      esgkg.serve.guard
    console     the web console front (YASGUI page, prefix help)                      esgkg.serve.console
    engine      the oxigraph server process, its defaults, ServerError               esgkg.serve.engine
    httpfront   the threaded HTTP server both fronts share                           esgkg.serve.httpfront
    sparqltext  lexical helpers over SPARQL text (also used by queries and tables)   esgkg.serve.sparqltext

The public names are importable from here (``from esgkg.serve import serve``).  They are loaded
on first use, so that ``esgkg.serve.sparqltext``, which the query commands use, does not pull in the
HTTP servers.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, tuple[str, ...]] = {
    "server": ("Served", "run_by_esgkg_serve", "serve", "servers_of"),
    "engine": ("DEFAULT_HOST", "DEFAULT_PORT", "DEFAULT_TIMEOUT_S", "OxigraphServer", "ServerError", "free_port",
               "oxigraph_binary"),
    "guard": ("DEFAULT_MEMORY", "Backend", "GuardedFront", "allowed_hosts", "engine_memory", "host_allowed",
              "sparql_text", "uses_service"),
    "console": ("ConsoleFront", "console_page", "missing_prefix_message", "welcome_query"),
    "httpfront": ("HTTPFront",),
    "sparqltext": ("declared_prefixes", "display_iri", "expand_slashed_names", "explain_syntax_error", "paste_iri",
                   "undeclared_prefixes"),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted(_MODULE_OF)

if TYPE_CHECKING:  # for type checkers and editors; at run time names load on first use (__getattr__)
    from .console import ConsoleFront, console_page, missing_prefix_message, welcome_query
    from .engine import (DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT_S, OxigraphServer, ServerError, free_port,
                         oxigraph_binary)
    from .guard import (DEFAULT_MEMORY, Backend, GuardedFront, allowed_hosts, engine_memory, host_allowed, sparql_text,
                        uses_service)
    from .httpfront import HTTPFront
    from .server import Served, run_by_esgkg_serve, serve, servers_of
    from .sparqltext import (declared_prefixes, display_iri, expand_slashed_names, explain_syntax_error, paste_iri,
                             undeclared_prefixes)


def __getattr__(name: str) -> Any:
    """A public name of the package, imported from its module the first time it is asked for."""
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
