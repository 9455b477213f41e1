"""Driver logging, with Microsoft's API: ``setup_logging(output, log_file_path)``,
``logger`` and ``driver_logger`` (the ``mssql_python`` logger of the standard library).

Logging is off (level CRITICAL) until :func:`setup_logging`, which turns on DEBUG and
writes CSV lines ``Timestamp, ThreadID, Level, Location, Source, Message`` to a file
(default ``./mssql_python_logs/mssql_python_trace_<YYYYmmddHHMMSS>_<pid>.log``), stdout or
both. Events of the Go engine are queued in the library and drained at call boundaries
into child loggers (``mssql_python.core``, ``mssql_python.pool`` ...) with source ``Go``.
Nothing logged ever carries a password or token.
"""

import atexit
import datetime
import logging
import os
import platform
import sys
import threading
from logging.handlers import RotatingFileHandler
from typing import Optional

FILE, STDOUT, BOTH = "file", "stdout", "both"
ALLOWED_LOG_EXTENSIONS = {".txt", ".log", ".csv"}
_MAX_BYTES, _BACKUPS = 512 * 1024 * 1024, 5


class _ThreadIDFilter(logging.Filter):
    def filter(self, record):
        record.thread_id = threading.get_native_id()
        return True


class _CSVFormatter(logging.Formatter):
    """``Timestamp, ThreadID, Level, Location, Source, Message`` lines."""

    def format(self, record):
        msg = record.getMessage()
        source = getattr(record, "source", None)
        if source is None:
            source, msg = "Unknown", msg
            if msg.startswith("[") and "]" in msg:
                end = msg.index("]")
                source, msg = msg[1:end], msg[end + 1:].strip()
        stamp = self.formatTime(record, "%Y-%m-%d %H:%M:%S") + f".{int(record.msecs):03d}"
        thread_id = getattr(record, "thread_id", 0)
        return (f"{stamp}, {thread_id}, {record.levelname}, {record.filename}:{record.lineno}, "
                f"{source}, {msg}")


def _validate_log_file_path(path: str) -> str:
    resolved = os.path.realpath(os.path.abspath(path))
    if not os.path.isabs(path):
        base = os.path.realpath(os.path.abspath(os.getcwd()))
        try:
            inside = os.path.commonpath([base, resolved]) == base
        except ValueError:
            inside = False
        if not inside:
            raise ValueError("log_file_path resolves outside the current working directory. "
                             "Path traversal is not permitted for relative paths.")
    ext = os.path.splitext(resolved)[1]
    if ext.lower() not in ALLOWED_LOG_EXTENSIONS:
        allowed = ", ".join(sorted(ALLOWED_LOG_EXTENSIONS))
        raise ValueError(f"Invalid log file extension '{ext}'. Allowed extensions: {allowed}")
    return resolved


