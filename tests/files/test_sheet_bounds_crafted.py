"""The sheet-size bound reads references as calamine reads them: white space around the equals sign,
columns of four letters and rows of eight digits (past Excel's XFD1048576) count like any other."""

import zipfile

import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.sheet_bounds import check_sheet_size


def sheet(far: bytes) -> bytes:
    # Two values: A1 and one cell written as ``far`` (its attributes), in row 3's element.
    return (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c ' + far + b"><v>1</v></c></row>"
            b"</sheetData></worksheet>")


@pytest.mark.parametrize("far", [b'r="Z200000"', b'r = "Z200000"', b'r ="Z200000"', b'r= "Z200000"',
                                 b"r = 'Z200000'", b'r\t=\n"Z200000"', b's="1" r  =  "XFD1048576"',
                                 b'r="AAAA1048576"', b'r="Z12345678"', b'r = "A123456789"'])
def test_a_far_cell_is_refused_however_its_reference_is_written(far):
    with pytest.raises(InputUnreadable, match="離れて広がっているため読み込みません"):
        check_sheet_size(sheet(far), "b.xlsx", "S")


@pytest.mark.parametrize("far", [b'r="Z99999"', b'r = "Z99999"', b'r= "AB3"', b'r="AAAA3"', b't = "s" r =\'C3\''])
def test_a_sheet_within_bounds_is_read_however_its_references_are_written(far):
    check_sheet_size(sheet(far), "b.xlsx", "S")


def test_calamine_places_a_cell_by_a_spaced_or_four_letter_reference(tmp_path):
    # Why the bound must read them: calamine does (a 16 KB file could otherwise ask for billions of cells).
    plain = tmp_path / "plain.xlsx"
    book = xlsxwriter.Workbook(str(plain))
    book.add_worksheet("S").write_row(0, 0, ["a", "b"])
    book.close()
    for ref, size in ((b'r = "C5"', (4, 2)), (b'r="AAAA1"', (0, 18278))):
        crafted = tmp_path / "crafted.xlsx"
        with zipfile.ZipFile(plain) as src, zipfile.ZipFile(crafted, "w") as dst:
            for info in src.infolist():
                data = src.read(info)
                if info.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b'r="B1"', ref)
                dst.writestr(info, data)
        assert CalamineWorkbook.from_path(str(crafted)).get_sheet_by_name("S").end == size
