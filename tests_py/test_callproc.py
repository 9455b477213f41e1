"""callproc (beyond Microsoft's): OUTPUT parameters and the return value."""

import uuid

import pytest

import mssql_python
from mssql_python import OutputParameter


@pytest.fixture
def procs(conn_str):
    suffix = uuid.uuid4().hex[:8]
    names = {"add": f"p_add_{suffix}", "rows": f"p_rows_{suffix}"}
    with mssql_python.connect(conn_str, autocommit=True) as conn:
        cur = conn.cursor()
        cur.execute(f"CREATE PROCEDURE {names['add']} @a int, @b int, @sum int OUTPUT, "
                    "@label nvarchar(20) OUTPUT AS BEGIN "
                    "SET @sum = @a + @b; SET @label = CONCAT(N'sum=', @a + @b); RETURN 7; END")
        cur.execute(f"CREATE PROCEDURE {names['rows']} @n int, @total int OUTPUT AS BEGIN "
                    "SELECT @n AS n; SELECT @n * 2 AS twice; SET @total = @n * 3; RETURN 0; END")
    yield names
    with mssql_python.connect(conn_str, autocommit=True) as conn:
        cur = conn.cursor()
        for name in names.values():
            cur.execute(f"DROP PROCEDURE {name}")


def test_output_parameters_from_procedure_metadata(cursor, procs):
    result = cursor.callproc(procs["add"], [2, 3, None, None])
    assert result == [2, 3, 5, "sum=5"]
    assert cursor.return_value == 7


def test_explicit_output_markers(cursor, procs):
    result = cursor.callproc(procs["add"], [1, 1, OutputParameter(sql_type=mssql_python.SQL_INTEGER),
                                            OutputParameter("", mssql_python.SQL_WVARCHAR, 20)])
    assert result[2:] == [2, "sum=2"]


def test_outputs_arrive_after_the_result_sets(cursor, procs):
    result = cursor.callproc(procs["rows"], [4, None])
    assert cursor.fetchall() == [(4,)]
    assert cursor.nextset() is True and cursor.fetchall() == [(8,)]
    assert cursor.nextset() is False
    assert result == [4, 12] and cursor.return_value == 0


def test_unknown_procedure_is_programming_error(cursor):
    with pytest.raises(mssql_python.ProgrammingError) as info:
        cursor.callproc("no_such_procedure_xyz", [1])
    assert info.value.number == 2812
