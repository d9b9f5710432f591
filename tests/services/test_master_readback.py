"""Reading the list back after a write: the three written columns, compared as a full load reads them."""

import pytest

from shuudan_xl.files.reader import Workbook
from shuudan_xl.services.master import load_master
from shuudan_xl.services.master_readback import logins_differing
from tests.masters import make_master, viewer


def test_the_read_back_columns_are_what_a_full_load_reads(tmp_path):
    path = make_master(tmp_path / "視聴者リスト.xlsx", [
        viewer(login_id="n131234567", password="ｋ７ｐｑ３ｚｚ９ｗｂ"), viewer(group="沖縄県", number="7654321"),
        viewer(guidance="登録時", number="501704", name="佐々木", login_id=" m13501704 "), viewer(round_="x")])
    full = load_master(Workbook(path))
    assert logins_differing(Workbook(path), logins_of(full)) == []


def logins_of(master) -> list[tuple]:
    """(Excel row, ID, password, group) of every row of a full load: what a read-back must find."""
    return [(row.excel_row, row.login_id, row.password, row.group) for row in master.rows]


def test_the_rows_that_differ_are_found_whether_a_cell_needs_normalising_or_not(tmp_path):
    path = make_master(tmp_path / "視聴者リスト.xlsx", [
        viewer(login_id="n131234567", password="ｋ７ｐｑ３ｚｚ９ｗｂ"), viewer(group="沖縄県", number="7654321"),
        viewer(login_id=" m13501704 ", password="abcd12345", guidance="登録時", number="501704")])
    read = {row[0]: row[1:] for row in logins_of(load_master(Workbook(path)))}
    # Full-width and padded cells are read as load_master reads them.
    assert logins_differing(Workbook(path), [(n, *v) for n, v in sorted(read.items())]) == []
    wrong = {**read, 2: (read[2][0], "other2345x", read[2][2]), 4: (read[4][0], read[4][1], "北海道01"),
             99: ("n139999999", "abcd12345", "東京13")}
    assert logins_differing(Workbook(path), [(n, *v) for n, v in sorted(wrong.items())]) == [2, 4, 99]

    class OnlyRows:  # a book that cannot stream (the workbook open in Excel) is read whole, the same way
        def __init__(self, book):
            self.book, self.path, self.sheet_names = book, book.path, book.sheet_names

        def rows(self, sheet):
            return self.book.rows(sheet)

    assert logins_differing(OnlyRows(Workbook(path)), [(n, *v) for n, v in sorted(wrong.items())]) == [2, 4, 99]
    with pytest.raises(ValueError, match="out of order"):
        logins_differing(Workbook(path), [(3, *read[3]), (2, *read[2])])
