"""What the command line does with a failure: a Japanese line and an exit code, never a traceback.

0 done, 1 findings (nothing written), 2 cannot run (bad file or option, file in use, busy, OS error,
resource limit), 3 internal error (a short message and the path of a log file holding the traceback).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from shuudan_xl.errors import CannotWrite, InputUnreadable, InternalError, ShuudanError


def failure_of(exc: Exception, what: str) -> ShuudanError:
    """The expected failure ``exc`` stands for, or an InternalError after logging its traceback.

    Args:
        exc: The exception a command raised.
        what: The command line, for the log.
    """
    if isinstance(exc, ShuudanError):
        return exc
    if isinstance(exc, OSError):
        return os_failure(exc)
    if isinstance(exc, MemoryError):
        return InputUnreadable("メモリが足りなくなったため中断しました。"
                               "ファイルが大きすぎるか、壊れている可能性があります。何も変更していません。")
    if _is_unreadable_file(exc):
        return InputUnreadable(f"ファイルの内容を読み取れませんでした（{type(exc).__name__}: {str(exc)[:200]}）。"
                               "壊れているか、対応していない形式です。Excelで開いて「Excelブック(.xlsx)」として"
                               "保存し直してください。何も変更していません。")
    from shuudan_xl.files.error_log import internal_error_message, write_error_log

    return InternalError(internal_error_message(write_error_log(exc, what)))


def os_failure(exc: OSError) -> CannotWrite:
    """A Japanese "cannot run" message for an operating-system error (permission, disk full, bad path…)."""
    from shuudan_xl.files.transaction import cannot_write

    if exc.filename:
        return cannot_write(Path(str(exc.filename)), exc)
    return CannotWrite(f"ファイルを読み書きできませんでした（{exc.strerror or exc}）。何も変更していません。"
                       "空き容量・権限・パスを確かめて、もう一度実行してください。")


def _is_unreadable_file(exc: Exception) -> bool:
    # Errors of the file libraries when a file is not what it claims to be: they mean "bad input".
    import csv
    import zipfile

    if isinstance(exc, (zipfile.BadZipFile, UnicodeError, csv.Error, EOFError)):
        return True
    module = type(exc).__module__ or ""
    return module.startswith(("python_calamine", "lxml", "docx", "openpyxl", "xml."))


def lock_folder(args, writers: tuple[str, ...]) -> Path | None:
    """The folder whose writer lock a command takes (None for commands that write nothing)."""
    if getattr(args, "command", None) not in writers or getattr(args, "dry_run", False):
        return None
    named = getattr(args, "master", None) or getattr(args, "ledger", None)
    if not named:
        return None
    folder = Path(named).absolute().parent
    return folder if folder.is_dir() else None  # a missing folder is reported by the command itself


@contextmanager
def command_lock(args, writers: tuple[str, ...]) -> Iterator[None]:
    """Hold the writer lock of the command's folder (see files.lock) while it runs, when it writes."""
    from shuudan_xl.files.lock import writer_lock
    from shuudan_xl.files.transaction import refuse_symlink

    folder = lock_folder(args, writers)
    if folder is None:
        yield
        return
    for name in ("master", "ledger"):
        if getattr(args, name, None):
            refuse_symlink(Path(getattr(args, name)))
    _show_warnings()
    with writer_lock(folder, args.command):
        yield


class _Stderr(logging.Handler):
    # Warnings of the file layer (stale lock, leftovers removed) for staff, on whatever stderr is now.
    def emit(self, record: logging.LogRecord) -> None:
        sys.stderr.write(f"shuudan-xl: 注意: {record.getMessage()}\n")


def _show_warnings() -> None:
    logger = logging.getLogger("shuudan_xl")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        handler = _Stderr(logging.WARNING)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
