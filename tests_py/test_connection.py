"""Connection: connect(), transactions, the context manager, attributes, getinfo,
encodings, output converters, execute and batch_execute."""

import decimal
import uuid

import pytest

import mssql_python
from mssql_python import connect


def _count(conn, table):
    cur = conn.cursor()
    try:
        return cur.execute(f"SELECT COUNT(*) FROM {table}").fetchval()
    finally:
        cur.close()


@pytest.fixture
def shared_table(conn_str):
    """A permanent table (so that other connections see it), dropped afterwards."""
    name = "pyconn_" + uuid.uuid4().hex[:10]
    with connect(conn_str, autocommit=True) as c:
        c.execute(f"CREATE TABLE {name} (id int)").close()
    yield name
    with connect(conn_str, autocommit=True) as c:
        c.execute(f"DROP TABLE {name}").close()


def test_connect_gives_an_open_connection_with_autocommit_off(conn_str):
    conn = connect(conn_str)
    try:
        assert isinstance(conn, mssql_python.Connection)
        assert conn.closed is False and conn.autocommit is False
        assert conn.cursor().execute("SELECT 1").fetchval() == 1
    finally:
        conn.close()
    assert conn.closed is True


def test_close_is_idempotent_and_closed_connection_raises_interface_error(conn_str):
    conn = connect(conn_str)
    cur = conn.cursor()
    conn.close()
    conn.close()
    for call in (conn.cursor, conn.commit, conn.rollback, lambda: conn.getinfo(2),
                 lambda: conn.setautocommit(True), conn.getencoding):
        with pytest.raises(mssql_python.InterfaceError):
            call()
    with pytest.raises(mssql_python.ProgrammingError, match="cursor is closed"):
        cur.execute("SELECT 1")


def test_commit_and_rollback(conn_str, shared_table):
    with connect(conn_str) as writer, connect(conn_str, autocommit=True) as reader:
        cur = writer.cursor()
        cur.execute(f"INSERT INTO {shared_table} VALUES (1)")
        writer.rollback()
        assert _count(reader, shared_table) == 0
        cur.execute(f"INSERT INTO {shared_table} VALUES (2)")
        writer.commit()
        assert _count(reader, shared_table) == 1


def test_close_rolls_back_uncommitted_work(conn_str, shared_table):
    conn = connect(conn_str)
    conn.cursor().execute(f"INSERT INTO {shared_table} VALUES (1)")
    conn.close()
    with connect(conn_str) as check:
        assert _count(check, shared_table) == 0


def test_autocommit_commits_each_statement(conn_str, shared_table):
    with connect(conn_str, autocommit=True) as conn:
        assert conn.autocommit is True
        conn.cursor().execute(f"INSERT INTO {shared_table} VALUES (1)")
        with connect(conn_str, autocommit=True) as other:
            assert _count(other, shared_table) == 1
        conn.setautocommit(False)
        assert conn.autocommit is False
        conn.autocommit = True
        assert conn.autocommit is True


def test_turning_autocommit_on_commits_the_open_transaction(conn_str, shared_table):
    with connect(conn_str) as conn:
        conn.cursor().execute(f"INSERT INTO {shared_table} VALUES (1)")
        conn.autocommit = True
        with connect(conn_str) as other:
            assert _count(other, shared_table) == 1


def test_context_manager_commits_on_clean_exit_and_closes(conn_str, shared_table):
    with connect(conn_str) as conn:
        conn.cursor().execute(f"INSERT INTO {shared_table} VALUES (1)")
    assert conn.closed
    with connect(conn_str) as check:
        assert _count(check, shared_table) == 1


def test_context_manager_rolls_back_on_exception_and_closes(conn_str, shared_table):
    with pytest.raises(ZeroDivisionError):
        with connect(conn_str) as conn:
            conn.cursor().execute(f"INSERT INTO {shared_table} VALUES (1)")
            1 / 0
    assert conn.closed
    with connect(conn_str) as check:
        assert _count(check, shared_table) == 0


def test_timeout_property(conn):
    assert conn.timeout == 0
    conn.timeout = 5
    assert conn.timeout == 5
    with pytest.raises(TypeError):
        conn.timeout = "5"
    with pytest.raises(ValueError):
        conn.timeout = -1


def test_query_timeout_cancels_and_leaves_the_connection_usable(conn):
    conn.timeout = 1
    cur = conn.cursor()
    with pytest.raises(mssql_python.OperationalError, match="[Tt]imeout"):
        cur.execute("WAITFOR DELAY '00:00:10'")
    assert cur.execute("SELECT 42").fetchval() == 42


