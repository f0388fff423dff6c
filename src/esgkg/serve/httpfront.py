"""The threaded HTTP server the query console and the guarded SPARQL front share.

Each front listens on ``host:port`` (IPv4, or IPv6 when ``host`` holds a ``:``), answers with a
handler class built for it, and forwards requests upstream through one ``httpx`` client.
"""
from __future__ import annotations

import socket
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

import httpx


class QuietHandler(BaseHTTPRequestHandler):
    """The request handler base of esgkg's fronts: one request per connection (HTTP/1.0: a body ends when
    the connection closes) and no access log, like oxigraph itself."""

    server_version = "esgkg"
    protocol_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:
        return


class _ThreadingHTTPServer6(ThreadingHTTPServer):
    address_family = socket.AF_INET6


class HTTPFront:
    """A threaded HTTP server on ``host:port`` with an ``httpx`` client for its upstream.

    ``handler`` builds the request handler class for this front; ``start`` serves in a daemon
    thread named ``thread_name``, ``stop`` shuts the server down and closes the client.
    Raises ``OSError`` when the address cannot be bound.
    """

    thread_name = "esgkg-front"

    def __init__(self, host: str, port: int, handler: Callable[[Self], type[BaseHTTPRequestHandler]]) -> None:
        self.client = httpx.Client(timeout=httpx.Timeout(None, connect=10.0))
        server_class = _ThreadingHTTPServer6 if ":" in host else ThreadingHTTPServer
        self.httpd = server_class((host, port), handler(self))
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    def start(self) -> Self:
        self.thread = threading.Thread(target=self.httpd.serve_forever, name=self.thread_name, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.client.close()
