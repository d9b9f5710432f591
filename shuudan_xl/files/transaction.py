"""Two-phase writes: stage every file under a private temporary name beside its final place, verify,
then rename them all into place.

Every writer of the master list, the ledger, the vendor books or any other output follows one pattern,
under the folder's writer lock (``files.lock.writer_lock``)::

    with writer_lock(master.parent, "export"), Transaction() as tx:
        new_list = tx.stage(master, backup=True)    # the list's new content is written here
        reg = tx.stage(outdir / "…_視聴者登録更新.xlsx")
        write_vendor_book(reg, …)                   # write to the staged (temporary) paths only
        patch_to(master, new_list, …)
        verify(new_list, reg)                       # read them back; raise to abort
        tx.commit()                                 # backups, then os.replace in staging order

Staged files are created owner-only (0o600) with the prefix ``.shuudan-tmp-`` in the final file's
folder (so the rename never crosses a volume). Until ``commit()`` the final files are untouched; on any
exception in the ``with`` block (also Ctrl-C, and SIGTERM once ``cli.sigterm.sigterm_raises()`` is installed) every
staged file is removed. A ``with`` block left without ``commit()`` is rolled back as well.

``commit()``: fsync every staged file; copy each ``backup=True`` final to バックアップ; remove the other
finals that exist (derived outputs such as vendor books: a kill during the commit then leaves either the
new file or none at a final name, never an old one beside a new list); then ``os.replace`` each staged
file in staging order and fsync the folders. Stage the precious file (the list, the ledger) first.

After a ``kill -9`` the staged files stay behind; the next transaction (under the same lock) removes
those of every folder it stages into, and logs a warning (logger ``shuudan_xl``) naming them.
Symlinks at a final path are refused (``CannotWrite``): replacing one would either overwrite another
file or silently turn the link into a file.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from shuudan_xl.errors import CannotWrite

PREFIX = ".shuudan-tmp-"
# Temporary copies of the list written by earlier versions (".shuudan-" + mkstemp's 8 characters).
_LEGACY = re.compile(r"^\.shuudan-[a-z0-9_]{8}\.(xlsx|xlsm)$")
log = logging.getLogger("shuudan_xl")
_ACTIVE: set[Path] = set()  # staged files of this process's open transactions: never swept as leftovers
_COMMITTED: list[Path] = []  # finals put in place by this process (committed_files)


@dataclass
class _Staged:
    final: Path
    temp: Path
    backup: bool


class Transaction:
    """A set of files written under temporary names and put in place together (see the module doc)."""

    def __init__(self, reported: bool = True) -> None:
        """Args:
            reported: False for bookkeeping (the operations log), which ``committed_files()`` leaves out.
        """
        self._reported = reported
        self._staged: list[_Staged] = []
        self._swept: set[Path] = set()
        self.committed = False
        self.backups: dict[Path, Path] = {}  # final → its backup, filled by commit()
        self.leftovers: list[Path] = []  # temporary files of an interrupted earlier run, removed
        self._undo: list = []

    def __enter__(self) -> Transaction:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if not self.committed:
            self.rollback()

    def stage(self, final: Path, backup: bool = False) -> Path:
        """Reserve a private temporary file for ``final`` in its folder and return its path.

        Args:
            final: Where the file will be once committed.
            backup: Copy the existing final to バックアップ before replacing it (the list, the ledger).

        Raises:
            CannotWrite: when ``final`` is a symlink or a folder, or the folder refuses a new file.
        """
        final = Path(final)
        refuse_symlink(final)
        if final.is_dir():
            raise CannotWrite(f"「{final}」はフォルダのため、ファイルを書き込めません。")
        folder = final.parent
        if folder not in self._swept:
            self._swept.add(folder)
            self.leftovers += sweep_leftovers(folder)
        try:
            fd, name = tempfile.mkstemp(prefix=PREFIX, suffix=final.suffix, dir=folder)
        except OSError as exc:
            raise cannot_write(final, exc) from None
        os.close(fd)
        self._staged.append(_Staged(final, Path(name), backup))
        _ACTIVE.add(Path(name))
        return Path(name)

    def commit(self) -> dict[Path, Path]:
        """Put every staged file in place (see the module doc); return {final: backup}.

        Raises:
            CannotWrite: when the system refuses a step (the message says what is in place).
        """
        from shuudan_xl.files.xlsx_patch import make_backup

        try:
            for s in self._staged:
                _fsync(s.temp)
            for s in self._staged:
                if s.backup and s.final.exists():
                    self.backups[s.final] = make_backup(s.final)
            for s in self._staged:
                refuse_symlink(s.final)
                if not s.backup:
                    s.final.unlink(missing_ok=True)
        except OSError as exc:
            self.rollback()
            raise cannot_write(self._staged[0].final, exc) from None
        done: list[Path] = []
        try:
            with signals_deferred():  # Ctrl-C or SIGTERM now would leave some files renamed and not others
                for s in self._staged:
                    _set_mode(s.temp, s.final)
                    os.replace(s.temp, s.final)
                    done.append(s.final)
                # Marked before the held signal is delivered (as the block ends): an interrupt from here on
                # comes after the commit, so nothing is rolled back and the run reports what it put in place.
                self.committed = True
                _ACTIVE.difference_update(s.temp for s in self._staged)
                _COMMITTED.extend(done if self._reported else ())
            for folder in {s.final.parent for s in self._staged}:
                _fsync_dir(folder)
        except OSError as exc:
            if not self.committed:
                self.rollback()
                placed = "、".join(f"「{p.name}」" for p in done) or "なし"
                raise CannotWrite(f"ファイルを置き換える途中で失敗しました（{reason(exc)}）。"
                                  f"置き換え済み: {placed}。もう一度実行してください。") from None
            log.warning("フォルダの書き込みを確定できませんでした（%s）。ファイルは置き換え済みです。", reason(exc))
        return self.backups

    def on_rollback(self, undo) -> None:
        """Call ``undo()`` if the transaction is rolled back (e.g. clear cells written into an open book)."""
        self._undo.append(undo)

    def rollback(self) -> None:
        """Remove every staged file that is still there (the finals are not touched), then run the undo calls."""
        replaced = {s.final for s in self._staged if not s.temp.exists()}  # renamed before a commit failed
        for s in self._staged:
            try:
                s.temp.unlink(missing_ok=True)
            except OSError:
                log.warning("一時ファイル「%s」を削除できませんでした。手で削除してください。", s.temp)
            _ACTIVE.discard(s.temp)
        for final in [f for f in self.backups if f not in replaced]:  # the final stands: its copy is not needed
            _remove_backup(self.backups.pop(final))
        for undo in reversed(self._undo):
            try:
                undo()
            except Exception:  # the undo of a failed step must not hide the failure itself
                log.warning("取り消しの処理に失敗しました。ブックの内容を確認してください。", exc_info=True)
        self._undo.clear()

    def make_folder(self, folder: Path) -> None:
        """Create ``folder`` (and its parents) for staged files; a rollback removes what it created.

        Raises:
            CannotWrite: when the system refuses.
        """
        folder = Path(folder)
        missing = [p for p in [folder, *folder.parents] if not p.exists()]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise cannot_write(folder, exc) from None
        for created in missing:  # innermost first
            self.on_rollback(lambda p=created: p.rmdir())


@contextmanager
def transaction() -> Iterator[Transaction]:
    """``with transaction() as tx:`` — the same as ``with Transaction() as tx:``."""
    with Transaction() as tx:
        yield tx


def sweep_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files (and staging folders) an interrupted run left in ``folder``; log and return them.

    Call only while holding the folder's writer lock (a running writer's files look the same).
    """
    try:
        names = [p for p in Path(folder).iterdir()
                 if (p.name.startswith(PREFIX) or _LEGACY.match(p.name)) and p not in _ACTIVE]
    except OSError:
        return []
    removed = []
    for path in names:
        try:
            if path.is_dir() and not path.is_symlink():  # a staging folder (e.g. the letters of notices)
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            continue
    if removed:
        log.warning("前回中断された処理の一時ファイルを%d個削除しました（%s）。", len(removed),
                    "、".join(p.name for p in removed))
    return removed


