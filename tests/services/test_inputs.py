"""Every input of the list is either right or refused (issue 8 item 3): check, fill and export agree."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

import pytest
import xlsxwriter

from shuudan_xl.errors import Refused
from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules import master as m
from shuudan_xl.services.check_file import check_file
from shuudan_xl.services.master import load_master
from shuudan_xl.services.session import open_session
from shuudan_xl.services.workflow import export_round, fill_master, prepare_round
from tests.conftest import digest
from tests.masters import viewer

TODAY = dt.date(2024, 5, 1)  # before every deadline of 令和6年度


class Cached(NamedTuple):
    """A formula cell with the result Excel saved for it."""

    formula: str
    value: object


def list_book(path: Path, rows: list[dict[str, object]]) -> Path:
    """A list sheet only (the default 動画一覧 applies), with text cells and formulas with cached results."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    sheet = book.add_worksheet(m.LIST_SHEET)
    sheet.write_row(0, 0, m.COLUMNS)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(m.COLUMNS):
            value = row.get(header, "")
            if isinstance(value, Cached):
                sheet.write_formula(r, c, value.formula, None, value.value)
            elif value != "":
                sheet.write_string(r, c, str(value))
    book.close()
    return path


def errors_of(findings) -> list[tuple[int, str, str]]:
    return sorted((f.row, f.column, f.code) for f in findings if f.severity == "error")


def agree(path: Path, round_: int = 1) -> list[tuple[int, str, str]]:
    """The errors check finds, after requiring that fill and the round's export find the same ones."""
    result, _, _ = check_file(Workbook(path))
    checked = errors_of(result.findings)
    before = digest(path)
    fill_plan, backup = fill_master(open_session(path, round_=None, round_required=False, today=TODAY))
    assert backup is None and digest(path) == before  # nothing written
    assert errors_of(fill_plan.errors) == checked
    context = prepare_round(open_session(path, round_=round_, fiscal_year=2024, today=TODAY))
    assert errors_of(context.plan.errors) == checked
    with pytest.raises(Refused):
        export_round(context, path.parent / "業者提出")
    assert digest(path) == before and not (path.parent / "業者提出").exists()
    return checked


def test_a_row_without_a_round_blocks_every_export_and_fill(tmp_path):
    """Issue 8: a row with data but no valid 視聴回 is an error that blocks every export and fill."""
    for i, typed in enumerate(["", "1.5", "TRUE", "1E+308", "第10回"]):
        rows = [viewer(), viewer(round_=typed, number="7654321", name="視聴回のない医院")]
        path = list_book(tmp_path / f"l{i}.xlsx", rows)
        assert agree(path) == [(3, m.ROUND, "master.round")]


def test_an_error_value_in_a_password_cell_is_an_error_and_no_password_is_generated(tmp_path):
    path = list_book(tmp_path / "l.xlsx", [viewer(password=Cached("=NA()", "#N/A")), viewer(number="7654321")])
    assert agree(path) == [(2, m.PASSWORD, "cell.error")]
    assert load_master(Workbook(path)).rows[0].values[m.PASSWORD] == "#N/A"


@pytest.mark.parametrize("header", [m.NAME, m.ADDRESS, m.NOTE, m.NUMBER, m.GUIDANCE])
def test_an_error_value_is_an_error_in_every_used_column(tmp_path, header):
    row = viewer(login_id="n131234567") if header == m.NUMBER else viewer()
    row[header] = Cached("=1/0", "#DIV/0!")
    path = list_book(tmp_path / "l.xlsx", [row])
    assert agree(path) == [(2, header, "cell.error")]


@pytest.mark.parametrize("header, cached", [(m.PASSWORD, "abc234def"), (m.LOGIN_ID, "n131234567"),
                                            (m.NUMBER, "1234567"), (m.VIDEO, "指定時集団指導（医科）6月")])
