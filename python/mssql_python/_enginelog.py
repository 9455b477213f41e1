"""Events of the Go engine, drained from the library's queue into Python logging.

Go never calls into Python (a callback from a goroutine costs ~13 us and can deadlock);
instead the library queues events and Python takes them at call boundaries.

While logging is off (the ``mssql_python`` logger at CRITICAL, the default) the engine
keeps only CRITICAL events, and it logs those only when a call fails (a Go panic). So
the boundary after each successful execute and fetch skips the library call then
(:func:`drain_after`); failures, connects, closes and pool calls always drain.
"""

import logging
from ctypes import byref, c_size_t, c_void_p

from . import _ffi
from ._fetch import load
from .logging import driver_logger, logger

_synced_level = None
_CRITICAL = logging.CRITICAL


def drain() -> None:
    """Match the engine's level to the ``mssql_python`` logger and log its queued events."""
    if not _ffi.usable():
        return
    level = driver_logger.getEffectiveLevel()
    if level != _synced_level:
        _sync(level)
    ptr, size = c_void_p(), c_size_t()
    if _ffi.lib().mssql_log_drain(byref(ptr), byref(size)) != _ffi.OK or not ptr.value:
        return
    from ._calls import take_buffer
    _emit(take_buffer(ptr, size))


def drain_after(hot: "_ffi.Hot", slots) -> None:
    """drain() at the end of a successful call sequence, with its hot functions and slots."""
    level = driver_logger.getEffectiveLevel()
    if level != _synced_level:
        _sync(level)
    if level >= _CRITICAL:
        return
    if hot.mssql_log_drain(slots.ptr_ref, slots.size_ref) != _ffi.OK or not slots.ptr.value:
        return
    from ._calls import take_hot
    _emit(take_hot(hot, slots))


def _sync(level: int) -> None:
    global _synced_level
    _ffi.lib().mssql_log_set_level(max(level, logging.DEBUG))
    _synced_level = level


def _emit(buffer: bytes) -> None:
    for unix_ns, event_level, name, message in load(buffer):
        logger.py_core_log(event_level, message, filename=name, created=unix_ns / 1e9,
                           name=f"mssql_python.{name}")
