"""Ctrl-C and SIGTERM at the awkward moments, made exact in-process (no timing): just after a commit's renames,
while the writer lock is being removed, and inside a finaliser. An interrupt after the commit undoes nothing
and the run says which files were replaced; the lock's files never outlive it; a SIGTERM is never lost."""

import os
import signal
import sys
import time

import pytest

from shuudan_xl.cli.main import main
from shuudan_xl.cli.sigterm import sigterm_raises
from shuudan_xl.files.lock import writer_lock
from shuudan_xl.files.transaction import Transaction, committed_files, signals_deferred
from tests.integrity.helpers import export_args, make_sample, signal_after_last_rename

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


@posix_only
def test_an_interrupt_during_the_renames_comes_after_the_commit_and_undoes_nothing(tmp_path, monkeypatch):
    (tmp_path / "list.xlsx").write_bytes(b"old")
    signal_after_last_rename(monkeypatch, signal.SIGINT, 1)  # after the first of two renames
    undone = []
    with pytest.raises(KeyboardInterrupt), Transaction() as tx:
        tx.on_rollback(lambda: undone.append("undo"))
        tx.stage(tmp_path / "list.xlsx").write_bytes(b"new")
        tx.stage(tmp_path / "vendor.xlsx").write_bytes(b"vendor")
        tx.commit()
    assert tx.committed and undone == []  # both renames were done before Ctrl-C was delivered
    assert (tmp_path / "list.xlsx").read_bytes() == b"new" and (tmp_path / "vendor.xlsx").read_bytes() == b"vendor"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["list.xlsx", "vendor.xlsx"]
    assert committed_files()[-2:] == [tmp_path / "list.xlsx", tmp_path / "vendor.xlsx"]


@posix_only
def test_a_sigterm_after_an_export_committed_names_the_replaced_files_instead_of_nothing_changed(
        tmp_path, monkeypatch, capsys):
    master = make_sample(tmp_path)
    old = master.read_bytes()
    capsys.readouterr()
    signal_after_last_rename(monkeypatch, signal.SIGTERM, 3)  # the list and both vendor books
    assert main(export_args(master)) == 130
    err = capsys.readouterr().err
    assert "置き換え済み" in err and master.name in err and "元のファイルはそのまま" not in err, err
    assert master.read_bytes() != old and len(list((tmp_path / "out").glob("*.xlsx"))) == 2
    assert not list(tmp_path.glob(".shuudan-*"))


@posix_only
def test_a_sigterm_before_the_commit_still_says_nothing_changed(tmp_path, monkeypatch, capsys):
    master = make_sample(tmp_path)
    old = master.read_bytes()
    capsys.readouterr()

    def stop(self):
        os.kill(os.getpid(), signal.SIGTERM)
        raise AssertionError("SIGTERM did not interrupt")  # pragma: no cover

    monkeypatch.setattr(Transaction, "commit", stop)
    assert main(export_args(master)) == 130
    err = capsys.readouterr().err
    assert "作りかけのファイルは削除し、元のファイルはそのままです" in err and "置き換え済み" not in err
    assert master.read_bytes() == old and not list((tmp_path / "out").glob("*.xlsx"))
    assert not list(tmp_path.glob(".shuudan-*"))


@posix_only
def test_an_interrupt_while_the_lock_is_removed_leaves_neither_of_its_files(tmp_path, monkeypatch):
    from pathlib import Path

    real = Path.unlink

    def unlink(self, missing_ok=False):
        if self.name.startswith(".shuudan-xl.lock"):
            os.kill(os.getpid(), signal.SIGINT)  # between the side file's removal and the lock file's
        return real(self, missing_ok=missing_ok)

    with pytest.raises(KeyboardInterrupt):
        with writer_lock(tmp_path, "export"):
            monkeypatch.setattr(Path, "unlink", unlink)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


class _SignalsWhenFreed:
    def __del__(self):
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(10_000):  # the handler runs here, inside the finaliser
            pass


@posix_only
def test_a_sigterm_landing_in_a_finaliser_is_raised_just_after_it_and_prints_no_traceback(monkeypatch):
    dropped = []
    monkeypatch.setattr(sys, "unraisablehook", dropped.append)
    after = []
    with pytest.raises(KeyboardInterrupt), sigterm_raises():
        _SignalsWhenFreed()  # freed at once: its __del__ gets the signal
        after.append("the finaliser returned normally")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # the interrupt comes back within milliseconds
            time.sleep(0.001)
        after.append("never interrupted")
    assert dropped == [] and after == ["the finaliser returned normally"]


@posix_only
def test_the_retried_sigterm_of_a_finaliser_is_held_like_any_sigterm_during_a_commit():
    inside, after = [], []
    with pytest.raises(KeyboardInterrupt), sigterm_raises():
        with signals_deferred():
            os.kill(os.getpid(), signal.SIGALRM)  # the retry of a SIGTERM that landed in a finaliser
            for _ in range(10_000):  # its handler runs here
                pass
            inside.append("held until the block ends")
        after.append("never reached")
    assert inside == ["held until the block ends"] and after == []
