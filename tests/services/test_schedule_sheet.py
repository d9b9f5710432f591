"""The 視聴スケジュール sheet: dates staff changed override the schedule; other years and bad dates do not."""

import datetime as dt
from pathlib import Path

import pytest

from shuudan_xl.errors import InputUnreadable, Refused
from shuudan_xl.files.package_data import default_catalog_rows
from shuudan_xl.rules import master as m
from shuudan_xl.rules.schedule import FY2024, schedule_for
from shuudan_xl.services.schedule_sheet import (
    HEADERS,
    SCHEDULE_SHEET,
    errors_message,
    schedule_with_sheet,
    table_values,
)
from shuudan_xl.services.session import open_session
from shuudan_xl.services.workflow import prepare_round
from tests.conftest import write_book


class Book:
    """A book as the services read it (see services.books), from rows by sheet."""

    def __init__(self, sheets: dict[str, list[list[object]]]):
        self.path = Path("/tmp/視聴者リスト.xlsx")
        self.sheet_names = list(sheets)
        self._sheets = sheets

    def rows(self, sheet):
        return self._sheets[sheet]


def table(fiscal_year=2024, **changes):
    """The sheet as 視聴スケジュール作成 writes it, with some cells changed: changes={"r8c1": value}."""
    rows = table_values(schedule_for(fiscal_year))
    for key, value in changes.items():
        r, c = key[1:].split("c")
        rows[int(r)][int(c)] = value
    return rows


def test_a_book_without_the_sheet_gets_the_published_schedule():
    schedule = schedule_with_sheet(Book({}), 2024)
    assert schedule.rounds == FY2024 and not schedule.findings and schedule.other_year is None


def test_the_sheet_as_written_changes_nothing():
    schedule = schedule_with_sheet(Book({SCHEDULE_SHEET: table()}), 2024)
    assert schedule.rounds == FY2024
    assert all(not r.overridden for r in schedule.rounds)


def test_a_date_staff_changed_overrides_the_published_one():
    schedule = schedule_with_sheet(Book({SCHEDULE_SHEET: table(r8c1=dt.date(2024, 12, 20))}), 2024)
    assert schedule.rounds[7].vendor_deadline == dt.date(2024, 12, 20)
    assert schedule.rounds[7].overridden == ("vendor_deadline",)
    assert schedule.rounds[6] == FY2024[6]


def test_typed_text_dates_are_read_in_the_fiscal_year():
    schedule = schedule_with_sheet(Book({SCHEDULE_SHEET: table(r8c1="12月20日(金)")}), 2024)
    assert schedule.rounds[7].vendor_deadline == dt.date(2024, 12, 20)


def test_rows_without_dates_are_not_checked():
    rows = [list(HEADERS), *([f"第{n}回", "", "", "", ""] for n in range(1, 10))]
    schedule = schedule_with_sheet(Book({SCHEDULE_SHEET: rows}), 2024)
    assert schedule.rounds == FY2024 and schedule.findings == []


def test_a_sheet_of_another_fiscal_year_is_not_used_and_says_so():
    schedule = schedule_with_sheet(Book({SCHEDULE_SHEET: table(2023)}), 2024)
    assert schedule.rounds == FY2024 and schedule.other_year == 2023
    assert "令和5年度のものなので使わず" in schedule.notices()[0]


def test_wrong_dates_are_errors_with_the_cell_and_refuse():
    schedule = schedule_with_sheet(Book({SCHEDULE_SHEET: table(r5c3="令和6年10月1日(日)", r2c2=dt.date(2024, 7, 2))}),
                                   2024)
    found = [(f.row, f.code) for f in schedule.errors]
    assert (6, "schedule.weekday") in found and (3, "schedule.deadline_late") in found
    assert schedule.rounds == FY2024  # nothing is taken from a sheet with errors
    with pytest.raises(Refused, match="視聴スケジュール」の日付に誤りが"):
        schedule.raise_on_errors()


def test_errors_message_lists_the_first_five():
    schedule = schedule_with_sheet(Book({SCHEDULE_SHEET: table(**{f"r{n}c4": "x" for n in range(1, 10)})}), 2024)
    text = errors_message(schedule.errors)
    assert text.count("\n・") == 5 and text.endswith("ほか4件")


def test_other_headers_are_refused():
    with pytest.raises(InputUnreadable, match="1行目の見出し"):
        schedule_with_sheet(Book({SCHEDULE_SHEET: [["回", "期限"]]}), 2024)


# In the monthly workflow

def master_with_schedule(tmp_path, schedule_rows):
    header = list(m.COLUMNS)
    row = {m.ROUND: "8", m.GUIDANCE: "指定時", m.FIELD: "医科", m.GROUP: "東京13", m.NUMBER: "1234567",
           m.NAME: "みなと医院"}
    sheets = {m.LIST_SHEET: [header, [row.get(h, None) for h in header]], "動画一覧": default_catalog_rows()}
    if schedule_rows is not None:
        sheets[SCHEDULE_SHEET] = schedule_rows
    return write_book(tmp_path / "視聴者リスト.xlsx", sheets)


def round_8(path, today):
    return prepare_round(open_session(path, round_=8, fiscal_year=2024, today=today))


def test_prepare_round_uses_the_dates_of_the_sheet(tmp_path):
    path = master_with_schedule(tmp_path, table(r8c1=dt.date(2024, 12, 20)))
    context = round_8(path, dt.date(2024, 12, 21))
    assert context.round.vendor_deadline == dt.date(2024, 12, 20)
    assert any("第8回の●登録期限（事業者）" in n and "過ぎています" in n for n in context.notices)
    assert context.deadline_notice in context.notices and context.deadline_notice not in context.schedule_notices


def test_prepare_round_without_the_sheet_keeps_the_published_dates(tmp_path):
    context = round_8(master_with_schedule(tmp_path, None), dt.date(2024, 12, 21))
    assert context.round == FY2024[7] and context.notices == []
    assert context.deadline_notice is None


def test_prepare_round_refuses_a_sheet_with_errors(tmp_path):
    path = master_with_schedule(tmp_path, table(r5c3="令和6年10月1日(日)"))
    with pytest.raises(Refused, match="曜日"):
        round_8(path, dt.date(2024, 5, 1))


def test_prepare_round_notes_a_sheet_of_another_year(tmp_path):
    context = round_8(master_with_schedule(tmp_path, table(2023)), dt.date(2024, 5, 1))
    assert context.round == FY2024[7]
    assert any("令和5年度のもの" in n for n in context.notices)
