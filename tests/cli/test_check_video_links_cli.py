"""``check`` on the tool's own 視聴者⇔動画 workbook (ユーザーID / 動画): what applies to it is checked, not refused."""

import json

import xlsxwriter

from shuudan_xl.cli.main import main
from tests.conftest import write_book

LINKS_HEADER = ["ユーザーID", "動画"]
VIDEO = "指定時集団指導（医科）6月"


def links_book(tmp_path, rows, sheets=None, name="令和6年度_第1回_視聴者動画.xlsx"):
    return write_book(tmp_path / name, {"視聴者⇔動画": [LINKS_HEADER, *rows], **(sheets or {})})


def run_json(capsys, *args):
    code = main(["check", "--json", *map(str, args)])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def found(data):
    return [(f["row"], f["column"], f["code"], f["severity"]) for f in data["body"]["findings"]]


def test_the_video_book_export_writes_is_checked_and_passes(tmp_path, capsys):
    """手順 2③「視聴者⇔動画 登録用エクセル　視聴者と指導動画の紐付け登録するためのエクセルシート」: the second
    book export writes has no パスワード column; check reads it as what it is instead of exiting 2."""
    master = tmp_path / "視聴者リスト.xlsx"
    assert main(["new-master", str(master), "--sample"]) == 0
    assert main(["export", str(master), "--round", "1", "--fiscal-year", "2024", "-o", str(tmp_path / "out"),
                 "--today", "2024-05-01"]) == 0
    capsys.readouterr()
    book = tmp_path / "out" / "令和6年度_第1回_視聴者動画.xlsx"
    code, data, err = run_json(capsys, book)
    assert (code, err) == (0, "")
    assert data["inputs"]["sheet"] == "視聴者⇔動画"
    assert data["counts"]["rows_checked"] > 0 and data["body"]["findings"] == []
    assert main(["check", str(book)]) == 0
    assert "点検した行" in capsys.readouterr().out


def test_bad_ids_blank_videos_blank_rows_and_repeated_pairs_are_reported(tmp_path, capsys):
    """手順 3(5)「登録もれ等のトラブルを避けるため…1つのシートにまとめた上で」: a blank row inside the list and a
    second sheet are errors; an ID that breaks the ID rules and a row without a video too."""
    path = links_book(tmp_path, [
        ["n017654321", VIDEO],
        ["ｎ017654322", VIDEO],          # full-width n
        ["n017654323", ""],             # no video
        [None, None],                   # blank row inside the list
        ["n017654321", VIDEO],          # the same pair again (warning)
        [17654324, VIDEO + " "],        # a number; a space after the video name
        [None, None],                   # trailing blank rows are not the list's
    ], sheets={"メモ": [["下書き"]]})
    code, data, _ = run_json(capsys, path)
    assert code == 1
    assert found(data) == [
        (1, "", "workbook.sheets", "error"),
        (3, "ユーザーID", "cell.fullwidth", "error"),
        (4, "動画", "cell.empty", "error"),
        (5, "ユーザーID", "links.blank_row", "error"),
        (6, "ユーザーID", "links.duplicate", "warning"),
        (7, "ユーザーID", "cell.number", "error"),
        (7, "動画", "cell.space_edge", "error"),
    ]
    assert data["counts"]["rows_checked"] == 5
    by_row = {(f["row"], f["code"]): f for f in data["body"]["findings"]}
    assert "2行目" in by_row[(6, "links.duplicate")]["message"]
    assert by_row[(7, "cell.space_edge")]["suggestion"] == VIDEO
    assert "動画一覧の動画名" in by_row[(4, "cell.empty")]["message"]


def test_a_formula_in_the_video_column_is_an_error_even_when_its_result_is_right(tmp_path, capsys):
    path = tmp_path / "links.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("視聴者⇔動画")
    sheet.write_row(0, 0, LINKS_HEADER)
    sheet.write_string(1, 0, "n017654321")
    sheet.write_formula(1, 1, '="指定時集団指導（医科）"&"6月"', None, VIDEO)
    book.close()
    code, data, _ = run_json(capsys, path)
    assert code == 1 and found(data) == [(2, "動画", "cell.formula", "error")]


def test_a_book_with_neither_table_still_cannot_be_read(tmp_path, capsys):
    path = write_book(tmp_path / "other.xlsx", {"Sheet1": [["ユーザーID", "備考"], ["n017654321", "x"]]})
    code = main(["check", str(path)])
    assert code == 2 and "パスワード" in capsys.readouterr().err
