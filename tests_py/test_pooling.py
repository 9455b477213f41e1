"""Connection pooling through mssql_python: every behaviour of issue 6, observed from Python.

Each test uses its own pool: its connection string carries a unique WSID, which the server
also shows as ``host_name`` in ``sys.dm_exec_sessions``, so the server-side sessions of one
test can be counted. Monitoring queries use a connection with another WSID (another pool).
"""

import socket
import threading
import time
import uuid

import pytest

import mssql_python
from mssql_python import OperationalError, PoolingManager, connect
from _support import run_python


@pytest.fixture(autouse=True)
def fresh_pooling():
    """Every test starts from Microsoft's defaults and leaves no idle session behind."""
    PoolingManager._reset_for_testing()
    mssql_python.pooling()
    yield
    PoolingManager._reset_for_testing()


@pytest.fixture
def wsid():
    return "pooltest-" + uuid.uuid4().hex[:12]


@pytest.fixture
def cs(conn_str, wsid):
    """A connection string of this test's own pool."""
    return f"{conn_str};WSID={wsid}"


def spid_of(conn):
    return conn.cursor().execute("SELECT @@SPID").fetchval()


def server_sessions(conn_str, wsid):
    """SPIDs the server has open for this test's pool (asked through another pool)."""
    with connect(f"{conn_str};WSID=pooltest-monitor", autocommit=True) as monitor:
        rows = monitor.cursor().execute(
            "SELECT session_id FROM sys.dm_exec_sessions WHERE host_name = ?", wsid).fetchall()
    return sorted(r[0] for r in rows)


def stats_of(cs_wsid):
    """The snapshot of the pool whose key holds this WSID."""
    mine = [s for s in mssql_python.pool_stats() if f"WSID={cs_wsid}" in s["key"]]
    assert len(mine) == 1, mssql_python.pool_stats()
    return mine[0]


