"""Our own DB-API 2.0 (PEP 249) compliance checks, one per requirement of the PEP."""

import pytest

import mssql_python as db


def test_module_interface():
    assert db.apilevel == "2.0" and db.threadsafety in (0, 1, 2, 3)
    assert db.paramstyle in ("qmark", "numeric", "named", "format", "pyformat")
    assert callable(db.connect)


def test_exceptions_are_module_attributes_with_pep_hierarchy():
    assert issubclass(db.Warning, Exception) and issubclass(db.Error, Exception)
    for name in ("InterfaceError", "DatabaseError"):
        assert issubclass(getattr(db, name), db.Error)
    for name in ("DataError", "OperationalError", "IntegrityError", "InternalError",
                 "ProgrammingError", "NotSupportedError"):
        assert issubclass(getattr(db, name), db.DatabaseError)


def test_connection_methods(conn):
    for name in ("close", "commit", "rollback", "cursor"):
        assert callable(getattr(conn, name))


def test_cursor_attributes_and_methods(cursor):
    assert cursor.description is None and cursor.rowcount == -1 and cursor.arraysize == 1
    for name in ("close", "execute", "executemany", "fetchone", "fetchmany", "fetchall",
                 "nextset", "setinputsizes", "setoutputsize", "callproc"):
        assert callable(getattr(cursor, name))


def test_description_is_seven_item_sequences(cursor):
    cursor.execute("SELECT 1 AS a, N'x' AS b")
    assert len(cursor.description) == 2 and all(len(d) == 7 for d in cursor.description)
    assert cursor.description[0][0] == "a"


def test_fetch_returns_sequences_and_none_at_end(cursor):
    cursor.execute("SELECT 1 UNION ALL SELECT 2")
    assert list(cursor.fetchone()) == [1]
    assert [list(r) for r in cursor.fetchall()] == [[2]]
    assert cursor.fetchone() is None


def test_fetchmany_honours_arraysize(cursor):
    cursor.execute("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3")
    cursor.arraysize = 2
    assert len(cursor.fetchmany()) == 2 and len(cursor.fetchmany()) == 1 and cursor.fetchmany() == []


def test_fetch_after_non_query_raises_error(cursor):
    cursor.execute("DECLARE @x int")
    with pytest.raises(db.Error):
        cursor.fetchone()


def test_rollback_undoes_and_commit_keeps(conn, table_name):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table_name} (a int)")
    conn.commit()
    cur.execute(f"INSERT INTO {table_name} VALUES (1)")
    conn.rollback()
    assert cur.execute(f"SELECT COUNT(*) FROM {table_name}").fetchone()[0] == 0
    cur.execute(f"INSERT INTO {table_name} VALUES (1)")
    conn.commit()
    assert cur.execute(f"SELECT COUNT(*) FROM {table_name}").fetchone()[0] == 1


def test_closed_cursor_and_connection_raise_error(conn_str):
    conn = db.connect(conn_str)
    cur = conn.cursor()
    cur.close()
    with pytest.raises(db.Error):
        cur.execute("SELECT 1")
    conn.close()
    with pytest.raises(db.Error):
        conn.cursor()


def test_executemany_and_rowcount(cursor, table_name):
    cursor.execute(f"CREATE TABLE {table_name} (a int)")
    cursor.executemany(f"INSERT INTO {table_name} VALUES (%(a)s)", [{"a": i} for i in range(5)])
    assert cursor.rowcount == 5


def test_type_objects_and_constructors():
    assert db.STRING == str and db.BINARY == bytes and db.NUMBER == int
    assert db.DATETIME == type(db.Timestamp(2020, 1, 1, 0, 0, 0, 0)) and db.ROWID is not None
    assert db.Binary(b"x") == b"x" and db.Date(2020, 1, 1).year == 2020
    assert db.Time(1, 2, 3).minute == 2
    assert db.DateFromTicks(0) and db.TimeFromTicks(0) is not None and db.TimestampFromTicks(0)


def test_nextset_and_callproc_exist_and_work(cursor):
    cursor.execute("SELECT 1; SELECT 2")
    assert cursor.nextset() and cursor.fetchone()[0] == 2 and not cursor.nextset()


def test_none_is_null_both_ways(cursor):
    assert cursor.execute("SELECT ?", None).fetchone()[0] is None
