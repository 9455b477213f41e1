"""Per-call cost of small round trips: ``cursor.execute("SELECT 1"); cursor.fetchone()``.

    MSSQL_CONNECTION_STRING=... python bench/roundtrip.py [--count N] [--threads T]
        [--repeat K] [--server-pid PID] [--sql "SELECT 1"]

Without MSSQL_CONNECTION_STRING the project's test server is built and started (its pid
is then known). Reports, for the best of ``--repeat`` runs: wall time and client CPU
(user+sys of this process, all threads) per round trip, and, when the server's pid is
known (``--server-pid`` or the started server), the server's CPU per round trip read
from /proc/<pid>/stat. ``--threads T`` runs T threads, a connection each, each doing
``--count`` round trips.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import mssql_python

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def start_server():
    """Build and start tests_go/cmd/tdsserver; returns (process, connection string, pid)."""
    binary = Path(tempfile.mkdtemp()) / "tdsserver"
    subprocess.run(["go", "build", "-o", str(binary), "./tests_go/cmd/tdsserver"], cwd=ROOT,
                   check=True)
    proc = subprocess.Popen([str(binary), "-listen", "127.0.0.1:0"], stdout=subprocess.PIPE,
                            text=True)
    info = json.loads(proc.stdout.readline())
    return proc, info["connection_string"], info.get("pid", proc.pid)


def process_cpu(pid):
    """user+sys seconds of a process (all its threads), or None when unreadable."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def thread_cpu():
    """{thread id: user+sys seconds} of this process's threads."""
    out = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            with open(f"/proc/self/task/{tid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(tid)] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return out


def context_switches():
    """(voluntary, involuntary) context switches of the calling thread."""
    with open(f"/proc/self/task/{threading.get_native_id()}/status") as f:
        values = dict(line.split(":", 1) for line in f if "ctxt_switches" in line)
    return (int(values["voluntary_ctxt_switches"]), int(values["nonvoluntary_ctxt_switches"]))


def thread_count(pid="self"):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def loop(conn, count, sql):
    cursor = conn.cursor()
    for _ in range(count):
        cursor.execute(sql)
        cursor.fetchone()
    cursor.close()


def timed_run(conns, count, sql, server_pid):
    threads = [threading.Thread(target=loop, args=(c, count, sql)) for c in conns]
    server0 = process_cpu(server_pid) if server_pid else None
    threads0, switches0 = thread_cpu(), context_switches()
    wall, cpu = time.perf_counter(), time.process_time()
    if len(threads) == 1:
        loop(conns[0], count, sql)
    else:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    server = None
    if server0 is not None:
        server = process_cpu(server_pid) - server0
    main = threading.get_native_id()
    spent = {tid: t - threads0.get(tid, 0.0) for tid, t in thread_cpu().items()}
    switches = [b - a for a, b in zip(switches0, context_switches())]
    breakdown = (spent.get(main, 0.0), sum(t for tid, t in spent.items() if tid != main),
                 switches)
    return wall, cpu, server, breakdown


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="round trips per thread")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sql", default="SELECT 1")
    parser.add_argument("--server-pid", type=int, default=0)
    args = parser.parse_args()
    server, conn_str = None, os.environ.get("MSSQL_CONNECTION_STRING")
    server_pid = args.server_pid
    if not conn_str:
        server, conn_str, server_pid = start_server()
    try:
        conns = [mssql_python.connect(conn_str, autocommit=True) for _ in range(args.threads)]
        for c in conns:
            loop(c, min(args.count, 500), args.sql)  # warm-up
        runs = [timed_run(conns, args.count, args.sql, server_pid) for _ in range(args.repeat)]
        wall, cpu, server_cpu, (main_cpu, others_cpu, switches) = min(runs, key=lambda r: r[0])
        total = args.count * args.threads
        line = (f"{total} x {args.sql!r} ({args.threads} thread(s)), best of {args.repeat}: "
                f"{wall:.3f}s wall ({wall / total * 1e6:.0f} us each), client CPU {cpu:.3f}s "
                f"({cpu / total * 1e6:.0f} us each)")
        if server_cpu is not None:
            line += f", server CPU {server_cpu:.3f}s ({server_cpu / total * 1e6:.0f} us each)"
        print(line + f"; client threads {thread_count()} (Python {sys.version.split()[0]})")
        if args.threads == 1:
            print(f"  client CPU by thread: calling thread {main_cpu / total * 1e6:.0f} us "
                  f"(Python, ctypes and the library's code it runs), other threads "
                  f"{others_cpu / total * 1e6:.0f} us (Go runtime, goroutines); calling thread "
                  f"context switches per round trip: {switches[0] / total:.2f} voluntary, "
                  f"{switches[1] / total:.2f} involuntary")
        for c in conns:
            c.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