def eventually(predicate, timeout=10.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


# 1. reuse -----------------------------------------------------------------------------

def test_closed_connection_is_reused_with_the_same_session(cs, wsid, conn_str):
    conn = connect(cs)
    first = spid_of(conn)
    conn.close()
    conn = connect(cs)
    assert spid_of(conn) == first
    conn.close()
    st = stats_of(wsid)
    assert st["created"] == 1, "one login for two connects"
    assert st["acquires"] == 2
    assert server_sessions(conn_str, wsid) == [first]


# 2. max size --------------------------------------------------------------------------

def test_connect_beyond_max_size_waits_then_names_the_limit(cs, wsid):
    mssql_python.pooling(max_size=2)
    held = [connect(cs), connect(cs)]
    start = time.monotonic()
    with pytest.raises(OperationalError, match=r"pool limit.*max_size=2"):
        connect(cs, timeout=1)
    assert time.monotonic() - start >= 1.0
    st = stats_of(wsid)
    assert (st["in_use"], st["timeouts"], st["waiting"]) == (2, 1, 0)
    first = spid_of(held[0])
    held[0].close()
    conn = connect(cs, timeout=1)
    assert spid_of(conn) == first
    conn.close()
    held[1].close()


def test_a_waiting_connect_gets_the_connection_closed_meanwhile(cs, wsid):
    mssql_python.pooling(max_size=1)
    held = connect(cs)
    first = spid_of(held)
    timer = threading.Timer(0.3, held.close)
    timer.start()
    conn = connect(cs, timeout=10)
    timer.join()
    assert spid_of(conn) == first
    conn.close()
    assert stats_of(wsid)["waits"] == 1


# 3. idle pruning ----------------------------------------------------------------------

def test_idle_connections_are_pruned_without_another_connect(cs, wsid, conn_str):
    mssql_python.pooling(idle_timeout=1)
    conns = [connect(cs) for _ in range(3)]
    for c in conns:
        c.close()
    assert stats_of(wsid)["idle"] == 3
    assert eventually(lambda: stats_of(wsid)["pruned"] == 3), stats_of(wsid)
    st = stats_of(wsid)
    assert (st["open"], st["acquires"]) == (0, 3)
    assert server_sessions(conn_str, wsid) == []


# 4. one pool per normalised connection string -----------------------------------------

def test_keyword_order_and_case_share_a_pool_other_strings_do_not(cs, wsid):
    conn = connect(cs)
    first = spid_of(conn)
    conn.close()
    parts = [p for p in cs.split(";") if p]
    shuffled = ";".join(k.upper() + "=" + v for k, v in
                        (p.split("=", 1) for p in reversed(parts)))
    conn = connect(shuffled)
    assert spid_of(conn) == first
    conn.close()
    other = connect(cs, Database="tempdb")
    assert spid_of(other) != first
    other.close()
    mine = [s for s in mssql_python.pool_stats() if f"WSID={wsid}" in s["key"]]
    assert len(mine) == 2


# 5. threads ---------------------------------------------------------------------------

def test_64_threads_share_a_pool_without_errors_or_leaks(cs, wsid, conn_str):
    max_size, threads, seconds = 8, 64, 4.0
    mssql_python.pooling(max_size=max_size)
    errors, peak, stop = [], [0], threading.Event()

    def work():
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                with connect(cs, autocommit=True) as conn:
                    cur = conn.cursor()
                    spid = cur.execute("SELECT @@SPID").fetchval()
                    assert cur.execute("SELECT ?", spid).fetchval() == spid
            except Exception as e:  # noqa: BLE001 - every failure is collected
                errors.append(repr(e))

    def watch():
        while not stop.is_set():
            peak[0] = max(peak[0], len(server_sessions(conn_str, wsid)))
            time.sleep(0.1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    stop.set()
    watcher.join()

    assert errors == []
    st = stats_of(wsid)
    assert 1 <= peak[0] <= max_size, "server-side sessions stayed within max_size"
    assert st["in_use"] == 0 and st["open"] <= max_size and st["created"] <= max_size
    assert st["acquires"] > threads
    assert len(server_sessions(conn_str, wsid)) == st["open"], "no session leaked"
    assert PoolingManager.close_idle() >= st["open"]
    assert eventually(lambda: server_sessions(conn_str, wsid) == [])


# 6. health check ----------------------------------------------------------------------

class Proxy:
    """Forwards TCP to the test server; drop() cuts every forwarded connection."""

    def __init__(self, target):
        host, port = target.rsplit(":", 1)
        self.target = (host, int(port))
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.links, self.lock = [], threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.links += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def drop(self):
        with self.lock:
            links, self.links = self.links, []
        for s in links:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self):
        self.listener.close()
        self.drop()


@pytest.fixture
def proxy(server_info):
    if server_info is None:
        pytest.skip("the proxy needs the bundled test server")
    p = Proxy(server_info["addr"])
    yield p
    p.close()


def test_dropped_connection_is_replaced_transparently(proxy, server_info, wsid, conn_str):
    port = server_info["addr"].rsplit(":", 1)[1]
    via_proxy = server_info["connection_string"].replace(f",{port};", f",{proxy.port};")
    assert via_proxy != server_info["connection_string"]
    cs = f"{via_proxy};WSID={wsid}"
    conn = connect(cs)
    first = spid_of(conn)
    conn.close()
    proxy.drop()
    assert eventually(lambda: server_sessions(conn_str, wsid) == [])
    conn = connect(cs)
    assert spid_of(conn) != first
    conn.close()
    st = stats_of(wsid)
    assert (st["discarded"], st["created"], st["open"]) == (1, 2, 1)


# 7. reset before reuse ----------------------------------------------------------------

def test_next_user_finds_nothing_of_the_previous_one(cs, wsid, conn_str):
    table = "pool_reset_" + uuid.uuid4().hex[:8]
    with connect(conn_str, autocommit=True) as setup:
        setup.cursor().execute(f"CREATE TABLE {table} (id int)")
    try:
        conn = connect(cs)  # autocommit off, as DB-API wants
        first = spid_of(conn)
        cur = conn.cursor()
        home = cur.execute("SELECT DB_NAME()").fetchval()
        cur.execute(f"CREATE TABLE #scratch (id int); SET NOCOUNT ON; "
                    f"INSERT INTO {table} VALUES (1); USE tempdb")
        assert cur.execute("SELECT DB_NAME()").fetchval() == "tempdb"
        conn.close()  # rolled back and returned

        with connect(conn_str, autocommit=True, timeout=5) as other:
            other.timeout = 2  # blocked by a lock left behind, it would time out
            assert other.cursor().execute(f"SELECT COUNT(*) FROM {table}").fetchval() == 0
            other.cursor().execute(f"INSERT INTO {table} VALUES (2)")

        conn = connect(cs, autocommit=True)
        assert spid_of(conn) == first
        row = conn.cursor().execute(
            "SELECT OBJECT_ID('tempdb..#scratch'), @@OPTIONS & 512, @@OPTIONS & 2, DB_NAME(), "
            "@@TRANCOUNT").fetchone()
        assert tuple(row) == (None, 0, 0, home, 0)
        conn.close()

        conn = connect(cs)
        assert spid_of(conn) == first
        assert conn.cursor().execute("SELECT @@OPTIONS & 2").fetchval() == 2, \
            "autocommit off again: implicit transactions on"
        conn.close()
        assert stats_of(wsid)["created"] == 1
    finally:
        with connect(conn_str, autocommit=True) as setup:
            setup.cursor().execute(f"DROP TABLE {table}")


@pytest.mark.parametrize("first_sql", [
    "SELECT 1",                                  # the options ride on this batch
    "CREATE TABLE #first (id int)",              # must stand first: the options go ahead of it
    "no_such_proc_0",                            # a bare name runs a procedure: likewise
    "SELECT 1 +",                                # does not compile: the options are sent again
])
def test_a_reused_connection_without_autocommit_is_in_implicit_transactions(cs, first_sql):
    conn = connect(cs)
    spid = spid_of(conn)
    conn.close()
    conn = connect(cs)
    cur = conn.cursor()
    try:
        cur.execute(first_sql)
    except mssql_python.ProgrammingError as e:
        # 2812: the name was run as a procedure, as it is at the head of a batch
        assert (first_sql, e.number) in (("SELECT 1 +", 102), ("no_such_proc_0", 2812))
    cur.execute("CREATE TABLE #t (id int); INSERT INTO #t VALUES (1)")
    assert cur.execute("SELECT @@SPID, @@TRANCOUNT, @@OPTIONS & 2").fetchone() == (spid, 1, 2)
    conn.rollback()
    assert cur.execute("SELECT OBJECT_ID('tempdb..#t')").fetchval() is None
    conn.close()


# 8. settings --------------------------------------------------------------------------

def test_a_later_pooling_call_changes_the_settings(cs, wsid):
    mssql_python.pooling(max_size=5, idle_timeout=30)
    held = connect(cs)
    mssql_python.pooling(max_size=1, idle_timeout=30)
    assert PoolingManager.settings() == {"max_size": 1, "idle_timeout": 30}
    with pytest.raises(OperationalError, match="max_size=1"):
        connect(cs, timeout=1)
    held.close()
    assert stats_of(wsid)["max_size"] == 1


def test_disabling_closes_idle_connections_and_stops_pooling(cs, wsid, conn_str):
    conn = connect(cs)
    first = spid_of(conn)
    conn.close()
    assert server_sessions(conn_str, wsid) == [first]
    mssql_python.pooling(enabled=False)
    assert not PoolingManager.is_enabled()
    assert server_sessions(conn_str, wsid) == []
    conn = connect(cs)
    conn.close()
    assert server_sessions(conn_str, wsid) == [], "not pooled: the close ends the session"
    assert stats_of(wsid)["acquires"] == 1


def test_huge_settings_are_accepted(cs, wsid):
    mssql_python.pooling(max_size=10**12, idle_timeout=10**20)
    connect(cs).close()
    assert stats_of(wsid)["idle"] == 1
    assert PoolingManager.settings() == {"max_size": 10**12, "idle_timeout": 10**20}


def test_pooling_is_on_by_default_with_microsofts_limits(cs, wsid):
    PoolingManager._reset_for_testing()
    assert not PoolingManager.is_initialized()
    connect(cs).close()
    assert PoolingManager.is_enabled()
    assert stats_of(wsid)["max_size"] == 100 and stats_of(wsid)["idle"] == 1


# 9. stats -----------------------------------------------------------------------------

def test_pool_stats_are_snapshots_keyed_by_the_redacted_string(cs, wsid):
    conn = connect(cs)
    before = stats_of(wsid)
    conn.close()
    after = stats_of(wsid)
    assert (before["in_use"], before["idle"]) == (1, 0)
    assert (after["in_use"], after["idle"]) == (0, 1)
    assert "PWD=***" in after["key"]
    password = [p.split("=", 1)[1] for p in cs.split(";") if p.upper().startswith("PWD=")][0]
    assert password not in repr(mssql_python.pool_stats())
    for key in ("open", "idle", "in_use", "waiting", "waits", "created", "pruned", "discarded",
                "acquires", "acquire_time_s", "max_size", "timeouts"):
        assert key in after
    assert after["acquire_time_s"] > 0


# 10. logging --------------------------------------------------------------------------

def test_pool_events_are_logged_without_secrets(tmp_path, cs):
    password = [p.split("=", 1)[1] for p in cs.split(";") if p.upper().startswith("PWD=")][0]
    code = (
        "import os, time, mssql_python\n"
        f"os.chdir({str(tmp_path)!r})\n"
        "mssql_python.setup_logging(log_file_path='trace.log')\n"
        "mssql_python.pooling(idle_timeout=1)\n"
        f"cs = {cs!r}\n"
        "mssql_python.connect(cs).close()\n"
        "mssql_python.connect(cs).close()\n"
        "time.sleep(2)\n"
        "mssql_python.pool_stats()\n"
        "try:\n"
        f"    mssql_python.connect(cs.replace({password!r}, 'not-the-password'))\n"
        "except mssql_python.Error:\n"
        "    pass\n")
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "trace.log").read_text(encoding="utf-8")
    pool_lines = [line for line in text.splitlines() if ", pool:" in line and ", Go, " in line]
    joined = "\n".join(pool_lines)
    for event in ("created for", "new connection, spid", "acquired", "released",
                  "idle connection(s) closed", "login failed"):
        assert event in joined, event
    assert "PWD=***" in joined
    assert password not in text
