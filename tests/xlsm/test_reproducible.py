"""The .xlsm is a build output: the same sources give the same bytes, and the committed one is fresh."""

import zipfile
from pathlib import Path

from shuudan_xl.xlsm.workbook import DEFAULT_OUTPUT, workbook_bytes

COMMITTED = Path(__file__).parents[2] / "xlsheets" / "集団指導_視聴者リスト.xlsm"


def test_building_twice_gives_identical_bytes(built):
    assert workbook_bytes() == built.read_bytes()


def test_zip_entries_and_document_dates_are_fixed(built):
    with zipfile.ZipFile(built) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"<dcterms:created xsi:type=\"dcterms:W3CDTF\">2024-04-01T00:00:00Z" in z.read("docProps/core.xml")


def test_committed_workbook_equals_a_fresh_build(built):
    assert DEFAULT_OUTPUT == COMMITTED
    assert COMMITTED.read_bytes() == built.read_bytes(), (
        "xlsheets/集団指導_視聴者リスト.xlsm is stale: rebuild it with `shuudan-xl build-workbook`")


def test_sample_build_differs_only_in_its_content(built, built_sample):
    with zipfile.ZipFile(built) as a, zipfile.ZipFile(built_sample) as b:
        assert a.namelist() == b.namelist()
        assert a.read("xl/vbaProject.bin") == b.read("xl/vbaProject.bin")
