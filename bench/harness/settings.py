"""What is measured: the drivers, the workloads and the sizes of each mode."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Driver:
    name: str  # the adapter module in worker/adapters, the venv's name, the override's key
    label: str
    packages: tuple  # pip requirements; "@wheel" stands for this checkout's wheel
    connection: str  # how it connects, for the report
    fallbacks: dict = field(default_factory=dict)  # workload -> spec flag to retry with
    odbc_pooling: bool = False  # pooled via unixODBC: the harness's odbcinst.ini turns it on

    @property
    def override_variable(self):
        return f"BENCH_{self.name.upper()}_CONNECT"


DRIVERS = (
    Driver("ours", "mssql-python-go", ("@wheel", "pyarrow"),
           "the connection string as given (test server: TLS, certificate verified)"),
    Driver("microsoft", "mssql-python (Microsoft)", ("mssql-python", "pyarrow"),
           "Encrypt=yes;TrustServerCertificate=yes (ODBC Driver 18 inside)"),
    Driver("pyodbc_msodbc", "pyodbc + ODBC Driver 18", ("pyodbc", "mssql-python-odbc"),
           "Encrypt=yes;TrustServerCertificate=yes, driver from the mssql-python-odbc wheel",
           odbc_pooling=True),
    Driver("pyodbc_freetds", "pyodbc + FreeTDS", ("pyodbc",),
           "Encryption=require, TDS 7.4, Debian's tdsodbc (certificate not verified)",
           fallbacks={"executemany": "plain_executemany"}, odbc_pooling=True),
    Driver("pymssql", "pymssql", ("pymssql",),
           "encryption=require, TDS 7.4 (bundled FreeTDS; certificate not verified)"),
    Driver("pytds", "python-tds", ("python-tds", "pyopenssl"),
           "TLS verified against the server's CA file"),
)
DRIVER_NAMES = tuple(driver.name for driver in DRIVERS)
OURS = "ours"


@dataclass(frozen=True)
class Workload:
    key: str
    number: str
    title: str  # with {placeholders} filled from the sizes
    size_key: str
    unit: str  # what one item is, for the per-item column ("row", "query", "connection")
    runs_cap: int = 0  # at most this many timed runs (0: the mode's count)
    warmup: bool = True


WORKLOADS = (
    Workload("fetch_mixed", "1", "fetchall, {mixed_rows:,} rows x 10 mixed columns", "mixed_rows", "row"),
    Workload("fetch_ints", "2", "fetchall, {int_rows:,} rows x 1 int", "int_rows", "row"),
    Workload("fetch_text", "3", "fetchall, {text_rows:,} rows with a {text_kb} KB nvarchar(max)",
             "text_rows", "row"),
    Workload("executemany", "4", "executemany, {em_rows:,} rows x 5 columns", "em_rows", "row"),
    Workload("bulk_load", "5", "bulk load, {bulk_rows:,} rows x 5 columns", "bulk_rows", "row",
             runs_cap=3, warmup=False),
    Workload("select1", "6", "{select1_count:,} x SELECT 1 round trips", "select1_count", "query"),
    Workload("connect_new", "7a", "connect + SELECT @@SPID + close, new login (TLS)", "connect_count",
             "connection"),
    Workload("connect_pooled", "7b", "connect + SELECT @@SPID + close, pooled", "connect_count",
             "connection"),
    Workload("threads", "8", "{threads} threads x {select1_count:,} SELECT 1 (vs 1 thread)",
             "select1_count", "query", runs_cap=3),
    Workload("arrow", "9", "Arrow fetch, workload 1's {mixed_rows:,} rows", "mixed_rows", "row"),
    Workload("memory", "M", "peak RSS iterating {memory_rows:,} rows", "memory_rows", "row",
             runs_cap=1, warmup=False),
)
WORKLOAD_KEYS = tuple(w.key for w in WORKLOADS)
# Workloads with a pickle.loads limit (worker/limit.py's cases).
LIMIT_CASES = {"fetch_mixed": ("fetch_mixed", "fetch_mixed_uuid_str"), "fetch_ints": ("fetch_ints",)}

SIZES = {
    "full": dict(mixed_rows=100_000, int_rows=1_000_000, text_rows=10_000, text_chars=10_240,
                 em_rows=10_000, bulk_rows=1_000_000, select1_count=10_000, connect_count=200,
                 threads=8, memory_rows=10_000_000),
    "quick": dict(mixed_rows=10_000, int_rows=100_000, text_rows=1_000, text_chars=10_240,
                  em_rows=1_000, bulk_rows=100_000, select1_count=1_000, connect_count=50,
                  threads=8, memory_rows=1_000_000),
    "smoke": dict(mixed_rows=300, int_rows=1_000, text_rows=20, text_chars=10_240, em_rows=50,
                  bulk_rows=500, select1_count=30, connect_count=4, threads=4, memory_rows=3_000),
}
RUNS = {"full": 5, "quick": 3, "smoke": 1}
WARMUP = {"full": 1, "quick": 1, "smoke": 0}
TIMEOUT = {"full": 1200, "quick": 300, "smoke": 120}  # seconds per worker process


def workload_title(workload, sizes):
    return workload.title.format(text_kb=sizes["text_chars"] // 1024, **sizes)
