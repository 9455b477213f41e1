"""Timing and memory probes used by the workloads.

Wall time is ``time.perf_counter``; CPU time is ``time.process_time``, the user+sys
time of this whole process (every thread: the driver's C, Go or Rust threads too),
which is the driver's own cost on the client even when the server is the bottleneck.
"""

import gc
import os
import resource
import statistics
import time


def timed(action):
    """Run ``action()`` once; returns (its result, wall seconds, CPU seconds)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def repeat(action, runs, warmup, prepare=None, check=None):
    """Time ``action`` ``runs`` times after ``warmup`` untimed runs.

    ``prepare()`` runs before each (untimed); ``check(result)`` validates each result
    after its timer stopped, and the result is freed before the next run, so that
    neither the check nor the deallocation is timed.
    """
    samples = []
    for index in range(warmup + runs):
        if prepare:
            prepare()
        gc.collect()
        result, wall, cpu = timed(action)
        if check:
            check(result)
        del result
        if index >= warmup:
            samples.append({"wall": wall, "cpu": cpu})
    return samples


def summary(samples):
    """Median wall and CPU seconds of the samples."""
    return {"wall": statistics.median(s["wall"] for s in samples),
            "cpu": statistics.median(s["cpu"] for s in samples)}


def _status_kib(field):
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def current_rss_mib():
    """This process's resident set size now, in MiB (Linux), else its peak."""
    kib = _status_kib("VmRSS")
    return (kib if kib is not None else peak_rss_kib()) / 1024


def peak_rss_kib():
    """Peak RSS: /proc's VmHWM (resettable), else getrusage's ru_maxrss."""
    kib = _status_kib("VmHWM")
    if kib is not None:
        return kib
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return maxrss // 1024 if os.uname().sysname == "Darwin" else maxrss


def reset_peak_rss():
    """Reset VmHWM to the current RSS (Linux 4.0+); False where that is not possible."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False
