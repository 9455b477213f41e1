"""The interface every adapter module provides, and helpers they share.

An adapter module defines:

- ``PARAM``: the placeholder of its parameter style (``?`` or ``%s``).
- ``version()``: the driver's version string.
- ``connect(spec, pooled=False)``: a DB-API connection in autocommit mode.
- ``set_pooling(enabled)``: switch the driver's own pooling, before the first connect.
- ``executemany(conn, cursor, sql, rows, plain=False)``: the driver's fastest documented
  way to run one statement over many rows (``plain``: its ordinary executemany, the
  harness's retry when the fast way crashed); returns a label naming the way.
- ``bulk_load(conn, cursor, table, columns, rows)``: bulk copy; returns a label.
- ``arrow_fetch(conn, cursor, sql)``: a pyarrow Table of the query's rows.

Anything a driver does not have raises :class:`Unsupported` with the reason.
``spec`` is the connection description made by ``harness.server``: host, port,
database, user, password, ca_file, the original connection string and an optional
per-driver ``override`` (an ODBC-style string or a dict of keyword arguments).
"""

from importlib import metadata


class Unsupported(Exception):
    """The driver has no such feature (the message says why)."""


def dist_version(*names):
    """The installed version of the first distribution found among ``names``."""
    for name in names:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return "unknown"


def odbc_string(pairs):
    """An ODBC connection string from (key, value) pairs, braced where needed."""
    parts = []
    for key, value in pairs:
        text = str(value)
        if any(ch in text for ch in ";{}=") or text != text.strip():
            text = "{" + text.replace("}", "}}") + "}"
        parts.append(f"{key}={text}")
    return ";".join(parts)


def microsoft_style(spec, driver=None):
    """The connection string for Microsoft's ODBC-based stacks (TLS, not verified).

    ODBC Driver 18 verifies the server against the system's trust store only, so
    for a server whose certificate is a file (the test server) it is told to trust
    the certificate, as its documentation says for self-signed ones.
    """
    if spec.get("override"):
        return spec["override"]
    pairs = [("Driver", driver)] if driver else []
    pairs += [("Server", f"tcp:{spec['host']},{spec['port']}"), ("Database", spec["database"]),
              ("UID", spec["user"]), ("PWD", spec["password"]), ("Encrypt", "yes")]
    if spec.get("ca_file") or spec.get("trust_server_certificate"):
        pairs.append(("TrustServerCertificate", "yes"))
    return odbc_string(pairs)


def no_bulk(name, why):
    """Raise Unsupported for a driver without bulk copy."""
    raise Unsupported(f"{name} has no bulk copy API{why}")


def no_arrow(name):
    """Raise Unsupported for a driver without an Arrow fetch."""
    raise Unsupported(f"{name} has no Arrow fetch")
