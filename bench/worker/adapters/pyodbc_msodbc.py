"""pyodbc over Microsoft's ODBC Driver 18, the copy shipped in the mssql-python-odbc wheel."""

import glob
import os

from . import odbc_common
from .common import Unsupported, dist_version, microsoft_style

PARAM = "?"


def version():
    return f"pyodbc {dist_version('pyodbc')} + ODBC Driver {dist_version('mssql-python-odbc')}"


def driver_library():
    try:
        import mssql_python_odbc
    except ImportError as exc:
        raise Unsupported(f"mssql-python-odbc is not installed: {exc}") from exc
    pattern = os.path.join(mssql_python_odbc.get_libs_dir(), "linux", "*", "*", "lib",
                           "libmsodbcsql-18*.so*")
    arch = os.uname().machine.replace("aarch64", "arm64")
    found = [path for path in sorted(glob.glob(pattern)) if f"/{arch}/" in path]
    debian = [path for path in found if "/debian_ubuntu/" in path]
    if not (debian or found):
        raise Unsupported(f"no libmsodbcsql-18 for {arch} in {mssql_python_odbc.get_libs_dir()}")
    return (debian or found)[0]


def connect(spec, pooled=False):
    return odbc_common.connect(microsoft_style(spec, driver=driver_library()))


set_pooling = odbc_common.set_pooling
executemany = odbc_common.executemany
bulk_load = odbc_common.bulk_load
arrow_fetch = odbc_common.arrow_fetch
