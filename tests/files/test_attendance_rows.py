import datetime as dt

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

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


STYLES = {"text": 1, "absent": 2, "moment": 3, "date": 4, "int": 5, "wrap": 6}
ODD_TEXTS = ["", " ", "見本医療機関0", "とても長い名称の医療法人社団見本会見本医療機関附属診療所", "a<b>&c_x0041_",
             "\x01ctl", "改行\nのある名称", "0123456", "n130123456", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "①②③④⑤⑥⑦⑧⑨",
             "　全角空白　",
             "視聴期間内に視聴完了（他の動画の結果のみ: 指定時集団指導（医科）6月・登録時集団指導（歯科）6月）"]


def odd_rows() -> list[a.AttendanceRow]:
    moments = [None, dt.datetime(2024, 6, 15, 10, 30, 5), dt.datetime(2024, 6, 30, 23, 59, 59, 999999),
               dt.date(2024, 6, 1)]
    rows = []
    for i, text in enumerate(ODD_TEXTS):
        for j, moment in enumerate(moments):
            result = (a.ATTENDED, a.ABSENT, "", text)[(i + j) % 4]
            rows.append(a.AttendanceRow(1 + j, text, text, text, text, text, text, (END, dt.date(2025, 3, 31))[j % 2],
                                        result, text, moment, text, 2 + i * 4 + j))
    return rows


def test_viewer_rows_made_from_pieces_are_the_rows_made_cell_by_cell():
    from shuudan_xl.files.attendance_book import _data_rows, _viewer_row, _viewer_values

    rows = odd_rows()
    fast = list(_data_rows(rows, STYLES))
    slow = [_viewer_row(r, _viewer_values(row, {}), STYLES) for r, row in enumerate(rows, start=2)]
    assert fast == slow
    assert any(height for _, height, _ in fast) and any(height is None for _, height, _ in fast)


def test_a_value_of_another_type_takes_the_cell_by_cell_row_among_usual_rows():
    from shuudan_xl.files.attendance_book import _data_rows, _viewer_row, _viewer_values

    unusual = [a.AttendanceRow(True, 1234567, "名称", "指定時集団指導", "医科", "東京13", "n130123456", END, a.ATTENDED,
                               "", None, "理由", 2.0),
               a.AttendanceRow(1, "0123456", None, "指定時集団指導", "医科", "東京13", "n130123456", END, a.ABSENT, "",
                               None, "とても長い理由の説明がここに入ります（二行になるほど長い理由）", 3)]
    usual = odd_rows()
    rows = usual[:5] + unusual[:1] + usual[5:9] + unusual[1:] + usual[9:]
    expected = [_viewer_row(r, _viewer_values(row, {}), STYLES) for r, row in enumerate(rows, start=2)]
    assert list(_data_rows(rows, STYLES)) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(0, 99), st.text(max_size=40),
                          st.text("ア亜aA ①\n", max_size=40)), min_size=6, max_size=6),
       st.lists(st.one_of(st.none(), st.integers(1, 60)), min_size=6, max_size=6))
def test_line_heights_are_the_heights_fit_row_sets(values, widths):
    from shuudan_xl.files.attendance_rows import LineHeights, RowHeights
    from shuudan_xl.files.page_setup import fit_row

    expected = RowHeights()
    fit_row(expected, 0, values, widths)
    heights = LineHeights(widths)
    assert heights.of(values) == expected.height
    assert heights.of(values) == expected.height  # remembered, the same


def test_streamed_sheets_are_deflated_and_read_back_whole(tmp_path):
    import zipfile

    rows = odd_rows()
    path = tmp_path / "出欠.xlsx"
    write_attendance_book(path, rows, [], [("表題", "出欠結果")], a.tally_by_kind(rows), a.tally_by_group(rows))
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        assert {i.compress_type for i in book.infolist()} == {zipfile.ZIP_DEFLATED}
    assert [r["ユーザーID"] for r in read_attendance_book(path)] == [r.login_id for r in rows]

