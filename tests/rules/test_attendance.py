import datetime as dt

import pytest

from shuudan_xl.rules import attendance as a

START, END = dt.date(2024, 6, 1), dt.date(2024, 6, 30)
NAMES = a.ResultNames()


def viewing(completed=True, at=dt.datetime(2024, 6, 15, 10, 0), status="視聴完了", problem=None, video="", row=2):
    return a.Viewing(row, "n131234567", status, completed, at, problem, video)


# Reading completion moments


@pytest.mark.parametrize("value, expected", [
    ("2024/06/30 23:59:59", dt.datetime(2024, 6, 30, 23, 59, 59)),
    ("2024-06-30T23:59", dt.datetime(2024, 6, 30, 23, 59)),
    ("2024-06-30T23:59:59+09:00", dt.datetime(2024, 6, 30, 23, 59, 59)),
    ("2024/6/1", dt.date(2024, 6, 1)),
    ("２０２４／０６／３０　１０：０５", dt.datetime(2024, 6, 30, 10, 5)),
    ("2024年6月30日 10時05分", dt.datetime(2024, 6, 30, 10, 5)),
    ("2024年6月30日(日) 10:05:00", dt.datetime(2024, 6, 30, 10, 5)),
    (dt.datetime(2024, 6, 30, 1, 2, 3), dt.datetime(2024, 6, 30, 1, 2, 3)),
    (dt.date(2024, 6, 30), dt.date(2024, 6, 30)),
    (45473.5, dt.datetime(2024, 6, 30, 12, 0)),  # an Excel serial without a date format
    ("", None), (None, None), ("  ", None),
])
def test_completion_moments_are_read_as_exported(value, expected):
    assert a.parse_moment(value) == expected


@pytest.mark.parametrize("value", ["未完了", "2024/02/30 10:00", "12345", True, 3.0])
def test_unreadable_moments_raise_a_japanese_message(value):
    with pytest.raises(ValueError, match="日時"):
        a.parse_moment(value)


def test_the_period_includes_both_ends_whatever_the_time():
    assert a.in_period(dt.datetime(2024, 6, 30, 23, 59, 59), START, END)
    assert a.in_period(dt.datetime(2024, 6, 1, 0, 0), START, END)
    assert not a.in_period(dt.datetime(2024, 7, 1, 0, 0), START, END)
    assert not a.in_period(dt.date(2024, 5, 31), START, END)


# Decisions


def test_completion_within_the_period_is_attendance_with_the_period_not_the_day():
    decision = a.decide([viewing()], START, END)
    assert decision.result == a.ATTENDED == "90:出席（eラーニング）"
    assert decision.completed_at == dt.datetime(2024, 6, 15, 10, 0) and decision.note == ""


def test_completion_one_day_after_the_period_is_absence():
    decision = a.decide([viewing(at=dt.datetime(2024, 7, 1, 0, 0, 1))], START, END)
    assert decision.result == a.ABSENT == "65:欠席"
    assert "終了後" in decision.basis and "2024/07/01 00:00:01" in decision.basis


def test_completion_before_the_period_is_absence():
    decision = a.decide([viewing(at=dt.date(2024, 5, 31))], START, END)
    assert decision.result == a.ABSENT and "開始前" in decision.basis


def test_any_completion_within_the_period_wins_over_other_rows():
    rows = [viewing(completed=False, status="視聴中", at=None), viewing(at=dt.datetime(2024, 7, 2)),
            viewing(at=dt.datetime(2024, 6, 20)), viewing(at=dt.datetime(2024, 6, 10))]
    decision = a.decide(rows, START, END)
    assert decision.result == a.ATTENDED and decision.completed_at == dt.datetime(2024, 6, 10)


def test_not_completed_names_the_status():
    decision = a.decide([viewing(completed=False, status="未視聴", at=None)], START, END)
    assert decision.result == a.ABSENT and "未視聴" in decision.basis and not decision.needs_check


def test_missing_from_the_results_is_absence_to_check():
    decision = a.decide([], START, END)
    assert decision.result == a.ABSENT and decision.needs_check and "ありません" in decision.basis


def test_completed_without_a_readable_date_is_absence_to_check():
    decision = a.decide([viewing(at=None, problem="日時として読めません:「？」")], START, END)
    assert decision.result == a.ABSENT and decision.needs_check and "？" in decision.basis


def test_without_a_date_column_the_status_decides_and_is_flagged():
    decision = a.decide([viewing(at=None)], START, END, has_date_column=False)
    assert decision.result == a.ATTENDED and decision.needs_check


@pytest.mark.parametrize("kind", [a.AT_VENUE, a.GROUP_VIEWING, a.MATERIAL_SENT])
def test_an_exception_is_attendance_with_its_reason(kind):
    exception = a.AttendanceException("n131234567", 1, kind, "インターネット環境なし", "出欠特例", 2)
    decision = a.decide([viewing(completed=False, status="未視聴", at=None)], START, END, exception)
    assert decision.result == a.ATTENDED
    assert decision.note == f"特例（{kind}）: インターネット環境なし" and kind in decision.basis


# Exceptions


@pytest.mark.parametrize("typed, kind", [("会場で視聴", a.AT_VENUE), ("来所", a.AT_VENUE),
                                         ("集団 視聴", a.GROUP_VIEWING), ("資料送付", a.MATERIAL_SENT),
                                         ("資料", a.MATERIAL_SENT), ("電話", None)])
