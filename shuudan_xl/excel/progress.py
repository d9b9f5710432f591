"""Show the services' progress (services/progress.py) in Excel's status bar while a button runs."""

from __future__ import annotations

import time

INTERVAL = 0.5  # seconds between two updates of the status bar (each is a call into Excel)


class StatusBarProgress:
    """A ``services.progress.Reporter`` writing "業者提出ファイルの作成… 12,000 / 100,000 件" to the status bar."""

    def __init__(self, show, clock=time.monotonic):
        self.show = show  # Button.status
        self.clock = clock
        self.name = ""
        self.total: int | None = None
        self.last = 0.0

    def stage(self, name: str, total: int | None) -> None:
        self.name, self.total, self.last = name, total, self.clock()
        self.show(f"{name}（{total:,} 件）…" if total else f"{name}…")

    def advance(self, done: int) -> None:
        now = self.clock()
        if not self.total or now - self.last < INTERVAL:
            return
        self.last = now
        self.show(f"{self.name}… {min(done, self.total):,} / {self.total:,} 件")

    def finish(self) -> None:
        pass  # button() gives the status bar back to Excel
