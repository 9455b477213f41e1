"""Types both ways (reference §5): fetched values and description type codes, and Python
parameters stored into typed columns and read back."""

import datetime
import uuid
from decimal import Decimal

import pytest

import mssql_python

D = datetime
TZ = D.timezone(D.timedelta(hours=5, minutes=30))
U = uuid.UUID("6F9619FF-8B86-D011-B42D-00C04FC964FF")

FETCHED = [
    ("CAST(1 AS tinyint)", 1, int),
    ("CAST(-2 AS smallint)", -2, int),
    ("CAST(2147483647 AS int)", 2147483647, int),
    ("CAST(-9223372036854775808 AS bigint)", -9223372036854775808, int),
    ("CAST(1 AS bit)", True, bool),
    ("CAST(0 AS bit)", False, bool),
    ("CAST(123.4500 AS decimal(10,4))", Decimal("123.4500"), Decimal),
    ("CAST(-0.5 AS numeric(5,1))", Decimal("-0.5"), Decimal),
    ("CAST(12345678901234567890123456789.123456789 AS decimal(38,9))",
     Decimal("12345678901234567890123456789.123456789"), Decimal),
    ("CAST(922337203685477.5807 AS money)", Decimal("922337203685477.5807"), Decimal),
    ("CAST(-214748.3648 AS smallmoney)", Decimal("-214748.3648"), Decimal),
    ("CAST(1.5 AS float)", 1.5, float),
    ("CAST(0.25 AS real)", 0.25, float),
    ("CAST('abc' AS char(5))", "abc  ", str),
    ("CAST('abc' AS varchar(10))", "abc", str),
    ("CAST(N'Zürich 日本 😀' AS nvarchar(20))", "Zürich 日本 😀", str),
    ("CAST(N'x' AS nchar(3))", "x  ", str),
    ("CAST(REPLICATE(CAST('a' AS varchar(max)), 10000) AS varchar(max))", "a" * 10000, str),
    ("CAST(REPLICATE(CAST(N'é' AS nvarchar(max)), 5000) AS nvarchar(max))", "é" * 5000, str),
    ("CAST('<a>1</a>' AS xml)", "<a>1</a>", str),
    ("CAST(0x00FF10 AS varbinary(10))", b"\x00\xff\x10", bytes),
    ("CAST(0x01 AS binary(3))", b"\x01\x00\x00", bytes),
    ("CAST(REPLICATE(CAST(0xAB AS varbinary(max)), 9000) AS varbinary(max))", b"\xab" * 9000,
     bytes),
    ("CAST('2024-02-29' AS date)", D.date(2024, 2, 29), D.date),
    ("CAST('23:59:58.1234567' AS time(7))", D.time(23, 59, 58, 123456), D.time),
    ("CAST('2024-01-02 03:04:05.123' AS datetime)", D.datetime(2024, 1, 2, 3, 4, 5, 123000),
     D.datetime),
    ("CAST('2024-01-02 03:04:00' AS smalldatetime)", D.datetime(2024, 1, 2, 3, 4), D.datetime),
    ("CAST('0001-01-01 00:00:00.1234567' AS datetime2(7))", D.datetime(1, 1, 1, 0, 0, 0, 123456),
     D.datetime),
    ("CAST('2024-01-02 03:04:05.5 +05:30' AS datetimeoffset(3))",
     D.datetime(2024, 1, 2, 3, 4, 5, 500000, tzinfo=TZ), D.datetime),
    (f"CAST('{U}' AS uniqueidentifier)", U, uuid.UUID),
    ("CAST(NULL AS int)", None, int),
    ("CAST(NULL AS nvarchar(5))", None, str),
]


@pytest.mark.parametrize("expr,value,type_code", FETCHED,
                         ids=[(f.values if hasattr(f, "values") else f)[0][:40] for f in FETCHED])
def test_fetched_value_and_type_code(cursor, expr, value, type_code):
    row = cursor.execute(f"SELECT {expr} AS v").fetchone()
    assert row[0] == value and type(row[0]) is type(value)
    assert cursor.description[0][1] is type_code


def test_fetched_uuids_are_whole_uuid_objects(cursor):
    # Several in one batch: the encoder builds each in C through a reused memo slot.
    rows = cursor.execute(f"SELECT CAST('{U}' AS uniqueidentifier), NEWID() "
                          "FROM GENERATE_SERIES(1, 300)").fetchall()
    assert all(row[0] == U for row in rows)
    assert len({row[1] for row in rows}) == 300
    for got in (rows[0][0], rows[-1][1]):
        assert got == uuid.UUID(str(got)) and hash(got) == hash(uuid.UUID(str(got)))
        assert got.is_safe is uuid.SafeUUID.unknown and got.version == uuid.UUID(str(got)).version


def test_datetimeoffset_keeps_its_offset(cursor):
    v = cursor.execute("SELECT CAST('2024-01-02 03:04:05 -08:00' AS datetimeoffset)").fetchval()
    assert v.utcoffset() == D.timedelta(hours=-8) and v.hour == 3


