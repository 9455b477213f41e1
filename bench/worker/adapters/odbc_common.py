"""What the two pyodbc adapters share."""

import pyodbc

from .common import no_arrow, no_bulk

pyodbc.pooling = False  # set before the first connect; see set_pooling


def connect(conn_str):
    return pyodbc.connect(conn_str, autocommit=True)


def set_pooling(enabled):
    """pyodbc's pooling is the driver manager's (unixODBC), configured by odbcinst.ini.

    The harness points ODBCSYSINI at its own odbcinst.ini with ``Pooling=Yes`` for
    the pooled run; whether sessions are really reused is observed (@@SPID).
    """
    pyodbc.pooling = enabled


def executemany(conn, cursor, sql, rows, plain=False):
    cursor.fast_executemany = not plain
    cursor.executemany(sql, rows)
    return "cursor.executemany" if plain else "fast_executemany"


def bulk_load(conn, cursor, table, columns, rows):
    no_bulk("pyodbc", " (its fastest load is fast_executemany, workload 4)")


def arrow_fetch(conn, cursor, sql):
    no_arrow("pyodbc")
