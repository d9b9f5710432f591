"""A vendor book read back against the planned rows (services.vendor_readback.verify_written): a difference in
any row, the first, a middle one or the last, is refused; blank rows among the records are skipped, a stray
value is not."""

import pytest

from shuudan_xl.errors import Refused
from shuudan_xl.files.vendor_books import REGISTRATION, write_vendor_book
from shuudan_xl.rules.vendor_rows import Registration
from shuudan_xl.services.vendor_readback import verify_written
from tests.conftest import write_book

KEYS = ("id", "password", "group")
ROWS = [Registration(f"n13{i:07d}", f"pw{i:07d}x", "東京13") for i in range(23)]


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "reg.xlsx"
    write_vendor_book(path, REGISTRATION, ROWS)
    return path


def test_a_book_holding_exactly_the_records_passes(book):
    verify_written(book, ROWS, KEYS)


@pytest.mark.parametrize("at", [0, 11, 22], ids=lambda at: f"row {at}")
@pytest.mark.parametrize("what", ["password", "id", "group"])
def test_one_value_differing_in_any_row_is_refused(book, at, what):
    planned = list(ROWS)
    planned[at] = planned[at]._replace(**{what: "other"})
    with pytest.raises(Refused, match="一致しませんでした"):
        verify_written(book, planned, KEYS)


@pytest.mark.parametrize("planned", [ROWS[:-1], ROWS[:5], ROWS + [Registration("n139999999", "x", "東京13")],
                                     ROWS[1:], [ROWS[1], ROWS[0], *ROWS[2:]]],
                         ids=["one row more in the book", "many rows more", "a record the book lacks",
                              "a record missing at the start", "two rows swapped"])
def test_a_book_with_rows_other_than_the_records_is_refused(book, planned):
    with pytest.raises(Refused, match="一致しませんでした"):
        verify_written(book, planned, KEYS)


def test_blank_rows_among_the_records_are_skipped_and_a_stray_value_is_not(tmp_path):
    rows = [["ユーザーID", "パスワード", "氏名"]]
    for i, record in enumerate(ROWS):
        rows.append(list(record))
        if i in (2, 9):  # blank rows, empty and holding empty texts
            rows += [[None, None, None], ["", "", ""]]
    path = write_book(tmp_path / "blanks.xlsx", {"a": rows})
    verify_written(path, ROWS, KEYS)
    later = rows.index(list(ROWS[12]))
    rows[later][2] = None  # a value missing in a row after the blank ones
    with pytest.raises(Refused, match="一致しませんでした"):
        verify_written(write_book(tmp_path / "gap.xlsx", {"a": rows}), ROWS, KEYS)
    rows[later][2] = "東京13"
    rows.append([None, None, "東京13"])  # a value in a row after the last record
    with pytest.raises(Refused, match="一致しませんでした"):
        verify_written(write_book(tmp_path / "tail.xlsx", {"a": rows}), ROWS, KEYS)
