"""pytds (PyPI python-tds): a pure-Python TDS implementation, TLS with CA validation."""
import os
import sys

import pytds

import scenario


def connect():
    return pytds.connect(os.environ["FID_HOST"], "master", os.environ["FID_USER"], os.environ["FID_PASSWORD"],
                         port=int(os.environ["FID_PORT"]), cafile=os.environ["FID_CA"], validate_host=True,
                         autocommit=False)


def connect_token(token):
    return pytds.connect(os.environ["FID_HOST"], "master", port=int(os.environ["FID_PORT"]), cafile=os.environ["FID_CA"],
                         validate_host=True, access_token_callable=lambda: token)


if __name__ == "__main__":
    sys.exit(scenario.run("pytds", connect, "%s", binary=pytds.Binary, connect_token=connect_token))
