"""The nine catalog methods, through SQL Server's ODBC catalog procedures.

Each method calls its procedure by RPC (sp_tables, sp_columns, ...) exactly as an ODBC
driver does for SQLTables, SQLColumns, ..., and renames the result columns to their
ODBC 3 names (TABLE_CAT, TABLE_SCHEM ...). Rows accept those names in any case
(``row.table_name``), as Microsoft's package does for catalog result sets.
"""

from typing import Any, Dict, List, Optional

from . import _ffi, _params
from .exceptions import ProgrammingError

_TABLES = ["TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS"]
_COLUMNS = ["TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE",
            "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX",
            "NULLABLE", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB",
            "CHAR_OCTET_LENGTH", "ORDINAL_POSITION", "IS_NULLABLE"]
_PKEYS = ["TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"]
_FKEYS = ["PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT",
          "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE",
          "DELETE_RULE", "FK_NAME", "PK_NAME", "DEFERRABILITY"]
_STATISTICS = ["TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER",
               "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC",
               "CARDINALITY", "PAGES", "FILTER_CONDITION"]
_PROCEDURES = ["PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "NUM_INPUT_PARAMS",
               "NUM_OUTPUT_PARAMS", "NUM_RESULT_SETS", "REMARKS", "PROCEDURE_TYPE"]
_SPECIAL = ["SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME", "COLUMN_SIZE",
            "BUFFER_LENGTH", "DECIMAL_DIGITS", "PSEUDO_COLUMN"]
_TYPE_INFO = ["TYPE_NAME", "DATA_TYPE", "COLUMN_SIZE", "LITERAL_PREFIX", "LITERAL_SUFFIX",
              "CREATE_PARAMS", "NULLABLE", "CASE_SENSITIVE", "SEARCHABLE",
              "UNSIGNED_ATTRIBUTE", "FIXED_PREC_SCALE", "AUTO_UNIQUE_VALUE",
              "LOCAL_TYPE_NAME", "MINIMUM_SCALE", "MAXIMUM_SCALE", "SQL_DATA_TYPE",
              "SQL_DATETIME_SUB", "NUM_PREC_RADIX", "INTERVAL_PRECISION"]


def _table_types(table_type: Any) -> Optional[str]:
    """'TABLE,VIEW' or ['TABLE', 'VIEW'] -> "'TABLE','VIEW'" as sp_tables wants."""
    if table_type is None:
        return None
    items = table_type if isinstance(table_type, (list, tuple)) else str(table_type).split(",")
    quoted = []
    for item in (str(i).strip() for i in items):
        if item:
            quoted.append(item if item.startswith("'") else "'" + item.replace("'", "''") + "'")
    return ",".join(quoted)


