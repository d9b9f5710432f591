"""export is one transaction: whatever fails, at whatever step, the list is byte-identical, nothing is at
the vendor books' final names, no temporary file is left, and the message is one Japanese line (exit 2)."""

import errno
import os
import shutil
import zipfile

import pytest
import xlsxwriter.workbook

from shuudan_xl.cli.main import main
from shuudan_xl.files import transaction
from shuudan_xl.rules.vendor_rows import as_dict
from shuudan_xl.services import export as export_service
from tests.integrity.helpers import REG, VIDEO, export_args, make_sample, snapshot, temp_files


@pytest.fixture
def sample(tmp_path, capsys):
    path = make_sample(tmp_path)
    capsys.readouterr()
    return path


# What the system may say at any step, and the words staff read for it.
REFUSALS = {errno.ENOSPC: "空き", errno.EACCES: "権限", errno.EROFS: "読み取り専用", errno.EIO: "Input/output"}


# Each step of the write where the disk can fill up: the staged file, the patched list, a vendor book,
# the backup, the renames.
STEPS = {
    "staging a file": (transaction.tempfile, "mkstemp"),
    "patching the list": (zipfile.ZipFile, "writestr"),
    "writing a vendor book": (xlsxwriter.workbook.Workbook, "close"),
    "backing up the list": (shutil, "copy2"),
    "renaming into place": (os, "replace"),
}


@pytest.mark.parametrize("refusal", list(REFUSALS))
@pytest.mark.parametrize("step", list(STEPS))
def test_an_os_refusal_at_any_step_changes_nothing_and_exits_2(sample, capsys, monkeypatch, step, refusal):
    """Disk full, permission denied, read-only medium or an I/O error, at each step of the write."""
    def refuse(*args, **kwargs):
        raise OSError(refusal, os.strerror(refusal))

    before = snapshot(sample.parent)
    target, name = STEPS[step]
    monkeypatch.setattr(target, name, refuse)
    code = main(export_args(sample))
    err = capsys.readouterr().err
    monkeypatch.undo()
    assert code == 2, err
    assert "Traceback" not in err and err.count("\n") == 1 and REFUSALS[refusal] in err, err
    assert snapshot(sample.parent) == before  # list byte-identical, no out/ files, no backups, no temps


def test_an_output_folder_that_refuses_writing_changes_nothing(sample, capsys):
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("needs POSIX permissions as a normal user")
    out = sample.parent / "out"
    out.mkdir()
    out.chmod(0o500)
    before = snapshot(sample.parent)
    try:
        code = main(export_args(sample))
    finally:
        out.chmod(0o700)
    err = capsys.readouterr().err
    assert code == 2 and "権限" in err and "Traceback" not in err
    assert snapshot(sample.parent) == before


def test_a_vendor_book_that_reads_back_wrong_is_refused_and_nothing_changes(sample, capsys, monkeypatch):
    from shuudan_xl.files import vendor_books

    real = vendor_books.write_vendor_book

    def tampered(path, layout, records, template=None):
        records = [dict(as_dict(r), password="x" + r["password"]) if "password" in as_dict(r) else r for r in records]
        return real(path, layout, records, template)

    monkeypatch.setattr(vendor_books, "write_vendor_book", tampered)
    before = snapshot(sample.parent)
    code = main(export_args(sample))
    out = capsys.readouterr()
    assert code == 1 and "一致しませんでした" in out.err
    assert snapshot(sample.parent) == before


def test_a_list_that_reads_back_wrong_is_refused_and_nothing_changes(sample, capsys, monkeypatch):
    from shuudan_xl.files import xlsx_patch

    real = xlsx_patch.write_patched

    def lossy(source, target, sheet, writes, verify=True):
        return real(source, target, sheet, writes[:-1], verify)  # one cell silently not written

    monkeypatch.setattr(xlsx_patch, "write_patched", lossy)
    before = snapshot(sample.parent)
    code = main(export_args(sample))
    err = capsys.readouterr().err
    assert code == 1 and "視聴者リストを読み直したところ" in err
    assert snapshot(sample.parent) == before


