"""The SQL type of a parameter column, chosen from its Python values (Microsoft's rules,
reference §5.2) or fixed by setinputsizes().

Rules: bool -> bit; int -> tinyint/smallint/int/bigint by range (ValueError beyond
bigint); float -> float; Decimal -> decimal(p, s) from the values (ValueError for NaN,
Infinity or more than 38 digits); str -> varchar when ASCII, else nvarchar (and spatial
well-known text always nvarchar); bytes/bytearray/memoryview -> varbinary; naive
datetime -> datetime2; aware datetime -> datetimeoffset; date -> date; time -> time;
UUID -> uniqueidentifier; None -> NULL; anything else -> TypeError.
"""

import datetime
import decimal
import uuid
from typing import Any, Dict, List, Optional, Sequence

from .constants import ConstantsDDBC as _C

# PT_* codes of docs/formats.md §1.
(NULL, BIT, TINYINT, SMALLINT, INT, BIGINT, REAL, FLOAT, DECIMAL, MONEY, SMALLMONEY,
 VARCHAR, NVARCHAR, BINARY, VARBINARY, DATE, TIME, DATETIME, SMALLDATETIME, DATETIME2,
 DATETIMEOFFSET, UNIQUEIDENTIFIER, XML, CHAR, NCHAR, TEXT, NTEXT, IMAGE) = range(28)

INT_TYPES = frozenset((TINYINT, SMALLINT, INT, BIGINT))
TEXT_TYPES = frozenset((DECIMAL, MONEY, SMALLMONEY, VARCHAR, NVARCHAR, XML, CHAR, NCHAR,
                        TEXT, NTEXT))
BINARY_TYPES = frozenset((BINARY, VARBINARY, IMAGE))
VARIABLE_TYPES = TEXT_TYPES | BINARY_TYPES
DATETIME_TYPES = frozenset((DATETIME, SMALLDATETIME, DATETIME2))

FLAG_FIXED = 0x2
MAX = -1
BIGINT_MIN, BIGINT_MAX = -(2 ** 63), 2 ** 63 - 1
SPATIAL_PREFIXES = ("POINT", "LINESTRING", "POLYGON")
UNSUPPORTED = "Unsupported parameter type: The driver cannot safely convert it to a SQL type."


class Column:
    """One parameter column: its wire type, declaration details and values."""

    __slots__ = ("ptype", "flags", "name", "size", "precision", "scale", "values", "encoded")

    def __init__(self, ptype: int, values: Sequence[Any], size: int = 0, precision: int = 0,
                 scale: int = 0, encoded: Optional[List[bytes]] = None, flags: int = 0):
        self.ptype, self.values, self.size = ptype, values, size
        self.precision, self.scale, self.encoded = precision, scale, encoded
        self.flags, self.name = flags, ""


def offset_minutes(value: datetime.datetime) -> int:
    """UTC offset of an aware datetime in whole minutes (ValueError otherwise)."""
    offset = value.utcoffset() or datetime.timedelta(0)
    seconds = int(offset.total_seconds())
    if seconds % 60 or offset.microseconds:
        raise ValueError(f"UTC offset {offset} is not a whole number of minutes; "
                         "SQL Server datetimeoffset cannot hold it")
    return seconds // 60


# ---- kinds of Python values --------------------------------------------------------

_KINDS: Dict[type, str] = {}


def _kind(t: type) -> str:
    kind = _KINDS.get(t)
    if kind is None:
        kind = _KINDS[t] = _compute_kind(t)
    return kind


def _compute_kind(t: type) -> str:
    checks = (
        (bool, "bool"), (int, "int"), (float, "float"), (decimal.Decimal, "decimal"),
        (str, "str"), ((bytes, bytearray, memoryview), "bytes"),
        (datetime.datetime, "datetime"), (datetime.date, "date"), (datetime.time, "time"),
        (uuid.UUID, "uuid"),
    )
    for base, kind in checks:
        if issubclass(t, base):
            return kind
    return "unsupported"


def classify_column(index: int, values: Sequence[Any], input_size: Optional[tuple]) -> Column:
    """The Column for ``values`` (one per row), honouring a setinputsizes() entry."""
    if input_size is not None:
        fixed = fixed_column(index, values, input_size)
        if fixed is not None:
            return fixed
    present = [v for v in values if v is not None]
    if not present:
        return Column(NULL, values)
    kinds = {_kind(t) for t in set(map(type, present))}
    if "unsupported" in kinds:
        raise TypeError(UNSUPPORTED)
    return _column_for_kinds(index, kinds, values, present)


