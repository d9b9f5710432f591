"""The sheets of the built workbook: input help, the schedule, the second keying, xlwings.conf, 設定."""

import datetime as dt
import re

import openpyxl
import pytest
import xlwings

from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules import attendance_exceptions as ax
from shuudan_xl.rules import master as m
from shuudan_xl.rules.prefectures import GROUP_LABELS
from shuudan_xl.rules.schedule import schedule_for
from shuudan_xl.rules.settings import SETTINGS_SHEET
from shuudan_xl.rules.sheets import (
    DOUBLECHECK_HEADERS,
    DOUBLECHECK_SHEET,
    SCHEDULE_FIELDS,
    SCHEDULE_HEADERS,
    SCHEDULE_SHEET,
)
from shuudan_xl.services.master import load_master
from shuudan_xl.xlsm.workbook import LIST_TOP, SETTINGS_FOOTNOTE, SHEETS, build_workbook
from shuudan_xl.xlsm.xlwings_conf import CONF_SHEET, SETTINGS
from tests.xlsm.package import text_columns

HEADER_ROW = LIST_TOP + 1  # Excel row of the list's header


@pytest.fixture(scope="module")
def book(built_sample):
    return openpyxl.load_workbook(built_sample)  # inspected only, never saved


def dropdown(book, sheet: str, cell: str) -> list[str]:
    """The entries of the list validation covering a cell, resolved as Excel would."""
    for validation in book[sheet].data_validations.dataValidation:
        if validation.type == "list" and cell in validation.sqref:
            source = validation.formula1
            if source.startswith('"'):
                return source.strip('"').split(",")
            name, _, area = source.lstrip("=").rpartition("!")
            return [row[0].value for row in book[name.strip("'")][area.replace("$", "")]]
    raise AssertionError(f"no dropdown on {sheet}!{cell}")


def test_sheets_in_order(built):
    assert Workbook(built).sheet_names == list(SHEETS)


@pytest.mark.parametrize("column, values", [
    (m.ROUND, [str(n) for n in range(1, 10)]),
    (m.GUIDANCE, ["オンライン資格確認", "指定時", "更新時", "登録時"]),
    (m.FIELD, ["医科", "歯科", "薬局"]),
    (m.GROUP, list(GROUP_LABELS)),
])
def test_list_dropdowns_offer_the_right_values_down_to_row_1000(book, column, values):
    letter = "ABCDEFGHIJKLM"[m.COLUMNS.index(column)]
    for row in (HEADER_ROW + 1, HEADER_ROW + 1000):
        assert dropdown(book, m.LIST_SHEET, f"{letter}{row}") == values
    assert dropdown(book, m.LIST_SHEET, f"D{HEADER_ROW + 1}")[0] == "北海道01"
    assert dropdown(book, m.LIST_SHEET, f"D{HEADER_ROW + 1}")[-1] == "沖縄47"


def test_list_header_sits_below_the_button_rows_and_is_frozen(book, built_sample):
    sheet = book[m.LIST_SHEET]
    assert [c.value for c in sheet[HEADER_ROW]] == list(m.COLUMNS)
    assert sheet.freeze_panes == f"A{HEADER_ROW + 1}"
    assert sheet.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert all(c.value is None for c in sheet[1])  # the button row
    master = load_master(Workbook(built_sample))
    assert master.layout.header_row == HEADER_ROW and len(master.rows) > 55


def test_id_password_and_number_columns_are_text(built_sample):
    expected = {m.COLUMNS.index(h) for h in (m.NUMBER, m.LOGIN_ID, m.PASSWORD)}
    assert expected <= text_columns(built_sample, m.LIST_SHEET)
    assert text_columns(built_sample, DOUBLECHECK_SHEET) >= {0, 1, 2}


def test_bad_cells_are_marked_by_conditional_formats(book):
    rules = {str(rng): [r.formula[0] for r in cf.rules] for rng, cf in
             ((cf.sqref, cf) for cf in book[m.LIST_SHEET].conditional_formatting)}
    letters = {h: "ABCDEFGHIJKLM"[m.COLUMNS.index(h)] for h in (m.LOGIN_ID, m.PASSWORD, m.NUMBER, m.GROUP)}
    for header, letter in letters.items():
        (formulas,) = [f for rng, f in rules.items() if rng == f"{letter}{HEADER_ROW + 1}:{letter}{HEADER_ROW + 1000}"]
        assert f"{letter}{HEADER_ROW + 1}" in formulas[0], header


def test_inputs_have_messages(book):
    prompts = {v.promptTitle for v in book[m.LIST_SHEET].data_validations.dataValidation if v.showInputMessage}
    assert {m.ROUND, m.GUIDANCE, m.FIELD, m.GROUP, m.NUMBER, m.LOGIN_ID, m.PASSWORD} <= prompts


def test_doublecheck_sheet_is_keyed_like_the_vendor_workbook(book):
    sheet = book[DOUBLECHECK_SHEET]
    assert [c.value for c in sheet[1][:3]] == list(DOUBLECHECK_HEADERS) == ["ユーザーID", "パスワード", "氏名"]
    assert dropdown(book, DOUBLECHECK_SHEET, "C2") == list(GROUP_LABELS)
    assert dropdown(book, DOUBLECHECK_SHEET, "C1001") == list(GROUP_LABELS)
    assert sheet.freeze_panes == "A2"


