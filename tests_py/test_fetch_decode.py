"""Decoding row batches (mssql_python._fetch): the allow-list, UUIDs built by their slot
setters (the encoding proposed for core/rowenc), and the collector pause."""

import gc
import pickle
import struct
import uuid

import pytest

from mssql_python import _fetch
from mssql_python.row import make_row_class

ROW = make_row_class([("id", int, None, 10, 10, 0, False), ("u", uuid.UUID, None, 36, 36, 0, True)])


def _frame(body: bytes) -> bytes:
    return b"\x80\x04\x95" + struct.pack("<Q", len(body)) + body


def _text(s: str) -> bytes:
    raw = s.encode()
    return b"\x8c" + bytes([len(raw)]) + raw


def _global(module: str, name: str) -> bytes:
    """STACK_GLOBAL, MEMOIZE, POP: the global stays in the memo for BINGET."""
    return _text(module) + _text(name) + b"\x93\x94" + b"0"


def _uuid_by_setters(value: int) -> bytes:
    """The proposed per-UUID opcodes (memo: 0 set_int, 1 UUID, 2 set_is_safe, 3 unknown,
    5 scratch slot for the new object)."""
    return (b"h\x00h\x01)\x81q\x05"                      # set_int, UUID(), memo[5] = u
            + b"\x8a\x11" + value.to_bytes(17, "little")  # LONG1: 17 bytes, non-negative
            + b"\x86R0"                                   # set_int(u, n); drop the None
            + b"h\x02h\x05h\x03\x86R0"                    # set_is_safe(u, unknown); drop
            + b"h\x05")                                   # u


def _batch(values) -> bytes:
    body = b"]("  # EMPTY_LIST, MARK
    body += _global("mssql_python", "_uuid_set_int") + _global("uuid", "UUID")
    body += _global("mssql_python", "_uuid_set_is_safe") + _global("mssql_python", "_uuid_unknown")
    body += _global("mssql_python", "_Row")  # memo 4
    for i, value in enumerate(values):
        body += b"h\x04(K" + bytes([i])
        body += b"N" if value is None else _uuid_by_setters(value)
        body += b"t\x85\x81"  # TUPLE, TUPLE1, NEWOBJ: _Row((id, u))
    return _frame(body + b"e.")


def test_uuids_built_by_their_slot_setters_are_real_uuids():
    values = [0, 1, 0x1234567890ABCDEF1234567890ABCDEF, None, (1 << 128) - 1]
    rows = _fetch.load(_batch(values), ROW)
    assert [r.id for r in rows] == list(range(len(values)))
    for row, value in zip(rows, values):
        if value is None:
            assert row.u is None
            continue
        expected = uuid.UUID(int=value)
        got = row.u
        assert type(got) is uuid.UUID
        assert got == expected and hash(got) == hash(expected)
        assert repr(got) == repr(expected) and str(got) == str(expected)
        assert got.bytes == expected.bytes and got.version == expected.version
        assert got.is_safe is uuid.SafeUUID.unknown
        assert pickle.loads(pickle.dumps(got)) == expected
    assert rows[1].u < rows[2].u
    assert len({r.u for r in rows}) == len(values)  # distinct objects, no shared scratch


def test_the_slot_setters_refuse_objects_that_are_not_uuids():
    body = (b"](" + _global("mssql_python", "_uuid_set_int")
            + b"h\x00" + _text("not a uuid") + b"K\x01\x86R0e.")
    with pytest.raises(TypeError):
        _fetch.load(_frame(body))


def test_globals_outside_the_allow_list_are_refused():
    for module, name in (("os", "system"), ("builtins", "eval"), ("uuid", "uuid4"),
                         ("mssql_python", "connect")):
        body = _text(module) + _text(name) + b"\x93."
        with pytest.raises(pickle.UnpicklingError, match="forbidden global"):
            _fetch.load(_frame(body))


def _big_int_batch(count: int, corrupt: bool = False) -> bytes:
    body = b"](" + _global("mssql_python", "_Row")
    for i in range(count):
        body += b"h\x00(J" + struct.pack("<i", i) + b"Nt\x85\x81"
    return _frame(body + (b"\xff" if corrupt else b"e."))


def test_large_batches_leave_the_collector_as_they_found_it():
    data = _big_int_batch(20_000)
    assert len(data) > _fetch._GC_PAUSE_MIN_BYTES
    assert gc.isenabled()
    rows = _fetch.load(data, ROW)
    assert len(rows) == 20_000 and rows[-1].id == 19_999
    assert gc.isenabled()
    with pytest.raises(pickle.UnpicklingError):
        _fetch.load(_big_int_batch(20_000, corrupt=True), ROW)
    assert gc.isenabled()
    gc.disable()
    try:
        _fetch.load(data, ROW)
        assert not gc.isenabled()  # a collector the application turned off stays off
    finally:
        gc.enable()
