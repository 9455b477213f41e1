"""The benchmark's data: table shapes, the seed statements, and Python-side rows.

The seeded tables are built on the server from GENERATE_SERIES (SQL Server 2022+),
so seeding costs one statement per table whatever the driver; ``mixed_rows`` and
``int_rows`` build in Python the very values those tables hold, for the pickle limit.
"""

import datetime
import decimal
import hashlib
import uuid

MIXED_COLUMNS = ("i int NOT NULL, b bigint, f float, d decimal(18,4), nv nvarchar(50), "
                 "v varchar(50), dt datetime2, bt bit, u uniqueidentifier, ni int NULL")
MIXED_SELECT = "SELECT i, b, f, d, nv, v, dt, bt, u, ni FROM bench_mixed"
INTS_SELECT = "SELECT i FROM bench_ints"
TEXT_SELECT = "SELECT id, t FROM bench_text"
# Loaded by executemany (workload 4) and bulk copy (workload 5): (name, SQL type).
LOAD_COLUMNS = (("i", "int"), ("s", "nvarchar(50)"), ("f", "float"), ("d", "decimal(18,4)"),
                ("dt", "datetime2"))
EPOCH = datetime.datetime(2024, 1, 1)


def seed_statements(sizes):
    """The statements that (re)create and fill the three read-only tables."""
    mixed = ("INSERT INTO bench_mixed SELECT value, CAST(value AS bigint) * 3000000007, "
             "CAST(value AS float) / 7, CAST(value AS decimal(18,4)) / 16, "
             "N'Zürich-' + CAST(value AS nvarchar(20)), 'city-' + CAST(value AS varchar(20)), "
             "DATEADD(millisecond, value * 7, CAST('2024-01-01' AS datetime2)), "
             "CAST(value % 2 AS bit), "
             "CAST(HASHBYTES('MD5', CAST(value AS varchar(12))) AS uniqueidentifier), "
             "CASE WHEN value % 10 = 0 THEN NULL ELSE value END "
             f"FROM GENERATE_SERIES(1, {sizes['mixed_rows']})")
    text = ("INSERT INTO bench_text SELECT value, "
            f"REPLICATE(CAST(N'0123456789' AS nvarchar(max)), {sizes['text_chars'] // 10}) "
            f"FROM GENERATE_SERIES(1, {sizes['text_rows']})")
    return [
        "DROP TABLE IF EXISTS bench_mixed", f"CREATE TABLE bench_mixed ({MIXED_COLUMNS})", mixed,
        "DROP TABLE IF EXISTS bench_ints", "CREATE TABLE bench_ints (i int NOT NULL)",
        f"INSERT INTO bench_ints SELECT value FROM GENERATE_SERIES(1, {sizes['int_rows']})",
        "DROP TABLE IF EXISTS bench_text", "CREATE TABLE bench_text (id int NOT NULL, t nvarchar(max))",
        text,
    ]


def memory_select(rows):
    """The query whose rows the memory workload iterates (no table needed)."""
    return f"SELECT value FROM GENERATE_SERIES(1, {rows})"


def mixed_row(i, uuid_as_str=False):
    """Row ``i`` of bench_mixed as Python values of the DB-API types."""
    guid = uuid.UUID(bytes_le=hashlib.md5(str(i).encode()).digest())
    return (i, i * 3000000007, i / 7, (decimal.Decimal(i) / 16).quantize(decimal.Decimal("0.0001")),
            f"Zürich-{i}", f"city-{i}", EPOCH + datetime.timedelta(milliseconds=7 * i),
            i % 2 == 1, str(guid).upper() if uuid_as_str else guid, None if i % 10 == 0 else i)


def mixed_rows(count, uuid_as_str=False):
    return [mixed_row(i, uuid_as_str) for i in range(1, count + 1)]


def int_rows(count):
    return [(i,) for i in range(1, count + 1)]


def load_rows(count):
    """Rows for the executemany and bulk-load workloads (LOAD_COLUMNS)."""
    return [(i, f"name-{i}", i / 3, (decimal.Decimal(i) / 8).quantize(decimal.Decimal("0.0001")),
             EPOCH + datetime.timedelta(seconds=i)) for i in range(count)]


def load_table_sql(table):
    columns = ", ".join(f"{name} {sqltype}" for name, sqltype in LOAD_COLUMNS)
    return f"CREATE TABLE {table} ({columns})"
