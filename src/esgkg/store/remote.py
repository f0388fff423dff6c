"""Remote triple stores: report graphs sent with the SPARQL 1.1 Graph Store HTTP Protocol.

Each report's named graph goes as one ``PUT <graph-store>?graph=<report IRI>`` with an N-Triples body,
which replaces the graph on the server, so sending twice never duplicates.  Fuseki, GraphDB, Virtuoso,
Neptune and Oxigraph all speak it.

* :class:`GraphStore` is the server: its Graph Store URL, credentials, extra headers, how many PUTs
  run at once (a small thread pool) and how often a transient failure (a dropped connection, HTTP 429,
  502, 503, 504, a Virtuoso deadlock) is retried.
* :func:`push` sends every report graph of a local :class:`~esgkg.store.Store` (``esgkg push``).
* :class:`RemoteStore` is written like the local store, by ``esgkg build --push``: each batch of
  finished reports is resolved on the client (:mod:`esgkg.store.resolve`) against every report this
  build sent, and a report sent earlier whose organisation IRIs the new ones move is sent again, so
  the server ends with the graphs the local store would hold for the same reports.
"""
from __future__ import annotations

import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from ..vocab import ESG
from . import Store, StoreError
from .quads import ReportQuads
from .resolve import ORG_PREFIX, OrgName, compute_resolution, rewrite, term_map

DEFAULT_CONCURRENCY = 1
"""PUTs in flight at once unless asked for more (``--concurrency N``).  One, because on OpenLink Virtuoso
7.2 four concurrent PUTs gave a store with the same triple count per graph whose ``evidence`` library
query returned other rows than the same graphs loaded one at a time (tests/test_portable_queries.py):
until that is understood, concurrency is the user's choice for a server they trust with it."""
DEFAULT_RETRIES = 2
"""Attempts after the first for a transient failure (with backoff 0.5 s, then 1 s, or the server's Retry-After)."""
TRANSIENT_STATUS = frozenset({408, 425, 429, 502, 503, 504})


class RemoteStoreError(StoreError):
    """Sending to a remote store failed; ``str()`` is a one-line message for users."""


def graph_store_url(endpoint: str) -> str:
    """The Graph Store Protocol URL that goes with a SPARQL endpoint.

    Oxigraph serves queries at ``/query`` (or ``/sparql``) and graphs at ``/store``; a URL ending
    in ``/store`` is used as it is; any other URL is taken to accept the protocol itself (as a
    Fuseki dataset URL does).  Pass ``--graph-store`` for other layouts (GraphDB:
    ``/repositories/<id>/rdf-graphs/service``).
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteStoreError(f"'{endpoint}' is not an http(s) URL")
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in ("query", "sparql"):
        path = f"{head}/store"
    return urlunsplit((parts.scheme, parts.netloc, path or "/", "", ""))


@dataclass
class PushResult:
    """What was sent: graphs, their triples and bytes, the seconds it took, the retries it needed, and
    (``esgkg build --push``) how many graphs were sent again because a later report moved their IRIs."""

    graphs: int = 0
    triples: int = 0
    bytes: int = 0
    seconds: float = 0.0
    retries: int = 0
    resent: int = 0

    def rates(self) -> str:
        """'12.3 graphs/s, 4,567 triples/s' (or '' before anything was timed)."""
        if self.seconds <= 0:
            return ""
        return f"{self.graphs / self.seconds:,.1f} graphs/s, {self.triples / self.seconds:,.0f} triples/s"


_HTTP_HINTS = {
    401: "the server wants credentials, or refused these (--user/--password; --auth basic|digest)",
    403: "the server refuses writes here (a read-only server, or a user without write permission)",
    404: "no Graph Store at this URL (give the server's Graph Store URL with --graph-store)",
    405: "this URL does not accept PUT (give the server's Graph Store URL with --graph-store)",
    413: "the graph is larger than the server accepts in one request",
    415: "the server does not accept N-Triples here",
}


def _server_words(response: httpx.Response) -> str:
    """The start of the server's own words in an error response (an HTML page's text only)."""
    text = response.text
    if "<" in text and ">" in text:  # an HTML error page: its words only
        text = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", text, flags=re.S | re.I)
    return " ".join(text.split())[:160]


def _http_error(url: str, response: httpx.Response) -> RemoteStoreError:
    """One line: URL, status, what it usually means, and the start of the server's own words."""
    body = _server_words(response)
    hint = _HTTP_HINTS.get(response.status_code) or ("a server error" if response.status_code >= 500 else "")
    return RemoteStoreError(f"{url}: HTTP {response.status_code} {response.reason_phrase}" + (f" - {hint}" if hint else "")
                            + (f": {body}" if body else ""))


