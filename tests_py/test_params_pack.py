"""Parameter type choice (reference §5.2) and the columnar buffer of docs/formats.md §1.

The buffer is decoded here by an independent reader written from the format document.
"""

import datetime
import struct
import uuid
from decimal import Decimal

import pytest

from mssql_python import SQL_DECIMAL, SQL_INTEGER, SQL_VARCHAR, SQL_WVARCHAR
from mssql_python._params import pack

PT = {name: i for i, name in enumerate(
    "NULL BIT TINYINT SMALLINT INT BIGINT REAL FLOAT DECIMAL MONEY SMALLMONEY VARCHAR "
    "NVARCHAR BINARY VARBINARY DATE TIME DATETIME SMALLDATETIME DATETIME2 DATETIMEOFFSET "
    "UNIQUEIDENTIFIER XML CHAR NCHAR TEXT NTEXT IMAGE".split())}
NAMES = {v: k for k, v in PT.items()}
FIXED = {"BIT": 1, "TINYINT": 8, "SMALLINT": 8, "INT": 8, "BIGINT": 8, "REAL": 8, "FLOAT": 8,
         "DATE": 4, "TIME": 8, "DATETIME": 12, "SMALLDATETIME": 12, "DATETIME2": 12,
         "DATETIMEOFFSET": 14, "UNIQUEIDENTIFIER": 16, "NULL": 0}


def _slot(kind, raw):
    if kind == "BIT":
        return raw[0]
    if kind in ("TINYINT", "SMALLINT", "INT", "BIGINT"):
        return struct.unpack("<q", raw)[0]
    if kind in ("REAL", "FLOAT"):
        return struct.unpack("<d", raw)[0]
    if kind == "DATE":
        return struct.unpack("<HBB", raw)
    if kind == "TIME":
        return struct.unpack("<BBBBI", raw)
    if kind in ("DATETIME", "SMALLDATETIME", "DATETIME2"):
        return struct.unpack("<HBBBBBBI", raw)
    if kind == "DATETIMEOFFSET":
        return struct.unpack("<HBBBBBBIh", raw)
    if kind == "UNIQUEIDENTIFIER":
        return uuid.UUID(bytes=raw)
    raise AssertionError(kind)


def decode(buf):
    magic, ncols, nrows = struct.unpack_from("<4sII", buf, 0)
    assert magic == b"MQP1"
    pos, columns = 12, []
    for _ in range(ncols):
        ptype, flags, name_len = struct.unpack_from("<BBH", buf, pos)
        pos += 4
        name = buf[pos:pos + name_len].decode()
        pos += name_len
        size, precision, scale, has_nulls = struct.unpack_from("<iBBB", buf, pos)
        pos += 7
        nulls = [0] * nrows
        if has_nulls:
            nulls = list(buf[pos:pos + nrows])
            pos += nrows
        kind = NAMES[ptype]
        values = []
        if kind in FIXED:
            width = FIXED[kind]
            for r in range(nrows):
                raw = buf[pos:pos + width]
                pos += width
                values.append(None if nulls[r] or kind == "NULL" else _slot(kind, raw))
        else:
            lengths = struct.unpack_from(f"<{nrows}I", buf, pos)
            pos += 4 * nrows
            for r in range(nrows):
                raw = buf[pos:pos + lengths[r]]
                pos += lengths[r]
                values.append(None if nulls[r] else raw)
        columns.append(dict(type=kind, flags=flags, name=name, size=size, precision=precision,
                            scale=scale, values=values))
    assert pos == len(buf), "trailing bytes"
    return nrows, columns


def one(value, sizes=None):
    buf, _ = pack([(value,)], sizes)
    return decode(buf)[1][0]


@pytest.mark.parametrize("value,kind", [
    (0, "TINYINT"), (255, "TINYINT"), (256, "SMALLINT"), (-1, "SMALLINT"),
    (32767, "SMALLINT"), (-32769, "INT"), (2 ** 31 - 1, "INT"), (2 ** 31, "BIGINT"),
    (-(2 ** 63), "BIGINT"), (2 ** 63 - 1, "BIGINT"),
])
def test_int_type_by_range(value, kind):
    col = one(value)
    assert col["type"] == kind and col["values"] == [value]


