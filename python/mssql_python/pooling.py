"""Connection pooling: ``mssql_python.pooling()``, :class:`PoolingManager`, ``pool_stats()``.

Pooling is on by default, as in Microsoft's package: the first connection enables it with
``max_size=100`` connections per pool and ``idle_timeout=600`` seconds. The pools live in the
engine library (``pool/`` in Go, ``mssql_pool_*`` in the C ABI): one per normalised
connection string, and per token for access-token logins. Closing a pooled connection rolls
back its open transaction and returns it; the next connect with the same string gets the
same server session, reset (temp tables, SET options and the current database of the
previous user are gone) with its first request, at no extra round trip.

Unlike Microsoft's package, a later ``pooling(...)`` call changes the settings for the
connections opened afterwards (theirs keeps the first call's), and ``pooling(enabled=False)``
closes the idle pooled connections at once. Settings given before the engine is loaded (it
loads on the first connect) are applied when it loads.
"""

import json
import threading
from ctypes import byref, c_int64
from typing import Any, Dict, List, Optional, Tuple

from . import _ffi


class PoolingManager:
    """Process-wide pooling switch and settings (class methods only)."""

    _enabled: bool = False
    _initialized: bool = False
    _lock = threading.Lock()
    _config: Dict[str, int] = {"max_size": 100, "idle_timeout": 600}
    _applied: Optional[Tuple[bool, int, int]] = None  # what the engine was last told

    @classmethod
    def enable(cls, max_size: int = 100, idle_timeout: int = 600) -> None:
        """Enable pooling with these limits, or change them. ValueError for bad sizes."""
        if isinstance(max_size, bool) or isinstance(idle_timeout, bool):
            raise ValueError("Invalid pooling parameters")
        if max_size <= 0 or idle_timeout < 0:
            raise ValueError("Invalid pooling parameters")
        with cls._lock:
            cls._config = {"max_size": int(max_size), "idle_timeout": int(idle_timeout)}
            cls._enabled = True
            cls._initialized = True
            cls._apply_locked()

    @classmethod
    def disable(cls) -> None:
        """Disable pooling: idle pooled connections close; later connections are not pooled."""
        with cls._lock:
            cls._enabled = False
            cls._initialized = True
            cls._apply_locked()

    @classmethod
    def is_enabled(cls) -> bool:
        """True while pooling is enabled."""
        return cls._enabled

    @classmethod
    def is_initialized(cls) -> bool:
        """True once pooling was enabled or disabled (explicitly or by a connect)."""
        return cls._initialized

    @classmethod
    def settings(cls) -> Dict[str, int]:
        """The current ``max_size`` and ``idle_timeout``."""
        with cls._lock:
            return dict(cls._config)

    @classmethod
    def stats(cls) -> List[Dict[str, Any]]:
        """Snapshots of every pool; see :func:`pool_stats`."""
        if not _ffi.usable():
            return []
        from ._calls import call_buffer, drain
        try:
            raw = call_buffer(_ffi.lib().mssql_pool_stats)
        finally:
            drain()  # a call boundary: the pool's queued events reach logging here too
        return json.loads(raw.decode("utf-8")) if raw else []

    @classmethod
    def close_idle(cls) -> int:
        """Close every idle pooled connection now; returns how many were closed."""
        if not _ffi.usable():
            return 0
        from ._calls import check, drain
        closed, err = c_int64(0), _ffi.MssqlError()
        try:
            check(_ffi.lib().mssql_pool_close_idle(byref(closed), byref(err)), err)
        finally:
            drain()
        return closed.value

    @classmethod
    def _sync_library(cls) -> None:
        """Give the engine the settings it has not seen yet (called at connect)."""
        with cls._lock:
            cls._apply_locked()

    @classmethod
    def _apply_locked(cls) -> None:
        wanted = (cls._enabled, cls._config["max_size"], cls._config["idle_timeout"])
        if wanted == cls._applied or not _ffi.usable():
            return
        from ._calls import check
        enabled, max_size, idle_timeout = wanted
        err = _ffi.MssqlError()
        status = _ffi.lib().mssql_pool_configure(int(enabled), min(max_size, 2**31 - 1),
                                                  min(idle_timeout * 1000, 2**63 - 1), byref(err))
        check(status, err)
        cls._applied = wanted

    @classmethod
    def _reset_for_testing(cls) -> None:
        with cls._lock:
            cls._enabled = False
            cls._initialized = False
            cls._config = {"max_size": 100, "idle_timeout": 600}
            cls._apply_locked()


def pooling(max_size: int = 100, idle_timeout: int = 600, enabled: bool = True) -> None:
    """Enable pooling with these limits (or change them), or disable it."""
    if not enabled:
        PoolingManager.disable()
    else:
        PoolingManager.enable(max_size, idle_timeout)


def pool_stats() -> List[Dict[str, Any]]:
    """One dict per pool, oldest first: ``key`` (the connection string with ``PWD=***``),
    ``id``, ``max_size``, ``open``, ``idle``, ``in_use``, ``waiting``, ``acquires``,
    ``acquire_time_s``, ``waits``, ``timeouts``, ``created``, ``create_errors``, ``pruned``,
    ``discarded`` (found dead before reuse), ``released_broken`` and ``closed``. Each dict is
    a snapshot: it does not change afterwards. Empty before the first connection."""
    return PoolingManager.stats()


__all__ = ["PoolingManager", "pooling", "pool_stats"]
