"""pymssql (PyPI; a bundled FreeTDS): TLS required and validated through the
freetds.conf that FREETDSCONF names (server section "fidelity")."""
import os
import sys

import pymssql

import scenario


def connect():
    return pymssql.connect(server="fidelity", user=os.environ["FID_USER"], password=os.environ["FID_PASSWORD"],
                           database="master", autocommit=False)


if __name__ == "__main__":
    # FreeTDS (and so pymssql) cannot bind sql_variant parameters.
    sys.exit(scenario.run("pymssql", connect, "%s", skip=("c_variant",)))
