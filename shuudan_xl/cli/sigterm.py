"""SIGTERM as Ctrl-C: a command stopped by the system rolls its transaction back (files.transaction)."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises ``KeyboardInterrupt`` so that transactions roll back."""
    if not hasattr(signal, "SIGTERM"):
        yield
        return

    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: leave the default
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
