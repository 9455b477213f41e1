"""Helpers shared by the tests (not fixtures)."""

import os
import subprocess
import sys


def run_python(code: str, timeout: float = 60, env_extra=None) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter that imports the same mssql_python as the tests."""
    env = dict(os.environ, **(env_extra or {}))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=timeout, env=env)
