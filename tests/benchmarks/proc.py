"""Time a whole process and read its peak memory (Linux: os.wait4 gives the child's own rusage)."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass


@dataclass
class Run:
    """Median wall time (s) and largest peak resident memory (MiB) over the runs."""

    seconds: float
    peak_mib: float

    def __str__(self) -> str:
        return f"{self.seconds:.3f} s, peak {self.peak_mib:.0f} MiB"


def measure(args: list[str], runs: int, prepare=None) -> Run:
    """Run a command ``runs`` times (``prepare`` before each, untimed), output discarded."""
    times, peaks = [], []
    for _ in range(runs):
        if prepare:
            prepare()
        start = time.perf_counter()
        child = subprocess.Popen(args, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        times.append(time.perf_counter() - start)
        child.returncode = os.waitstatus_to_exitcode(status)
        peaks.append(usage.ru_maxrss / 1024)  # KiB on Linux
    return Run(statistics.median(times), max(peaks))
