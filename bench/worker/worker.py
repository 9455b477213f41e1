"""Runs one workload of one driver, in that driver's virtual environment.

    python bench/worker/worker.py SPEC.json RESULT.json

SPEC names the driver (an adapter module), the workload (or ``seed`` or ``limit``),
the sizes, the number of runs and the server. The result is written as JSON:
``status`` is ``ok``, ``unsupported`` (the driver lacks the feature),
``not_runnable`` (the driver cannot be imported or loaded), ``wrong_result``,
``error`` (the driver raised) or ``harness_error`` (a bug in bench/ itself), with
``reason`` the exact error for all but ``ok``.
"""

import importlib
import json
import os
import sys
import time
import traceback

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_adapter(name):
    try:
        return importlib.import_module(f"adapters.{name}"), None
    except Exception as exc:  # ImportError, OSError of a missing shared library, ...
        return None, {"status": "not_runnable", "reason": describe(exc)}


def describe(exc):
    return f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}".replace("builtins.", "")


# Exceptions that mean a mistake in code rather than a driver refusing something.
CODE_BUGS = (NameError, AttributeError, KeyError, IndexError, SyntaxError, ImportError,
             AssertionError, ZeroDivisionError)


def is_harness_bug(exc):
    """A code-bug exception raised in bench/ itself: our fault, not the driver's.

    An exception of a driver raised from C (pyodbc, Rust, Cython) has its innermost
    Python frame in the adapter too, so the class decides, not the frame alone.
    """
    if not isinstance(exc, CODE_BUGS):
        return False
    frames = traceback.extract_tb(exc.__traceback__)
    return bool(frames) and os.path.abspath(frames[-1].filename).startswith(BENCH_DIR + os.sep)


def seed(adapter, spec):
    import data
    conn = adapter.connect(spec["server"])
    cursor = conn.cursor()
    started = time.perf_counter()
    for statement in data.seed_statements(spec["sizes"]):
        cursor.execute(statement)
    cursor.execute("SELECT CAST(@@VERSION AS nvarchar(4000))")
    server_version = cursor.fetchone()[0]
    conn.close()
    return {"seconds": time.perf_counter() - started, "server_version": server_version}


def run(spec):
    if spec["workload"] == "limit":
        import limit
        return {"status": "ok", **limit.run(spec)}
    adapter, failure = load_adapter(spec["driver"])
    if failure:
        return failure
    import workloads
    try:
        if spec["workload"] == "seed":
            return {"status": "ok", **seed(adapter, spec)}
        context = workloads.Context(adapter, spec)
        result = workloads.WORKLOADS[spec["workload"]](context)
        return {"status": "ok", "driver_version": adapter.version(),
                "login_failures": context.login_failures, **result}
    except workloads.Unsupported as exc:
        return {"status": "unsupported", "reason": str(exc)}
    except workloads.WrongResult as exc:
        return {"status": "wrong_result", "reason": str(exc)}
    except Exception as exc:
        status = "harness_error" if is_harness_bug(exc) else "error"
        return {"status": status, "reason": describe(exc), "traceback": traceback.format_exc()}


def main():
    with open(sys.argv[1]) as source:
        spec = json.load(source)
    result = run(spec)
    with open(sys.argv[2], "w") as sink:
        json.dump(result, sink, default=str)
    if result.get("traceback"):
        print(result["traceback"], file=sys.stderr)
    sys.stderr.flush()
    # Skip interpreter teardown: some drivers' atexit hooks hang or crash on exit,
    # and the result is already written.
    os._exit(0)


if __name__ == "__main__":
    main()