def test_an_export_replaces_earlier_vendor_books_and_keeps_the_list_backup(sample, capsys):
    assert main(export_args(sample)) == 0
    capsys.readouterr()
    out = sample.parent / "out"
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == sorted([REG, VIDEO])
    assert len(list((sample.parent / "バックアップ").iterdir())) == 1
    assert temp_files(sample.parent) == []
    if os.name == "posix":  # the vendor books get the usual permissions, not the staged files' 0o600
        assert (out / REG).stat().st_mode & 0o044 == 0o044 & ~_umask()


def _umask():
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.skipif(os.name != "posix", reason="symlinks need privileges on Windows")
def test_a_symlink_at_a_vendor_book_is_refused_and_its_target_untouched(sample, capsys):
    out = sample.parent / "out"
    out.mkdir()
    victim = sample.parent / "victim.txt"
    victim.write_bytes(b"another file")
    (out / VIDEO).symlink_to(victim)
    before = snapshot(sample.parent)
    code = main(export_args(sample))
    err = capsys.readouterr().err
    assert code == 2 and "シンボリックリンク" in err
    assert snapshot(sample.parent) == before and (out / VIDEO).is_symlink()


@pytest.mark.skipif(os.name != "posix", reason="symlinks need privileges on Windows")
@pytest.mark.parametrize("command", ["export", "fill"])
def test_a_symlinked_list_is_refused(tmp_path, capsys, command):
    real = make_sample(tmp_path / "real" if (tmp_path / "real").mkdir() is None else tmp_path)
    link = tmp_path / "link.xlsx"
    link.symlink_to(real)
    before = snapshot(tmp_path)
    args = export_args(link) if command == "export" else ["fill", str(link)]
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2 and "シンボリックリンク" in err
    assert snapshot(tmp_path) == before


def test_an_unexpected_error_exits_3_with_a_log_file_and_no_traceback(sample, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path.parent / (tmp_path.name + "-state")))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path.parent / (tmp_path.name + "-state")))

    def bug(*args, **kwargs):
        return 1 / 0

    monkeypatch.setattr(export_service, "write_export", bug)
    before = snapshot(sample.parent)
    code = main(export_args(sample))
    err = capsys.readouterr().err
    assert code == 3 and "内部エラー" in err and "Traceback" not in err
    (log,) = list((tmp_path.parent / (tmp_path.name + "-state") / "shuudan-xl" / "logs").iterdir())
    assert str(log) in err and "ZeroDivisionError" in log.read_text(encoding="utf-8")
    assert snapshot(sample.parent) == before


@pytest.mark.parametrize("where, says", [
    ("file", "同じ名前のファイル"),
    ("long", "長すぎます"),
])
def test_an_output_folder_that_cannot_be_a_folder_is_a_japanese_refusal(sample, capsys, where, says):
    if where == "file":
        outdir = sample.parent / "out"
        outdir.write_bytes(b"not a folder")
    else:
        outdir = sample.parent / ("長" * 200)
    before = snapshot(sample.parent)
    args = export_args(sample)
    args[args.index("-o") + 1] = str(outdir)
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2 and says in err and "Traceback" not in err, err
    assert snapshot(sample.parent) == before


@pytest.mark.parametrize("master", ["missing.xlsx", "."])
def test_a_list_that_is_missing_or_a_folder_is_a_japanese_refusal(tmp_path, capsys, master):
    code = main(export_args(tmp_path / master))
    err = capsys.readouterr().err
    assert code == 2 and ("見つかりません" in err or "フォルダです" in err) and "Traceback" not in err, err
    assert {p.name for p in tmp_path.iterdir()} <= {"操作記録.csv"}  # the operations log records refusals too


def test_the_leftovers_beside_the_list_are_removed_by_the_next_writer_even_when_it_is_refused(sample, capsys):
    leftover = sample.parent / ".shuudan-tmp-abcd1234.xlsx"
    leftover.write_bytes(b"passwords of a killed run")
    sample.with_name("~$" + sample.name).write_bytes(b"owner")
    assert main(export_args(sample)) == 2
    err = capsys.readouterr().err
    assert not leftover.exists() and "一時ファイルを1個削除しました" in err
