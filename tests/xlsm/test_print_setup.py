"""Every sheet staff may print comes out on A4, one page wide, titled, with headings and page numbers."""

import openpyxl
import pytest

from shuudan_xl.files.master_book import CATALOG_SHEET, GROUPS_SHEET, LIST_TITLE
from shuudan_xl.rules.attendance_exceptions import EXCEPTIONS_SHEET
from shuudan_xl.rules.master import LIST_SHEET
from shuudan_xl.rules.settings import SETTINGS_SHEET
from shuudan_xl.rules.sheets import DOUBLECHECK_SHEET
from shuudan_xl.xlsm.office import pdf_text, pdf_to_png
from shuudan_xl.xlsm.workbook import LIST_TOP

PRINTED = {LIST_SHEET: LIST_TOP + 1, SETTINGS_SHEET: 1, DOUBLECHECK_SHEET: 1, EXCEPTIONS_SHEET: 1,
           CATALOG_SHEET: 1, GROUPS_SHEET: 1}  # sheet → its (1-based) heading row


@pytest.fixture(scope="module")
def sheets(built_sample):
    return openpyxl.load_workbook(built_sample)


@pytest.mark.parametrize("name", PRINTED)
def test_sheet_prints_on_a4_one_page_wide_with_title_headings_and_page_numbers(sheets, name):
    sheet = sheets[name]
    setup = sheet.page_setup
    assert setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0  # one page wide, any number of pages down
    heading = PRINTED[name]
    assert sheet.print_title_rows == f"${heading}:${heading}"
    assert sheet.oddHeader.left.text == LIST_TITLE
    assert len(sheet.oddHeader.center.text) > 4  # the sheet's purpose
    assert sheet.oddFooter.center.text.startswith("&P / &N")


@pytest.mark.parametrize("name", PRINTED)
def test_libreoffice_prints_the_header_and_page_numbers(office, built_sample, tmp_path, name):
    pdf = tmp_path / "sheet.pdf"
    office.inspect(built_sample, pdf=pdf, sheet=name)
    text = pdf_text(pdf)
    pages = text.count("\f")
    assert pages >= 1
    assert LIST_TITLE in text and name in text  # the header: the workbook and the sheet
    assert f"1/{pages}" in text.replace(" ", "")
    assert pdf_to_png(pdf, tmp_path / "sheet.png").stat().st_size > 10_000  # a page with content
