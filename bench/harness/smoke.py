"""Checks of a ``--smoke`` run: did the harness itself work end to end?

A driver may be unable to run here (that is reported, not a fault), but the harness
must produce its report and chart, measure the pickle limit, get at least one figure
from every driver it installed, never fail in its own code (``harness_error``), and
get figures from our driver for the workloads it has always had.
"""

from . import settings

OURS_REQUIRED = ("fetch_mixed", "fetch_ints", "select1")


def _checks(document, out):
    yield "results.md written", (out / "results.md").is_file()
    png = out / "ratios.png"
    yield "ratios.png is a PNG", png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    cases = document["limit"].get("cases", {})
    yield "pickle limit measured", document["limit"]["status"] == "ok" and len(cases) == 3
    results = document["results"]
    for key, row in results.items():
        for driver, result in row.items():
            yield f"{key}/{driver}: no harness error ({result.get('reason', '')[:200]})", \
                result["status"] != "harness_error"
            yield f"{key}/{driver}: a reason for every missing figure", \
                result["status"] == "ok" or bool(result.get("reason"))
    for driver, state in document["installed"].items():
        if state == "ok":
            yield f"{driver}: at least one figure", any(
                row.get(driver, {}).get("status") == "ok" for row in results.values())
    if document["installed"].get(settings.OURS) == "ok":
        for key in (k for k in OURS_REQUIRED if k in results):
            yield f"ours: {key} measured", results[key][settings.OURS]["status"] == "ok"


def check(document, out):
    """Print every check; 0 when all passed."""
    passed = failed = 0
    for name, ok in _checks(document, out):
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAILED: {name}")
    print(f"bench smoke: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1
