"""Connection pooling settings: ``mssql_python.pooling()`` and :class:`PoolingManager`.

Pooling is on by default, as in Microsoft's package. ``pooling(enabled=False)`` makes
every later connection bypass the library's pools (MSSQL_OPEN_NO_POOL). The library's
C ABI has no function to size its pools yet, so ``max_size`` and ``idle_timeout`` are
validated and kept (``PoolingManager.settings()``) but not yet applied: the engine uses
its own defaults until the pool ABI lands.
"""

import threading
from typing import Dict


class PoolingManager:
    """Process-wide pooling switch and settings (class methods only)."""

    _enabled: bool = False
    _initialized: bool = False
    _lock = threading.Lock()
    _config: Dict[str, int] = {"max_size": 100, "idle_timeout": 600}

    @classmethod
    def enable(cls, max_size: int = 100, idle_timeout: int = 600) -> None:
        """Enable pooling (a no-op when already enabled). ValueError for bad sizes."""
        with cls._lock:
            if cls._enabled:
                return
            if max_size <= 0 or idle_timeout < 0:
                raise ValueError("Invalid pooling parameters")
            cls._config = {"max_size": max_size, "idle_timeout": idle_timeout}
            cls._enabled = True
            cls._initialized = True

    @classmethod
    def disable(cls) -> None:
        """Disable pooling: connections opened afterwards are not pooled."""
        with cls._lock:
            cls._enabled = False
            cls._initialized = True

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
        """The requested ``max_size`` and ``idle_timeout``."""
        with cls._lock:
            return dict(cls._config)

    @classmethod
    def _reset_for_testing(cls) -> None:
        with cls._lock:
            cls._enabled = False
            cls._initialized = False
            cls._config = {"max_size": 100, "idle_timeout": 600}


def pooling(max_size: int = 100, idle_timeout: int = 600, enabled: bool = True) -> None:
    """Enable (with limits) or disable connection pooling; see the module docstring."""
    if not enabled:
        PoolingManager.disable()
    else:
        PoolingManager.enable(max_size, idle_timeout)
