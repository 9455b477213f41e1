"""Calling the library: errors, blocking operations (start + wait in slices), buffers.

Every blocking operation starts in Go and returns MSSQL_PENDING; Python then waits in
50 ms slices, so that Ctrl-C is seen at once: on KeyboardInterrupt the operation is
cancelled (a TDS attention), waited for, and the interrupt re-raised, leaving the
connection usable. The same loop enforces the query timeout on the client side.

The calls made by every execute and fetch go through ``_ffi.Hot`` (no argtypes) with
out-parameters from :class:`Slots`: both cost less than the call into the library.
"""

import ctypes
import time
from ctypes import byref, c_int32, c_size_t, c_void_p
from typing import List, Optional

from . import _ffi, _waitmode
from ._enginelog import drain, drain_after
from ._errors import ErrorInfo, exception_for
from .exceptions import OperationalError, ServerError

WAIT_SLICE_MS = 50
CANCEL_DRAIN_S = 10.0

_OK, _PENDING, _NO_DATA = _ffi.OK, _ffi.PENDING, _ffi.NO_DATA
_DONE = (_OK, _PENDING, _NO_DATA)
# ctypes.string_at without its Python wrapper frame (the wrapper calls this very object).
_string_at = getattr(ctypes, "_string_at", ctypes.string_at)

__all__ = ["Slots", "take_slots", "give_back", "take_error", "check", "run", "wait",
           "wait_hot", "take_buffer", "take_hot", "call_buffer", "drain", "drain_after"]


class Slots:
    """An error struct and out-parameters for one call sequence, with their byref()s.

    Building an mssql_error and a byref() costs more than the library call they serve,
    so slots are reused: taken from a free list for one sequence of calls and given back
    after it. list.pop/append are atomic, so concurrent threads and re-entrant calls (a
    finalizer closing a cursor in the middle of a fetch) always get slots of their own.
    A slot's error struct is empty whenever it is on the free list (take_error empties it).
    """

    __slots__ = ("err", "err_ref", "ptr", "ptr_ref", "size", "size_ref", "count",
                 "count_ref", "len_a", "len_b")

    def __init__(self) -> None:
        self.err = _ffi.MssqlError()
        self.err_ref = byref(self.err)
        self.ptr = c_void_p()
        self.ptr_ref = byref(self.ptr)
        self.size = c_size_t()
        self.size_ref = byref(self.size)
        self.count = c_int32()
        self.count_ref = byref(self.count)
        self.len_a = c_size_t()
        self.len_b = c_size_t()


_free_slots: List[Slots] = []
_MAX_FREE_SLOTS = 64


def take_slots() -> Slots:
    """Slots for one call sequence (give them back with give_back)."""
    try:
        return _free_slots.pop()
    except IndexError:
        return Slots()


def give_back(slots: Slots) -> None:
    """Return slots whose error struct is empty (never one that holds an error)."""
    if len(_free_slots) < _MAX_FREE_SLOTS:
        _free_slots.append(slots)


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
    if status in _DONE:
        return status
    failure = exception_for(take_error(err, status), connecting)
    drain()  # a failed call is a boundary where the engine may have queued events
    raise failure


def run(fn, handle: int, *args, timeout: float = 0.0) -> int:
    """Call a start function ``fn(handle, *args, err)`` and wait for it to finish."""
    _waitmode.prepare()
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
    slots = take_slots()
    status = wait_hot(_ffi.hot(), ctypes.c_uint64(handle), slots, timeout, connecting)
    give_back(slots)  # only on success: after an exception the slots are dropped
    return status


def wait_hot(hot: _ffi.Hot, handle: ctypes.c_uint64, slots: Slots, timeout: float = 0.0,
             connecting: bool = False) -> int:
    """wait() for callers that hold the hot functions, the handle as c_uint64 and slots."""
    wait_fn, err_ref = hot.mssql_wait, slots.err_ref
    deadline = time.monotonic() + timeout if timeout > 0 else None
    try:
        status = wait_fn(handle, WAIT_SLICE_MS, err_ref)
        while status == _PENDING:
            if deadline is not None and time.monotonic() >= deadline:
                _cancel_and_drain(handle.value)
                raise OperationalError("Timeout expired", "Query timeout expired")
            status = wait_fn(handle, WAIT_SLICE_MS, err_ref)
    except KeyboardInterrupt:
        _cancel_and_drain(handle.value)
        raise
    if status in _DONE:
        return status
    return check(status, slots.err, connecting)


