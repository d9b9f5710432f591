import os
import stat
import zipfile

import openpyxl
import pytest
import xlsxwriter
from lxml import etree

from shuudan_xl.errors import FileInUse, InputUnreadable
from shuudan_xl.files.cell_refs import column_index, column_letter
from shuudan_xl.files.xlsx_patch import (
    BACKUP_DIR,
    CellWrite,
    excel_lock_file,
    patch_cells,
    sheet_part,
)
from tests.conftest import digest
from tests.masters import changed_members, members, sheet_rows

NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
SHEET = "視聴者リスト"


def sheet_xml(path, sheet=SHEET):
    with zipfile.ZipFile(path) as book:
        return etree.fromstring(book.read(sheet_part(book, sheet)))


def macro_book(path, vba_bytes=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8):
    """An .xlsm like staff keep: VBA project, a button bound to a macro, a comment (VML), styles, 2 sheets."""
    vba = path.with_name("vbaProject.bin")
    vba.write_bytes(vba_bytes)
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    sheet, memo = book.add_worksheet(SHEET), book.add_worksheet("メモ")
    book.set_vba_name("ThisWorkbook")
    sheet.set_vba_name("Sheet1")
    memo.set_vba_name("Sheet2")
    book.add_vba_project(str(vba))
    bold = book.add_format({"bold": True, "bg_color": "#D9E1F2"})
    text = book.add_format({"num_format": "@"})
    sheet.set_column(1, 1, 14, text)  # column B: text format for new cells
    sheet.write_row(0, 0, ["ユーザーID", "パスワード", "氏名"], bold)
    sheet.write_string(2, 0, "n131234567")
    sheet.write_string(2, 3, "備考")
    sheet.write_number(3, 1, 12345)
    sheet.write_comment("A1", "空欄なら自動で作ります")
    sheet.insert_button("F2", {"macro": "RunCheck", "caption": "点検"})
    sheet.data_validation(1, 2, 50, 2, {"validate": "list", "source": ["東京13", "神奈川14"]})
    memo.write_string(0, 0, "メモ")
    book.close()
    return path


@pytest.fixture
def xlsm(tmp_path):
    return macro_book(tmp_path / "令和6年度_視聴者リスト.xlsm")


@pytest.mark.parametrize("index, letters", [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (51, "AZ"), (701, "ZZ"),
                                            (702, "AAA"), (16383, "XFD")])
def test_column_letters_round_trip(index, letters):
    assert column_letter(index) == letters and column_index(letters) == index


def test_every_other_member_of_a_macro_book_is_identical(xlsm):
    before = members(xlsm)
    order = zipfile.ZipFile(xlsm).namelist()
    patch_cells(xlsm, SHEET, [CellWrite(2, 1, "abc234def"), CellWrite(5, 0, "n137654321")])
    after = members(xlsm)
    assert changed_members(before, after) == {"xl/worksheets/sheet1.xml"}
    assert zipfile.ZipFile(xlsm).namelist() == order
    assert {"xl/vbaProject.bin", "xl/drawings/vmlDrawing1.vml", "xl/comments1.xml"} <= set(after)
    assert after["xl/vbaProject.bin"] == before["xl/vbaProject.bin"]
    assert zipfile.ZipFile(xlsm).testzip() is None


def test_the_sheets_drawing_and_control_links_survive(xlsm):
    patch_cells(xlsm, SHEET, [CellWrite(2, 1, "abc234def")])
    root = sheet_xml(xlsm)
    assert root.find("x:legacyDrawing", NS) is not None
    assert root.find("x:dataValidations", NS) is not None
    assert root.find("x:sheetPr", NS).get("codeName") == "Sheet1"


def test_new_cells_are_text_for_openpyxl_and_calamine(xlsm):
    patch_cells(xlsm, SHEET, [CellWrite(2, 1, "abc234def"), CellWrite(5, 0, "n137654321"),
                              CellWrite(3, 1, "0123456789")])
    rows = sheet_rows(xlsm, SHEET)
    assert rows[1][1] == "abc234def" and rows[4][0] == "n137654321" and rows[2][1] == "0123456789"
    assert rows[2][0] == "n131234567" and rows[2][3] == "備考"  # existing shared strings still read
    sheet = openpyxl.load_workbook(xlsm)[SHEET]
    for ref, value in (("B2", "abc234def"), ("A5", "n137654321"), ("B3", "0123456789")):
        assert sheet[ref].value == value and sheet[ref].data_type == "s"


