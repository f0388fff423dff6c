"""`esgkg push` to stores that want credentials: a real OpenLink Virtuoso (Digest), and a small Basic-auth
server that also checks extra headers; one line per HTTP failure."""
from __future__ import annotations

import base64
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from esgkg.cli import main
from esgkg.serve import count_remote
from esgkg.store import Store

from .conftest import EXAMPLES
from .test_sparql_cli import build_fixture_store
from .virtuoso import PASSWORD, USER


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    return build_fixture_store(tmp_path_factory.mktemp("push"))


@pytest.fixture
def push(capfd):
    """``esgkg push ARGS`` run in this process; returns (returncode, stdout, stderr)."""

    def run(*args: str) -> subprocess.CompletedProcess:
        capfd.readouterr()
        code = main(["push", *args])
        out, err = capfd.readouterr()
        return subprocess.CompletedProcess([], code, out, err)

    return run


def one_line(proc: subprocess.CompletedProcess, *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    for w in words:
        assert w in proc.stderr, proc.stderr


def test_push_to_virtuoso_with_digest_credentials_then_counts_agree(store_dir, virtuoso, push):
    local = Store(store_dir, read_only=True)
    graphs, quads = [str(g) for g in local.named_graphs()], len(local)
    del local
    where = ["--endpoint", virtuoso.endpoint, "--graph-store", virtuoso.graph_store, "--store", str(store_dir)]
    one_line(push(*where), "HTTP 401", "credentials")
    one_line(push(*where, "--user", USER, "--password", "wrong"), "HTTP 401")
    for _ in range(2):  # pushing again replaces each graph: nothing doubles
        proc = push(*where, "--user", USER, "--password", PASSWORD)
        assert proc.returncode == 0, proc.stderr
        assert count_remote(virtuoso.endpoint, graphs=graphs) == quads
    proc = push(*where, "--user", USER, "--password", PASSWORD, "--auth", "digest")
    assert proc.returncode == 0 and count_remote(virtuoso.endpoint, graphs=graphs) == quads


class BasicAuthStore(BaseHTTPRequestHandler):
    """A Graph Store that wants Basic credentials and an API key header; keeps what it was sent."""

    received: list[tuple[str, bytes]] = []

    def log_message(self, *args) -> None:
        return

    def do_PUT(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        expected = "Basic " + base64.b64encode(b"ana:s3cret").decode()
        if self.headers.get("Authorization") != expected:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="graphs"')
            self.end_headers()
            return
        if self.headers.get("X-Api-Key") != "k-42":
            self.send_response(403)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body><h1>Forbidden</h1><p>missing API key</p></body></html>")
            return
        self.received.append((self.path, body))
        self.send_response(204)
        self.end_headers()


def test_push_with_basic_credentials_and_extra_headers(store_dir, push):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BasicAuthStore)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/graphs"
    try:
        base = ["--endpoint", url, "--store", str(store_dir)]
        one_line(push(*base, "--user", "ana", "--password", "s3cret"), "HTTP 403", "missing API key")
        one_line(push(*base, "-H", "X-Api-Key: k-42"), "HTTP 401")
        one_line(push(*base, "-H", "X-Api-Key k-42"), "expected 'Name: value'")
        for scheme in ("auto", "basic"):
            BasicAuthStore.received.clear()
            proc = push(*base, "--user", "ana", "--password", "s3cret", "--auth", scheme, "-H", "X-Api-Key: k-42")
            assert proc.returncode == 0, proc.stderr
            assert len(BasicAuthStore.received) == 1 + len(list(EXAMPLES.iterdir())) and all(path.startswith("/graphs?graph=") for path, _ in BasicAuthStore.received)
    finally:
        httpd.shutdown()
        httpd.server_close()