def refuse_symlink(path: Path) -> None:
    """Refuse to write through a symbolic link (it would change another file than the one named).

    Raises:
        CannotWrite: when ``path`` is a symlink.
    """
    if Path(path).is_symlink():
        raise CannotWrite(f"「{path}」はシンボリックリンク（別のファイルへの参照）のため、書き込みません。"
                          "実際のファイルを指定してください。")


def cannot_write(path: Path, exc: OSError) -> CannotWrite:
    """A Japanese ``CannotWrite`` for an OS error while writing ``path``."""
    return CannotWrite(f"「{path}」に書き込めません（{reason(exc)}）。何も変更していません。"
                       "空き容量・権限・パスを確かめて、もう一度実行してください。")


def reason(exc: OSError) -> str:
    """Why the system refused, in Japanese (the system's own words for unusual errors)."""
    import errno

    return {errno.ENOSPC: "ディスクの空きが足りません", errno.EACCES: "書き込みの権限がありません",
           errno.EPERM: "書き込みの権限がありません", errno.EROFS: "読み取り専用の場所です",
           errno.ENAMETOOLONG: "ファイル名またはパスが長すぎます", errno.ENOENT: "フォルダが見つかりません",
           errno.ENOTDIR: "途中にフォルダではないものがあります", errno.EISDIR: "同じ名前のフォルダがあります",
           errno.EEXIST: "同じ名前のファイルがあります",
           errno.EDQUOT: "ディスクの使用量の上限を超えています"}.get(exc.errno, exc.strerror or str(exc))


