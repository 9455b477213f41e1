"""ctypes mirror of include/mssql_python.h: the only module that touches the library.

The shared library is loaded lazily, on the first connect, never at import: a Go
runtime that is running when the process forks leaves the child hanging on its next
call into Go. So a child forked after the load gets a clear InterfaceError from every
call instead (``os.register_at_fork`` plus a stored pid, since a raw fork() made from C
runs no Python hook). The library is never unloaded.
"""

import ctypes
import os
import sys
import threading
from typing import Optional
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int32, c_int64, c_size_t,
                    c_uint32, c_uint64, c_void_p)

from .exceptions import InterfaceError

ABI_VERSION = 1

# enum mssql_status
OK, PENDING, NO_DATA, ERROR, INVALID_HANDLE, INVALID_ARGUMENT, BUSY, INTERNAL, NOT_SUPPORTED = range(9)
# Modes of mssql_thread_set_wait.
WAIT_START, WAIT_BLOCK = 0, 1

# Flags of mssql_conn_open, mssql_stmt_execute and mssql_stmt_fetch.
OPEN_AUTOCOMMIT = 0x1
OPEN_NO_POOL = 0x2
EXEC_PREPARE = 0x1
EXEC_PROC = 0x2
FORMAT_PICKLE = 1
FORMAT_PLAIN = 2
FETCH_TUPLES = 0x100
FETCH_UUID_STR = 0x200

ENV_LIBRARY = "MSSQL_PYTHON_LIBRARY"
FORK_MESSAGE = (
    "mssql_python's engine was loaded before this process was forked, and a forked child "
    "cannot use it (the Go runtime does not survive fork). Open connections only after "
    "forking, or use the 'spawn' or 'forkserver' multiprocessing start method."
)


class MssqlDiag(Structure):
    """struct mssql_diag: one server error or message."""

    _fields_ = [
        ("number", c_int32),
        ("state", c_int32),
        ("severity", c_int32),
        ("line", c_int32),
        ("message", c_char_p),
        ("server", c_char_p),
        ("procedure", c_char_p),
    ]


class MssqlError(Structure):
    """struct mssql_error: a per-call error, zeroed before use, released after."""


RELEASE_FN = CFUNCTYPE(None, POINTER(MssqlError))

MssqlError._fields_ = [
    ("status", c_int32),
    ("dbapi_class", c_int32),
    ("flags", c_uint32),
    ("n_diag", c_int32),
    ("message", c_char_p),
    ("diag", POINTER(MssqlDiag)),
    ("release", RELEASE_FN),
]

_ERR = POINTER(MssqlError)
_U64P = POINTER(c_uint64)
_BUFP = POINTER(c_void_p)
_SIZEP = POINTER(c_size_t)
_I32P = POINTER(c_int32)
_I64P = POINTER(c_int64)

#: name -> (restype, argtypes), in the order of the header.
SIGNATURES = {
    "mssql_error_release": (None, [_ERR]),
    "mssql_free": (None, [c_void_p]),
    "mssql_abi_version": (c_int32, []),
    "mssql_thread_set_wait": (c_int32, [c_int32, c_int32, c_int32]),
    "mssql_version": (c_char_p, []),
    "mssql_wait": (c_int32, [c_uint64, c_int32, _ERR]),
    "mssql_cancel": (c_int32, [c_uint64]),
    "mssql_conn_open": (c_int32, [c_char_p, c_size_t, c_char_p, c_size_t, c_char_p,
                                  c_size_t, c_int32, c_uint32, _U64P, _ERR]),
    "mssql_conn_close": (c_int32, [c_uint64, _ERR]),
    "mssql_conn_commit": (c_int32, [c_uint64, _ERR]),
    "mssql_conn_rollback": (c_int32, [c_uint64, _ERR]),
    "mssql_conn_set_autocommit": (c_int32, [c_uint64, c_int32, _ERR]),
    "mssql_conn_info": (c_int32, [c_uint64, _BUFP, _SIZEP, _ERR]),
    "mssql_conn_set_query_timeout": (c_int32, [c_uint64, c_int32, _ERR]),
    "mssql_stmt_new": (c_int32, [c_uint64, _U64P, _ERR]),
    "mssql_stmt_execute": (c_int32, [c_uint64, c_char_p, c_size_t, c_char_p, c_size_t,
                                     c_uint32, _ERR]),
    "mssql_stmt_describe": (c_int32, [c_uint64, c_int32, _BUFP, _SIZEP, _ERR]),
    "mssql_stmt_fetch": (c_int32, [c_uint64, c_int32, c_int32, c_int32, _BUFP, _SIZEP,
                                   _I32P, _ERR]),
    "mssql_stmt_next_result": (c_int32, [c_uint64, _ERR]),
    "mssql_stmt_set_query_timeout": (c_int32, [c_uint64, c_int32, _ERR]),
    "mssql_stmt_close": (c_int32, [c_uint64, _ERR]),
    "mssql_pool_configure": (c_int32, [c_int32, c_int32, c_int64, _ERR]),
    "mssql_pool_stats": (c_int32, [_BUFP, _SIZEP, _ERR]),
    "mssql_pool_close_idle": (c_int32, [_I64P, _ERR]),
    "mssql_log_set_level": (c_int32, [c_int32]),
    "mssql_log_drain": (c_int32, [_BUFP, _SIZEP]),
    "mssql_debug_handle_counts": (c_int32, [_I64P, _I64P]),
    "mssql_debug_panic": (c_int32, [_ERR]),
}

