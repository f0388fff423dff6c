"""What keeps ``esgkg serve`` safe: a front in front of oxigraph that a web page cannot turn against
its user, and a supervisor that keeps the query engine up whatever a query does.

``esgkg serve`` runs oxigraph on a private port of 127.0.0.1 and puts :class:`GuardedFront` on the
address users open.  The front

* answers only requests whose ``Host`` header names the server (``127.0.0.1:PORT``,
  ``localhost:PORT``, ``[::1]:PORT``, or a name given with ``--allow-host``): a page on another site
  that re-points its DNS name at 127.0.0.1 (DNS rebinding) gets ``403``;
* refuses queries and updates that use ``SERVICE`` (``403``) unless ``--allow-service``: federated
  queries would let any page that can reach the endpoint make the server fetch any URL;
* reads each query's whole answer before passing it on, within the time limit (``--timeout`` plus a
  grace of a few seconds): a query still running then is stopped by restarting oxigraph (its own
  ``--timeout-s`` cancels a query only at its next store read, and answers ``200`` with a body cut
  short), and the client gets a JSON error (``503``), never a ``200`` whose body is not JSON;
* when oxigraph dies while answering (it aborts on a panic, e.g. the ``ORDER BY`` of mixed terms
  described in the README, or is killed by the memory watchdog) answers ``500`` with a JSON error
  saying so; :class:`Backend` has already started a new oxigraph, so the next query is answered.

:class:`Backend` watches the oxigraph process: it restarts it when it exits, and kills it when its
resident memory passes ``memory_limit`` (``--memory``, default 2 GB), so a runaway query cannot take
the machine down.  Every restart is reported on stderr with its reason.  A read-only oxigraph sees
the store as it was when it opened it, so :class:`Backend` also watches the store's generation file
(:func:`esgkg.store.store_generation`, replaced after every esgkg commit): when a build commits, it
starts a fresh oxigraph over the store, sends new requests to it, and stops the old one once the
queries it was running had their time.
"""
from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from .engine import DEFAULT_HOST, OxigraphServer
from .httpfront import HTTPFront, QuietHandler

DEFAULT_MEMORY = 2_000_000_000
GRACE_S = 3.0  # beyond --timeout, before a query still running is stopped by a restart
MAX_BUFFER = 256 * 1024 * 1024  # a larger answer is streamed on (after the first 256 MB were checked)
QUERY_PATHS = ("/query", "/sparql")
UPDATE_PATHS = ("/update",)
CANCELLED = b"The SPARQL operation has been cancelled"  # what oxigraph appends to a cut-off answer
_SKIP_REQUEST = {"host", "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "content-length"}
_SKIP_RESPONSE = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}
OPEN_HOSTS = ("0.0.0.0", "::", "")


# ----------------------------------------------------------------------------- request checks
def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str] | None:
    """The ``Host`` header values the front answers; None (any) when it listens on every address."""
    if host in OPEN_HOSTS and not extra:
        return None
    names = {host, "127.0.0.1", "localhost", "[::1]", *extra}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host}]")
    out = {f"{n}:{port}" for n in names} | ({n for n in names} if port == 80 else set())
    return frozenset(n.lower() for n in out)


def host_allowed(header: str | None, allowed: frozenset[str] | None) -> bool:
    """Whether a request's ``Host`` header names this server (a missing header is refused)."""
    if allowed is None:
        return True
    return header is not None and header.strip().lower() in allowed


_SPARQL_NOISE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*',
)
_SERVICE = re.compile(r"(?<![\w?$:])SERVICE(?![\w:\-])", re.I)


def uses_service(sparql: str) -> bool:
    """Whether a query or update has a ``SERVICE`` clause (strings, IRIs and comments are not read)."""
    return bool(_SERVICE.search(_SPARQL_NOISE.sub(" ", sparql)))


def sparql_text(method: str, query_string: str, content_type: str, body: bytes) -> str | None:
    """The query or update text of a SPARQL-protocol request (GET ?query=, a form, or a raw body)."""
    ctype = content_type.split(";")[0].strip().lower()
    fields: dict[str, list[str]] = {}
    if method == "GET" or query_string:
        fields.update(parse_qs(query_string))
    if ctype == "application/x-www-form-urlencoded":
        fields.update(parse_qs(body.decode("utf-8", "replace")))
    texts = fields.get("query", []) + fields.get("update", [])
    if ctype in ("application/sparql-query", "application/sparql-update"):
        texts.append(body.decode("utf-8", "replace"))
    return "\n".join(texts) if texts else None


