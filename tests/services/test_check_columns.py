"""The column scan of ``check`` (regex runs over a newline-joined column, the password's in two parts) flags
exactly the cells that the per-cell test flags: it is only a faster way to find the cells that need a closer
look, whether it stops at empty cells or, after many stops, passes over them (found apart)."""

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules import passwords
from shuudan_xl.services import check
from shuudan_xl.services.check import _CLEAN_ID, _CLEAN_PASSWORD, _suspicious

# Pieces that make clean and unclean cells, and shapes at the edges of the patterns: Excel-readable
# passwords (2e5, 12dec2025, 3pm), look-alikes, a carriage return, spaces, an empty cell.
PIECES = ["n", "s", "m", "01", "13", "47", "99", "1234567", "765432", "abc", "k7pq", "zz9w", "2e5", "dec", "pm",
          "12", "O", "l", "\r", " ", "", "x"]
cells = st.lists(st.sampled_from(PIECES), max_size=5).map("".join)


def per_cell(values, clean):
    return [i for i, v in enumerate(values) if type(v) is not str or not clean.fullmatch(v)]


# check._MANY_STOPS: 1 goes on past empty lines after the first stop (and finds the empty cells apart), 2 after
# the second, 10**9 never.
@pytest.mark.parametrize("many", [1, 2, 10**9], ids=["past empty from the first stop", "from the second", "never"])
@settings(max_examples=300, deadline=None)
@given(values=st.lists(cells, max_size=12))
def test_column_scan_flags_the_cells_the_per_cell_test_flags(many, values):
    with mock.patch.object(check, "_MANY_STOPS", many):
        for clean in (_CLEAN_ID, _CLEAN_PASSWORD):
            assert _suspicious(values, clean) == per_cell(values, clean)


# Runs of digits and letters, Excel words (2e5, 3pm, 12dec2025), look-alikes, spaces: around the length limits.
PASSWORD_PIECES = ["2", "79", "8888", "23456789", "e", "E", "a", "pm", "AM", "dec", "Jan", "september", "abc", "k",
                   "zz", "l", "1", "O", "0", " ", "\r", "x"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PASSWORD_PIECES), max_size=10).map("".join))
def test_the_password_parts_together_say_what_the_whole_pattern_says(text):
    whole = passwords.CLEAN_RE.fullmatch(text) is not None
    parts = all(check.re.fullmatch(part, text, check.re.ASCII) for part in passwords.CLEAN_PARTS)
    assert parts == whole


def test_first_last_and_neighbouring_bad_cells_are_all_flagged():
    values = ["k7pq3zz9wb", "n017654321", "abc234def", "12dec2025", "2e52e5", "k7pq3zz9wb\r", "", "k7pq3zz9wb"]
    assert _suspicious(values, _CLEAN_PASSWORD) == [1, 3, 4, 5, 6] == per_cell(values, _CLEAN_PASSWORD)
    ids = ["x", "n017654321", "N017654321", "n01765432", "m13123456", "n0176543210x"]
    assert _suspicious(ids, _CLEAN_ID) == [0, 2, 5] == per_cell(ids, _CLEAN_ID)


def test_an_empty_column_and_a_column_with_a_number_or_a_line_break():
    assert _suspicious([], _CLEAN_ID) == []
    assert _suspicious(["n017654321", 17654321.0, None], _CLEAN_ID) == [1, 2]
    assert _suspicious(["n01765\n4321", "n017654321"], _CLEAN_ID) == [0]
