"""``check`` of a vendor registration book whose column C is not headed 氏名."""

import json

import pytest

from shuudan_xl.cli.main import main
from tests.conftest import write_book

ROWS = [["n017654321", "abc234def", "北海道01"], ["m13123456", "k7pq3zz9wb", "東京13"]]


def run_json(capsys, path):
    code = main(["check", "--json", str(path)])
    return code, json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("header", ["所属グループ", "グループ", "都道府県", " 所属グループ"])
def test_column_c_headed_otherwise_than_shimei_is_an_error_with_the_header_to_use(tmp_path, capsys, header):
    """手順 3(2)③「氏名（C列 ※見出しは「氏名」となっているが所属グループのこと）」: the vendor's form heads the group
    column 氏名; a book headed otherwise is not the vendor's form, and its importer would reject or misread
    the column, so the finding is an error (nothing wrong reaches the vendor) suggesting 氏名."""
    path = write_book(tmp_path / "令和6年度_第1回_視聴者登録更新.xlsx",
                      {"視聴者登録／更新": [["ユーザーID", "パスワード", header], *ROWS]})
    code, data = run_json(capsys, path)
    assert code == 1
    (finding,) = data["body"]["findings"]
    assert (finding["row"], finding["code"], finding["severity"], finding["value"], finding["suggestion"]) == (
        1, "header.group_name", "error", header, "氏名")
    assert "C列" in finding["message"] and "「氏名」" in finding["message"]


def test_the_wrong_header_and_a_second_sheet_are_reported_together(tmp_path, capsys):
    path = write_book(tmp_path / "reg.xlsx", {"Sheet1": [["ユーザーID", "パスワード", "所属グループ"], *ROWS],
                                              "メモ": [["下書き"]]})
    code, data = run_json(capsys, path)
    assert code == 1
    assert {f["code"] for f in data["body"]["findings"]} == {"header.group_name", "workbook.sheets"}


def test_the_vendor_header_passes(tmp_path, capsys):
    path = write_book(tmp_path / "reg.xlsx", {"Sheet1": [["ユーザーID", "パスワード", "氏名"], *ROWS]})
    assert run_json(capsys, path)[0] == 0
