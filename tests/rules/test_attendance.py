import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules import attendance as a
from shuudan_xl.rules import attendance_exceptions as ax
from shuudan_xl.rules import viewing_results as vr

START, END = dt.date(2024, 6, 1), dt.date(2024, 6, 30)
NAMES = vr.ResultNames()


def viewing(completed=True, at=dt.datetime(2024, 6, 15, 10, 0), status="視聴完了", problem=None, video="", row=2):
    return vr.Viewing(row, "n131234567", status, completed, at, problem, video)


# Decisions


def test_completion_within_the_period_is_attendance_with_the_period_not_the_day():
    decision = a.decide([viewing()], START, END)
    assert decision.result == a.ATTENDED == "90:出席（eラーニング）"
    assert decision.completed_at == dt.datetime(2024, 6, 15, 10, 0) and decision.note == ""


@settings(max_examples=300, deadline=None)
@given(st.booleans(), st.one_of(st.none(), st.dates(dt.date(2024, 5, 25), dt.date(2024, 7, 5)),
                                st.datetimes(dt.datetime(2024, 5, 25), dt.datetime(2024, 7, 5))),
       st.sampled_from(["視聴完了", "未視聴", ""]), st.booleans())
def test_a_viewer_with_one_row_is_decided_as_with_the_same_row_twice(completed, at, status, has_date_column):
    """The one-row case is answered at once; the general reading of two identical rows must agree."""
    one = viewing(completed, at, status)
    assert a.decide([one], START, END, None, has_date_column) == a.decide([one, one], START, END, None,
                                                                           has_date_column)


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


@pytest.mark.parametrize("kind", [ax.AT_VENUE, ax.GROUP_VIEWING, ax.MATERIAL_SENT])
def test_an_exception_is_attendance_with_its_reason(kind):
    exception = ax.AttendanceException("n131234567", 1, kind, "インターネット環境なし", "出欠特例", 2)
    decision = a.decide([viewing(completed=False, status="未視聴", at=None)], START, END, exception)
    assert decision.result == a.ATTENDED
    assert decision.note == f"特例（{kind}）: インターネット環境なし" and kind in decision.basis


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
