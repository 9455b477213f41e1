"""Rows per second of cursor.fetchall() for 100,000 rows x 10 mixed columns.

    MSSQL_CONNECTION_STRING=... python bench/fetch_rows.py [--rows N] [--repeat K]

Without MSSQL_CONNECTION_STRING the project's test server is built and started. The
columns are the DESIGN.md mix: int, bigint, float, decimal(18,4), nvarchar, varchar,
datetime2, bit, uniqueidentifier and a nullable int. The table is filled once with
executemany (timed too); then the SELECT + fetchall is timed ``--repeat`` times and the
best run is reported, with the client's CPU time beside the wall time.
"""

import argparse
import datetime
import decimal
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import mssql_python

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ("i int, b bigint, f float, d decimal(18,4), nv nvarchar(40), v varchar(40), "
           "dt datetime2, bt bit, u uniqueidentifier, ni int NULL")


def start_server():
    """Build and start tests_go/cmd/tdsserver; returns (process, connection string)."""
    binary = Path(tempfile.mkdtemp()) / "tdsserver"
    subprocess.run(["go", "build", "-o", str(binary), "./tests_go/cmd/tdsserver"], cwd=ROOT,
                   check=True)
    proc = subprocess.Popen([str(binary), "-listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                            text=True)
    return proc, json.loads(proc.stdout.readline())["connection_string"]


def make_rows(count):
    base = datetime.datetime(2024, 1, 1)
    return [(i, i * 3_000_000_007, i / 7, decimal.Decimal(i) / 16, f"Zürich-{i}", f"city-{i}",
             base + datetime.timedelta(seconds=i), i % 2 == 0, uuid.UUID(int=i),
             None if i % 10 == 0 else i) for i in range(count)]


def fill(cursor, table, count):
    rows = make_rows(count)
    start = time.perf_counter()
    for offset in range(0, count, 20_000):
        cursor.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           rows[offset:offset + 20_000])
    return time.perf_counter() - start


def timed_fetch(cursor, table):
    wall, cpu = time.perf_counter(), time.process_time()
    rows = cursor.execute(f"SELECT * FROM {table}").fetchall()
    return len(rows), time.perf_counter() - wall, time.process_time() - cpu


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    server, conn_str = None, os.environ.get("MSSQL_CONNECTION_STRING")
    if not conn_str:
        server, conn_str = start_server()
    try:
        with mssql_python.connect(conn_str, autocommit=True) as conn:
            cursor = conn.cursor()
            table = "#bench_fetch"
            cursor.execute(f"CREATE TABLE {table} ({COLUMNS})")
            insert_s = fill(cursor, table, args.rows)
            print(f"executemany: {args.rows} rows in {insert_s:.2f}s "
                  f"({args.rows / insert_s:,.0f} rows/s)")
            runs = [timed_fetch(cursor, table) for _ in range(args.repeat)]
            count, wall, cpu = min(runs, key=lambda r: r[1])
            assert count == args.rows, count
            print(f"fetchall: {count} rows x 10 columns, best of {args.repeat}: {wall:.3f}s wall, "
                  f"{cpu:.3f}s client CPU -> {count / wall:,.0f} rows/s "
                  f"(Python {sys.version.split()[0]})")
    finally:
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