def _transient(response: httpx.Response) -> bool:
    """Whether a failed response is worth sending again: overload, a gateway, or a deadlock the server rolled back."""
    if response.status_code in TRANSIENT_STATUS:
        return True
    words = _server_words(response).lower() if response.status_code >= 500 else ""
    return "deadlock" in words or "40001" in words  # Virtuoso: SR172 / SQLSTATE 40001, "transaction deadlocked"


def _reason(err: Exception) -> str:
    text = str(err).splitlines()[0] if str(err) else type(err).__name__
    return "connection refused" if "refused" in text.lower() else text


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
        """httpx's authentication flow: the chosen scheme's, or the one the first 401 names."""
        if self._chosen is not None:
            yield from self._chosen.auth_flow(request)
            return
        response = yield request
        if response.status_code != 401:
            return
        challenge = response.headers.get("www-authenticate", "").strip().split(" ", 1)[0].lower()
        self._chosen = self._digest if challenge == "digest" else self._basic
        yield from self._chosen.auth_flow(request)


@dataclass(frozen=True, slots=True)
class Sent:
    """One graph's PUT: its name, triples and bytes, the retries it needed, and the error that stopped it (None: stored)."""

    name: str
    triples: int
    bytes: int
    retries: int = 0
    error: RemoteStoreError | None = None


