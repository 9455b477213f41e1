"""Calling the library: errors, blocking operations (start + wait in slices), buffers.

Every blocking operation starts in Go and returns MSSQL_PENDING; Python then waits in
50 ms slices, so that Ctrl-C is seen at once: on KeyboardInterrupt the operation is
cancelled (a TDS attention), waited for, and the interrupt re-raised, leaving the
connection usable. The same loop enforces the query timeout on the client side.
"""

import ctypes
import time
from ctypes import byref, c_size_t, c_void_p
from typing import Optional

from . import _ffi
from ._enginelog import drain
from ._errors import ErrorInfo, exception_for
from .exceptions import OperationalError, ServerError

WAIT_SLICE_MS = 50
CANCEL_DRAIN_S = 10.0

_OK, _PENDING, _NO_DATA = _ffi.OK, _ffi.PENDING, _ffi.NO_DATA


def _text(raw: Optional[bytes]) -> str:
    return raw.decode("utf-8", "replace") if raw else ""


def take_error(err: _ffi.MssqlError, status: int) -> ErrorInfo:
    """Copy a filled error struct into Python objects and release it."""
    diags = tuple(
        ServerError(d.number, d.state, d.severity, _text(d.message), _text(d.server),
                    _text(d.procedure), d.line)
        for d in (err.diag[i] for i in range(max(err.n_diag, 0)))
    )
    info = ErrorInfo(status, err.dbapi_class, err.flags, _text(err.message), diags)
    _ffi.lib().mssql_error_release(byref(err))
    return info


def check(status: int, err: _ffi.MssqlError, connecting: bool = False) -> int:
    """Return status when it is OK/PENDING/NO_DATA; otherwise raise the mapped exception."""
    if status in (_OK, _PENDING, _NO_DATA):
        return status
    raise exception_for(take_error(err, status), connecting)


def run(fn, handle: int, *args, timeout: float = 0.0) -> int:
    """Call a start function ``fn(handle, *args, err)`` and wait for it to finish."""
    err = _ffi.MssqlError()
    try:
        status = fn(handle, *args, byref(err))
        if status == _PENDING:
            return wait(handle, timeout)
        return check(status, err)
    finally:
        drain()


def wait(handle: int, timeout: float = 0.0, connecting: bool = False) -> int:
    """Wait for the operation on ``handle``; timeout (s, 0 = none) cancels it."""
    lib = _ffi.lib()
    err = _ffi.MssqlError()
    deadline = time.monotonic() + timeout if timeout > 0 else None
    try:
        status = lib.mssql_wait(handle, WAIT_SLICE_MS, byref(err))
        while status == _PENDING:
            if deadline is not None and time.monotonic() >= deadline:
                _cancel_and_drain(lib, handle)
                raise OperationalError("Timeout expired", "Query timeout expired")
            status = lib.mssql_wait(handle, WAIT_SLICE_MS, byref(err))
    except KeyboardInterrupt:
        _cancel_and_drain(lib, handle)
        raise
    return check(status, err, connecting)


def _cancel_and_drain(lib, handle: int) -> None:
    """Cancel the operation on handle and wait (bounded) until it has ended."""
    lib.mssql_cancel(handle)
    err = _ffi.MssqlError()
    end = time.monotonic() + CANCEL_DRAIN_S
    status = _PENDING
    while status == _PENDING and time.monotonic() < end:
        try:
            status = lib.mssql_wait(handle, WAIT_SLICE_MS, byref(err))
        except KeyboardInterrupt:
            continue
    if status not in (_OK, _PENDING, _NO_DATA):
        take_error(err, status)


def take_buffer(ptr: c_void_p, size: c_size_t) -> bytes:
    """Copy a library-allocated buffer into bytes and free it."""
    if not ptr.value:
        return b""
    try:
        return ctypes.string_at(ptr.value, size.value)
    finally:
        _ffi.lib().mssql_free(ptr)


def call_buffer(fn, *args) -> bytes:
    """Call ``fn(*args, buf_out, len_out, err)``; the buffer (b"" on NO_DATA)."""
    ptr, size, err = c_void_p(), c_size_t(), _ffi.MssqlError()
    status = check(fn(*args, byref(ptr), byref(size), byref(err)), err)
    if status == _NO_DATA:
        return b""
    return take_buffer(ptr, size)
