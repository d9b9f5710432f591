"""The sheet-size bound finds the farthest row tier by tier (seven digits and more, six, five): a row bound
stands in for the exact maximum only where it is allowed anyway, so a sheet is refused exactly as when every
reference is read."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files import sheet_bounds
from shuudan_xl.files.sheet_bounds import CELL_LIMIT, check_sheet_size, column_number, farthest_row


def sheet(refs: list[bytes], valued: int = 0) -> bytes:
    # One value per reference, plus ``valued`` more in A1 (they only add to the cells holding a value).
    cells = b"".join(b'<c r="%b"><v>1</v></c>' % ref for ref in refs)
    return (b'<worksheet><sheetData><row r="1">' + b'<c r="A1"><v>1</v></c>' * valued + cells
            + b"</row></sheetData></worksheet>")


def refusal(xml: bytes) -> str | None:
    """check_sheet_size's message refusing the sheet, or None when it is read."""
    try:
        check_sheet_size(xml, "b.xlsx", "S")
    except InputUnreadable as exc:
        return str(exc)
    return None


def refused_when_every_reference_is_read(xml: bytes) -> bool:
    # The rule itself, measured the slow way: every reference listed, the exact farthest row and column.
    refs = re.findall(rb'\sr="([A-Z]*)([0-9]+)"', xml)
    rows = max(int(digits) for _, digits in refs)
    columns = max([column_number(letters) for letters, _ in refs if letters] or [1])
    return rows * columns > max(sheet_bounds.CELL_LIMIT, sheet_bounds.SPARSE_FACTOR * xml.count(b"c>"))


def test_a_row_of_seven_digits_is_found_exactly_in_one_pass():
    xml = sheet([b"A999999", b"B1500000", b"C1000000"])
    assert farthest_row(xml, 26, 10**12) == 1_500_000  # exact, though any bound would be allowed


def test_a_row_of_eight_digits_is_found_exactly():
    assert farthest_row(sheet([b"A1", b"Z12345678", b"B9999999"]), 26, CELL_LIMIT) == 12_345_678


def test_leading_zeros_do_not_make_a_short_row_look_far():
    # r="A0000001" has seven digits but names row 1; the farthest row is the six-digit one.
    assert farthest_row(sheet([b"A0000001", b"A999999"]), 26, CELL_LIMIT) == 999_999
    assert farthest_row(sheet([b"A999999", b"A0001000001"]), 26, CELL_LIMIT) == 1_000_001


def test_many_six_digit_rows_are_bounded_by_999999_only_where_that_is_allowed():
    xml = sheet([b"A%d" % n for n in range(100_000, 100_000 + sheet_bounds._FEW)] + [b"Z500000"])
    assert farthest_row(xml, 26, 26 * 999_999) == 999_999
    assert farthest_row(xml, 26, 26 * 999_999 - 1) == 500_000


def test_a_few_six_digit_rows_are_found_exactly_without_asking_what_is_allowed():
    # A list just past row 100,000 (the usual large list): its last rows are listed, and the cells holding a
    # value are not counted (a pass over the part) when the exact rectangle is within the limit anyway.
    asked = []
    assert farthest_row(sheet([b"A1", b"Z100001"]), 26, lambda cells: asked.append(cells) or True) == 100_001
    assert asked == []


def test_a_dense_list_of_a_million_rows_is_read():
    # 1,000,012 rows × 9 columns = 9,000,108 cells, 1,125,014 values: 8 × the values allow them.
    check_sheet_size(sheet([b"I1000012"], valued=1_125_013), "b.xlsx", "S")


def test_a_sparse_sheet_of_a_million_rows_is_refused():
    with pytest.raises(InputUnreadable, match="I 列・1,000,012 行目まで"):
        check_sheet_size(sheet([b"I1000012"], valued=1_125_000), "b.xlsx", "S")


def test_a_sheet_of_eight_digit_rows_is_refused_with_its_farthest_row():
    with pytest.raises(InputUnreadable, match="12,345,678 行目まで"):
        check_sheet_size(sheet([b"A5", b"C12345678", b"B7"], valued=1000), "b.xlsx", "S")


@pytest.mark.parametrize("limit", [1_000, CELL_LIMIT, 30_000_000, 300_000_000])
@pytest.mark.parametrize("refs, valued", [
    ([b"Z500000"], 0), ([b"AB500000", b"A999999"], 10), ([b"C999999"], 375_000), ([b"C999999"], 374_999),
    ([b"A0000001", b"Z150000"], 0), ([b"Z1000000", b"A99999"], 5), ([b"B99999", b"AA2"], 0),
    ([b"Z1048576", b"XFD1"], 100), ([b"ZZ12345678"], 0), ([b"D150000"], 75_000),
])
def test_the_tiers_refuse_exactly_what_reading_every_reference_refuses(monkeypatch, limit, refs, valued):
    monkeypatch.setattr(sheet_bounds, "CELL_LIMIT", limit)
    xml = sheet(refs, valued)
    assert (refusal(xml) is not None) == refused_when_every_reference_is_read(xml)


# References of every tier, in any order: within Z99999, six-digit rows, seven digits and more (some written
# with leading zeros), columns past Z; the searches past Z999999 start at the first reference beyond it. (A limit
# of 2.6 million cells at least: a sheet within Z99999 is passed without a look at its rows.)
_REFS = st.sampled_from([b"A1", b"Z99999", b"C150000", b"B999999", b"A0999999", b"A01000000", b"D1000000",
                         b"Z12345678", b"AA1", b"XFD7", b"AB500000", b"AAA1000001"])


@settings(max_examples=60, deadline=None)  # a sheet with 375,000 values is 8 MB: a few dozen suffice
@given(st.lists(_REFS, min_size=1, max_size=8), st.sampled_from([2_600_000, CELL_LIMIT, 30_000_000, 300_000_000]),
       st.sampled_from([0, 10, 375_000]))
def test_a_reference_beyond_z999999_anywhere_is_weighed_as_when_every_reference_is_read(refs, limit, valued):
    xml = sheet(refs, valued)
    saved, sheet_bounds.CELL_LIMIT = sheet_bounds.CELL_LIMIT, limit
    try:
        expected = refused_when_every_reference_is_read(xml)
        refused = refusal(xml) is not None
    finally:
        sheet_bounds.CELL_LIMIT = saved
    assert refused == expected
