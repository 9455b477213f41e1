"""Module-level API: globals, type objects and constructors, constants, settings."""

import datetime
import decimal
import time
import uuid
from pathlib import Path

import pytest

import mssql_python
from mssql_python import (BINARY, DATETIME, NUMBER, ROWID, STRING, Binary, Date,
                          DateFromTicks, Time, TimeFromTicks, Timestamp, TimestampFromTicks)


def test_dbapi_globals():
    assert mssql_python.apilevel == "2.0"
    assert mssql_python.threadsafety == 1
    assert mssql_python.paramstyle == "pyformat"


def test_version_matches_the_project_version():
    version_file = Path(__file__).resolve().parent.parent / "VERSION"
    assert mssql_python.__version__ == version_file.read_text().strip()


def test_all_names_exist():
    missing = [name for name in mssql_python.__all__ if not hasattr(mssql_python, name)]
    assert missing == []


def test_type_objects_are_classes_like_microsofts():
    assert STRING() == "" and isinstance(STRING(), str)
    assert BINARY() == bytearray() and NUMBER() == 0.0 and ROWID() == 0
    assert DATETIME() == datetime.datetime(1, 1, 1)


@pytest.mark.parametrize("type_code,type_object", [
    (str, STRING), (bytes, BINARY), (bytearray, BINARY), (int, NUMBER), (float, NUMBER),
    (decimal.Decimal, NUMBER), (bool, NUMBER), (datetime.datetime, DATETIME),
    (datetime.date, DATETIME), (datetime.time, DATETIME), (uuid.UUID, ROWID),
])
def test_description_type_codes_compare_equal_to_type_objects(type_code, type_object):
    assert type_code == type_object and type_object == type_code
    others = {STRING, BINARY, NUMBER, DATETIME, ROWID} - {type_object}
    assert all(type_code != other for other in others)


def test_type_objects_stay_hashable_and_distinct():
    assert len({STRING, BINARY, NUMBER, DATETIME, ROWID}) == 5
    assert STRING != [1] and not (STRING == "text")


def test_constructors():
    assert Date(2024, 1, 2) == datetime.date(2024, 1, 2)
    assert Time(1, 2, 3) == datetime.time(1, 2, 3)
    assert Timestamp(2024, 1, 2, 3, 4, 5, 6) == datetime.datetime(2024, 1, 2, 3, 4, 5, 6)
    with pytest.raises(TypeError):
        Timestamp(2024, 1, 2, 3, 4, 5)
    ticks = time.time()
    assert DateFromTicks(ticks) == datetime.date.fromtimestamp(ticks)
    assert TimeFromTicks(ticks) == datetime.time(*time.localtime(ticks)[3:6])
    assert TimestampFromTicks(ticks) == datetime.datetime.fromtimestamp(ticks)


def test_binary():
    assert Binary(b"ab") == b"ab" and Binary(bytearray(b"ab")) == b"ab"
    assert Binary("é") == "é".encode() and Binary(memoryview(b"m")) == b"m"
    with pytest.raises(TypeError, match="Cannot convert type int to bytes"):
        Binary(5)


def test_constants_have_microsofts_values_including_quirks():
    m = mssql_python
    assert (m.SQL_CHAR, m.SQL_VARCHAR, m.SQL_WVARCHAR, m.SQL_GUID, m.SQL_XML) == (1, 12, -9, -11, 241)
    assert (m.SQL_TYPE_TIMESTAMP, m.SQL_DECIMAL, m.SQL_BIT, m.SQL_WMETADATA) == (93, 3, -7, -99)
    assert m.SQL_DRIVER_HDBC == m.SQL_CORRELATION_NAME == 74
    assert (m.SQL_CATALOG_NAME, m.SQL_DESCRIBE_PARAMETER) == (10002, 10003)
    assert (m.SQL_ROW_NUMBER, m.SQL_TXN_ISOLATION_LEVEL, m.SQL_ROWSET_SIZE) == (14, 108, 9)
    assert (m.SQL_ATTR_TXN_ISOLATION, m.SQL_TXN_SERIALIZABLE, m.SQL_MODE_READ_ONLY) == (108, 8, 1)
    assert m.ConstantsDDBC.SQL_C_CHAR.value == -8
    assert m.ConstantsDDBC.SQL_COPT_SS_ACCESS_TOKEN.value == 1256
    assert m.get_info_constants()["SQL_DRIVER_NAME"] == 6
    assert m.AuthType.MSI.value == "activedirectorymsi"
    assert -154 in m.SQLTypes.get_valid_types() and m.SQL_VARCHAR in m.SQLTypes.get_string_types()


def test_lowercase_and_native_uuid_are_validated_module_properties():
    assert mssql_python.lowercase is False and mssql_python.native_uuid is True
    mssql_python.lowercase = True
    try:
        assert mssql_python.lowercase is True and mssql_python.get_settings().lowercase is True
    finally:
        mssql_python.lowercase = False
    with pytest.raises(ValueError):
        mssql_python.lowercase = 1
    with pytest.raises(ValueError):
        mssql_python.native_uuid = "no"


def test_decimal_separator_validation():
    assert mssql_python.getDecimalSeparator() == "."
    for bad in ("", "ab", " ", "\t", 5):
        with pytest.raises(ValueError):
            mssql_python.setDecimalSeparator(bad)
    mssql_python.setDecimalSeparator(",")
    assert mssql_python.getDecimalSeparator() == "," == mssql_python.get_settings().decimal_separator
    mssql_python.setDecimalSeparator(".")


def test_pooling_validation_and_state():
    pm = mssql_python.PoolingManager
    pm._reset_for_testing()
    try:
        assert not pm.is_initialized()
        with pytest.raises(ValueError):
            mssql_python.pooling(max_size=0)
        with pytest.raises(ValueError):
            mssql_python.pooling(idle_timeout=-1)
        mssql_python.pooling(max_size=5, idle_timeout=30)
        assert pm.is_enabled() and pm.settings() == {"max_size": 5, "idle_timeout": 30}
        mssql_python.pooling(enabled=False)
        assert not pm.is_enabled() and pm.is_initialized()
    finally:
        pm._reset_for_testing()


def test_import_loads_no_native_code():
    from _support import run_python
    code = ("import mssql_python, mssql_python._ffi as f, sys\n"
            "maps = open('/proc/self/maps').read() if sys.platform.startswith('linux') else ''\n"
            "print(f.loaded(), 'mssql_python.so' in maps or 'libmssql_python' in maps)")
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]