def test_login_timeout_argument_is_validated(conn_str):
    with pytest.raises(ValueError):
        connect(conn_str, timeout=-1)
    with pytest.raises(TypeError):
        connect(conn_str, timeout="5")


def test_kwargs_override_the_connection_string(conn_str):
    with connect(conn_str, Database="tempdb") as conn:
        assert conn.cursor().execute("SELECT DB_NAME()").fetchval() == "tempdb"
        assert "Database=tempdb" in conn.connection_str


def test_connection_str_never_shows_the_password(conn_str, server_info):
    with connect(conn_str) as conn:
        shown = conn.connection_str
        assert "PWD=***" in shown or "Password=***" in shown
        if server_info:
            assert server_info["password"] not in shown
        assert server_info is None or server_info["password"] not in repr(conn.__dict__)


def test_reserved_kwargs_are_rejected(conn_str):
    with pytest.raises(ValueError, match="reserved"):
        connect(conn_str, Driver="x")


def test_malformed_connection_string_lists_every_problem(conn_str):
    with pytest.raises(mssql_python.ConnectionStringParseError) as info:
        connect(conn_str + ";NoSuchKeyword=1;Database")
    assert len(info.value.errors) >= 2


def test_wrong_password_is_operational_error_without_the_password(conn_str, server_info):
    from mssql_python import _connstr
    secret = "Wr0ng-Secret-Pa55"
    with pytest.raises(mssql_python.OperationalError) as info:
        connect(conn_str, PWD=secret)
    text = str(info.value) + repr(info.value) + repr(info.value.errors)
    assert secret not in text
    if server_info:
        assert server_info["password"] not in text
    assert info.value.number in (18456, 0)
    assert _connstr.lookup(conn_str, "pwd", "password") not in text


def test_unreachable_server_fails_within_the_login_timeout():
    import time
    start = time.monotonic()
    with pytest.raises(mssql_python.OperationalError, match="Client unable to establish"):
        connect("Server=tcp:127.0.0.1,1;UID=sa;PWD=x;Encrypt=no", timeout=3)
    assert time.monotonic() - start < 10


def test_getinfo_common_types(conn):
    m = mssql_python
    assert conn.getinfo(m.SQL_DATABASE_NAME) == conn.cursor().execute("SELECT DB_NAME()").fetchval()
    assert isinstance(conn.getinfo(m.SQL_DRIVER_NAME), str)
    assert isinstance(conn.getinfo(m.SQL_DRIVER_VER), str)
    assert conn.getinfo(m.SQL_DRIVER_ODBC_VER) == "03.80"
    assert isinstance(conn.getinfo(m.SQL_SERVER_NAME), str)
    assert conn.getinfo(m.SQL_IDENTIFIER_QUOTE_CHAR) == '"'
    assert conn.getinfo(m.SQL_SEARCH_PATTERN_ESCAPE) == conn.searchescape == "\\"
    assert conn.getinfo(m.SQL_MAX_COLUMN_NAME_LEN) == 128
    assert conn.getinfo(m.SQL_TXN_CAPABLE) == 2
    assert conn.getinfo(m.SQL_ACCESSIBLE_TABLES) == "Y"
    assert conn.getinfo(m.SQL_USER_NAME)
    assert conn.getinfo(-1) is None and conn.getinfo(99999) is None
    with pytest.raises(ValueError):
        conn.getinfo("SQL_DRIVER_NAME")


def test_set_attr_catalog_and_isolation(conn):
    m = mssql_python
    conn.set_attr(m.SQL_ATTR_CURRENT_CATALOG, "tempdb")
    assert conn.cursor().execute("SELECT DB_NAME()").fetchval() == "tempdb"
    conn.set_attr(m.SQL_ATTR_TXN_ISOLATION, m.SQL_TXN_SERIALIZABLE)
    conn.set_attr(m.SQL_ATTR_ACCESS_MODE, m.SQL_MODE_READ_ONLY)
    assert conn.getinfo(m.SQL_DATA_SOURCE_READ_ONLY) == "Y"
    conn.set_attr(m.SQL_ATTR_CONNECTION_TIMEOUT, 30)