def test_a_formula_in_a_typed_column_is_reported_even_when_its_result_is_right(tmp_path, header, cached):
    row = viewer(login_id="n131234567") if header == m.NUMBER else viewer()
    row[header] = Cached(f'="{cached[:3]}"&"{cached[3:]}"', cached)
    path = list_book(tmp_path / "l.xlsx", [row])
    assert agree(path) == [(2, header, "cell.formula")]


@pytest.mark.parametrize("name", ["みなと\x01医院", "みなと医院\x0b", "みなと\t医院"])
def test_control_characters_in_a_text_column_are_errors(tmp_path, name):
    path = list_book(tmp_path / "l.xlsx", [viewer(name=name)])
    assert agree(path) == [(2, m.NAME, "cell.control")]


@pytest.mark.parametrize("typed, code", [
    ("指定時集団指導（医科）６月", "master.video_variant"),
    ("指定時集団指導（医科）6月\u200b", "master.video_variant"),
    ('=HYPERLINK("http://example.com","指定時集団指導（医科）6月")', "master.video_unknown"),
    ("-2+3+cmd|' /C calc'!A0", "master.video_unknown"),
])
def test_a_typed_video_must_be_a_catalog_name_exactly(tmp_path, typed, code):
    path = list_book(tmp_path / "l.xlsx", [viewer(video=typed)])
    assert agree(path) == [(2, m.VIDEO, code)]


def test_a_typed_catalog_name_goes_to_the_vendor_as_typed(tmp_path):
    path = list_book(tmp_path / "l.xlsx", [viewer(video="指定時集団指導（医科）7月")])
    context = prepare_round(open_session(path, round_=1, fiscal_year=2024, today=TODAY))
    assert context.plan.errors == []
    assert [r["video"] for r in context.plan.video_records()] == ["指定時集団指導（医科）7月"]


def test_an_id_longer_than_32_characters_is_refused(tmp_path):
    path = list_book(tmp_path / "l.xlsx", [viewer(login_id="n13" + "1" * 32_000)])
    assert agree(path) == [(2, m.LOGIN_ID, "id.too_long")]


@pytest.mark.parametrize("number, code", [("84,6055,4", "master.number_separator"),
                                          ("999-0001", "master.number_separator"),
                                          ("45 67890", "master.number_separator")])
def test_separators_in_a_number_are_an_error_with_the_joined_number_suggested(tmp_path, number, code):
    """Issue 9 §5: separators and spaces inside a number are an error with a suggestion."""
    path = list_book(tmp_path / "l.xlsx", [viewer(number=number)])
    assert agree(path) == [(2, m.NUMBER, code)]


def test_full_width_digits_in_a_number_are_a_warning_and_the_id_and_ledger_use_the_clean_number(tmp_path):
    """Issue 9 §5, README: 「黙って直した値を正しいとみなすことはしません」 (shown old → new, not silent)."""
    path = list_book(tmp_path / "l.xlsx", [viewer(number="１２３４５６７")])
    result, _, _ = check_file(Workbook(path))
    (warning,) = result.findings
    assert (warning.code, warning.severity, warning.value, warning.suggestion) == (
        "master.number_cleaned", "warning", "１２３４５６７", "1234567")
    master = load_master(Workbook(path))
    assert master.rows[0].number == "1234567" and master.final_ids == {2: "n131234567"}


def test_a_vendor_sheet_reports_error_values_and_formula_passwords(tmp_path):
    path = tmp_path / "vendor.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    sheet.write_row(0, 0, ["ユーザーID", "パスワード", "氏名"])
    sheet.write_row(1, 0, ["n017654321"])
    sheet.write_formula(1, 1, '="abc"&"234def"', None, "abc234def")
    sheet.write_string(1, 2, "北海道01")
    sheet.write_row(2, 0, ["n017654322"])
    sheet.write_formula(2, 1, "=#REF!", None, "#REF!")
    sheet.write_string(2, 2, "北海道01")
    book.close()
    result, _, _ = check_file(Workbook(path))
    assert errors_of(result.findings) == [(2, "パスワード", "cell.formula"), (3, "パスワード", "cell.error")]
