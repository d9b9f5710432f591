"""The cells to write by row (files.row_writes): the same mapping as a dict of dicts, whatever the order."""

import pytest

from shuudan_xl.files.row_writes import RowWrites, by_row, written_columns
from shuudan_xl.files.xlsx_patch import CellWrite


def as_dicts(writes):
    out = {}
    for w in writes:
        out.setdefault(w.row, {})[w.col] = w.text
    return out


def test_cells_in_row_order_read_by_row_as_a_dict_of_dicts_would():
    writes = [CellWrite(2, 9, "a"), CellWrite(2, 10, "b"), CellWrite(5, 9, "c"), CellWrite(5, 9, "c2"),
              CellWrite(7, 0, "d")]
    rows = by_row(writes)
    assert isinstance(rows, RowWrites)
    assert list(rows) == [2, 5, 7] and len(rows) == 3
    assert {n: rows[n] for n in rows} == as_dicts(writes)  # the later of two cells for one place wins
    assert rows[7] == {0: "d"} and rows[2] == {9: "a", 10: "b"}  # asked out of order too
    assert written_columns(rows) == {0, 9, 10}
    with pytest.raises(KeyError):
        rows[3]


def test_cells_in_any_other_order_are_gathered_by_row():
    writes = [CellWrite(5, 1, "x"), CellWrite(2, 3, "y"), CellWrite(5, 2, "z")]
    rows = by_row(writes)
    assert not isinstance(rows, RowWrites)
    assert rows == as_dicts(writes) and written_columns(rows) == {1, 2, 3}
    with pytest.raises(ValueError, match="after"):
        RowWrites(writes)
    given = {4: {0: "t"}}
    assert by_row(given) is given


def test_rows_written_in_the_same_columns_give_their_columns_and_texts_at_once():
    writes = [CellWrite(n, c, f"{n}-{c}") for n in (2, 3, 5) for c in (9, 10)] + [CellWrite(6, 9, "x")]
    rows = RowWrites(writes)
    assert rows.uniform_cells(0, 3) == ((9, 10), ["2-9", "2-10", "3-9", "3-10", "5-9", "5-10"])
    assert rows.uniform_cells(1, 2) == ((9, 10), ["3-9", "3-10"])
    assert rows.uniform_cells(2, 4) is None  # row 6 has one column only


@pytest.mark.parametrize("odd", [[CellWrite(3, 10, "b"), CellWrite(3, 9, "a")],  # out of column order
                                 [CellWrite(3, 9, "a"), CellWrite(3, 9, "b")],  # one place twice
                                 [CellWrite(3, 9, "a"), CellWrite(3, 11, "b")]])  # another column
def test_rows_not_all_alike_are_left_to_be_read_one_by_one(odd):
    rows = RowWrites([CellWrite(2, 9, "a"), CellWrite(2, 10, "b"), *odd])
    assert rows.uniform_cells(0, 2) is None
    assert rows[3] == as_dicts(odd)[3]
