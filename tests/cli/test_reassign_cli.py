"""End to end: attendance of round 1, then its absentees re-view in round 3 through ``reassign``."""

import openpyxl
import pytest

from shuudan_xl.files.ledger_store import read_ledger
from shuudan_xl.rules import master as m
from tests.attendance_data import IDS, RESULTS, exported_master, run, write_csv
from tests.conftest import digest
from tests.masters import changed_members, members, sheet_rows, viewer

VIDEO_BOOK = "令和6年度_第3回_視聴者動画.xlsx"  # round 3's pair (手順 3(5)): no book of the re-viewers' own
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
    assert "バックアップ" in out and "この1組を提出" in out


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


def test_a_passed_deadline_is_refused_naming_the_next_open_round_and_the_last_round_is_warned(master, capsys):
    """手順 3(6)「登録期限は厳守すること。…翌月以降の指導実施に変更するなどの対応を図ること」."""
    before = digest(master)
    code, out, _ = reassign(capsys, master, today="2024-07-30")
    assert code == 1 and "第3回の●登録期限" in out and "過ぎています" in out and "第4回" in out
    assert "--move-late" in out and "--allow-late" in out and digest(master) == before
    code, out, _ = reassign(capsys, master, to_round=9)
    assert code == 0 and "最後の視聴回" in out


def test_move_late_links_the_absentees_to_the_next_open_round(master, capsys):
    code, out, err = reassign(capsys, master, "--move-late", today="2024-07-30")
    assert code == 0 and "第4回にします" in err and "第4回の動画に紐付けます" in out


def test_allow_late_proceeds_and_records_the_agreement_in_the_ledger(master, capsys):
    code, out, err = reassign(capsys, master, "--allow-late", today="2024-07-30")
    assert code == 0 and "警告:" in err
    from shuudan_xl.files.reader import Workbook

    rows = Workbook(master.parent / "ID台帳.xlsx").rows("登録済みID")
    assert [r[10] for r in rows[1:]].count("期限後了承") == 1


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


REG3 = "令和6年度_第3回_視聴者登録更新.xlsx"
LATER_VIEWER = viewer(round_=3, number="4444444", name="みどり医院")  # n134444444, a viewer of round 3 itself


def with_round_3(tmp_path, capsys, export_3=True, confirm_3=False):
    from tests.attendance_data import VIEWERS

    master = exported_master(tmp_path / "課3", capsys, rows=[*VIEWERS, LATER_VIEWER])
    assert run(capsys, "attendance", master, "--round", "1", "--results",
               write_csv(tmp_path / "r.csv", RESULTS), "--today", "2024-07-05")[0] == 0
    for command, wanted in (("export", export_3), ("confirm", confirm_3)):
        if wanted:
            extra = ("--today", "2024-07-05") if command == "export" else ()
            code, out, err = run(capsys, command, master, "--round", "3", "-o", master.parent / "業者提出", *extra)
            assert code == 0, out + err
    return master


def test_re_viewers_join_the_later_rounds_one_pair_and_replace_it(tmp_path, capsys):
    """手順 3(5)「視聴者リスト（Excelのブック・シート）が複数にわたることのないよう、1つのシートにまとめた上で」:
    the re-viewers go into round 3's pair with round 3's own viewer, each once; the pair exported before is
    moved to 差し替え済み, and no separate re-viewing book is made."""
    master = with_round_3(tmp_path, capsys)
    outdir = master.parent / "業者提出"
    old_video = (outdir / VIDEO_BOOK).read_bytes()
    code, out, err = reassign(capsys, master)
    assert (code, err) == (0, ""), out
    assert sorted(p.name for p in outdir.glob("*第3回*.xlsx")) == sorted([REG3, VIDEO_BOOK])
    assert [r[0] for r in sheet_rows(outdir / REG3)[1:]] == ["n134444444"]  # re-viewers are registered
    assert sheet_rows(outdir / VIDEO_BOOK)[1:] == [
        ["n134444444", "指定時集団指導（医科）8月"], [IDS["sakura"], "指定時集団指導（歯科）8月"],
        [IDS["yamada"], "登録時集団指導（医科）8月"], [IDS["aoba"], "更新時集団指導（薬局）8月"]]
    (stamp,) = (outdir / "差し替え済み").iterdir()
    assert (stamp / VIDEO_BOOK).read_bytes() == old_video and "差し替え済み" in out
    # Exporting round 3 now gives the same pair: nothing is rewritten or sent twice.
    before = {p.name: digest(p) for p in outdir.glob("*第3回*.xlsx")}
    code, out, _ = run(capsys, "export", master, "--round", "3", "-o", outdir, "--today", "2024-07-05")
    assert code == 0 and "作り直していません" in out
    assert {p.name: digest(p) for p in outdir.glob("*第3回*.xlsx")} == before


def test_after_the_later_round_was_sent_the_re_viewers_are_a_supplement(tmp_path, capsys):
    """Round 3 was sent (confirm): the re-viewers' links go into …_第3回_追加1_視聴者動画.xlsx alone, never a second
    copy of round 3's rows; the sent pair is left as it was."""
    master = with_round_3(tmp_path, capsys, confirm_3=True)
    outdir = master.parent / "業者提出"
    sent = {p.name: digest(p) for p in outdir.glob("*第3回*.xlsx")}
    code, out, err = reassign(capsys, master)
    assert (code, err) == (0, ""), out
    supplement = "令和6年度_第3回_追加1_視聴者動画.xlsx"
    assert sorted(p.name for p in outdir.glob("*第3回*.xlsx")) == sorted([*sent, supplement])
    assert {name: digest(outdir / name) for name in sent} == sent
    assert [r[0] for r in sheet_rows(outdir / supplement)[1:]] == [IDS["sakura"], IDS["yamada"], IDS["aoba"]]
    assert "追加1" in out


def test_a_later_round_not_exported_yet_gets_its_pair_from_export_with_the_re_viewers(tmp_path, capsys):
    """Round 3's own viewer has no ID yet: reassign appends the rows but writes no partial book (it says why);
    round 3's export then writes one pair holding everyone."""
    master = with_round_3(tmp_path, capsys, export_3=False)
    outdir = master.parent / "業者提出"
    code, out, err = reassign(capsys, master)
    assert (code, err) == (0, "") and "export" in out and "再視聴の3人も入ります" in out
    assert not list(outdir.glob("*第3回*.xlsx"))
    code, out, _ = run(capsys, "export", master, "--round", "3", "-o", outdir, "--today", "2024-07-05")
    assert code == 0
    assert [r[0] for r in sheet_rows(outdir / VIDEO_BOOK)[1:]] == [
        "n134444444", IDS["sakura"], IDS["yamada"], IDS["aoba"]]
