"""Draw the services' progress (services/progress.py) on stderr, for a person watching a terminal.

Each stage gets a line of its own ("読み込み…", "業者提出ファイルの作成（100,000 件）…"); while a stage
with many items runs, a second line counts them and is rubbed out when the stage ends, so whatever the
command prints next starts on a clean line. Nothing is drawn when stderr is not a terminal (a pipe, a
log file, the tests) or when the output is ``--json``.
"""

from __future__ import annotations

import contextlib
import sys
import time
from typing import TextIO

COUNT_FROM = 1_000  # fewer items go by too fast to count
INTERVAL = 0.2  # seconds between two redraws of the count


class TerminalProgress:
    """A ``services.progress.Reporter`` writing to a terminal stream."""

    def __init__(self, stream: TextIO, clock=time.monotonic):
        self.stream = stream
        self.clock = clock
        self.name = ""
        self.total: int | None = None
        self.shown = 0  # width of the count line on screen (0: none)
        self.last = 0.0

    def stage(self, name: str, total: int | None) -> None:
        self._rub_out()
        self.name, self.total, self.last = name, total, self.clock()
        count = f"（{total:,} 件）" if total else ""
        self.stream.write(f"{name}{count}…\n")
        self.stream.flush()

    def advance(self, done: int) -> None:
        if not self.total or self.total < COUNT_FROM:
            return
        if done >= self.total:
            self._rub_out()
            return
        now = self.clock()
        if now - self.last < INTERVAL:
            return
        self.last = now
        filled = done * 20 // self.total
        # ASCII only: its width on screen is its length, so it can be rubbed out exactly.
        line = f"  [{'#' * filled}{'.' * (20 - filled)}] {done:,} / {self.total:,} ({done * 100 // self.total}%)"
        self.stream.write("\r" + line.ljust(self.shown))
        self.stream.flush()
        self.shown = len(line)

    def finish(self) -> None:
        self._rub_out()

    def _rub_out(self) -> None:
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


def terminal_reporter(json_output: bool = False, stream: TextIO | None = None) -> TerminalProgress | None:
    """A reporter for stderr when a person is watching it (a terminal, and not ``--json``), else None."""
    stream = stream or sys.stderr
    if json_output or not stream.isatty():
        return None
    return TerminalProgress(stream)


def showing(json_output: bool = False, stream: TextIO | None = None):
    """A context in which the services' progress is drawn on stderr (when ``terminal_reporter`` gives one)."""
    from shuudan_xl.services.progress import reporting

    reporter = terminal_reporter(json_output, stream)
    return reporting(reporter) if reporter is not None else contextlib.nullcontext()
