"""Access tokens for Entra ID: from ``token_provider=`` or ``attrs_before[1256]``.

The token is handed to the library as the access_token argument of mssql_conn_open and
never appears in a message, a log record or ``connection_str``.
"""

import inspect
import struct
import warnings
from typing import Any, Dict, Optional

from . import _connstr
from .exceptions import InterfaceError, OperationalError

SQL_COPT_SS_ACCESS_TOKEN = 1256
SCOPE = "https://database.windows.net/.default"


def token_from_attrs(attrs: Dict[int, Any]) -> Optional[str]:
    """The JWT of an ``attrs_before[1256]`` struct (u32 length + UTF-16LE), or None."""
    raw = attrs.get(SQL_COPT_SS_ACCESS_TOKEN)
    if raw is None:
        return None
    if not isinstance(raw, (bytes, bytearray)):
        raise InterfaceError(
            "SQL_COPT_SS_ACCESS_TOKEN must be supplied as bytes (the raw [length][UTF-16LE "
            f"token] struct), not {type(raw).__name__}.", "Non-binary access token attribute rejected.")
    raw = bytes(raw)
    if len(raw) < 4 or struct.unpack_from("<I", raw)[0] != len(raw) - 4:
        raise InterfaceError("SQL_COPT_SS_ACCESS_TOKEN is malformed",
                             "Expected a 4-byte little-endian length followed by that many bytes.")
    try:
        return raw[4:].decode("utf-16-le")
    except UnicodeDecodeError:
        raise InterfaceError("SQL_COPT_SS_ACCESS_TOKEN is malformed",
                             "The token is not UTF-16LE text.") from None


def token_from_provider(provider: Any, connection_str: str, kwargs: Dict[str, Any],
                        attrs: Dict[int, Any]) -> str:
    """Ask ``provider.get_token(scope)`` for a token (fails fast, as Microsoft's)."""
    if not callable(getattr(provider, "get_token", None)):
        raise InterfaceError("token_provider must have a callable get_token(scope) method",
                             "Invalid token_provider.")
    settings = {k.lower() for k, _ in _connstr.split(connection_str)}
    settings |= {str(k).lower() for k in kwargs}
    if "authentication" in settings or SQL_COPT_SS_ACCESS_TOKEN in attrs:
        raise InterfaceError(
            "token_provider cannot be combined with Authentication= or "
            "attrs_before[SQL_COPT_SS_ACCESS_TOKEN]", "More than one token source given.")
    ignored = sorted(settings & {"uid", "pwd", "trusted_connection"})
    if ignored:
        warnings.warn(f"token_provider is used; {', '.join(ignored)} in the connection "
                      "string are ignored", UserWarning, stacklevel=4)
    return _call_provider(provider)


def _call_provider(provider: Any) -> str:
    try:
        result = provider.get_token(SCOPE)
    except Exception as e:  # noqa: BLE001 - any credential failure is reported the same way
        raise OperationalError("Failed to acquire an access token from token_provider",
                               type(e).__name__) from None
    if inspect.isawaitable(result):
        if hasattr(result, "close"):
            result.close()
        raise InterfaceError("token_provider returned an awaitable; async credentials are "
                             "not supported", "Use a synchronous credential.")
    token = getattr(result, "token", None)
    if not isinstance(token, str) or not token:
        raise InterfaceError("token_provider.get_token() returned no usable token",
                             "Expected an object with a non-empty str .token attribute.")
    return token
