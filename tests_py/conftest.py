"""Shared fixtures: a connection string for a SQL Server, connections and cursors.

``MSSQL_CONNECTION_STRING`` names a server when set; otherwise the project's TDS test
server is built once (``go build ./tests_go/cmd/tdsserver`` into a temporary directory),
started on a free loopback port and stopped at the end of the session.

mssql_python is imported from wherever Python finds it: the installed wheel in CI, or
``PYTHONPATH=python`` by hand while developing (this file never edits sys.path).
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVER_START_TIMEOUT = 120


def _build_server(tmp: Path) -> Path:
    binary = tmp / ("tdsserver.exe" if sys.platform == "win32" else "tdsserver")
    subprocess.run(["go", "build", "-o", str(binary), "./tests_go/cmd/tdsserver"],
                   cwd=ROOT, check=True, timeout=600)
    return binary


def _read_announcement(proc: subprocess.Popen) -> dict:
    result: dict = {}

    def read():
        line = proc.stdout.readline()
        if line:
            result.update(json.loads(line))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(SERVER_START_TIMEOUT)
    if not result:
        proc.kill()
        raise RuntimeError("the test server did not announce itself; see its stderr above")
    return result


@pytest.fixture(scope="session")
def server_info():
    """The running test server's JSON announcement, or None for an external server."""
    if os.environ.get("MSSQL_CONNECTION_STRING"):
        yield None
        return
    tmp = Path(tempfile.mkdtemp(prefix="mssql-python-tests-"))
    proc = None
    try:
        binary = _build_server(tmp)
        proc = subprocess.Popen([str(binary), "-listen", "127.0.0.1:0"],
                                stdout=subprocess.PIPE, text=True)
        yield _read_announcement(proc)
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def conn_str(server_info):
    """The connection string every integration test uses."""
    if server_info is None:
        return os.environ["MSSQL_CONNECTION_STRING"]
    return server_info["connection_string"]


@pytest.fixture
def conn(conn_str):
    import mssql_python
    connection = mssql_python.connect(conn_str)
    yield connection
    connection.close()


@pytest.fixture
def cursor(conn):
    cur = conn.cursor()
    yield cur
    cur.close()


@pytest.fixture
def table_name():
    """A unique name for a temporary table (``#t_...``)."""
    return "#t_" + uuid.uuid4().hex[:12]
