"""The ctypes module mirrors include/mssql_python.h one to one; the pickle reader
accepts only the globals docs/formats.md allows."""

import os
import pickle
import re
from pathlib import Path

import pytest

from mssql_python import _fetch, _ffi

HEADER = Path(__file__).resolve().parent.parent / "include" / "mssql_python.h"


def _header_functions():
    text = re.sub(r"/\*.*?\*/", "", HEADER.read_text(), flags=re.S)
    return re.findall(r"\b(mssql_[a-z_]+)\s*\(", text)


def test_every_header_function_is_declared_and_nothing_else():
    declared = [name for name in _header_functions() if name != "release"]
    assert sorted(set(declared)) == sorted(_ffi.SIGNATURES)


def test_argument_counts_match_the_header():
    text = re.sub(r"/\*.*?\*/", "", HEADER.read_text(), flags=re.S)
    for name, (_, argtypes) in _ffi.SIGNATURES.items():
        match = re.search(rf"\b{name}\s*\(([^)]*)\)", text)
        params = [p for p in match.group(1).split(",") if p.strip() not in ("", "void")]
        assert len(params) == len(argtypes), name


def test_status_codes_match_the_header():
    text = HEADER.read_text()
    for name in ("OK", "PENDING", "NO_DATA", "ERROR", "INVALID_HANDLE", "INVALID_ARGUMENT",
                 "BUSY", "INTERNAL"):
        value = int(re.search(rf"MSSQL_{name}\s*=\s*(\d+)", text).group(1))
        assert getattr(_ffi, name) == value, name
    for name in ("OPEN_AUTOCOMMIT", "OPEN_NO_POOL", "EXEC_PREPARE", "EXEC_PROC",
                 "FORMAT_PICKLE", "FETCH_TUPLES", "FETCH_UUID_STR"):
        value = int(re.search(rf"#define MSSQL_{name}\s+(0x[0-9a-fA-F]+|\d+)", text).group(1), 0)
        assert getattr(_ffi, name) == value, name


def test_error_struct_layout():
    names = [f[0] for f in _ffi.MssqlError._fields_]
    assert names == ["status", "dbapi_class", "flags", "n_diag", "message", "diag", "release"]
    assert [f[0] for f in _ffi.MssqlDiag._fields_] == ["number", "state", "severity", "line",
                                                       "message", "server", "procedure"]


def test_unpickler_allows_only_listed_globals():
    import datetime, decimal, uuid
    value = [datetime.datetime(2024, 1, 2, 3, 4, 5, 6), decimal.Decimal("1.5"),
             uuid.UUID(int=1), datetime.timezone(datetime.timedelta(minutes=30))]
    assert _fetch.load(pickle.dumps(value, protocol=4)) == value
    with pytest.raises(pickle.UnpicklingError, match="forbidden global"):
        _fetch.load(pickle.dumps(print, protocol=4))
    with pytest.raises(pickle.UnpicklingError, match="forbidden global"):
        _fetch.load(pickle.dumps(os.system, protocol=4))


def test_row_global_maps_to_the_result_sets_class():
    from mssql_python.row import make_row_class
    cls = make_row_class([("a", int, None, 10, 10, 0, False)])
    stream = (b"\x80\x04\x8c\x0cmssql_python\x8c\x04_Row\x93K\x05\x85\x85\x81.")
    row = _fetch.load(stream, cls)
    assert type(row) is cls and row == (5,) and row.a == 5


def test_library_path_override(monkeypatch):
    monkeypatch.setenv("MSSQL_PYTHON_LIBRARY", "/some/where/lib.so")
    assert _ffi.library_path() == "/some/where/lib.so"
    monkeypatch.delenv("MSSQL_PYTHON_LIBRARY")
    assert Path(_ffi.library_path()).parent == Path(_ffi.__file__).resolve().parent
