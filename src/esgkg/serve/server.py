"""Serving the store over HTTP and pushing it to a remote triple store.

``esgkg serve`` does not implement a SPARQL server: it runs the ``oxigraph`` server from PyPI
(the same engine as the embedded store, reading the same directory), which provides the SPARQL
1.1 Protocol at ``/query`` (and ``/sparql``), the Graph Store Protocol at ``/store`` and a YASGUI
query console at ``/``.  Read-only by default.  Queries without a GRAPH clause see all reports, as ``esgkg sparql``
does, because the store keeps their union (each triple once) as its default graph.

``esgkg push`` uploads each report's named graph with the SPARQL 1.1 Graph Store HTTP Protocol
(``PUT <graph-store>?graph=<report IRI>``, N-Triples body), which replaces the graph on the
server, so pushing twice never duplicates.  Fuseki, GraphDB, Virtuoso, Neptune and Oxigraph all
speak it.
"""
from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from ..store import Store
from .console import ConsoleFront
from .engine import DEFAULT_HOST, DEFAULT_PORT, DEFAULT_TIMEOUT_S, ServerError, _port_in_use
from .guard import DEFAULT_MEMORY, Backend, GuardedFront


# ----------------------------------------------------------------------------- serve
@dataclass
class Served:
    """What ``serve`` runs: oxigraph on a private port of 127.0.0.1 (supervised by
    :class:`esgkg.serve.guard.Backend`), the console front (:class:`esgkg.serve.console.ConsoleFront`, on another
    private port) and the guarded front users open (:class:`esgkg.serve.guard.GuardedFront`)."""

    backend: Backend
    front: GuardedFront
    host: str
    port: int
    console: ConsoleFront | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def serve(location: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, writable: bool = False,
          timeout_s: int | None = DEFAULT_TIMEOUT_S, on_ready: Callable[[Served], None] | None = None,
          allow_service: bool = False, memory_limit: int | None = None, allow_hosts: tuple[str, ...] = ()) -> int:
    """Run a server over ``location`` until this process gets SIGINT / SIGTERM.

    Users talk to :class:`esgkg.serve.guard.GuardedFront` on ``host:port``, which checks the Host header,
    refuses SERVICE unless ``allow_service`` and stops a query that runs past ``timeout_s``; it
    forwards to :class:`esgkg.serve.console.ConsoleFront` on a private port of 127.0.0.1 (the console page
    at ``/``, prefix help), which forwards to oxigraph on another, supervised by
    :class:`esgkg.serve.guard.Backend` (restarted when it dies, killed past ``memory_limit`` bytes, default 2 GB).
    """
    if port != 0 and _port_in_use(host, port):
        raise ServerError(f"port {port} on {host} is already in use (choose another with --port)")
    backend = Backend(Path(location), writable=writable, timeout_s=timeout_s,
                      memory_limit=DEFAULT_MEMORY if memory_limit is None else (memory_limit or None)).start()
    console = ConsoleFront(backend.url, DEFAULT_HOST, 0).start()
    backend.on_restart = lambda url: setattr(console, "upstream", url.rstrip("/"))
    try:
        front = GuardedFront(backend, host, port, allow_service=allow_service, extra_hosts=allow_hosts,
                             upstream=lambda: f"http://{DEFAULT_HOST}:{console.port}").start()
    except OSError as err:
        console.stop()
        backend.stop()
        raise ServerError(f"cannot listen on {host}:{port} ({err.strerror or err})") from None
    server = Served(backend, front, host, front.port, console)
    stopped = threading.Event()

    def _stop(signum: int, _frame: object) -> None:
        stopped.set()

    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        if on_ready is not None:
            on_ready(server)
        while not stopped.wait(0.5):
            pass
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        front.stop()
        console.stop()
        backend.stop()
        signal.signal(signal.SIGTERM, previous)


def servers_of(location: Path) -> list[int]:
    """Process ids of the ``oxigraph`` servers that have the store at ``location`` open (Linux /proc; else [])."""
    target = Path(location).resolve()
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
            cwd = Path(os.readlink(entry / "cwd"))
        except OSError:
            continue
        if not args or not args[0].endswith(b"oxigraph") or b"--location" not in args:
            continue
        i = args.index(b"--location")
        if i + 1 < len(args):
            served = Path(os.fsdecode(args[i + 1]))
            if (cwd / served).resolve() == target:
                found.append(int(entry.name))
    return sorted(found)


def run_by_esgkg_serve(pid: int) -> bool:
    """Whether the oxigraph process ``pid`` was started by ``esgkg serve`` (its parent's command line,
    Linux /proc), which reopens the store when a build commits; a bare ``oxigraph`` server does not."""
    try:
        parent = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
        args = Path(f"/proc/{parent}/cmdline").read_bytes().split(b"\0")
    except (OSError, IndexError):
        return False
    return b"serve" in args and any(b"esgkg" in a for a in args)


