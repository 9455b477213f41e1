"""Microsoft's mssql-python (PyPI; Microsoft ODBC Driver 18 inside): Encrypt=yes
with the certificate validated against the CA that SSL_CERT_FILE names."""
import os
import struct
import sys

import mssql_python

import scenario


def connect_token(token):
    cs = f"Server=tcp:{os.environ['FID_HOST']},{os.environ['FID_PORT']};Database=master;Encrypt=yes"
    data = token.encode("utf-16-le")  # SQL_COPT_SS_ACCESS_TOKEN: length-prefixed UTF-16LE
    return mssql_python.connect(cs, attrs_before={1256: struct.pack("<I", len(data)) + data})


def connect(encrypt="yes"):
    cs = (f"Server=tcp:{os.environ['FID_HOST']},{os.environ['FID_PORT']};Database=master;"
          f"UID={os.environ['FID_USER']};PWD={{{os.environ['FID_PASSWORD']}}};Encrypt={encrypt}")
    return mssql_python.connect(cs)


if __name__ == "__main__":
    sys.exit(scenario.run("mssql-python", connect, "?", binary=mssql_python.Binary,
                          connect_strict=lambda: connect("strict"), connect_token=connect_token))
