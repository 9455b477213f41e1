"""Turns a failed library call (status + mssql_error contents) into a DB-API exception."""

from typing import Dict, List, NamedTuple, Tuple, Type

from . import exceptions as exc
from .exceptions import ServerError

# Status codes (enum mssql_status) and dbapi classes (enum mssql_dbapi_class).
OK, PENDING, NO_DATA, ERROR, INVALID_HANDLE, INVALID_ARGUMENT, BUSY, INTERNAL = range(8)
(EXC_NONE, EXC_INTERFACE, EXC_DATABASE, EXC_DATA, EXC_OPERATIONAL, EXC_INTEGRITY,
 EXC_INTERNAL, EXC_PROGRAMMING, EXC_NOT_SUPPORTED, EXC_CONNSTR_PARSE) = range(10)

# Bits of mssql_error.flags.
ERRF_BAD_CONN, ERRF_SAFE_TO_RETRY, ERRF_TIMEOUT, ERRF_CANCELLED = 0x1, 0x2, 0x4, 0x8


class ErrorInfo(NamedTuple):
    """A copy of a filled mssql_error, taken before the struct is released."""

    status: int
    dbapi_class: int
    flags: int
    message: str
    diags: Tuple[ServerError, ...]


_CLASSES: Dict[int, Type[exc.Error]] = {
    EXC_INTERFACE: exc.InterfaceError,
    EXC_DATABASE: exc.DatabaseError,
    EXC_DATA: exc.DataError,
    EXC_OPERATIONAL: exc.OperationalError,
    EXC_INTEGRITY: exc.IntegrityError,
    EXC_INTERNAL: exc.InternalError,
    EXC_PROGRAMMING: exc.ProgrammingError,
    EXC_NOT_SUPPORTED: exc.NotSupportedError,
}

# The class a status implies when the library gave no dbapi_class.
_STATUS_CLASSES: Dict[int, Type[exc.Error]] = {
    INVALID_HANDLE: exc.InterfaceError,
    INVALID_ARGUMENT: exc.ProgrammingError,
    BUSY: exc.ProgrammingError,
    INTERNAL: exc.InternalError,
}

# The ODBC SQLSTATE description Microsoft's package puts in "Driver Error: ..." for the
# SQL Server errors users meet most often.
_BY_NUMBER = {
    102: "Syntax error or access violation",
    105: "Syntax error or access violation",
    156: "Syntax error or access violation",
    207: "Column not found",
    208: "Base table or view not found",
    2714: "Base table or view already exists",
    2812: "Syntax error or access violation",
    50000: "Syntax error or access violation",
    515: "Integrity constraint violation",
    547: "Integrity constraint violation",
    2601: "Integrity constraint violation",
    2627: "Integrity constraint violation",
    220: "Numeric value out of range",
    232: "Numeric value out of range",
    8115: "Numeric value out of range",
    8134: "Division by zero",
    8152: "String data, right-truncated",
    2628: "String data, right-truncated",
    241: "Invalid datetime format",
    242: "Datetime field overflow",
    245: "Invalid character value for cast specification",
    1205: "Serialization failure",
    18456: "Invalid authorization specification",
    4060: "Invalid authorization specification",
}

_BY_CLASS: Dict[type, str] = {
    exc.InterfaceError: "Interface error",
    exc.DatabaseError: "General error",
    exc.DataError: "Data exception",
    exc.OperationalError: "General error",
    exc.IntegrityError: "Integrity constraint violation",
    exc.InternalError: "Internal error",
    exc.ProgrammingError: "Syntax error or access violation",
    exc.NotSupportedError: "Optional feature not implemented",
}

_SERVER_PREFIX = "[Microsoft][SQL Server]"


def exception_for(info: ErrorInfo, connecting: bool = False) -> BaseException:
    """Build the exception a failed call should raise (``connecting``: during login)."""
    if info.dbapi_class == EXC_CONNSTR_PARSE:
        problems = [d.message for d in info.diags] or [info.message]
        return exc.ConnectionStringParseError(problems)
    cls = _exception_class(info)
    driver_error, detail = _describe(info, cls)
    if connecting and driver_error == _BY_CLASS.get(cls):
        driver_error = "Client unable to establish connection"
    return cls(driver_error, detail, info.diags)


def _exception_class(info: ErrorInfo) -> Type[exc.Error]:
    if info.flags & (ERRF_TIMEOUT | ERRF_CANCELLED):
        return exc.OperationalError
    cls = _CLASSES.get(info.dbapi_class)
    return cls if cls is not None else _STATUS_CLASSES.get(info.status, exc.DatabaseError)


def _describe(info: ErrorInfo, cls: type) -> Tuple[str, str]:
    primary = info.diags[0] if info.diags else None
    if primary is not None and primary.number:
        what = _BY_NUMBER.get(primary.number, _BY_CLASS[cls])
        return what, _SERVER_PREFIX + primary.message
    if info.flags & ERRF_TIMEOUT:
        return "Timeout expired", info.message
    if info.flags & ERRF_CANCELLED:
        return "Operation canceled", info.message
    if info.flags & ERRF_BAD_CONN:
        return "Communication link failure", info.message
    return _BY_CLASS[cls], info.message


def server_messages(diags: List[tuple]) -> List[Tuple[str, str]]:
    """Microsoft's cursor.messages entries for (number, state, severity, line, message, ...)."""
    return [(f"[01000] ({m[0]})", _SERVER_PREFIX + m[4]) for m in diags]
