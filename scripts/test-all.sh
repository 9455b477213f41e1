#!/usr/bin/env bash
# scripts/test-all.sh: every test, from a clean clone, as CI runs it.
#
# Needs Go 1.26+, CPython 3.10+ (python3, or $PYTHON), gcc, binutils, and
# x86_64-w64-mingw32-gcc (Debian: gcc-mingw-w64-x86-64). Installs its Python tools
# (build, auditwheel, ziglang, pytest) into virtual environments under build/.
# Tests run against the bundled test server, or against $MSSQL_CONNECTION_STRING.
# Exits non-zero, naming the step, at the first failure.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$ROOT"

[ "$(uname -s)" = Linux ] || { echo "test-all.sh runs on Linux (x86_64 or aarch64); .github/workflows/wheels.yml has the macOS and Windows steps" >&2; exit 1; }
case "$(uname -m)" in
    x86_64) NATIVE=amd64 ARCH=x86_64 OTHER=arm64 OTHER_ARCH=aarch64 ;;
    aarch64|arm64) NATIVE=arm64 ARCH=aarch64 OTHER=amd64 OTHER_ARCH=x86_64 ;;
    *) echo "test-all.sh: unsupported machine $(uname -m)" >&2; exit 1 ;;
esac
TOOLS="$ROOT/build/venv-tools"
TESTENV="$ROOT/build/venv-test"
HEADER="$ROOT/include/mssql_python.h"
LINUX_LIB="$ROOT/build/manylinux2014-$NATIVE/libmssql_python.so"

tools() {
    fresh_venv "$TOOLS"
    "$TOOLS/bin/pip" install -q build auditwheel ziglang
}

gofmt_vet() {
    local unformatted
    unformatted="$(gofmt -l .)"
    [ -z "$unformatted" ] || { echo "not gofmt-formatted:"; echo "$unformatted"; return 1; }
    go vet ./...
}

# build_wheel LIBRARY TAG: packs a prebuilt library into dist/; its tag must be TAG.
build_wheel() {
    rm -rf dist/mssql_python_go-*-py3-none-"$2".whl build/lib build/bdist.*
    MSSQL_PYTHON_PREBUILT_LIBRARY="$1" "$TOOLS/bin/python" -m build --wheel --outdir dist . >"build/wheel-$2.log" 2>&1 ||
        { tail -n 30 "build/wheel-$2.log"; return 1; }
    ls dist/mssql_python_go-*-py3-none-"$2".whl
}

# auditwheel_2014 ARCH: auditwheel must find the wheel manylinux_2_17 or older.
auditwheel_2014() {
    local wheel out minor
    wheel="$(ls dist/mssql_python_go-*-py3-none-manylinux2014_"$1".whl)"
    out="$("$TOOLS/bin/auditwheel" show "$wheel" 2>&1)"; echo "$out"
    minor="$(grep -o "\"manylinux_2_[0-9]*_$1\"" <<<"$out" | head -n 1 | cut -d_ -f3 || true)"
    [ -n "$minor" ] && [ "$minor" -le 17 ] || { echo "auditwheel does not accept $wheel as manylinux2014"; return 1; }
}

install_wheel() {
    fresh_venv "$TESTENV"
    "$TESTENV/bin/pip" install -q dist/mssql_python_go-*-py3-none-manylinux2014_"$ARCH".whl pytest
    # A user's machine has no Go: import and load the engine with an empty
    # environment (no PATH, so no go, gcc or MSSQL_PYTHON_LIBRARY).
    mkdir -p build/outside && (cd build/outside && env -i HOME="$HOME" "$TESTENV/bin/python" -c \
        'import mssql_python, mssql_python._ffi as f; f.lib(); print("loaded", f.library_path())')
}

# other_pythons: the CPython 3.10+ interpreters of this machine besides $PYTHON.
other_pythons() {
    local seen mine py
    mine="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
    for py in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[0-9]*/bin/python3 \
              $(command -v python3.10 python3.11 python3.12 python3.13 python3.14 2>/dev/null); do
        [ -x "$py" ] || continue
        seen="$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)" || continue
        if [ "$seen" != "$mine" ]; then echo "$seen $py"; fi
    done | sort -u -k1,1 | cut -d' ' -f2
}