class MSSQLLogger:
    """The driver's logger (a singleton): all or nothing, DEBUG once enabled."""

    _instance: Optional["MSSQLLogger"] = None

    def __new__(cls) -> "MSSQLLogger":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
            cls._instance._init()
        return cls._instance

    def _init(self) -> None:
        self._logger = logging.getLogger("mssql_python")
        self._logger.setLevel(logging.CRITICAL)
        self._logger.propagate = False
        self._logger.addFilter(_ThreadIDFilter())
        self._output_mode = FILE
        self._log_file: Optional[str] = None
        self._custom_log_path: Optional[str] = None
        self._handlers_ready = False
        self._lock = threading.RLock()
        default = logging.StreamHandler(sys.stderr)
        default.setLevel(logging.WARNING)
        default.setFormatter(logging.Formatter("[%(name)s] %(levelname)s: %(message)s"))
        self._logger.addHandler(default)
        atexit.register(self._close_handlers)

    # -- handlers ---------------------------------------------------------------------

    def _close_handlers(self) -> None:
        with self._lock:
            for handler in self._logger.handlers[:]:
                try:
                    handler.flush()
                    handler.close()
                except Exception:  # noqa: BLE001 - never fail while tearing down
                    pass
                self._logger.removeHandler(handler)

    def _setup_handlers(self) -> None:
        with self._lock:
            self._close_handlers()
            formatter = _CSVFormatter()
            self._log_file = None
            if self._output_mode in (FILE, BOTH):
                self._log_file = self._custom_log_path or self._default_path()
                os.makedirs(os.path.dirname(self._log_file) or ".", exist_ok=True)
                handler: logging.Handler = RotatingFileHandler(
                    self._log_file, maxBytes=_MAX_BYTES, backupCount=_BACKUPS, encoding="utf-8")
                handler.setFormatter(formatter)
                self._write_header()
                self._logger.addHandler(handler)
            if self._output_mode in (STDOUT, BOTH):
                handler = logging.StreamHandler(sys.stdout)
                handler.setFormatter(formatter)
                self._logger.addHandler(handler)

    @staticmethod
    def _default_path() -> str:
        stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
        name = f"mssql_python_trace_{stamp}_{os.getpid()}.log"
        return os.path.join(os.getcwd(), "mssql_python_logs", name)

    def _write_header(self) -> None:
        from . import __version__
        script = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "<interactive>"
        start = datetime.datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        with open(self._log_file or os.devnull, "a", encoding="utf-8") as f:
            f.write(f"# MSSQL-Python Driver Log | Script: {script} | PID: {os.getpid()} | "
                    f"Log Level: DEBUG | Python: {platform.python_version()} | "
                    f"Driver: {__version__} | Start: {start} | OS: {platform.platform()}\n")
            f.write("Timestamp, ThreadID, Level, Location, Source, Message\n")

    # -- logging ----------------------------------------------------------------------

    def _log(self, level: int, msg: str, *args, **kwargs) -> None:
        if not self._logger.isEnabledFor(level):
            return
        try:
            if args:
                msg = msg % args
            self._logger.log(level, "[Python] " + msg, stacklevel=3, **kwargs)
        except Exception:  # noqa: BLE001 - logging must never break the caller
            pass

    def debug(self, msg: str, *args, **kwargs) -> None:
        """Log at DEBUG level."""
        self._log(logging.DEBUG, msg, *args, **kwargs)

    def info(self, msg: str, *args, **kwargs) -> None:
        """Log at INFO level."""
        self._log(logging.INFO, msg, *args, **kwargs)

    def warning(self, msg: str, *args, **kwargs) -> None:
        """Log at WARNING level."""
        self._log(logging.WARNING, msg, *args, **kwargs)

    def error(self, msg: str, *args, **kwargs) -> None:
        """Log at ERROR level."""
        self._log(logging.ERROR, msg, *args, **kwargs)

    def py_core_log(self, level: int, msg: str, filename: str = "core", lineno: int = 0,
                    created: Optional[float] = None, source: str = "Go",
                    name: Optional[str] = None) -> None:
        """Log a record that comes from native code, with its own location."""
        logger = logging.getLogger(name) if name else self._logger
        if not logger.isEnabledFor(level):
            return
        record = logger.makeRecord(logger.name, level, filename, lineno, msg, (), None,
                                   func="py-core", extra={"source": source})
        if created is not None:
            record.created = created
            record.msecs = (created - int(created)) * 1000
        logger.handle(record)

    def _setLevel(self, level: int, output: Optional[str] = None,  # noqa: N802
                  log_file_path: Optional[str] = None) -> None:
        if output is not None:
            if output not in (FILE, STDOUT, BOTH):
                raise ValueError(f"Invalid output mode: {output}. "
                                 f"Must be one of: {FILE}, {STDOUT}, {BOTH}")
            self._output_mode = output
        if log_file_path is not None:
            self._custom_log_path = _validate_log_file_path(log_file_path)
        if not self._handlers_ready or output is not None or log_file_path is not None:
            self._setup_handlers()
            self._handlers_ready = True
        self._logger.setLevel(level)

    def getLevel(self) -> int:  # noqa: N802
        """The current level of the ``mssql_python`` logger."""
        return self._logger.level

    def isEnabledFor(self, level: int) -> bool:  # noqa: N802
        """Whether a record of ``level`` would be emitted."""
        return self._logger.isEnabledFor(level)

    def addHandler(self, handler: logging.Handler) -> None:  # noqa: N802
        """Attach a handler."""
        with self._lock:
            self._logger.addHandler(handler)

    def removeHandler(self, handler: logging.Handler) -> None:  # noqa: N802
        """Detach a handler."""
        with self._lock:
            self._logger.removeHandler(handler)

    @property
    def handlers(self) -> list:
        """A copy of the attached handlers."""
        with self._lock:
            return self._logger.handlers[:]

    def reset_handlers(self) -> None:
        """Recreate the handlers (for example after the log file was deleted)."""
        self._setup_handlers()

    @property
    def output(self) -> str:
        """Where logs go: 'file', 'stdout' or 'both'."""
        return self._output_mode

    @output.setter
    def output(self, mode: str) -> None:
        if mode not in (FILE, STDOUT, BOTH):
            raise ValueError(f"Invalid output mode: {mode}. Must be one of: {FILE}, {STDOUT}, {BOTH}")
        self._output_mode = mode
        if self._handlers_ready:
            self._setup_handlers()

    @property
    def log_file(self) -> Optional[str]:
        """The log file path, or None when not logging to a file."""
        return self._log_file

    @property
    def level(self) -> int:
        """The current level."""
        return self._logger.level

    @property
    def is_debug_enabled(self) -> bool:
        """True once DEBUG logging is on."""
        return self._logger.isEnabledFor(logging.DEBUG)


logger = MSSQLLogger()
driver_logger = logger._logger


def setup_logging(output: str = "file", log_file_path: Optional[str] = None) -> MSSQLLogger:
    """Turn on DEBUG logging to 'file' (default), 'stdout' or 'both'.

    ``log_file_path`` must end in .txt, .log or .csv, and a relative path must stay under
    the current directory (ValueError otherwise).
    """
    logger._setLevel(logging.DEBUG, output, log_file_path)
    return logger
