"""What unpickling a row batch costs per value, by column type and by encoding.

    python bench/unpickle_types.py [--rows N] [--repeat K]

Builds row batches shaped as core/rowenc writes them (docs/formats.md §3: one FRAME, rows
by NEWOBJ of ``mssql_python._Row``) for one column of each type, and times
``mssql_python._fetch.load`` on them (the package's own allow-listing Unpickler). The
cost of a value is its batch's time minus the time of the same rows holding None.
Alternative encodings of the same values (UUID, Decimal, datetime, the row itself) are
timed beside the one the engine emits today; each is checked to give equal values of
the same type. The UUID marked "proposed" uses the ``mssql_python._uuid_*`` globals that
the package accepts (see mssql_python/_fetch.py) and core/rowenc does not emit yet.
"""

import argparse
import datetime
import decimal
import struct
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "python"))

from mssql_python import _fetch  # noqa: E402
from mssql_python.row import make_row_class  # noqa: E402

ROW_CLASS = make_row_class([("c", int, None, 10, 10, 0, True)])


class Stream:
    """A tiny pickle protocol 4 writer: opcodes as core/rowenc emits them."""

    def __init__(self):
        self.body = bytearray(b"](")  # EMPTY_LIST, MARK
        self.memo = {}

    def op(self, raw: bytes):
        self.body += raw

    def text(self, s: str):
        b = s.encode("utf-8", "surrogatepass")
        head = b"\x8c" + bytes([len(b)]) if len(b) < 256 else b"X" + struct.pack("<I", len(b))
        self.op(head + b)

    def long1(self, n: int):
        raw = n.to_bytes((n.bit_length() + 8) // 8 or 1, "little", signed=True)
        self.op(b"\x8a" + bytes([len(raw)]) + raw)

    def glob(self, module: str, name: str):
        """STACK_GLOBAL the first time (then MEMOIZE), BINGET afterwards."""
        key = (module, name)
        if key in self.memo:
            self.op(b"h" + bytes([self.memo[key]]))
            return
        self.text(module)
        self.text(name)
        self.op(b"\x93\x94")
        self.memo[key] = len(self.memo)

    def memo_slot(self, key) -> int:
        if key not in self.memo:
            self.memo[key] = len(self.memo)
        return self.memo[key]

    def finish(self) -> bytes:
        body = bytes(self.body) + b"e."  # APPENDS, STOP
        return b"\x80\x04\x95" + struct.pack("<Q", len(body)) + body


# -- value encodings: (name, write(stream, value)) --------------------------------------


def enc_none(s, v):
    s.op(b"N")


def enc_int(s, v):
    s.op(b"J" + struct.pack("<i", v))


def enc_float(s, v):
    s.op(b"G" + struct.pack(">d", v))


def enc_str(s, v):
    s.text(v)


def enc_decimal_str(s, v):
    """Today: REDUCE decimal.Decimal(text)."""
    s.glob("decimal", "Decimal")
    s.text(format(v, "f"))
    s.op(b"\x85R")


def enc_decimal_tuple(s, v):
    """REDUCE decimal.Decimal((sign, digits, exponent))."""
    sign, digits, exp = v.as_tuple()
    s.glob("decimal", "Decimal")
    s.op(b"(" + (b"\x88" if sign else b"\x89") + b"(")
    for d in digits:
        s.op(b"K" + bytes([d]))
    s.op(b"t")
    enc_int(s, exp)
    s.op(b"t\x85R")


def enc_datetime_state(s, v):
    """Today: REDUCE datetime.datetime(10-byte state)."""
    s.glob("datetime", "datetime")
    state = struct.pack(">HBBBBB", v.year, v.month, v.day, v.hour, v.minute, v.second)
    state += v.microsecond.to_bytes(3, "big")
    s.op(b"C\x0a" + state + b"\x85R")


def enc_datetime_fields(s, v):
    """REDUCE datetime.datetime(year, month, day, hour, minute, second, microsecond)."""
    s.glob("datetime", "datetime")
    s.op(b"(")
    for n in (v.year, v.month, v.day, v.hour, v.minute, v.second, v.microsecond):
        enc_int(s, n)
    s.op(b"tR")


def enc_uuid_setstate(s, v):
    """Today: NEWOBJ uuid.UUID(), then BUILD {'int': n} (runs UUID.__setstate__)."""
    s.glob("uuid", "UUID")
    s.op(b")\x81}")
    if "int-key" in s.memo:
        s.op(b"h" + bytes([s.memo["int-key"]]))
    else:
        s.text("int")
        s.op(b"\x94")
        s.memo["int-key"] = len(s.memo)
    s.op(b"\x8a\x11" + v.int.to_bytes(17, "little") + b"sb")


def enc_uuid_init_int(s, v):
    """REDUCE uuid.UUID(None, None, None, None, n) (runs UUID.__init__)."""
    s.glob("uuid", "UUID")
    s.op(b"(NNNN\x8a\x11" + v.int.to_bytes(17, "little") + b"tR")


def enc_uuid_init_bytes(s, v):
    """REDUCE uuid.UUID(None, bytes16) (runs UUID.__init__)."""
    s.glob("uuid", "UUID")
    s.op(b"NC\x10" + v.bytes + b"\x86R")


def enc_uuid_slots(s, v):
    """Proposed: NEWOBJ uuid.UUID(), then the two slot setters by REDUCE (all C).

    h<set_int> h<UUID> ) NEWOBJ BINPUT<u> LONG1 n TUPLE2 REDUCE POP
    h<set_is_safe> BINGET<u> h<SafeUUID.unknown> TUPLE2 REDUCE POP  BINGET<u>
    """
    setter_int = s.memo_slot_global("mssql_python", "_uuid_set_int")
    uuid_cls = s.memo_slot_global("uuid", "UUID")
    setter_safe = s.memo_slot_global("mssql_python", "_uuid_set_is_safe")
    unknown = s.memo_slot_global("mssql_python", "_uuid_unknown")
    slot = s.memo_slot("uuid-scratch")
    s.op(b"h" + bytes([setter_int]) + b"h" + bytes([uuid_cls]) + b")\x81q" + bytes([slot]))
    s.op(b"\x8a\x11" + v.int.to_bytes(17, "little") + b"\x86R0")
    s.op(b"h" + bytes([setter_safe]) + b"h" + bytes([slot]) + b"h" + bytes([unknown]))
    s.op(b"\x86R0h" + bytes([slot]))


def enc_uuid_str(s, v):
    """For reference: native_uuid=False (upper-case str)."""
    s.text(str(v).upper())


def _memo_slot_global(self, module, name):
    """A global pushed once at the start of the stream and POPped, memoized for BINGET."""
    key = (module, name)
    if key not in self.memo:
        self.glob(module, name)
        self.op(b"0")  # POP: the global stays in the memo
    return self.memo[key]


Stream.memo_slot_global = _memo_slot_global

# -- row encodings ------------------------------------------------------------------------


def row_newobj(s, write, value):
    """Today: NEWOBJ _Row((values,))."""
    s.glob("mssql_python", "_Row")
    s.op(b"(")
    write(s, value)
    s.op(b"t\x85\x81")


def row_tuple(s, write, value):
    """MSSQL_FETCH_TUPLES: a plain tuple (the floor for a row)."""
    s.op(b"(")
    write(s, value)
    s.op(b"t")


def row_reduce(s, write, value):
    """REDUCE _Row(values) (tuple.__new__ through type.__call__)."""
    s.glob("mssql_python", "_Row")
    s.op(b"(")
    write(s, value)
    s.op(b"t\x85R")


def build(count, write, value, row=row_newobj) -> bytes:
    s = Stream()
    for _ in range(count):
        row(s, write, value)
    return s.finish()


def timed(data, repeat, row_class=ROW_CLASS):
    best = None
    for _ in range(repeat):
        start = time.perf_counter()
        rows = _fetch.load(data, row_class)
        spent = time.perf_counter() - start
        best = spent if best is None else min(best, spent)
        del rows
    return best


CASES = [
    ("int", enc_int, 123456),
    ("bigint", lambda s, v: s.long1(v), 3_000_000_007),
    ("float", enc_float, 1 / 7),
    ("nvarchar (8 chars)", enc_str, "Zürich-1"),
    ("decimal(18,4): Decimal(text) [today]", enc_decimal_str, decimal.Decimal("1234.5678")),
    ("decimal(18,4): Decimal((sign, digits, exp))", enc_decimal_tuple,
     decimal.Decimal("1234.5678")),
    ("datetime2: datetime(state bytes) [today]", enc_datetime_state,
     datetime.datetime(2024, 1, 1, 12, 30, 45, 123456)),
    ("datetime2: datetime(y, m, d, h, mi, s, us)", enc_datetime_fields,
     datetime.datetime(2024, 1, 1, 12, 30, 45, 123456)),
    ("bit", lambda s, v: s.op(b"\x88"), True),
    ("uniqueidentifier: NEWOBJ + BUILD (__setstate__) [today]", enc_uuid_setstate,
     uuid.UUID(int=0x1234567890ABCDEF1234567890ABCDEF)),
    ("uniqueidentifier: UUID(None, None, None, None, int)", enc_uuid_init_int,
     uuid.UUID(int=0x1234567890ABCDEF1234567890ABCDEF)),
    ("uniqueidentifier: UUID(None, bytes)", enc_uuid_init_bytes,
     uuid.UUID(int=0x1234567890ABCDEF1234567890ABCDEF)),
    ("uniqueidentifier: NEWOBJ + slot setters [proposed]", enc_uuid_slots,
     uuid.UUID(int=0x1234567890ABCDEF1234567890ABCDEF)),
    ("uniqueidentifier as str (native_uuid=False)", enc_uuid_str,
     uuid.UUID(int=0x1234567890ABCDEF1234567890ABCDEF)),
]


def check(data, value, row_class=ROW_CLASS):
    rows = _fetch.load(data, row_class)
    got = rows[0][0]
    if isinstance(value, uuid.UUID) and isinstance(got, str):
        assert got == str(value).upper()
        return
    assert type(got) is type(value) and got == value, (got, value)
    if isinstance(value, uuid.UUID):
        assert got.is_safe is uuid.SafeUUID.unknown and got.bytes == value.bytes
        assert hash(got) == hash(value) and repr(got) == repr(value)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    n = args.rows
    base = timed(build(n, enc_none, None), args.repeat)
    print(f"{n} rows x 1 column, best of {args.repeat}, Python {sys.version.split()[0]}")
    print(f"row of one None (NEWOBJ _Row): {base / n * 1e9:.0f} ns per row")
    for row_name, row in (("plain tuple (FETCH_TUPLES)", row_tuple),
                          ("REDUCE _Row(values)", row_reduce)):
        t = timed(build(n, enc_none, None, row), args.repeat)
        print(f"row of one None, {row_name}: {t / n * 1e9:.0f} ns per row")
    print("value costs (batch time minus the None batch's), ns per value:")
    for name, write, value in CASES:
        data = build(n, write, value)
        check(data, value)
        t = timed(data, args.repeat)
        print(f"  {name}: {(t - base) / n * 1e9:.0f}")


if __name__ == "__main__":
    main()
