"""The Markdown report and the chart's data: medians, ratios to our driver, reasons.

A ratio is the other driver's figure divided by ours (time, CPU or peak RSS): above
1 means ours takes less, below 1 means ours takes more. Every cell that has no number
says why, and the exact error is listed under the table.
"""

import json
import subprocess
from pathlib import Path

from . import settings
from .settings import OURS

LABELS = {d.name: d.label for d in settings.DRIVERS}
PLURALS = {"row": "rows", "query": "queries", "connection": "connections"}
LIMIT_LABELS = {"fetch_mixed": "pickle.loads limit", "fetch_mixed_uuid_str": "limit, UUID as str",
                "fetch_ints": "pickle.loads limit"}
CHART = Path(__file__).resolve().parent / "chart.py"
LIMIT_NOTE = "CPython building the same objects from one pickle buffer"


def one_line(result):
    """A progress line for the console."""
    if result["status"] != "ok":
        return f"{result['status']}: {result.get('reason', '')}".splitlines()[0][:160]
    med = median(result)
    extra = result.get("extra", {})
    memory = f", peak RSS {extra['peak_rss_mib']} MiB" if "peak_rss_mib" in extra else ""
    return f"wall {fmt_s(med['wall'])}, CPU {fmt_s(med['cpu'])}{memory}"


def median(result):
    samples = sorted(result["samples"], key=lambda s: s["wall"])
    cpus = sorted(s["cpu"] for s in result["samples"])
    middle = len(samples) // 2
    if len(samples) % 2:
        return {"wall": samples[middle]["wall"], "cpu": cpus[middle]}
    return {"wall": (samples[middle - 1]["wall"] + samples[middle]["wall"]) / 2,
            "cpu": (cpus[middle - 1] + cpus[middle]) / 2}


def fmt_s(seconds):
    if seconds is None:
        return "—"
    if seconds < 1e-6:
        return f"{seconds * 1e9:.0f} ns"
    if seconds < 1e-5:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms" if seconds < 0.1 else f"{seconds * 1e3:.0f} ms"
    return f"{seconds:.2f} s"


def cell(text):
    """Text safe inside a Markdown table cell (one line, no column separator)."""
    return " ".join(str(text).split()).replace("|", "\\|")


def fmt_ratio(ratio):
    return "—" if ratio is None else f"{ratio:.2f}x"


def figure(workload_key, result):
    """The figure compared across drivers: wall seconds, or peak RSS for memory."""
    if result is None or result["status"] != "ok":
        return None
    if workload_key == "memory":
        return result["extra"]["peak_rss_mib"]
    return median(result)["wall"]


def ratio(value, ours):
    return value / ours if value is not None and ours else None


class Footnotes:
    """Numbered reasons, each exact error text listed once."""

    def __init__(self):
        self.items = []

    def mark(self, text):
        if text not in self.items:
            self.items.append(text)
        return f"[{self.items.index(text) + 1}]"

    def lines(self):
        return [f"{index}. {text}" for index, text in enumerate(self.items, 1)]


def _reason(driver, result):
    reason = " ".join(str(result.get("reason", "")).split())
    return f"{LABELS.get(driver, driver)}: {result['status'].replace('_', ' ')}: {reason}"


def _status_cell(driver, result, notes):
    short = {"unsupported": "n/a", "not_runnable": "not runnable"}.get(result["status"], result["status"])
    return f"{short.replace('_', ' ')} {notes.mark(_reason(driver, result))}"


def _value_cell(key, value):
    return f"{value:.0f} MiB" if key == "memory" else fmt_s(value)