def test_exceptions_sheet_offers_the_kinds_and_rounds_and_reads_back_as_an_empty_table(book, built_sample):
    sheet = book[ax.EXCEPTIONS_SHEET]
    assert [c.value for c in sheet[1][:4]] == list(ax.EXCEPTION_HEADERS)
    assert list(ax.EXCEPTION_HEADERS) == ["ユーザーID", "視聴回", "特例の種類", "理由"]
    for row in (2, 1001):
        assert dropdown(book, ax.EXCEPTIONS_SHEET, f"B{row}") == [str(n) for n in range(1, 10)]
        assert dropdown(book, ax.EXCEPTIONS_SHEET, f"C{row}") == list(ax.EXCEPTION_KINDS)
    assert 0 in text_columns(built_sample, ax.EXCEPTIONS_SHEET)  # ユーザーID keeps what was typed
    assert sheet.freeze_panes == "A2"
    assert [sheet.column_dimensions[c].width > 10 for c in "ACDF"] == [True] * 4
    explanation = sheet["F1"].value
    assert all(f"{kind}: {meaning}" in explanation for kind, meaning in ax.EXCEPTION_KINDS.items())
    assert any(str(r) == "F1:F14" for r in sheet.merged_cells.ranges)
    # The explanation sits beside the header row only: the table has no rows, and nothing to report.
    rows = Workbook(built_sample).rows(ax.EXCEPTIONS_SHEET)
    assert all(v in ("", None) for row in rows[1:] for v in row)
    assert ax.read_exceptions(rows, ax.EXCEPTIONS_SHEET) == ([], [])


def test_a_row_typed_with_the_dropdowns_is_an_exception(built_sample):
    header = Workbook(built_sample).rows(ax.EXCEPTIONS_SHEET)[0]
    typed = ["m14501704", 1.0, "会場で視聴", "事務所の会議室で視聴"]  # Excel stores the chosen 1 as a number
    (exception,), findings = ax.read_exceptions([header, typed + [""] * (len(header) - 4)], ax.EXCEPTIONS_SHEET)
    assert findings == [] and (exception.login_id, exception.round, exception.kind, exception.row) == (
        "m14501704", 1, ax.AT_VENUE, 2)


@pytest.mark.parametrize("year", [2024, 2025])
def test_schedule_sheet_has_the_years_rounds_as_dates(tmp_path, year):
    path = build_workbook(tmp_path / "b.xlsm", year)
    rows = Workbook(path).rows(SCHEDULE_SHEET)
    assert tuple(rows[0][:5]) == SCHEDULE_HEADERS
    for round_, row in zip(schedule_for(year), rows[1:10], strict=True):
        assert row[0] == round_.label
        for value, header in zip(row[1:5], SCHEDULE_HEADERS[1:], strict=True):
            assert isinstance(value, dt.date) and value == getattr(round_, SCHEDULE_FIELDS[header])
    assert all(v in ("", None) for row in rows[10:] for v in row[:5])
    sheet = openpyxl.load_workbook(path)[SCHEDULE_SHEET]
    assert "ggge" in sheet["B2"].number_format and "aaa" in sheet["B2"].number_format  # 和暦 with weekday
    settings = dict((r[0], r[1]) for r in Workbook(path).rows(SETTINGS_SHEET) if r[0])
    assert settings["年度"] == str(year)


def test_schedule_sheet_reads_back_without_overrides_or_findings(built):
    from shuudan_xl.services.schedule_sheet import HEADERS, schedule_with_sheet

    assert HEADERS == SCHEDULE_HEADERS
    schedule = schedule_with_sheet(Workbook(built), 2024)
    assert schedule.findings == [] and schedule.other_year is None
    assert schedule.rounds == schedule_for(2024) and not any(r.overridden for r in schedule.rounds)


def test_settings_sheet_tells_staff_to_rebuild_the_schedule_after_changing_the_year(built):
    cells = [v for row in Workbook(built).rows(SETTINGS_SHEET) for v in row]
    assert SETTINGS_FOOTNOTE in cells and "視聴スケジュール作成" in SETTINGS_FOOTNOTE
    from shuudan_xl.services.settings import load_settings

    settings, findings = load_settings(Workbook(built))
    assert findings == [] and settings.fiscal_year == "2024"


def test_xlwings_conf_keys_are_the_ones_xlwings_bas_reads(built):
    from pathlib import Path

    bas = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="ascii")
    known = set(re.findall(r'GetConfig\("([^"]+)"', bas))
    rows = Workbook(built).rows(CONF_SHEET)
    keys = []
    for row in rows:  # GetConfigFromSheet: from A1 down to the first blank cell
        if row[0] in ("", None):
            break
        keys.append(row[0])
    assert keys == [key for key, _, _ in SETTINGS]
    assert {k.upper() for k in keys} <= known, "every key is one xlwings.bas asks for"
    assert len({k.upper() for k in keys}) == len(keys)  # Dictionary.Add fails on a repeated key
    values = {row[0]: row[1] for row in rows[: len(keys)]}
    assert values["UDF Modules"] == "shuudan_xl.excel.udfs"
    assert values["Interpreter_Win"].endswith("python.exe")
    assert values["Show Console"] is False
    assert all(row[2] for row in rows[: len(keys)])  # every key explained


def test_xlwings_conf_keeps_the_workbook_folder_and_conda_out_of_every_button(built):
    """Issue 10 item 2: a OneDrive URL path is never converted, and a personal xlwings.conf cannot add conda."""
    rows = Workbook(built).rows(CONF_SHEET)
    values = {row[0].upper(): row[1] for row in rows if row and row[0]}
    assert values["ADD_WORKBOOK_TO_PYTHONPATH"] is False  # prepare_sys_path adds the folder only for "true"
    # Present with an empty value: GetConfig stops at the sheet and never reads %USERPROFILE%\.xlwings.
    assert "CONDA PATH" in values and values["CONDA PATH"] in ("", None)
    assert "CONDA ENV" in values and values["CONDA ENV"] in ("", None)
