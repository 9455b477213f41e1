"""Cursor: execute forms, fetch methods, description, rowcount/rownumber, messages,
nextset, skip/scroll, setinputsizes, executemany, close and the context manager."""

import pytest

import mssql_python


@pytest.fixture
def numbers(cursor, table_name):
    cursor.execute(f"CREATE TABLE {table_name} (n int, label nvarchar(20))")
    cursor.executemany(f"INSERT INTO {table_name} VALUES (?, ?)",
                       [(i, f"row {i}") for i in range(1, 11)])
    return table_name


def test_execute_returns_the_cursor(cursor):
    assert cursor.execute("SELECT 1") is cursor


@pytest.mark.parametrize("call", [
    lambda c: c.execute("SELECT ?, ?", 1, "a"),
    lambda c: c.execute("SELECT ?, ?", (1, "a")),
    lambda c: c.execute("SELECT ?, ?", [1, "a"]),
    lambda c: c.execute("SELECT %(x)s, %(y)s", {"x": 1, "y": "a"}),
])
def test_parameter_forms(cursor, call):
    assert call(cursor).fetchone() == (1, "a")


def test_a_row_can_be_passed_as_parameters(cursor):
    row = cursor.execute("SELECT 5, 'five'").fetchone()
    assert cursor.execute("SELECT ?, ?", row).fetchone() == (5, "five")


def test_pyformat_reuse_and_percent(cursor):
    row = cursor.execute("SELECT %(a)s + %(a)s, '100%%'", {"a": 2}).fetchone()
    assert row == (4, "100%")


def test_fetchone_fetchmany_fetchall(cursor, numbers):
    cursor.execute(f"SELECT n FROM {numbers} ORDER BY n")
    assert cursor.fetchone() == (1,)
    assert cursor.fetchmany(3) == [(2,), (3,), (4,)]
    assert cursor.fetchmany() == [(5,)], "fetchmany() defaults to arraysize (1)"
    cursor.arraysize = 2
    assert cursor.fetchmany() == [(6,), (7,)]
    assert cursor.fetchmany(0) == []
    assert cursor.fetchall() == [(8,), (9,), (10,)]
    assert cursor.fetchone() is None and cursor.fetchall() == [] and cursor.fetchmany(5) == []


def test_fetchval(cursor, numbers):
    assert cursor.execute(f"SELECT COUNT(*) FROM {numbers}").fetchval() == 10
    assert cursor.execute(f"SELECT n FROM {numbers} WHERE n > 100").fetchval() is None
    cursor.execute(f"UPDATE {numbers} SET n = n WHERE n = 1")
    assert cursor.fetchval() is None


def test_iteration(cursor, numbers):
    assert [row.n for row in cursor.execute(f"SELECT n FROM {numbers} ORDER BY n")] == \
        list(range(1, 11))
    cursor.execute("SELECT 1 UNION ALL SELECT 2")
    assert next(cursor) == (1,) and cursor.next() == (2,)
    with pytest.raises(StopIteration):
        next(cursor)


def test_fetch_without_a_result_set_is_programming_error(cursor, numbers):
    cursor.execute(f"DELETE FROM {numbers} WHERE n = 1")
    for fetch in (cursor.fetchone, cursor.fetchall, lambda: cursor.fetchmany(2)):
        with pytest.raises(mssql_python.ProgrammingError):
            fetch()


def test_description(cursor):
    cursor.execute("SELECT CAST(1 AS int) AS i, CAST('x' AS nvarchar(10)) AS s, "
                   "CAST(1.5 AS decimal(9,3)) AS d, CAST(NULL AS varbinary(4)) AS b")
    d = cursor.description
    assert [c[0] for c in d] == ["i", "s", "d", "b"]
    assert all(len(c) == 7 for c in d)
    assert d[1][1] is str and d[2][1] is __import__("decimal").Decimal and d[3][1] is bytes
    assert d[1][1] == mssql_python.STRING and d[0][1] == mssql_python.NUMBER
    assert d[3][1] == mssql_python.BINARY
    assert d[1][3] == 10 and d[2][4] == 9 and d[2][5] == 3
    assert d[0][2] is None
    cursor.execute("DECLARE @x int")
    assert cursor.description is None


def test_lowercase_setting_lowers_names_and_makes_lookups_case_insensitive(cursor):
    mssql_python.lowercase = True
    try:
        row = cursor.execute("SELECT 1 AS MixedCase").fetchone()
        assert cursor.description[0][0] == "mixedcase"
        assert row.MIXEDCASE == 1 and row["MixedCase"] == 1
    finally:
        mssql_python.lowercase = False
    row = cursor.execute("SELECT 1 AS MixedCase").fetchone()
    assert cursor.description[0][0] == "MixedCase"
    with pytest.raises(AttributeError):
        row.mixedcase


