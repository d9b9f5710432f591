"""The button's writer in the export transaction: cells go into the open book unsaved, the book is saved only
once everything was verified, and a rollback clears the cells it wrote (they were blank)."""

import pytest
import xlwings as xw

from shuudan_xl.excel.book import ExcelWriter
from shuudan_xl.files.transaction import Transaction
from shuudan_xl.files.xlsx_patch import CellWrite
from tests.excel.remote import actions_of, cell_values, sheet

WRITES = [CellWrite(2, 1, "n131234567"), CellWrite(3, 1, "n131234568")]


def open_book(tmp_path):
    payload = {"client": "Office.js", "version": xw.__version__,
               "book": {"name": str(tmp_path / "m.xlsm"), "active_sheet_index": 0, "selection": "A1"}, "names": [],
               "sheets": [sheet("視聴者リスト", [["名称", "ユーザーID"], ["a", ""], ["b", ""]])]}
    return xw.Book(json=payload)


def test_the_book_is_saved_only_when_the_transaction_gets_that_far(tmp_path):
    book = open_book(tmp_path)
    writer = ExcelWriter(book, "視聴者リスト")
    with Transaction() as tx:
        written = writer.stage(tx, WRITES)
        assert written.rows("視聴者リスト")[1:] == [["a", "n131234567"], ["b", "n131234568"]]
        assert actions_of(book, "save") == []
        writer.finish()
        tx.commit()
    assert len(actions_of(book, "save")) == 1


def test_a_rollback_clears_the_cells_and_never_saves(tmp_path):
    book = open_book(tmp_path)
    writer = ExcelWriter(book, "視聴者リスト")
    with pytest.raises(RuntimeError), Transaction() as tx:
        writer.stage(tx, WRITES)
        raise RuntimeError("a vendor book read back differently")
    assert actions_of(book, "save") == []
    assert cell_values(book, "視聴者リスト") == {(2, 1): "", (3, 1): ""}  # the last values written: blank
