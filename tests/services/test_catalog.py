import openpyxl

from shuudan_xl.files.master_book import CATALOG_SHEET
from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules import master as m
from shuudan_xl.services.catalog import load_catalog, parse_catalog
from tests.conftest import write_book
from tests.masters import make_master, viewer

HEADER = ["指導区分", "種別", "視聴回", "動画名"]


def test_default_catalog_covers_every_guidance_and_field():
    catalog, findings, source = load_catalog(None)
    assert findings == [] and source == "既定の動画一覧"
    for guidance in m.GUIDANCE_TYPES:
        for field in m.FIELDS:
            name = catalog.video(guidance, field, 1, 6)
            assert name and name.endswith("6月") and field in name, (guidance, field)
    assert catalog.video("指定時", "医科", 1, 6) == "指定時集団指導（医科）6月"


def test_a_master_without_catalog_sheet_uses_the_default(tmp_path):
    path = write_book(tmp_path / "m.xlsx", {m.LIST_SHEET: [list(m.COLUMNS)]})
    assert load_catalog(Workbook(path))[2] == "既定の動画一覧"


def test_the_masters_catalog_sheet_overrides_the_default(tmp_path):
    path = make_master(tmp_path / "m.xlsx", [viewer()])
    book = openpyxl.load_workbook(path)
    sheet = book[CATALOG_SHEET]
    sheet.append(["指定時", "医科", 4, "指定時集団指導（医科・改定対応）{月}月"])
    sheet["D2"] = "指定時集団指導（医科）【令和6年度】{月}月"
    book.save(path)
    catalog, findings, source = load_catalog(Workbook(path))
    assert findings == [] and source == f"シート「{CATALOG_SHEET}」"
    assert catalog.video("指定時", "医科", 1, 6) == "指定時集団指導（医科）【令和6年度】6月"
    assert catalog.video("指定時", "医科", 4, 9) == "指定時集団指導（医科・改定対応）9月"


def test_catalog_accepts_variants_and_text_rounds():
    catalog, findings = parse_catalog([HEADER, ["指定時集団指導", "歯", "第2回", "歯科 特別版"],
                                       ["更新時", "調剤", "", "更新時（薬局）"]], "動画一覧")
    assert findings == []
    assert catalog.video("指定時", "歯科", 2, 7) == "歯科 特別版"  # names are kept as typed
    assert catalog.video("更新時", "薬局", 5, 10) == "更新時（薬局）"


def test_unreadable_catalog_rows_are_warnings_with_their_row():
    catalog, findings = parse_catalog([HEADER, ["指定", "医科", "", "x"], ["指定時", "医科", "第10回", "y"],
                                       ["指定時", "医科", "", ""], [None, None, None, None],
                                       ["指定時", "医科", "", "ok"]], "動画一覧")
    assert [(f.row, f.severity, f.code) for f in findings] == [(2, "warning", "catalog.row"),
                                                               (3, "warning", "catalog.row"),
                                                               (4, "warning", "catalog.row")]
    assert catalog.video("指定時", "医科", 1, 6) == "ok"


def test_an_empty_catalog_sheet_gives_an_empty_catalog():
    catalog, findings = parse_catalog([], "動画一覧")
    assert findings == [] and catalog.entries == []
