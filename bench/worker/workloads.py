"""The workloads, written once against the adapter interface (adapters/common.py).

Each takes a :class:`Context` and returns a dict: ``samples`` (wall/CPU seconds per
timed run), ``items`` (rows or operations per run), ``method`` (how the driver did
it) and ``extra`` (workload-specific figures). A missing feature raises
``Unsupported``; a wrong result raises ``WrongResult``.
"""

import threading
import time

import data
import measure
from adapters.common import Unsupported


class WrongResult(Exception):
    """The driver returned something other than what the server holds."""


class Context:
    def __init__(self, adapter, spec):
        self.adapter = adapter
        self.server = spec["server"]
        self.sizes = spec["sizes"]
        self.runs = spec["runs"]
        self.warmup = spec["warmup"]
        self.driver = spec["driver"]
        self.plain = "plain_executemany" in spec.get("flags", ())
        self.login_failures = []

    def connect(self, pooled=False):
        """A connection; a login that fails with an OperationalError (a transient
        failure: the network, TLS) is retried twice, after a pause, and counted."""
        for attempt in range(3):
            try:
                return self.adapter.connect(self.server, pooled=pooled)
            except Exception as exc:
                if type(exc).__name__ != "OperationalError":
                    raise
                self.login_failures.append(f"{type(exc).__name__}: {exc}")
                if attempt == 2:
                    raise
                time.sleep(0.1 * (attempt + 1))


def expect_count(expected):
    def check(rows):
        if len(rows) != expected:
            raise WrongResult(f"expected {expected} rows, got {len(rows)}")
    return check


def _fetchall(ctx, sql, expected, first_row=None):
    conn = ctx.connect()
    cursor = conn.cursor()

    def action():
        cursor.execute(sql)
        return cursor.fetchall()

    rows = action()
    expect_count(expected)(rows)
    extra = {"types": [type(value).__name__ for value in rows[0]]} if rows else {}
    if first_row is not None and rows:
        extra["first_row_matches"] = _same_values(rows[0], first_row)
    del rows
    samples = measure.repeat(action, ctx.runs, ctx.warmup, check=expect_count(expected))
    conn.close()
    return {"samples": samples, "items": expected, "method": "cursor.fetchall", "extra": extra}


def _same_values(got, want):
    """Equal value by value; a uniqueidentifier may come back as a string."""
    for left, right in zip(tuple(got), want):
        if str(left).upper() != str(right).upper() and left != right:
            return False
    return len(tuple(got)) == len(want)


def fetch_mixed(ctx):
    return _fetchall(ctx, data.MIXED_SELECT, ctx.sizes["mixed_rows"], data.mixed_row(1))


def fetch_ints(ctx):
    return _fetchall(ctx, data.INTS_SELECT, ctx.sizes["int_rows"])


def fetch_text(ctx):
    return _fetchall(ctx, data.TEXT_SELECT, ctx.sizes["text_rows"])


def _count(cursor, table):
    cursor.execute(f"SELECT COUNT(*) FROM {table}")
    return cursor.fetchone()[0]


def executemany(ctx):
    conn = ctx.connect()
    cursor = conn.cursor()
    table, count = "#bench_em", ctx.sizes["em_rows"]
    cursor.execute(data.load_table_sql(table))
    rows = data.load_rows(count)
    marks = ", ".join([ctx.adapter.PARAM] * len(data.LOAD_COLUMNS))
    sql = f"INSERT INTO {table} VALUES ({marks})"
    method = []

    def check(_):
        if _count(cursor, table) != count:
            raise WrongResult(f"{table} holds {_count(cursor, table)} rows, expected {count}")

    samples = measure.repeat(lambda: method.append(ctx.adapter.executemany(conn, cursor, sql, rows, plain=ctx.plain)),
                             ctx.runs, ctx.warmup, check=check,
                             prepare=lambda: cursor.execute(f"TRUNCATE TABLE {table}"))
    conn.close()
    return {"samples": samples, "items": count, "method": method[-1], "extra": {}}


def bulk_load(ctx):
    conn = ctx.connect()
    table, count = f"bench_bulk_{ctx.driver}", ctx.sizes["bulk_rows"]
    cursor = conn.cursor()
    cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(data.load_table_sql(table))
    rows = data.load_rows(count)
    method = []

    def check(_):
        if _count(cursor, table) != count:
            raise WrongResult(f"{table} holds {_count(cursor, table)} rows, expected {count}")

    try:
        samples = measure.repeat(
            lambda: method.append(ctx.adapter.bulk_load(conn, cursor, table, data.LOAD_COLUMNS, rows)),
            ctx.runs, 0, check=check,
            prepare=lambda: cursor.execute(f"TRUNCATE TABLE {table}"))
    finally:
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
        conn.close()
    return {"samples": samples, "items": count, "method": method[-1], "extra": {}}


def _select_ones(cursor, count):
    for _ in range(count):
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return count


def select1(ctx):
    conn = ctx.connect()
    cursor = conn.cursor()
    count = ctx.sizes["select1_count"]
    samples = measure.repeat(lambda: _select_ones(cursor, count), ctx.runs, ctx.warmup)
    conn.close()
    return {"samples": samples, "items": count, "method": "execute + fetchone", "extra": {}}


