"""Run a read-back beside the next write, on a second core.

Reading a staged file back (python-calamine) and compressing the next one (zlib) run without Python's
global lock, so a check of one file and the writing of the next overlap instead of adding up: at a million
rows the user waits seconds less. Nothing about the transaction changes: every file is still read back and
compared before anything is committed, and the block waits for the check, also when it fails or is
interrupted, so a check never outlives the transaction that staged the file it reads.

A check beside a write adds its memory to the write's. export therefore reads the list back before it
writes the books (the two largest needs), and only the registration book's read-back runs beside the
links book's writing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager


@contextmanager
def alongside(check: Callable[..., object], *args: object, **kwargs: object) -> Iterator[None]:
    """Run ``check(*args, **kwargs)`` in a thread while the ``with`` block runs; then wait for it.

    Use it only for a check that touches nothing the block changes (a read of a file already staged) and
    needs no Excel (xlwings talks to Excel from the main thread only).

    A Ctrl-C in the block takes effect once the check has ended too (at a million rows, seconds later):
    the check reads a file the transaction removes as the interrupt goes up.

    Raises:
        Whatever the check raised (e.g. Refused), once the block is done. When the block itself fails,
        its own exception is raised, after the check has ended.
    """
    failure: list[BaseException] = []

    def run() -> None:
        try:
            check(*args, **kwargs)
        except BaseException as exc:  # handed to the main thread, which reports it as its own
            failure.append(exc)

    thread = threading.Thread(target=run, name="shuudan-xl read-back", daemon=True)
    thread.start()
    try:
        yield
    finally:
        # Even after a failure or Ctrl-C in the block: the transaction removes its staged files next.
        thread.join()
    if failure:
        raise failure[0]