def test_rowcount_semantics(cursor, numbers):
    assert cursor.execute(f"UPDATE {numbers} SET label = 'x' WHERE n <= 3").rowcount == 3
    cursor.execute(f"SELECT n FROM {numbers}")
    assert cursor.rowcount == -1, "-1 right after a SELECT"
    cursor.fetchone()
    assert cursor.rowcount == 1
    cursor.fetchmany(4)
    assert cursor.rowcount == 5
    cursor.fetchall()
    assert cursor.rowcount == 10
    cursor.execute(f"SELECT n FROM {numbers} WHERE n > 100")
    assert cursor.fetchall() == [] and cursor.rowcount == 0


def test_rownumber(cursor, numbers):
    cursor.execute(f"SELECT n FROM {numbers} ORDER BY n")
    assert cursor.rownumber == -1
    cursor.fetchone()
    assert cursor.rownumber == 0
    cursor.fetchmany(3)
    assert cursor.rownumber == 3
    cursor.execute(f"DELETE FROM {numbers} WHERE n = 1")
    assert cursor.rownumber == -1


def test_messages_from_print(cursor):
    cursor.execute("PRINT 'hello messages'")
    assert len(cursor.messages) == 1
    state, text = cursor.messages[0]
    assert state.startswith("[01000] (") and "hello messages" in text
    cursor.execute("SELECT 1")
    assert cursor.messages == []


def test_nextset_walks_results_and_returns_true_false(cursor):
    cursor.execute("SELECT 1 AS a; SELECT 'two' AS b, 2 AS c; PRINT 'done'")
    assert cursor.fetchall() == [(1,)]
    assert cursor.nextset() is True
    assert [d[0] for d in cursor.description] == ["b", "c"]
    assert cursor.fetchone() == ("two", 2)
    assert cursor.nextset() is False
    assert cursor.description is None
    assert any("done" in m[1] for m in cursor.messages)


def test_nextset_discards_unread_rows(cursor, numbers):
    cursor.execute(f"SELECT n FROM {numbers}; SELECT 99")
    cursor.fetchone()
    assert cursor.nextset() is True and cursor.fetchall() == [(99,)]


def test_row_counts_of_several_statements(cursor, numbers):
    cursor.execute(f"UPDATE {numbers} SET n = n WHERE n < 3; DELETE FROM {numbers} WHERE n > 8")
    assert cursor.rowcount == 2
    assert cursor.nextset() is True and cursor.rowcount == 2
    assert cursor.nextset() is False


def test_skip_and_scroll(cursor, numbers):
    cursor.execute(f"SELECT n FROM {numbers} ORDER BY n")
    cursor.skip(2)
    assert cursor.fetchone() == (3,)
    cursor.scroll(3)
    assert cursor.fetchone() == (7,)
    cursor.scroll(0)
    with pytest.raises(mssql_python.NotSupportedError):
        cursor.scroll(-1)
    with pytest.raises(mssql_python.NotSupportedError):
        cursor.scroll(1, "absolute")
    with pytest.raises(mssql_python.ProgrammingError):
        cursor.scroll(1, "sideways")
    with pytest.raises(IndexError):
        cursor.skip(10)


def test_scroll_without_result_set(cursor):
    cursor.execute("DECLARE @x int")
    with pytest.raises(mssql_python.ProgrammingError, match="No active result set"):
        cursor.scroll(1)


def test_setinputsizes_fixes_parameter_types(cursor, table_name):
    cursor.execute(f"CREATE TABLE {table_name} (b varbinary(10), d decimal(10,4))")
    cursor.setinputsizes([(mssql_python.SQL_VARBINARY, 10, 0), (mssql_python.SQL_DECIMAL, 10, 4)])
    cursor.execute(f"INSERT INTO {table_name} VALUES (?, ?)", None, 3)
    row = cursor.execute(f"SELECT b, d FROM {table_name}").fetchone()
    assert row == (None, __import__("decimal").Decimal("3.0000"))
    with pytest.raises(ValueError):
        cursor.setinputsizes([12345])
    cursor.setoutputsize(100)
    cursor.setoutputsize(100, 0)


def test_setinputsizes_count_mismatch_warns(cursor):
    cursor.setinputsizes([mssql_python.SQL_INTEGER])
    with pytest.warns(Warning, match="does not match"):
        cursor.execute("SELECT ?, ?", 1, 2)


def test_executemany_rowcount_and_types(cursor, table_name):
    cursor.execute(f"CREATE TABLE {table_name} (id int, name nvarchar(20), amount decimal(10,2))")
    rows = [(i, f"n{i}é", __import__("decimal").Decimal(f"{i}.25")) for i in range(500)]
    assert cursor.executemany(f"INSERT INTO {table_name} VALUES (?, ?, ?)", rows) is None
    assert cursor.rowcount == 500
    assert cursor.execute(f"SELECT id, name, amount FROM {table_name} ORDER BY id").fetchall() == rows