# The one py3-none wheel installs and runs a query on every other CPython here.
wheel_every_python() {
    local py found=0
    for py in $(other_pythons); do
        found=1
        rm -rf build/venv-py && "$py" -m venv build/venv-py
        build/venv-py/bin/pip install -q dist/mssql_python_go-*-py3-none-manylinux2014_"$ARCH".whl
        (cd build/outside && MSSQL_CONNECTION_STRING="$1" ../venv-py/bin/python -c '
import os, sys, mssql_python
conn = mssql_python.connect(os.environ["MSSQL_CONNECTION_STRING"])
cur = conn.cursor(); cur.execute("SELECT ? + 1", 41)
print(sys.version.split()[0], "->", cur.fetchone()[0]); conn.close()')
    done
    [ "$found" = 1 ] || { echo "no CPython 3.10+ besides $PYTHON found on this machine"; return 1; }
}

every_python() {
    local connstr="${MSSQL_CONNECTION_STRING:-}"
    if [ -z "$connstr" ]; then start_tdsserver; connstr="$TDS_CONNSTR"; fi
    wheel_every_python "$connstr"
}

pytest_installed() {
    [ -n "$(ls tests_py/test_*.py 2>/dev/null)" ] || { echo "tests_py/ has no tests"; return 1; }
    (cd build/outside && env -u MSSQL_PYTHON_LIBRARY PYTHONPATH="$ROOT/scripts" \
        "$TESTENV/bin/python" -m pytest -p pytest_installed_only -q "$ROOT/tests_py")
}

c_example() {
    [ -f include/example.c ] || { echo "include/example.c is not in this checkout"; return 1; }
    local dir; dir="$(dirname "$LINUX_LIB")"
    gcc -std=c11 -Wall -Wextra -Werror -o build/example include/example.c \
        -I"$dir" -L"$dir" -lmssql_python -Wl,-rpath,"$dir"
    local connstr="${MSSQL_CONNECTION_STRING:-}"
    if [ -z "$connstr" ]; then start_tdsserver; connstr="$TDS_CONNSTR"; fi
    MSSQL_CONNECTION_STRING="$connstr" ./build/example "$connstr"
    stop_tdsserver
}

sdist_builds() {
    rm -rf build/sdist-check
    "$TOOLS/bin/python" -m build --outdir build/sdist-check . >build/sdist.log 2>&1 || { tail -n 30 build/sdist.log; return 1; }
    ls build/sdist-check
}

fidelity() {  # its clients and their venv go under build/, rebuilt on a fresh clone
    if [ -e tests_go/fidelity/run.sh ]; then FIDELITY_OUT="$ROOT/build/fidelity" bash tests_go/fidelity/run.sh
    else echo "tests_go/fidelity/run.sh is not in this checkout: nothing to run"; fi
}

step "python tools" tools
step "gofmt + go vet" gofmt_vet
step "go test ./..." go test -count=1 -timeout 15m ./...
step "build manylinux2014 $ARCH (zig)" env PYTHON="$TOOLS/bin/python" ./build.sh manylinux2014-$NATIVE
step "linux exports = header" "$TOOLS/bin/python" scripts/check_exports.py "$HEADER" "$LINUX_LIB"
step "wheel $ARCH" build_wheel "$LINUX_LIB" manylinux2014_$ARCH
step "auditwheel show $ARCH" auditwheel_2014 $ARCH
step "install wheel into fresh venv" install_wheel
step "pytest tests_py (installed wheel)" pytest_installed
step "wheel on every other CPython 3.10+" every_python
step "C example" c_example
step "build windows x86_64 (mingw)" ./build.sh windows-amd64
step "windows exports = header" "$TOOLS/bin/python" scripts/check_exports.py "$HEADER" build/windows-amd64/mssql_python.dll
step "build manylinux2014 $OTHER_ARCH (zig)" env PYTHON="$TOOLS/bin/python" ./build.sh manylinux2014-$OTHER
step "wheel $OTHER_ARCH" build_wheel "$ROOT/build/manylinux2014-$OTHER/libmssql_python.so" manylinux2014_$OTHER_ARCH
step "auditwheel show $OTHER_ARCH" auditwheel_2014 $OTHER_ARCH
step "build darwin arm64 (zig + stubs, cross)" env PYTHON="$TOOLS/bin/python" ./build.sh darwin-arm64-zig
step "darwin exports = header" "$TOOLS/bin/python" scripts/check_exports.py "$HEADER" build/darwin-arm64-zig/libmssql_python.dylib
step "wheel macOS arm64 (tested on a Mac by the workflow)" build_wheel "$ROOT/build/darwin-arm64-zig/libmssql_python.dylib" macosx_12_0_arm64
step "sdist builds a wheel" sdist_builds
step "test server fidelity" fidelity
step "README quick start" scripts/quickstart.sh
echo "test-all: every step passed"
step_summary