@pytest.mark.parametrize("value", [2 ** 63, -(2 ** 63) - 1])
def test_int_beyond_bigint_is_value_error(value):
    with pytest.raises(ValueError, match="out of range for SQL BIGINT"):
        pack([(value,)])


def test_bool_is_bit_not_int():
    assert one(True)["type"] == "BIT" and one(True)["values"] == [1]
    assert one(False)["values"] == [0]


def test_float_is_float():
    col = one(2.5)
    assert col["type"] == "FLOAT" and col["values"] == [2.5]


@pytest.mark.parametrize("value,precision,scale,text", [
    (Decimal("123.45"), 5, 2, b"123.45"),
    (Decimal("-0.0314"), 4, 4, b"-0.0314"),
    (Decimal("1E+3"), 4, 0, b"1000"),
    (Decimal("0"), 1, 0, b"0"),
    (Decimal("0.00"), 2, 2, b"0.00"),
    (Decimal("922337203685477.5807"), 19, 4, b"922337203685477.5807"),
])
def test_decimal_precision_and_scale_from_the_value(value, precision, scale, text):
    col = one(value)
    assert (col["type"], col["precision"], col["scale"], col["values"]) == \
        ("DECIMAL", precision, scale, [text])


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_non_finite_decimal_is_value_error(value):
    with pytest.raises(ValueError, match="non-finite"):
        pack([(value,)])


def test_decimal_over_38_digits_is_value_error():
    with pytest.raises(ValueError, match="38"):
        pack([(Decimal("1" * 39),)])


@pytest.mark.parametrize("value,kind", [
    ("plain ascii", "VARCHAR"), ("", "VARCHAR"), ("Zürich", "NVARCHAR"), ("日本", "NVARCHAR"),
    ("😀", "NVARCHAR"), ("POINT(1 2)", "NVARCHAR"), ("LINESTRING(0 0, 1 1)", "NVARCHAR"),
    ("POLYGON((0 0))", "NVARCHAR"), ("with\x00nul", "VARCHAR"),
])
def test_str_is_varchar_when_ascii_else_nvarchar(value, kind):
    col = one(value)
    assert col["type"] == kind and col["values"] == [value.encode("utf-8")]


def test_lone_surrogate_travels_as_wtf8():
    assert one("a\ud800b")["values"] == [b"a\xed\xa0\x80b"]


@pytest.mark.parametrize("value", [b"\x00\x01", bytearray(b"ab"), memoryview(b"mv"), b""])
def test_binary_is_varbinary(value):
    col = one(value)
    assert col["type"] == "VARBINARY" and col["values"] == [bytes(value)]


def test_dates_and_times():
    assert one(datetime.date(2024, 2, 29))["values"] == [(2024, 2, 29)]
    col = one(datetime.time(23, 59, 58, 123456))
    assert col["type"] == "TIME" and col["values"] == [(23, 59, 58, 0, 123456000)]
    col = one(datetime.datetime(1, 1, 1, 0, 0, 0, 1))
    assert col["type"] == "DATETIME2" and col["values"] == [(1, 1, 1, 0, 0, 0, 0, 1000)]


def test_aware_datetime_is_datetimeoffset_with_wall_clock_and_offset():
    tz = datetime.timezone(datetime.timedelta(hours=-5, minutes=-30))
    col = one(datetime.datetime(2024, 5, 6, 7, 8, 9, 10, tzinfo=tz))
    assert col["type"] == "DATETIMEOFFSET"
    assert col["values"] == [(2024, 5, 6, 7, 8, 9, 0, 10000, -330)]


def test_offset_with_seconds_is_value_error():
    tz = datetime.timezone(datetime.timedelta(seconds=30))
    with pytest.raises(ValueError, match="whole number of minutes"):
        pack([(datetime.datetime(2024, 1, 1, tzinfo=tz),)])


def test_uuid_in_rfc_order():
    u = uuid.UUID("12345678-1234-5678-1234-567812345678")
    col = one(u)
    assert col["type"] == "UNIQUEIDENTIFIER" and col["values"] == [u]


def test_none_alone_is_untyped_null():
    col = one(None)
    assert col["type"] == "NULL" and col["values"] == [None]


@pytest.mark.parametrize("value", [[1], (1,), {"a": 1}, {1}, object(), 1j])
def test_unsupported_value_is_type_error(value):
    with pytest.raises(TypeError, match="Unsupported parameter type"):
        pack([(value,)])


