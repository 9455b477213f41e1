"""One virtual environment per driver under bench/.venvs/, and this checkout's wheel.

A venv is reused while its requirements are unchanged (a marker file records them);
our driver is reinstalled from a freshly built wheel on every run, so the figures are
those of the checkout as it is. Installation output goes to a log; a failure makes the
driver "not runnable" with pip's last lines as the reason.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

MARKER = ".bench-requirements"
# Debian packages the drivers need at run time: FreeTDS's ODBC driver and unixODBC for
# pyodbc, and what Microsoft's ODBC Driver 18 links against.
DEBIAN_PACKAGES = ("tdsodbc", "unixodbc", "libltdl7", "libkrb5-3", "libgssapi-krb5-2")


class InstallError(Exception):
    """pip (or the wheel build) failed; the message holds its last lines."""


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _run_logged(cmd, log_path: Path, cwd=None, timeout=1800):
    with open(log_path, "a") as log:
        log.write(f"$ {' '.join(map(str, cmd))}\n")
        log.flush()
        done = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=cwd, timeout=timeout)
    if done.returncode != 0:
        tail = Path(log_path).read_text(errors="replace").strip().splitlines()[-12:]
        raise InstallError(f"{Path(cmd[0]).name} {cmd[1] if len(cmd) > 1 else ''} failed "
                           f"(exit {done.returncode}):\n" + "\n".join(tail))


def ensure_venv(venv: Path, requirements, python: str, log_path: Path) -> Path:
    """The venv's interpreter, with ``requirements`` installed (reused when unchanged)."""
    wanted = "\n".join([python, *requirements])
    marker = venv / MARKER
    if marker.exists() and marker.read_text() == wanted and venv_python(venv).exists():
        return venv_python(venv)
    shutil.rmtree(venv, ignore_errors=True)
    _run_logged([python, "-m", "venv", str(venv)], log_path)
    pip = [str(venv_python(venv)), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    if requirements:
        _run_logged([*pip, *requirements], log_path)
    marker.write_text(wanted)
    return venv_python(venv)


def install_wheel(python: Path, wheel: Path, log_path: Path):
    """(Re)install this checkout's wheel, whatever version the venv held."""
    _run_logged([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                 "--force-reinstall", "--no-deps", str(wheel)], log_path)


def export_source(root: Path, dest: Path, worktree: bool) -> Path:
    """A copy of the checkout to build from: the committed HEAD (``git archive``), or
    with ``worktree`` the working tree's files (tracked and new, not ignored).

    Building from a copy leaves the shared build/ directory and the source tree alone,
    and a half-edited file in a shared working tree cannot break a HEAD build.
    """
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    if not worktree:
        archive = subprocess.run(["git", "archive", "--format=tar", "HEAD"], cwd=root, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(dest)], input=archive, check=True)
        return dest
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=root, check=True, capture_output=True).stdout.split(b"\0")
    for name in filter(None, (entry.decode() for entry in listed)):
        if (root / name).is_file() and not name.startswith("bench/"):
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / name, dest / name)
    return dest


def build_wheel(source: Path, out: Path, python: str, log_path: Path) -> Path:
    """``pip wheel`` of the exported source into ``out``; the wheel's path."""
    shutil.rmtree(out, ignore_errors=True)
    _run_logged([python, "-m", "pip", "wheel", "-q", "--no-deps", "--disable-pip-version-check",
                 "-w", str(out), str(source)], log_path)
    wheels = sorted(out.glob("mssql_python_go-*.whl"))
    if not wheels:
        raise InstallError(f"pip wheel produced no mssql_python_go wheel in {out}")
    return wheels[-1]


def missing_debian_packages():
    """Which of DEBIAN_PACKAGES dpkg does not list as installed ([] off Debian)."""
    if not shutil.which("dpkg-query"):
        return []
    missing = []
    for package in DEBIAN_PACKAGES:
        done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True,
                              text=True)
        if "install ok installed" not in done.stdout:
            missing.append(package)
    return missing


def install_debian_packages(packages, log_path: Path):
    """apt-get install, as root only; returns a note of what happened."""
    if not packages:
        return "Debian packages present"
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return f"not installed (needs root and apt-get): {' '.join(packages)}"
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    with open(log_path, "a") as log:
        subprocess.run(["apt-get", "update", "-q"], stdout=log, stderr=subprocess.STDOUT, env=env)
        done = subprocess.run(["apt-get", "install", "-y", "-q", *packages], stdout=log,
                              stderr=subprocess.STDOUT, env=env)
    return (f"installed {' '.join(packages)}" if done.returncode == 0
            else f"apt-get install {' '.join(packages)} failed (see {log_path})")


def default_python():
    return sys.executable
