"""The 都道府県別設定 sheet as written for staff, typed into, and read back for the letters."""

import openpyxl
import xlsxwriter

from shuudan_xl.files.offices_sheet import add_offices_sheet
from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules.notice_offices import OFFICE_HEADERS, OFFICES_SHEET, read_offices


def test_the_sheet_staff_fill_in_is_read_back_as_written(tmp_path):
    """実施通知例「〇〇厚生（支）局〇〇事務所 〇〇課 〇〇」: a prefecture's own office, typed into the empty sheet,
    is what the letters of that prefecture get."""
    path = tmp_path / "m.xlsx"
    book = xlsxwriter.Workbook(path)
    add_offices_sheet(book)
    book.close()
    typed = openpyxl.load_workbook(path)
    sheet = typed[OFFICES_SHEET]
    assert [c.value for c in sheet[1]][:len(OFFICE_HEADERS)] == list(OFFICE_HEADERS)
    (validation,) = sheet.data_validations.dataValidation
    assert str(validation.sqref).startswith("A2") and "東京都" in validation.formula1
    sheet.append(["東京都", "東京事務所", None, None, None, None, "03-0000-0000"])
    typed.save(path)
    offices, findings = read_offices(Workbook(path).rows(OFFICES_SHEET))
    assert findings == [] and offices.by_code == {"13": {"office": "東京事務所", "phone": "03-0000-0000"}}
