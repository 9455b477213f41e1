"""pymssql (PyPI; a bundled FreeTDS): TLS required and validated through the
freetds.conf that FREETDSCONF names (server section "fidelity")."""
import os
import sys

import pymssql

import scenario


def connect():
    # The port is given too: pymssql otherwise looks up "fidelity:1433".
    return pymssql.connect(server="fidelity", port=os.environ["FID_PORT"], user=os.environ["FID_USER"],
                           password=os.environ["FID_PASSWORD"], database="master", autocommit=False)


if __name__ == "__main__":
    # pymssql cannot bind sql_variant parameters, and returns a sql_variant
    # as the raw bytes of its base value (b'*\x00\x00\x00' for int 42): its
    # own conversion, since FreeTDS tsql prints the same column as 42.
    # pymssql also quotes a datetime parameter into the SQL text with
    # milliseconds only (its _mssql quoting), so a datetime2(7) parameter
    # cannot round-trip its microseconds: that column is not bound either.
    sys.exit(scenario.run("pymssql", connect, "%s", skip=("c_variant", "c_datetime2"), binary=pymssql.Binary,
                          skip_out=("c_variant",)))
