"""The reader shares texts column by column: a column whose first rows repeat (指導区分, 都道府県 …) holds each
text once, a column of unique names is left as calamine gives it; the values are the same either way."""

import xlsxwriter

from shuudan_xl.files import reader
from shuudan_xl.files.reader import Workbook


def book_of(path, rows, first_row=0, first_col=0):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    for r, row in enumerate(rows):
        sheet.write_row(first_row + r, first_col, row)
    book.close()
    return path


def distinct_objects(rows, column):
    return len({id(row[column]) for row in rows if row[column]})


def test_a_repeating_column_is_shared_and_a_column_of_unique_names_is_not(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "SHARE_FROM_ROWS", 1)
    monkeypatch.setattr(reader, "_SHARE_SAMPLE", 8)
    rows = [["名称", "都道府県", "宛先"]] + [[f"医院{n}", "東京13", "院長 様" if n % 2 else ""] for n in range(40)]
    got = Workbook(book_of(tmp_path / "b.xlsx", rows)).rows("S")
    assert got == Workbook(tmp_path / "b.xlsx", shared_texts=False).rows("S") == rows
    assert distinct_objects(got[1:], 1) == 1  # 東京13: one object for 40 rows
    assert distinct_objects(got[1:], 0) == 40  # unique names: as calamine made them
    assert distinct_objects(got[1:], 2) == 1  # blank cells do not count against a column repeating


def test_a_column_that_repeats_only_after_the_first_rows_is_read_unchanged(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "SHARE_FROM_ROWS", 1)
    monkeypatch.setattr(reader, "_SHARE_SAMPLE", 5)
    rows = [[f"v{n}"] for n in range(5)] + [["同じ"]] * 20
    got = Workbook(book_of(tmp_path / "b.xlsx", rows)).rows("S")
    assert got == rows and distinct_objects(got[5:], 0) == 20


def test_a_sheet_that_does_not_start_at_a1_is_shared_from_a1(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "SHARE_FROM_ROWS", 1)
    monkeypatch.setattr(reader, "_SHARE_SAMPLE", 6)
    rows = [["指導区分", "番号"]] + [["指定時", f"{n:07d}"] for n in range(10)]
    got = Workbook(book_of(tmp_path / "b.xlsx", rows, first_row=2, first_col=1)).rows("S")
    assert got == Workbook(tmp_path / "b.xlsx", shared_texts=False).rows("S")
    assert got[2] == ["", "指導区分", "番号"] and distinct_objects(got[3:], 1) == 1


def test_an_empty_sheet_reads_as_no_rows_or_one_blank_row(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "SHARE_FROM_ROWS", 0)
    path = book_of(tmp_path / "b.xlsx", [])
    assert Workbook(path).rows("S") == Workbook(path, shared_texts=False).rows("S")


def test_a_shared_column_keeps_true_one_and_one_point_zero_apart(tmp_path, monkeypatch):
    # A 視聴回 column of repeated texts is shared; a TRUE typed below a 1 must not read as 1.0 (nor the other
    # way round), as a dict of every value would make it: TRUE == 1.0 and they hash alike.
    monkeypatch.setattr(reader, "SHARE_FROM_ROWS", 1)
    monkeypatch.setattr(reader, "_SHARE_SAMPLE", 6)
    rows = [["視聴回"]] + [["第1回"]] * 6 + [[1], [True], [False], [0], [1], [True]]
    got = Workbook(book_of(tmp_path / "b.xlsx", rows)).rows("S")
    plain = Workbook(tmp_path / "b.xlsx", shared_texts=False).rows("S")
    assert got == plain and [type(row[0]) for row in got] == [type(row[0]) for row in plain]
    assert [row[0] for row in got[7:]] == [1.0, True, False, 0.0, 1.0, True]
    assert [type(row[0]) for row in got[7:]] == [float, bool, bool, float, float, bool]
