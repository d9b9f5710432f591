"""Progress of long runs: the services say which stage they are in; the entry points decide how to show it.

A service names each stage as it begins (``stage``, with a count when it has one) and, in a long loop,
how far it got (``advance``). It never knows where that goes: the command line draws it on stderr
(cli/progress.py), a button on Excel's status bar (excel/book.py), and everything else — tests, batch
runs, ``--json`` — sees nothing, because the reporter in effect by default is silent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

# The stages staff see (Japanese), in the order a run meets them.
READING = "読み込み"
CHECKING = "点検"
WRITING_LIST = "視聴者リストへの書き込み"
WRITING_VENDOR = "業者提出ファイルの作成"
WRITING_LEDGER = "ID台帳への書き込み"
WRITING_LETTERS = "実施通知の作成"
WRITING_ATTENDANCE = "出欠結果の作成"
VERIFYING = "読み直して照合"


class Reporter(Protocol):
    """Where progress goes (a terminal line, Excel's status bar)."""

    def stage(self, name: str, total: int | None) -> None:
        """A stage begins; ``total`` is how many items it handles, when known."""

    def advance(self, done: int) -> None:
        """``done`` items of the current stage are handled."""

    def finish(self) -> None:
        """The run is over: take away whatever is still shown."""


class _Silent:
    def stage(self, name: str, total: int | None) -> None:
        pass

    def advance(self, done: int) -> None:
        pass

    def finish(self) -> None:
        pass


_SILENT = _Silent()
_current: ContextVar[Reporter | None] = ContextVar("shuudan_xl_progress", default=None)


def stage(name: str, total: int | None = None) -> None:
    """Report that a stage begins (see the names above), with the number of items when known."""
    (_current.get() or _SILENT).stage(name, total)


def advance(done: int) -> None:
    """Report how many items of the current stage are handled (call it every few hundred items)."""
    (_current.get() or _SILENT).advance(done)


def counted(items: Iterable, total: int, every: int = 500) -> Iterator:
    """Yield the items, reporting every ``every`` of them and the total at the end (for long loops)."""
    done = 0
    for done, item in enumerate(items, start=1):
        if not done % every:
            advance(done)
        yield item
    advance(total)


@contextmanager
def reporting(reporter: Reporter) -> Iterator[Reporter]:
    """Send the progress of everything run inside the block to ``reporter``; finish it at the end."""
    token = _current.set(reporter)
    try:
        yield reporter
    finally:
        _current.reset(token)
        reporter.finish()