def _cancel_and_drain(handle: int) -> None:
    """Cancel the operation on handle and wait (bounded) until it has ended."""
    lib = _ffi.lib()
    lib.mssql_cancel(handle)
    err = _ffi.MssqlError()
    end = time.monotonic() + CANCEL_DRAIN_S
    status = _PENDING
    while status == _PENDING and time.monotonic() < end:
        try:
            status = lib.mssql_wait(handle, WAIT_SLICE_MS, byref(err))
        except KeyboardInterrupt:
            continue
    if status not in _DONE:
        take_error(err, status)


def take_buffer(ptr: c_void_p, size: c_size_t) -> bytes:
    """Copy a library-allocated buffer into bytes and free it."""
    if not ptr.value:
        return b""
    try:
        return ctypes.string_at(ptr.value, size.value)
    finally:
        _ffi.lib().mssql_free(ptr)


def take_hot(hot: _ffi.Hot, slots: Slots) -> bytes:
    """The buffer a call left in ``slots.ptr``/``slots.size`` as bytes; frees it."""
    ptr = slots.ptr
    if not ptr.value:
        return b""
    try:
        return _string_at(ptr, slots.size.value)
    finally:
        hot.mssql_free(ptr)
        ptr.value = None


def call_buffer(fn, *args) -> bytes:
    """Call ``fn(*args, buf_out, len_out, err)``; the buffer (b"" on NO_DATA)."""
    ptr, size, err = c_void_p(), c_size_t(), _ffi.MssqlError()
    status = check(fn(*args, byref(ptr), byref(size), byref(err)), err)
    if status == _NO_DATA:
        return b""
    return take_buffer(ptr, size)


# -- the call sequences of a statement, on the hot functions -----------------------------


def execute_hot(hot: _ffi.Hot, stmt: ctypes.c_uint64, slots: Slots, sql: bytes,
                params: Optional[bytes], flags: int) -> None:
    """mssql_stmt_execute, then wait until the first result (or the end) has arrived."""
    _waitmode.prepare()
    slots.len_a.value = len(sql)
    slots.len_b.value = len(params) if params else 0
    status = hot.mssql_stmt_execute(stmt, sql, slots.len_a, params, slots.len_b, flags,
                                    slots.err_ref)
    if status == _PENDING:
        wait_hot(hot, stmt, slots)
    elif status not in _DONE:
        check(status, slots.err)


def describe_hot(hot: _ffi.Hot, stmt: ctypes.c_uint64, slots: Slots) -> bytes:
    """The pickled description of the statement's current result (docs/formats.md §2)."""
    status = hot.mssql_stmt_describe(stmt, _ffi.FORMAT_PICKLE, slots.ptr_ref, slots.size_ref,
                                     slots.err_ref)
    if status != _OK:
        if check(status, slots.err) == _NO_DATA:
            return b""
    return take_hot(hot, slots)


def fetch_hot(hot: _ffi.Hot, stmt: ctypes.c_uint64, slots: Slots, fmt: int,
              max_rows: int) -> Optional[bytes]:
    """The next row batch of the current result set, or None at its end."""
    _waitmode.prepare(recheck=False)
    fetch = hot.mssql_stmt_fetch
    while True:
        status = fetch(stmt, fmt, max_rows, 0, slots.ptr_ref, slots.size_ref, slots.count_ref,
                       slots.err_ref)
        if status != _PENDING:
            break
        wait_hot(hot, stmt, slots)
    if status == _OK:
        return take_hot(hot, slots)
    if status == _NO_DATA:
        return None
    check(status, slots.err)
    return None  # not reached: check() raised
