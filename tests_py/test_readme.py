"""Runs every ```python block of README.md, as a user would, against a live server.

Each block runs in its own interpreter (this test's, so with the package under
test) from an empty directory, with MSSQL_CONNECTION_STRING pointing at the
server of conftest's ``conn_str`` fixture.
"""

import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.S | re.M)


def readme_blocks():
    text = README.read_text(encoding="utf-8")
    return [m.group(1) for m in BLOCK.finditer(text)]


def test_readme_has_python_samples():
    assert len(readme_blocks()) >= 1


@pytest.mark.parametrize("index", range(len(readme_blocks())))
def test_readme_python_block(index, conn_str, tmp_path):
    code = readme_blocks()[index]
    env = dict(os.environ, MSSQL_CONNECTION_STRING=conn_str)
    if env.get("PYTHONPATH"):  # made absolute: the block runs from another directory
        env["PYTHONPATH"] = os.pathsep.join(
            os.path.abspath(p) for p in env["PYTHONPATH"].split(os.pathsep) if p)
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, (
        f"README python block {index + 1} failed:\n{code}\n"
        f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}")
    assert result.stdout.strip(), f"README python block {index + 1} printed nothing"
