"""The sheet-size bound counts the cells holding a value only as far as a question needs (a stretch of the
part at a time): every answer is the full count's, and a sheet is refused exactly as when every reference is
read and every value counted."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.files import sheet_bounds
from shuudan_xl.files.sheet_bounds import _ValuedCells, check_sheet_size
from tests.files.test_sheet_bounds_tiers import refusal, refused_when_every_reference_is_read, sheet

# Pieces that make "c>" whole, split across a seam, or nearly ("c c>", ">c", "cc>>").
_PIECES = st.sampled_from([b"c", b">", b"c>", b"</c>", b"x", b"<c r=\"A1\"/>", b"</x:c>"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map(b"".join), st.integers(2, 9),
       st.lists(st.integers(0, 30), max_size=6))
def test_a_count_by_stretches_answers_as_the_whole_count(xml, stretch, questions):
    count = xml.count(b"c>")
    saved, sheet_bounds._STRETCH = sheet_bounds._STRETCH, stretch
    try:
        valued = _ValuedCells(xml)
        answers = [valued.at_least(n) for n in questions]
        total = valued.total()
    finally:
        sheet_bounds._STRETCH = saved
    assert answers == [count >= n for n in questions]
    assert total == count


# Tiny stretches are the count-by-stretches test's (above); here seams fall at odd places of a real part.
@pytest.mark.parametrize("stretch", [1009, 4096, 1 << 24])
@pytest.mark.parametrize("refs, valued", [
    ([b"I1000012"], 1_125_013), ([b"I1000012"], 1_125_012), ([b"I1000012"], 1_125_000),
    ([b"C999999"], 375_000), ([b"C999999"], 374_999),
    ([b"Z1000000", b"A99999"], 5), ([b"D150000"], 75_000), ([b"AB500000", b"A999999"], 10),
])
def test_a_sheet_is_refused_as_when_every_value_is_counted(monkeypatch, stretch, refs, valued):
    monkeypatch.setattr(sheet_bounds, "_STRETCH", stretch)
    xml = sheet(refs, valued)
    message = refusal(xml)
    assert (message is not None) == refused_when_every_reference_is_read(xml)
    if message is not None:
        assert f"実際の値は約 {xml.count(b'c>'):,} 個" in message  # the whole count, not a stretch's


def test_a_million_row_list_is_allowed_by_the_values_of_its_first_stretches(monkeypatch):
    # 1,000,012 rows × 9 columns: 8 × 1,125,014 values allow them, not 26 columns (the first bound): all are
    # counted. With more values to a cell allowed, the first bound is allowed by the first stretches.
    xml = sheet([b"I1000012"], valued=1_125_013)
    seen = []
    real = _ValuedCells.at_least

    def at_least(self, cells):
        answer = real(self, cells)
        seen.append(self._pos)
        return answer

    monkeypatch.setattr(sheet_bounds, "_STRETCH", 1 << 20)
    monkeypatch.setattr(_ValuedCells, "at_least", at_least)
    check_sheet_size(xml, "b.xlsx", "S")
    assert seen and max(seen) == len(xml)  # all of a list this dense is needed
    seen.clear()
    monkeypatch.setattr(sheet_bounds, "SPARSE_FACTOR", 52)  # 26 × 1,000,012 cells: 500,006 values
    check_sheet_size(xml, "b.xlsx", "S")
    assert seen and max(seen) < len(xml) // 2
