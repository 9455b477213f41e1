"""DB-API 2.0 exception classes, with the names and hierarchy of Microsoft's package.

Beyond Microsoft's, every exception carries the server's fields: ``number``, ``state``,
``severity``, ``server``, ``procedure``, ``line`` (of the primary error) and ``errors``, the
whole chain the server sent, as :class:`ServerError` tuples. ``str(e)`` keeps Microsoft's
format: ``"Driver Error: <what>; DDBC Error: <detail>"``.
"""

import builtins
from typing import List, NamedTuple, Optional, Sequence


class ServerError(NamedTuple):
    """One error or message of the chain the server sent (a TDS ERROR/INFO token)."""

    number: int
    state: int
    severity: int
    message: str
    server: str = ""
    procedure: str = ""
    line: int = 0


class ConnectionStringParseError(builtins.Exception):
    """The connection string was rejected; ``errors`` lists every problem found."""

    def __init__(self, errors: List[str]) -> None:
        self.errors = list(errors)
        super().__init__("Connection string parsing failed:\n  " + "\n  ".join(self.errors))

    def __reduce__(self):
        return (self.__class__, (self.errors,))


class Exception(builtins.Exception):  # noqa: A001 - the name is Microsoft's public API
    """Base of every DB-API exception of this package (``Warning`` and ``Error``)."""

    def __init__(self, driver_error: str, ddbc_error: str = "",
                 errors: Optional[Sequence[ServerError]] = None) -> None:
        self.driver_error = driver_error
        self.ddbc_error = ddbc_error or ""
        if self.ddbc_error:
            self.message = f"Driver Error: {driver_error}; DDBC Error: {self.ddbc_error}"
        else:
            self.message = f"Driver Error: {driver_error}"
        self.errors: List[ServerError] = list(errors or ())
        super().__init__(self.message)

    @property
    def number(self) -> int:
        """SQL Server error number of the primary error (0 for driver errors)."""
        return self.errors[0].number if self.errors else 0

    @property
    def state(self) -> int:
        """SQL Server error state of the primary error."""
        return self.errors[0].state if self.errors else 0

    @property
    def severity(self) -> int:
        """SQL Server severity (class 0-25) of the primary error."""
        return self.errors[0].severity if self.errors else 0

    @property
    def server(self) -> str:
        """Name of the server that raised the primary error."""
        return self.errors[0].server if self.errors else ""

    @property
    def procedure(self) -> str:
        """Stored procedure in which the primary error was raised, or ''."""
        return self.errors[0].procedure if self.errors else ""

    @property
    def line(self) -> int:
        """Line number (in the batch or procedure) of the primary error."""
        return self.errors[0].line if self.errors else 0

    def __reduce__(self):
        return (_rebuild, (self.__class__, self.driver_error, self.ddbc_error,
                           [tuple(e) for e in self.errors]))


def _rebuild(cls, driver_error, ddbc_error, errors):
    return cls(driver_error, ddbc_error, [ServerError(*e) for e in errors])


class Warning(Exception):  # noqa: A001
    """Important warnings such as data truncation."""


class Error(Exception):
    """Base class of all errors."""


class InterfaceError(Error):
    """Errors of the driver interface rather than of the database."""


class DatabaseError(Error):
    """Errors related to the database."""


class DataError(DatabaseError):
    """Problems with the processed data: out of range, truncation, division by zero."""


class OperationalError(DatabaseError):
    """Errors of the database's operation: connection lost, timeout, deadlock, login."""


class IntegrityError(DatabaseError):
    """The relational integrity of the database is affected (keys, constraints)."""


class InternalError(DatabaseError):
    """Internal error of the driver or the database (for example a caught Go panic)."""


class ProgrammingError(DatabaseError):
    """Programming errors: bad SQL, missing table, wrong use of the API."""


class NotSupportedError(DatabaseError):
    """A method or database API that is not supported."""


__all__ = [
    "ServerError", "ConnectionStringParseError", "Exception", "Warning", "Error",
    "InterfaceError", "DatabaseError", "DataError", "OperationalError", "IntegrityError",
    "InternalError", "ProgrammingError", "NotSupportedError",
]
