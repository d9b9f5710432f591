"""Time a whole process and read its peak memory (Linux: os.wait4 gives the child's own rusage).

Each command is started by a small launcher process: Linux counts in a child's peak memory what it held
before exec, i.e. a copy of the benchmark process (which may hold 100,000 rows it built), so the command
must not be forked from it. Figures are medians of alternating runs: ``compare`` runs each command once
per round, in turn, so that a slow moment of the machine hits every command alike. Ratios are of process
CPU time (user + system), which a busy neighbour on the machine disturbs less than wall time.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from dataclasses import dataclass

LAUNCHER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
child = subprocess.Popen(json.loads(sys.argv[1]), stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
print(json.dumps([time.perf_counter() - start, os.waitstatus_to_exitcode(status),
                  usage.ru_utime + usage.ru_stime, usage.ru_maxrss]))
"""


@dataclass
class Run:
    """Median wall time (s), median process CPU time (s) and largest peak resident memory (MiB) over the runs."""

    seconds: float
    peak_mib: float
    cpu: float = 0.0

    def __str__(self) -> str:
        return f"cpu {self.cpu:.3f} s, wall {self.seconds:.3f} s, peak {self.peak_mib:.0f} MiB"

    def ratio(self, anchor: Run) -> float:
        """This run's CPU time over the anchor's."""
        return self.cpu / anchor.cpu if anchor.cpu else float("inf")


@dataclass
class Command:
    """A command line to measure, and what to do (untimed) before each run."""

    args: list[str]
    prepare: object = None
    env: dict | None = None
    codes: tuple[int, ...] = (0,)  # exit codes of a run that did its work (check exits 1 on findings)


def _once(command: Command) -> tuple[float, float, float]:
    if command.prepare:
        command.prepare()
    out = subprocess.run([sys.executable, "-c", LAUNCHER, json.dumps(command.args)], env=command.env,
                         capture_output=True, text=True, check=True).stdout
    wall, code, cpu, peak_kib = json.loads(out)
    if code not in command.codes:
        raise RuntimeError(f"exit {code}: {' '.join(command.args)}")
    return wall, cpu, peak_kib / 1024  # ru_maxrss is in KiB on Linux


def compare(commands: dict[str, Command], runs: int) -> dict[str, Run]:
    """Run every command ``runs`` times, alternating between them; return each one's medians and peak."""
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].append(_once(command))
    return {name: Run(statistics.median(s[0] for s in got), max(s[2] for s in got),
                      statistics.median(s[1] for s in got)) for name, got in samples.items()}


def byte_compiled() -> None:
    """Byte-compile shuudan_xl as pip does when it installs the tool, so that a measured process loads
    its modules as it does on a staff PC, not compiling them from source each time (this machine sets
    PYTHONDONTWRITEBYTECODE, which makes every run compile every module it imports, ~20 ms for check)."""
    import compileall
    from pathlib import Path

    import shuudan_xl

    compileall.compile_dir(Path(shuudan_xl.__file__).parent, quiet=1)


def measure(args: list[str], runs: int, prepare=None, codes: tuple[int, ...] = (0,)) -> Run:
    """Run a command ``runs`` times (``prepare`` before each, untimed), output discarded."""
    return compare({"only": Command(args, prepare, codes=codes)}, runs)["only"]
