"""mssql-python-go: this project's driver (``import mssql_python``, Go engine)."""

import mssql_python

from .common import Unsupported, dist_version

PARAM = "?"


def version():
    return dist_version("mssql-python-go")


def connect(spec, pooled=False):
    conn_str = spec.get("override") or spec["connection_string"]
    return mssql_python.connect(conn_str, autocommit=True)


def set_pooling(enabled):
    mssql_python.pooling(enabled=enabled)


def executemany(conn, cursor, sql, rows, plain=False):
    cursor.executemany(sql, rows)
    return "cursor.executemany"


def bulk_load(conn, cursor, table, columns, rows):
    if not hasattr(cursor, "bulkcopy"):
        raise Unsupported("cursor.bulkcopy does not exist in this build")
    try:
        cursor.bulkcopy(table, rows)
    except mssql_python.NotSupportedError as exc:
        raise Unsupported(f"cursor.bulkcopy: NotSupportedError: {exc}") from exc
    return "cursor.bulkcopy"


def arrow_fetch(conn, cursor, sql):
    cursor.execute(sql)
    try:
        return cursor.arrow()
    except mssql_python.NotSupportedError as exc:
        raise Unsupported(f"cursor.arrow: NotSupportedError: {exc}") from exc
