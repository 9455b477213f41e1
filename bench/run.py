"""Benchmarks mssql-python-go beside the other Python SQL Server drivers, in one run.

    bench/run.sh [--quick | --smoke] [--drivers a,b] [--workloads x,y] [--runs N]

Builds from the committed HEAD (or the working tree with --worktree) the test server
and our wheel, starts the server (or uses MSSQL_CONNECTION_STRING), installs every
driver into its own virtual environment under bench/.venvs/, seeds the tables once,
runs each workload of each driver in its own process (median of several runs, wall
and client CPU time), measures the pickle.loads limit, and writes results.json,
results.md and ratios.png to bench/results/<date>/ (or --out), plus
bench/results/latest.md for a full run. See README.md, "Benchmarks".
"""

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from harness import envs, machine, report, runner, server, settings, smoke  # noqa: E402

ROOT = BENCH.parent
CACHE = BENCH / ".venvs"
SEED_ORDER = ("pymssql", "pytds", "ours", "microsoft", "pyodbc_msodbc", "pyodbc_freetds")


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="a tenth of the rows, 3 runs (CI)")
    mode.add_argument("--smoke", action="store_true",
                      help="tiny sizes, 1 run, results in build/bench-smoke; checks the harness end to end "
                           "and exits non-zero on a harness fault")
    parser.add_argument("--drivers", default=",".join(settings.DRIVER_NAMES))
    parser.add_argument("--workloads", default=",".join(settings.WORKLOAD_KEYS))
    parser.add_argument("--runs", type=int, help="timed runs per workload (median reported)")
    parser.add_argument("--wheel", type=Path, help="install this wheel as ours instead of building one")
    parser.add_argument("--python", default=sys.executable, help="interpreter for every venv")
    parser.add_argument("--out", type=Path, help="results directory (default bench/results/<date>)")
    parser.add_argument("--no-apt", action="store_true", help="never apt-get install missing Debian packages")
    parser.add_argument("--worktree", action="store_true",
                        help="build the test server and our wheel from the working tree, not the committed HEAD")
    args = parser.parse_args(argv)
    args.mode = "smoke" if args.smoke else "quick" if args.quick else "full"
    args.drivers = _choose(args.drivers, settings.DRIVER_NAMES, "driver")
    args.workloads = _choose(args.workloads, settings.WORKLOAD_KEYS, "workload")
    return args


def _choose(text, known, what):
    chosen = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in known]
    if unknown:
        raise SystemExit(f"unknown {what}(s) {', '.join(unknown)}; known: {', '.join(known)}")
    return chosen


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def start_server(source, logs):
    """(base spec, server kind, the TestServer or None)."""
    conn_str = os.environ.get("MSSQL_CONNECTION_STRING")
    if conn_str:
        log("using the server in MSSQL_CONNECTION_STRING")
        return server.base_spec(conn_str), "MSSQL_CONNECTION_STRING", None
    log("building and starting the test server (tests_go/cmd/tdsserver)")
    test_server = server.TestServer(source, CACHE / "bin", logs / "tdsserver.log")
    info = test_server.info
    log(f"test server at {info['addr']}")
    return server.base_spec(info["connection_string"], info.get("ca_file")), "test server", test_server


def install_drivers(args, source, logs):
    """{driver name: its venv's python, or an error string}."""
    installed = {}
    for driver in (d for d in settings.DRIVERS if d.name in args.drivers):
        log_path = logs / f"install-{driver.name}.log"
        try:
            requirements = [p for p in driver.packages if p != "@wheel"]
            python = envs.ensure_venv(CACHE / driver.name, requirements, args.python, log_path)
            if "@wheel" in driver.packages:
                wheel = args.wheel or envs.build_wheel(source, CACHE / "wheel", args.python, log_path)
                envs.install_wheel(python, wheel, log_path)
            installed[driver.name] = python
            log(f"{driver.name}: ready")
        except (envs.InstallError, OSError) as exc:
            installed[driver.name] = f"installation failed: {exc}"
            log(f"{driver.name}: NOT installed: {str(exc).splitlines()[0]}")
    return installed


def odbc_pool_env():
    """An odbcinst.ini that turns unixODBC's pooling on (the pooled pyodbc runs)."""
    folder = CACHE / "odbc"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "odbcinst.ini").write_text("[ODBC]\nPooling=Yes\n")
    return {"ODBCSYSINI": str(folder)}


