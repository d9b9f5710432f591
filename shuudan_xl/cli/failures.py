"""The command line's writer lock and warnings; what a failure becomes is files.error_log.failure_of.

0 done, 1 findings (nothing written), 2 cannot run (bad file or option, file in use, busy, OS error,
resource limit), 3 internal error (a short message and the path of a log file holding the traceback).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


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
    folder = lock_folder(args, writers)
    if folder is None:  # a command that writes nothing does not import the lock (check starts sooner)
        yield
        return
    from shuudan_xl.files.lock import writer_lock
    from shuudan_xl.files.transaction import refuse_symlink

    for name in ("master", "ledger"):
        if getattr(args, name, None):
            refuse_symlink(Path(getattr(args, name)))
    _show_warnings()
    with writer_lock(folder, args.command):
        yield


def _show_warnings() -> None:
    # Warnings of the file layer (stale lock, leftovers removed) for staff, on whatever stderr is now. Only
    # writing commands get here: logging is not loaded by the others (check starts sooner).
    import logging

    class _Stderr(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            sys.stderr.write(f"shuudan-xl: 注意: {record.getMessage()}\n")

    logger = logging.getLogger("shuudan_xl")
    if not any(type(h).__name__ == "_Stderr" for h in logger.handlers):
        handler = _Stderr(logging.WARNING)
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
