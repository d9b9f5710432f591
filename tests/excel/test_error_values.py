"""An Excel error value reads the same from a file and from the open workbook, and is refused by both."""

import xlsxwriter

from shuudan_xl.excel.book import OpenBook
from shuudan_xl.files.reader import Workbook
from shuudan_xl.services.books import registration_sheet
from shuudan_xl.services.check import check_sheet
from tests.excel.test_book import remote_book

ROWS = [["ユーザーID", "パスワード", "氏名"], ["n017654321", "#N/A", "北海道01"], ["n017654322", "abc234def", "#REF!"]]


def test_error_values_read_alike_and_are_errors_from_a_button_and_from_the_command_line(tmp_path):
    path = tmp_path / "v.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    for r, row in enumerate(ROWS):
        for c, value in enumerate(row):
            if value.startswith("#"):
                sheet.write_formula(r, c, "=NA()" if value == "#N/A" else "=#REF!", None, value)
            else:
                sheet.write_string(r, c, value)
    book.close()
    for reader in (Workbook(path), OpenBook(remote_book(path, {"S": ROWS}))):
        name, rows, layout = registration_sheet(reader, "S")
        assert rows == ROWS
        found = [(f.row, f.column, f.code) for f in check_sheet(reader, name, rows, layout).findings]
        assert found == [(2, "パスワード", "cell.error"), (3, "氏名", "cell.error")]
