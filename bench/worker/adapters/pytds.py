"""python-tds (pytds): TDS in pure Python."""

import pytds
from pytds import tds_base, tds_types

from .common import Unsupported, dist_version, no_arrow

PARAM = "%s"
_pooling = False

# SQL type name (as the harness declares its tables) -> a pytds column type.
COLUMN_TYPES = {
    "int": tds_types.IntType,
    "float": tds_types.FloatType,
    "datetime2": lambda: tds_types.DateTime2Type(precision=7),
    "nvarchar(50)": lambda: tds_types.NVarCharType(size=50),
    "decimal(18,4)": lambda: tds_types.DecimalType(precision=18, scale=4),
}


def version():
    return dist_version("python-tds")


def connect(spec, pooled=False):
    if spec.get("override"):
        return pytds.connect(**spec["override"], autocommit=True, pooling=_pooling)
    if not spec.get("ca_file"):
        raise Unsupported("pytds verifies TLS against a CA file only: set BENCH_PYTDS_CONNECT "
                          "to JSON keyword arguments with cafile (or without TLS)")
    return pytds.connect(spec["host"], port=int(spec["port"]), database=spec["database"],
                         user=spec["user"], password=spec["password"], cafile=spec["ca_file"],
                         validate_host=False, autocommit=True, pooling=_pooling)


def set_pooling(enabled):
    global _pooling
    _pooling = enabled


def executemany(conn, cursor, sql, rows, plain=False):
    cursor.executemany(sql, rows)
    return "cursor.executemany"


def bulk_load(conn, cursor, table, columns, rows):
    metadata = [tds_base.Column(name=name, type=COLUMN_TYPES[sqltype](),
                                flags=tds_base.Column.fNullable) for name, sqltype in columns]
    cursor.copy_to(table_or_view=table, data=rows, columns=metadata)
    return "cursor.copy_to (INSERT BULK)"


def arrow_fetch(conn, cursor, sql):
    no_arrow("pytds")
