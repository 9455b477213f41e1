"""Runs every ```python block of README.md, as a user would, against a live server.

Each block runs in its own interpreter (this test's, so with the package under
test) from an empty directory, with MSSQL_CONNECTION_STRING pointing at the
server: $MSSQL_CONNECTION_STRING when set, else the bundled test server.
"""

import json
import os
import pathlib
import re
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def readme_blocks():
    text = README.read_text(encoding="utf-8")
    return [m.group(1) for m in BLOCK.finditer(text)]


@pytest.fixture(scope="module")
def connection_string(tmp_path_factory):
    """$MSSQL_CONNECTION_STRING, or a test server started for this module."""
    if os.environ.get("MSSQL_CONNECTION_STRING"):
        yield os.environ["MSSQL_CONNECTION_STRING"]
        return
    if shutil.which("go") is None:
        pytest.fail("no MSSQL_CONNECTION_STRING and no Go to run tests_go/cmd/tdsserver")
    binary = tmp_path_factory.mktemp("tdsserver") / "tdsserver"
    subprocess.run(["go", "build", "-o", str(binary), "./tests_go/cmd/tdsserver"],
                   cwd=ROOT, check=True)
    server = subprocess.Popen([str(binary), "-listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, text=True)
    try:
        line = server.stdout.readline()
        assert line, "the test server exited before printing its address"
        yield json.loads(line)["connection_string"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_readme_has_python_samples():
    assert len(readme_blocks()) >= 1


@pytest.mark.parametrize("index", range(len(readme_blocks())))
def test_readme_python_block(index, connection_string, tmp_path):
    code = readme_blocks()[index]
    env = dict(os.environ, MSSQL_CONNECTION_STRING=connection_string)
    env.pop("PYTHONPATH", None)
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (
        f"README python block {index + 1} failed:\n{code}\n"
        f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}")
    assert result.stdout.strip(), f"README python block {index + 1} printed nothing"
