"""The open workbook through xlwings (remote engine): read like a file, written as text, notes and boxes."""

import datetime as dt

import pytest
import xlwings as xw

from shuudan_xl.errors import InputUnreadable, InvalidArgument, ShuudanError
from shuudan_xl.excel.book import UNEXPECTED, ExcelWriter, OpenBook, button, read_notes, text_runs
from shuudan_xl.files.reader import Workbook
from shuudan_xl.files.xlsx_patch import CellWrite
from tests.conftest import write_book
from tests.excel.remote import actions_of, alerts, sheet

MIXED = [
    ["ユーザーID", "パスワード", "視聴回", "日付", "日時", "真偽", None, "備考"],
    ["n017654321", "234567e89", 1, dt.date(2024, 6, 1), dt.datetime(2024, 6, 1, 10, 30), True, None, "メモ"],
    [None, "0123456789", 2.5, None, None, False],
    [],
    [None, None, None, None, None, None, None, "最後"],
]


def remote_book(path, sheets: dict[str, list[list[object]]], notes=None):
    payload = {"client": "Office.js", "version": xw.__version__,
               "book": {"name": str(path), "active_sheet_index": 0, "selection": "A1"}, "names": [],
               "sheets": [sheet(name, rows, (notes or {}).get(name)) for name, rows in sheets.items()]}
    return xw.Book(json=payload)


def test_rows_are_what_the_file_reader_gives_for_the_same_cells(tmp_path):
    path = write_book(tmp_path / "m.xlsx", {"S": MIXED})
    assert OpenBook(remote_book(path, {"S": MIXED})).rows("S") == Workbook(path).rows("S")


def test_trailing_empty_rows_and_columns_are_left_out(tmp_path):
    book = OpenBook(remote_book(tmp_path / "m.xlsm", {"S": [["a", "", ""], ["", "b", ""], ["", "", ""]]}))
    assert book.rows("S") == [["a", ""], ["", "b"]]


def test_path_and_sheet_names_come_from_the_open_book(tmp_path):
    book = OpenBook(remote_book(tmp_path / "視聴者リスト.xlsm", {"視聴者リスト": [["x"]], "設定": [["y"]]}))
    assert book.path == tmp_path / "視聴者リスト.xlsm"
    assert book.sheet_names == ["視聴者リスト", "設定"]


def test_a_missing_sheet_is_named_in_japanese(tmp_path):
    book = OpenBook(remote_book(tmp_path / "m.xlsm", {"設定": [["y"]]}))
    with pytest.raises(InputUnreadable, match="シート「視聴者リスト」が「m.xlsm」にありません（あるシート: 「設定」）"):
        book.rows("視聴者リスト")


@pytest.mark.parametrize(("name", "message"), [
    ("Book1", "まだ保存されていません"),
    ("https://contoso.sharepoint.com/sites/x/視聴者リスト.xlsm", "OneDrive・SharePoint"),
])
def test_a_book_without_a_folder_is_refused(name, message):
    with pytest.raises(InputUnreadable, match=message):
        OpenBook(remote_book(name, {"S": [["x"]]}))


def test_writes_are_grouped_into_runs_of_one_column():
    writes = [CellWrite(5, 9, "b"), CellWrite(4, 9, "a"), CellWrite(7, 9, "c"), CellWrite(4, 10, "p")]
    assert text_runs(writes) == [(9, 4, ["a", "b"]), (9, 7, ["c"]), (10, 4, ["p"])]


def test_the_writer_sets_the_text_format_before_the_values_then_saves(tmp_path):
    book = remote_book(tmp_path / "m.xlsm", {"視聴者リスト": [["x"]]})
    ExcelWriter(book, "視聴者リスト").write([CellWrite(4, 10, "234567e89"), CellWrite(5, 10, "0123456789")])
    fmt, values, save = book.json()["actions"]
    assert (fmt["func"], fmt["args"], fmt["start_row"], fmt["start_column"], fmt["row_count"]) == (
        "setNumberFormat", ["@"], 3, 10, 2)
    assert (values["func"], values["values"], values["start_row"], values["start_column"]) == (
        "setValues", [["234567e89"], ["0123456789"]], 3, 10)
    assert save["func"] == "save"


def test_the_writer_with_nothing_to_write_does_not_save(tmp_path):
    book = remote_book(tmp_path / "m.xlsm", {"視聴者リスト": [["x"]]})
    ExcelWriter(book, "視聴者リスト").write([])
    assert book.json()["actions"] == []


def test_notes_are_read_by_cell_with_their_text(tmp_path):
    book = remote_book(tmp_path / "m.xlsm", {"S": [["x"]]}, {"S": {"$J$4": "メモ", "B2": None}})
    assert read_notes(book.sheets["S"]) == {(4, 9): "メモ", (2, 1): None}


def test_an_expected_failure_is_shown_in_a_message_box(tmp_path, caller):
    book = caller(remote_book(tmp_path / "m.xlsm", {"S": [["x"]]}).api)
    with button("ID作成") as run:
        run.status("作業中…")
        raise InvalidArgument("設定シートの値が読めません。")
    assert alerts(book) == [("設定シートの値が読めません。", "ID作成", "critical")]


def test_an_unexpected_failure_is_announced_in_japanese_with_its_log_file(tmp_path, caller, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "state"))
    book = caller(remote_book(tmp_path / "m.xlsm", {"S": [["x"]]}).api)
    with button("入力チェック"):
        1 / 0  # noqa: B018
    ((text, title, mode),) = alerts(book)
    assert text.startswith(UNEXPECTED) and (title, mode) == ("入力チェック", "critical")
    (log,) = (tmp_path / "state" / "shuudan-xl" / "logs").iterdir()
    assert str(log) in text and "ZeroDivisionError" in log.read_text(encoding="utf-8")
    assert actions_of(book, "setValues") == []


def test_a_book_that_cannot_be_saved_is_explained(tmp_path, monkeypatch):
    book = remote_book(tmp_path / "m.xlsm", {"視聴者リスト": [["x"]]})

    def read_only(path=None, password=None):
        raise OSError("read-only")

    monkeypatch.setattr(book.impl, "save", read_only)
    with pytest.raises(ShuudanError, match="ブックを保存できませんでした"):
        ExcelWriter(book, "視聴者リスト").write([CellWrite(4, 10, "k7pq3xz9mw")])
