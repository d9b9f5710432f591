"""The column scan of ``check`` (one regex run over a newline-joined column) flags exactly the cells that
the per-cell test flags: it is only a faster way to find the cells that need a closer look."""

from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.services.check import _CLEAN_ID, _CLEAN_PASSWORD, _suspicious

# Pieces that make clean and unclean cells, and shapes at the edges of the patterns: Excel-readable
# passwords (2e5, 12dec2025, 3pm), look-alikes, a carriage return, spaces, an empty cell.
PIECES = ["n", "s", "m", "01", "13", "47", "99", "1234567", "765432", "abc", "k7pq", "zz9w", "2e5", "dec", "pm",
          "12", "O", "l", "\r", " ", "", "x"]
cells = st.lists(st.sampled_from(PIECES), max_size=5).map("".join)


def per_cell(values, clean):
    return [i for i, v in enumerate(values) if type(v) is not str or not clean.fullmatch(v)]


@settings(max_examples=300, deadline=None)
@given(st.lists(cells, max_size=12))
def test_column_scan_flags_the_cells_the_per_cell_test_flags(values):
    for clean in (_CLEAN_ID, _CLEAN_PASSWORD):
        assert _suspicious(values, clean) == per_cell(values, clean)


def test_first_last_and_neighbouring_bad_cells_are_all_flagged():
    values = ["k7pq3zz9wb", "n017654321", "abc234def", "12dec2025", "2e52e5", "k7pq3zz9wb\r", "", "k7pq3zz9wb"]
    assert _suspicious(values, _CLEAN_PASSWORD) == [1, 3, 4, 5, 6] == per_cell(values, _CLEAN_PASSWORD)
    ids = ["x", "n017654321", "N017654321", "n01765432", "m13123456", "n0176543210x"]
    assert _suspicious(ids, _CLEAN_ID) == [0, 2, 5] == per_cell(ids, _CLEAN_ID)


def test_an_empty_column_and_a_column_with_a_number_or_a_line_break():
    assert _suspicious([], _CLEAN_ID) == []
    assert _suspicious(["n017654321", 17654321.0, None], _CLEAN_ID) == [1, 2]
    assert _suspicious(["n01765\n4321", "n017654321"], _CLEAN_ID) == [0]
