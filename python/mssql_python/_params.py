"""Parameters: choose each column's SQL type (Microsoft's rules) and pack the columnar
buffer of docs/formats.md §1 with C-speed calls (array, struct, bytes.join).

One buffer serves execute() (one row) and executemany() (all rows at once); a column has
one type over all its rows.
"""

import datetime
import decimal
import struct
import sys
import uuid
from array import array
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

from . import _ptypes as pt
from ._ptypes import Column, classify_column

_HEADER = struct.Struct("<4sII")
_COLUMN_HEAD = struct.Struct("<BBH")
_COLUMN_TAIL = struct.Struct("<iBBB")
_NEEDS_SWAP = sys.byteorder != "little"

FLAG_OUTPUT = 0x1
FLAG_FIXED = 0x2


def _typed_array(code: str, values) -> bytes:
    arr = array(code, values)
    if _NEEDS_SWAP:  # pragma: no cover - big-endian hosts
        arr.byteswap()
    return arr.tobytes()


def _var_slots(encoded: List[bytes]) -> bytes:
    return _typed_array("I", map(len, encoded)) + b"".join(encoded)


def _fixed_slots(packer: struct.Struct, to_fields, values) -> bytes:
    blank = bytes(packer.size)
    pack = packer.pack
    return b"".join([blank if v is None else pack(*to_fields(v)) for v in values])


_DATE = struct.Struct("<HBB")
_TIME = struct.Struct("<BBBBI")
_DATETIME = struct.Struct("<HBBBBBBI")
_DTO = struct.Struct("<HBBBBBBIh")


def _date_fields(v):
    return v.year, v.month, v.day


def _time_fields(v):
    return v.hour, v.minute, v.second, 0, v.microsecond * 1000


def _datetime_fields(v):
    return (v.year, v.month, v.day, getattr(v, "hour", 0), getattr(v, "minute", 0),
            getattr(v, "second", 0), 0, getattr(v, "microsecond", 0) * 1000)


def _dto_fields(v):
    return _datetime_fields(v) + (pt.offset_minutes(v),)


def _encode_values(column: Column) -> bytes:
    """The value slots of a column (docs/formats.md §1 slot layouts)."""
    kind, values = column.ptype, column.values
    if kind == pt.NULL:
        return b""
    if kind in pt.INT_TYPES:
        return _typed_array("q", [0 if v is None else v for v in values])
    if kind in (pt.FLOAT, pt.REAL):
        return _typed_array("d", [0.0 if v is None else v for v in values])
    if kind == pt.BIT:
        return bytes([0 if v is None else (1 if v else 0) for v in values])
    if kind in pt.VARIABLE_TYPES:
        return _var_slots(column.encoded or [])
    if kind == pt.DATE:
        return _fixed_slots(_DATE, _date_fields, values)
    if kind == pt.TIME:
        return _fixed_slots(_TIME, _time_fields, values)
    if kind == pt.DATETIMEOFFSET:
        return _fixed_slots(_DTO, _dto_fields, values)
    if kind in pt.DATETIME_TYPES:
        return _fixed_slots(_DATETIME, _datetime_fields, values)
    if kind == pt.UNIQUEIDENTIFIER:
        return b"".join([bytes(16) if v is None else v.bytes for v in values])
    raise AssertionError(f"no encoder for parameter type {kind}")  # pragma: no cover


def _pack_column(column: Column) -> bytes:
    name = column.name.encode("utf-8")
    values = column.values
    has_nulls = column.ptype != pt.NULL and None in values
    parts = [_COLUMN_HEAD.pack(column.ptype, column.flags, len(name)), name,
             _COLUMN_TAIL.pack(column.size, column.precision, column.scale, has_nulls)]
    if has_nulls:
        parts.append(bytes([v is None for v in values]))
    parts.append(_encode_values(column))
    return b"".join(parts)


# ---- one row (execute): one struct call per parameter ------------------------------

_NULL_ONE = _COLUMN_HEAD.pack(pt.NULL, 0, 0) + _COLUMN_TAIL.pack(0, 0, 0, 0)
_INT_ONE = struct.Struct("<BBHiBBBq")
_FLOAT_ONE = struct.Struct("<BBHiBBBd")
_BIT_ONE = struct.Struct("<BBHiBBBB")
_VAR_ONE = struct.Struct("<BBHiBBBI")


def _one_int(v: int) -> bytes:
    if 0 <= v <= 255:
        ptype = pt.TINYINT
    elif -32768 <= v <= 32767:
        ptype = pt.SMALLINT
    elif -2147483648 <= v <= 2147483647:
        ptype = pt.INT
    elif pt.BIGINT_MIN <= v <= pt.BIGINT_MAX:
        ptype = pt.BIGINT
    else:
        raise ValueError(f"integer {v} is out of range for SQL BIGINT [-2^63, 2^63-1]")
    return _INT_ONE.pack(ptype, 0, 0, 0, 0, 0, 0, v)