def summary_table(document, notes):
    drivers = document["drivers"]
    header = ["workload", *[LABELS[d] for d in drivers], "pickle.loads limit"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for workload in (w for w in settings.WORKLOADS if w.key in document["workloads"]):
        row = document["results"].get(workload.key, {})
        ours = figure(workload.key, row.get(OURS))
        cells = [f"{workload.number}. {settings.workload_title(workload, document['sizes'])}"]
        for driver in drivers:
            result = row.get(driver)
            value = figure(workload.key, result)
            if value is None:
                cells.append(_status_cell(driver, result, notes) if result else "—")
            elif driver == OURS or ours is None:
                cells.append(f"**{_value_cell(workload.key, value)}**" if driver == OURS
                             else _value_cell(workload.key, value))
            else:
                cells.append(f"{_value_cell(workload.key, value)} ({fmt_ratio(ratio(value, ours))})")
        cells.append(_limit_cell(document, workload.key, ours))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def limit_values(document, workload_key):
    """[(label, median seconds)] of the pickle limit for a workload."""
    cases = document.get("limit", {}).get("cases", {})
    values = []
    for case in settings.LIMIT_CASES.get(workload_key, ()):
        if case in cases:
            values.append((LIMIT_LABELS[case], median(cases[case])["wall"]))
    return values


def _limit_cell(document, workload_key, ours):
    values = limit_values(document, workload_key)
    if not values:
        return ""
    return "; ".join(f"{fmt_s(v)}" + (f" ({fmt_ratio(ratio(v, ours))})" if ours else "")
                     + (" UUID as str" if "str" in label else "") for label, v in values)


def detail_table(document, workload, notes):
    row = document["results"].get(workload.key, {})
    ours = row.get(OURS)
    ours_ok = ours is not None and ours["status"] == "ok"
    per = workload.unit
    lines = [f"### {workload.number}. {settings.workload_title(workload, document['sizes'])}", "",
             f"| driver | wall | client CPU | wall per {per} | {PLURALS[per]}/s | wall vs ours | CPU vs ours "
             "| how, notes |",
             "|---|---|---|---|---|---|---|---|"]
    for driver in document["drivers"]:
        result = row.get(driver)
        if result is None:
            continue
        if result["status"] != "ok":
            lines.append(f"| {LABELS[driver]} | — | — | — | — | — | — | {_status_cell(driver, result, notes)} |")
            continue
        med = median(result)
        base = median(ours) if ours_ok else None
        items = result["items"]
        cells = [LABELS[driver], fmt_s(med["wall"]), fmt_s(med["cpu"]), fmt_s(med["wall"] / items),
                 f"{items / med['wall']:,.0f}", fmt_ratio(ratio(med["wall"], base and base["wall"])),
                 fmt_ratio(ratio(med["cpu"], base and base["cpu"])), _notes(document, workload, driver, result, notes)]
        lines.append("| " + " | ".join(cells) + " |")
    for label, value in limit_values(document, workload.key):
        base = median(ours)["wall"] if ours_ok else None
        items = document["sizes"][workload.size_key]
        lines.append(f"| {label} | {fmt_s(value)} | {fmt_s(value)} | {fmt_s(value / items)} | "
                     f"{items / value:,.0f} | {fmt_ratio(ratio(value, base))} | | {LIMIT_NOTE} |")
    return lines + [""]


def _notes(document, workload, driver, result, notes):
    extra, parts = result.get("extra", {}), [result.get("method", "")]
    if result.get("fallback_from"):
        parts.append("fast way failed, ordinary executemany timed "
                     + notes.mark(f"{LABELS[driver]}: {result['fallback_from']}"))
    if "types" in extra and "UUID" not in extra["types"] and workload.key == "fetch_mixed":
        parts.append("uniqueidentifier as " + extra["types"][8])
    if extra.get("first_row_matches") is False:
        parts.append("**first row differs from the table's values**")
    if "session_reuse" in extra:
        parts.append(f"session reused {extra['session_reuse']:.0%} of connects")
        if workload.key == "connect_pooled" and not extra["session_reuse"]:
            parts.append("**no session was reused: not a pooled figure**")
        parts.append(_pool_ratio(document, driver, result, workload))
    if "throughput_scaling" in extra:
        parts.append(f"1 thread: {fmt_s(extra['one_thread_wall'])}; "
                     f"throughput {extra['throughput_scaling']}x one thread's")
    if "peak_rss_mib" in extra:
        parts.append(f"peak RSS {extra['peak_rss_mib']} MiB (before the query {extra['rss_before_mib']} MiB)")
    if result.get("login_failures"):
        failures = result["login_failures"]
        untimed = ", not timed" if workload.key.startswith("connect") else ""
        parts.append(f"{len(failures)} failed login(s), retried{untimed} "
                     + notes.mark(f"{LABELS[driver]}: {failures[0]}"))
    return cell("; ".join(p for p in parts if p))


def _pool_ratio(document, driver, result, workload):
    if workload.key != "connect_pooled":
        return ""
    new = document["results"].get("connect_new", {}).get(driver)
    if not new or new["status"] != "ok":
        return ""
    return f"new login / pooled = {median(new)['wall'] / median(result)['wall']:.1f}x"


def memory_table(document, notes):
    row = document["results"].get("memory", {})
    ours = figure("memory", row.get(OURS))
    workload = next(w for w in settings.WORKLOADS if w.key == "memory")
    title = settings.workload_title(workload, document["sizes"])
    lines = [f"### {workload.number}. {title} (a fresh process per driver)", "",
             "| driver | peak RSS | RSS before the query | growth | wall | client CPU | peak vs ours | notes |",
             "|---|---|---|---|---|---|---|---|"]
    for driver in document["drivers"]:
        result = row.get(driver)
        if result is None:
            continue
        if result["status"] != "ok":
            lines.append(f"| {LABELS[driver]} | — | — | — | — | — | — | {_status_cell(driver, result, notes)} |")
            continue
        extra, med = result["extra"], median(result)
        lines.append(f"| {LABELS[driver]} | {extra['peak_rss_mib']:.0f} MiB | {extra['rss_before_mib']:.0f} MiB | "
                     f"{extra['peak_rss_mib'] - extra['rss_before_mib']:.0f} MiB | {fmt_s(med['wall'])} | "
                     f"{fmt_s(med['cpu'])} | {fmt_ratio(ratio(extra['peak_rss_mib'], ours))} | {result['method']} |")
    return lines + [""]


def header(document):
    m, server = document["machine"], document["server"]
    version_lines = [line.strip() for line in server.get("server_version", "").splitlines() if line.strip()]
    version = "; ".join(version_lines[:1] + version_lines[-1:]) if version_lines else "version unknown"
    return [
        "# Benchmarks: mssql-python-go beside the other Python SQL Server drivers", "",
        f"Run on {m['date']} at {m['time']} by `bench/run.sh`"
        + {"full": "", "quick": " --quick", "smoke": " --smoke"}[document["mode"]]
        + f" ({document['mode']} mode: median of {document['runs']} timed runs after {document['warmup']} warm-up;"
        f" the whole run took {document['seconds'] / 60:.1f} min).", "",
        f"- Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}; {m['python']}.",
        f"- Server: {server['kind']} ({version})."
        + (" It runs on the same machine and shares its CPU with the client."
           if server["kind"] == "test server" else ""),
        f"- Checkout: {m['checkout']}. Tables seeded once on the server through {server['driver']}.",
        _load_line(document),
        "- Wall time is what a user waits; client CPU is user+sys time of the driver's process (all its threads).",
        "- Ratios are the other driver's figure divided by ours: above 1.00x ours is faster (or smaller).",
        "- The pickle.loads limit (workloads 1 and 2) is CPython building the same tuples of the same types "
        "from one pickle buffer. pickle rebuilds each uuid.UUID through UUID.__setstate__, a Python call, "
        "so with UUID objects it is not a floor a driver cannot pass; \"UUID as str\" is the floor for "
        "building the other values.", ""]


def _load_line(document):
    load = document.get("load") or {}
    if not load:
        return "- Load average: not recorded."
    return (f"- Load average (1 min) at the start {load['start']:.1f}, at the end {load['end']:.1f}"
            " (anything above 0 besides this run is other work on the machine, which the figures include).")


def drivers_table(document):
    lines = ["## Drivers", "", "| driver | version | connection | installed |", "|---|---|---|---|"]
    for driver in (d for d in settings.DRIVERS if d.name in document["drivers"]):
        versions = {r[driver.name].get("driver_version") for r in document["results"].values()
                    if driver.name in r and r[driver.name]["status"] == "ok"}
        installed = document["installed"].get(driver.name, "—")
        installed = "yes" if installed == "ok" else cell(installed)[:300]
        lines.append(f"| {driver.label} | {', '.join(sorted(v for v in versions if v)) or '—'} | "
                     f"{driver.connection} | {installed} |")
    return lines + [""]


def markdown(document, chart=None, chart_note=None):
    notes = Footnotes()
    lines = header(document) + drivers_table(document)
    lines += ["## Summary", "",
              "Median wall time (peak RSS for the memory row), and in brackets the ratio to ours.", ""]
    lines += summary_table(document, notes) + [""]
    lines += [f"![wall time relative to mssql-python-go]({chart})" if chart else f"(No chart: {chart_note})", ""]
    lines += ["## Details", ""]
    for workload in (w for w in settings.WORKLOADS if w.key in document["workloads"]):
        lines += memory_table(document, notes) if workload.key == "memory" else detail_table(document, workload, notes)
    if notes.items:
        lines += ["## Why some cells have no figure, and other remarks", ""] + notes.lines() + [""]
    return "\n".join(lines)


def chart_data(document):
    """Per workload, each driver's ratio to ours (the figure compared), for chart.py."""
    rows = []
    for workload in (w for w in settings.WORKLOADS if w.key in document["workloads"]):
        results = document["results"].get(workload.key, {})
        ours = figure(workload.key, results.get(OURS))
        bars = [{"driver": LABELS[d], "ratio": ratio(figure(workload.key, results.get(d)), ours)}
                for d in document["drivers"] if d != OURS]
        bars += [{"driver": label, "ratio": ratio(value, ours)}
                 for label, value in limit_values(document, workload.key)]
        rows.append({"label": f"{workload.number}. {settings.workload_title(workload, document['sizes'])}",
                     "ours": ours is not None, "bars": bars})
    m = document["machine"]
    order = [LABELS[d] for d in document["drivers"] if d != OURS] + list(dict.fromkeys(LIMIT_LABELS.values()))
    return {"order": order, "title": f"Time (peak RSS for M) relative to mssql-python-go: above 1 = ours faster\n"
                     f"{m['date']}, {m['cpu']} x{m['cores']}, {m['python']}, {document['server']['kind']}, "
                     f"{document['mode']} mode", "rows": rows}


def write_chart(document, out, cache, python, logs):
    """ratios.png through chart.py in the harness's own venv; None, or why there is no chart."""
    from . import envs
    try:
        harness = envs.ensure_venv(cache / "harness", ["matplotlib"], python, logs / "install-harness.log")
    except (envs.InstallError, OSError) as exc:
        return f"matplotlib could not be installed: {str(exc).splitlines()[0]}"
    data_path = out / "chart-data.json"
    data_path.write_text(json.dumps(chart_data(document)))
    done = subprocess.run([str(harness), str(CHART), str(data_path), str(out / "ratios.png")],
                          capture_output=True, text=True)
    data_path.unlink()
    if done.returncode != 0:
        return "chart.py failed: " + (done.stderr.strip().splitlines() or ["?"])[-1]
    return None
