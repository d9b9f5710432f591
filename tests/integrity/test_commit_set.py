"""An interrupt while a round's set is put in place takes effect only after the books the new set replaced are
gone: otherwise an old book that the manifest says was replaced would stay beside the new set in the folder
staff upload from (services.round_set.commit_set)."""

import os
import signal
from types import SimpleNamespace

import pytest

from shuudan_xl.files.transaction import Transaction
from shuudan_xl.services import round_set
from shuudan_xl.services.round_set import WrittenSet
from tests.integrity.helpers import signal_after_last_rename

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX signals")


@posix_only
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupt_during_the_commit_comes_after_the_replaced_book_is_removed(tmp_path, monkeypatch, signum):
    from shuudan_xl.cli.sigterm import sigterm_raises

    old, new = tmp_path / "第1回_視聴者動画.xlsx", tmp_path / "第1回_視聴者登録更新.xlsx"
    old.write_bytes(b"old links book")  # the earlier set's second book, which the new set does not replace
    files = SimpleNamespace(replaced=[old])
    written = WrittenSet(new, None, 1, 0, tmp_path / "差し替え済み")
    with sigterm_raises(), Transaction() as tx:
        tx.stage(new).write_bytes(b"new registration book")
        signal_after_last_rename(monkeypatch, signum, 1)
        with pytest.raises(KeyboardInterrupt):
            round_set.commit_set(tx, files, written)
    assert new.read_bytes() == b"new registration book"
    assert not old.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".shuudan-tmp-")]


def test_a_commit_without_an_interrupt_removes_the_replaced_book_and_returns_the_backups(tmp_path):
    old, new = tmp_path / "old.xlsx", tmp_path / "new.xlsx"
    old.write_bytes(b"old")
    with Transaction() as tx:
        tx.stage(new).write_bytes(b"new")
        backups = round_set.commit_set(tx, SimpleNamespace(replaced=[old]), WrittenSet(new, None, 1, 0, tmp_path))
    assert backups == {} and new.read_bytes() == b"new" and not old.exists()