def _one_connect(ctx, pooled, spids):
    """One connect + SELECT @@SPID + close; (wall, CPU) of the attempt that worked.

    A login that fails with an OperationalError (here: a transient TLS failure) is
    counted, and retried after a pause; the failed attempts and the pauses are not
    timed, so the figure is the cost of a working connect, and the count is reported.
    """
    for attempt in range(6):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            conn = ctx.adapter.connect(ctx.server, pooled=pooled)
        except Exception as exc:
            if type(exc).__name__ != "OperationalError" or attempt == 5:
                raise
            ctx.login_failures.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.05 * 2 ** attempt)
            continue
        cursor = conn.cursor()
        cursor.execute("SELECT @@SPID")
        spids.append(cursor.fetchall()[0][0])
        cursor.close()
        conn.close()
        return time.perf_counter() - wall, time.process_time() - cpu


def _connect(ctx, pooled):
    ctx.adapter.set_pooling(pooled)
    count, spids, samples = ctx.sizes["connect_count"], [], []
    for index in range(ctx.warmup + ctx.runs):
        times = [_one_connect(ctx, pooled, spids) for _ in range(count)]
        if index >= ctx.warmup:
            samples.append({"wall": sum(t[0] for t in times), "cpu": sum(t[1] for t in times)})
    reused = sum(1 for a, b in zip(spids, spids[1:]) if a == b) / max(1, len(spids) - 1)
    method = "connect + SELECT @@SPID + close" + (" (pool)" if pooled else " (no pool)")
    return {"samples": samples, "items": count, "method": method,
            "extra": {"session_reuse": round(reused, 3), "distinct_sessions": len(set(spids))}}


def connect_new(ctx):
    return _connect(ctx, False)


def connect_pooled(ctx):
    return _connect(ctx, True)


def _run_threads(connections, count):
    barrier = threading.Barrier(len(connections) + 1)
    errors = []

    def work(conn):
        cursor = conn.cursor()
        barrier.wait()
        try:
            _select_ones(cursor, count)
        except Exception as exc:  # reported after join, with the driver's message
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(conn,)) for conn in connections]
    for thread in threads:
        thread.start()
    result = measure.timed(lambda: (barrier.wait(), [t.join() for t in threads]))
    if errors:
        raise errors[0]
    return result


def threads(ctx):
    count, width = ctx.sizes["select1_count"], ctx.sizes["threads"]
    connections = [ctx.connect() for _ in range(width)]
    one, many = [], []
    for index in range(ctx.warmup + ctx.runs):
        _, wall1, cpu1 = _run_threads(connections[:1], count)
        _, wall8, cpu8 = _run_threads(connections, count)
        if index >= ctx.warmup:
            one.append({"wall": wall1, "cpu": cpu1})
            many.append({"wall": wall8, "cpu": cpu8})
    for conn in connections:
        conn.close()
    single, multi = measure.summary(one), measure.summary(many)
    scaling = (width * count / multi["wall"]) / (count / single["wall"])
    return {"samples": many, "items": width * count,
            "method": f"{width} threads x {count} SELECT 1, a connection each",
            "extra": {"one_thread_wall": single["wall"], "one_thread_cpu": single["cpu"],
                      "throughput_scaling": round(scaling, 2)}}


def arrow(ctx):
    conn = ctx.connect()
    cursor = conn.cursor()
    expected = ctx.sizes["mixed_rows"]

    def check(table):
        if table.num_rows != expected:
            raise WrongResult(f"expected {expected} rows, got {table.num_rows}")

    samples = measure.repeat(lambda: ctx.adapter.arrow_fetch(conn, cursor, data.MIXED_SELECT),
                             ctx.runs, ctx.warmup, check=check)
    conn.close()
    return {"samples": samples, "items": expected, "method": "cursor.arrow()", "extra": {}}


def memory(ctx):
    count = ctx.sizes["memory_rows"]
    conn = ctx.connect()
    cursor = conn.cursor()
    cursor.execute("SELECT 1")
    cursor.fetchall()
    before = measure.current_rss_mib()
    exact = measure.reset_peak_rss()

    def iterate():
        cursor.execute(data.memory_select(count))
        seen = 0
        for _ in cursor:
            seen += 1
        return seen

    seen, wall, cpu = measure.timed(iterate)
    peak = measure.peak_rss_kib() / 1024
    conn.close()
    if seen != count:
        raise WrongResult(f"iterated {seen} rows, expected {count}")
    return {"samples": [{"wall": wall, "cpu": cpu}], "items": count, "method": "for row in cursor",
            "extra": {"peak_rss_mib": round(peak, 1), "rss_before_mib": round(before, 1),
                      "peak_is_since_query": exact}}


WORKLOADS = {
    "fetch_mixed": fetch_mixed, "fetch_ints": fetch_ints, "fetch_text": fetch_text,
    "executemany": executemany, "bulk_load": bulk_load, "select1": select1,
    "connect_new": connect_new, "connect_pooled": connect_pooled, "threads": threads,
    "arrow": arrow, "memory": memory,
}
__all__ = ["WORKLOADS", "Context", "Unsupported", "WrongResult"]
