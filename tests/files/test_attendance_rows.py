import datetime as dt

import openpyxl

from shuudan_xl.files.attendance_book import MAIN_SHEET, read_attendance_book, write_attendance_book
from shuudan_xl.files.attendance_rows import cell_xml
from shuudan_xl.rules import attendance as a

END = dt.date(2024, 6, 30)


def test_streamed_rows_keep_markup_characters_spaces_and_dates_as_typed(tmp_path):
    name = " 医院 <本院> & 分院_x0041_ \x01"  # calamine undoes the _xHHHH_ escapes as Excel does
    rows = [a.AttendanceRow(1, "0123456", name, "指定時集団指導", "医科", "東京13", "n130123456", END, a.ABSENT,
                            "", dt.datetime(2024, 6, 15, 10, 30, 5), "視聴期間内に視聴完了", 2)]
    path = tmp_path / "出欠.xlsx"
    write_attendance_book(path, rows, [], [("表題", "出欠結果")], a.tally_by_kind(rows), a.tally_by_group(rows))
    sheet = openpyxl.load_workbook(path)[MAIN_SHEET]
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith(" 医院 <本院> & 分院")
    assert sheet["E2"].value == dt.datetime(2024, 6, 30) and sheet["K2"].value == dt.datetime(2024, 6, 15, 10, 30, 5)
    assert sheet["F2"].font.color is not None  # the absent mark's format, as before
    assert read_attendance_book(path)[0]["名称"] == name


def test_a_date_is_the_serial_number_xlsxwriter_writes():
    assert cell_xml("E2", dt.date(2024, 6, 30), 3) == '<c r="E2" s="3"><v>45473</v></c>'
    assert cell_xml("K2", dt.datetime(1900, 3, 1, 12), 4) == '<c r="K2" s="4"><v>61.5</v></c>'
