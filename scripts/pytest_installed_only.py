"""pytest plugin: fails the run unless mssql_python came from the installed wheel.

Loaded by scripts/test-all.sh as `-p pytest_installed_only` (with scripts/ on
PYTHONPATH), so that the suite provably ran against site-packages, never against
python/ in the source tree, and with the library packed in the wheel rather than
one named by $MSSQL_PYTHON_LIBRARY.
"""

import os
import sys
import sysconfig

import pytest


def _installed_from_site_packages():
    module = sys.modules.get("mssql_python")
    if module is None:
        return "mssql_python was never imported by the tests"
    where = os.path.realpath(module.__file__)
    site = os.path.realpath(sysconfig.get_paths()["platlib"])
    if not where.startswith(site + os.sep):
        return f"mssql_python was imported from {where}, not from {site}"
    return None


def pytest_configure(config):
    if os.environ.get("MSSQL_PYTHON_LIBRARY"):
        raise pytest.UsageError("unset MSSQL_PYTHON_LIBRARY: the wheel's own library must be tested")


def pytest_sessionfinish(session, exitstatus):
    problem = _installed_from_site_packages()
    if problem:
        print(f"\npytest_installed_only: {problem}", file=sys.stderr)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
    else:
        print(f"\npytest_installed_only: tested {sys.modules['mssql_python'].__file__}")