class Bench:
    def __init__(self, args, base, logs):
        self.args, self.base, self.logs = args, base, logs
        self.sizes = settings.SIZES[args.mode]
        self.runs = args.runs or settings.RUNS[args.mode]
        self.timeout = settings.TIMEOUT[args.mode]

    def spec(self, driver, workload, runs=None, warmup=None, flags=()):
        return {"driver": driver, "workload": workload, "sizes": self.sizes,
                "runs": runs or self.runs, "warmup": settings.WARMUP[self.args.mode] if warmup is None else warmup,
                "server": server.driver_spec(self.base, driver), "flags": list(flags)}

    def call(self, python, spec, env=None):
        return runner.run_worker(python, spec, self.timeout, self.logs / f"{spec['driver']}.log", env)

    def seed(self, installed):
        for name in (n for n in SEED_ORDER if not isinstance(installed.get(n), (str, type(None)))):
            result = self.call(installed[name], self.spec(name, "seed"))
            if result["status"] == "ok":
                log(f"seeded the tables through {name} in {result['seconds']:.1f} s")
                return {"driver": name, **result}
            log(f"seeding through {name} failed: {result['reason']}")
        raise SystemExit("no installed driver could seed the tables; see the logs in " + str(self.logs))

    def limit(self):
        result = self.call(self.args.python, self.spec("limit", "limit"))
        if result["status"] != "ok":
            log(f"pickle limit failed: {result.get('reason')}")
        return result

    def workload(self, workload, driver, python):
        runs = min(self.runs, workload.runs_cap) if workload.runs_cap else self.runs
        warmup = None if workload.warmup else 0
        env = odbc_pool_env() if workload.key == "connect_pooled" and driver.odbc_pooling else None
        result = self.call(python, self.spec(driver.name, workload.key, runs, warmup), env)
        flag = driver.fallbacks.get(workload.key)
        if result["status"] in ("crashed", "error", "timeout") and flag:
            first = result
            result = self.call(python, self.spec(driver.name, workload.key, runs, warmup, [flag]), env)
            result["fallback_from"] = f"{first['status']}: {first['reason']}"
        return result


def run_all(bench, installed):
    results = {}
    for workload in (w for w in settings.WORKLOADS if w.key in bench.args.workloads):
        for driver in (d for d in settings.DRIVERS if d.name in bench.args.drivers):
            python = installed.get(driver.name)
            if isinstance(python, str):
                result = {"status": "not_runnable", "reason": python}
            else:
                result = bench.workload(workload, driver, python)
            results.setdefault(workload.key, {})[driver.name] = result
            log(f"{workload.key:15} {driver.name:15} {report.one_line(result)}")
    return results


def output_dir(args, info):
    """--out, else bench/results/<date> (full), <date>-quick, or build/bench-smoke."""
    if args.out:
        return args.out
    if args.mode == "smoke":
        return ROOT / "build" / "bench-smoke"
    return BENCH / "results" / (info["date"] + ("-quick" if args.mode == "quick" else ""))


def main(argv=None):
    args = parse_args(argv)
    started, load_start = time.perf_counter(), os.getloadavg()[0]
    info = machine.describe(ROOT, args.python, args.worktree)
    out = output_dir(args, info)
    logs = out / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    if not args.no_apt:
        log(envs.install_debian_packages(envs.missing_debian_packages(), logs / "apt.log"))
    source = envs.export_source(ROOT, CACHE / "src", args.worktree)
    base, server_kind, test_server = start_server(source, logs)
    try:
        installed = install_drivers(args, source, logs)
        bench = Bench(args, base, logs)
        seeded = bench.seed(installed)
        limit = bench.limit()
        results = run_all(bench, installed)
    finally:
        if test_server:
            test_server.stop()
    document = {"machine": info, "mode": args.mode, "runs": bench.runs, "sizes": bench.sizes,
                "warmup": settings.WARMUP[args.mode], "server": {"kind": server_kind, **seeded},
                "drivers": args.drivers, "workloads": args.workloads, "installed": {
                    k: (v if isinstance(v, str) else "ok") for k, v in installed.items()},
                "limit": limit, "results": results,
                "load": {"start": load_start, "end": os.getloadavg()[0]},
                "seconds": round(time.perf_counter() - started, 1)}
    write_outputs(document, out, args)
    log(f"done in {document['seconds']:.0f} s: {out / 'results.md'}")
    if args.smoke:
        return smoke.check(document, out)
    return 0


def write_outputs(document, out, args):
    (out / "results.json").write_text(json.dumps(document, indent=1, default=str))
    chart_note = report.write_chart(document, out, CACHE, args.python, logs=out / "logs")
    markdown = report.markdown(document, chart="ratios.png" if chart_note is None else None,
                               chart_note=chart_note)
    (out / "results.md").write_text(markdown)
    if args.out is None and args.mode == "full":
        latest = report.markdown(document, chart=f"{out.name}/ratios.png" if chart_note is None else None,
                                 chart_note=chart_note)
        (BENCH / "results" / "latest.md").write_text(latest)


if __name__ == "__main__":
    sys.exit(main())