def _column_for_kinds(index, kinds, values, present) -> Column:
    if kinds == {"bool"}:
        return Column(BIT, values)
    if kinds <= {"bool", "int"}:
        return _int_column(values, present)
    if kinds <= {"bool", "int", "float"}:
        return Column(FLOAT, [None if v is None else float(v) for v in values])
    if kinds <= {"bool", "int", "float", "decimal"}:
        return decimal_column(values)
    if kinds == {"str"}:
        return _str_column(values, present)
    if kinds == {"bytes"}:
        return Column(VARBINARY, values, encoded=[b"" if v is None else bytes(v) for v in values])
    if kinds <= {"datetime", "date"}:
        return _datetime_column(index, kinds, values, present)
    if kinds == {"time"}:
        return Column(TIME, values, scale=6)
    if kinds == {"uuid"}:
        return Column(UNIQUEIDENTIFIER, values)
    raise TypeError(f"Parameter {index + 1} mixes values of types "
                    f"{', '.join(sorted(kinds))} across rows; use one type per column")


def _int_column(values, present) -> Column:
    low, high = min(present), max(present)
    if low >= 0 and high <= 255:
        ptype = TINYINT
    elif low >= -32768 and high <= 32767:
        ptype = SMALLINT
    elif low >= -2147483648 and high <= 2147483647:
        ptype = INT
    elif low >= BIGINT_MIN and high <= BIGINT_MAX:
        ptype = BIGINT
    else:
        offending = high if high > BIGINT_MAX else low
        raise ValueError(f"integer {offending} is out of range for SQL BIGINT [-2^63, 2^63-1]")
    return Column(ptype, values)


def decimal_shape(d: decimal.Decimal):
    """(precision, scale) of one Decimal as Microsoft's package computes them."""
    _, digits, exponent = d.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError("Cannot bind non-finite Decimal (NaN/Infinity) as SQL NUMERIC")
    if exponent >= 0:
        return len(digits) + exponent, 0
    scale = -exponent
    return max(len(digits), scale), scale


def _as_decimal(v: Any) -> decimal.Decimal:
    if isinstance(v, decimal.Decimal):
        return v
    if isinstance(v, float):
        return decimal.Decimal(repr(v))
    return decimal.Decimal(v)


def decimal_column(values: Sequence[Any], precision: int = 0, scale: int = -1,
                   flags: int = 0) -> Column:
    """A DECIMAL column; precision/scale from the values unless given."""
    decimals = [None if v is None else _as_decimal(v) for v in values]
    int_digits, max_scale = 0, 0
    for d in decimals:
        if d is not None:
            p, s = decimal_shape(d)
            int_digits, max_scale = max(int_digits, p - s), max(max_scale, s)
    if not precision:
        precision = max(int_digits + max_scale, 1)
        if precision > 38:
            raise ValueError("Precision of the numeric value is too high. The maximum "
                             f"precision supported by SQL Server is 38, but got {precision}.")
        scale = max_scale
    encoded = [b"" if d is None else format(d, "f").encode("ascii") for d in decimals]
    return Column(DECIMAL, values, precision=precision, scale=scale, encoded=encoded,
                  flags=flags)


def _str_column(values, present) -> Column:
    ascii_only = all([s.isascii() for s in present])
    if ascii_only and any([s.startswith(SPATIAL_PREFIXES) for s in present]):
        ascii_only = False
    encoded = [b"" if v is None else v.encode("utf-8", "surrogatepass") for v in values]
    return Column(VARCHAR if ascii_only else NVARCHAR, values, encoded=encoded)


def _datetime_column(index, kinds, values, present) -> Column:
    if "datetime" not in kinds:
        return Column(DATE, values)
    aware = {v.tzinfo is not None and v.utcoffset() is not None
             for v in present if isinstance(v, datetime.datetime)}
    if aware == {True}:
        if "date" in kinds:
            raise TypeError(f"Parameter {index + 1} mixes dates and aware datetimes")
        return Column(DATETIMEOFFSET, values, scale=7)
    if len(aware) > 1:
        raise TypeError(f"Parameter {index + 1} mixes naive and aware datetimes")
    return Column(DATETIME2, values, scale=6)


# ---- setinputsizes ---------------------------------------------------------------------

_FIXED_TYPES = {
    _C.SQL_CHAR.value: CHAR, _C.SQL_VARCHAR.value: VARCHAR, _C.SQL_LONGVARCHAR.value: VARCHAR,
    _C.SQL_WCHAR.value: NCHAR, _C.SQL_WVARCHAR.value: NVARCHAR,
    _C.SQL_WLONGVARCHAR.value: NVARCHAR, _C.SQL_DECIMAL.value: DECIMAL,
    _C.SQL_NUMERIC.value: DECIMAL, _C.SQL_BIT.value: BIT, _C.SQL_TINYINT.value: TINYINT,
    _C.SQL_SMALLINT.value: SMALLINT, _C.SQL_INTEGER.value: INT, _C.SQL_BIGINT.value: BIGINT,
    _C.SQL_REAL.value: REAL, _C.SQL_FLOAT.value: FLOAT, _C.SQL_DOUBLE.value: FLOAT,
    _C.SQL_BINARY.value: BINARY, _C.SQL_VARBINARY.value: VARBINARY,
    _C.SQL_LONGVARBINARY.value: VARBINARY, _C.SQL_SS_UDT.value: VARBINARY,
    _C.SQL_DATE.value: DATE, _C.SQL_TYPE_DATE.value: DATE, _C.SQL_TIME.value: TIME,
    _C.SQL_TYPE_TIME.value: TIME, _C.SQL_SS_TIME2.value: TIME,
    _C.SQL_TIMESTAMP.value: DATETIME2, _C.SQL_TYPE_TIMESTAMP.value: DATETIME2,
    _C.SQL_DATETIMEOFFSET.value: DATETIMEOFFSET, _C.SQL_SS_XML.value: XML,
    _C.SQL_GUID.value: UNIQUEIDENTIFIER,
}
_ALWAYS_MAX = frozenset((_C.SQL_LONGVARCHAR.value, _C.SQL_WLONGVARCHAR.value,
                         _C.SQL_LONGVARBINARY.value, _C.SQL_SS_UDT.value))
