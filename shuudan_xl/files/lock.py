"""One writer at a time: an exclusive lock on a lock file beside the master list.

Every command or button that writes the list, the ledger, the vendor books or any output of a round
takes ``writer_lock(folder, what)`` first. The lock is an OS lock on a lock file (``flock`` on POSIX, a
byte-range lock on Windows): the system releases it when the holding process ends, even by ``kill -9``
or a power cut, so a stale lock can never block anyone. Who holds it (user, machine, process, start
time, what it is doing) is kept in a small side file, so that a second run can name the holder; a side
file left by a process that died is reported and replaced. Both files are removed when the lock is
released, so a run leaves the folder as it was.

Use it around the whole command, reading included, so that a second run plans on what the first wrote::

    with writer_lock(master.parent, "export"):
        context = prepare_round(...)             # read and plan
        export_round(context, ...)               # files.transaction inside

The CLI (``cli.main``) and the buttons (``excel.book.button(..., writes=True)``) already do this for every
command that writes; a service called from elsewhere takes it itself.
"""

from __future__ import annotations

import datetime as dt
import errno
import getpass
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from shuudan_xl.errors import Busy, CannotWrite
from shuudan_xl.rules.era import JST

LOCK_NAME = ".shuudan-xl.lock"
INFO_NAME = ".shuudan-xl.lock.json"


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) the lock."""

    user: str
    machine: str
    pid: int
    started: str  # ISO time, Japan time
    what: str  # the command or button

    def describe(self) -> str:
        """Japanese one-liner: 「確認者 (PC-01) が 2024-05-20 10:15 から export を実行中」."""
        started = self.started[:16].replace("T", " ")
        return f"{self.user}（{self.machine}）が {started} から「{self.what}」を実行しています"


def current_holder(what: str) -> Holder:
    """The Holder record of this process."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment (a service account)
        user = "不明"
    return Holder(user, _machine(), os.getpid(), dt.datetime.now(JST).isoformat(timespec="seconds"), what)


def _machine() -> str:
    # The computer's name: os.uname's on POSIX (the name socket.gethostname gives, without loading the socket
    # module, about 2 ms of every writing run's start); socket's on Windows.
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def read_holder(folder: Path) -> Holder | None:
    """The holder recorded in ``folder`` (None when none is recorded or the record is unreadable)."""
    try:
        data = json.loads((Path(folder) / INFO_NAME).read_text(encoding="utf-8"))
        return Holder(**{k: data[k] for k in ("user", "machine", "pid", "started", "what")})
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass
class LockState:
    """What ``writer_lock`` found when it took the lock."""

    stale: Holder | None  # a run that died while holding the lock (its side file was left behind)