# ----------------------------------------------------------------------------- the supervised engine
def _status_kb(pid: int, field: str) -> int:
    """A ``kB`` field of ``/proc/PID/status`` (``RssAnon``, ``VmSize`` ...) in bytes; 0 where /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    """The process ids whose parent is ``pid`` (Linux /proc; [] elsewhere)."""
    out = []
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            out = [int(x) for x in f.read().split()]
    except (OSError, ValueError):
        pass
    return out


def engine_memory(pid: int) -> int:
    """The memory a query can grow: private anonymous resident memory (``RssAnon``) of the engine and of
    any process it started, in bytes.

    Not the address space (``VmSize``): oxigraph reserves hundreds of MB of it (a stack and a malloc
    arena per worker thread, one thread per core, started by the first query) without using it.  Not
    the store's mapped files (``RssFile``), which the kernel reclaims as it needs.
    """
    seen: set[int] = set()
    todo = [pid]
    total = 0
    while todo:
        p = todo.pop()
        if p in seen:
            continue
        seen.add(p)
        total += _status_kb(p, "RssAnon") or _status_kb(p, "VmRSS")  # kernels before 4.5 have no RssAnon
        todo += _children(p)
    return total


class Backend:
    """An oxigraph server that is restarted when it dies and killed when it grows past ``memory_limit``.

    (Re)starts happen in this object's watchdog thread, which lives as long as the backend: oxigraph
    is started with PR_SET_PDEATHSIG, which fires when the *thread* that started it ends.
    """

    def __init__(self, location: Path, *, writable: bool = False, timeout_s: int | None = 60,
                 memory_limit: int | None = DEFAULT_MEMORY, on_event: Callable[[str], None] | None = None) -> None:
        self.location = Path(location)
        self.writable = writable
        self.timeout_s = timeout_s
        self.memory_limit = memory_limit
        self.on_event = on_event or (lambda message: print(message, file=sys.stderr, flush=True))
        self.server = None
        self.generation = 0
        self.last_death: str | None = None
        self.deaths: dict[int, str] = {}  # generation -> why that server stopped
        self._kill_reason: str | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._ready = threading.Event()
        self._up = threading.Event()  # set while a server is running and not being replaced
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        self.on_restart: Callable[[str], None] | None = None  # told the new server's URL after a restart
        self.opened: str | None = None  # the store's generation (esgkg.store.store_generation) the server opened
        self._retiring: list = []  # servers replaced by a fresh one, stopped once their queries had time to end

    def _new_server(self):
        return OxigraphServer(self.location, DEFAULT_HOST, 0, self.writable, self.timeout_s).start()

    def start(self) -> Backend:
        """Start oxigraph (from the watchdog thread) and wait until it answers; raises ServerError."""
        self._thread = threading.Thread(target=self._watch, name="esgkg-oxigraph-watchdog", daemon=True)
        self._thread.start()
        self._ready.wait()
        if self._error is not None:
            raise self._error
        return self

    @property
    def url(self) -> str:
        with self._lock:
            return self.server.url

    def kill(self, reason: str) -> None:
        """Kill the running oxigraph (it is restarted by the watchdog) and remember why."""
        with self._lock:
            process = self.server.process if self.server is not None else None
            if process is not None and process.poll() is None:
                self._kill_reason = reason
                self._up.clear()
                process.kill()

    def died_since(self, generation: int, within: float = 1.0) -> bool:
        """Whether the server of ``generation`` has died (waiting up to ``within`` s for its exit to show)."""
        deadline = time.monotonic() + within
        while True:
            with self._lock:
                if self.generation != generation or self.server is None or self.server.process.poll() is not None:
                    return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)

    def wait_up(self, timeout: float = 30.0) -> bool:
        """Wait until oxigraph runs (not between a kill and its restart)."""
        return self._up.wait(timeout)

    def wait_restarted(self, generation: int, timeout: float = 30.0) -> bool:
        """Wait until a server newer than ``generation`` answers."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if self.generation > generation and self.server is not None and self.server.process.poll() is None:
                    return True
            time.sleep(0.05)
        return False

    def _changed(self) -> str | None:
        """The store's new generation when a build committed since the server opened it (read-only only)."""
        from ..store import store_generation

        if self.writable:
            return None
        now = store_generation(self.location)
        return now if now != self.opened else None

    def _refresh(self, stamp: str) -> None:
        """Answer from the store as a build left it: start a fresh read-only server (RocksDB shows a
        read-only reader the data of the moment it opened), send new requests to it, and stop the
        old one once the queries it is running had their time (``timeout_s`` + grace)."""
        try:
            fresh = self._new_server()
        except Exception as err:  # noqa: BLE001 - the store may be mid-compaction: keep the old data, retry
            self.on_event(f"esgkg serve: the store changed but cannot be reopened yet ({err}); retrying")
            self._stopping.wait(1.0)
            return
        self._retire(self._install(fresh, stamp))
        self.on_event("esgkg serve: the store was updated by a build; answering from the new data")

    def _install(self, fresh: OxigraphServer, stamp: str) -> OxigraphServer | None:
        """Send new requests to ``fresh`` (opened at store generation ``stamp``); returns the server it replaces."""
        if self.on_restart is not None:
            self.on_restart(fresh.url)
        with self._lock:
            old, self.server = self.server, fresh
            self.generation += 1
            self.opened = stamp
        return old

    def _retire(self, server) -> None:
        grace = (self.timeout_s or 60) + GRACE_S
        self._retiring.append((time.monotonic() + grace, server))
        while len(self._retiring) > 2:  # builds that commit often: keep at most two old servers alive
            self._retiring.pop(0)[1].stop()

    def _stop_retired(self, everything: bool = False) -> None:
        now = time.monotonic()
        for item in list(self._retiring):
            if everything or item[0] <= now:
                self._retiring.remove(item)
                item[1].stop()

    def _watch(self) -> None:
        from ..store import store_generation

        try:
            self.opened = store_generation(self.location)
            self.server = self._new_server()
            self.generation = 1
        except BaseException as err:  # noqa: BLE001 - handed to start()
            self._error = err
            self._ready.set()
            return
        self._up.set()
        self._ready.set()
        over = 0
        while not self._stopping.is_set():
            process = self.server.process
            status = process.poll()
            if status is None:
                if self.memory_limit and engine_memory(process.pid) > self.memory_limit:
                    over += 1
                    if over >= 2:  # two readings 0.1 s apart: a passing spike in a reading is not a runaway query
                        used = engine_memory(process.pid)
                        self.kill(f"its memory ({used / 1e6:,.0f} MB) passed the {self.memory_limit / 1e9:g} GB limit (--memory)")
                        over = 0
                else:
                    over = 0
                stamp = self._changed()
                if stamp is not None:
                    self._refresh(stamp)
                self._stop_retired()
                self._stopping.wait(0.1)
                continue
            if self._stopping.is_set():
                break
            self._up.clear()
            reason = self._kill_reason or (f"it aborted (exit status {status}: a panic, see 'ORDER BY' in the README)"
                                         if status in (134, -6, 250) else f"it exited with status {status}")
            self._kill_reason = None
            self.last_death = reason
            self.deaths[self.generation] = reason
            self.on_event(f"esgkg serve: oxigraph stopped ({reason}); restarting it")
            try:
                stamp = store_generation(self.location)
                fresh = self._new_server()
            except Exception as err:  # noqa: BLE001 - keep trying: the store may be briefly busy
                self.on_event(f"esgkg serve: cannot restart oxigraph ({err}); retrying")
                self._stopping.wait(1.0)
                continue
            self._install(fresh, stamp)
            self._up.set()

    def stop(self) -> None:
        self._stopping.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=10)
        with self._lock:
            server = self.server
        if server is not None:
            server.stop()
        self._stop_retired(everything=True)


