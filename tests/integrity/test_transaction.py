"""files.transaction: staged files are private, nothing reaches a final name before commit, and every
failure (an exception, Ctrl-C, a refused symlink) leaves the finals as they were and no temporary file."""

import logging
import os
import stat

import pytest

from shuudan_xl.errors import CannotWrite
from shuudan_xl.files.transaction import PREFIX, Transaction, sweep_leftovers
from shuudan_xl.files.xlsx_patch import BACKUP_DIR


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_staged_files_are_private_and_hidden_until_commit(tmp_path):
    with Transaction() as tx:
        temp = tx.stage(tmp_path / "out.xlsx")
        temp.write_bytes(b"new")
        assert temp.parent == tmp_path and temp.name.startswith(PREFIX)
        if os.name == "posix":
            assert stat.S_IMODE(temp.stat().st_mode) == 0o600
        assert not (tmp_path / "out.xlsx").exists()
        tx.commit()
    assert (tmp_path / "out.xlsx").read_bytes() == b"new"
    assert listing(tmp_path) == ["out.xlsx"]


@pytest.mark.parametrize("error", [RuntimeError("boom"), KeyboardInterrupt()])
def test_an_exception_before_commit_removes_every_staged_file_and_keeps_the_finals(tmp_path, error):
    (tmp_path / "list.xlsx").write_bytes(b"old")
    with pytest.raises(type(error)), Transaction() as tx:
        tx.stage(tmp_path / "list.xlsx", backup=True).write_bytes(b"new")
        tx.stage(tmp_path / "vendor.xlsx").write_bytes(b"vendor")
        raise error
    assert listing(tmp_path) == ["list.xlsx"] and (tmp_path / "list.xlsx").read_bytes() == b"old"


def test_a_block_left_without_commit_is_rolled_back(tmp_path):
    with Transaction() as tx:
        tx.stage(tmp_path / "a.xlsx").write_bytes(b"x")
    assert listing(tmp_path) == []


def test_commit_backs_up_the_precious_file_and_removes_stale_outputs_first(tmp_path):
    (tmp_path / "list.xlsx").write_bytes(b"old list")
    (tmp_path / "vendor.xlsx").write_bytes(b"old vendor")
    with Transaction() as tx:
        tx.stage(tmp_path / "list.xlsx", backup=True).write_bytes(b"new list")
        tx.stage(tmp_path / "vendor.xlsx").write_bytes(b"new vendor")
        backups = tx.commit()
    assert (tmp_path / "list.xlsx").read_bytes() == b"new list"
    assert (tmp_path / "vendor.xlsx").read_bytes() == b"new vendor"
    assert backups[tmp_path / "list.xlsx"].read_bytes() == b"old list"
    assert backups[tmp_path / "list.xlsx"].parent == tmp_path / BACKUP_DIR


def test_a_failing_rename_leaves_no_temporary_file_and_says_so_in_japanese(tmp_path, monkeypatch):
    import errno

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    with Transaction() as tx:
        tx.stage(tmp_path / "a.xlsx").write_bytes(b"x")
        monkeypatch.setattr(os, "replace", full)
        with pytest.raises(CannotWrite, match="置き換える途中"):
            tx.commit()
    assert listing(tmp_path) == []


@pytest.mark.skipif(os.name != "posix", reason="symlinks need privileges on Windows")
def test_a_symlink_at_a_final_path_is_refused_and_its_target_untouched(tmp_path):
    target = tmp_path / "other.txt"
    target.write_bytes(b"precious")
    (tmp_path / "out.xlsx").symlink_to(target)
    with pytest.raises(CannotWrite, match="シンボリックリンク"), Transaction() as tx:
        tx.stage(tmp_path / "out.xlsx")
    assert target.read_bytes() == b"precious" and (tmp_path / "out.xlsx").is_symlink()
    assert listing(tmp_path) == ["other.txt", "out.xlsx"]


def test_a_folder_that_refuses_new_files_is_a_cannot_write(tmp_path):
    with pytest.raises(CannotWrite, match="フォルダが見つかりません"), Transaction() as tx:
        tx.stage(tmp_path / "missing" / "a.xlsx")


def test_leftovers_of_a_killed_run_are_removed_and_reported(tmp_path, caplog):
    (tmp_path / f"{PREFIX}abc.xlsx").write_bytes(b"password inside")
    (tmp_path / ".shuudan-ab12cd_3.xlsm").write_bytes(b"old-style temp copy")
    (tmp_path / ".shuudan-xl.lock").write_bytes(b"")
    (tmp_path / "keep.xlsx").write_bytes(b"")
    with caplog.at_level(logging.WARNING, logger="shuudan_xl"):
        with Transaction() as tx:
            tx.stage(tmp_path / "a.xlsx").write_bytes(b"x")
            tx.commit()
    assert {p.name for p in tx.leftovers} == {f"{PREFIX}abc.xlsx", ".shuudan-ab12cd_3.xlsm"}
    assert listing(tmp_path) == [".shuudan-xl.lock", "a.xlsx", "keep.xlsx"]
    assert "一時ファイルを2個削除しました" in caplog.text
    assert sweep_leftovers(tmp_path) == []


def test_a_nested_transaction_never_sweeps_the_files_an_open_one_staged(tmp_path):
    with Transaction() as outer:
        staged = outer.stage(tmp_path / "list.xlsx")
        staged.write_bytes(b"outer")
        with Transaction() as inner:
            inner.stage(tmp_path / "book.xlsx").write_bytes(b"inner")
            inner.commit()
        assert inner.leftovers == [] and staged.read_bytes() == b"outer"
        outer.commit()
    assert listing(tmp_path) == ["book.xlsx", "list.xlsx"]


def test_a_vendor_book_written_straight_to_its_name_is_never_partial(tmp_path, monkeypatch):
    import xlsxwriter.workbook

    from shuudan_xl.files.vendor_books import REGISTRATION, write_vendor_book

    final = tmp_path / "予備ID.xlsx"
    final.write_bytes(b"earlier book")

    def crash(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "close", crash)
    with pytest.raises(OSError):
        write_vendor_book(final, REGISTRATION, [{"id": "s13yb0001", "password": "abcdefghij", "group": "東京13"}])
    assert listing(tmp_path) == ["予備ID.xlsx"] and final.read_bytes() == b"earlier book"
