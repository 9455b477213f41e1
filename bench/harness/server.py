"""The server every driver talks to, and how each driver is told where it is.

Either the bundled test server (built with ``go build`` and started on loopback) or
the one in ``MSSQL_CONNECTION_STRING``. Each driver gets a ``spec``: host, port,
database, user, password, ca_file, the original string, and, when the variable
``BENCH_<DRIVER>_CONNECT`` is set, an override (an ODBC-style string for the ODBC and
mssql_python drivers, JSON keyword arguments for pymssql and pytds).
"""

import json
import os
import signal
import subprocess
import threading
from pathlib import Path

JSON_DRIVERS = ("pymssql", "pytds")
START_TIMEOUT = 120


class TestServer:
    """tests_go/cmd/tdsserver, running until stop()."""

    def __init__(self, source: Path, workdir: Path, log_path: Path):
        binary = workdir / "tdsserver"
        workdir.mkdir(parents=True, exist_ok=True)
        with open(log_path, "w") as log:
            built = subprocess.run(["go", "build", "-o", str(binary), "./tests_go/cmd/tdsserver"],
                                   cwd=source, stdout=log, stderr=subprocess.STDOUT, timeout=900)
        if built.returncode != 0:
            raise RuntimeError("go build ./tests_go/cmd/tdsserver failed:\n"
                               + "\n".join(Path(log_path).read_text().splitlines()[-10:]))
        self.log = open(log_path, "a")
        self.proc = subprocess.Popen([str(binary), "-listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                                     stderr=self.log, text=True)
        self.info = self._announcement()

    def _announcement(self):
        found = {}
        reader = threading.Thread(target=lambda: found.update(json.loads(self.proc.stdout.readline())),
                                  daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        if not found:
            self.stop()
            raise RuntimeError(f"the test server did not announce itself; see {self.log.name}")
        return found

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def parse_odbc(conn_str):
    """Key/value pairs of an ODBC-style connection string (keys lower-cased)."""
    pairs, index, text = {}, 0, conn_str
    while index < len(text):
        equals = text.find("=", index)
        if equals < 0:
            break
        key = text[index:equals].strip().lower()
        index = equals + 1
        if text[index:index + 1] == "{":
            value, index = _braced(text, index + 1)
            index = text.find(";", index) + 1 or len(text)
        else:
            end = text.find(";", index)
            end = len(text) if end < 0 else end
            value, index = text[index:end].strip(), end + 1
        if key:
            pairs[key] = value
    return pairs


def _braced(text, index):
    value = []
    while index < len(text):
        if text[index] == "}":
            if text[index + 1:index + 2] == "}":
                value.append("}")
                index += 2
                continue
            return "".join(value), index + 1
        value.append(text[index])
        index += 1
    raise ValueError("unterminated '{' in the connection string")


def _host_port(server):
    server = server.split(":", 1)[1] if server.lower().startswith("tcp:") else server
    host, _, port = server.partition(",")
    return host.split("\\")[0].strip(), int(port or 1433)


def base_spec(conn_str, ca_file=None):
    """The driver-neutral description of the server in ``conn_str``."""
    pairs = parse_odbc(conn_str)
    host, port = _host_port(pairs.get("server") or pairs.get("addr") or pairs.get("address", ""))
    trust = pairs.get("trustservercertificate", "").lower() in ("yes", "true", "1")
    return {"connection_string": conn_str, "host": host, "port": port,
            "database": pairs.get("database") or pairs.get("initial catalog") or "master",
            "user": pairs.get("uid") or pairs.get("user id") or pairs.get("user", ""),
            "password": pairs.get("pwd") or pairs.get("password", ""),
            "ca_file": ca_file or pairs.get("servercertificate"),
            "trust_server_certificate": trust}


def driver_spec(base, driver_name, environ=os.environ):
    """``base`` plus the driver's override from BENCH_<DRIVER>_CONNECT, if set."""
    spec = dict(base)
    raw = environ.get(f"BENCH_{driver_name.upper()}_CONNECT")
    if raw:
        spec["override"] = json.loads(raw) if driver_name in JSON_DRIVERS else raw
    return spec
