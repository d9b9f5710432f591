"""Error values and text formulas, which python-calamine reads as "" and as their cached text."""

import zipfile

import xlsxwriter

from shuudan_xl.files.cell_kinds import scan_sheet_xml, sheet_cell_kinds
from shuudan_xl.files.reader import Workbook


def formula_book(path):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("S")
    sheet.write_row(0, 0, ["ユーザーID", "パスワード", "氏名"])
    sheet.write_formula(1, 0, "=1/0", None, "#DIV/0!")
    sheet.write_formula(1, 1, '="abc"&"234def"', None, "abc234def")
    sheet.write_formula(1, 2, "=NA()", None, "#N/A")
    sheet.write_string(2, 0, "n017654321")
    sheet.write_formula(2, 1, "=1+1", None, 2)  # a number: calamine says so, no scan needed
    sheet.write_string(2, 2, "北海道01")
    book.close()
    return path


def test_error_values_read_as_their_text_and_text_formulas_are_found(tmp_path):
    book = Workbook(formula_book(tmp_path / "f.xlsx"))
    rows = book.rows("S")
    assert rows[1] == ["#DIV/0!", "abc234def", "#N/A"]
    assert rows[2] == ["n017654321", 2.0, "北海道01"]
    assert book.formula_cells("S") == {(1, 0), (1, 1), (1, 2)}


def test_a_sheet_without_markers_costs_no_parse_and_reports_nothing(tmp_path):
    path = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("S").write_row(0, 0, ["ユーザーID", "パスワード", "<f>e\"e\""])  # markers as text only
    book.close()
    workbook = Workbook(path)
    assert workbook.rows("S") == [["ユーザーID", "パスワード", '<f>e"e"']]
    assert workbook.formula_cells("S") == set()


def test_a_prefixed_namespace_and_cells_without_r_are_placed_by_counting():
    data = (b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>'
            b'<x:row r="2"><x:c t="s"><x:v>0</x:v></x:c><x:c t="e"><x:f>NA()</x:f><x:v>#N/A</x:v></x:c></x:row>'
            b'<x:row><x:c t="str"><x:f>A1</x:f><x:v>abc</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    kinds = scan_sheet_xml(data)
    assert kinds.errors == {(1, 1): "#N/A"}
    assert kinds.formulas == {(1, 1), (2, 0)}


def test_a_marker_outside_a_cell_start_tag_is_not_a_cell():
    data = (b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>t="e" "str"</t></is></c></row>'
            b'</sheetData></worksheet>')
    assert scan_sheet_xml(data).errors == {} and scan_sheet_xml(data).formulas == set()


def test_errors_can_be_left_out_of_a_scan():
    data = b'<worksheet><sheetData><row r="2"><c r="A2" t="e"><v>#N/A</v></c></row></sheetData></worksheet>'
    assert scan_sheet_xml(data).errors == {(1, 0): "#N/A"}
    assert scan_sheet_xml(data, errors=False).errors == {}


def test_the_scan_of_a_file_finds_what_the_reader_finds(tmp_path):
    path = formula_book(tmp_path / "f.xlsx")
    assert sheet_cell_kinds(path, "S").formulas == Workbook(path).formula_cells("S")


def test_a_stored_part_is_scanned_as_well(tmp_path):
    deflated = formula_book(tmp_path / "f.xlsx")
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(deflated) as src, zipfile.ZipFile(stored, "w", zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info.filename))
    assert Workbook(stored).rows("S")[1] == ["#DIV/0!", "abc234def", "#N/A"]
