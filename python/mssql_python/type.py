"""DB-API type objects and constructors.

The type objects are classes, as in Microsoft's package (``STRING()`` is ``""``), whose
metaclass also makes them compare equal to the Python types found in
``cursor.description[i][1]``, as DB-API intends: ``description[0][1] == STRING`` is True
for a character column, while the type code itself stays ``str``.
"""

import datetime
import decimal
import time
import uuid


class _DBAPITypeMeta(type):
    """Metaclass: a type object equals itself and each Python type it describes."""

    _describes: frozenset = frozenset()

    def __eq__(cls, other):
        if cls is other:
            return True
        try:
            return other in cls._describes
        except TypeError:  # unhashable
            return False

    def __ne__(cls, other):
        return not _DBAPITypeMeta.__eq__(cls, other)

    __hash__ = type.__hash__


class STRING(str, metaclass=_DBAPITypeMeta):
    """Describes character columns (char, varchar, nchar, nvarchar, text, xml)."""

    _describes = frozenset((str,))

    def __new__(cls):
        return str.__new__(cls, "")


class BINARY(bytearray, metaclass=_DBAPITypeMeta):
    """Describes binary columns (binary, varbinary, image, rowversion, CLR types)."""

    _describes = frozenset((bytes, bytearray))

    def __new__(cls):
        return bytearray.__new__(cls)


class NUMBER(float, metaclass=_DBAPITypeMeta):
    """Describes numeric columns (integers, bit, float, real, decimal, money)."""

    _describes = frozenset((int, float, decimal.Decimal, bool))

    def __new__(cls):
        return float.__new__(cls, 0.0)


class DATETIME(datetime.datetime, metaclass=_DBAPITypeMeta):
    """Describes date and time columns."""

    _describes = frozenset((datetime.datetime, datetime.date, datetime.time))

    def __new__(cls, year=1, month=1, day=1, hour=0, minute=0, second=0, microsecond=0,
                tzinfo=None, *, fold=0):
        return datetime.datetime.__new__(cls, year, month, day, hour, minute, second,
                                         microsecond, tzinfo, fold=fold)


class ROWID(int, metaclass=_DBAPITypeMeta):
    """Describes row-identifier columns: uniqueidentifier (SQL Server has no ROWID)."""

    _describes = frozenset((uuid.UUID,))

    def __new__(cls):
        return int.__new__(cls, 0)


def Date(year: int, month: int, day: int) -> datetime.date:  # noqa: N802
    """Construct a date value."""
    return datetime.date(year, month, day)


def Time(hour: int, minute: int, second: int) -> datetime.time:  # noqa: N802
    """Construct a time value."""
    return datetime.time(hour, minute, second)


def Timestamp(year: int, month: int, day: int, hour: int, minute: int, second: int,  # noqa: N802
              microsecond: int) -> datetime.datetime:
    """Construct a timestamp value (microsecond is required, as in Microsoft's)."""
    return datetime.datetime(year, month, day, hour, minute, second, microsecond)


def DateFromTicks(ticks: float) -> datetime.date:  # noqa: N802
    """Local date of a POSIX timestamp."""
    return datetime.date.fromtimestamp(ticks)


def TimeFromTicks(ticks: float) -> datetime.time:  # noqa: N802
    """Local time of day of a POSIX timestamp."""
    return datetime.time(*time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks: float) -> datetime.datetime:  # noqa: N802
    """Local datetime of a POSIX timestamp."""
    return datetime.datetime.fromtimestamp(ticks)


def Binary(value) -> bytes:  # noqa: N802
    """Bytes for a binary parameter: bytes, bytearray, memoryview or str (UTF-8)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, (bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    raise TypeError(
        f"Cannot convert type {type(value).__name__} to bytes. "
        "Binary() only accepts str, bytes, bytearray or memoryview objects.")
