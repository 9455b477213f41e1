"""Connection-string handling on the Python side.

The library parses and validates connection strings (one ConnectionStringParseError
lists every problem). Python only turns ``connect(**kwargs)`` into the overrides string
the library takes, rejects what Microsoft's package rejects before connecting (NUL
characters, the reserved Driver/APP keywords), and builds ``Connection.connection_str``
with every secret masked.
"""

import functools
from typing import Any, Dict, List, Tuple

from .exceptions import InterfaceError

RESERVED = ("driver", "app")
SECRET_KEYS = frozenset(("pwd", "password", "accesstoken", "access_token"))
_MASK = "***"

# Canonical spellings (Microsoft's allow-list) used only to show connection_str.
CANONICAL = {
    "server": "Server", "address": "Server", "addr": "Server", "uid": "UID", "pwd": "PWD",
    "authentication": "Authentication", "trusted_connection": "Trusted_Connection",
    "database": "Database", "encrypt": "Encrypt",
    "trustservercertificate": "TrustServerCertificate",
    "trust_server_certificate": "TrustServerCertificate",
    "hostnameincertificate": "HostnameInCertificate", "servercertificate": "ServerCertificate",
    "serverspn": "ServerSPN", "multisubnetfailover": "MultiSubnetFailover",
    "applicationintent": "ApplicationIntent", "connectretrycount": "ConnectRetryCount",
    "connectretryinterval": "ConnectRetryInterval", "keepalive": "KeepAlive",
    "keepaliveinterval": "KeepAliveInterval", "ipaddresspreference": "IpAddressPreference",
    "packetsize": "PacketSize", "packet size": "PacketSize",
}


def reject_nul(connection_str: Any, kwargs: Dict[str, Any]) -> None:
    """InterfaceError when the string or a keyword value holds a NUL character."""
    if isinstance(connection_str, str) and "\x00" in connection_str:
        raise InterfaceError("Connection string must not contain a NUL (\\x00) character.",
                             "Embedded NUL in connection string.")
    for key, value in kwargs.items():
        if "\x00" in str(key) or (isinstance(value, str) and "\x00" in value):
            raise InterfaceError(
                f"Connection parameter '{_safe_key(key)}' must not contain a NUL (\\x00) "
                "character.", "Embedded NUL in connection parameter.")


def _safe_key(key: Any) -> str:
    return str(key).replace("\x00", "\\x00")[:64]


def quote_value(value: str) -> str:
    """An ODBC connection-string value, braced when it needs to be."""
    if value and not any(c in value for c in ";{}=") and value == value.strip():
        return value
    return "{" + value.replace("}", "}}") + "}"


def overrides_from_kwargs(kwargs: Dict[str, Any]) -> str:
    """``key=value;`` text for connect(**kwargs); Driver and APP raise ValueError."""
    parts = []
    for key, value in kwargs.items():
        if str(key).strip().lower() in RESERVED:
            raise ValueError(f"Connection parameter '{key}' is reserved and controlled by the "
                             "driver. It cannot be set by the user.")
        parts.append(f"{key}={quote_value(str(value))}")
    return ";".join(parts)


def split(text: str) -> List[Tuple[str, str]]:
    """Lenient ``[(key, value)]`` of an ODBC-style string (for display and lookups only)."""
    pairs, i, n = [], 0, len(text)
    while i < n:
        eq = text.find("=", i)
        if eq < 0:
            break
        key = text[i:eq].strip()
        i = eq + 1
        while i < n and text[i] == " ":
            i += 1
        if i < n and text[i] == "{":
            value, i = _braced(text, i + 1)
            end = text.find(";", i)
            i = n if end < 0 else end + 1
        else:
            end = text.find(";", i)
            end = n if end < 0 else end
            value, i = text[i:end].strip(), end + 1
        if key:
            pairs.append((key, value))
    return pairs


def _braced(text: str, i: int) -> Tuple[str, int]:
    out, n = [], len(text)
    while i < n:
        if text[i] == "}":
            if i + 1 < n and text[i + 1] == "}":
                out.append("}")
                i += 2
                continue
            return "".join(out), i + 1
        out.append(text[i])
        i += 1
    return "".join(out), n


def lookup(text: str, *names: str) -> str:
    """The value of the first key among ``names`` (case-insensitive), or ''."""
    wanted = {n.lower() for n in names}
    for key, value in split(text):
        if key.lower() in wanted:
            return value
    return ""


@functools.lru_cache(maxsize=64)  # a pooled connect is cheap: so is its display string
def display(connection_str: str, overrides: str) -> str:
    """The effective keywords (overrides win), canonical names, secrets masked."""
    merged: Dict[str, Tuple[str, str]] = {}
    for key, value in split(connection_str) + split(overrides):
        canonical = CANONICAL.get(key.lower(), key)
        merged[canonical.lower()] = (canonical, value)
    parts = []
    for lowered, (key, value) in sorted(merged.items()):
        shown = _MASK if lowered in SECRET_KEYS or key.lower() in SECRET_KEYS else value
        parts.append(f"{key}={quote_value(shown)}")
    return ";".join(parts)
