"""pymssql (Cython over FreeTDS's db-lib, bundled in its wheel)."""

import pymssql

from .common import Unsupported, dist_version, no_arrow

PARAM = "%s"


def version():
    return dist_version("pymssql")


def connect(spec, pooled=False):
    if pooled:
        raise Unsupported("pymssql has no connection pool")
    if spec.get("override"):
        return pymssql.connect(**spec["override"])
    return pymssql.connect(server=spec["host"], port=str(spec["port"]), user=spec["user"],
                           password=spec["password"], database=spec["database"],
                           autocommit=True, tds_version="7.4", encryption="require")


def set_pooling(enabled):
    if enabled:
        raise Unsupported("pymssql has no connection pool")


def executemany(conn, cursor, sql, rows, plain=False):
    cursor.executemany(sql, rows)
    return "cursor.executemany (one statement per row)"


def bulk_load(conn, cursor, table, columns, rows):
    conn.bulk_copy(table, rows, batch_size=10_000)
    return "Connection.bulk_copy (batch_size=10000)"


def arrow_fetch(conn, cursor, sql):
    no_arrow("pymssql")