#: The calls of every execute and fetch, bound a second time without argtypes (see Hot).
HOT_FUNCTIONS = ("mssql_stmt_execute", "mssql_wait", "mssql_stmt_describe", "mssql_stmt_fetch",
                 "mssql_free", "mssql_log_drain")


class Hot:
    """The library's hot functions as function objects without ``argtypes``.

    ctypes converts every argument through its argtypes entry, which costs more than the
    call into the library itself (about 17,000 instructions for the eight arguments of
    mssql_stmt_fetch against 3,000 without). So these objects take arguments as they are,
    and their callers must pass a ctypes instance for everything that is not a C int:
    handles as c_uint64, lengths as c_size_t, out-pointers through byref(); ``bytes`` and
    None pass as ``const char *`` and NULL. ``restype`` is still declared.
    """

    __slots__ = HOT_FUNCTIONS

    def __init__(self, handle) -> None:
        for name in HOT_FUNCTIONS:
            fn = handle[name]  # a new function object: the declared one keeps its argtypes
            fn.restype = SIGNATURES[name][0]
            setattr(self, name, fn)


_lock = threading.Lock()
_lib = None
_hot: Optional[Hot] = None
_pid = 0
_forked = False
# With os.register_at_fork the child learns it was forked (_forked) at no cost per call;
# elsewhere every call compares the process id.
_CHECK_PID = not hasattr(os, "register_at_fork")


def library_path() -> str:
    """Where the library is loaded from: $MSSQL_PYTHON_LIBRARY, else the package dir."""
    override = os.environ.get(ENV_LIBRARY)
    if override:
        return override
    if sys.platform == "win32":
        name = "mssql_python.dll"
    elif sys.platform == "darwin":
        name = "libmssql_python.dylib"
    else:
        name = "libmssql_python.so"
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), name)


def lib():
    """The loaded library; loads it on first use. Raises InterfaceError after fork."""
    current = _lib
    if current is not None and not _forked and (not _CHECK_PID or _pid == os.getpid()):
        return current
    if current is not None:
        raise InterfaceError(FORK_MESSAGE)
    return _load()


def hot() -> Hot:
    """The hot functions (see Hot); loads the library on first use, InterfaceError after fork."""
    current = _hot
    if current is not None and not _forked and (not _CHECK_PID or _pid == os.getpid()):
        return current
    lib()
    assert _hot is not None
    return _hot


def usable() -> bool:
    """True when the library is loaded in this very process (not a forked child)."""
    return _lib is not None and not _forked and (not _CHECK_PID or _pid == os.getpid())


def loaded() -> bool:
    """True once the library was loaded (in this process or in a forked parent)."""
    return _lib is not None


def _load():
    global _lib, _hot, _pid
    with _lock:
        if _lib is not None:
            return lib()
        path = library_path()
        try:
            handle = ctypes.CDLL(path)
        except OSError as e:
            raise InterfaceError(
                "Could not load the mssql_python engine library",
                f"{path}: {e}. Set {ENV_LIBRARY} to the library's path.") from None
        _declare(handle, path)
        version = handle.mssql_abi_version()
        if version != ABI_VERSION:
            raise InterfaceError(
                "Incompatible mssql_python engine library",
                f"{path} implements ABI {version}, this package needs {ABI_VERSION}")
        _hot = Hot(handle)
        _pid = os.getpid()
        _lib = handle
        return handle


def _declare(handle, path: str) -> None:
    for name, (restype, argtypes) in SIGNATURES.items():
        try:
            fn = getattr(handle, name)
        except AttributeError:
            raise InterfaceError("Incompatible mssql_python engine library",
                                 f"{path} does not export {name}") from None
        fn.restype = restype
        fn.argtypes = argtypes


def _after_fork_in_child() -> None:
    global _forked
    if _lib is not None:
        _forked = True


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
