"""Packs the Go engine library into a py3-none-<platform> wheel.

Metadata lives in pyproject.toml; this file only adds the library:

- with $MSSQL_PYTHON_PREBUILT_LIBRARY set (an absolute path), that file is packed
  as it is (CI builds the manylinux library with zig, see build.sh);
- otherwise `go build -buildmode=c-shared ./export` builds it for this machine,
  which needs Go and a C compiler (cgo).

The wheel's platform tag is read from the library itself (scripts/wheeltag.py):
manylinux2014_x86_64 for a library that needs nothing newer than glibc 2.17,
manylinux_2_34_x86_64 for one built against Debian 12's glibc, win_amd64,
macosx_12_0_arm64. The library is loaded with ctypes, so one wheel serves every
CPython >= 3.10: the tag is py3-none-<platform>.
"""

import os
import shutil
import subprocess
import sys

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution

try:
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:  # setuptools < 70.1
    from wheel.bdist_wheel import bdist_wheel

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(ROOT, "scripts"))
import wheeltag  # noqa: E402

PREBUILT_ENV = "MSSQL_PYTHON_PREBUILT_LIBRARY"
PACKAGE = "mssql_python"
LIBRARY_NAMES = ("libmssql_python.so", "libmssql_python.dylib", "mssql_python.dll")


def version():
    with open(os.path.join(ROOT, "VERSION"), encoding="ascii") as f:
        return f.read().strip()


def go_build(out):
    """Builds the engine for this machine into `out` (the cgo header is dropped)."""
    if shutil.which("go") is None:
        raise SystemExit(
            "mssql-python-go: building the engine needs Go 1.26+ on PATH (and a C "
            f"compiler for cgo), or {PREBUILT_ENV}=/abs/path/to/the/library")
    if not os.path.isdir(os.path.join(ROOT, "export")):
        raise SystemExit("mssql-python-go: export/ (the C ABI package) is missing")
    env = dict(os.environ, CGO_ENABLED="1")
    if sys.platform == "darwin":
        env.setdefault("MACOSX_DEPLOYMENT_TARGET", wheeltag.MACOS_MIN.replace("_", "."))
    ldflags = f"-s -w -X main.buildVersion={version()}"
    cmd = ["go", "build", "-buildmode=c-shared", "-trimpath", "-ldflags", ldflags,
           "-o", out, "./export"]
    print("mssql-python-go:", " ".join(cmd), flush=True)
    subprocess.check_call(cmd, cwd=ROOT, env=env)
    header = os.path.splitext(out)[0] + ".h"
    if os.path.exists(header):
        os.remove(header)


class BinaryDistribution(Distribution):
    """Holds a platform binary: platlib layout, platform-specific build dirs."""

    engine_library = None

    def has_ext_modules(self):
        return True


class BuildPyWithEngine(build_py):
    """build_py that also puts the engine library into the package."""

    def run(self):
        super().run()
        target_dir = os.path.join(self.build_lib, PACKAGE)
        if getattr(self, "editable_mode", False):
            target_dir = os.path.join(ROOT, "python", PACKAGE)
        os.makedirs(target_dir, exist_ok=True)
        for stale in LIBRARY_NAMES:  # left by an earlier build for another platform
            if os.path.exists(os.path.join(target_dir, stale)):
                os.remove(os.path.join(target_dir, stale))
        prebuilt = os.environ.get(PREBUILT_ENV)
        if prebuilt:
            _, name, _ = wheeltag.inspect(prebuilt)
            out = os.path.join(target_dir, name)
            shutil.copyfile(prebuilt, out)
        else:
            tmp = os.path.join(target_dir, "engine.tmp")
            go_build(tmp)
            _, name, _ = wheeltag.inspect(tmp)
            out = os.path.join(target_dir, name)
            os.replace(tmp, out)
        self.distribution.engine_library = out


class BdistWheelPy3None(bdist_wheel):
    """Tags the wheel py3-none-<the library's platform>."""

    def finalize_options(self):
        super().finalize_options()
        self.root_is_pure = False

    def get_tag(self):
        library = self.distribution.engine_library
        if library is None:
            return super().get_tag()
        plat, _, _ = wheeltag.inspect(library)
        return "py3", "none", plat


setup(
    distclass=BinaryDistribution,
    cmdclass={"build_py": BuildPyWithEngine, "bdist_wheel": BdistWheelPy3None},
)