@contextmanager
def writer_lock(folder: Path, what: str) -> Iterator[LockState]:
    """Hold the folder's writer lock for the ``with`` block, or refuse at once.

    Args:
        folder: The folder of the master list (the lock and its side file live there).
        what: The command or button, for the message a second run shows.

    Raises:
        Busy: another run holds the lock (the message names it); nothing has been written.
        CannotWrite: the folder does not allow creating the lock file.
    """
    folder = Path(folder)
    path = folder / LOCK_NAME
    lock = _OsLock(path)
    try:
        taken = lock.acquire()
        if taken and not _holds(lock.fd, path):  # we locked a lock file the previous holder had just removed
            lock.release()
            taken = False
    except OSError as exc:
        raise CannotWrite(f"フォルダ「{folder}」にロックファイルを作れません（{exc.strerror or exc}）。"
                          "書き込みできるフォルダか確かめてください。") from None
    if not taken:
        holder = _holder_of_busy(folder)
        who = holder.describe() if holder else "別の処理が実行中です"
        raise Busy(f"同じフォルダで、{who}。終わるのを待ってから、もう一度実行してください"
                   f"（フォルダ: {folder}）。")
    info = folder / INFO_NAME
    try:
        stale = read_holder(folder)
        if stale is not None:
            started = stale.started[:16].replace("T", " ")
            logging.getLogger("shuudan_xl").warning(
                "前回の処理（%s（%s）が %s に始めた「%s」）は途中で終了したようです。引き継いで実行します。",
                stale.user, stale.machine, started, stale.what)
        try:
            info.write_text(json.dumps(current_holder(what).__dict__, ensure_ascii=False), encoding="utf-8")
        except OSError as exc:
            raise CannotWrite(f"フォルダ「{folder}」に書き込めません（{exc.strerror or exc}）。") from None
        from shuudan_xl.files.transaction import sweep_leftovers

        sweep_leftovers(folder)  # temporary files a killed run left beside the list (reported in the log)
        yield LockState(stale)
    finally:
        # The side file goes on every normal or failed end (only a killed run leaves it: "stale"). The lock
        # file is removed while still locked, so the folder is left as it was; a run that opened it just
        # before sees that it no longer names the file (_holds) and reports busy. Ctrl-C or SIGTERM is held
        # until both are gone, so that an interrupt cannot leave one of them behind.
        from shuudan_xl.files.transaction import signals_deferred

        with signals_deferred():
            for leftover in (info, path if os.name == "posix" else None):
                try:
                    if leftover is not None:
                        leftover.unlink(missing_ok=True)
                except OSError:
                    pass
            lock.release()


def _holds(fd: int, path: Path) -> bool:
    # True when the locked descriptor is the file now at ``path`` (POSIX; Windows cannot remove a locked file).
    if os.name != "posix":
        return True
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except OSError:
        return False


class _OsLock:
    """An exclusive lock on one file, taken without waiting, that the system drops when the process ends.

    POSIX: ``flock`` on the open file. Windows: ``msvcrt.locking`` of the file's first byte, as filelock 3
    did (a byte-range lock: the file stays readable). Written here rather than imported: filelock 4 loads
    about forty modules (``secrets``, ``platform``, ``decimal`` …), 10 ms of every writing run's start.
    """

    def __init__(self, path: Path):
        self.path = path
        self.fd: int | None = None

    def acquire(self) -> bool:
        """Take the lock: True when taken, False when another open file of the path holds it.

        Raises:
            OSError: when the lock file cannot be created or opened (a read-only folder, …).
        """
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        except PermissionError:
            if os.name != "posix" and self.path.exists():
                return False  # Windows: the holder is removing the file it just unlocked (as filelock 3 read it)
            raise
        try:
            _lock(fd)
        except OSError as exc:
            os.close(fd)
            if exc.errno in _BUSY:
                return False
            raise
        self.fd = fd
        return True

    def release(self) -> None:
        """Drop the lock and close the file (Windows: then remove it, when no one else has it open)."""
        fd, self.fd = self.fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        finally:
            os.close(fd)
        if os.name != "posix":
            try:
                self.path.unlink()
            except OSError:  # another run has it open (and may be about to lock it): it stays
                pass


if os.name == "posix":
    import fcntl

    def _lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:  # Windows
    import msvcrt

    def _lock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # the first byte, from the position of a file just opened: 0

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)


# What a lock held by another open file of the path fails with: EWOULDBLOCK (= EAGAIN) from flock; EACCES or
# EDEADLOCK from msvcrt.locking, which gives up at once with LK_NBLCK.
_BUSY = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, getattr(errno, "EDEADLOCK", errno.EDEADLK)}


def _holder_of_busy(folder: Path, patience: float = 1.0) -> Holder | None:
    # The holder writes its side file just after taking the lock: a run that meets the lock in that moment
    # waits a little for it, so that the message can name who holds the folder.
    import time

    deadline = time.monotonic() + patience
    while True:
        holder = read_holder(folder)
        if holder is not None or time.monotonic() >= deadline:
            return holder
        time.sleep(0.02)

