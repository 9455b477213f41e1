"""Connection.getinfo (common ODBC info types) and Connection.set_attr.

getinfo answers from the session (mssql_conn_info: database, server name and version)
and from static facts about the driver and SQL Server; an info type it does not know
gives None, as Microsoft's package does on failure. set_attr applies the four attributes
Microsoft's accepts after connecting by T-SQL (catalog, isolation level) or as client
settings (access mode is a hint, connection timeout bounds every request).
"""

import os
from typing import Any, Callable, Dict, Union

from . import _ffi
from .constants import GetInfoConstants as G
from .exceptions import ProgrammingError

_STATIC: Dict[int, Union[str, int]] = {
    G.SQL_DRIVER_ODBC_VER.value: "03.80",
    G.SQL_DATA_SOURCE_NAME.value: "",
    17: "Microsoft SQL Server",  # SQL_DBMS_NAME
    G.SQL_IDENTIFIER_QUOTE_CHAR.value: '"',
    G.SQL_SEARCH_PATTERN_ESCAPE.value: "\\",
    G.SQL_CATALOG_TERM.value: "database",
    G.SQL_CATALOG_NAME_SEPARATOR.value: ".",
    G.SQL_SCHEMA_TERM.value: "owner",
    G.SQL_TABLE_TERM.value: "table",
    G.SQL_PROCEDURE_TERM.value: "stored procedure",
    G.SQL_SPECIAL_CHARACTERS.value: "#$@",
    G.SQL_KEYWORDS.value: ("BREAK,BROWSE,BULK,CHECKPOINT,CLUSTERED,COMPUTE,CONTAINSTABLE,"
                           "DBCC,DENY,DISK,DUMP,ERRLVL,FILLFACTOR,FREETEXT,FREETEXTTABLE,"
                           "HOLDLOCK,IDENTITYCOL,IDENTITY_INSERT,KILL,LINENO,LOAD,MERGE,"
                           "NOCHECK,NONCLUSTERED,OFFSETS,OPENDATASOURCE,OPENQUERY,OPENROWSET,"
                           "OPENXML,PIVOT,PRINT,PROC,RAISERROR,READTEXT,RECONFIGURE,"
                           "REPLICATION,RESTORE,REVERT,ROWCOUNT,ROWGUIDCOL,RULE,SAVE,"
                           "SETUSER,SHUTDOWN,STATISTICS,TEXTSIZE,TOP,TRAN,TRUNCATE,TSEQUAL,"
                           "UNPIVOT,UPDATETEXT,WAITFOR,WITHIN GROUP,WRITETEXT"),
    G.SQL_ACCESSIBLE_PROCEDURES.value: "Y",
    G.SQL_ACCESSIBLE_TABLES.value: "Y",
    G.SQL_EXPRESSIONS_IN_ORDERBY.value: "Y",
    G.SQL_LIKE_ESCAPE_CLAUSE.value: "Y",
    G.SQL_MULTIPLE_ACTIVE_TXN.value: "Y",
    G.SQL_NEED_LONG_DATA_LEN.value: "Y",
    G.SQL_PROCEDURES.value: "Y",
    G.SQL_COLUMN_ALIAS.value: "Y",
    G.SQL_ORDER_BY_COLUMNS_IN_SELECT.value: "N",
    G.SQL_MULT_RESULT_SETS.value: "Y",
    G.SQL_OUTER_JOINS.value: "Y",
    G.SQL_MAX_COLUMN_NAME_LEN.value: 128,
    G.SQL_MAX_TABLE_NAME_LEN.value: 128,
    G.SQL_MAX_SCHEMA_NAME_LEN.value: 128,
    G.SQL_MAX_CATALOG_NAME_LEN.value: 128,
    G.SQL_MAX_IDENTIFIER_LEN.value: 128,
    G.SQL_MAX_USER_NAME_LEN.value: 128,
    G.SQL_MAX_COLUMNS_IN_TABLE.value: 1024,
    G.SQL_MAX_COLUMNS_IN_SELECT.value: 4096,
    G.SQL_MAX_COLUMNS_IN_INDEX.value: 16,
    G.SQL_MAX_TABLES_IN_SELECT.value: 256,
    G.SQL_MAX_ROW_SIZE.value: 8060,
    G.SQL_MAX_STATEMENT_LEN.value: 0,
    G.SQL_MAX_DRIVER_CONNECTIONS.value: 0,
    G.SQL_MAX_CONCURRENT_ACTIVITIES.value: 1,
    G.SQL_TXN_CAPABLE.value: 2,  # SQL_TC_ALL
    G.SQL_DEFAULT_TXN_ISOLATION.value: 2,  # READ COMMITTED
    G.SQL_TXN_ISOLATION_OPTION.value: 1 | 2 | 4 | 8 | 32,  # + SQL_TXN_SS_SNAPSHOT
    G.SQL_IDENTIFIER_CASE.value: G.SQL_IC_MIXED.value,
    G.SQL_QUOTED_IDENTIFIER_CASE.value: G.SQL_IC_MIXED.value,
    G.SQL_CURSOR_COMMIT_BEHAVIOR.value: 1,  # SQL_CB_CLOSE
    G.SQL_CURSOR_ROLLBACK_BEHAVIOR.value: 1,
    G.SQL_CONCAT_NULL_BEHAVIOR.value: 0,  # SQL_CB_NULL
    G.SQL_NULL_COLLATION.value: 1,  # SQL_NC_LOW
    G.SQL_SCROLL_OPTIONS.value: 1,  # SQL_SO_FORWARD_ONLY
    G.SQL_POSITIONED_STATEMENTS.value: 0,
    G.SQL_GROUP_BY.value: 2,  # SQL_GB_GROUP_BY_CONTAINS_SELECT
}