class CatalogMixin:
    """Catalog methods of Cursor (they need ``_run_statement`` and ``_check_closed``)."""

    _inputsizes: Optional[List[tuple]]
    rowcount: int
    _run_statement: Any
    _check_closed: Any

    def _catalog(self, procedure: str, names: List[str], **arguments: Any) -> Any:
        handle = self._check_closed()
        given = {k: v for k, v in arguments.items() if v is not None}
        buffer = None
        if given:
            buffer, _ = _params.pack([list(given.values())], names=list(given))
        self._inputsizes = None
        self._run_statement(handle, procedure, buffer, _ffi.EXEC_PROC, names=names)
        self.rowcount = -1
        return self

    def tables(self, table: Optional[str] = None, catalog: Optional[str] = None,
               schema: Optional[str] = None, tableType: Any = None) -> Any:  # noqa: N803
        """Tables and views matching the patterns (SQLTables)."""
        return self._catalog("sp_tables", _TABLES, table_name=table, table_owner=schema,
                             table_qualifier=catalog, table_type=_table_types(tableType))

    def columns(self, table: Optional[str] = None, catalog: Optional[str] = None,
                schema: Optional[str] = None, column: Optional[str] = None) -> Any:
        """Columns of the matching tables (SQLColumns)."""
        return self._catalog("sp_columns", _COLUMNS, table_name=table or "%",
                             table_owner=schema, table_qualifier=catalog, column_name=column,
                             ODBCVer=3)

    def primaryKeys(self, table: str, catalog: Optional[str] = None,  # noqa: N802
                    schema: Optional[str] = None) -> Any:
        """Primary-key columns of a table (SQLPrimaryKeys)."""
        if not table:
            raise ProgrammingError("Table name must be specified", "HY000")
        return self._catalog("sp_pkeys", _PKEYS, table_name=table, table_owner=schema,
                             table_qualifier=catalog)

    def foreignKeys(self, table: Optional[str] = None, catalog: Optional[str] = None,  # noqa: N802
                    schema: Optional[str] = None, foreignTable: Optional[str] = None,  # noqa: N803
                    foreignCatalog: Optional[str] = None,  # noqa: N803
                    foreignSchema: Optional[str] = None) -> Any:  # noqa: N803
        """Foreign keys of ``table``, or those referencing ``foreignTable`` (SQLForeignKeys)."""
        if table is None and foreignTable is None:
            raise ProgrammingError("Either table or foreignTable must be specified", "HY000")
        return self._catalog("sp_fkeys", _FKEYS, pktable_name=foreignTable,
                             pktable_owner=foreignSchema, pktable_qualifier=foreignCatalog,
                             fktable_name=table, fktable_owner=schema, fktable_qualifier=catalog)

    def statistics(self, table: str, catalog: Optional[str] = None,
                   schema: Optional[str] = None, unique: bool = False,
                   quick: bool = True) -> Any:
        """Statistics and indexes of a table (SQLStatistics)."""
        if not table:
            raise ProgrammingError("Table name is required", "HY000")
        return self._catalog("sp_statistics", _STATISTICS, table_name=table,
                             table_owner=schema, table_qualifier=catalog,
                             is_unique="Y" if unique else "N", accuracy="Q" if quick else "E")

    def procedures(self, procedure: Optional[str] = None, catalog: Optional[str] = None,
                   schema: Optional[str] = None) -> Any:
        """Stored procedures matching the patterns (SQLProcedures)."""
        return self._catalog("sp_stored_procedures", _PROCEDURES, sp_name=procedure,
                             sp_owner=schema, sp_qualifier=catalog)

    def _special_columns(self, col_type: str, table: str, catalog: Optional[str],
                         schema: Optional[str], nullable: bool) -> Any:
        if not table:
            raise ProgrammingError("Table name must be specified", "HY000")
        return self._catalog("sp_special_columns", _SPECIAL, table_name=table,
                             table_owner=schema, table_qualifier=catalog, col_type=col_type,
                             scope="C", nullable="U" if nullable else "O", ODBCVer=3)

    def rowIdColumns(self, table: str, catalog: Optional[str] = None,  # noqa: N802
                     schema: Optional[str] = None, nullable: bool = True) -> Any:
        """Columns that best identify a row (SQLSpecialColumns SQL_BEST_ROWID)."""
        return self._special_columns("R", table, catalog, schema, nullable)

    def rowVerColumns(self, table: str, catalog: Optional[str] = None,  # noqa: N802
                      schema: Optional[str] = None, nullable: bool = True) -> Any:
        """Columns updated on every row change (SQLSpecialColumns SQL_ROWVER)."""
        return self._special_columns("V", table, catalog, schema, nullable)

    def getTypeInfo(self, sqlType: Optional[int] = None) -> Any:  # noqa: N802,N803
        """Data types the server supports, or one of them (SQLGetTypeInfo)."""
        return self._catalog("sp_datatype_info", _TYPE_INFO,
                             data_type=0 if sqlType is None else sqlType, ODBCVer=3)


def catalog_names() -> Dict[str, List[str]]:
    """The ODBC 3 column names of each catalog procedure (for tests and docs)."""
    return {"sp_tables": _TABLES, "sp_columns": _COLUMNS, "sp_pkeys": _PKEYS,
            "sp_fkeys": _FKEYS, "sp_statistics": _STATISTICS,
            "sp_stored_procedures": _PROCEDURES, "sp_special_columns": _SPECIAL,
            "sp_datatype_info": _TYPE_INFO}