class GraphStore:
    """A remote store's Graph Store Protocol URL with what every request to it carries.

    ``auth`` (e.g. :class:`AnyAuth`) and ``headers`` (e.g. an API key) go with every PUT;
    ``concurrency`` PUTs run at once; a transient failure is retried ``retries`` times, after
    ``backoff_s``, then twice that, ... (or the server's ``Retry-After``, at most 30 s).
    ``endpoint``, the server's SPARQL endpoint, lets :class:`RemoteStore` read which reports it holds.
    ``with GraphStore(url) as remote: remote.put(name, body)``; :meth:`close` ends its connections.
    """

    def __init__(self, url: str, *, endpoint: str | None = None, auth: httpx.Auth | None = None,
                 headers: Mapping[str, str] | None = None, timeout_s: float = 300.0, concurrency: int = DEFAULT_CONCURRENCY,
                 retries: int = DEFAULT_RETRIES, backoff_s: float = 0.5) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {concurrency}")
        self.url = url
        self.endpoint = endpoint
        self._extra = dict(headers or {})
        self.timeout_s = timeout_s
        self.concurrency = concurrency
        self.retries = max(0, retries)
        self.backoff_s = backoff_s
        self._headers = {**self._extra, "Content-Type": "application/n-triples"}
        limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
        self._client = httpx.Client(timeout=timeout_s, auth=auth, limits=limits)

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connections to the server."""
        self._client.close()

    def put(self, name: str, body: bytes) -> int:
        """PUT ``body`` (N-Triples) as graph ``name``, retrying transient failures; returns the retries it
        needed.  Raises :class:`RemoteStoreError` (one line) when it cannot be stored."""
        for attempt in range(self.retries + 1):
            delay = self.backoff_s * 2 ** attempt
            try:
                response = self._client.put(self.url, params={"graph": name}, content=body, headers=self._headers)
            except (httpx.ReadTimeout, httpx.WriteTimeout):  # waited the whole timeout already: not again
                raise RemoteStoreError(f"{self.url}: no answer within {self.timeout_s:.0f} s") from None
            except httpx.ConnectError as err:
                error, transient = RemoteStoreError(f"{self.url}: cannot connect ({_reason(err)})"), True
            except httpx.TransportError as err:  # a dropped connection, a connect timeout
                error, transient = RemoteStoreError(f"{self.url}: {_reason(err)}"), True
            else:
                if response.status_code < 400:
                    return attempt
                error, transient = _http_error(self.url, response), _transient(response)
                after = response.headers.get("retry-after", "")
                if transient and after.isdigit():
                    delay = min(30.0, float(after))
            if not transient or attempt == self.retries:
                raise error
            time.sleep(delay)
        raise AssertionError("unreachable")

    def get(self, name: str) -> bytes:
        """Graph ``name`` as the server holds it, as N-Triples (GET; a Turtle answer is converted).
        Raises :class:`RemoteStoreError` (one line)."""
        response = self._request("GET", self.url, params={"graph": name},
                                 headers={**self._extra, "Accept": "application/n-triples, text/plain;q=0.9, text/turtle;q=0.5"})
        if "turtle" not in response.headers.get("content-type", ""):
            return response.content
        return Graph().parse(data=response.content, format="turtle").serialize(format="nt", encoding="utf-8")

    def select(self, query: str) -> list[dict[str, str]]:
        """A SELECT query's rows on the server's SPARQL ``endpoint`` (each variable bound -> its value)."""
        if self.endpoint is None:
            raise RemoteStoreError(f"{self.url}: no SPARQL endpoint given to read from")
        response = self._request("POST", self.endpoint, data={"query": query},
                                 headers={**self._extra, "Accept": "application/sparql-results+json"})
        try:
            rows = response.json()["results"]["bindings"]
        except (ValueError, KeyError, TypeError):
            raise RemoteStoreError(f"{self.endpoint}: not a SPARQL endpoint (its answer is no SPARQL JSON result)") from None
        return [{k: v["value"] for k, v in row.items()} for row in rows]

    def _request(self, method: str, url: str, **kwargs: object) -> httpx.Response:
        """One request that must succeed; any failure is a one-line :class:`RemoteStoreError`."""
        try:
            response = self._client.request(method, url, **kwargs)
        except httpx.TimeoutException:
            raise RemoteStoreError(f"{url}: no answer within {self.timeout_s:.0f} s") from None
        except httpx.HTTPError as err:
            raise RemoteStoreError(f"{url}: {_reason(err)}") from None
        if response.status_code >= 400:
            raise _http_error(url, response)
        return response

    def put_many(self, graphs: Iterable[tuple[str, bytes]], *, fail_fast: bool = False,
                 on_sent: Callable[[Sent], None] | None = None) -> list[Sent]:
        """PUT each ``(name, body)`` with up to ``concurrency`` requests in flight; one :class:`Sent` per
        graph sent, in the order they finished.  ``graphs`` is read lazily, at most ``2 x concurrency``
        bodies ahead, so a large store is never held in memory.  ``fail_fast`` stops taking graphs at
        the first failure (those in flight finish)."""
        out: list[Sent] = []

        def one(name: str, body: bytes) -> Sent:
            triples = body.count(b"\n")
            try:
                return Sent(name, triples, len(body), self.put(name, body))
            except RemoteStoreError as err:
                return Sent(name, triples, len(body), self.retries, err)

        def collect(done: Iterable[Future[Sent]]) -> None:
            for future in done:
                sent = future.result()
                out.append(sent)
                if on_sent is not None:
                    on_sent(sent)

        with ThreadPoolExecutor(self.concurrency, thread_name_prefix="esgkg-push") as pool:
            running: set[Future[Sent]] = set()
            for name, body in graphs:
                if fail_fast and any(s.error for s in out):
                    break
                if len(running) >= 2 * self.concurrency:
                    done, running = wait(running, return_when=FIRST_COMPLETED)
                    collect(done)
                running.add(pool.submit(one, name, body))
            collect(wait(running).done)
        return out


def _tally(result: PushResult, sent: Iterable[Sent]) -> None:
    for s in sent:
        result.retries += s.retries
        if s.error is None:
            result.graphs += 1
            result.triples += s.triples
            result.bytes += s.bytes


def push(store: Store, remote: GraphStore | str, *, auth: httpx.Auth | None = None, headers: Mapping[str, str] | None = None,
         concurrency: int = DEFAULT_CONCURRENCY, progress: Callable[[str, int], None] | None = None) -> PushResult:
    """PUT every named graph of ``store`` to ``remote`` (a :class:`GraphStore`, or its Graph Store URL, then
    with ``auth``, ``headers`` and ``concurrency``), ``remote.concurrency`` at a time; each PUT replaces
    that graph.  Raises :class:`RemoteStoreError` (one line, naming the graph) at the first graph that
    cannot be stored once its retries are spent; the graphs already in flight finish first."""
    import pyoxigraph as ox

    if isinstance(remote, str):
        with GraphStore(remote, auth=auth, headers=headers, concurrency=concurrency) as opened:
            return push(store, opened, progress=progress)
    result = PushResult()
    started = time.perf_counter()

    def bodies() -> Iterator[tuple[str, bytes]]:
        for name in store.named_graphs():
            yield str(name), store.oxigraph.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(str(name)))

    def sent(s: Sent) -> None:
        if s.error is None and progress is not None:
            progress(s.name, s.triples)

    done = remote.put_many(bodies(), fail_fast=True, on_sent=sent)
    _tally(result, done)
    result.seconds = time.perf_counter() - started
    failed = next((s for s in done if s.error is not None), None)
    if failed is not None:
        raise RemoteStoreError(f"graph <{failed.name}>: {failed.error}")
    return result


class RemoteStore:
    """A remote store written like the local one: :meth:`put_quads` takes finished report graphs.

    Organisations are resolved on the client over every report this object has stored
    (:func:`~esgkg.store.resolve.compute_resolution`, the function the local store runs, over the same
    names), and each report is sent with the IRIs that gives; a report sent earlier whose IRIs a later
    batch moves is sent again.  Each report's N-Triples as built is kept in a temporary folder (on
    disk, not in memory) until :meth:`close`, so it can be rewritten and sent again.

    With the server's SPARQL endpoint (``GraphStore(endpoint=...)``), the reports the server already
    holds (a graph named by its report's IRI) take part in the resolution as the reports of a local
    store do: their names are read once, when this object is made, and one whose IRIs the new reports
    move is read back (GET), rewritten and sent again.

    A report that cannot be stored is dropped from the resolution (the server then holds what the
    local store would hold for the other reports; its own graph there stays as it was) and listed
    once by :meth:`take_failures`; the other reports go on.
    """

    path = None
    """Not a folder on this machine (a build's writer neither counts nor compacts it)."""

    def __init__(self, remote: GraphStore) -> None:
        self.remote = remote
        self.result = PushResult()
        self._tmp = tempfile.TemporaryDirectory(prefix="esgkg-push-")  # removed by close(), else when collected
        self._spool = Path(self._tmp.name)
        self._files: dict[URIRef, Path] = {}
        self._names: dict[URIRef, list[OrgName]] = {}
        self._sent: dict[URIRef, dict[str, str]] = {}  # report -> the IRI moves of the copy the server holds
        self._failures: list[tuple[URIRef, str]] = []
        if remote.endpoint is not None:
            try:
                self._names.update(self._held())
            except RemoteStoreError as err:
                raise RemoteStoreError(f"cannot read which reports the server holds (to resolve organisations against them): {err}") from None
            self._sent.update((name, {}) for name in self._names)  # as the server holds them: nothing moved yet

    def _held(self) -> dict[URIRef, list[OrgName]]:
        """The organisation names of every report graph the server holds, as :meth:`esgkg.store.Store.org_names` reads them."""
        sep = "\\n"
        rows = self.remote.select(
            f"SELECT ?g ?o (GROUP_CONCAT(DISTINCT ?label; separator='{sep}') AS ?labels) "
            f"(GROUP_CONCAT(DISTINCT ?alias; separator='{sep}') AS ?aliases) (GROUP_CONCAT(DISTINCT ?code; separator='{sep}') AS ?codes) "
            f"WHERE {{ GRAPH ?g {{ ?g a <{ESG.Report}> . ?o a <{ESG.Organization}> ; <{RDFS.label}> ?label . "
            f"OPTIONAL {{ ?o <{SKOS.altLabel}> ?alias }} OPTIONAL {{ ?o <{ESG.stockCode}> ?code }} }} }} GROUP BY ?g ?o")
        held: dict[URIRef, list[OrgName]] = {}
        for row in sorted(rows, key=lambda r: (r["g"], r["o"])):
            if row["o"].startswith(ORG_PREFIX):
                labels, aliases, codes = (_lines(row.get(key, "")) for key in ("labels", "aliases", "codes"))
                held.setdefault(URIRef(row["g"]), []).append(OrgName(row["g"], row["o"], min(labels), aliases, codes))
        return held

    def close(self) -> None:
        """Remove the temporary copies and close the connections."""
        self._tmp.cleanup()
        self.remote.close()

    def put_quads(self, reports: Iterable[ReportQuads]) -> list[URIRef]:
        """Send report graphs given as quads with their organisations' names (what build workers send)."""
        return self._put({URIRef(r.name): (list(r.orgs), ox.serialize((q.triple for q in r.quads()), format=ox.RdfFormat.N_TRIPLES))
                          for r in reports})

    def _put(self, reports: Mapping[URIRef, tuple[list[OrgName], bytes]]) -> list[URIRef]:
        """Store report graphs given with their organisations' names, as N-Triples bytes, resolved against every
        report stored before; returns the names of the graphs sent (the new ones and those sent again)."""
        started = time.perf_counter()
        for name, (names, body) in reports.items():
            path = self._files.setdefault(name, self._spool / f"{len(self._files)}.nt")
            path.write_bytes(body)
            self._names[name] = names
            self._sent.pop(name, None)
        written: list[URIRef] = []
        while True:  # a failed report leaves the resolution, which may move others again
            todo = self._moves()
            if not todo:
                break
            done = self.remote.put_many(self._bodies(todo))
            _tally(self.result, done)
            for s in done:
                name = URIRef(s.name)
                if s.error is None:
                    self.result.resent += name not in reports
                    self._sent[name] = todo[name]
                    written.append(name)
                else:
                    self._failures.append((name, str(s.error)))
                    self._drop(name)
        self.result.seconds += time.perf_counter() - started
        return sorted(written)

    def _moves(self) -> dict[URIRef, dict[str, str]]:
        """The reports to send now, each with its organisation IRI moves: new ones, and those whose moves changed."""
        resolution = compute_resolution(n for names in self._names.values() for n in names)
        todo = {}
        for name in sorted(self._names):
            moves = term_map(self._names[name], resolution)
            if self._sent.get(name) != moves:
                todo[name] = moves
        return todo

    def _bodies(self, todo: Mapping[URIRef, dict[str, str]]) -> Iterator[tuple[str, bytes]]:
        for name, moves in todo.items():
            if name not in self._files:  # a report the server held before this build: its graph as it is there
                try:
                    held = self.remote.get(str(name))
                except RemoteStoreError as err:
                    self._failures.append((name, f"cannot read it back to move its organisation IRIs: {err}"))
                    self._drop(name)
                    continue
                self._files[name] = self._spool / f"{len(self._files)}.nt"
                self._files[name].write_bytes(held)
            body = self._files[name].read_bytes()
            if moves:
                body = rewrite(Graph(identifier=name).parse(data=body, format="nt"), moves).serialize(format="nt", encoding="utf-8")
            yield str(name), body

    def _drop(self, name: URIRef) -> None:
        self._names.pop(name, None)
        self._sent.pop(name, None)
        path = self._files.pop(name, None)
        if path is not None:
            path.unlink(missing_ok=True)

    def take_failures(self) -> list[tuple[URIRef, str]]:
        """The reports that could not be stored since the last call, each with its one-line reason."""
        out, self._failures = self._failures, []
        return out


def _lines(text: str) -> frozenset[str]:
    return frozenset(v for v in text.split("\n") if v)


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
        raise RemoteStoreError(f"{endpoint}: {_reason(err)}") from None
    if r.status_code >= 400:
        raise _http_error(endpoint, r)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


__all__ = ["DEFAULT_CONCURRENCY", "AnyAuth", "GraphStore", "PushResult", "RemoteStore", "RemoteStoreError", "Sent",
           "count_remote", "graph_store_url", "push"]
