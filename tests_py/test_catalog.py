"""The nine catalog methods: SQL Server's ODBC catalog procedures, ODBC 3 column names."""

import uuid

import pytest

import mssql_python
from mssql_python._catalog import catalog_names


@pytest.fixture
def schema_objects(conn_str):
    """Two related tables, an index and a procedure in a fresh schema; dropped afterwards."""
    suffix = uuid.uuid4().hex[:8]
    names = {"schema": f"cat_{suffix}", "parent": f"parent_{suffix}", "child": f"child_{suffix}",
             "proc": f"proc_{suffix}"}
    s = names["schema"]
    with mssql_python.connect(conn_str, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute(f"CREATE SCHEMA {s}")
        cur.execute(f"CREATE TABLE {s}.{names['parent']} (id int NOT NULL PRIMARY KEY, "
                    "name nvarchar(30) NULL, price decimal(9,2))")
        cur.execute(f"CREATE TABLE {s}.{names['child']} (cid int NOT NULL PRIMARY KEY, "
                    f"parent_id int REFERENCES {s}.{names['parent']}(id))")
        cur.execute(f"CREATE INDEX ix_name_{suffix} ON {s}.{names['parent']} (name)")
        cur.execute(f"CREATE PROCEDURE {s}.{names['proc']} @a int AS SELECT @a")
    yield names
    with mssql_python.connect(conn_str, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute(f"DROP PROCEDURE {s}.{names['proc']}")
        cur.execute(f"DROP TABLE {s}.{names['child']}")
        cur.execute(f"DROP TABLE {s}.{names['parent']}")
        cur.execute(f"DROP SCHEMA {s}")


def _names(cursor, method):
    expected = catalog_names()[method]
    got = [d[0] for d in cursor.description]
    assert got[:len(expected)] == expected
    return got


def test_tables(cursor, schema_objects):
    rows = cursor.tables(schema=schema_objects["schema"]).fetchall()
    _names(cursor, "sp_tables")
    assert sorted(r.table_name for r in rows) == sorted([schema_objects["parent"],
                                                          schema_objects["child"]])
    assert all(r.TABLE_TYPE == "TABLE" and r.table_schem == schema_objects["schema"] for r in rows)
    assert cursor.rowcount == len(rows)
    one = cursor.tables(table=schema_objects["parent"], schema=schema_objects["schema"],
                        tableType=["TABLE", "VIEW"]).fetchall()
    assert len(one) == 1 and one[0]["table_name"] == schema_objects["parent"]
    assert cursor.tables(table="no_such_%", tableType="VIEW").fetchall() == []


def test_columns(cursor, schema_objects):
    rows = cursor.columns(table=schema_objects["parent"], schema=schema_objects["schema"]).fetchall()
    _names(cursor, "sp_columns")
    assert [r.column_name for r in rows] == ["id", "name", "price"]
    assert rows[0].data_type == mssql_python.SQL_INTEGER and rows[0].nullable == 0
    assert rows[1].type_name == "nvarchar" and rows[1].column_size == 30
    assert rows[2].decimal_digits == 2 and rows[2].is_nullable == "YES"
    only = cursor.columns(table=schema_objects["parent"], column="pri%").fetchall()
    assert [r.column_name for r in only] == ["price"]


def test_primary_and_foreign_keys(cursor, schema_objects):
    s, parent, child = schema_objects["schema"], schema_objects["parent"], schema_objects["child"]
    pk = cursor.primaryKeys(parent, schema=s).fetchall()
    _names(cursor, "sp_pkeys")
    assert [(r.column_name, r.key_seq) for r in pk] == [("id", 1)]
    fk = cursor.foreignKeys(table=child, schema=s).fetchall()
    _names(cursor, "sp_fkeys")
    assert [(r.pktable_name, r.pkcolumn_name, r.fktable_name, r.fkcolumn_name) for r in fk] == \
        [(parent, "id", child, "parent_id")]
    referencing = cursor.foreignKeys(foreignTable=parent, foreignSchema=s).fetchall()
    assert [r.fktable_name for r in referencing] == [child]
    with pytest.raises(mssql_python.ProgrammingError):
        cursor.primaryKeys("")
    with pytest.raises(mssql_python.ProgrammingError):
        cursor.foreignKeys()


def test_statistics(cursor, schema_objects):
    rows = cursor.statistics(schema_objects["parent"], schema=schema_objects["schema"]).fetchall()
    _names(cursor, "sp_statistics")
    indexed = {r.column_name for r in rows if r.index_name}
    assert {"id", "name"} <= indexed
    unique = cursor.statistics(schema_objects["parent"], schema=schema_objects["schema"],
                               unique=True).fetchall()
    assert {r.column_name for r in unique if r.index_name} == {"id"}
    with pytest.raises(mssql_python.ProgrammingError):
        cursor.statistics("")


def test_procedures(cursor, schema_objects):
    rows = cursor.procedures(procedure=schema_objects["proc"] + "%",
                             schema=schema_objects["schema"]).fetchall()
    _names(cursor, "sp_stored_procedures")
    assert len(rows) == 1 and rows[0].procedure_name.split(";")[0] == schema_objects["proc"]


def test_row_id_and_version_columns(cursor, schema_objects):
    rows = cursor.rowIdColumns(schema_objects["parent"], schema=schema_objects["schema"]).fetchall()
    _names(cursor, "sp_special_columns")
    assert [r.column_name for r in rows] == ["id"]
    assert cursor.rowVerColumns(schema_objects["parent"],
                                schema=schema_objects["schema"]).fetchall() == []
    with pytest.raises(mssql_python.ProgrammingError):
        cursor.rowIdColumns("")


def test_get_type_info(cursor):
    everything = cursor.getTypeInfo().fetchall()
    _names(cursor, "sp_datatype_info")
    assert {"int", "nvarchar", "datetime2"} <= {r.type_name for r in everything}
    ints = cursor.getTypeInfo(mssql_python.SQL_INTEGER).fetchall()
    assert ints and all(r.data_type == mssql_python.SQL_INTEGER for r in ints)


def test_catalog_methods_return_the_cursor_and_reset_rowcount(cursor):
    cursor.execute("DECLARE @x int")
    assert cursor.tables() is cursor and cursor.rowcount == -1
