"""Rows streamed into a book XlsxWriter started: the parts XlsxWriter itself writes, values read back."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from shuudan_xl.files.xlsx_rows import append_text_rows

TRICKY = ["n131234567", "a&b<c>\"d", " leading", "trailing ", "tab\there", "line\nbreak", "ctl\x01x", "_x0041_",
          "\ufffe", "", "東京13", "指定時集団指導（医科）", "dup", "dup"]
ROWS = [[TRICKY[i % len(TRICKY)], TRICKY[(i * 5 + 1) % len(TRICKY)], f"v{i % 3}"] for i in range(60)]


def book(rows, stream=False):
    """A three-column text book with a bold header: every cell by XlsxWriter, or the rows streamed in."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"strings_to_numbers": False, "strings_to_formulas": False,
                                            "strings_to_urls": False, "in_memory": True})
    workbook.set_properties({"created": dt.datetime(2024, 5, 20)})  # the two books may straddle a second
    text = workbook.add_format({"num_format": "@"})
    head = workbook.add_format({"num_format": "@", "bold": True})
    sheet = workbook.add_worksheet("視聴者登録／更新")
    sheet.set_column(0, 2, 16, text)
    sheet.write_row(0, 0, ["ユーザーID", "パスワード", "氏名"], head)
    if not stream:
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                sheet.write_string(r, c, value, text)
    sheet.freeze_panes(1, 0)
    workbook.close()
    if not stream:
        return buffer.getvalue()
    out = io.BytesIO()
    append_text_rows(buffer.getvalue(), out, rows, 3, text.xf_index)
    return out.getvalue()


def parts(data):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


@pytest.mark.parametrize("rows", [ROWS, ROWS[:1], []], ids=["sixty rows", "one row", "no rows"])
def test_every_part_is_what_xlsxwriter_writes_cell_by_cell(rows):
    assert parts(book(rows, stream=True)) == parts(book(rows))


@pytest.mark.parametrize("run", [1, 2, 3, 7, 4096])
def test_the_shared_strings_are_what_xlsxwriter_writes_however_they_are_taken_together(run, monkeypatch):
    # Plain texts are written a run at a time (xlsx_rows._sis); a run holding one that needs care, one by one.
    from shuudan_xl.files import xlsx_rows

    monkeypatch.setattr(xlsx_rows, "_SI_RUN", run)
    rows = [[f"n13{i:07d}", TRICKY[i % len(TRICKY)] if i % 5 == 0 else f"pw{i}", "東京13"] for i in range(40)]
    assert parts(book(rows, stream=True)) == parts(book(rows))


def test_the_values_read_back_as_written_text(tmp_path):
    path = tmp_path / "book.xlsx"
    path.write_bytes(book(ROWS, stream=True))
    read = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    # XlsxWriter writes U+FFFE as the text "_xFFFE_", and so does the stream (the read-back catches it).
    assert read[1:] == [[v.replace("\ufffe", "_xFFFE_") for v in row] for row in ROWS]
    sheet = openpyxl.load_workbook(path).worksheets[0]
    assert sheet.freeze_panes == "A2" and sheet["A2"].number_format == "@" and sheet["A1"].font.b


def test_a_row_with_another_number_of_cells_is_refused():
    with pytest.raises(ValueError, match="row 3 has 2 cells"):
        book([["a", "b", "c"], ["a", "b"]], stream=True)


@pytest.mark.parametrize("run", [1, 7, 2048])
def test_rows_joined_into_runs_are_still_the_parts_xlsxwriter_writes(run, monkeypatch):
    # The rows are formatted a run at a time (xlsx_rows._ROW_RUN) and their strings numbered in first use.
    from shuudan_xl.files import xlsx_rows

    monkeypatch.setattr(xlsx_rows, "_ROW_RUN", run)
    assert parts(book(ROWS, stream=True)) == parts(book(ROWS))


def test_a_row_of_another_length_after_many_good_ones_is_named():
    rows = [["a", "b", "c"]] * 5000 + [["a", "b", "c", "d"]] + [["a", "b", "c"]] * 10
    with pytest.raises(ValueError, match="row 5002 has 4 cells, not 3"):
        book(rows, stream=True)
