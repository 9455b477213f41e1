"""connect(): the DB-API module-level constructor."""

from typing import Any, Dict, Optional, Union

from .connection import Connection, TokenProvider


def connect(connection_str: str = "", autocommit: bool = False,
            attrs_before: Optional[Dict[int, Union[int, str, bytes]]] = None,
            timeout: int = 0, native_uuid: Optional[bool] = None,
            token_provider: Optional[TokenProvider] = None, **kwargs: Any) -> Connection:
    """Open a connection to SQL Server.

    ``connection_str`` is an ODBC-style ``key=value;`` string; ``kwargs`` add or override
    keywords. ``timeout`` bounds the login, in seconds (0 = the default of 15 s);
    ``Connection.timeout`` is the query timeout. ``native_uuid`` chooses uuid.UUID or
    str for uniqueidentifier columns (None = the module setting). ``token_provider`` is
    an Entra ID credential (anything with ``get_token(scope)``).
    """
    return Connection(connection_str, autocommit=autocommit, attrs_before=attrs_before,
                      timeout=timeout, native_uuid=native_uuid, token_provider=token_provider,
                      **kwargs)
