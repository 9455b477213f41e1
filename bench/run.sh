#!/usr/bin/env bash
# bench/run.sh: this driver beside every other Python SQL Server driver, in one run.
# Options are bench/run.py's (--quick, --smoke, --drivers, --workloads, --runs, --wheel, --out).
# Needs Go 1.26+ (the test server and our wheel are built from this checkout) and CPython 3.10+
# ($PYTHON, default python3). As root on Debian it apt-get installs the drivers' system
# libraries when missing (tdsodbc unixodbc libltdl7 libkrb5-3 libgssapi-krb5-2); --no-apt not to.
set -euo pipefail
exec "${PYTHON:-python3}" "$(dirname "${BASH_SOURCE[0]}")/run.py" "$@"