def test_an_existing_numeric_cell_is_replaced_by_text(xlsm):
    patch_cells(xlsm, SHEET, [CellWrite(4, 1, "k7pq3zz9wb")])
    cell = openpyxl.load_workbook(xlsm)[SHEET]["B4"]
    assert cell.value == "k7pq3zz9wb" and cell.data_type == "s"
    (c,) = [c for c in sheet_xml(xlsm).iter(f"{{{NS['x']}}}c") if c.get("r") == "B4"]
    assert c.get("t") == "inlineStr" and c.find("x:v", NS) is None


def test_styles_are_kept_and_new_cells_take_the_column_style(xlsm):
    before = {c.get("r"): c.get("s") for c in sheet_xml(xlsm).iter(f"{{{NS['x']}}}c")}
    patch_cells(xlsm, SHEET, [CellWrite(1, 0, "ユーザーID"), CellWrite(2, 1, "abc234def"), CellWrite(2, 4, "x")])
    after = {c.get("r"): c.get("s") for c in sheet_xml(xlsm).iter(f"{{{NS['x']}}}c")}
    assert after["A1"] == before["A1"] is not None  # overwritten header keeps its bold fill
    sheet = openpyxl.load_workbook(xlsm)[SHEET]
    assert sheet["A1"].font.b is True
    assert sheet["B2"].number_format == "@"  # column B's text format
    assert after["E2"] is None  # no column style: default style


def test_rows_and_cells_are_created_in_order(xlsm):
    patch_cells(xlsm, SHEET, [CellWrite(10, 2, "c10"), CellWrite(2, 0, "a2"), CellWrite(3, 1, "b3"),
                              CellWrite(7, 0, "a7"), CellWrite(3, 5, "f3"), CellWrite(3, 2, "c3")])
    root = sheet_xml(xlsm)
    numbers = [int(r.get("r")) for r in root.iter(f"{{{NS['x']}}}row")]
    assert numbers == sorted(numbers) == [1, 2, 3, 4, 7, 10]
    (row3,) = [r for r in root.iter(f"{{{NS['x']}}}row") if r.get("r") == "3"]
    assert [c.get("r") for c in row3] == ["A3", "B3", "C3", "D3", "F3"]
    rows = sheet_rows(xlsm, SHEET)
    assert rows[9][2] == "c10" and rows[6][0] == "a7" and rows[2][:6] == ["n131234567", "b3", "c3", "備考", "", "f3"]


def test_dimension_and_spans_are_widened(xlsm):
    root = sheet_xml(xlsm)
    assert root.find("x:dimension", NS).get("ref") == "A1:D4"
    patch_cells(xlsm, SHEET, [CellWrite(3, 7, "h3"), CellWrite(12, 1, "b12")])
    root = sheet_xml(xlsm)
    assert root.find("x:dimension", NS).get("ref") == "A1:H12"
    (row3,) = [r for r in root.iter(f"{{{NS['x']}}}row") if r.get("r") == "3"]
    assert row3.get("spans") == "1:8"


def test_dimension_grows_to_the_left_and_up(tmp_path):
    path = tmp_path / "b.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet(SHEET).write_string(4, 3, "D5")
    book.close()
    assert sheet_xml(path).find("x:dimension", NS).get("ref") == "D5"
    patch_cells(path, SHEET, [CellWrite(2, 1, "B2")])
    assert sheet_xml(path).find("x:dimension", NS).get("ref") == "B2:D5"


def test_spaces_at_the_edges_are_preserved(xlsm):
    patch_cells(xlsm, SHEET, [CellWrite(6, 0, " a b ")])
    assert sheet_rows(xlsm, SHEET)[5][0] == " a b "


