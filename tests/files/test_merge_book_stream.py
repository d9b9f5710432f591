"""The mail-merge workbook streams its rows into the book XlsxWriter starts: every part is what XlsxWriter
writes cell by cell (27 columns past Z, rows grown for wrapped texts, empty values, markup characters)."""

import zipfile

import xlsxwriter

from shuudan_xl.files.attendance_rows import RowHeights
from shuudan_xl.files.merge_book import SHEET, WORKBOOK_OPTIONS, start_book, write_merge_book
from shuudan_xl.files.page_setup import fit_row, row_heights
from shuudan_xl.rules import notice_text as nt

COLUMNS = tuple(nt.MERGE_COLUMNS)


def rows(n):
    return [{c: f"{c}{i}" for c in COLUMNS} | {
        "名称": "医院 & <株>" if i % 2 else "とても長い医療機関の名称で一行に収まらないもの" * (i % 3 + 1),
        "郵便番号": "" if i % 3 else "〒100-0001", "宛先": " 開設者 様 "} for i in range(n)]


def cell_by_cell(path, values):
    # The book as XlsxWriter writes it cell by cell (write_merge_book before the rows were streamed).
    book = xlsxwriter.Workbook(str(path), WORKBOOK_OPTIONS)
    text, widths = start_book(book, path.name, COLUMNS)
    sheet = book.get_worksheet_by_name(SHEET)
    for r, row in enumerate(values, start=1):
        cells = [row.get(header, "") for header in COLUMNS]
        for c, value in enumerate(cells):
            sheet.write_string(r, c, value, text)
        fit_row(sheet, r, cells, widths)
    book.close()


def parts(path):
    with zipfile.ZipFile(path) as package:  # core.xml holds the time of writing
        return {i.filename: package.read(i) for i in package.infolist() if i.filename != "docProps/core.xml"}


def test_every_part_is_what_xlsxwriter_writes_cell_by_cell(tmp_path):
    for n in (0, 1, 7):
        (tmp_path / "a").mkdir(exist_ok=True)
        (tmp_path / "b").mkdir(exist_ok=True)
        name = "令和6年度_第1回_実施通知_差し込みデータ.xlsx"
        write_merge_book(tmp_path / "a" / name, COLUMNS, rows(n))
        cell_by_cell(tmp_path / "b" / name, rows(n))
        streamed, reference = parts(tmp_path / "a" / name), parts(tmp_path / "b" / name)
        assert streamed.keys() == reference.keys()
        for member in reference:
            assert streamed[member] == reference[member], member
    sheet = parts(tmp_path / "a" / name)["xl/worksheets/sheet1.xml"]
    # A 27-column sheet with grown rows: the cases the stream learnt for this book.
    assert b'<dimension ref="A1:AA8"/>' in sheet and b'customHeight="1"' in sheet and len(COLUMNS) == 27


def test_row_heights_are_the_heights_fit_row_sets_row_by_row():
    texts = ["", "短い", "とても長い医療機関の名称" * 3, "改行\nあり\n三行", "a" * 40, "〒100-0001"]
    rows = [[texts[(r * 7 + c) % len(texts)] for c in range(5)] for r in range(40)]
    for widths in ([9, 20, None, 11, 6], [None] * 5, [30] * 5):
        expected = []
        for row in rows:
            tall = RowHeights()
            fit_row(tall, 0, row, widths)
            expected.append(tall.height)
        assert row_heights(rows, widths) == expected
    assert row_heights([], [9]) == []
