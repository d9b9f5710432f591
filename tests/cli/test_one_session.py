"""One round session per run (issue 12 §6): attendance, notices and reassign read 設定 once and report
every 設定 problem at once."""

import openpyxl
import pytest

from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules.settings import SETTINGS_SHEET
from shuudan_xl.services import settings as settings_service
from tests.attendance_data import RESULTS, exported_master, run, write_csv


@pytest.fixture
def master(tmp_path, capsys):
    return exported_master(tmp_path / "課", capsys)


@pytest.fixture
def reads(monkeypatch):
    """Count how often a run parses 設定 and how often it reads the sheet from a file."""
    counts = {"parsed": 0, "read": 0}
    load, rows = settings_service.load_settings, Workbook.rows

    def counting_load(book):
        counts["parsed"] += 1
        return load(book)

    def counting_rows(self, sheet):
        counts["read"] += sheet == SETTINGS_SHEET
        return rows(self, sheet)

    monkeypatch.setattr(settings_service, "load_settings", counting_load)
    monkeypatch.setattr(Workbook, "rows", counting_rows)
    return counts


def set_settings(path, **values):
    """Type values into the 設定 sheet as staff would (項目 in column A, 値 in column B)."""
    book = openpyxl.load_workbook(path)
    sheet = book[SETTINGS_SHEET]
    for row in sheet.iter_rows(min_row=1):
        if row[0].value in values:
            row[1].value = values.pop(row[0].value)
    assert not values, f"not on the 設定 sheet: {values}"
    book.save(path)


def attendance(capsys, master, tmp_path, *extra):
    results = write_csv(tmp_path / "r.csv", RESULTS)
    return run(capsys, "attendance", master, "--round", "1", "--results", results, "--today", "2024-07-05", *extra)


def reassign(capsys, master, tmp_path, *extra, today="2024-07-05"):
    results = write_csv(tmp_path / "r.csv", RESULTS)
    return run(capsys, "reassign", master, "--from-round", "1", "--to-round", "3", "--results", results,
               "--today", today, *extra)


def notices(capsys, master, *extra):
    return run(capsys, "notices", master, "--round", "1", "--today", "2024-05-20", "--draft", *extra)


def test_attendance_reads_the_settings_sheet_once(master, tmp_path, capsys, reads):
    code, out, err = attendance(capsys, master, tmp_path)
    assert code == 0, out + err
    assert reads == {"parsed": 1, "read": 1}


def test_an_attendance_dry_run_reads_the_settings_sheet_once(master, tmp_path, capsys, reads):
    code, out, err = attendance(capsys, master, tmp_path, "--dry-run")
    assert code == 0, out + err
    assert reads == {"parsed": 1, "read": 1}


def test_reassign_reads_the_settings_sheet_once_also_when_it_checks_the_later_rounds_deadline(
        master, tmp_path, capsys, reads):
    # 2024-07-30 is past round 3's registration deadline: the later round is checked and the agreement recorded.
    code, out, err = reassign(capsys, master, tmp_path, "--allow-late", today="2024-07-30")
    assert code == 0, out + err
    assert "了承をID台帳に記録しました" in err
    assert reads == {"parsed": 1, "read": 1}


def test_reassign_moving_to_the_next_open_round_reads_the_settings_sheet_once(master, tmp_path, capsys, reads):
    code, out, err = reassign(capsys, master, tmp_path, "--move-late", today="2024-07-30")
    assert code == 0, out + err
    assert "--move-late" in err
    assert reads == {"parsed": 1, "read": 1}


def test_notices_reads_the_settings_sheet_once(master, capsys, reads):
    code, out, err = notices(capsys, master)
    assert code == 0, out + err
    assert reads == {"parsed": 1, "read": 1}


@pytest.mark.parametrize("command", ["attendance", "reassign", "notices"])
def test_every_settings_problem_is_reported_at_once_and_nothing_is_written(master, tmp_path, capsys, command):
    set_settings(master, **{"年度": "昭和", "登録方法": "郵送"})
    before = sorted(p.name for p in master.parent.rglob("*"))
    if command == "attendance":
        code, out, err = attendance(capsys, master, tmp_path)
    elif command == "reassign":
        code, out, err = reassign(capsys, master, tmp_path)
    else:
        code, out, err = notices(capsys, master)
    assert code == 2, out + err
    assert "年度" in err and "昭和" in err and "登録方法" in err, err
    assert "次の設定・指定を直してから" in err
    assert sorted(p.name for p in master.parent.rglob("*")) == before


def test_spare_ids_for_a_round_read_the_settings_sheet_once(master, capsys, reads):
    code, out, err = run(capsys, "spare-ids", "--kind", "m", "--prefecture", "13", "--count", "2", "--master", master,
                         "--round", "3", "--today", "2024-05-01")
    assert (code, err) == (0, ""), out
    assert reads == {"parsed": 1, "read": 1}


def test_assigning_a_spare_reads_the_settings_sheet_once(master, capsys, reads):
    assert run(capsys, "spare-ids", "--kind", "m", "--prefecture", "13", "--count", "1", "--master", master)[0] == 0
    reads.update(parsed=0, read=0)
    code, out, err = run(capsys, "spare-ids", "assign", "m13yb0001", "--name", "他県 次郎", "--master", master)
    assert (code, err) == (0, ""), out
    assert reads == {"parsed": 1, "read": 1}