_MAX_INLINE = {CHAR: 8000, VARCHAR: 8000, NCHAR: 4000, NVARCHAR: 4000, BINARY: 8000,
               VARBINARY: 8000}


def fixed_column(index: int, values: Sequence[Any], input_size: tuple) -> Optional[Column]:
    """The Column a setinputsizes() entry asks for; None for sql_variant (infer)."""
    sql_type, size, digits = input_size
    ptype = _FIXED_TYPES.get(sql_type)
    if ptype is None:
        return None
    try:
        return _fixed(ptype, sql_type, values, size, digits)
    except (TypeError, ValueError, ArithmeticError) as e:
        raise type(e)(f"Parameter {index + 1} cannot be sent as SQL type {sql_type}: {e}") \
            from None


def _fixed(ptype, sql_type, values, size, digits) -> Column:
    if ptype == DECIMAL:
        precision = max(1, min(size or 18, 38))
        return decimal_column(values, precision, min(max(digits, 0), precision), FLAG_FIXED)
    converted = [None if v is None else _convert(ptype, v) for v in values]
    if ptype in (TIME, DATETIME2, DATETIMEOFFSET):
        return Column(ptype, converted, scale=digits or 7, flags=FLAG_FIXED)
    if ptype in _MAX_INLINE:
        if sql_type in _ALWAYS_MAX or size > _MAX_INLINE[ptype]:
            size = MAX
        encoded = [b"" if v is None else (v if isinstance(v, bytes)
                                          else v.encode("utf-8", "surrogatepass"))
                   for v in converted]
        return Column(ptype, converted, size=size, encoded=encoded, flags=FLAG_FIXED)
    if ptype == XML:
        encoded = [b"" if v is None else v.encode("utf-8", "surrogatepass") for v in converted]
        return Column(ptype, converted, encoded=encoded, flags=FLAG_FIXED)
    return Column(ptype, converted, flags=FLAG_FIXED)


def _convert(ptype: int, v: Any) -> Any:
    """Convert one value to what the fixed SQL type's slot needs."""
    if ptype in INT_TYPES:
        result = int(v) if not isinstance(v, (str, bytes)) else int(v.strip())
        if isinstance(v, (float, decimal.Decimal)) and result != v:
            raise ValueError(f"{v!r} is not an integer")
        if not BIGINT_MIN <= result <= BIGINT_MAX:
            raise ValueError(f"integer {result} is out of range for SQL BIGINT")
        return result
    if ptype in (FLOAT, REAL):
        return float(v)
    if ptype == BIT:
        if not isinstance(v, (bool, int, float, decimal.Decimal)):
            raise TypeError(f"{type(v).__name__} is not a number")
        return bool(v)
    if ptype in (CHAR, VARCHAR, NCHAR, NVARCHAR, XML):
        if isinstance(v, (bytes, bytearray, memoryview)):
            raise TypeError("binary value for a character type")
        return format(v, "f") if isinstance(v, decimal.Decimal) else str(v)
    if ptype in BINARY_TYPES:
        if not isinstance(v, (bytes, bytearray, memoryview)):
            raise TypeError(f"{type(v).__name__} value for a binary type")
        return bytes(v)
    return _convert_temporal(ptype, v)


def _convert_temporal(ptype: int, v: Any) -> Any:
    if ptype == UNIQUEIDENTIFIER:
        return v if isinstance(v, uuid.UUID) else uuid.UUID(str(v))
    if ptype == TIME:
        if isinstance(v, datetime.datetime):
            return v.time()
        if isinstance(v, datetime.time):
            return v
    elif ptype == DATE:
        if isinstance(v, datetime.datetime):
            return v.date()
        if isinstance(v, datetime.date):
            return v
    elif isinstance(v, datetime.datetime):
        if ptype == DATETIMEOFFSET and v.utcoffset() is None:
            return v.replace(tzinfo=datetime.timezone.utc)
        return v
    elif isinstance(v, datetime.date):
        return datetime.datetime(v.year, v.month, v.day)
    raise TypeError(f"{type(v).__name__} value for a date/time type")