def test_exception_kinds_accept_common_wordings(typed, kind):
    assert a.exception_kind(typed) == kind


def test_exceptions_are_read_below_a_title_and_bad_rows_are_all_reported():
    rows = [["出欠特例（第1回）", None, None, None, None],
            [None, None, None, None, None],
            ["ユーザーID", "視聴回", "特例の種類", "理由", "メモ"],
            ["m14501704", 1.0, "会場で視聴", "ネット環境なし", "x"],
            ["", 1, "資料送付", "", ""],
            ["d13600001", "", "資料送付", "", ""],
            ["d13600002", "第2回", "電話", "", ""],
            [None, None, None, None, None],
            [" n131234567 ", "１", "資料", None, None]]
    found, findings = a.read_exceptions(rows, "出欠特例")
    assert [(e.login_id, e.round, e.kind, e.reason, e.row) for e in found] == [
        ("m14501704", 1, a.AT_VENUE, "ネット環境なし", 4), ("n131234567", 1, a.MATERIAL_SENT, "", 9)]
    assert [(f.row, f.column) for f in findings] == [(5, "ユーザーID"), (6, "視聴回"), (7, "特例の種類")]
    assert all(f.severity == "error" and "使っていません" in f.message for f in findings)


def test_a_table_without_headers_is_reported_and_an_empty_one_is_not():
    assert a.read_exceptions([], "x") == ([], [])
    found, findings = a.read_exceptions([["m14501704", 1, "会場"]], "x")
    assert found == [] and findings[0].code == "exception.headers"


# The results table


def test_the_header_row_may_be_below_a_title_and_extra_columns_are_ignored():
    rows = [["視聴結果一覧"], ["出力日", "2024/07/05"],
            ["No", "ログインＩＤ", "所属", "動画名", "ステータス", "完了日時", "メモ"],
            ["1", "n131234567", "東京13", "v", "視聴完了", "2024/06/15 10:00", ""]]
    layout = a.find_results_layout(rows, NAMES)
    assert (layout.header_row, layout.id_col, layout.status_col, layout.date_col, layout.video_col) == (3, 1, 4, 5, 3)
    (one,) = a.read_viewings(rows, layout, NAMES)
    assert (one.row, one.login_id, one.completed, one.completed_at) == (4, "n131234567", True,
                                                                       dt.datetime(2024, 6, 15, 10, 0))


def test_configured_names_come_first():
    names = a.ResultNames(login_id="受講者コード", status="結果", completed_value="済", completed_at="終了時刻")
    rows = [["受講者コード", "ユーザーID", "結果", "終了時刻"], ["n131234567", "zzz", "済", "2024/06/02"]]
    layout = a.find_results_layout(rows, names)
    assert (layout.id_col, layout.status_col, layout.date_col) == (0, 2, 3)
    assert a.read_viewings(rows, layout, names)[0].completed


def test_no_header_row_gives_none():
    assert a.find_results_layout([["a", "b"], ["ユーザーID", "氏名"]], NAMES) is None


def test_without_status_column_a_completion_date_means_completed():
    rows = [["ユーザーID", "視聴完了日時"], ["n131234567", "2024/06/02"], ["n137654321", ""], ["", ""]]
    layout = a.find_results_layout(rows, NAMES)
    assert layout.status_col is None
    assert [(v.login_id, v.completed) for v in a.read_viewings(rows, layout, NAMES)] == [
        ("n131234567", True), ("n137654321", False)]


def test_status_values_are_compared_after_normalising_spaces_and_width():
    rows = [["ユーザーID", "視聴状況"], ["n131234567", " 視聴完了　"], ["n137654321", "視聴完了済み"]]
    layout = a.find_results_layout(rows, NAMES)
    assert [v.completed for v in a.read_viewings(rows, layout, NAMES)] == [True, False]


def test_unreadable_dates_are_kept_as_problems():
    rows = [["ユーザーID", "視聴状況", "視聴完了日時"], ["n131234567", "視聴完了", "不明"]]
    (one,) = a.read_viewings(rows, a.find_results_layout(rows, NAMES), NAMES)
    assert one.completed and one.completed_at is None and "不明" in one.date_problem


# Labels and counts


def test_guidance_labels_name_the_collective_guidance():
    assert a.guidance_label("指定時") == "指定時集団指導"
    assert a.guidance_label("オンライン資格確認") == "オンライン資格確認導入に係る集団指導"
    assert a.guidance_label(None) == ""


def row(login_id, result, group="東京13"):
    return a.AttendanceRow(1, "1", "x", "", "", group, login_id, END, result, "", None, "", 2)


def test_tallies_follow_kind_and_prefecture_order():
    rows = [row("m13501704", a.ABSENT), row("n131234567", a.ATTENDED, "神奈川14"), row("n137654321", a.ABSENT),
            row("", a.ABSENT, "")]
    assert a.tally_by_kind(rows) == [("指定時", 1, 1), ("医師", 0, 1), ("IDなし", 0, 1)]
    assert a.tally_by_group(rows) == [("東京13", 0, 2), ("神奈川14", 1, 0), ("不明", 0, 1)]
