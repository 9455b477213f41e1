"""pyodbc over FreeTDS's ODBC driver (Debian's tdsodbc) and unixODBC."""

import glob

from . import odbc_common
from .common import Unsupported, dist_version, odbc_string

PARAM = "?"
LIBRARY_GLOBS = ("/usr/lib/*/odbc/libtdsodbc.so", "/usr/lib/odbc/libtdsodbc.so",
                 "/usr/lib64/libtdsodbc.so*", "/usr/local/lib/libtdsodbc.so")


def version():
    return f"pyodbc {dist_version('pyodbc')} + FreeTDS ODBC"


def driver_library():
    for pattern in LIBRARY_GLOBS:
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    raise Unsupported("libtdsodbc.so not found: install Debian's tdsodbc and unixodbc")


def connect(spec, pooled=False):
    if spec.get("override"):
        return odbc_common.connect(spec["override"])
    pairs = [("Driver", driver_library()), ("Server", spec["host"]), ("Port", spec["port"]),
             ("Database", spec["database"]), ("UID", spec["user"]), ("PWD", spec["password"]),
             ("TDS_Version", "7.4"), ("ClientCharset", "UTF-8"), ("Encryption", "require")]
    return odbc_common.connect(odbc_string(pairs))


set_pooling = odbc_common.set_pooling
executemany = odbc_common.executemany
bulk_load = odbc_common.bulk_load
arrow_fetch = odbc_common.arrow_fetch
