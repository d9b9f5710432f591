"""Letters and the attendance workbook are written whole or not at all, and a killed run's staging is swept.

The notices' staging folder holds every viewer's password until the read-back passes; a ``kill -9`` leaves it
behind, so the next run of notices removes it (issue 8: "after a kill -9 the next run removes and reports
leftovers"; "Temporary copies ... are created readable by the owner only").
"""

from __future__ import annotations

import os
import stat

import pytest

from shuudan_xl.files.transaction import PREFIX
from tests.attendance_data import RESULTS, exported_master, write_csv
from tests.cli.test_attendance_cli import BOOK, attendance
from tests.cli.test_notices_cli import LETTERS, notices
from tests.cli.test_notices_cli import master as notices_master  # noqa: F401 (fixture)


def test_a_staging_folder_a_killed_notices_run_left_is_removed_by_the_next_run(notices_master, capsys):  # noqa: F811
    outdir = notices_master.parent / "実施通知"
    leftover = outdir / f"{PREFIX}abc123"
    leftover.mkdir(parents=True)
    (leftover / LETTERS).write_bytes(b"half a letter with a password")
    code, _, err = notices(capsys, notices_master)
    assert code == 0 and f"一時ファイルを1個削除しました（{leftover.name}）" in err  # removed, and said so
    assert not leftover.exists()
    assert sorted(p.name for p in outdir.iterdir() if p.name.startswith(".")) == []
    assert (outdir / LETTERS).is_file()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")
def test_the_notices_staging_folder_is_private_while_letters_are_written(notices_master, capsys, monkeypatch):  # noqa: F811
    from shuudan_xl.services import notices as service

    seen = []
    original = service.verify_outputs

    def spy(plan, staging, *args, **kwargs):
        seen.append(stat.S_IMODE(staging.stat().st_mode))
        return original(plan, staging, *args, **kwargs)

    monkeypatch.setattr(service, "verify_outputs", spy)
    assert notices(capsys, notices_master)[0] == 0
    assert seen == [0o700]


def test_an_attendance_workbook_that_fails_half_way_leaves_nothing_at_its_name(tmp_path, capsys, monkeypatch):
    from shuudan_xl.files import attendance_book

    master = exported_master(tmp_path / "課", capsys)
    results = write_csv(tmp_path / "r.csv", RESULTS)

    def broken(path, *args, **kwargs):
        path.write_bytes(b"PK\x03\x04 truncated")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(attendance_book, "write_attendance_book", broken)
    code, out, err = attendance(capsys, master, results, "-o", tmp_path / "出欠")
    assert code == 2 and "Traceback" not in err
    assert not (tmp_path / "出欠").exists()  # the folder it created is gone again, with no temp file in it
    monkeypatch.undo()
    code, _, err = attendance(capsys, master, results, "-o", tmp_path / "出欠")
    assert (code, err) == (0, "") and [p.name for p in (tmp_path / "出欠").iterdir()] == [BOOK]