def test_executemany_with_dicts_and_empty(cursor, table_name):
    cursor.execute(f"CREATE TABLE {table_name} (a int, b int)")
    cursor.executemany(f"INSERT INTO {table_name} VALUES (%(a)s, %(b)s)",
                       [{"a": 1, "b": 2}, {"b": 4, "a": 3}])
    assert cursor.rowcount == 2
    cursor.executemany(f"INSERT INTO {table_name} VALUES (?, ?)", [])
    assert cursor.rowcount == 0
    assert cursor.execute(f"SELECT a, b FROM {table_name} ORDER BY a").fetchall() == [(1, 2), (3, 4)]


def test_executemany_inconsistent_rows(cursor):
    with pytest.raises(ValueError):
        cursor.executemany("SELECT ?, ?", [(1, 2), (3,)])


@pytest.mark.parametrize("count", [2, 5])  # 5: beyond the prepared path's threshold
def test_executemany_with_output_clause_gives_rows(cursor, table_name, count):
    cursor.execute(f"CREATE TABLE {table_name} (id int IDENTITY(1,1), v int)")
    values = list(range(5, 5 + count))
    cursor.executemany(f"INSERT INTO {table_name} (v) OUTPUT inserted.v, 'x' AS tag VALUES (?)",
                       [(v,) for v in values])
    assert [d[0] for d in cursor.description] == ["v", "tag"]
    got = [tuple(cursor.fetchall()[0])]
    while cursor.nextset():  # each parameter row's run, in turn
        got += [tuple(r) for r in cursor.fetchall()]
    assert got == [(v, "x") for v in values]
    assert cursor.execute(f"SELECT COUNT(*) FROM {table_name}").fetchval() == count


def test_executemany_of_insert_select_counts_every_row(cursor, table_name):
    cursor.execute(f"CREATE TABLE {table_name} (v int)")
    cursor.executemany(f"INSERT INTO {table_name} (v) SELECT ? UNION ALL SELECT ?",
                       [(1, 2), (3, 4), (5, 6)])
    assert cursor.description is None and cursor.rowcount == 6
    assert cursor.execute(f"SELECT SUM(v) FROM {table_name}").fetchval() == 21


def test_close_is_idempotent_and_closed_cursor_raises(conn):
    cur = conn.cursor()
    cur.close()
    cur.close()
    assert cur.closed
    for call in (lambda: cur.execute("SELECT 1"), cur.fetchone, cur.fetchall,
                 lambda: cur.executemany("SELECT ?", [(1,)]), cur.nextset, cur.commit):
        with pytest.raises(mssql_python.ProgrammingError, match="cursor is closed"):
            call()


def test_cursor_context_manager_closes(conn):
    with conn.cursor() as cur:
        assert cur.execute("SELECT 1").fetchval() == 1
    assert cur.closed


def test_connection_attribute_and_cursor_commit(conn, table_name):
    cur = conn.cursor()
    assert cur.connection is conn
    cur.execute(f"CREATE TABLE {table_name} (a int)")
    cur.commit()
    cur.rollback()


def test_callproc_and_bulk_paths_that_are_not_yet_supported(cursor):
    for call in (lambda: cursor.bulkcopy("t", [(1,)]), lambda: cursor.arrow(),
                 lambda: cursor.arrow_batch(), lambda: cursor.arrow_reader(),
                 lambda: cursor.bulkcopy_arrow("t", None)):
        with pytest.raises(mssql_python.NotSupportedError):
            call()


def test_wrong_parameter_types_raise_microsofts_classes(cursor):
    with pytest.raises(TypeError):
        cursor.execute("SELECT ?", object())
    with pytest.raises(ValueError):
        cursor.execute("SELECT ?", 2 ** 70)
    with pytest.raises(TypeError):
        cursor.execute(12345)
    with pytest.raises(KeyError):
        cursor.execute("SELECT %(a)s", {"b": 1})
    assert cursor.execute("SELECT 1").fetchval() == 1, "nothing was lost"


def test_fetched_rows_are_tuples_with_names_and_description(cursor):
    row = cursor.execute("SELECT 1 AS id, N'Ada' AS name, CAST(2.50 AS decimal(4,2)) AS amount"
                         ).fetchone()
    assert isinstance(row, tuple) and isinstance(row, mssql_python.Row)
    assert row == (1, "Ada", __import__("decimal").Decimal("2.50")) and row == [1, "Ada", row[2]]
    assert row.name == "Ada" and row["amount"] == row[2] and row[0:2] == [1, "Ada"]
    assert dict(row._mapping) == {"id": 1, "name": "Ada", "amount": row[2]}
    assert row.cursor_description == cursor.description
    assert repr(row) == "(1, 'Ada', Decimal('2.50'))" and str(row) == "(1, 'Ada', 2.50)"
