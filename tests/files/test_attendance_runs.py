"""The viewers' rows of 出欠入力 are made a run of rows at a time (files.attendance_rows.CellPieces.rows_and_heights):
each column's cells looked up together, the values met for the first time made together where they are plain
texts or whole numbers of a column whose format goes by type, the rows numbered by one replace each. Every
row is the one made cell by cell (attendance_book._viewer_row), whatever the values, the runs and the cache."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.files import attendance_book, attendance_rows
from shuudan_xl.files.attendance_book import _data_rows, _viewer_row, _viewer_values
from shuudan_xl.rules import attendance as a

STYLES = {"text": 1, "absent": 2, "moment": 3, "date": 4, "int": 5, "wrap": 6}
texts = st.one_of(st.sampled_from(["", " ", "見本医療機関0", "とても長い名称の医療法人社団見本会見本医療機関附属診療所",
                                   "a<b>&c", "_x0041_", "\x00", "\x01ctl", "改行\nあり", "0123456", "n130123456",
                                   "　全角　", "x ", "視聴期間内に視聴完了", "①②③"]),
                  st.text("aA0見本 _&\n", max_size=30))
moments = st.one_of(st.none(), st.sampled_from([dt.datetime(2024, 6, 15, 10, 30, 5), dt.date(2024, 6, 1),
                                                dt.datetime(2024, 6, 30, 23, 59, 59, 999999)]))
numbers = st.one_of(st.integers(0, 10**17), st.sampled_from([1, 2, 9, 10**16 + 1]))
# round, number, name, guidance, field, group, login_id, guidance_date, result, note, completed_at, basis, master_row
rows = st.lists(st.builds(
    a.AttendanceRow, numbers, texts, texts, texts, texts, texts, texts,
    st.sampled_from([dt.date(2024, 6, 30), dt.date(2025, 3, 31)]),
    st.one_of(st.sampled_from([a.ATTENDED, a.ABSENT, ""]), texts), texts, moments, texts, numbers), max_size=14)


@given(rows, st.integers(1, 5), st.integers(0, 6))
@settings(max_examples=300, deadline=None)
def test_rows_made_a_run_at_a_time_are_the_rows_made_cell_by_cell(body, run, remembered):
    expected = [_viewer_row(r, _viewer_values(row, {}), STYLES) for r, row in enumerate(body, start=2)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(attendance_book, "_RUN", run)
        patch.setattr(attendance_rows.CellPieces, "REMEMBERED", remembered)
        assert list(_data_rows(body, STYLES)) == expected
    assert list(_data_rows(body, STYLES)) == expected  # one run, everything remembered


def test_the_usual_sheet_of_unique_names_ids_and_numbers_is_made_as_cell_by_cell():
    body = [a.AttendanceRow(1, f"{i:07d}", f"見本医療機関{i}", "指定時集団指導", "医科", "北海道01", f"n01{i:07d}",
                            dt.date(2024, 6, 30), a.ATTENDED if i % 7 else a.ABSENT, "",
                            dt.datetime(2024, 6, i % 28 + 1, 10), "視聴期間内に視聴完了", i + 2) for i in range(1200)]
    assert list(_data_rows(body, STYLES)) == [_viewer_row(r, _viewer_values(row, {}), STYLES)
                                              for r, row in enumerate(body, start=2)]
