"""A throw-away OpenLink Virtuoso server for the tests (Debian's ``virtuoso-opensource``).

It gets a fresh database in a temporary folder and two free ports on 127.0.0.1 (SQL and HTTP), and a
user ``pusher`` (password ``secret``) allowed SPARQL Update, which Virtuoso's Graph Store endpoint
``/sparql-graph-crud-auth`` checks with HTTP Digest authentication.  ``.ci/run`` installs the package;
elsewhere the tests that need it are skipped with a reason (failed in CI).
"""
from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx

from esgkg.serve import free_port

USER, PASSWORD = "pusher", "secret"

INI = """[Database]
DatabaseFile = {root}/virtuoso.db
ErrorLogFile = {root}/virtuoso.log
LockFile = {root}/virtuoso.lck
TransactionFile = {root}/virtuoso.trx
xa_persistent_file = {root}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {root}/virtuoso-temp.db
TransactionFile = {root}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
ServerThreads = 10
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {root}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {root}
ServerThreads = 10
MaxClientConnections = 8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 120
"""


def binaries() -> tuple[str, str] | None:
    """``virtuoso-t`` and ``isql-vt`` (Debian's names), or None when Virtuoso is not installed."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    return (server, isql) if server and isql else None


class Virtuoso:
    """``virtuoso-t -f`` on a new database under ``root``; ``with Virtuoso(root) as v: v.endpoint``."""

    def __init__(self, root: Path) -> None:
        found = binaries()
        assert found, "virtuoso-opensource is not installed"
        self.server_bin, self.isql_bin = found
        self.root = Path(root)
        self.sql_port, self.http_port = free_port(), free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def endpoint(self) -> str:
        """The SPARQL endpoint (queries; no authentication)."""
        return self.base + "/sparql"

    @property
    def graph_store(self) -> str:
        """The Graph Store Protocol endpoint that asks for (Digest) credentials."""
        return self.base + "/sparql-graph-crud-auth"

    def start(self, wait_s: float = 90.0) -> Virtuoso:
        self.root.mkdir(parents=True, exist_ok=True)
        ini = self.root / "virtuoso.ini"
        ini.write_text(INI.format(root=self.root, sql_port=self.sql_port, http_port=self.http_port), encoding="utf-8")
        self.process = subprocess.Popen([self.server_bin, "-f", "-c", str(ini)], cwd=self.root,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + wait_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.root / "virtuoso.log").read_text(errors="replace")[-2000:] if (self.root / "virtuoso.log").exists() else ""
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {log}")
            try:
                if httpx.get(self.endpoint, params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            self.stop()
            raise RuntimeError(f"virtuoso-t did not answer on {self.endpoint} within {wait_s:.0f} s")
        self.sql(f"DB.DBA.USER_CREATE('{USER}', '{PASSWORD}'); GRANT SPARQL_UPDATE TO \"{USER}\";")
        return self

    def sql(self, statements: str) -> str:
        """Run SQL as dba through isql; raises on an error."""
        proc = subprocess.run([self.isql_bin, f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={statements}"],
                              capture_output=True, text=True, timeout=60)
        if proc.returncode != 0 or "*** Error" in proc.stdout + proc.stderr:
            raise RuntimeError(f"isql: {proc.stdout} {proc.stderr}")
        return proc.stdout

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Virtuoso:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