def test_a_workbook_saved_by_openpyxl_is_patched_too(tmp_path):
    path = tmp_path / "o.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "メモ"
    sheet = book.create_sheet(SHEET)
    sheet.append(["ユーザーID", "パスワード"])
    sheet.append(["n131234567", None])
    book.save(path)
    before = members(path)
    patch_cells(path, SHEET, [CellWrite(2, 1, "abc234def"), CellWrite(3, 0, "m13501704")])
    assert changed_members(before, members(path)) == {"xl/worksheets/sheet2.xml"}
    assert sheet_rows(path, SHEET)[1:] == [["n131234567", "abc234def"], ["m13501704", ""]]


def test_backup_holds_the_original(xlsm):
    original = xlsm.read_bytes()
    backup = patch_cells(xlsm, SHEET, [CellWrite(2, 1, "abc234def")])
    assert backup.parent == xlsm.parent / BACKUP_DIR and backup.suffix == ".xlsm"
    assert backup.read_bytes() == original
    second = patch_cells(xlsm, SHEET, [CellWrite(2, 2, "東京13")])
    assert second != backup and backup.read_bytes() == original


def test_without_backup_nothing_is_copied(xlsm):
    assert patch_cells(xlsm, SHEET, [CellWrite(2, 1, "abc234def")], backup=False) is None
    assert not (xlsm.parent / BACKUP_DIR).exists()


def test_no_writes_leave_the_file_untouched(xlsm):
    before = digest(xlsm)
    assert patch_cells(xlsm, SHEET, []) is None
    assert digest(xlsm) == before and not (xlsm.parent / BACKUP_DIR).exists()


def test_no_temporary_file_is_left_behind(xlsm):
    patch_cells(xlsm, SHEET, [CellWrite(2, 1, "abc234def")])
    assert sorted(p.name for p in xlsm.parent.iterdir()) == sorted([BACKUP_DIR, "vbaProject.bin", xlsm.name])


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_file_permissions_are_kept(xlsm):
    xlsm.chmod(0o664)  # a shared folder: colleagues must still open the list
    patch_cells(xlsm, SHEET, [CellWrite(2, 1, "abc234def")])
    assert stat.S_IMODE(xlsm.stat().st_mode) == 0o664


@pytest.mark.parametrize("lock_name", ["~$令和6年度_視聴者リスト.xlsm", "~$6年度_視聴者リスト.xlsm"])
def test_a_workbook_open_in_excel_is_refused_and_left_untouched(xlsm, lock_name):
    lock = xlsm.with_name(lock_name)
    lock.write_bytes(b"owner")
    before = digest(xlsm)
    assert excel_lock_file(xlsm) == lock
    with pytest.raises(FileInUse, match="Excelで開かれています.*閉じて"):
        patch_cells(xlsm, SHEET, [CellWrite(2, 1, "abc234def")])
    assert digest(xlsm) == before and not (xlsm.parent / BACKUP_DIR).exists()


def test_lock_file_of_another_workbook_does_not_block(xlsm):
    xlsm.with_name("~$別のブック.xlsx").write_bytes(b"owner")
    assert excel_lock_file(xlsm) is None
    patch_cells(xlsm, SHEET, [CellWrite(2, 1, "abc234def")])


def test_unknown_sheet_is_unreadable_and_nothing_changes(xlsm):
    before = digest(xlsm)
    with pytest.raises(InputUnreadable, match="シート「名簿」"):
        patch_cells(xlsm, "名簿", [CellWrite(2, 1, "x")])
    assert digest(xlsm) == before


def test_not_a_workbook_is_unreadable(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_text("ユーザーID,パスワード")
    with pytest.raises(InputUnreadable, match="Excelファイル"):
        patch_cells(path, SHEET, [CellWrite(2, 1, "x")])


def test_a_short_name_is_not_taken_for_open_because_of_another_books_owner_file(tmp_path):
    ours, other_owner = tmp_path / "ab.xlsx", tmp_path / "~$.xlsx"
    ours.write_bytes(b"x")
    other_owner.write_bytes(b"owner")  # what "cd.xlsx" minus two characters would give
    assert excel_lock_file(ours) is None
    (tmp_path / "~$ab.xlsx").write_bytes(b"owner")
    assert excel_lock_file(ours) == tmp_path / "~$ab.xlsx"
