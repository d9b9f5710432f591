"""What a failure becomes for staff (``failure_of``), and where an unexpected error's traceback goes: a log
file in the user's own folder, never the screen.

Staff see a short Japanese 「内部エラー」 message with the path of this file, to send to whoever
maintains the tool. The folder is %LOCALAPPDATA%\\shuudan-xl\\logs on Windows and
$XDG_STATE_HOME/shuudan-xl/logs (default ~/.local/state/shuudan-xl/logs) elsewhere; when it cannot be
created, the system's temporary folder.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback
from pathlib import Path

from shuudan_xl.errors import CannotWrite, InputUnreadable, InternalError, ShuudanError


def log_folder() -> Path:
    """The per-user folder for error logs (not created here)."""
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "shuudan-xl" / "logs"
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "shuudan-xl" / "logs"


def write_error_log(exc: BaseException, what: str) -> Path | None:
    """Write the traceback of ``exc`` with what was running; return the file (None if nowhere is writable)."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = (f"shuudan-xl internal error\ntime: {dt.datetime.now().isoformat()}\nrunning: {what}\n"
            f"python: {sys.version.split()[0]} {sys.platform}\n\n"
            + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
    for folder in (log_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"shuudan-xl-error-{stamp}-{os.getpid()}.log"
            path.write_text(text, encoding="utf-8")
            return path
        except OSError:
            continue
    return None


def internal_error_message(log: Path | None) -> str:
    """The short Japanese message staff see for an unexpected error."""
    where = f"詳しい記録: {log}" if log else "詳しい記録は保存できませんでした。"
    return ("内部エラーが発生したため、処理を中断しました（作りかけのファイルは残していません）。"
            f"{where}　このファイルを担当者に送ってください。")


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
    import csv

    if isinstance(exc, csv.Error):
        return InputUnreadable(f"CSVファイルの内容を読み取れませんでした（{str(exc)[:200]}）。1つの欄が長すぎる、"
                               "引用符が閉じていないなどの可能性があります。何も変更していません。")
    if _is_unreadable_file(exc):
        return InputUnreadable(f"ファイルの内容を読み取れませんでした（{type(exc).__name__}: {str(exc)[:200]}）。"
                               "壊れているか、対応していない形式です。Excelで開いて「Excelブック(.xlsx)」として"
                               "保存し直してください。何も変更していません。")
    return InternalError(internal_error_message(write_error_log(exc, what)))


def os_failure(exc: OSError) -> CannotWrite:
    """A Japanese "cannot run" message for an operating-system error (permission, disk full, bad path…)."""
    from shuudan_xl.files.transaction import cannot_write, reason

    if exc.filename:
        return cannot_write(Path(str(exc.filename)), exc)
    return CannotWrite(f"ファイルを読み書きできませんでした（{reason(exc)}）。何も変更していません。"
                       "空き容量・権限・パスを確かめて、もう一度実行してください。")


def _is_unreadable_file(exc: Exception) -> bool:
    # Errors of the file libraries when a file is not what it claims to be: they mean "bad input".
    import csv
    import zipfile

    if isinstance(exc, (zipfile.BadZipFile, UnicodeError, csv.Error, EOFError)):
        return True
    module = type(exc).__module__ or ""
    return module.startswith(("python_calamine", "lxml", "docx", "openpyxl", "xml."))
