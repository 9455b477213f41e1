"""Runtime safety with a Go library inside Python: Ctrl-C, fork, threads, panics, leaks."""

import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

import mssql_python
from _support import run_python

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and fork")


def _script(tmp_path, body: str) -> str:
    path = tmp_path / "scenario.py"
    path.write_text(textwrap.dedent(body))
    return str(path)


# The main thread waits in poll(2) watching the signal wakeup pipe this package installs; when
# another library holds the wakeup descriptor, it starts its calls and waits in slices instead.
FOREIGN_WAKEUP_FD = """
import os, signal
theirs_r, theirs_w = os.pipe()
os.set_blocking(theirs_w, False)
signal.set_wakeup_fd(theirs_w)
"""


@pytest.mark.parametrize("wakeup", ["ours", "foreign"])
def test_ctrl_c_interrupts_a_long_query_within_a_second(tmp_path, conn_str, wakeup):
    script = _script(tmp_path, (FOREIGN_WAKEUP_FD if wakeup == "foreign" else "") + """
import sys, signal, mssql_python
conn = mssql_python.connect(sys.argv[1])
cur = conn.cursor()
print("ready", flush=True)
try:
    cur.execute("WAITFOR DELAY '00:00:30'")
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
print("after", cur.execute("SELECT 42").fetchval(), flush=True)
if "theirs_w" in globals():
    assert signal.set_wakeup_fd(-1) == theirs_w  # left in place
conn.close()
""")
    proc = subprocess.Popen([sys.executable, script, conn_str], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.5)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        line = proc.stdout.readline().strip()
        elapsed = time.monotonic() - sent
        assert line == "interrupted"
        assert elapsed < 1.0, f"KeyboardInterrupt took {elapsed:.2f}s"
        assert proc.stdout.readline().strip() == "after 42"
        assert proc.wait(30) == 0
    finally:
        proc.kill()


