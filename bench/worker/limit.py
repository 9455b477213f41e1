"""The physical limit: CPython building the same result objects from one pickle buffer.

For workloads 1 and 2 this times ``pickle.loads`` of the list of tuples that the
tables hold (same values, same Python types), which is what any driver must at
least pay to hand those rows to Python. Workload 1 is measured twice: with
``uuid.UUID`` objects (Microsoft's API) and with the uniqueidentifier as a str
(what pyodbc returns).
"""

import pickle

import data
import measure

CASES = {
    "fetch_mixed": lambda n: data.mixed_rows(n),
    "fetch_mixed_uuid_str": lambda n: data.mixed_rows(n, uuid_as_str=True),
    "fetch_ints": lambda n: data.int_rows(n),
}
SIZE_KEYS = {"fetch_mixed": "mixed_rows", "fetch_mixed_uuid_str": "mixed_rows",
             "fetch_ints": "int_rows"}


def run(spec):
    results = {}
    for case, build in CASES.items():
        count = spec["sizes"][SIZE_KEYS[case]]
        buffer = pickle.dumps(build(count), protocol=pickle.HIGHEST_PROTOCOL)
        samples = measure.repeat(lambda: pickle.loads(buffer), spec["runs"], spec["warmup"])
        results[case] = {"samples": samples, "items": count, "bytes": len(buffer)}
    return {"cases": results}