def _remove_backup(copy: Path) -> None:
    try:
        copy.unlink(missing_ok=True)
        copy.parent.rmdir()  # only when empty: the folder was made for this backup
    except OSError:
        pass


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    # A rename is durable once its folder is; Windows has no folder handles to sync (NTFS journals it).
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_UMASK: list[int] = []


def _set_mode(temp: Path, final: Path) -> None:
    # The staged file is private while written; in place it gets the replaced file's mode, or the default.
    if final.exists():
        shutil.copymode(final, temp)
        return
    if not _UMASK:
        mask = os.umask(0o022)
        os.umask(mask)
        _UMASK.append(mask)
    os.chmod(temp, 0o666 & ~_UMASK[0])


def committed_files() -> list[Path]:
    """Every final file this process's transactions have put in place so far, in order (``cli.main`` names
    those of its run when an interrupt arrives after a commit, instead of saying nothing changed)."""
    return list(_COMMITTED)


@contextmanager
def signals_deferred() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) and SIGTERM within the block (a commit's renames, the lock's clean-up); one that
    arrives meanwhile is handled as the block ends, by the handler that was in place.

    Python runs signal handlers in the main thread only, whichever thread the system hands the signal to, so
    the handlers are swapped for ones that take note (a thread's signal mask would not hold a signal that a
    library's thread receives). Off the main thread no handler can run there: the block runs as it is.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = [s for s in (getattr(signal, "SIGINT", None), getattr(signal, "SIGTERM", None)) if s is not None]
    previous = {s: signal.getsignal(s) for s in held}
    previous = {s: h for s, h in previous.items() if h is not None}  # None: set outside Python, left alone
    for s in previous:
        signal.signal(s, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if caught:
            _deliver(caught[0], previous[caught[0]])


def _deliver(signum: int, handler) -> None:
    # What the signal would have done had it not been held: the handler's effect (KeyboardInterrupt), or the end.
    if callable(handler):
        handler(signum, None)
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)
