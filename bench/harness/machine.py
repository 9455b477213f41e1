"""The machine, the date and the checkout, for the report's header."""

import datetime
import os
import platform
import subprocess
from pathlib import Path


def cpu_model():
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_gib():
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def os_name():
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                return line.split("=", 1)[1].strip('"') + f", {platform.system()} {platform.release()}"
    except OSError:
        pass
    return platform.platform()


def python_version(python):
    done = subprocess.run([str(python), "-c", "import platform; print(platform.python_implementation(),"
                           " platform.python_version())"], capture_output=True, text=True)
    return done.stdout.strip() or "unknown"


def checkout(root, worktree):
    def git(*args):
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True)
        return done.stdout.strip()
    commit = git("rev-parse", "--short=12", "HEAD") or "unknown"
    if not worktree:
        return f"{commit} (committed HEAD)"
    dirty = bool(git("status", "--porcelain", "--untracked-files=no"))
    return commit + (" + the working tree's uncommitted changes" if dirty else " (working tree, clean)")


def describe(root, python, worktree=False):
    now = datetime.datetime.now(datetime.timezone.utc)
    return {"date": now.strftime("%Y-%m-%d"), "time": now.strftime("%H:%M UTC"),
            "cpu": cpu_model(), "cores": os.cpu_count(), "memory_gib": memory_gib(),
            "os": os_name(), "python": python_version(python), "checkout": checkout(root, worktree)}
