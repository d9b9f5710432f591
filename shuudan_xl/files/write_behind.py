"""Write a large zip member on a second thread while the next megabyte of its XML is built.

Writing a piece into a zip member runs its CRC, the deflate compressor and the disk write, all without
Python's global lock; building the XML (a list's patched rows, a vendor book's rows) needs the lock. One
after the other, a million-row list spends seconds in each; side by side, on a second core, the user waits
for the longer one only. The bytes written, and their order, are exactly those of writing in turn.

At most two pieces wait (about 2–6 MB): memory stays bounded by the piece size, not by the member.
"""

from __future__ import annotations

import queue
import threading

_WAITING = 2  # pieces queued for the writer thread at most (the builder waits beyond that)


class WriteBehind:
    """A writer thread for one zip member's stream (``ZipFile.open(info, "w")``).

    Use ``put`` for each piece, then ``close`` (which waits and raises the first write error) on success, or
    ``abandon`` when the building failed (which waits and drops what is queued). Nothing else may touch the
    stream until then.
    """

    def __init__(self, stream) -> None:
        self._stream = stream
        self._queue: queue.Queue = queue.Queue(maxsize=_WAITING)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="shuudan-xl zip writer", daemon=True)
        self._thread.start()

    def put(self, data: bytes) -> None:
        """Queue ``data`` to be written after the pieces before it.

        Raises:
            The error a previous write raised (OSError for a full disk…): stop building.
        """
        if self._error is not None:
            raise self._error
        self._queue.put(data)

    def close(self) -> None:
        """Wait until every queued piece is written.

        Raises:
            The first error a write raised.
        """
        self._stop()
        if self._error is not None:
            raise self._error

    def abandon(self) -> None:
        """Wait for the thread to end, writing nothing more (the building failed; the file is discarded)."""
        self._error = self._error or _Abandoned()
        self._stop()

    def _stop(self) -> None:
        self._queue.put(None)
        self._thread.join()

    def _run(self) -> None:
        while (data := self._queue.get()) is not None:
            if self._error is not None:
                continue  # drain: the builder stops at its next put
            try:
                self._stream.write(data)
            except BaseException as exc:  # raised in the building thread (put, close)
                self._error = exc


class _Abandoned(Exception):
    """Marks a writer whose builder failed: queued pieces are dropped."""
