"""Cursor: executes statements and fetches their results (DB-API 2.0 + extensions)."""

import logging
import warnings
from ctypes import byref, c_uint64
from typing import Any, List, Optional, Sequence, Union

from . import _calls, _ffi, _fetch, _params
from ._callproc import CallprocMixin
from ._catalog import CatalogMixin
from ._errors import server_messages
from ._paramstyle import many_to_qmark, odbc_call, to_qmark
from ._results import ResultShape, apply_converters, converter_map, described
from .constants import SQLTypes
from .exceptions import NotSupportedError, ProgrammingError
from .helpers import get_settings
from .logging import driver_logger, logger

_ROWS_PER_BATCH = 4096
_ROWS_PER_BATCH_ALL = 1 << 20
_NOT_A_QUERY = "No results. Previous SQL was not a query."
_DEBUG = logging.DEBUG
_FETCH_NATIVE_UUID = _ffi.FORMAT_PICKLE
_FETCH_UUID_STR = _ffi.FORMAT_PICKLE | _ffi.FETCH_UUID_STR


class Cursor(CatalogMixin, CallprocMixin):
    """A DB-API cursor over one library statement handle."""

    def __init__(self, connection: Any, timeout: int = 0) -> None:
        self._closed = True
        self._handle = 0
        self._stmt = c_uint64(0)  # the handle as hot calls take it
        self._connection = connection
        self._timeout = timeout
        self.description: Optional[List[tuple]] = None
        self.rowcount = -1
        self.arraysize = 1
        self.messages: List[tuple] = []
        self.return_value: Optional[int] = None
        self._inputsizes: Optional[List[tuple]] = None
        self._outputs_target: Optional[tuple] = None
        self._reset_result()
        handle, err = c_uint64(0), _ffi.MssqlError()
        _calls.check(_ffi.lib().mssql_stmt_new(connection._handle, byref(handle), byref(err)),
                     err)
        self._handle = handle.value
        self._stmt = handle
        self._closed = False
        if timeout:
            err = _ffi.MssqlError()
            _calls.check(_ffi.lib().mssql_stmt_set_query_timeout(
                self._handle, int(timeout * 1000), byref(err)), err)

    # -- state ---------------------------------------------------------------------

    def _reset_result(self) -> None:
        self._shape: Optional[ResultShape] = None
        self._batch: list = []
        self._pos = 0
        self._end = True
        self._fetched = 0
        self._rownumber = -1
        self._converters: Optional[list] = None

    @property
    def connection(self) -> Any:
        """The Connection this cursor belongs to."""
        return self._connection

    @property
    def closed(self) -> bool:
        """True once the cursor (or its connection) was closed."""
        return self._closed

    @property
    def rownumber(self) -> int:
        """0-based index of the last fetched row; -1 before the first or without rows."""
        logger.warning("DB-API extension cursor.rownumber used")
        if self._closed or self._shape is None:
            return -1
        return self._rownumber

    def _check_closed(self) -> int:
        if self._closed:
            raise ProgrammingError("Operation cannot be performed: The cursor is closed.", "")
        return self._handle

    def _invalidate(self) -> None:
        """The connection closed this cursor's statement: only mark it closed."""
        self._closed = True
        self._handle = 0
        self._stmt = c_uint64(0)
        self._reset_result()

    # -- executing -----------------------------------------------------------------

    def execute(self, operation: str, *parameters: Any, use_prepare: bool = True,
                reset_cursor: bool = True) -> "Cursor":
        """Execute a statement; parameters as varargs, one sequence, a dict or a Row."""
        handle = self._check_closed()
        if not isinstance(operation, str):
            raise TypeError(f"operation must be a str, not {type(operation).__name__}")
        if parameters:
            sql, params = to_qmark(odbc_call(operation), _unwrap(parameters))
        else:
            sql, params = odbc_call(operation), None
        buffer = None
        if params:
            sizes = self._take_inputsizes(len(params))
            buffer = _params.pack([params], sizes)[0] if sizes else _params.pack_row(params)
        else:
            self._inputsizes = None
        flags = _ffi.EXEC_PREPARE if (buffer and use_prepare) else 0
        self._run_statement(handle, sql, buffer, flags)
        return self

    def executemany(self, operation: str, seq_of_parameters: Sequence[Any]) -> None:
        """Execute once per parameter row, all rows sent together in one buffer."""
        handle = self._check_closed()
        rows = list(seq_of_parameters)
        if not rows:
            self.messages = []
            self._reset_result()
            self.description = None
            self.rowcount = 0
            self._inputsizes = None
            return
        sql, many = many_to_qmark(odbc_call(operation), rows)
        rows = list(many)
        buffer, _ = _params.pack(rows, self._take_inputsizes(len(rows[0])))
        self._run_statement(handle, sql, buffer, _ffi.EXEC_PREPARE)

    def _take_inputsizes(self, count: int) -> Optional[List[tuple]]:
        sizes, self._inputsizes = self._inputsizes, None
        if sizes and len(sizes) != count:
            warnings.warn(f"Number of input sizes ({len(sizes)}) does not match number of "
                          f"parameters ({count}). This may lead to unexpected behavior.",
                          Warning, stacklevel=3)
        return sizes

    def _run_statement(self, handle: int, sql: str, buffer: Optional[bytes], flags: int,
                       names: Optional[List[str]] = None) -> dict:
        """Execute and take the first result's description; returns the description dict."""
        raw = sql.encode("utf-8", "surrogatepass")
        if driver_logger.isEnabledFor(_DEBUG):
            logger.debug("execute: %d bytes of SQL, %d bytes of parameters, flags %d: %.200s",
                         len(raw), len(buffer) if buffer else 0, flags, sql)
        hot, slots = _ffi.hot(), _calls.take_slots()
        try:
            _calls.execute_hot(hot, self._stmt, slots, raw, buffer, flags)
        except BaseException:
            self._forget_results()
            raise
        self.messages = []
        self.return_value = None
        self._outputs_target = None
        info = self._describe(catalog_names=names, hot=hot, slots=slots)
        _calls.drain_after(hot, slots)
        _calls.give_back(slots)
        return info

    def _forget_results(self) -> None:
        """After a failed execute: no description, no rows, rowcount unknown."""
        self._reset_result()
        self.description = None
        self.rowcount = -1
        self.messages = []

    def _describe(self, catalog_names: Optional[List[str]] = None, hot: Optional[_ffi.Hot] = None,
                  slots: Optional[_calls.Slots] = None) -> dict:
        """Read the statement's description and make it the cursor's state."""
        info, shape = self._read_description(catalog_names, hot, slots)
        self._reset_result()
        messages = info.get("messages")
        if messages:
            self.messages.extend(server_messages(messages))
        if shape is not None:
            self._shape = shape
            self.description = list(shape.description)
            self.rowcount = -1
            self._end = False
            converters = self._connection._converters
            self._converters = converter_map(shape, converters) if converters else None
        else:
            self.description = None
            self.rowcount = info.get("rowcount", -1)
        self._statement_done(info)
        return info

    def _read_description(self, names: Optional[List[str]], hot: Optional[_ffi.Hot],
                          slots: Optional[_calls.Slots]) -> tuple:
        """(info dict, ResultShape or None) of the current result, from the library."""
        if hot is None or slots is None:
            hot, own = _ffi.hot(), _calls.take_slots()
            raw = _calls.describe_hot(hot, self._stmt, own)
            _calls.give_back(own)
        else:
            raw = _calls.describe_hot(hot, self._stmt, slots)
        return described(raw, names)

    def _statement_done(self, info: dict) -> None:
        """Hook for callproc: OUTPUT values and the return status once the statement ended."""
        if info.get("done") and info.get("return_status") is not None:
            self.return_value = info["return_status"]

    def nextset(self) -> bool:
        """Move to the next result; True if there is one, False otherwise."""
        handle = self._check_closed()
        status = _calls.run(_ffi.lib().mssql_stmt_next_result, handle)
        self.messages = []
        info = self._describe()
        self._fill_outputs(info)
        if status == _ffi.NO_DATA:
            self.description = None
            self._reset_result()
            return False
        return True

    # -- fetching ------------------------------------------------------------------

    def _fetch_batch(self, max_rows: int) -> list:
        """The next rows of the current result set from the library ([] at its end)."""
        native_uuid = self._connection._native_uuid
        if native_uuid is None:
            native_uuid = get_settings().native_uuid
        fmt = _FETCH_NATIVE_UUID if native_uuid else _FETCH_UUID_STR
        hot, slots = _ffi.hot(), _calls.take_slots()
        data = _calls.fetch_hot(hot, self._stmt, slots, fmt, max_rows)
        if data is None:
            self._end = True
            self._collect_trailing(hot, slots)
            _calls.give_back(slots)
            return []
        _calls.give_back(slots)
        shape = self._shape
        assert shape is not None, "rows are fetched only for a result set"
        rows = _fetch.load(data, shape.row_class)
        if self._converters:
            rows = apply_converters(rows, self._converters, shape.row_class)
        return rows

    def _collect_trailing(self, hot: _ffi.Hot, slots: _calls.Slots) -> None:
        """At the end of a result set: messages that followed it, OUTPUT values."""
        info, _ = self._read_description(None, hot, slots)
        messages = info.get("messages")
        if messages:
            self.messages.extend(server_messages(messages))
        self._statement_done(info)
        self._fill_outputs(info)

    def _require_rows(self) -> None:
        self._check_closed()
        if self._shape is None:
            raise ProgrammingError(_NOT_A_QUERY, "")

    def _take(self, count: int, batch_rows: int) -> list:
        """Up to ``count`` rows: from the current batch, then from the library."""
        taken: list = []
        while len(taken) < count:
            if self._pos >= len(self._batch):
                if self._end:
                    break
                self._batch, self._pos = self._fetch_batch(max(count - len(taken), batch_rows)), 0
                continue
            end = self._pos + (count - len(taken))
            taken.extend(self._batch[self._pos:end])
            self._pos = min(end, len(self._batch))
        if self._pos >= len(self._batch):
            self._batch, self._pos = [], 0
        self._fetched += len(taken)
        self.rowcount = self._fetched
        self._rownumber = self._fetched - 1
        return taken

    def fetchone(self) -> Optional[Any]:
        """The next row, or None at the end of the result set."""
        if self._closed or self._shape is None:
            self._require_rows()
        pos = self._pos
        if pos >= len(self._batch):
            if self._end:
                self._take(0, _ROWS_PER_BATCH)  # no row: rowcount still becomes the count
                return None
            self._batch, self._pos = self._fetch_batch(_ROWS_PER_BATCH), 0
            if not self._batch:
                rows = self._take(1, _ROWS_PER_BATCH)
                return rows[0] if rows else None
            pos = 0
        row = self._batch[pos]
        self._pos = pos + 1
        fetched = self._fetched = self._fetched + 1
        self.rowcount = fetched
        self._rownumber = fetched - 1
        return row

    def fetchmany(self, size: Optional[int] = None) -> List[Any]:
        """The next ``size`` rows (default: arraysize)."""
        self._require_rows()
        if size is None:
            size = self.arraysize
        if size <= 0:
            return []
        return self._take(size, _ROWS_PER_BATCH)

    def fetchall(self) -> List[Any]:
        """All remaining rows of the current result set."""
        self._require_rows()
        rows = self._batch[self._pos:]
        self._batch, self._pos = [], 0
        if not self._end:
            with _fetch.collector_paused():
                while not self._end:
                    rows.extend(self._fetch_batch(_ROWS_PER_BATCH_ALL))
        self._fetched += len(rows)
        self.rowcount = self._fetched
        self._rownumber = self._fetched - 1
        return rows

    def fetchval(self) -> Any:
        """First column of the next row, or None (also without a result set)."""
        self._check_closed()
        if self._shape is None:
            return None
        row = self.fetchone()
        return None if row is None else row[0]

    def __iter__(self) -> "Cursor":
        self._check_closed()
        return self

    def __next__(self) -> Any:
        row = self.fetchone()
        if row is None:
            raise StopIteration
        return row

    def next(self) -> Any:
        """Alias of ``next(cursor)``."""
        return self.__next__()

    def scroll(self, value: int, mode: str = "relative") -> None:
        """Move forward by ``value`` rows (forward-only: no backward, no absolute)."""
        self._check_closed()
        self.messages = []
        if mode not in ("relative", "absolute"):
            raise ProgrammingError("Invalid scroll mode",
                                   f"mode must be 'relative' or 'absolute', got '{mode}'")
        if self._shape is None:
            raise ProgrammingError("No active result set",
                                   "Cannot scroll: no result set available. Execute a query first.")
        if isinstance(value, bool) or not isinstance(value, int):
            raise ProgrammingError("Invalid scroll value type",
                                   f"scroll value must be an integer, got {type(value).__name__}")
        if mode == "absolute":
            raise NotSupportedError("Absolute positioning not supported",
                                    "Forward-only cursors do not support absolute positioning")
        if value < 0:
            raise NotSupportedError("Backward scrolling not supported",
                                    f"Cannot move backward by {value} rows on a forward-only cursor")
        if value and len(self._take(value, _ROWS_PER_BATCH)) < value:
            raise IndexError("Cannot scroll to specified position: end of result set reached")

    def skip(self, count: int) -> None:
        """Skip ``count`` rows (``scroll(count, 'relative')``)."""
        self._check_closed()
        self.messages = []
        self.scroll(count, "relative")

    # -- settings ------------------------------------------------------------------

    def setinputsizes(self, sizes: Optional[List[Union[int, tuple]]]) -> None:
        """Fix the SQL types of the next execute's parameters: code or (code, size, digits)."""
        valid = SQLTypes.get_valid_types()
        entries = []
        for item in sizes or ():
            parts = tuple(item) if isinstance(item, tuple) else (item,)
            sql_type, size, digits = (parts + (0, 0))[:3]
            if isinstance(sql_type, bool) or not isinstance(sql_type, int) or sql_type not in valid:
                raise ValueError(f"Invalid SQL type: {sql_type}. Must be a valid SQL type constant.")
            if not isinstance(size, int) or size < 0:
                raise ValueError(f"Invalid column size: {size}. Must be a non-negative integer.")
            if not isinstance(digits, int) or digits < 0:
                raise ValueError(f"Invalid decimal digits: {digits}. "
                                 "Must be a non-negative integer.")
            entries.append((sql_type, size, digits))
        self._inputsizes = entries

    def setoutputsize(self, size: int, column: Optional[int] = None) -> None:
        """Does nothing: the engine sizes its buffers itself (allowed by DB-API)."""

    # -- transactions, cancel, close -----------------------------------------------

    def commit(self) -> None:
        """Commit the connection's transaction."""
        self._check_closed()
        self.messages = []
        self._connection.commit()

    def rollback(self) -> None:
        """Roll back the connection's transaction."""
        self._check_closed()
        self.messages = []
        self._connection.rollback()

    def cancel(self) -> None:
        """Cancel the statement running on this cursor (callable from another thread)."""
        handle = self._handle
        if handle and _ffi.usable():
            _ffi.lib().mssql_cancel(handle)

    def close(self) -> None:
        """Close the cursor (idempotent)."""
        if self._closed:
            return
        self.messages = []
        self._invalidate_handle()
        try:
            self._connection._cursors.discard(self)
        except (AttributeError, TypeError):
            pass

    def _invalidate_handle(self) -> None:
        handle = self._handle
        self._invalidate()
        if handle and not self._connection._closed and _ffi.usable():
            err = _ffi.MssqlError()
            status = _ffi.lib().mssql_stmt_close(handle, byref(err))
            if status == _ffi.PENDING:
                _calls.wait(handle)
            elif status != _ffi.INVALID_HANDLE:
                _calls.check(status, err)
            else:
                _calls.take_error(err, status)

    def __del__(self) -> None:
        if not getattr(self, "_closed", True):
            try:
                self.close()
            except Exception:  # noqa: BLE001 - never raise from a finalizer
                pass

    def __enter__(self) -> "Cursor":
        self._check_closed()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- later issues ----------------------------------------------------------------

    def bulkcopy(self, table_name: str, data: Any, *args: Any, **kwargs: Any) -> dict:
        """Bulk copy: not available yet in this driver."""
        raise NotSupportedError("bulkcopy() is not supported yet by mssql-python-go",
                                "Bulk copy arrives with the bulk-copy engine; use executemany.")

    def bulkcopy_arrow(self, table_name: str, source: Any, *args: Any, **kwargs: Any) -> dict:
        """Arrow bulk copy: not available yet in this driver."""
        raise NotSupportedError("bulkcopy_arrow() is not supported yet by mssql-python-go",
                                "Arrow bulk copy arrives with the bulk-copy engine.")

    def arrow_batch(self, batch_size: int = 8192) -> Any:
        """Arrow fetch: not available yet in this driver."""
        raise NotSupportedError("arrow_batch() is not supported yet by mssql-python-go",
                                "Use fetchmany() until the Arrow path lands.")

    def arrow(self, batch_size: int = 8192) -> Any:
        """Arrow fetch: not available yet in this driver."""
        raise NotSupportedError("arrow() is not supported yet by mssql-python-go",
                                "Use fetchall() until the Arrow path lands.")

    def arrow_reader(self, batch_size: int = 8192) -> Any:
        """Arrow fetch: not available yet in this driver."""
        raise NotSupportedError("arrow_reader() is not supported yet by mssql-python-go",
                                "Use fetchmany() until the Arrow path lands.")


def _unwrap(parameters: tuple) -> Any:
    """execute()'s parameters: one tuple/list/dict/Row argument is unwrapped."""
    if not parameters:
        return None
    if len(parameters) == 1 and isinstance(parameters[0], (tuple, list, dict)):
        return parameters[0]
    return parameters

