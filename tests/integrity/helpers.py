"""Shared by the integrity tests: a sample list, the export command, and a snapshot of a folder tree."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

from shuudan_xl.cli.main import main
from shuudan_xl.files import transaction

ROOT = Path(__file__).parents[2]
REG = "令和6年度_第1回_視聴者登録更新.xlsx"
VIDEO = "令和6年度_第1回_視聴者動画.xlsx"


def make_sample(folder: Path, name: str = "視聴者リスト.xlsx") -> Path:
    path = folder / name
    assert main(["new-master", str(path), "--sample"]) == 0
    return path


def export_args(master: Path, *extra: str, round_: int = 1) -> list[str]:
    return ["export", str(master), "--round", str(round_), "--fiscal-year", "2024", "-o", str(master.parent / "out"),
            "--today", "2024-05-01", *extra]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative path → SHA-256); folders as "<dir>".

    The operations log (操作記録.csv) is left out: every writing run appends its record, also a refused one.
    """
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.name != "操作記録.csv"):
        key = str(path.relative_to(folder))
        out[key] = "<dir>" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


# What the ``shuudan-xl`` console script runs ([project.scripts]): the entry staff use. Not ``python -m``: under
# runpy, CPython 3.11 sometimes reports a SIGTERM that main() caught and answered with 130 as an exit by SIGINT.
ENTRY = [sys.executable, "-c", "from shuudan_xl.cli.main import entry; entry()"]


def cli(*args: str, cwd: Path | None = None, env: dict | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess:
    """Run the ``shuudan-xl`` entry point in a subprocess (the real entry point: stderr, exit code)."""
    return subprocess.run([*ENTRY, *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=cwd, env=child_env(env), timeout=timeout)


def child_env(extra: dict | None = None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
               PYTHONIOENCODING="utf-8")
    env.update(extra or {})
    return env


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob(".shuudan-*") if not p.name.startswith(".shuudan-xl.lock"))


def holding_the_lock(proc: subprocess.Popen, folder: Path, patience: float = 120) -> float:
    """Wait until the run holds the folder's writer lock (its SIGTERM handler is in place and Python's start-up,
    which a busy machine stretches, is over) and return that moment (``time.monotonic``); or the moment it
    ended, if it ended first."""
    deadline = time.monotonic() + patience
    while not (folder / ".shuudan-xl.lock.json").exists() and proc.poll() is None:
        assert time.monotonic() < deadline, "the run never took the writer lock"
        time.sleep(0.002)
    return time.monotonic()


def signal_after_last_rename(monkeypatch, signum, count):
    """Make the ``count``-th ``os.replace`` of files.transaction send ``signum`` to this process once done."""
    real = os.replace
    calls = []

    def replace(src, dst):
        real(src, dst)
        calls.append(dst)
        if len(calls) == count:
            os.kill(os.getpid(), signum)

    monkeypatch.setattr(transaction.os, "replace", replace)
    return calls
