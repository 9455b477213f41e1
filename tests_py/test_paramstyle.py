"""qmark / pyformat selection and conversion, as Microsoft's parameter_helper does it."""

import pytest

from mssql_python._paramstyle import many_to_qmark, pyformat_names, to_qmark


@pytest.mark.parametrize("params", [(1, 2), [1, 2]])
def test_sequence_means_qmark_and_sql_is_unchanged(params):
    assert to_qmark("SELECT ?, ? -- 100%%", params) == ("SELECT ?, ? -- 100%%", params)


def test_none_means_no_parameters():
    assert to_qmark("SELECT 1", None) == ("SELECT 1", None)


def test_dict_becomes_qmark_in_order_of_appearance_with_repeats():
    sql, params = to_qmark("SELECT %(b)s, %(a)s, %(b)s", {"a": 1, "b": 2, "extra": 3})
    assert sql == "SELECT ?, ?, ?"
    assert params == (2, 1, 2)


def test_double_percent_is_a_literal_percent_with_a_dict():
    sql, params = to_qmark("SELECT '100%%', %(x)s", {"x": 5})
    assert sql == "SELECT '100%', ?"
    assert params == (5,)


def test_escaped_placeholder_is_not_a_placeholder():
    sql, params = to_qmark("SELECT '%%(x)s', %(y)s", {"y": 1})
    assert sql == "SELECT '%(x)s', ?"
    assert params == (1,)


def test_dict_without_placeholders_gives_no_parameters():
    assert to_qmark("SELECT 5 %% 3", {"unused": 1}) == ("SELECT 5 % 3", ())


def test_missing_key_is_a_key_error_naming_required_and_provided():
    with pytest.raises(KeyError) as info:
        to_qmark("SELECT %(a)s, %(b)s", {"a": 1})
    text = str(info.value)
    assert "'b'" in text and "['a', 'b']" in text and "provided: ['a']" in text


def test_named_placeholders_with_a_tuple_is_a_type_error():
    with pytest.raises(TypeError, match="Parameter style mismatch"):
        to_qmark("SELECT %(a)s", (1,))


def test_qmark_placeholders_with_a_dict_is_a_type_error():
    with pytest.raises(TypeError, match="positional placeholders"):
        to_qmark("SELECT ?", {"a": 1})


def test_unsupported_parameter_container_is_a_type_error():
    with pytest.raises(TypeError, match="Parameters must be tuple, list, dict, or None"):
        to_qmark("SELECT ?", {1, 2})


@pytest.mark.parametrize("sql", [
    "SELECT '?' AS q, %(a)s",
    'SELECT "col?" FROM t WHERE x = %(a)s',
    "SELECT [is it?] FROM t WHERE x = %(a)s",
    "SELECT %(a)s -- why?\n",
    "SELECT %(a)s /* what? /* nested? */ still? */",
    "SELECT 'it''s ?' , %(a)s",
])
def test_question_marks_in_literals_identifiers_and_comments_are_not_placeholders(sql):
    out, params = to_qmark(sql, {"a": 7})
    assert params == (7,)
    assert out.count("?") == sql.count("?") + 1


@pytest.mark.parametrize("sql", [
    "SELECT '%(a)s'",
    'SELECT "%(a)s"',
    "SELECT [%(a)s]",
    "SELECT 1 -- %(a)s",
    "SELECT 1 /* %(a)s */",
])
def test_named_placeholders_inside_literals_are_left_alone(sql):
    assert pyformat_names(sql) == []
    assert to_qmark(sql, (1,)) == (sql, (1,))


def test_unterminated_literal_runs_to_the_end():
    assert pyformat_names("SELECT %(a)s, 'open %(b)s") == ["a"]


def test_question_mark_in_sql_with_named_placeholders_is_allowed_with_a_dict():
    sql, params = to_qmark("SELECT %(a)s WHERE x LIKE '?'", {"a": 1})
    assert sql == "SELECT ? WHERE x LIKE '?'"


def test_executemany_dict_rows_become_tuples():
    sql, rows = many_to_qmark("INSERT INTO t VALUES (%(a)s, %(b)s)",
                              [{"a": 1, "b": 2}, {"b": 4, "a": 3}])
    assert sql == "INSERT INTO t VALUES (?, ?)"
    assert rows == [(1, 2), (3, 4)]


def test_executemany_mixed_rows_is_a_type_error():
    with pytest.raises(TypeError, match="Mixed parameter types"):
        many_to_qmark("INSERT INTO t VALUES (%(a)s)", [{"a": 1}, (2,)])


def test_executemany_sequence_rows_pass_through():
    rows = [(1,), (2,)]
    assert many_to_qmark("INSERT INTO t VALUES (?)", rows) == ("INSERT INTO t VALUES (?)", rows)


@pytest.mark.parametrize("sql,expected", [
    ("{CALL dbo.my_proc(?, ?)}", "EXEC dbo.my_proc ?, ?"),
    ("  { call [my proc] } ", "EXEC [my proc]"),
    ("{call p(%(a)s)}", "EXEC p %(a)s"),
    ("SELECT '{call x}'", "SELECT '{call x}'"),
    ("{? = CALL p(?)}", "{? = CALL p(?)}"),
])
def test_odbc_call_escape(sql, expected):
    from mssql_python._paramstyle import odbc_call
    assert odbc_call(sql) == expected
