"""SIGTERM as Ctrl-C: a command stopped by the system rolls its transaction back (files.transaction).

The interrupt is raised in whatever Python code runs when the signal arrives. Python drops (and prints as
"Exception ignored") an exception raised inside a finaliser (``__del__``, e.g. a zip file freed on the way),
which would lose the interrupt and put a traceback on the terminal: a SIGTERM that lands in one is raised
again a moment later, outside it.
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager

INTERRUPTED = "shuudan-xl: 中断しました。作りかけのファイルは削除し、元のファイルはそのままです。\n"
RETRY_AFTER = 0.005  # seconds: the finaliser has returned by then


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises ``KeyboardInterrupt`` so that transactions roll back."""
    if not hasattr(signal, "SIGTERM"):
        yield
        return
    retry = getattr(signal, "SIGALRM", None) if hasattr(signal, "setitimer") else None

    def handler(signum, frame):
        if retry is not None and _in_finaliser(frame):
            signal.setitimer(signal.ITIMER_REAL, RETRY_AFTER)  # SIGALRM sends the SIGTERM again
            return
        raise KeyboardInterrupt

    def resend(signum, frame):
        # As a SIGTERM, so that whatever holds SIGTERM (files.transaction.signals_deferred: a commit's renames,
        # the lock's clean-up) holds this one too, and one landing in a finaliser again waits again.
        signal.raise_signal(signal.SIGTERM)

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave the default
        yield
        return
    previous_alarm = signal.signal(retry, resend) if retry is not None else None
    try:
        yield
    finally:
        if retry is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(retry, previous_alarm)
        signal.signal(signal.SIGTERM, previous)


def _in_finaliser(frame) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def committed_so_far() -> int:
    """How many files this process's transactions have put in place (0 before files.transaction is loaded)."""
    module = sys.modules.get("shuudan_xl.files.transaction")
    return len(module.committed_files()) if module is not None else 0


def interrupted(before: int) -> str:
    """The line for an interrupted run: nothing changed, or (interrupt after a commit) which files were replaced.

    Args:
        before: ``committed_so_far()`` when the run began.
    """
    module = sys.modules.get("shuudan_xl.files.transaction")
    placed = module.committed_files()[before:] if module is not None else []
    if not placed:
        return INTERRUPTED
    names = "、".join(f"「{p.name}」" for p in placed)
    return (f"shuudan-xl: 中断しましたが、その前に書き込みは終わっています（置き換え済み: {names}）。"
            "内容を確かめてから次の手順に進んでください。\n")
