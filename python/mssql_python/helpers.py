"""Global settings: lowercase column names, decimal separator, UUID handling."""

import locale
import threading

_lock = threading.Lock()


def _locale_decimal_point() -> str:
    try:
        point = locale.localeconv()["decimal_point"]
    except (AttributeError, KeyError, TypeError, ValueError):
        return "."
    return point if isinstance(point, str) and len(point) == 1 else "."


class Settings:
    """Process-wide settings of the package (one instance, see :func:`get_settings`)."""

    def __init__(self) -> None:
        self.lowercase: bool = False
        self.decimal_separator: str = _locale_decimal_point()
        self.native_uuid: bool = True


_settings = Settings()


def get_settings() -> Settings:
    """Return the global settings object (its attributes are replaced whole, under _lock)."""
    return _settings


def setDecimalSeparator(separator: str) -> None:  # noqa: N802 - Microsoft's name
    """Set the character ``str(row)`` uses as decimal point for Decimal values.

    Fetching always parses with "."; only the display of rows changes.
    """
    if not isinstance(separator, str):
        raise ValueError("Decimal separator must be a string")
    if len(separator) == 0:
        raise ValueError("Decimal separator cannot be empty")
    if len(separator) > 1:
        raise ValueError("Decimal separator must be a single character")
    if separator.isspace():
        raise ValueError("Whitespace characters are not allowed as decimal separators")
    with _lock:
        _settings.decimal_separator = separator


def getDecimalSeparator() -> str:  # noqa: N802 - Microsoft's name
    """Return the decimal separator used by ``str(row)``."""
    return _settings.decimal_separator


def set_bool_setting(name: str, value: bool) -> None:
    """Set the boolean setting ``name`` (lowercase, native_uuid); ValueError if not bool."""
    if not isinstance(value, bool):
        raise ValueError(f"{name} must be a boolean value")
    with _lock:
        setattr(_settings, name, value)