def test_sql_variant_gives_the_base_types_value(cursor):
    row = cursor.execute("SELECT CAST(CAST(5 AS int) AS sql_variant), "
                         "CAST(N'txt' AS sql_variant), CAST(CAST(1.5 AS decimal(3,1)) AS sql_variant)"
                         ).fetchone()
    assert row == (5, "txt", Decimal("1.5"))
    assert cursor.description[0][1] is str


def test_native_uuid_false_gives_upper_case_str(conn_str):
    with mssql_python.connect(conn_str, native_uuid=False) as conn:
        v = conn.cursor().execute(f"SELECT CAST('{U}' AS uniqueidentifier)").fetchval()
        assert v == str(U).upper()
    mssql_python.native_uuid = False
    try:
        with mssql_python.connect(conn_str) as conn:
            assert isinstance(conn.cursor().execute(f"SELECT CAST('{U}' AS uniqueidentifier)")
                              .fetchval(), str)
    finally:
        mssql_python.native_uuid = True


ROUND_TRIP = [
    ("int", 123456), ("bigint", -(2 ** 62)), ("smallint", -300), ("tinyint", 255),
    ("bit", True), ("float", 1.0 / 3), ("real", 0.5), ("decimal(38,10)", Decimal("-1234567890.0123456789")),
    ("numeric(5,2)", Decimal("1.50")), ("money", Decimal("12.3456")),
    ("varchar(20)", "plain"), ("nvarchar(20)", "ünïcødé ✓"), ("nvarchar(max)", "x" * 20000),
    ("varchar(max)", "y" * 9000), ("varbinary(20)", b"\x00\x01\xff"),
    ("varbinary(max)", bytes(range(256)) * 40), ("date", D.date(1999, 12, 31)),
    ("time(6)", D.time(1, 2, 3, 456789)), ("datetime2(6)", D.datetime(2024, 5, 6, 7, 8, 9, 123456)),
    ("datetime", D.datetime(2024, 5, 6, 7, 8, 9)), ("datetimeoffset(6)", D.datetime(2024, 5, 6, 7, 8, 9, 1, tzinfo=TZ)),
    ("uniqueidentifier", U), ("nvarchar(10)", None),
    # None has no type: the server is asked which one it expects (no implicit conversion
    # from varchar, the default, to varbinary)
    ("varbinary(10)", None), ("varbinary(max)", None), ("date", None), ("float", None),
]


@pytest.mark.parametrize("sql_type,value", ROUND_TRIP,
                         ids=[(r.values if hasattr(r, "values") else r)[0] for r in ROUND_TRIP])
def test_parameter_round_trip_through_a_typed_column(cursor, table_name, sql_type, value):
    cursor.execute(f"CREATE TABLE {table_name} (v {sql_type})")
    cursor.execute(f"INSERT INTO {table_name} VALUES (?)", value)
    back = cursor.execute(f"SELECT v FROM {table_name}").fetchval()
    assert back == value


@pytest.mark.parametrize("value", [0, -1, 2 ** 40, 1.25, Decimal("3.14159"), "s", "ß", b"b",
                                   D.date(2020, 1, 1), D.time(12, 0), D.datetime(2020, 1, 1, 1),
                                   U, True, None])
def test_parameter_echo(cursor, value):
    assert cursor.execute("SELECT ?", value).fetchval() == value


def test_decimal_is_exact(cursor):
    value = Decimal("0.1000000000000000000000000000000000001")
    assert cursor.execute("SELECT ?", value).fetchval() == value


def test_varchar_vs_nvarchar_choice_is_visible_to_the_server(cursor):
    row = cursor.execute("SELECT DATALENGTH(?), DATALENGTH(?)", "ascii", "ünicode").fetchone()
    assert row == (5, 14), "varchar: one byte per character; nvarchar: two"


def test_nul_in_strings_round_trips(cursor):
    assert cursor.execute("SELECT ?", "a\x00b").fetchval() == "a\x00b"


def test_out_of_range_values(cursor, table_name):
    cursor.execute(f"CREATE TABLE {table_name} (t tinyint, d decimal(3,1))")
    with pytest.raises(mssql_python.DataError):
        cursor.execute(f"INSERT INTO {table_name} (t) VALUES (?)", 300)
    with pytest.raises(mssql_python.DataError):
        cursor.execute(f"INSERT INTO {table_name} (d) VALUES (?)", Decimal("12345.6"))
    with pytest.raises(ValueError):
        cursor.execute("SELECT ?", Decimal("1" * 40))
    with pytest.raises(ValueError):
        cursor.execute("SELECT ?", Decimal("NaN"))


def test_none_parameters_take_the_types_the_server_expects(cursor, table_name):
    cursor.execute(f"CREATE TABLE {table_name} (id int, b varbinary(20), d datetime2, s nvarchar(5))")
    cursor.executemany(f"INSERT INTO {table_name} VALUES (?, ?, ?, ?)",
                       [(1, None, None, "a"), (2, None, None, None)])
    cursor.execute(f"UPDATE {table_name} SET b = ? WHERE id = ? AND b IS NULL", None, 1)
    assert cursor.rowcount == 1
    rows = cursor.execute(f"SELECT id, b, d, s FROM {table_name} ORDER BY id").fetchall()
    assert rows == [(1, None, None, "a"), (2, None, None, None)]
    # a statement the server cannot describe still runs, None declared as before
    assert cursor.execute("SELECT ?", None).fetchval() is None