def _one_str(v: str) -> bytes:
    data = v.encode("utf-8", "surrogatepass")
    ptype = pt.VARCHAR
    if len(data) != len(v) or v.startswith(pt.SPATIAL_PREFIXES):
        ptype = pt.NVARCHAR
    return _VAR_ONE.pack(ptype, 0, 0, 0, 0, 0, 0, len(data)) + data


def _one_bytes(v: bytes) -> bytes:
    return _VAR_ONE.pack(pt.VARBINARY, 0, 0, 0, 0, 0, 0, len(v)) + v


_DATETIME2_ONE = struct.Struct("<BBHiBBBHBBBBBBI")
_DTO_ONE = struct.Struct("<BBHiBBBHBBBBBBIh")
_DATE_ONE = struct.Struct("<BBHiBBBHBB")
_HEAD_ONE = struct.Struct("<BBHiBBB")


def _one_decimal(v: decimal.Decimal) -> bytes:
    precision, scale = pt.decimal_shape(v)
    if precision > 38:
        raise ValueError("Precision of the numeric value is too high. The maximum "
                         f"precision supported by SQL Server is 38, but got {precision}.")
    text = format(v, "f").encode("ascii")
    return _VAR_ONE.pack(pt.DECIMAL, 0, 0, 0, max(precision, 1), scale, 0, len(text)) + text


def _one_datetime(v: datetime.datetime) -> bytes:
    fields = (v.year, v.month, v.day, v.hour, v.minute, v.second, 0, v.microsecond * 1000)
    if v.tzinfo is None or v.utcoffset() is None:
        return _DATETIME2_ONE.pack(pt.DATETIME2, 0, 0, 0, 0, 6, 0, *fields)
    return _DTO_ONE.pack(pt.DATETIMEOFFSET, 0, 0, 0, 0, 7, 0, *fields, pt.offset_minutes(v))


_ONE: Dict[type, Callable[[Any], bytes]] = {
    decimal.Decimal: _one_decimal,
    datetime.datetime: _one_datetime,
    datetime.date: lambda v: _DATE_ONE.pack(pt.DATE, 0, 0, 0, 0, 0, 0, v.year, v.month, v.day),
    uuid.UUID: lambda v: _HEAD_ONE.pack(pt.UNIQUEIDENTIFIER, 0, 0, 0, 0, 0, 0) + v.bytes,
    int: _one_int,
    str: _one_str,
    float: lambda v: _FLOAT_ONE.pack(pt.FLOAT, 0, 0, 0, 0, 0, 0, v),
    bool: lambda v: _BIT_ONE.pack(pt.BIT, 0, 0, 0, 0, 0, 0, v),
    bytes: _one_bytes,
    type(None): lambda v: _NULL_ONE,
}


def pack_row(row: Sequence[Any]) -> bytes:
    """pack([row]) for execute(), with a fast path for the common Python types."""
    parts = [_HEADER.pack(b"MQP1", len(row), 1)]
    for i, value in enumerate(row):
        fast = _ONE.get(type(value))
        if fast is not None:
            parts.append(fast(value))
        else:
            parts.append(_pack_column(classify_column(i, (value,), None)))
    return b"".join(parts)


def pack(rows: Sequence[Sequence[Any]], input_sizes: Optional[Sequence[Optional[tuple]]] = None,
         names: Optional[Sequence[str]] = None,
         outputs: Optional[Sequence[bool]] = None) -> Tuple[bytes, int]:
    """Pack parameter rows into one buffer; returns (buffer, number of columns).

    ``rows`` all have the same length (ValueError otherwise); ``input_sizes`` holds
    setinputsizes() entries ``(sql_type, size, decimal_digits)`` or None per column;
    ``names`` gives RPC parameter names (callproc); ``outputs`` marks OUTPUT parameters.
    """
    nrows = len(rows)
    ncols = len(rows[0]) if nrows else 0
    for row in rows:
        if len(row) != ncols:
            raise ValueError("Inconsistent parameter row size in executemany()")
    columns = list(zip(*rows)) if ncols else []
    parts = [_HEADER.pack(b"MQP1", ncols, max(nrows, 1))]
    for i, values in enumerate(columns):
        size = input_sizes[i] if input_sizes and i < len(input_sizes) else None
        column = classify_column(i, values, size)
        if names:
            column.name = names[i] or ""
        if outputs and outputs[i]:
            column.flags |= FLAG_OUTPUT
        parts.append(_pack_column(column))
    return b"".join(parts), ncols