def _driver_version() -> str:
    from . import __version__
    parts = [int(p) for p in __version__.split(".")[:3] if p.isdigit()] + [0, 0, 0]
    return f"{parts[0]:02d}.{parts[1]:02d}.{parts[2]:04d}"


def _single_value(conn: Any, sql: str) -> Any:
    cursor = conn.cursor()
    try:
        return cursor.execute(sql).fetchval()
    finally:
        cursor.close()


_DYNAMIC: Dict[int, Callable[[Any], Any]] = {
    G.SQL_DRIVER_NAME.value: lambda conn: os.path.basename(_ffi.library_path()),
    G.SQL_DRIVER_VER.value: lambda conn: _driver_version(),
    G.SQL_DATABASE_NAME.value: lambda conn: conn._info().get("database"),
    G.SQL_SERVER_NAME.value: lambda conn: conn._info().get("server_name"),
    18: lambda conn: conn._info().get("server_version"),  # SQL_DBMS_VER
    G.SQL_USER_NAME.value: lambda conn: _single_value(conn, "SELECT USER_NAME()"),
    G.SQL_DATA_SOURCE_READ_ONLY.value: lambda conn: "Y" if conn._access_mode else "N",
}


def getinfo(conn: Any, info_type: int) -> Union[str, int, bool, None]:
    """The value of an info type, or None when it is not known."""
    if info_type < 0:
        return None
    if info_type in _DYNAMIC:
        return _DYNAMIC[info_type](conn)
    return _STATIC.get(info_type)


# -- set_attr -------------------------------------------------------------------------

ACCESS_MODE, TXN_ISOLATION, CURRENT_CATALOG, CONNECTION_TIMEOUT = 101, 108, 109, 113
_BEFORE_ONLY = (103, 112)
_ISOLATION = {1: "READ UNCOMMITTED", 2: "READ COMMITTED", 4: "REPEATABLE READ",
              8: "SERIALIZABLE", 32: "SNAPSHOT"}


def _invalid(detail: str) -> ProgrammingError:
    return ProgrammingError(f"Invalid attribute or value: {detail}", detail)


def _validate(attribute: Any, value: Any) -> None:
    if isinstance(attribute, bool) or not isinstance(attribute, int):
        raise _invalid(f"Attribute must be an integer, got {type(attribute).__name__}")
    if attribute in _BEFORE_ONLY:
        raise _invalid(f"Attribute {attribute} must be set before connection establishment. "
                       "Use the attrs_before parameter when creating the connection.")
    if attribute not in (ACCESS_MODE, TXN_ISOLATION, CURRENT_CATALOG, CONNECTION_TIMEOUT):
        raise _invalid(f"Unsupported attribute: {attribute}")
    if isinstance(value, bool) or isinstance(value, int):
        if value < 0:
            raise _invalid(f"Integer value cannot be negative: {value}")
    elif isinstance(value, str):
        if len(value) > 8192:
            raise _invalid(f"String value too large: {len(value)} bytes (max 8192)")
    elif isinstance(value, (bytes, bytearray)):
        if len(value) > 32768:
            raise _invalid(f"Binary value too large: {len(value)} bytes (max 32768)")
    else:
        raise _invalid(f"Unsupported attribute value type: {type(value).__name__}")


def _quote_identifier(name: str) -> str:
    return "[" + name.replace("]", "]]") + "]"


def set_attr(conn: Any, attribute: int, value: Any) -> None:
    """Apply one connection attribute (validated as Microsoft's package does)."""
    _validate(attribute, value)
    if attribute == ACCESS_MODE:
        conn._access_mode = int(value)
    elif attribute == CONNECTION_TIMEOUT:
        conn._connection_timeout = int(value)
    elif attribute == CURRENT_CATALOG:
        name = value.decode("utf-8") if isinstance(value, (bytes, bytearray)) else str(value)
        conn.execute("USE " + _quote_identifier(name)).close()
    else:
        level = _ISOLATION.get(value) if isinstance(value, int) else None
        if level is None:
            raise _invalid(f"Unknown transaction isolation level: {value}")
        conn.execute("SET TRANSACTION ISOLATION LEVEL " + level).close()
