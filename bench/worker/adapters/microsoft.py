"""Microsoft's mssql-python from PyPI (``import mssql_python``, ODBC Driver 18 inside)."""

import mssql_python

from .common import microsoft_style, dist_version

PARAM = "?"


def version():
    return dist_version("mssql-python")


def connect(spec, pooled=False):
    return mssql_python.connect(microsoft_style(spec), autocommit=True)


def set_pooling(enabled):
    if enabled:
        mssql_python.pooling(max_size=100, idle_timeout=600)
    else:
        mssql_python.pooling(enabled=False)


def executemany(conn, cursor, sql, rows, plain=False):
    cursor.executemany(sql, rows)
    return "cursor.executemany (parameter arrays)"


def bulk_load(conn, cursor, table, columns, rows):
    cursor.bulkcopy(table, rows)
    return "cursor.bulkcopy"


def arrow_fetch(conn, cursor, sql):
    cursor.execute(sql)
    return cursor.arrow()
