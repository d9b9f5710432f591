"""Rows appended below the data come in pieces of a few dozen rows, never as one piece of every row: a ledger
round of 10,000 rows as one text and its encoding was 21 MB of fresh memory (about 5,000 page faults)."""

from shuudan_xl.files import sheet_rows


def test_appended_rows_come_in_pieces_of_at_most_a_run_of_rows_and_join_to_the_cell_by_cell_bytes():
    g = sheet_rows.Grammar(b"")
    by_row = {n: {0: f"n13{n:07d}", 1: "pw2345678x", 6: "みなと医院" if n % 3 else "a&b "} for n in range(2, 202)}
    numbers = sorted(by_row)
    pieces = list(sheet_rows.new_rows(g, numbers, by_row, {0: b"1"}))
    assert [p.count(b"</row>") for p in pieces] == [64, 64, 64, 8]
    assert b"".join(pieces) == b"".join(sheet_rows.new_row(g, n, by_row[n], {0: b"1"}) for n in numbers)


def test_rows_with_a_style_that_is_not_ascii_come_in_pieces_too():
    g = sheet_rows.Grammar(b"")
    by_row = {n: {2: "x"} for n in range(1, 131)}
    pieces = list(sheet_rows.new_rows(g, sorted(by_row), by_row, {2: "é".encode()}))
    assert [p.count(b"</row>") for p in pieces] == [64, 64, 2]
