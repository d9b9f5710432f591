"""The workbooks written for people, printed by LibreOffice: A4 pages, one page wide, headings on every page.

LibreOffice prints the whole workbook to PDF as a person would; each page's header names its sheet, so
pages are counted per sheet. The first page of each workbook is also rendered to PNG (look at them with
``python -m tests.files.printed OUT``).
"""

from __future__ import annotations

import re

import pytest

from shuudan_xl.xlsm.office import pdf_to_png
from tests.files.printed import build_all, pages, pages_by_sheet, print_to_pdf

pytestmark = pytest.mark.libreoffice  # skipped with one line where LibreOffice is missing, required in CI
# For each workbook: the sheets in print order, and text every page of the sheet shows (its heading row,
# repeated, with the last column: nothing was cut off at the right).
EVERY_PAGE = {
    "check": {"概要": "コード", "指摘一覧": "修正案", "点検結果": "氏名"},
    "doublecheck": {"概要": "A ファイル", "突き合わせ": "B 所属グループ", "差異一覧": "内容"},
    "ledger": {"登録済みID": "備考"},
    "attendance": {"集計": "出席", "出欠入力": "判定の理由", "要確認": "視聴完了日時"},
    "merge": {"差し込みデータ": "ログインID"},
}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("printed")
    books = build_all(folder / "books")
    pdfs = print_to_pdf(list(books.values()), folder / "pdf")
    return {name: pdfs[path] for name, path in books.items()}


@pytest.mark.parametrize("name", EVERY_PAGE)
def test_every_page_is_a4_with_its_heading_row_and_a_page_number(printed, name):
    printed_pages = pages(printed[name])
    by_sheet = pages_by_sheet(printed_pages)
    assert list(by_sheet) == list(EVERY_PAGE[name])  # every sheet printed, summary first
    for sheet, pages_of_sheet in by_sheet.items():
        for page in pages_of_sheet:
            assert page.is_a4, sheet
            assert EVERY_PAGE[name][sheet] in page.text, sheet
    for number, page in enumerate(printed_pages, start=1):
        assert re.search(rf"\b{number} / {len(printed_pages)} ページ", page.text)


def test_the_double_check_shows_a_and_b_side_by_side_across_one_landscape_page(printed):
    pairs = pages_by_sheet(pages(printed["doublecheck"]))["突き合わせ"]
    assert len(pairs) == 2  # 60 pairs: two pages down, never a second page across
    for page in pairs:
        assert page.landscape
        assert "A ユーザーID" in page.text and "B ユーザーID" in page.text
    first = pairs[0].text
    assert first.index("n017000000") < first.rindex("n017000000")  # the same ID on the A and the B side


def test_the_attendance_summary_keeps_each_chart_on_the_page_of_its_table(printed, tmp_path):
    printed_pages = pages(printed["attendance"])
    summary = pages_by_sheet(printed_pages)["集計"]
    assert len(summary) == 2 and not summary[0].landscape
    assert "IDの種類" in summary[0].text and "沖縄47" not in summary[0].text  # by kind; by prefecture
    assert "沖縄47" in summary[1].text and "合計" in summary[1].text
    # LibreOffice exports a chart whole on every page it touches, clipped: look at the pixels instead.
    # Page 1 holds the heading and the small chart at the top; below them it must be blank.
    first = printed_pages.index(summary[0]) + 1
    width, height, pixels = _grey_page(printed["attendance"], first, tmp_path)
    assert _dark_rows(width, pixels, int(height * 0.1), int(height * 0.25))  # the first chart
    assert not _dark_rows(width, pixels, int(height * 0.4), int(height * 0.93))  # nothing cut from page 2


def _grey_page(pdf, number: int, folder):
    # The page as an 8-bit grey image (poppler's PGM: "P5 width height 255" then one byte per pixel).
    import subprocess

    out = folder / "page"
    subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", str(number), "-l", str(number), "-singlefile",
                    str(pdf), str(out)], check=True, capture_output=True)
    data = out.with_suffix(".pgm").read_bytes()
    magic, width, height, _, pixels = data.split(maxsplit=4)
    assert magic == b"P5"
    return int(width), int(height), pixels


def _dark_rows(width: int, pixels: bytes, top: int, bottom: int) -> list[int]:
    return [y for y in range(top, bottom) if min(pixels[y * width:(y + 1) * width]) < 160]


def test_the_header_names_the_year_round_and_purpose(printed):
    first = pages(printed["attendance"])[0].text.splitlines()[0]
    assert first.split() == ["令和6年度", "第1回", "出欠結果", "集計"]


def test_the_first_page_of_each_workbook_renders_to_an_a4_picture(printed, tmp_path):
    import struct

    for name, pdf in printed.items():
        png = pdf_to_png(pdf, tmp_path / f"{name}.png", dpi=40)
        width, height = struct.unpack(">II", png.read_bytes()[16:24])
        assert abs(max(width, height) / min(width, height) - 842 / 595) < 0.02, name
