"""The sheet scans' shortcuts find what the plain patterns find: white space before a reference's equals sign
(the usual space at literal speed, the rare bytes by memchr), and the double-quoted cell types of a part
without single quotes."""

import re
import zipfile

import pytest

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files import cell_kinds, sheet_bounds
from shuudan_xl.files.reader import Workbook
from shuudan_xl.files.sheet_bounds import check_sheet_size
from tests.conftest import write_book

EXCEL_START = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')


def sheet(cells: bytes, start: bytes = EXCEL_START) -> bytes:
    return start + b'<row r="1"><c r="A1"><v>1</v></c>' + cells + b"</row></sheetData></worksheet>"


@pytest.mark.parametrize("space", [b" ", b"\t", b"\n", b"\r", b"\f", b"\v", b"\r\n ", b"\t "])
def test_a_far_reference_with_any_white_space_before_its_equals_sign_is_refused(space):
    with pytest.raises(InputUnreadable, match="離れて広がっている"):
        check_sheet_size(sheet(b'<c r' + space + b'="XFD1048576"><v>1</v></c>'), "b.xlsx", "S")


@pytest.mark.parametrize("start", [EXCEL_START, EXCEL_START.replace(b"\r\n", b"\n"), b"\xef\xbb\xbf" + EXCEL_START,
                                   EXCEL_START.replace(b"\r\n", b"")])
def test_the_line_end_after_the_declaration_does_not_call_for_the_full_pattern(monkeypatch, start):
    class Refusing:
        def search(self, *args):
            raise AssertionError("the full pattern was run")

    data = sheet(b'<c r="B1" t="s"><v>0</v></c>', start)
    assert re.search(rb"r\s+=", data) is None
    monkeypatch.setattr(sheet_bounds, "_SPACE_BEFORE", Refusing())
    assert sheet_bounds._space_before_equals(data) is False


def test_a_line_break_in_a_value_runs_the_full_pattern_and_finds_no_reference_in_it(monkeypatch):
    data = sheet(b'<c r="B1" t="inlineStr"><is><t>a\nb r\tx</t></is></c>')
    assert sheet_bounds._space_before_equals(data) is False
    assert sheet_bounds._space_before_equals(data.replace(b"r\tx", b"r\t=")) is True


@pytest.mark.parametrize("text", [b"plain", b"it's"])  # without and with a single quote in the part
def test_error_values_and_text_formulas_are_found_with_or_without_single_quotes_in_the_part(text):
    data = sheet(b'<c r="B1" t="e"><v>#REF!</v></c><c r="C1" t="str"><f>A1&amp;"x"</f><v>1x</v></c>'
                 b'<c r="D1" t="inlineStr"><is><t>' + text + b' e" str"</t></is></c>')
    kinds = cell_kinds.scan_sheet_xml(data)
    assert kinds.errors == {(0, 1): "#REF!"} and kinds.formulas == {(0, 2)}
    full = cell_kinds._scan_counting(data)
    assert (kinds.errors, kinds.formulas) == (full.errors, full.formulas)


def test_a_part_without_a_hash_sign_is_not_searched_for_error_values(monkeypatch):
    class Refusing:
        def finditer(self, *args):
            raise AssertionError("searched for error types")

    data = sheet(b'<c r="B1" t="str"><f>A1</f><v>1</v></c><c r="C1" t="e"/><c r="D1" t="e"><v></v></c>')
    monkeypatch.setattr(cell_kinds, "_DOUBLE_QUOTED", {**cell_kinds._DOUBLE_QUOTED, cell_kinds._ERROR_END: Refusing()})
    kinds = cell_kinds.scan_sheet_xml(data)
    assert kinds.errors == {} and kinds.formulas == {(0, 1)}
    full = cell_kinds._scan_counting(data)  # parsing every cell: an error type without a value is no error value
    assert (full.errors, full.formulas) == ({}, {(0, 1)})


def test_an_error_type_without_a_value_reads_as_the_empty_cell_calamine_reads(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"S": [["a", "b", "c", "d"]]})
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    part = members["xl/worksheets/sheet1.xml"]
    for before, after in ((b'<c r="B1" t="s"><v>1</v></c>', b'<c r="B1" t="e"/>'),
                          (b'<c r="C1" t="s"><v>2</v></c>', b'<c r="C1" t="e"><v>#REF!</v></c>')):
        assert before in part
        part = part.replace(before, after)
    members["xl/worksheets/sheet1.xml"] = part
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    assert Workbook(path).rows("S") == [["a", "", "#REF!", "d"]]
