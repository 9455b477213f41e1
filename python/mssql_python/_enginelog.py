"""Events of the Go engine, drained from the library's queue into Python logging.

Go never calls into Python (a callback from a goroutine costs ~13 us and can deadlock);
instead the library queues events and Python takes them at call boundaries.
"""

import logging
from ctypes import byref, c_size_t, c_void_p

from . import _ffi
from ._fetch import load
from .logging import driver_logger, logger

_synced_level = None


def drain() -> None:
    """Match the engine's level to the ``mssql_python`` logger and log its queued events."""
    global _synced_level
    if not _ffi.usable():
        return
    lib = _ffi.lib()
    level = driver_logger.getEffectiveLevel()
    if level != _synced_level:
        lib.mssql_log_set_level(max(level, logging.DEBUG))
        _synced_level = level
    ptr, size = c_void_p(), c_size_t()
    if lib.mssql_log_drain(byref(ptr), byref(size)) != _ffi.OK or not ptr.value:
        return
    from ._calls import take_buffer
    for unix_ns, event_level, name, message in load(take_buffer(ptr, size)):
        logger.py_core_log(event_level, message, filename=name, created=unix_ns / 1e9,
                           name=f"mssql_python.{name}")
