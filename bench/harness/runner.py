"""Runs bench/worker/worker.py in a driver's venv, one process per workload.

A crash (a signal), a hang (the timeout) or a missing result is turned into a result
with the reason, so that one driver's failure never stops the run.
"""

import json
import os
import signal
import subprocess
import tempfile
from pathlib import Path

WORKER = Path(__file__).resolve().parent.parent / "worker" / "worker.py"
# Variables that would make a worker import something other than its venv's driver.
SCRUBBED = ("PYTHONPATH", "PYTHONHOME", "MSSQL_PYTHON_LIBRARY", "PYTHONSTARTUP")


def worker_env(extra=None):
    env = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    env.update(extra or {})
    return env


def run_worker(python, spec, timeout, log_path: Path, env=None):
    """The worker's result dict for ``spec`` (see worker.py for its statuses)."""
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        spec_path, result_path = Path(tmp) / "spec.json", Path(tmp) / "result.json"
        spec_path.write_text(json.dumps(spec))
        with open(log_path, "a") as log:
            log.write(f"\n=== {spec['driver']} {spec['workload']}\n")
            log.flush()
            start = log.tell()
            code = _run(python, spec_path, result_path, timeout, log, env)
        if code == "timeout":
            return {"status": "timeout", "reason": f"no result after {timeout} s (killed)"}
        if result_path.exists() and result_path.stat().st_size:
            return json.loads(result_path.read_text())
        return {"status": "crashed", "reason": _exit_reason(code) + _log_tail(log_path, start)}


def _run(python, spec_path, result_path, timeout, log, env):
    proc = subprocess.Popen([str(python), str(WORKER), str(spec_path), str(result_path)],
                            stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                            cwd=spec_path.parent, env=worker_env(env), start_new_session=True)
    try:
        return proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        return "timeout"


def _exit_reason(code):
    if isinstance(code, int) and code < 0:
        try:
            return f"the process died of {signal.Signals(-code).name}"
        except ValueError:
            return f"the process died of signal {-code}"
    return f"the process exited with status {code} and no result"


def _log_tail(log_path, start):
    with open(log_path, errors="replace") as log:
        log.seek(start)
        lines = [line for line in log.read().splitlines() if line.strip()]
    return ("; last output: " + " | ".join(lines[-3:])) if lines else ""
