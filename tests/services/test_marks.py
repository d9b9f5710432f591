"""Marks: findings become coloured cells with notes; a later run takes off its own marks and only those."""

from shuudan_xl.rules.doublecheck import compare
from shuudan_xl.rules.findings import ERROR, WARNING, Finding
from shuudan_xl.rules.layout import find_layout
from shuudan_xl.services.marks import (
    CHECK,
    DOUBLECHECK,
    ERROR_FILL,
    STAFF_NOTE,
    WARNING_FILL,
    CellMark,
    difference_findings,
    plan_marks,
    staff_text,
)

LAYOUT = find_layout([["視聴回", "都道府県", "ユーザーID", "パスワード"]])


def finding(row, column, severity=ERROR, message="違います。", suggestion=None):
    return Finding("視聴者リスト", row, column, severity, "code", message, "x", suggestion)


def test_a_finding_colours_its_cell_and_explains_it_in_a_new_note():
    (mark,) = plan_marks([finding(5, "ユーザーID", suggestion="n131234567")], LAYOUT, {}, CHECK)
    assert (mark.row, mark.col, mark.fill, mark.had_note) == (5, 2, ERROR_FILL, False)
    assert mark.note == f"{CHECK}\n【エラー】違います。\n→ 修正案: n131234567"


def test_an_error_and_a_warning_on_one_cell_make_one_red_mark_with_both_explanations():
    (mark,) = plan_marks([finding(5, "パスワード", WARNING, "警告の内容"), finding(5, "パスワード", ERROR, "誤り")],
                         LAYOUT, {}, CHECK)
    assert mark.fill == ERROR_FILL
    assert mark.note.splitlines() == [CHECK, "【警告】警告の内容", "【エラー】誤り"]


def test_warnings_alone_are_yellow():
    (mark,) = plan_marks([finding(5, "都道府県", WARNING)], LAYOUT, {}, CHECK)
    assert mark.fill == WARNING_FILL


def test_a_finding_without_a_column_of_the_sheet_marks_column_a():
    (mark,) = plan_marks([finding(5, "")], LAYOUT, {}, CHECK)
    assert mark.col == 0


def test_old_marks_of_the_same_check_come_off_and_staff_notes_stay():
    notes = {(4, 2): f"{CHECK}\n【エラー】前回", (4, 1): "電話で確認済み", (6, 3): f"{DOUBLECHECK}\n違い"}
    marks = plan_marks([], LAYOUT, notes, CHECK)
    assert marks == [CellMark(4, 2, None, None, had_note=True)]
    assert marks[0].is_removal


def test_a_mark_goes_above_a_staff_note_and_taking_it_off_restores_the_staff_text():
    staff = "電話で確認済み\n（5/1 佐藤）"
    (mark,) = plan_marks([finding(4, "ユーザーID")], LAYOUT, {(4, 2): staff}, CHECK)
    assert mark.had_note and mark.note == f"{CHECK}\n【エラー】違います。\n{STAFF_NOTE}\n{staff}"
    (removal,) = plan_marks([], LAYOUT, {(4, 2): mark.note}, CHECK)
    assert (removal.fill, removal.note, removal.had_note) == (None, staff, True)


def test_marking_again_replaces_the_old_explanation_and_keeps_the_staff_text_once():
    old = f"{CHECK}\n【エラー】前回\n{STAFF_NOTE}\nメモ"
    (mark,) = plan_marks([finding(4, "ユーザーID", message="今回")], LAYOUT, {(4, 2): old}, CHECK)
    assert mark.note == f"{CHECK}\n【エラー】今回\n{STAFF_NOTE}\nメモ"


def test_a_note_that_cannot_be_read_is_left_alone_and_the_cell_still_coloured():
    (mark,) = plan_marks([finding(4, "ユーザーID")], LAYOUT, {(4, 2): None}, CHECK)
    assert (mark.fill, mark.change_note) == (ERROR_FILL, False)
    assert plan_marks([], LAYOUT, {(4, 2): None}, CHECK) == []


def test_staff_text_of_a_plain_note_is_all_of_it():
    assert staff_text("メモ", CHECK) == "メモ"
    assert staff_text(f"{CHECK}\n【エラー】x", CHECK) == ""


def test_the_heading_starts_the_note_and_still_identifies_the_check():
    heading = f"{DOUBLECHECK}（A＝視聴者リスト、B＝このシート）"
    (mark,) = plan_marks([finding(2, "パスワード")], LAYOUT, {}, DOUBLECHECK, heading)
    assert mark.note.startswith(heading)
    assert plan_marks([], LAYOUT, {(2, 3): mark.note}, DOUBLECHECK)[0].is_removal


def test_differences_of_the_second_keying_are_placed_on_its_cells():
    layout = find_layout([["ユーザーID", "パスワード", "氏名"]])
    comparison = compare([(4, "n131234567", "abcdefg23", "東京13"), (5, "n137654321", "abcdefg24", "東京13")],
                         [(2, "n131234567", "abcdefg2E", "東京13"), (3, "n139999999", "zzzzzzz99", "東京13"),
                          (4, "n139999999", "zzzzzzz99", "東京13")])
    found = [(f.row, f.column, f.severity, f.code) for f in difference_findings(comparison.differences, layout)]
    assert (2, "パスワード", ERROR, "doublecheck.password") in found
    assert (4, "ユーザーID", WARNING, "doublecheck.duplicate") in found
    assert all(row is not None for row, *_ in found)  # the row missing from B has no cell there
