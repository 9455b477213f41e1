"""The per-call fast paths keep their behaviour: cached descriptions and Row classes, reused
call slots under re-entrant and threaded use, and engine events while logging is off."""

import gc
import textwrap
import threading

import mssql_python
from _support import run_python


def test_a_repeated_statement_reuses_its_row_class_and_description(cursor):
    first = cursor.execute("SELECT 1 AS a, 'x' AS b").fetchone()
    description = cursor.description
    second = cursor.execute("SELECT 1 AS a, 'x' AS b").fetchone()
    assert type(first) is type(second)
    assert cursor.description == description
    assert (second.a, second.b) == (1, "x")


def test_changing_description_in_place_does_not_leak_into_the_next_execute(cursor):
    cursor.execute("SELECT 1 AS a")
    cursor.description.append(("junk",) * 7)
    cursor.description[0] = ("renamed",) * 7
    cursor.execute("SELECT 1 AS a")
    assert [d[0] for d in cursor.description] == ["a"]
    assert cursor.fetchone().a == 1


def test_lowercase_applies_to_the_next_execute_of_the_same_statement(cursor):
    try:
        cursor.execute("SELECT 1 AS MixedCase")
        assert cursor.description[0][0] == "MixedCase"
        cursor.fetchall()
        mssql_python.lowercase = True
        row = cursor.execute("SELECT 1 AS MixedCase").fetchone()
        assert cursor.description[0][0] == "mixedcase"
        assert row.mixedcase == 1 and row.MixedCase == 1
        mssql_python.lowercase = False
        cursor.execute("SELECT 1 AS MixedCase")
        assert cursor.description[0][0] == "MixedCase"
    finally:
        mssql_python.lowercase = False


def test_alternating_statements_keep_their_own_shapes(cursor):
    for i in range(3):
        assert cursor.execute("SELECT ? AS a", i).fetchone().a == i
        row = cursor.execute("SELECT 'v' AS b, 2 AS c").fetchone()
        assert (row.b, row.c) == ("v", 2)
        assert [d[0] for d in cursor.description] == ["b", "c"]


def test_queries_from_a_gc_callback_in_the_middle_of_calls(conn_str):
    """A garbage collection can run Python code (finalizers, gc callbacks) between a
    library call and the reading of its out-parameters; that code's own calls must not
    share the interrupted call's slots."""
    outer = mssql_python.connect(conn_str)
    inner = mssql_python.connect(conn_str)
    inner_cursor = inner.cursor()
    seen = []

    def on_gc(phase, info):
        if phase == "start" and len(seen) < 200:
            seen.append(inner_cursor.execute("SELECT 77").fetchval())

    old_threshold = gc.get_threshold()
    gc.callbacks.append(on_gc)
    gc.set_threshold(1)
    try:
        cursor = outer.cursor()
        for i in range(300):
            assert cursor.execute("SELECT ?, 'x'", i).fetchall() == [(i, "x")]
    finally:
        gc.callbacks.remove(on_gc)
        gc.set_threshold(*old_threshold)
        outer.close()
        inner.close()
    assert seen and set(seen) == {77}


def test_threads_sharing_the_slot_pool(conn_str):
    errors = []

    def work(n):
        try:
            with mssql_python.connect(conn_str) as conn:
                cursor = conn.cursor()
                for i in range(200):
                    if cursor.execute("SELECT ?", n * 1000 + i).fetchval() != n * 1000 + i:
                        errors.append((n, i))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []


def test_engine_events_reach_logging_enabled_by_the_user_at_the_next_execute(conn_str):
    """With the ``mssql_python`` logger lowered by the application (not setup_logging),
    the next execute syncs the engine's level and takes its queued events."""
    code = textwrap.dedent(f"""
        import logging, mssql_python
        records = []
        class Keep(logging.Handler):
            def emit(self, record):
                records.append((record.name, record.getMessage()))
        conn = mssql_python.connect({conn_str!r})
        other = mssql_python.connect({conn_str!r})
        cursor = other.cursor()
        cursor.execute("SELECT 1").fetchall()
        logging.getLogger("mssql_python").setLevel(logging.DEBUG)
        logging.getLogger("mssql_python").addHandler(Keep())
        cursor.execute("SELECT 1").fetchall()   # the engine now keeps DEBUG events
        conn.close()                            # the pool logs the release (queued)
        cursor.execute("SELECT 2").fetchall()   # the next call boundary drains them
        print(any(n == "mssql_python.pool" and "released" in m for n, m in records))
    """)
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"], result.stdout + result.stderr