def test_executemany_one_type_per_column_over_all_rows():
    rows = [(1, "a", None, Decimal("1.5")), (70000, "é", b"x", Decimal("-100.25")),
            (None, None, None, 3)]
    nrows, cols = decode(pack(rows)[0])
    assert nrows == 3
    assert [c["type"] for c in cols] == ["INT", "NVARCHAR", "VARBINARY", "DECIMAL"]
    assert cols[0]["values"] == [1, 70000, None]
    assert cols[1]["values"] == [b"a", "é".encode(), None]
    assert cols[2]["values"] == [None, b"x", None]
    assert (cols[3]["precision"], cols[3]["scale"]) == (5, 2)
    assert cols[3]["values"] == [b"1.5", b"-100.25", b"3"]


def test_executemany_ints_and_floats_make_a_float_column():
    cols = decode(pack([(1,), (2.5,)])[0])[1]
    assert cols[0]["type"] == "FLOAT" and cols[0]["values"] == [1.0, 2.5]


def test_executemany_mixed_kinds_is_type_error_naming_the_column():
    with pytest.raises(TypeError, match="Parameter 2 mixes"):
        pack([(1, 1), (2, "x")])


def test_executemany_inconsistent_row_lengths_is_value_error():
    with pytest.raises(ValueError, match="Inconsistent parameter row size"):
        pack([(1, 2), (3,)])


def test_setinputsizes_fixes_type_and_converts_values():
    buf, _ = pack([(5, 7, Decimal("2"))], [(SQL_VARCHAR, 20, 0), (SQL_DECIMAL, 10, 3),
                                             (SQL_INTEGER, 0, 0)])
    cols = decode(buf)[1]
    assert [c["type"] for c in cols] == ["VARCHAR", "DECIMAL", "INT"]
    assert all(c["flags"] & 0x2 for c in cols)
    assert cols[0]["values"] == [b"5"] and cols[0]["size"] == 20
    assert (cols[1]["precision"], cols[1]["scale"], cols[1]["values"]) == (10, 3, [b"7"])
    assert cols[2]["values"] == [2]


def test_setinputsizes_typed_null_and_max():
    cols = decode(pack([(None, "x" * 10)], [(SQL_WVARCHAR, 9000, 0), (SQL_WVARCHAR, 10, 0)])[0])[1]
    assert cols[0]["type"] == "NVARCHAR" and cols[0]["size"] == -1 and cols[0]["values"] == [None]
    assert cols[1]["size"] == 10


def test_setinputsizes_rejects_values_it_cannot_convert():
    with pytest.raises(ValueError, match="Parameter 1"):
        pack([("abc",)], [(SQL_INTEGER, 0, 0)])


def test_names_and_output_flags_for_rpc():
    buf, _ = pack([(1, None)], names=["a", "result"], outputs=[False, True])
    cols = decode(buf)[1]
    assert [(c["name"], c["flags"] & 1) for c in cols] == [("a", 0), ("result", 1)]


@pytest.mark.parametrize("row", [
    (0, 255, 256, -40000, 2 ** 40, True, False, 1.5, "ascii", "Zürich", "POINT(1 2)", "a\ud800",
     b"\x00b", None, "", b""),
    (Decimal("1.5"), datetime.date(2020, 1, 1), uuid.UUID(int=3), bytearray(b"x"), 7),
])
def test_fast_single_row_packing_equals_the_general_path(row):
    from mssql_python._params import pack_row
    assert pack_row(row) == pack([row])[0]


def test_fast_single_row_packing_rejects_huge_ints():
    from mssql_python._params import pack_row
    with pytest.raises(ValueError, match="BIGINT"):
        pack_row((2 ** 64,))


@pytest.mark.parametrize("value", [Decimal("0"), Decimal("-0.0314"), Decimal("1E+3"),
                                   Decimal("123.45"), datetime.datetime(2024, 1, 2, 3, 4, 5, 6),
                                   datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc),
                                   datetime.date(1, 1, 1), uuid.UUID(int=2 ** 100)])
def test_fast_path_for_decimals_dates_and_uuids_equals_the_general_path(value):
    from mssql_python._params import pack_row
    assert pack_row((value,)) == pack([(value,)])[0]
