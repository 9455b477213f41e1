"""Connection: a session with SQL Server, held by the Go engine."""

import atexit
import threading
import weakref
from ctypes import byref, c_uint64
from typing import Any, Callable, Dict, List, Optional, Protocol, Tuple, Union

from . import _auth, _calls, _connstr, _ffi, _fetch, _getinfo
from ._encoding import EncodingSettings
from .cursor import Cursor
from .exceptions import (DatabaseError, DataError, Error, IntegrityError, InterfaceError,
                         InternalError, NotSupportedError, OperationalError, ProgrammingError,
                         Warning)
from .helpers import get_settings
from .logging import logger
from .pooling import PoolingManager

_LOGIN_TIMEOUT = 103
_PACKET_SIZE = 112
_AUTOCOMMIT = 102
_POST_CONNECT_ATTRS = (101, 108, 109, 113)

_live: "weakref.WeakSet[Connection]" = weakref.WeakSet()


class TokenProvider(Protocol):
    """Anything with ``get_token(scope)`` returning an object with a str ``.token``."""

    def get_token(self, scope: str) -> Any:
        """Return an access token for ``scope``."""


class Connection:
    """A connection (DB-API 2.0), created by :func:`mssql_python.connect`."""

    Warning = Warning
    Error = Error
    InterfaceError = InterfaceError
    DatabaseError = DatabaseError
    DataError = DataError
    OperationalError = OperationalError
    IntegrityError = IntegrityError
    InternalError = InternalError
    ProgrammingError = ProgrammingError
    NotSupportedError = NotSupportedError

    def __init__(self, connection_str: str = "", autocommit: bool = False,
                 attrs_before: Optional[Dict[int, Union[int, str, bytes]]] = None,
                 timeout: int = 0, native_uuid: Optional[bool] = None,
                 token_provider: Optional[TokenProvider] = None, **kwargs: Any) -> None:
        self._handle = 0
        self._closed = True
        if native_uuid is not None and not isinstance(native_uuid, bool):
            raise ValueError("native_uuid must be a boolean value or None")
        if not isinstance(connection_str, str):
            raise TypeError("connection_str must be a str")
        _connstr.reject_nul(connection_str, kwargs)
        attrs = dict(attrs_before or {})
        autocommit = bool(attrs.pop(_AUTOCOMMIT, autocommit))
        overrides = _connstr.overrides_from_kwargs(kwargs)
        token = _auth.token_from_attrs(attrs)
        if token_provider is not None:
            token = _auth.token_from_provider(token_provider, connection_str, kwargs, attrs)
        attrs.pop(_auth.SQL_COPT_SS_ACCESS_TOKEN, None)
        overrides = self._pre_connect_attrs(attrs, overrides)
        login_timeout = self._login_timeout(timeout, attrs)
        self.connection_str = _connstr.display(connection_str, overrides)
        self._native_uuid = native_uuid
        self._timeout = 0
        self._connection_timeout = 0
        self._access_mode = 0
        self._autocommit = autocommit
        self._cursors: "weakref.WeakSet[Cursor]" = weakref.WeakSet()
        self._converters: Dict[Any, Callable[[Any], Any]] = {}
        self._converters_lock = threading.Lock()
        self._encodings = EncodingSettings()
        self._proc_params: Dict[str, list] = {}
        self._open(connection_str, overrides, token, login_timeout, autocommit)
        for attribute, value in attrs.items():
            self.set_attr(attribute, value)

    # -- opening and closing ----------------------------------------------------------

    @staticmethod
    def _pre_connect_attrs(attrs: Dict[int, Any], overrides: str) -> str:
        for attribute in list(attrs):
            if not isinstance(attribute, int):
                raise ProgrammingError("Invalid attribute or value",
                                       f"Attribute must be an integer, got {type(attribute).__name__}")
            if attribute == _PACKET_SIZE:
                size = attrs.pop(attribute)
                overrides = ";".join(filter(None, [overrides, f"PacketSize={int(size)}"]))
            elif attribute not in _POST_CONNECT_ATTRS and attribute != _LOGIN_TIMEOUT:
                raise NotSupportedError(
                    f"Connection attribute {attribute} is not supported",
                    "attrs_before accepts SQL_ATTR_LOGIN_TIMEOUT, SQL_ATTR_PACKET_SIZE, "
                    "SQL_ATTR_AUTOCOMMIT, SQL_ATTR_ACCESS_MODE, SQL_ATTR_TXN_ISOLATION, "
                    "SQL_ATTR_CURRENT_CATALOG, SQL_ATTR_CONNECTION_TIMEOUT and "
                    "SQL_COPT_SS_ACCESS_TOKEN")
        return overrides

    @staticmethod
    def _login_timeout(timeout: Any, attrs: Dict[int, Any]) -> int:
        if isinstance(timeout, bool) or not isinstance(timeout, int):
            raise TypeError("timeout must be an integer number of seconds")
        if timeout < 0:
            raise ValueError("timeout cannot be negative")
        seconds = attrs.pop(_LOGIN_TIMEOUT, None)
        if seconds is None or timeout:
            seconds = timeout
        return max(int(seconds), 0) * 1000

    def _open(self, connstr: str, overrides: str, token: Optional[str], login_ms: int,
              autocommit: bool) -> None:
        lib = _ffi.lib()
        _calls.drain()  # the engine's log level follows Python's before it logs the login
        logger.debug("connect: %s", self.connection_str)
        if not PoolingManager.is_initialized():
            PoolingManager.enable()
        PoolingManager._sync_library()
        flags = (_ffi.OPEN_AUTOCOMMIT if autocommit else 0)
        if not PoolingManager.is_enabled():
            flags |= _ffi.OPEN_NO_POOL
        raw, over = connstr.encode("utf-8"), overrides.encode("utf-8")
        tok = token.encode("utf-8") if token else None
        handle, err = c_uint64(0), _ffi.MssqlError()
        status = lib.mssql_conn_open(raw, len(raw), over or None, len(over), tok,
                                     len(tok) if tok else 0, login_ms, flags,
                                     byref(handle), byref(err))
        try:
            _calls.check(status, err, connecting=True)
            if status == _ffi.PENDING:
                _calls.wait(handle.value, connecting=True)
        except BaseException:
            if handle.value:
                lib.mssql_conn_close(handle.value, None)
            raise
        finally:
            _calls.drain()
        self._handle = handle.value
        self._closed = False
        _live.add(self)
        logger.debug("connect: opened connection handle %d", self._handle)

    def close(self) -> None:
        """Close the connection and its cursors; uncommitted work is rolled back."""
        if self._closed:
            return
        self._closed = True
        _live.discard(self)
        for cursor in list(self._cursors):
            cursor._invalidate()
        self._cursors.clear()
        handle, self._handle = self._handle, 0
        logger.debug("close: connection handle %d", handle)
        if handle and _ffi.usable():
            err = _ffi.MssqlError()
            status = _ffi.lib().mssql_conn_close(handle, byref(err))
            if status == _ffi.INVALID_HANDLE:
                _calls.take_error(err, status)
                return
            _calls.check(status, err)

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            try:
                self.close()
            except Exception:  # noqa: BLE001 - never raise from a finalizer
                pass

    def __enter__(self) -> "Connection":
        return self

    def __exit__(self, exc_type: Any, exc_val: Any, exc_tb: Any) -> None:
        """Commit on a clean exit, roll back on an exception, always close."""
        if self._closed:
            return
        try:
            if not self._autocommit:
                self.commit() if exc_type is None else self.rollback()
        except Exception:
            try:
                self.close()
            except Exception:  # noqa: BLE001 - the first failure is the one to report
                pass
            if exc_type is None:
                raise
            return
        try:
            self.close()
        except Exception:
            if exc_type is None:
                raise

    # -- state ------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True once close() was called (not a liveness check)."""
        return self._closed

    def _check_open(self, action: str = "perform this operation") -> int:
        if self._closed:
            raise InterfaceError(f"Cannot {action} on a closed connection",
                                 "Connection is closed")
        return self._handle

    @property
    def timeout(self) -> int:
        """Query timeout in seconds for cursors created afterwards (0 = none)."""
        return self._timeout

    @timeout.setter
    def timeout(self, value: int) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError("Timeout must be an integer")
        if value < 0:
            raise ValueError("Timeout cannot be negative")
        self._timeout = value

    @property
    def autocommit(self) -> bool:
        """Whether each statement commits on its own."""
        self._check_open("get autocommit")
        return self._autocommit

    @autocommit.setter
    def autocommit(self, value: bool) -> None:
        self.setautocommit(value)

    def setautocommit(self, value: bool = False) -> None:
        """Turn autocommit on or off (turning it on commits an open transaction)."""
        handle = self._check_open("set autocommit")
        _calls.run(_ffi.lib().mssql_conn_set_autocommit, handle, 1 if value else 0)
        self._autocommit = bool(value)

    def commit(self) -> None:
        """Commit the current transaction."""
        _calls.run(_ffi.lib().mssql_conn_commit, self._check_open("commit"))

    def rollback(self) -> None:
        """Roll back the current transaction."""
        _calls.run(_ffi.lib().mssql_conn_rollback, self._check_open("rollback"))

    def _info(self) -> dict:
        """mssql_conn_info as a dict (database, server_version, spid ...)."""
        handle = self._check_open("get info")
        return _fetch.load(_calls.call_buffer(_ffi.lib().mssql_conn_info, handle))

    @property
    def searchescape(self) -> str:
        """The escape character for LIKE patterns in catalog calls."""
        return "\\"

    # -- cursors and shortcuts ---------------------------------------------------------

    def cursor(self) -> Cursor:
        """A new cursor on this connection."""
        self._check_open("create cursor")
        cursor = Cursor(self, timeout=self._timeout or self._connection_timeout)
        self._cursors.add(cursor)
        return cursor

    def execute(self, sql: str, *args: Any) -> Cursor:
        """Create a cursor, execute ``sql`` on it and return it (closed if it fails)."""
        cursor = self.cursor()
        try:
            return cursor.execute(sql, *args)
        except BaseException:
            cursor.close()
            raise

    def batch_execute(self, statements: List[str], params: Optional[List[Any]] = None,
                      reuse_cursor: Optional[Cursor] = None,
                      auto_close: bool = False) -> Tuple[List[Any], Cursor]:
        """Run statements in order on one cursor; each result is its rows or rowcount."""
        if not isinstance(statements, list):
            raise TypeError("statements must be a list of SQL statements")
        if params is None:
            params = [None] * len(statements)
        elif not isinstance(params, list):
            raise TypeError("params must be a list of parameter sets")
        elif len(params) != len(statements):
            raise ValueError("params list must have the same length as statements list")
        cursor = reuse_cursor if reuse_cursor is not None else self.cursor()
        results: List[Any] = []
        try:
            for sql, param in zip(statements, params):
                cursor.execute(sql) if param is None else cursor.execute(sql, param)
                results.append(cursor.fetchall() if cursor.description is not None
                               else cursor.rowcount)
        except BaseException:
            if auto_close:
                cursor.close()
            raise
        if auto_close and reuse_cursor is None:
            cursor.close()
        return results, cursor

    # -- attributes and info -----------------------------------------------------------

    def getinfo(self, info_type: int) -> Union[str, int, bool, None]:
        """Information about the driver and the data source (ODBC SQLGetInfo types)."""
        self._check_open("get info")
        if isinstance(info_type, bool) or not isinstance(info_type, int):
            raise ValueError(f"info_type must be an integer, got {type(info_type).__name__}")
        return _getinfo.getinfo(self, info_type)

    def set_attr(self, attribute: int, value: Union[int, str, bytes, bytearray]) -> None:
        """Set a connection attribute (access mode, timeout, catalog, isolation)."""
        self._check_open("set attribute")
        _getinfo.set_attr(self, attribute, value)

    # -- encodings ---------------------------------------------------------------------

    def setencoding(self, encoding: Optional[str] = None, ctype: Optional[int] = None) -> None:
        """How str parameters are encoded (validated as Microsoft's; see _encoding)."""
        self._check_open("set encoding")
        self._encodings.set_encoding(encoding, ctype)

    def getencoding(self) -> Dict[str, Union[str, int]]:
        """A copy of the encoding settings."""
        self._check_open("get encoding")
        return self._encodings.get_encoding()

    def setdecoding(self, sqltype: int, encoding: Optional[str] = None,
                    ctype: Optional[int] = None) -> None:
        """How SQL_CHAR / SQL_WCHAR / SQL_WMETADATA data is decoded."""
        self._check_open("set decoding")
        self._encodings.set_decoding(sqltype, encoding, ctype)

    def getdecoding(self, sqltype: int) -> Dict[str, Union[str, int]]:
        """A copy of the decoding settings of ``sqltype``."""
        self._check_open("get decoding")
        return self._encodings.get_decoding(sqltype)

    # -- output converters ---------------------------------------------------------------

    def add_output_converter(self, sqltype: Any, func: Callable[[Any], Any]) -> None:
        """Convert fetched values of an ODBC SQL type code or a Python type with func."""
        with self._converters_lock:
            self._converters[sqltype] = func

    def get_output_converter(self, sqltype: Any) -> Optional[Callable[[Any], Any]]:
        """The converter registered for ``sqltype``, or None."""
        with self._converters_lock:
            return self._converters.get(sqltype)

    def remove_output_converter(self, sqltype: Any) -> None:
        """Forget the converter of ``sqltype``."""
        with self._converters_lock:
            self._converters.pop(sqltype, None)

    def clear_output_converters(self) -> None:
        """Forget every converter."""
        with self._converters_lock:
            self._converters.clear()

    def _effective_native_uuid(self) -> bool:
        return get_settings().native_uuid if self._native_uuid is None else self._native_uuid


def _close_all_at_exit() -> None:
    if not _ffi.usable():
        return
    for conn in list(_live):
        try:
            conn.close()
        except Exception:  # noqa: BLE001 - best effort at interpreter exit
            pass


atexit.register(_close_all_at_exit)
