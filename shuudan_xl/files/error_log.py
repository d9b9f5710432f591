"""Where an unexpected error's traceback goes: a log file in the user's own folder, never the screen.

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
