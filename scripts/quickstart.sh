#!/usr/bin/env bash
# scripts/quickstart.sh: see the driver work, from a clean clone.
#
# Builds the wheel (go build of the engine, via `pip wheel .`), installs it into a
# fresh virtual environment (build/venv-quickstart), starts the bundled SQL
# Server-compatible test server on 127.0.0.1, runs examples/quickstart.py against
# it, and stops the server. With $MSSQL_CONNECTION_STRING set, the example runs
# against that server instead and no test server is started.
#
# Needs Go 1.26+, a C compiler (cgo) and CPython 3.10+ (python3, or $PYTHON).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

VENV="$ROOT/build/venv-quickstart"
WHEELS="$ROOT/build/quickstart-dist"

build_wheel() {
    rm -rf "$WHEELS"
    fresh_venv "$VENV"
    "$VENV/bin/pip" wheel -q --no-deps -w "$WHEELS" . >"$ROOT/build/quickstart-wheel.log" 2>&1 ||
        { tail -n 30 "$ROOT/build/quickstart-wheel.log"; return 1; }
    ls "$WHEELS"
}

install_wheel() {
    "$VENV/bin/pip" install -q "$WHEELS"/mssql_python_go-*.whl
}

run_example() {
    local connstr="${MSSQL_CONNECTION_STRING:-}"
    if [ -z "$connstr" ]; then
        start_tdsserver "$ROOT/build/quickstart-server"
        connstr="$TDS_CONNSTR"
    else
        echo "using the server in MSSQL_CONNECTION_STRING"
    fi
    mkdir -p "$ROOT/build/outside"
    # Run outside the checkout, so that the installed package is the one imported.
    (cd "$ROOT/build/outside" && env -u MSSQL_PYTHON_LIBRARY MSSQL_CONNECTION_STRING="$connstr" \
        "$VENV/bin/python" "$ROOT/examples/quickstart.py")
    stop_tdsserver
}

step "build the wheel" build_wheel
step "install it into a fresh venv" install_wheel
step "run examples/quickstart.py" run_example
step_summary