@pytest.mark.parametrize("sig", ["SIGUSR1", "SIGINT"])
def test_signals_with_the_applications_handlers_do_not_cancel_a_query(tmp_path, conn_str, sig):
    # SIGINT included: a handler of the application's own decides, not the driver
    script = _script(tmp_path, f"""
        import signal, sys, mssql_python
        seen = []
        signal.signal(signal.{sig}, lambda *a: seen.append("{sig}"))
        conn = mssql_python.connect(sys.argv[1])
        cur = conn.cursor()
        print("ready", flush=True)
        cur.execute("WAITFOR DELAY '00:00:01'; SELECT 7")
        print("finished", cur.fetchval(), seen, flush=True)
    """)
    proc = subprocess.Popen([sys.executable, script, conn_str], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        time.sleep(0.3)
        proc.send_signal(getattr(signal, sig))
        assert proc.stdout.readline().strip() == f"finished 7 ['{sig}']"
        assert proc.wait(30) == 0
    finally:
        proc.kill()


FORK_SCENARIO = """
    import os, sys, time, gc, mssql_python
    conn = mssql_python.connect(sys.argv[1])
    cur = conn.cursor()
    cur.execute("SELECT 1").fetchall()
    pid = os.fork()
    if pid == 0:
        code = 0
        start = time.monotonic()
        for attempt in (lambda: cur.execute("SELECT 1"), lambda: conn.cursor(),
                        lambda: mssql_python.connect(sys.argv[1]), conn.commit):
            try:
                attempt()
                code = 3
            except mssql_python.InterfaceError as e:
                if "fork" not in str(e):
                    code = 4
        conn.close(); del cur, conn; gc.collect()
        os._exit(code if time.monotonic() - start < 2 else 5)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            print("child", os.waitstatus_to_exitcode(status)); break
        time.sleep(0.05)
    else:
        os.kill(pid, 9); print("child hung")
    print("parent", conn.cursor().execute("SELECT 7").fetchval())
"""


def test_forked_child_gets_interface_error_at_once_and_parent_keeps_working(tmp_path, conn_str):
    result = subprocess.run([sys.executable, _script(tmp_path, FORK_SCENARIO), conn_str],
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.split("\n")[:2] == ["child 0", "parent 7"], result.stdout + result.stderr


def test_fork_before_the_library_is_loaded_is_fine(tmp_path, conn_str):
    script = _script(tmp_path, """
        import os, sys, mssql_python
        pid = os.fork()
        if pid == 0:
            with mssql_python.connect(sys.argv[1]) as conn:
                ok = conn.cursor().execute("SELECT 5").fetchval() == 5
            os._exit(0 if ok else 1)
        _, status = os.waitpid(pid, 0)
        print("child", os.waitstatus_to_exitcode(status))
    """)
    result = subprocess.run([sys.executable, script, conn_str], capture_output=True, text=True,
                            timeout=60)
    assert result.stdout.strip() == "child 0", result.stderr


POOL_SCENARIO = """
    import multiprocessing, sys, mssql_python

    def work(conn_str):
        try:
            with mssql_python.connect(conn_str) as conn:
                return conn.cursor().execute("SELECT 11").fetchval()
        except mssql_python.InterfaceError as e:
            return "InterfaceError: " + str(e)[:40]

    if __name__ == "__main__":
        method, conn_str = sys.argv[1], sys.argv[2]
        mssql_python.connect(conn_str).close()
        with multiprocessing.get_context(method).Pool(2) as pool:
            print(pool.map(work, [conn_str] * 2, chunksize=1))
"""


@pytest.mark.parametrize("method,expected", [("fork", "InterfaceError"), ("spawn", "11")])
def test_multiprocessing_pool_fork_gets_the_error_and_spawn_works(tmp_path, conn_str, method,
                                                                  expected):
    result = subprocess.run([sys.executable, _script(tmp_path, POOL_SCENARIO), method, conn_str],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(expected) == 2, result.stdout


def test_threads_with_their_own_connections_run_in_parallel(conn_str):
    count, delay = 16, 1.0
    conns = [mssql_python.connect(conn_str) for _ in range(count)]
    barrier = threading.Barrier(count + 1)
    errors = []

    def work(conn):
        barrier.wait()
        try:
            conn.cursor().execute("WAITFOR DELAY '00:00:01'")
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(c,)) for c in conns]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.monotonic()
    for t in threads:
        t.join(60)
    elapsed = time.monotonic() - start
    for c in conns:
        c.close()
    assert errors == []
    assert elapsed < count * delay / 3, f"{count} x {delay}s took {elapsed:.1f}s: not parallel"


def test_cursor_shared_across_threads_gives_programming_error(conn):
    cur = conn.cursor()
    outcome = {}

    def long_query():
        try:
            cur.execute("WAITFOR DELAY '00:00:02'")
            outcome["first"] = "ok"
        except Exception as e:  # noqa: BLE001 - reported below
            outcome["first"] = e

    worker = threading.Thread(target=long_query)
    worker.start()
    time.sleep(0.5)
    with pytest.raises(mssql_python.ProgrammingError):
        cur.execute("SELECT 1")
    with pytest.raises(mssql_python.ProgrammingError):
        conn.cursor().execute("SELECT 1")
    worker.join(30)
    assert outcome["first"] == "ok"
    assert cur.execute("SELECT 3").fetchval() == 3


def test_cancel_from_another_thread(conn):
    cur = conn.cursor()
    timer = threading.Timer(0.5, cur.cancel)
    timer.start()
    start = time.monotonic()
    with pytest.raises(mssql_python.OperationalError):
        cur.execute("WAITFOR DELAY '00:00:30'")
    assert time.monotonic() - start < 5
    assert cur.execute("SELECT 9").fetchval() == 9


def test_go_panic_is_internal_error_and_the_process_lives(conn_str):
    code = textwrap.dedent(f"""
        import ctypes, mssql_python
        from mssql_python import _calls, _ffi
        conn = mssql_python.connect({conn_str!r})
        err = _ffi.MssqlError()
        try:
            _calls.check(_ffi.lib().mssql_debug_panic(ctypes.byref(err)), err)
        except mssql_python.InternalError as e:
            print("InternalError")
        try:
            conn.cursor()
        except mssql_python.InternalError:
            print("poisoned")
        print("alive")
    """)
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["InternalError", "poisoned", "alive"]


def test_no_handles_leak(conn_str):
    code = textwrap.dedent(f"""
        import ctypes, mssql_python
        from mssql_python import _ffi
        for _ in range(5):
            conn = mssql_python.connect({conn_str!r})
            cur = conn.cursor()
            cur.execute("SELECT 1").fetchall()
            conn.cursor()
            conn.close()
        with mssql_python.connect({conn_str!r}) as conn:
            with conn.cursor() as cur:
                cur.execute("SELECT 1")
        a, b = ctypes.c_int64(), ctypes.c_int64()
        _ffi.lib().mssql_debug_handle_counts(ctypes.byref(a), ctypes.byref(b))
        print(a.value, b.value)
    """)
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["0", "0"]
