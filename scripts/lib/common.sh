# Shared by scripts/test-all.sh, scripts/quickstart.sh and .ci/run (sourced, not run).
#
# step NAME CMD...   runs CMD in a subshell with `set -e`, prints its wall time; on
#                    failure prints the step's name and exits non-zero.
#                    step_summary prints every step's time.
# start_tdsserver    builds and starts the bundled test server on loopback;
#                    sets TDS_CONNSTR, TDS_PID. stop_tdsserver stops it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PYTHON="${PYTHON:-python3}"
STEP_TIMES=()
STEPS_PASSED=0
STEPS_FAILED=0
RUN_START=$SECONDS

step() {
    local name="$1" start=$SECONDS rc=0
    shift
    echo
    echo "==> [$name] $*"
    # A subshell outside any `||`, so that `set -e` holds inside the step's
    # functions; a test server it started is stopped whatever happens.
    set +e
    (set -e; trap stop_tdsserver EXIT; "$@")
    rc=$?
    set -e
    STEP_TIMES+=("$(printf '%5ds  %s' $((SECONDS - start)) "$name")")
    if [ "$rc" -ne 0 ]; then
        STEPS_FAILED=$((STEPS_FAILED + 1))
        step_summary
        echo "FAILED at step [$name] (exit $rc)" >&2
        exit "$rc"
    fi
    STEPS_PASSED=$((STEPS_PASSED + 1))
    echo "<== [$name] ok in $((SECONDS - start))s"
}

step_summary() {
    echo
    echo "---- step times ----"
    printf '%s\n' "${STEP_TIMES[@]}"
    printf '%5ds  total\n' $((SECONDS - RUN_START))
    echo "steps: $STEPS_PASSED passed, $STEPS_FAILED failed"
}

# fresh_venv DIR: a new virtual environment (any old one at DIR is removed).
fresh_venv() {
    rm -rf "$1"
    "$PYTHON" -m venv "$1"
    "$1/bin/python" -m pip install -q --upgrade pip
}

venv_python() {  # the interpreter of a venv, on POSIX or Windows layouts
    if [ -x "$1/bin/python" ]; then echo "$1/bin/python"; else echo "$1/Scripts/python.exe"; fi
}

# start_tdsserver [LOGDIR]: builds tests_go/cmd/tdsserver and starts it on
# 127.0.0.1:0; waits for its one JSON line; exports TDS_CONNSTR and TDS_PID.
start_tdsserver() {
    local dir="${1:-$ROOT/build/tdsserver-run}" bin="$ROOT/build/bin/tdsserver"
    [ -d "$ROOT/tests_go/cmd/tdsserver" ] && ls "$ROOT"/tests_go/cmd/tdsserver/*.go >/dev/null 2>&1 ||
        { echo "the test server (tests_go/cmd/tdsserver) is not in this checkout" >&2; return 1; }
    mkdir -p "$dir" "$ROOT/build/bin"
    (cd "$ROOT" && go build -o "$bin" ./tests_go/cmd/tdsserver) || return 1
    "$bin" -listen 127.0.0.1:0 >"$dir/server.json" 2>"$dir/server.log" &
    TDS_PID=$!
    local waited=0
    until [ -s "$dir/server.json" ] && grep -q '}' "$dir/server.json"; do
        if ! kill -0 "$TDS_PID" 2>/dev/null || [ $waited -ge 600 ]; then
            echo "the test server did not start; its log:" >&2
            tail -n 30 "$dir/server.log" >&2
            stop_tdsserver
            return 1
        fi
        sleep 0.1; waited=$((waited + 1))
    done
    TDS_CONNSTR="$("$PYTHON" -c 'import json,sys; print(json.loads(sys.stdin.readline())["connection_string"])' <"$dir/server.json")"
    export TDS_CONNSTR TDS_PID
    echo "test server pid $TDS_PID listening on $("$PYTHON" -c 'import json,sys; print(json.loads(sys.stdin.readline())["addr"])' <"$dir/server.json")"
}

stop_tdsserver() {
    if [ -n "${TDS_PID:-}" ] && kill -0 "$TDS_PID" 2>/dev/null; then
        kill -TERM "$TDS_PID"
        wait "$TDS_PID" 2>/dev/null || true
    fi
    TDS_PID=""
}
