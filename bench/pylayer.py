"""The Python package's own cost per call, with no Go, network or server underneath.

    python bench/pylayer.py [--count N] [--repeat K] [--profile]

Builds bench/pylayer/stub.c (a C library with the engine's ABI that answers every
call at once with the description and rows of ``SELECT 1``) and times the package's
calls against it: what remains is Python code, ctypes marshalling and unpickling. The
real round trip costs this plus the engine's and the server's share (bench/roundtrip.py).
``--profile`` adds a cProfile table of one run and the ctypes calls per round trip.
"""

import argparse
import collections
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_stub() -> str:
    out = Path(tempfile.mkdtemp()) / "libmssql_python_stub.so"
    cc = os.environ.get("CC", "cc")
    subprocess.run([cc, "-O2", "-shared", "-fPIC", "-I", str(ROOT / "include"), "-o", str(out),
                    str(ROOT / "bench" / "pylayer" / "stub.c")], check=True)
    return str(out)


def workloads(cursor):
    def select1():
        cursor.execute("SELECT 1")
        cursor.fetchone()

    def select_params():
        cursor.execute("SELECT ?, ?, ?", 1, "two", 3.0)
        cursor.fetchone()

    def select_fetchall():
        cursor.execute("SELECT 1")
        cursor.fetchall()

    def iterate():
        for _ in cursor.execute("SELECT 1"):
            pass

    return {"execute + fetchone": select1, "execute(3 params) + fetchone": select_params,
            "execute + fetchall": select_fetchall, "for row in execute()": iterate}


def best_ns(fn, count, repeat):
    best = None
    for _ in range(repeat):
        start = time.process_time_ns()
        for _ in range(count):
            fn()
        spent = (time.process_time_ns() - start) / count
        best = spent if best is None else min(best, spent)
    return best


def count_calls(fn, count):
    from mssql_python import _ffi
    real, counts = _ffi._lib, collections.Counter()

    class Counting:
        def __getattr__(self, name):
            target = getattr(real, name)

            def call(*args):
                counts[name] += 1
                return target(*args)
            return call
    _ffi._lib = Counting()
    try:
        for _ in range(count):
            fn()
    finally:
        _ffi._lib = real
    return {name: n / count for name, n in sorted(counts.items())}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    os.environ["MSSQL_PYTHON_LIBRARY"] = build_stub()
    sys.path.insert(0, str(ROOT / "python"))
    import mssql_python

    conn = mssql_python.connect("Server=stub", autocommit=True)
    cursor = conn.cursor()
    for name, fn in workloads(cursor).items():
        fn()
        ns = best_ns(fn, args.count, args.repeat)
        print(f"{name}: {ns / 1000:.1f} us CPU per call (best of {args.repeat} x {args.count}, "
              f"Python {sys.version.split()[0]})")
    if args.profile:
        fn = workloads(cursor)["execute + fetchone"]
        print("ctypes calls per execute + fetchone:", count_calls(fn, 100))
        profile = cProfile.Profile()
        profile.runcall(lambda: [fn() for _ in range(args.count)])
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    conn.close()


if __name__ == "__main__":
    main()
