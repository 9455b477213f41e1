"""Server errors as a user meets them: DB-API class, server fields, the chain, and a
connection that stays usable."""

import pickle

import pytest

import mssql_python


@pytest.mark.parametrize("sql,cls,number", [
    ("SELECT * FROM no_such_table_at_all", mssql_python.ProgrammingError, 208),
    ("SELECT 1 +", mssql_python.ProgrammingError, 102),
    ("SELEC 1", mssql_python.ProgrammingError, 2812),
    ("SELECT 1/0", mssql_python.DataError, 8134),
    ("RAISERROR('custom failure', 16, 3)", mssql_python.ProgrammingError, 50000),
])
def test_server_errors_map_to_classes_with_fields(cursor, sql, cls, number):
    with pytest.raises(cls) as info:
        cursor.execute(sql)
    e = info.value
    assert e.number == number and e.severity >= 11 and e.errors and e.errors[0].number == number
    assert str(e).startswith("Driver Error: ") and "DDBC Error: [Microsoft][SQL Server]" in str(e)
    assert cursor.execute("SELECT 1").fetchval() == 1, "the connection stays usable"


def test_raiserror_state_and_line(cursor):
    with pytest.raises(mssql_python.DatabaseError) as info:
        cursor.execute("DECLARE @x int\nRAISERROR('boom', 16, 7)")
    assert (info.value.state, info.value.line) == (7, 2)
    assert "boom" in str(info.value)


def test_integrity_error_with_the_whole_chain(cursor, table_name):
    cursor.execute(f"CREATE TABLE {table_name} (id int PRIMARY KEY)")
    cursor.execute(f"INSERT INTO {table_name} VALUES (1)")
    with pytest.raises(mssql_python.IntegrityError) as info:
        cursor.execute(f"INSERT INTO {table_name} VALUES (?)", 1)
    e = info.value
    assert e.number == 2627 and e.server is not None
    assert [x.number for x in e.errors][:1] == [2627]
    assert isinstance(pickle.loads(pickle.dumps(e)), mssql_python.IntegrityError)


def test_error_inside_a_procedure_names_it(conn_str, cursor):
    import uuid
    name = "p_err_" + uuid.uuid4().hex[:8]
    with mssql_python.connect(conn_str, autocommit=True) as c:
        c.cursor().execute(f"CREATE PROCEDURE {name} AS RAISERROR('inside', 16, 1)")
    try:
        with pytest.raises(mssql_python.DatabaseError) as info:
            cursor.execute(f"EXEC {name}")
        assert info.value.procedure.lower() == name.lower()
    finally:
        with mssql_python.connect(conn_str, autocommit=True) as c:
            c.cursor().execute(f"DROP PROCEDURE {name}")


def test_error_after_a_result_set_surfaces_on_nextset(cursor):
    cursor.execute("SELECT 1; SELECT * FROM no_such_table_for_nextset")
    assert cursor.fetchall() == [(1,)]
    with pytest.raises(mssql_python.ProgrammingError):
        cursor.nextset()
    assert cursor.execute("SELECT 2").fetchval() == 2


def test_many_errors_in_a_row_leave_the_connection_healthy(cursor):
    for _ in range(8):
        with pytest.raises(mssql_python.ProgrammingError):
            cursor.execute("SELECT * FROM no_such_table_loop; SELECT 1; SELECT 2; SELECT 3")
    assert cursor.execute("SELECT 3").fetchval() == 3
