"""A worksheet's part is found through workbook.xml and its relationships, parsed strictly without lxml."""

import subprocess
import sys
import zipfile

import pytest

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.package_parts import elements, sheet_member
from shuudan_xl.files.reader import Workbook
from tests.conftest import write_book
from tests.integrity.helpers import child_env

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
WORKBOOK = (f'<?xml version="1.0"?><x:workbook xmlns:x="{MAIN}" xmlns:rel="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships"><x:sheets><x:sheet name="一覧 &amp; 予備" sheetId="1" rel:id="r9"/>'
            '<x:sheet name="B" sheetId="2" rel:id="r2"/><x:sheet name="C" sheetId="3" rel:id="r7"/></x:sheets>'
            '</x:workbook>').encode()
RELS = (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="r9" Target="worksheets/sheet1.xml"/>'
        b'<Relationship Id="r2" Target="/xl/worksheets/other.xml"/></Relationships>')


def package(tmp_path, workbook=WORKBOOK, rels=RELS):
    path = tmp_path / "b.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
    return zipfile.ZipFile(path)


def test_a_sheet_is_found_by_its_name_through_any_namespace_prefix_and_a_relative_or_absolute_target(tmp_path):
    with package(tmp_path) as book:
        assert sheet_member(book, "一覧 & 予備") == "xl/worksheets/sheet1.xml"
        assert sheet_member(book, "B") == "xl/worksheets/other.xml"


@pytest.mark.parametrize("sheet", ["C", "D"])  # C names a relationship that is not there; D is no sheet
def test_a_sheet_without_a_part_is_refused_naming_it(tmp_path, sheet):
    with package(tmp_path) as book:
        with pytest.raises(InputUnreadable, match=f"シート「{sheet}」が「b.xlsx」に見つかりません"):
            sheet_member(book, sheet)


def test_a_part_that_is_not_well_formed_is_refused_in_japanese(tmp_path):
    with package(tmp_path, rels=RELS[:-10]) as book:
        with pytest.raises(InputUnreadable, match="「b.xlsx」の中のXMLが壊れています"):
            sheet_member(book, "B")


def test_a_doctype_is_refused_before_any_entity_it_declares_is_expanded():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
              b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><a x="&c;"/>')
    with pytest.raises(InputUnreadable, match="DOCTYPE 宣言があります"):
        elements(laughs, "b.xlsx", "a")


def test_elements_gives_the_attributes_of_the_wanted_elements_in_document_order():
    found = elements(WORKBOOK, "b.xlsx", f"{{{MAIN}}}sheet")
    assert [e["name"] for e in found] == ["一覧 & 予備", "B", "C"]
    assert found[0]["{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"] == "r9"


def test_reading_a_workbook_does_not_load_lxml(tmp_path):
    """The sheet's part is found with expat: lxml's libraries cost a reading command ~13 ms of its start."""
    path = write_book(tmp_path / "b.xlsx", {"S": [["a", "b"]]})
    code = ("import sys; from shuudan_xl.files.reader import Workbook; "
            "assert Workbook(sys.argv[1]).rows('S') == [['a', 'b']]; print('lxml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, env=child_env(),
                          check=True)
    assert done.stdout.strip() == "False"
    assert Workbook(path).rows("S") == [["a", "b"]]
