"""Every workbook written for people prints on A4, one page wide, with headers, titles and page numbers."""

from __future__ import annotations

import openpyxl
import pytest

from shuudan_xl.files import page_setup
from shuudan_xl.files.page_setup import PrintHeading, header_text, scope_of
from shuudan_xl.rules import attendance as a
from tests.files.printed import build_all

# Workbook → (purpose in the header, scope in the header, sheets in order with their repeated title rows).
EXPECTED = {
    "check": ("入力チェックの結果", "令和6年度 第1回", {"概要": None, "指摘一覧": "$1:$1", "点検結果": "$1:$1"}),
    "doublecheck": ("ダブルチェックの照合結果", "令和6年度 第1回",
                    {"概要": None, "突き合わせ": "$1:$1", "差異一覧": "$1:$1"}),
    "ledger": ("ID台帳（登録済みID）", "", {"登録済みID": "$1:$1"}),
    "attendance": ("出欠結果", "令和6年度 第1回", {"集計": None, "出欠入力": "$1:$1", "要確認": "$1:$1"}),
    "merge": ("実施通知の差し込みデータ", "令和6年度 第1回", {"差し込みデータ": "$1:$1"}),
}


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    return build_all(tmp_path_factory.mktemp("books"))


@pytest.fixture(scope="module")
def books(paths):
    return {name: openpyxl.load_workbook(path) for name, path in paths.items()}


@pytest.mark.parametrize("name", EXPECTED)
def test_every_sheet_prints_on_a4_one_page_wide_with_header_titles_and_page_numbers(books, name):
    purpose, scope, sheets = EXPECTED[name]
    book = books[name]
    assert book.sheetnames == list(sheets)  # summary sheets first
    for sheet in book.worksheets:
        setup = sheet.page_setup
        # fitToWidth is left out when it is 1, the OOXML default
        assert (setup.paperSize, setup.fitToWidth or 1, setup.fitToHeight) == (9, 1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        assert sheet.print_title_rows == sheets[sheet.title], sheet.title
        header = sheet.oddHeader
        assert purpose in header.center.text and (header.left.text or "") == scope, sheet.title
        assert header.right.text == "&A"  # the sheet's name
        assert sheet.oddFooter.center.text == "&P / &N ページ"


def test_wide_tables_print_across_the_long_side_and_summaries_upright(books):
    orientation = {(name, s.title): s.page_setup.orientation for name, b in books.items() for s in b.worksheets}
    wide = [("doublecheck", "突き合わせ"), ("check", "指摘一覧"), ("attendance", "出欠入力"),
            ("merge", "差し込みデータ")]
    for key in wide:
        assert orientation[key] == "landscape", key
    for key in [("check", "概要"), ("doublecheck", "概要"), ("attendance", "集計")]:
        assert orientation[key] == "portrait", key


def test_the_prefecture_table_and_its_chart_start_a_page_of_their_own(books):
    sheet = books["attendance"]["集計"]
    (page_break,) = [b.id for b in sheet.row_breaks.brk]
    labels = [row[0] for row in sheet.iter_rows(values_only=True, max_col=1)]
    assert labels[page_break] == "都道府県"  # the break is above the second table's heading (0-based row)


def test_long_labels_wrap_inside_their_column_and_their_rows_grow(books):
    listing = books["check"]["指摘一覧"]
    message = listing["F2"]
    assert message.alignment.wrap_text and message.alignment.vertical == "top"
    assert listing.row_dimensions[2].height >= 30  # the long look-alike message takes two lines
    main = books["attendance"]["出欠入力"]
    assert main["B2"].alignment.wrap_text and main.row_dimensions[2].height >= 30


def test_the_result_column_of_the_attendance_sheet_has_a_dropdown_of_the_two_results(books):
    """Seed: "- ① 視聴が完了している場合 「90:出席（eラーニング）」" / "- ② 視聴が完了していない場合 「65:欠席」"."""
    sheet = books["attendance"]["出欠入力"]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list" and validation.formula1 == f'"{a.ATTENDED},{a.ABSENT}"'
    assert str(validation.sqref) == f"F2:F{sheet.max_row}"
    assert sheet["F1"].value == "結果" and validation.showErrorMessage
    assert validation.errorStyle in (None, "stop")  # stop is the OOXML default: nothing else can be typed


def test_the_ledger_keeps_its_page_setup_when_rows_are_appended(books):
    sheet = books["ledger"]["登録済みID"]
    assert sheet.max_row == 41 and sheet.page_setup.paperSize == 9 and sheet.print_title_rows == "$1:$1"


@pytest.mark.parametrize(("texts", "expected"), [
    (("令和6年度_第1回_視聴者登録更新.xlsx",), "令和6年度 第1回"),
    (("令和６年度_第３回_出欠結果.xlsx",), "令和6年度 第3回"),  # full-width digits typed by staff
    (("名簿.xlsx", "第2回"), "第2回"),
    (("平成30年度の名簿.xlsx",), "平成30年度"),
    (("名簿.xlsx",), ""),
])
def test_the_scope_is_the_year_and_round_named_by_the_files(texts, expected):
    assert scope_of(*texts) == expected


def test_an_ampersand_in_a_name_is_printed_not_taken_as_a_header_code():
    assert header_text(PrintHeading("点検", "A&B.xlsx")) == "&LA&&B.xlsx&C&B点検&B&R&A"


def test_a_very_long_scope_is_cut_to_what_excel_accepts_keeping_its_end():
    text = header_text(PrintHeading("入力チェックの結果", "長" * 300 + "末尾.xlsx"))
    assert len(text) <= page_setup.HEADER_LIMIT and "末尾.xlsx&C" in text and "…" in text


def test_no_chart_of_the_summary_crosses_its_page_break(paths, books):
    import re
    import zipfile

    path = paths["attendance"]
    with zipfile.ZipFile(path) as z:
        drawing = z.read("xl/drawings/drawing1.xml").decode()
    spans = [(int(a), int(b)) for a, b in re.findall(r"<xdr:from>.*?<xdr:row>(\d+)</xdr:row>.*?</xdr:from>"
                                                      r"<xdr:to>.*?<xdr:row>(\d+)</xdr:row>", drawing)]
    (page_break,) = [b.id for b in books["attendance"]["集計"].row_breaks.brk]
    assert len(spans) == 2
    for top, bottom in spans:
        assert bottom < page_break or top >= page_break, (top, bottom, page_break)