# ----------------------------------------------------------------------------- the front
class GuardedFront(HTTPFront):
    """A threaded HTTP server on ``host:port`` that checks each request and forwards it to ``backend``."""

    def __init__(self, backend: Backend, host: str, port: int, *, allow_service: bool = False,
                 extra_hosts: Iterable[str] = (), upstream: Callable[[], str] | None = None) -> None:
        self.backend = backend
        self.upstream = upstream or (lambda: backend.url)  # where requests go (the console front, or oxigraph)
        self.allow_service = allow_service
        super().__init__(host, port, _handler)
        self.allowed = allowed_hosts(host, self.port, extra_hosts)

    @property
    def url(self) -> str:
        host = self.httpd.server_address[0]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def deadline_s(self) -> float | None:
        return self.backend.timeout_s + GRACE_S if self.backend.timeout_s else None


class _Timeout(Exception):
    pass


def _handler(front: GuardedFront) -> type[BaseHTTPRequestHandler]:
    class Handler(QuietHandler):
        def _error(self, status: int, message: str) -> None:
            body = json.dumps({"error": message}).encode("utf-8") + b"\n"
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _forward(self) -> None:
            if not host_allowed(self.headers.get("Host"), front.allowed):
                self._error(403, f"this server answers only requests addressed to it (Host {self.headers.get('Host')!r} "
                                 "is not one of its names; start it with --allow-host NAME to add one)")
                return
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            is_sparql = parts.path in QUERY_PATHS + UPDATE_PATHS
            if is_sparql and not front.allow_service:
                text = sparql_text(self.command, parts.query, self.headers.get("Content-Type", ""), body)
                if text is not None and uses_service(text):
                    self._error(403, "SERVICE (federated query) is disabled: it would let the server fetch any URL; "
                                     "start esgkg serve with --allow-service to allow it")
                    return
            headers = {k: v for k, v in self.headers.items() if k.lower() not in _SKIP_REQUEST}
            deadline = time.monotonic() + front.deadline_s if front.deadline_s and is_sparql else None
            timeout = httpx.Timeout(None, connect=10.0, read=None if deadline is None else front.deadline_s)
            for attempt in range(2):
                front.backend.wait_up()
                generation = front.backend.generation
                url = front.upstream() + parts.path + (f"?{parts.query}" if parts.query else "")
                request = front.client.build_request(self.command, url, headers=headers, content=body or None, timeout=timeout)
                try:
                    response = front.client.send(request, stream=True)
                    break
                except httpx.ConnectError as err:  # oxigraph died before this request reached it: once more
                    if attempt or not front.backend.wait_restarted(generation):
                        self._engine_lost(generation, err)
                        return
                except httpx.ReadTimeout:  # no answer at all within the limit (oxigraph answers only when done)
                    self._runaway()
                    return
                except httpx.HTTPError as err:
                    self._engine_lost(generation, err)
                    return
            try:
                if not is_sparql:
                    self._send(response, b"", response.iter_raw())
                    return
                try:
                    data, rest = self._read(response, deadline)
                except (_Timeout, httpx.ReadTimeout):
                    self._runaway()
                    return
                except httpx.HTTPError as err:
                    self._engine_lost(generation, err)
                    return
                if response.status_code == 502 and front.backend.died_since(generation):
                    self._engine_lost(generation, httpx.RemoteProtocolError("the engine closed the connection"))
                    return
                if rest is None and not _whole(response, data):
                    self._error(503, f"the query was cancelled at the time limit of {front.backend.timeout_s} s (--timeout)")
                    return
                self._send(response, data, rest)
            finally:
                response.close()

        def _read(self, response: httpx.Response, deadline: float | None):
            """The answer's body within ``deadline``: (all of it, None), or past MAX_BUFFER (the first
            part, the iterator of the rest)."""
            chunks, size = [], 0
            stream = response.iter_raw()
            while True:
                chunk = _next_within(stream, None if deadline is None else deadline - time.monotonic())
                if chunk is None:
                    return b"".join(chunks), None
                chunks.append(chunk)
                size += len(chunk)
                if size > MAX_BUFFER:
                    return b"".join(chunks), stream

        def _send(self, response: httpx.Response, data: bytes, rest) -> None:
            try:
                self.send_response(response.status_code)
                for k, v in response.headers.multi_items():
                    if k.lower() not in _SKIP_RESPONSE:
                        self.send_header(k, v)
                if rest is None:
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command == "HEAD":
                    return
                self.wfile.write(data)
                for chunk in rest or ():
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError, httpx.HTTPError):
                pass

        def _runaway(self) -> None:
            """A query still running past the limit: oxigraph cannot cancel it, so it is restarted."""
            front.backend.kill(f"a query ran past the time limit ({front.backend.timeout_s} s + {GRACE_S:g} s)")
            self._error(503, f"the query ran past the time limit of {front.backend.timeout_s} s (--timeout) and was "
                             "stopped; the query engine was restarted")

        def _engine_lost(self, generation: int, err: Exception) -> None:
            """oxigraph went away while answering: say so once it is back (the watchdog restarts it)."""
            restarted = front.backend.wait_restarted(generation, timeout=30.0)
            # the reason this request's server stopped, never an earlier server's (a stale reason misleads)
            reason = front.backend.deaths.get(generation) or f"the connection failed: {str(err).splitlines()[0] if str(err) else type(err).__name__}"
            self._error(500, f"the query engine (oxigraph) stopped while answering this request ({reason}); "
                             + ("it was restarted: other queries are answered" if restarted else "it could not be restarted yet"))

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = _forward

    return Handler


def _whole(response: httpx.Response, data: bytes) -> bool:
    """A 2xx answer that oxigraph did not cut short at its own time limit (it appends a message to a
    body already begun, so a JSON answer would not parse)."""
    if response.status_code >= 300:
        return True
    if CANCELLED in data[-4096:]:
        return False
    if response.headers.get("content-type", "").split(";")[0].strip().endswith("json") and data:
        try:
            json.loads(data)
        except ValueError:
            return False
    return True


def _next_within(stream, seconds: float | None) -> bytes | None:
    """The next chunk of ``stream`` (None at its end), or _Timeout after ``seconds``.

    httpx's read timeout is per socket read, so a reader thread gives a whole-answer deadline."""
    if seconds is None:
        return next(stream, None)
    box: list = []
    done = threading.Event()

    def pull() -> None:
        try:
            box.append(next(stream, None))
        except BaseException as err:  # noqa: BLE001 - handed back to the caller
            box.append(err)
        done.set()

    threading.Thread(target=pull, daemon=True).start()
    if not done.wait(max(0.0, seconds)):
        raise _Timeout()
    item = box[0]
    if isinstance(item, BaseException):
        raise item
    return item
