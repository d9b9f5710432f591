"""Every button in the built file runs an existing public parameterless Sub (read from the package XML)."""

import io
import zipfile

import pytest

from shuudan_xl.rules.master import LIST_SHEET
from shuudan_xl.xlsm.controls import BUTTONS, VBA_MODULE, placements, width_of
from tests.xlsm.package import buttons_in_package, extract_vba, public_parameterless_subs, resolve_macro


@pytest.fixture(scope="module")
def subs(built):
    return public_parameterless_subs(extract_vba(built))


def test_each_button_of_the_table_is_on_its_sheet_with_its_caption_and_sub(built, subs):
    found = buttons_in_package(built)
    assert sorted((b["sheet"], b["caption"], b["macro"]) for b in found) == sorted(
        (b.sheet, b.caption, f"[0]!{b.macro}") for b in BUTTONS)
    for button in found:
        assert resolve_macro(button["macro"], subs) == f"{VBA_MODULE}.{button['macro'][4:]}", button


def _with_macro(src, dst, old: str, new: str) -> None:
    # Copy a package, replacing a macro name in every VML drawing.
    with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename.endswith(".vml"):
                data = data.replace(old.encode(), new.encode())
            out.writestr(info, data)


@pytest.mark.parametrize("bad", ["[0]!Btn_NoSuchSub", "[0]!xlwings.RunPython", "[0]!Dictionary.Add",
                                 "[0]!SHUUDAN_GROUP", "[0]!Sheet1.Anything"])
def test_a_button_on_a_missing_sub_a_function_or_a_class_method_is_caught(built, subs, tmp_path, bad):
    broken = tmp_path / "broken.xlsm"
    _with_macro(built, broken, "[0]!Btn_CheckList", bad)
    (button,) = [b for b in buttons_in_package(broken) if b["caption"] == "入力チェック"]
    assert button["macro"] == bad
    assert resolve_macro(button["macro"], subs) is None


def test_excel_2010_form_control_parts_are_read_too():
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w") as z:
        z.writestr("xl/workbook.xml", '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                   'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                   '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", _rels("rId1", "worksheet", "worksheets/sheet1.xml"))
        z.writestr("xl/worksheets/sheet1.xml", '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
                   '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                   '<controls><control shapeId="1025" r:id="rId2"/></controls></worksheet>')
        z.writestr("xl/worksheets/_rels/sheet1.xml.rels", _rels("rId2", "ctrlProp", "../ctrlProps/ctrlProp1.xml"))
        z.writestr("xl/ctrlProps/ctrlProp1.xml", '<formControlPr xmlns="http://schemas.microsoft.com/office/'
                   'spreadsheetml/2009/9/main" objectType="Button" fmlaMacro="[0]!Btn_CheckList"/>')
    assert [b["macro"] for b in buttons_in_package(package)] == ["[0]!Btn_CheckList"]


def _rels(rid: str, kind: str, target: str) -> str:
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            f'{kind}" Target="{target}"/></Relationships>')


def test_sub_detection_counts_only_public_parameterless_subs_of_standard_modules():
    code = {"M": 'Attribute VB_Name = "M"\r\nSub A()\r\nEnd Sub\r\nPrivate Sub B()\r\nEnd Sub\r\n'
                 'Public Sub C(x As Long)\r\nEnd Sub\r\nPublic Function D()\r\nEnd Function\r\n',
            "K": 'Attribute VB_Name = "K"\r\nAttribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"\r\n'
                 'Sub E()\r\nEnd Sub\r\n'}
    assert public_parameterless_subs(code) == {"M": {"A"}}


def test_captions_get_room_by_length():
    assert width_of("台帳登録") < width_of("業者提出ファイル作成")


def test_the_list_sheets_buttons_fit_a_laptop_screen_in_one_row():
    placed = placements(LIST_SHEET)
    assert len(placed) == 9
    last = placed[-1][1]
    assert last["x_offset"] + last["width"] <= 1280  # a 1366-pixel screen less Excel's row headers and scroll bar
    assert {options["y_offset"] for _, options in placed} == {4}
