"""Run one step on a second thread while the caller does another, and wait for it before going further.

Worth it beside a step that spends its time in C without holding Python's lock, as calamine does when it
parses a workbook this run wrote, to read it back: the step on the thread (the manifest's digests and
JSON) then runs on the other core instead of after it. The caller always waits for the thread before it
leaves (``join`` in a ``finally``): a transaction rolled back on an error or Ctrl-C must not remove a
staged file the thread is still writing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Beside:
    """One call running on its own thread: ``join`` waits for it; ``check`` raises what it raised."""

    def __init__(self, function: Callable[..., object], *args: object, name: str = "shuudan-xl beside") -> None:
        """Start ``function(*args)`` on a new thread (a daemon: it never keeps a failed process alive)."""
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(function, args), name=name, daemon=True)
        self._thread.start()

    def join(self) -> None:
        """Wait until the call has ended, also through Ctrl-C or SIGTERM: one that arrives meanwhile is raised
        once it has (the thread cannot be stopped halfway, and what it reads must stay until it is done)."""
        interrupted: BaseException | None = None
        while True:
            try:
                self._thread.join()
                break
            except BaseException as exc:  # KeyboardInterrupt, or what a SIGTERM handler raised
                interrupted = interrupted or exc
        if interrupted is not None:
            raise interrupted

    def check(self) -> None:
        """Wait (``join``), then raise what the call raised, if anything."""
        self.join()
        if self._error is not None:
            raise self._error

    def _run(self, function: Callable[..., object], args: tuple) -> None:
        try:
            function(*args)
        except BaseException as exc:  # handed to the caller's thread by check()
            self._error = exc
