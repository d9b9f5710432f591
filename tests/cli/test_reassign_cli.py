"""End to end: attendance of round 1, then its absentees re-view in round 3 through ``reassign``."""

import openpyxl
import pytest

from shuudan_xl.files.ledger_store import read_ledger
from shuudan_xl.rules import master as m
from tests.attendance_data import IDS, RESULTS, exported_master, run, write_csv
from tests.conftest import digest
from tests.masters import changed_members, members, sheet_rows

VIDEO_BOOK = "令和6年度_第3回_視聴者動画_第1回再視聴.xlsx"
COL = {h: i for i, h in enumerate(m.COLUMNS)}


@pytest.fixture
def master(tmp_path, capsys):
    path = exported_master(tmp_path / "課", capsys)
    code, out, err = run(capsys, "attendance", path, "--round", "1", "--results",
                         write_csv(tmp_path / "r.csv", RESULTS), "--today", "2024-07-05")
    assert code == 0, out + err
    return path


def reassign(capsys, master, *extra, to_round=3, today="2024-07-05"):
    return run(capsys, "reassign", master, "--from-round", "1", "--to-round", to_round, "--today", today, *extra)


def list_rows(master):
    return sheet_rows(master, m.LIST_SHEET)


def test_absentees_get_only_a_video_book_and_rows_of_the_later_round(master, capsys):
    before = members(master)
    old_rows = list_rows(master)
    code, out, err = reassign(capsys, master)
    assert (code, err) == (0, "")
    outdir = master.parent / "業者提出"
    made = sorted(p.name for p in outdir.iterdir() if "第3回" in p.name)
    assert made == [VIDEO_BOOK]  # no 視聴者登録／更新: the IDs are registered
    book = openpyxl.load_workbook(outdir / VIDEO_BOOK)
    assert book.sheetnames == ["視聴者⇔動画"]
    assert sheet_rows(outdir / VIDEO_BOOK) == [
        ["ユーザーID", "動画"], [IDS["sakura"], "指定時集団指導（歯科）8月"],
        [IDS["yamada"], "登録時集団指導（医科）8月"],
        [IDS["aoba"], "更新時集団指導（薬局）8月"]]
    # The master: only the list part changed, three rows appended below the last one.
    assert changed_members(before, members(master)) == {"xl/worksheets/sheet1.xml"}
    rows = list_rows(master)
    assert rows[: len(old_rows)] == old_rows
    added = rows[len(old_rows):]
    assert [r[COL[m.LOGIN_ID]] for r in added] == [IDS["sakura"], IDS["yamada"], IDS["aoba"]]
    for new in added:
        source = next(r for r in old_rows if r[COL[m.LOGIN_ID]] == new[COL[m.LOGIN_ID]])
        assert new[COL[m.ROUND]] == "3" and new[COL[m.NOTE]] == "第1回未視聴のため再視聴" and new[COL[m.VIDEO]] == ""
        for header in (m.GUIDANCE, m.FIELD, m.GROUP, m.NUMBER, m.NAME, m.PASSWORD):
            assert new[COL[header]] == source[COL[header]]
    assert "バックアップ" in out and "視聴者登録／更新」は不要" in out


def test_the_appended_rows_make_round_3_exportable_as_registered_ids(master, capsys):
    reassign(capsys, master)
    code, out, _ = run(capsys, "export", master, "--round", "3", "-o", master.parent / "export3",
                       "--today", "2024-07-05")
    assert code == 0 and "新規ID 0・登録済みID 3" in out
    assert not (master.parent / "export3" / "令和6年度_第3回_視聴者登録更新.xlsx").exists()
    assert len(sheet_rows(master.parent / "export3" / "令和6年度_第3回_視聴者動画.xlsx")) == 4


def test_running_again_appends_nothing_more(master, capsys):
    reassign(capsys, master)
    after_first = digest(master)
    code, out, _ = reassign(capsys, master)
    assert code == 0 and digest(master) == after_first and "既にある" in out
    assert len(sheet_rows(master.parent / "業者提出" / VIDEO_BOOK)) == 4


def test_recomputing_from_the_results_gives_the_same_absentees(master, capsys, tmp_path):
    code, out, _ = reassign(capsys, master, "--results", tmp_path / "r.csv", "-o", tmp_path / "again")
    assert code == 0 and "視聴結果「r.csv」" in out
    assert sheet_rows(tmp_path / "again" / VIDEO_BOOK)[1:] == [
        [IDS["sakura"], "指定時集団指導（歯科）8月"], [IDS["yamada"], "登録時集団指導（医科）8月"],
        [IDS["aoba"], "更新時集団指導（薬局）8月"]]


def test_staff_corrections_in_the_attendance_book_count(master, capsys):
    path = master.parent / "出欠結果" / "令和6年度_第1回_出欠結果.xlsx"
    book = openpyxl.load_workbook(path)
    sheet = book["出欠入力"]
    for row in sheet.iter_rows(min_row=2):
        if row[7].value == IDS["aoba"]:
            row[5].value = "90:出席（eラーニング）"
    book.save(path)
    reassign(capsys, master)
    ids = [r[0] for r in sheet_rows(master.parent / "業者提出" / VIDEO_BOOK)[1:]]
    assert ids == [IDS["sakura"], IDS["yamada"]]


def test_a_passed_deadline_and_the_last_round_are_warned(master, capsys):
    code, out, _ = reassign(capsys, master, today="2024-07-30")
    assert code == 0 and "注意: 第3回の●登録期限" in out and "過ぎています" in out
    code, out, _ = reassign(capsys, master, to_round=9)
    assert code == 0 and "最後の視聴回" in out


def test_a_round_after_9_is_a_usage_error_and_nothing_is_written(master, capsys):
    """事務連絡 (5)「令和6年6月から令和7年2月末までの期間」: there is no 第10回, so --to-round 10 is a bad
    option (exit 2, like every other), not a finding (issue 9, section 6)."""
    before = digest(master)
    code, _, err = reassign(capsys, master, to_round=10)
    assert code == 2 and "第9回" in err and "年度内" in err
    assert digest(master) == before and not (master.parent / "業者提出" / VIDEO_BOOK).exists()


@pytest.mark.parametrize("to_round", [1, 0])
def test_an_earlier_round_is_a_usage_error(master, capsys, to_round):
    code, _, err = reassign(capsys, master, to_round=to_round)
    assert code == 2 and "より後" in err


def test_without_attendance_it_asks_for_it(tmp_path, capsys):
    master = exported_master(tmp_path / "別", capsys)
    code, _, err = reassign(capsys, master)
    assert code == 1 and "attendance" in err and "--results" in err


def test_a_master_open_in_excel_is_refused_before_anything_is_written(master, capsys):
    master.with_name("~$" + master.name).write_bytes(b"owner")
    before = digest(master)
    code, _, err = reassign(capsys, master)
    assert code == 2 and "Excelで開かれています" in err
    assert digest(master) == before and not (master.parent / "業者提出" / VIDEO_BOOK).exists()


def test_ids_missing_from_the_ledger_are_pointed_out(tmp_path, capsys):
    master = exported_master(tmp_path / "課", capsys)
    (master.parent / "ID台帳.xlsx").unlink()
    run(capsys, "attendance", master, "--round", "1", "--results", write_csv(tmp_path / "r.csv", RESULTS),
        "--today", "2024-07-05")
    code, out, _ = reassign(capsys, master)
    assert code == 0 and "ID台帳にないID" in out and "confirm" in out
    assert read_ledger(master.parent / "ID台帳.xlsx").entries == []
