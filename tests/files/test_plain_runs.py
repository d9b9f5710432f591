"""A run of appended rows with the same columns and plain texts is formatted column-wise (sheet_rows._plain_run):
byte for byte what the cell-by-cell path makes, and any run that is not plain is left to the row-by-row path."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.files import sheet_rows

PLAIN = ["n131234567", "k7pq3zz9wb", "東京13", "指定時", "医科", "みなと医院", "2024", "100%", "%s%d", "🎌", ""]
ODD = ["a&b", "<", ">", " lead", "trail ", "全角　", "\x00nul", "x\ny", "\u3000"]


def both_ways(by_row, styles, prefix=b""):
    g = sheet_rows.Grammar(prefix)
    numbers = sorted(by_row)
    return (b"".join(sheet_rows.new_rows(g, numbers, by_row, styles)),
            b"".join(sheet_rows.new_row(g, n, by_row[n], styles) for n in numbers))


@pytest.mark.parametrize("prefix", [b"", b"x:"])
@pytest.mark.parametrize("styles", [{}, {i: b"1" for i in range(12)}, {0: b"1", 3: b"5%s"}])
def test_a_ledger_of_plain_rows_is_the_bytes_the_cell_by_cell_path_makes(prefix, styles):
    by_row = {2 + i: {c: f"{PLAIN[(i + c) % 7]}{i}" for c in range(11)} for i in range(300)}
    fast, slow = both_ways(by_row, styles, prefix)
    assert fast == slow and fast.count(b"</x:row>" if prefix else b"</row>") == 300


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5), st.lists(st.lists(st.sampled_from(PLAIN + ODD) | st.text(max_size=4), min_size=3,
                                            max_size=3), min_size=1, max_size=12),
       st.sampled_from([(0, 1, 2), (2, 5, 30), (1, 0, 2)]))
def test_runs_plain_or_not_are_the_bytes_the_cell_by_cell_path_makes(run, texts, columns):
    by_row = {10 + i: dict(zip(columns, row, strict=True)) for i, row in enumerate(texts)}
    usual = sheet_rows._RUN
    sheet_rows._RUN = run  # runs of 1 to 5 rows: plain runs beside runs that are not
    try:
        fast, slow = both_ways(by_row, {2: b"7"})
    finally:
        sheet_rows._RUN = usual
    assert fast == slow