# ----------------------------------------------------------------------------- push
def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL that goes with a SPARQL endpoint.

    Oxigraph serves queries at ``/query`` (or ``/sparql``) and graphs at ``/store``; a URL ending
    in ``/store`` is used as it is; any other URL is taken to accept the protocol itself (as a
    Fuseki dataset URL does).  Pass ``--graph-store`` for other layouts (GraphDB:
    ``/repositories/<id>/rdf-graphs/service``).
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ServerError(f"'{endpoint}' is not an http(s) URL")
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in ("query", "sparql"):
        path = f"{head}/store"
    return urlunsplit((parts.scheme, parts.netloc, path or "/", "", ""))


@dataclass
class PushResult:
    graphs: int = 0
    triples: int = 0
    bytes: int = 0
    seconds: float = 0.0


_HTTP_HINTS = {
    401: "the server wants credentials, or refused these (--user/--password; --auth basic|digest)",
    403: "the server refuses writes here (a read-only server, or a user without write permission)",
    404: "no Graph Store at this URL (give the server's Graph Store URL with --graph-store)",
    405: "this URL does not accept PUT (give the server's Graph Store URL with --graph-store)",
    413: "the graph is larger than the server accepts in one request",
    415: "the server does not accept N-Triples here",
}


def _http_error(url: str, response: httpx.Response) -> ServerError:
    """One line: URL, status, what it usually means, and the start of the server's own words."""
    text = response.text
    if "<" in text and ">" in text:  # an HTML error page: its words only
        text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", text, flags=re.S | re.I)
    body = " ".join(text.split())[:160]
    hint = _HTTP_HINTS.get(response.status_code) or ("a server error" if response.status_code >= 500 else "")
    return ServerError(f"{url}: HTTP {response.status_code} {response.reason_phrase}" + (f" - {hint}" if hint else "")
                       + (f": {body}" if body else ""))


class AnyAuth(httpx.Auth):
    """Basic or Digest authentication, whichever the server's first 401 challenge asks for.

    ``scheme`` ``"basic"`` sends Basic credentials from the first request (httpx.BasicAuth), ``"digest"``
    answers the server's Digest challenge (httpx.DigestAuth: MD5 / SHA-256, qop auth); ``"auto"`` sends
    the first request without credentials and then uses the scheme of its ``WWW-Authenticate`` header
    for this and every later request.
    """

    requires_request_body = True

    def __init__(self, user: str, password: str, scheme: str = "auto") -> None:
        if scheme not in ("auto", "basic", "digest"):
            raise ValueError(f"unknown authentication scheme {scheme!r}")
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._chosen: httpx.Auth | None = {"basic": self._basic, "digest": self._digest}.get(scheme)

    def auth_flow(self, request: httpx.Request):
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").strip().split(" ", 1)[0].lower()
        self._chosen = self._digest if challenge == "digest" else self._basic
        yield from self._chosen.auth_flow(request)


def push(store: Store, graph_store: str, *, timeout_s: float = 300.0, auth: httpx.Auth | None = None,
         headers: Mapping[str, str] | None = None,
         progress: Callable[[str, int], None] | None = None) -> PushResult:
    """PUT every named graph of ``store`` to ``graph_store`` (Graph Store Protocol: each PUT replaces that graph).

    ``auth`` (e.g. :class:`AnyAuth`) and ``headers`` (extra request headers, e.g. an API key) go with
    every request.  Raises ServerError (one line) at the first failure.
    """
    import pyoxigraph as ox

    result = PushResult()
    started = time.perf_counter()
    sent = {**(headers or {}), "Content-Type": "application/n-triples"}
    with httpx.Client(timeout=timeout_s, auth=auth) as client:
        for name in store.named_graphs():
            body = store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(name)))
            try:
                response = client.put(graph_store, params={"graph": str(name)}, content=body, headers=sent)
            except httpx.ConnectError as err:
                raise ServerError(f"{graph_store}: cannot connect ({_reason(err)})") from None
            except httpx.TimeoutException:
                raise ServerError(f"{graph_store}: no answer within {timeout_s:.0f} s") from None
            except httpx.HTTPError as err:
                raise ServerError(f"{graph_store}: {_reason(err)}") from None
            if response.status_code >= 400:
                raise _http_error(graph_store, response)
            n = body.count(b"\n")
            result.graphs += 1
            result.triples += n
            result.bytes += len(body)
            if progress is not None:
                progress(str(name), n)
    result.seconds = time.perf_counter() - started
    return result


def _reason(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return "connection refused" if "refused" in text.lower() else text


def count_remote(endpoint: str, *, graphs: Iterable[str] | None = None, timeout_s: float = 60.0,
                 auth: httpx.Auth | None = None) -> int:
    """How many quads a SPARQL endpoint holds in its named graphs (only ``graphs`` if given), to check a push.

    Give ``graphs`` for servers that keep graphs of their own (Virtuoso's system graphs).
    """
    names = None if graphs is None else " ".join(f"<{g}>" for g in graphs)
    query = ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }" if names is None else
             f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {names} }} GRAPH ?g {{ ?s ?p ?o }} }}")
    try:
        r = httpx.post(endpoint, data={"query": query}, headers={"Accept": "application/sparql-results+json"},
                       timeout=timeout_s, auth=auth)
    except httpx.HTTPError as err:
        raise ServerError(f"{endpoint}: {_reason(err)}") from None
    if r.status_code >= 400:
        raise _http_error(endpoint, r)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])
