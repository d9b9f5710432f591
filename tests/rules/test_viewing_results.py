"""Reading the vendor's results export: completion moments, the header row and each row."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules import viewing_results as vr

START, END = dt.date(2024, 6, 1), dt.date(2024, 6, 30)
NAMES = vr.ResultNames()


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
    assert vr.parse_moment(value) == expected


@pytest.mark.parametrize("value", ["未完了", "2024/02/30 10:00", "12345", True, 3.0])
def test_unreadable_moments_raise_a_japanese_message(value):
    with pytest.raises(ValueError, match="日時"):
        vr.parse_moment(value)


@settings(max_examples=300, deadline=None)
@given(st.builds("{:04d}/{:02d}/{:02d} {:02d}:{:02d}:{:02d}".format, st.integers(0, 9999), st.integers(0, 99),
                 st.integers(0, 99), st.integers(0, 99), st.integers(0, 99), st.integers(0, 99)))
def test_the_admin_screens_own_form_reads_as_the_general_reading_does(text):
    assert read_or_refusal(vr.parse_moment, text) == read_or_refusal(vr._moment_of_text, text)


def read_or_refusal(reader, text: str):
    """What a reading gives: the moment, or its Japanese refusal."""
    try:
        return reader(text)
    except ValueError as exc:
        return str(exc)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 18), st.sampled_from("0123456789 :/-+T.Z\u0663\uff12a")), max_size=3))
def test_near_misses_of_the_admin_screens_form_read_as_the_general_reading_does(changes):
    # The admin form's quick reading (datetime.fromisoformat) may only take what the general reading takes alike.
    chars = list("2024/06/05 10:00:00")
    for at, char in changes:
        chars[at] = char
    text = "".join(chars)
    assert read_or_refusal(vr.parse_moment, text) == read_or_refusal(vr._moment_of_text, text)


def test_the_period_includes_both_ends_whatever_the_time():
    assert vr.in_period(dt.datetime(2024, 6, 30, 23, 59, 59), START, END)
    assert vr.in_period(dt.datetime(2024, 6, 1, 0, 0), START, END)
    assert not vr.in_period(dt.datetime(2024, 7, 1, 0, 0), START, END)
    assert not vr.in_period(dt.date(2024, 5, 31), START, END)


# The results table


def test_the_header_row_may_be_below_a_title_and_extra_columns_are_ignored():
    rows = [["視聴結果一覧"], ["出力日", "2024/07/05"],
            ["No", "ログインＩＤ", "所属", "動画名", "ステータス", "完了日時", "メモ"],
            ["1", "n131234567", "東京13", "v", "視聴完了", "2024/06/15 10:00", ""]]
    layout = vr.find_results_layout(rows, NAMES)
    assert (layout.header_row, layout.id_col, layout.status_col, layout.date_col, layout.video_col) == (3, 1, 4, 5, 3)
    (one,) = vr.read_viewings(rows, layout, NAMES)
    assert (one.row, one.login_id, one.completed, one.completed_at) == (4, "n131234567", True,
                                                                       dt.datetime(2024, 6, 15, 10, 0))


def test_configured_names_come_first():
    names = vr.ResultNames(login_id="受講者コード", status="結果", completed_value="済", completed_at="終了時刻")
    rows = [["受講者コード", "ユーザーID", "結果", "終了時刻"], ["n131234567", "zzz", "済", "2024/06/02"]]
    layout = vr.find_results_layout(rows, names)
    assert (layout.id_col, layout.status_col, layout.date_col) == (0, 2, 3)
    assert vr.read_viewings(rows, layout, names)[0].completed


def test_no_header_row_gives_none():
    assert vr.find_results_layout([["a", "b"], ["ユーザーID", "氏名"]], NAMES) is None


def test_without_status_column_a_completion_date_means_completed():
    rows = [["ユーザーID", "視聴完了日時"], ["n131234567", "2024/06/02"], ["n137654321", ""], ["", ""]]
    layout = vr.find_results_layout(rows, NAMES)
    assert layout.status_col is None
    assert [(v.login_id, v.completed) for v in vr.read_viewings(rows, layout, NAMES)] == [
        ("n131234567", True), ("n137654321", False)]


def test_status_values_are_compared_after_normalising_spaces_and_width():
    rows = [["ユーザーID", "視聴状況"], ["n131234567", " 視聴完了　"], ["n137654321", "視聴完了済み"]]
    layout = vr.find_results_layout(rows, NAMES)
    assert [v.completed for v in vr.read_viewings(rows, layout, NAMES)] == [True, False]


def test_unreadable_dates_are_kept_as_problems():
    rows = [["ユーザーID", "視聴状況", "視聴完了日時"], ["n131234567", "視聴完了", "不明"]]
    (one,) = vr.read_viewings(rows, vr.find_results_layout(rows, NAMES), NAMES)
    assert one.completed and one.completed_at is None and "不明" in one.date_problem
