import openpyxl
import pytest

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.vendor_books import REGISTRATION, VIDEO_LINKS, template_columns, write_vendor_book
from tests.conftest import write_book
from tests.masters import sheet_rows

PEOPLE = [
    {"id": "n131234567", "password": "k7pq3zz9wb", "group": "東京13"},
    {"id": "m13501704", "password": "0123456789", "group": "東京13"},   # digits only: must stay text
    {"id": "d27000123", "password": "=1+2abcdef", "group": "大阪27"},   # formula-like: must stay text
    {"id": "p47123456", "password": "12e5abcdef", "group": "沖縄47"},
]
LINKS = [{"id": "n131234567", "video": "指定時集団指導（医科）6月"},
         {"id": "m13501704", "video": "登録時集団指導（医科）6月"}]


def every_cell(path):
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]


def test_registration_book_is_one_sheet_with_the_seed_columns(tmp_path):
    path = tmp_path / "reg.xlsx"
    assert write_vendor_book(path, REGISTRATION, PEOPLE) == []
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["視聴者登録／更新"]
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == ["ユーザーID", "パスワード", "氏名"]
    assert (sheet.max_row, sheet.max_column) == (5, 3)
    assert sheet_rows(path) == [["ユーザーID", "パスワード", "氏名"]] + [[p["id"], p["password"], p["group"]]
                                                                        for p in PEOPLE]


def test_video_book_is_one_sheet_of_id_and_video(tmp_path):
    path = tmp_path / "video.xlsx"
    write_vendor_book(path, VIDEO_LINKS, LINKS)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["視聴者⇔動画"]
    assert sheet_rows(path) == [["ユーザーID", "動画"], ["n131234567", "指定時集団指導（医科）6月"],
                                ["m13501704", "登録時集団指導（医科）6月"]]
    assert book.worksheets[0].max_column == 2


@pytest.mark.parametrize("layout, records", [(REGISTRATION, PEOPLE), (VIDEO_LINKS, LINKS)])
def test_every_cell_is_text_formatted_and_no_formula(tmp_path, layout, records):
    path = tmp_path / "b.xlsx"
    write_vendor_book(path, layout, records)
    cells = every_cell(path)
    assert len(cells) == len(layout.headers) * (len(records) + 1)
    for cell in cells:
        assert (cell.data_type, cell.number_format) == ("s", "@"), cell.coordinate
    assert all(isinstance(v, str) for row in sheet_rows(path) for v in row)


def test_no_records_still_gives_the_header(tmp_path):
    path = tmp_path / "b.xlsx"
    write_vendor_book(path, VIDEO_LINKS, [])
    assert sheet_rows(path) == [["ユーザーID", "動画"]]


def template(tmp_path, rows, name="様式.xlsx", sheets=None):
    return write_book(tmp_path / name, sheets or {"登録": rows})


def test_template_is_filled_by_header_names_in_its_own_order(tmp_path):
    header = ["所属グループ", "ログインID", "パスワード", "備考"]
    path = template(tmp_path, [["視聴者登録用（株式会社ステージ）"], [], header])
    assert template_columns(path) == (3, {0: "group", 1: "id", 2: "password"}, ["備考"])
    out = tmp_path / "out.xlsx"
    notes = write_vendor_book(out, REGISTRATION, PEOPLE[:2], path)
    assert notes == ["業者様式の列「備考」は対応する値がないため空欄のままです。"]
    rows = sheet_rows(out)
    assert rows[0][0] == "視聴者登録用（株式会社ステージ）"
    assert rows[2:] == [header, ["東京13", "n131234567", "k7pq3zz9wb", ""], ["東京13", "m13501704", "0123456789", ""]]
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert openpyxl.load_workbook(out).sheetnames == ["登録"]
    for row in sheet.iter_rows(min_row=4, max_col=3):
        for cell in row:
            assert (cell.data_type, cell.number_format) == ("s", "@")
    assert sheet["D4"].value is None
    assert sheet_rows(path)[3:] == []  # the template itself is not changed


def test_video_template_is_filled(tmp_path):
    path = template(tmp_path, [["ユーザーID", "動画名"]])
    out = tmp_path / "out.xlsx"
    assert write_vendor_book(out, VIDEO_LINKS, LINKS, path) == []
    assert sheet_rows(out) == [["ユーザーID", "動画名"], *[[r["id"], r["video"]] for r in LINKS]]


@pytest.mark.parametrize("sheets, pattern", [
    ({"登録": [["ユーザーID", "パスワード", "氏名"]], "説明": [["記入例"]]}, "シートが2枚"),
    ({"登録": [["ユーザーID", "パスワード", "氏名"], ["n131234567", "k7pq3zz9wb", "東京13"]]}, "データが入っています"),
    ({"登録": [["番号", "パスワード", "氏名"]]}, "見つかりません"),
    ({"登録": []}, "見つかりません"),
    ({"登録": [["ユーザーID", "氏名"]]}, "パスワード"),       # passwords would never reach the vendor
    ({"登録": [["ユーザーID", "パスワード"]]}, "氏名"),       # nor the group
])
def test_unusable_registration_templates_are_refused_and_nothing_is_written(tmp_path, sheets, pattern):
    path = template(tmp_path, None, sheets=sheets)
    out = tmp_path / "out.xlsx"
    with pytest.raises(InputUnreadable, match=pattern):
        write_vendor_book(out, REGISTRATION, PEOPLE, path)
    assert not out.exists()


def test_video_template_without_video_column_is_refused(tmp_path):
    path = template(tmp_path, [["ユーザーID", "パスワード", "氏名"]])  # the registration template, swapped
    with pytest.raises(InputUnreadable, match="動画"):
        write_vendor_book(tmp_path / "out.xlsx", VIDEO_LINKS, LINKS, path)
    assert not (tmp_path / "out.xlsx").exists()
