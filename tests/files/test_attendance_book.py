import datetime as dt
import zipfile

import openpyxl

from shuudan_xl.files.attendance_book import (
    HEADERS,
    ISSUES_SHEET,
    MAIN_SHEET,
    SUMMARY_SHEET,
    read_attendance_book,
    write_attendance_book,
)
from shuudan_xl.rules import attendance as a

END = dt.date(2024, 6, 30)
ROWS = [
    a.AttendanceRow(1, "0123456", "みなと医院", "指定時集団指導", "医科", "東京13", "n130123456", END, a.ATTENDED, "",
                    dt.datetime(2024, 6, 15, 10, 0), "視聴期間内に視聴完了", 2),
    a.AttendanceRow(1, "501704", "山田 太郎", "登録時集団指導", "医科", "神奈川14", "m14501704", END, a.ATTENDED,
                    "特例（会場で視聴）: ネット環境なし", None, "特例（会場で視聴）", 3),
    a.AttendanceRow(1, "7654321", "さくら歯科", "指定時集団指導", "歯科", "東京13", "n137654321", END, a.ABSENT, "",
                    dt.datetime(2024, 7, 1, 9, 0), "視聴期間の終了後に視聴完了", 4),
]
ISSUES = [a.Issue(a.NOT_IN_LEDGER, "n139999999", "ID台帳にも視聴者リストにもないIDです。", "視聴結果 9行目", "視聴完了",
                  dt.datetime(2024, 6, 3, 9, 0))]


def write(tmp_path, issues=ISSUES):
    path = tmp_path / "出欠.xlsx"
    write_attendance_book(path, ROWS, issues, [("表題", "令和6年度 第1回 出欠結果"), ("視聴期間", "6月")],
                          a.tally_by_kind(ROWS), a.tally_by_group(ROWS))
    return path


def test_the_workbook_has_the_summary_first_and_the_columns_to_type_first(tmp_path):
    book = openpyxl.load_workbook(write(tmp_path))
    assert book.sheetnames == [SUMMARY_SHEET, MAIN_SHEET, ISSUES_SHEET]
    sheet = book[MAIN_SHEET]
    assert [c.value for c in sheet[1]] == list(HEADERS)
    assert list(HEADERS[:7]) == ["番号", "名称", "指導区分", "指導年月日（和暦）", "指導年月日", "結果", "備考"]
    first = [c.value for c in sheet[2]]
    assert first[:7] == ["0123456", "みなと医院", "指定時集団指導", "令和6年6月30日", dt.datetime(2024, 6, 30),
                         a.ATTENDED, None]
    assert [c.value for c in sheet[3]][6] == "特例（会場で視聴）: ネット環境なし"


def test_text_cells_are_text_formatted_and_dates_are_real_dates(tmp_path):
    book = openpyxl.load_workbook(write(tmp_path))
    for name in (MAIN_SHEET, SUMMARY_SHEET, ISSUES_SHEET):
        for row in book[name].iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    assert (cell.data_type, cell.number_format) == ("s", "@"), (name, cell.coordinate)
    sheet = book[MAIN_SHEET]
    assert sheet["E2"].is_date and sheet["E2"].number_format == "yyyy/mm/dd"
    assert sheet["K2"].value == dt.datetime(2024, 6, 15, 10, 0) and sheet["K2"].is_date


def test_the_summary_counts_and_charts_by_kind_and_prefecture(tmp_path):
    path = write(tmp_path)
    values = [[c.value for c in row] for row in openpyxl.load_workbook(path)[SUMMARY_SHEET].iter_rows(max_col=4)]
    assert ["指定時", 1, 1, 2] in values and ["医師", 1, 0, 1] in values
    assert ["東京13", 1, 1, 2] in values and ["神奈川14", 1, 0, 1] in values
    assert values.count(["合計", 2, 1, 3]) == 2
    with zipfile.ZipFile(path) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 2
        assert b"<c:grouping val=\"stacked\"/>" in z.read(charts[0])


def test_the_issues_sheet_lists_every_issue_or_says_there_is_none(tmp_path):
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(write(tmp_path))[ISSUES_SHEET].iter_rows()]
    assert rows[1] == [a.NOT_IN_LEDGER, "n139999999", "ID台帳にも視聴者リストにもないIDです。", "視聴結果 9行目",
                       "視聴完了", "2024/06/03 09:00:00"]
    (tmp_path / "empty").mkdir()
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(write(tmp_path / "empty", []))[ISSUES_SHEET]
            .iter_rows()]
    assert rows[1][0] == "確認が必要なものはありません。"


def test_reading_back_gives_each_row_by_header_even_after_staff_edit_it(tmp_path):
    path = write(tmp_path)
    records = read_attendance_book(path)
    assert [(r["ユーザーID"], r["結果"], r["視聴回"], r["excel_row"]) for r in records] == [
        ("n130123456", a.ATTENDED, 1, 2), ("m14501704", a.ATTENDED, 1, 3), ("n137654321", a.ABSENT, 1, 4)]
    book = openpyxl.load_workbook(path)
    book[MAIN_SHEET]["F4"] = a.ATTENDED  # a phone call proved attendance
    book.save(path)
    assert read_attendance_book(path)[2]["結果"] == a.ATTENDED
