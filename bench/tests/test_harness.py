"""Unit tests of the harness's own logic (no server, no driver needed).

    python -m pytest -q bench/tests

The end-to-end check is ``bench/run.sh --smoke``.
"""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "worker"))

from harness import report, server, settings  # noqa: E402
from adapters import common  # noqa: E402
import data  # noqa: E402
import measure  # noqa: E402


def test_parse_odbc_reads_braces_escapes_and_case():
    pairs = server.parse_odbc("Server=tcp:h,1;PWD={a;b}}c};uid=sa ; Encrypt = yes")
    assert pairs == {"server": "tcp:h,1", "pwd": "a;b}c", "uid": "sa", "encrypt": "yes"}


def test_parse_odbc_rejects_an_unterminated_brace():
    with pytest.raises(ValueError, match="unterminated"):
        server.parse_odbc("PWD={abc")


@pytest.mark.parametrize("text, expected", [
    ("tcp:127.0.0.1,5000", ("127.0.0.1", 5000)), ("db.example,1444", ("db.example", 1444)),
    ("host\\inst", ("host", 1433)), ("host", ("host", 1433)),
])
def test_host_and_port_from_the_server_keyword(text, expected):
    spec = server.base_spec(f"Server={text};UID=u;PWD=p")
    assert (spec["host"], spec["port"]) == expected


def test_base_spec_takes_the_certificate_and_defaults_the_database():
    spec = server.base_spec("Server=tcp:h,1;UID=sa;PWD=x;ServerCertificate=/c.pem")
    assert (spec["database"], spec["user"], spec["password"], spec["ca_file"]) == ("master", "sa", "x", "/c.pem")
    assert spec["trust_server_certificate"] is False


def test_override_is_json_for_keyword_drivers_and_a_string_for_odbc_ones():
    env = {"BENCH_PYTDS_CONNECT": '{"dsn": "h", "port": 1}', "BENCH_OURS_CONNECT": "Server=x"}
    base = server.base_spec("Server=h;UID=u;PWD=p")
    assert server.driver_spec(base, "pytds", env)["override"] == {"dsn": "h", "port": 1}
    assert server.driver_spec(base, "ours", env)["override"] == "Server=x"
    assert "override" not in server.driver_spec(base, "pymssql", env)


def test_odbc_string_braces_values_that_need_it():
    text = common.odbc_string([("Driver", "/a b/lib.so"), ("PWD", "x;y}"), ("UID", "sa")])
    assert text == "Driver=/a b/lib.so;PWD={x;y}}};UID=sa"
    assert server.parse_odbc(text)["pwd"] == "x;y}"


def test_microsoft_style_trusts_a_certificate_file_server():
    spec = server.base_spec("Server=tcp:h,9;UID=sa;PWD=p;ServerCertificate=/c.pem")
    pairs = server.parse_odbc(common.microsoft_style(spec, driver="/lib.so"))
    assert pairs["trustservercertificate"] == "yes" and pairs["driver"] == "/lib.so"
    assert pairs["server"] == "tcp:h,9" and "servercertificate" not in pairs


def test_median_takes_wall_and_cpu_each_in_its_own_order():
    result = {"samples": [{"wall": 3, "cpu": 1}, {"wall": 1, "cpu": 9}, {"wall": 2, "cpu": 5}]}
    assert report.median(result) == {"wall": 2, "cpu": 5}
    result["samples"].append({"wall": 4, "cpu": 7})
    assert report.median(result) == {"wall": 2.5, "cpu": 6}


def test_ratio_is_theirs_over_ours_and_none_without_a_figure():
    assert report.ratio(3.0, 1.5) == 2.0
    assert report.ratio(None, 1.0) is None and report.ratio(1.0, None) is None


def test_footnotes_number_each_reason_once():
    notes = report.Footnotes()
    assert notes.mark("a") == "[1]" and notes.mark("b") == "[2]" and notes.mark("a") == "[1]"
    assert notes.lines() == ["1. a", "2. b"]


@pytest.mark.parametrize("seconds, text", [(3.1e-7, "310 ns"), (2.5e-6, "2.5 µs"),
                                           (0.0000123, "12 µs"), (0.0123, "12.3 ms"),
                                           (0.456, "456 ms"), (2.5, "2.50 s")])
def test_durations_are_readable(seconds, text):
    assert report.fmt_s(seconds) == text


def test_limit_rows_have_the_tables_types():
    row = data.mixed_row(10)
    assert [type(v).__name__ for v in row] == ["int", "int", "float", "Decimal", "str", "str",
                                               "datetime", "bool", "UUID", "NoneType"]
    assert data.mixed_row(3, uuid_as_str=True)[8] == str(data.mixed_row(3)[8]).upper()
    assert str(data.mixed_row(1)[3]) == "0.0625"


def test_repeat_times_only_the_action_and_keeps_the_timed_runs():
    calls = []
    samples = measure.repeat(lambda: calls.append("run"), runs=3, warmup=2,
                             prepare=lambda: calls.append("prepare"), check=lambda _: calls.append("check"))
    assert len(samples) == 3 and calls.count("run") == 5 and calls.count("prepare") == 5
    assert all(s["wall"] >= 0 and s["cpu"] >= 0 for s in samples)


def test_every_workload_has_a_worker_function_and_sizes_in_every_mode():
    import workloads
    assert set(settings.WORKLOAD_KEYS) == set(workloads.WORKLOADS)
    for sizes in settings.SIZES.values():
        for workload in settings.WORKLOADS:
            assert workload.size_key in sizes
            settings.workload_title(workload, sizes)


def _document(ours_status="ok"):
    ok = {"status": "ok", "samples": [{"wall": 2.0, "cpu": 1.0}], "items": 10, "method": "m", "extra": {}}
    ours = ok if ours_status == "ok" else {"status": ours_status, "reason": "boom | pipe"}
    slow = dict(ok, samples=[{"wall": 4.0, "cpu": 3.0}])
    return {"machine": {"date": "2026-01-01", "time": "00:00 UTC", "cpu": "cpu", "cores": 2, "memory_gib": 1,
                        "os": "os", "python": "CPython 3.11", "checkout": "abc"},
            "mode": "smoke", "runs": 1, "warmup": 0, "seconds": 60, "sizes": settings.SIZES["smoke"],
            "server": {"kind": "test server", "driver": "pytds", "server_version": "SQL\nX"},
            "drivers": ["ours", "pytds"], "workloads": ["fetch_ints"], "installed": {"ours": "ok", "pytds": "ok"},
            "limit": {"status": "ok", "cases": {"fetch_ints": {"samples": [{"wall": 0.5, "cpu": 0.5}]}}},
            "results": {"fetch_ints": {"ours": ours, "pytds": slow}}}


def test_markdown_shows_ratios_to_ours_and_the_limit():
    text = report.markdown(_document(), chart="ratios.png")
    assert "| 2. fetchall, 1,000 rows x 1 int | **2.00 s** | 4.00 s (2.00x) | 500 ms (0.25x) |" in text
    assert "![wall time relative to mssql-python-go](ratios.png)" in text


def test_markdown_gives_the_exact_reason_when_ours_has_no_figure():
    text = report.markdown(_document("error"), chart_note="none")
    assert "| 2. fetchall, 1,000 rows x 1 int | error [1] | 4.00 s |" in text
    assert "1. mssql-python-go: error: boom | pipe" in text
    bars = report.chart_data(_document("error"))["rows"][0]
    assert bars["ours"] is False and all(bar["ratio"] is None for bar in bars["bars"])