def test_set_attr_validation(conn):
    m = mssql_python
    for attribute, value in ((m.SQL_ATTR_LOGIN_TIMEOUT, 5), (m.SQL_ATTR_PACKET_SIZE, 4096),
                             (9999, 1), (m.SQL_ATTR_TXN_ISOLATION, -1),
                             (m.SQL_ATTR_TXN_ISOLATION, 3), (m.SQL_ATTR_ACCESS_MODE, 1.5),
                             (m.SQL_ATTR_CURRENT_CATALOG, "x" * 9000)):
        with pytest.raises(mssql_python.ProgrammingError):
            conn.set_attr(attribute, value)


def test_attrs_before(conn_str):
    m = mssql_python
    with connect(conn_str, attrs_before={m.SQL_ATTR_CURRENT_CATALOG: "tempdb",
                                         m.SQL_ATTR_LOGIN_TIMEOUT: 10}) as conn:
        assert conn.cursor().execute("SELECT DB_NAME()").fetchval() == "tempdb"
    with pytest.raises(mssql_python.NotSupportedError):
        connect(conn_str, attrs_before={4242: 1})


def test_encoding_settings_round_trip(conn):
    conn.setencoding(encoding="utf-8")
    assert conn.getencoding() == {"encoding": "utf-8", "ctype": mssql_python.SQL_CHAR}
    conn.setdecoding(mssql_python.SQL_CHAR, encoding="latin-1")
    assert conn.getdecoding(mssql_python.SQL_CHAR)["encoding"] == "latin-1"
    with pytest.raises(mssql_python.ProgrammingError):
        conn.setencoding(encoding="not-a-codec")
    cur = conn.cursor()
    assert cur.execute("SELECT ?", "Zürich ✓").fetchval() == "Zürich ✓"


def test_output_converters_key_rules(conn):
    cur = conn.cursor()
    conn.add_output_converter(decimal.Decimal, lambda d: float(d))
    assert cur.execute("SELECT CAST(1.5 AS decimal(5,2))").fetchval() == 1.5
    conn.add_output_converter(mssql_python.SQL_DECIMAL, lambda d: str(d))
    assert cur.execute("SELECT CAST(1.5 AS decimal(5,2))").fetchval() == "1.50"
    assert conn.get_output_converter(mssql_python.SQL_DECIMAL) is not None
    conn.remove_output_converter(mssql_python.SQL_DECIMAL)
    assert conn.get_output_converter(mssql_python.SQL_DECIMAL) is None
    conn.add_output_converter(mssql_python.SQL_WVARCHAR, lambda b: b.decode("utf-16-le").upper())
    row = cur.execute("SELECT N'abc', 7, NULL").fetchone()
    assert row == ("ABC", 7, None)
    conn.add_output_converter(int, lambda v: 1 / 0)
    assert cur.execute("SELECT 7").fetchval() == 7, "a failing converter keeps the value"
    conn.clear_output_converters()
    assert cur.execute("SELECT CAST(1.5 AS decimal(5,2))").fetchval() == decimal.Decimal("1.50")


def test_connection_execute(conn):
    cur = conn.execute("SELECT ? + 1", 41)
    assert isinstance(cur, mssql_python.Cursor) and cur.fetchval() == 42
    with pytest.raises(mssql_python.ProgrammingError):
        conn.execute("SELEC broken")


def test_batch_execute(conn, table_name):
    results, cur = conn.batch_execute(
        [f"CREATE TABLE {table_name} (id int, name varchar(10))",
         f"INSERT INTO {table_name} VALUES (?, ?)", f"SELECT id, name FROM {table_name}"],
        [None, (1, "a"), None])
    assert results[1] == 1 and results[2] == [(1, "a")]
    assert not cur.closed
    results, cur = conn.batch_execute(["SELECT 1"], auto_close=True)
    assert results == [[(1,)]] and cur.closed
    with pytest.raises(ValueError):
        conn.batch_execute(["SELECT 1"], [None, None])
    with pytest.raises(TypeError):
        conn.batch_execute("SELECT 1")


def test_connection_exception_aliases_catch_errors(conn):
    with pytest.raises(conn.ProgrammingError):
        conn.cursor().execute("SELECT * FROM no_such_table_here")


def test_connections_work_with_pooling_disabled(conn_str):
    mssql_python.pooling(enabled=False)
    try:
        with connect(conn_str) as conn:
            assert conn.cursor().execute("SELECT 1").fetchval() == 1
    finally:
        mssql_python.PoolingManager._reset_for_testing()


def test_unknown_keyword_arguments_are_ignored(conn_str):
    with connect(conn_str, NotAKeyword="1") as conn:
        assert conn.cursor().execute("SELECT 1").fetchval() == 1
