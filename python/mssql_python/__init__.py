"""mssql_python: Microsoft's mssql-python API (DB-API 2.0) over the mssql-python-go engine.

``import mssql_python`` loads no native code: the engine library is loaded on the first
connect(), so that processes may fork freely before they connect.
"""

import sys
import types

from . import constants as _constants
from ._callproc import OutputParameter
from .connection import Connection, TokenProvider
from .constants import AuthType, ConstantsDDBC, GetInfoConstants, SQLTypes, get_info_constants
from .cursor import Cursor
from .db_connection import connect
from .exceptions import (ConnectionStringParseError, DatabaseError, DataError, Error,
                         IntegrityError, InterfaceError, InternalError, NotSupportedError,
                         OperationalError, ProgrammingError, ServerError, Warning)
from .helpers import Settings, get_settings, getDecimalSeparator, set_bool_setting, setDecimalSeparator
from .logging import driver_logger, logger, setup_logging
from .pooling import PoolingManager, pool_stats, pooling
from .row import Row
from .type import (BINARY, DATETIME, NUMBER, ROWID, STRING, Binary, Date, DateFromTicks, Time,
                   TimeFromTicks, Timestamp, TimestampFromTicks)

__version__ = "0.1.0"

apilevel = "2.0"
threadsafety = 1
paramstyle = "pyformat"

globals().update({name: getattr(_constants, name) for name in _constants.EXPORTED_CONSTANTS})

__all__ = [
    "Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
    "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError",
    "ConnectionStringParseError", "ServerError",
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks",
    "Binary", "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID",
    "connect", "Connection", "TokenProvider", "Cursor", "Row", "OutputParameter",
    "Settings", "get_settings", "logger", "setup_logging", "driver_logger",
    "setDecimalSeparator", "getDecimalSeparator", "pooling", "PoolingManager", "pool_stats",
    "AuthType", "SQLTypes", "get_info_constants", "ConstantsDDBC", "GetInfoConstants",
    "apilevel", "paramstyle", "threadsafety", "lowercase", "native_uuid",
    *_constants.EXPORTED_CONSTANTS,
]


class _Module(types.ModuleType):
    """The package module, with ``lowercase`` and ``native_uuid`` as validated settings."""

    @property
    def lowercase(self) -> bool:
        """Lower-case column names in description (and case-insensitive Row lookups)."""
        return get_settings().lowercase

    @lowercase.setter
    def lowercase(self, value: bool) -> None:
        set_bool_setting("lowercase", value)

    @property
    def native_uuid(self) -> bool:
        """uniqueidentifier as uuid.UUID (True, default) or upper-case str (False)."""
        return get_settings().native_uuid

    @native_uuid.setter
    def native_uuid(self, value: bool) -> None:
        set_bool_setting("native_uuid", value)


sys.modules[__name__].__class__ = _Module
