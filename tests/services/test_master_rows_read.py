"""The list's rows are read with two shortcuts (services.master._read_rows): 視聴回, 指導区分, 種別 and 都道府県
are read once per combination (the 視聴回 by type and value), and a 番号 of ASCII letters and digits is a
serial by its length. Every MasterRow is the one the plain statement makes cell by cell, for usual and messy lists."""

from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules import master as m
from shuudan_xl.rules.cells import cell_text
from shuudan_xl.rules.layout import find_layout
from shuudan_xl.rules.login_ids import MAX_SERIAL, MIN_SERIAL, SERIAL_RE
from shuudan_xl.services import master
from shuudan_xl.services.master import _READ, MasterRow, RowValues, _is_filled, _number, _read_rows, _typed_text


def plain_rows(rows, layout):
    # The statement: each filled row below the header, each cell read by its rule.
    at = {h: i for i, h in enumerate(layout.headers) if h}
    read = [at.get(h, -1) for h in _READ]
    out = []
    for excel_row in range(layout.header_row + 1, len(rows) + 1):
        raw = rows[excel_row - 1]
        if not _is_filled(raw):
            continue
        round_, guidance, field, group, number, name, video, login_id, password = (
            raw[i] if 0 <= i < len(raw) else None for i in read)
        number_text, problems, serial = _number(number)
        repeated = master._repeated.__wrapped__
        out.append(MasterRow(
            excel_row, m.round_number(round_), repeated(m.GUIDANCE, guidance), repeated(m.FIELD, field),
            repeated(m.GROUP, group), serial, number_text, (cell_text(name)[0] or "").strip(),
            _typed_text(login_id), _typed_text(password), cell_text(video)[0] or None, RowValues(raw, at),
            tuple(problems)))
    return out


alnum = st.text("abcXYZ0123456789", min_size=1, max_size=12)
odd = st.one_of(st.sampled_from(["", None, "#N/A", "#REF!", " 医院 ", "ＡＢ１２３４５６", "第1回", "1", "2", "a b",
                                 "指定時", "更新時", "医科", "歯科", "東京13", "大阪", "\u3000", "x#", "Ab-12345"]),
                st.integers(0, 3), st.sampled_from([1.0, 2.0, 0.5]), st.booleans(), st.text(max_size=3))
kinds = st.sampled_from(["1", 1.0, 1, True, 2.0, 0.0, -0.0, "第1回", "2", "指定時", "更新時", "医科", "歯科", "薬局",
                         "東京13", "大阪27", "東京"])


def lists(cells):
    return st.permutations(list(m.REQUIRED) + [m.VIDEO, m.NOTE]).flatmap(
        lambda h: st.lists(st.lists(cells, min_size=len(h) - 2, max_size=len(h)), max_size=14).map(
            lambda body: [list(h)] + body))


def comparable(rows):
    return [(tuple(r[:-2]), list(map(type, r[:-2])), dict(r.values), tuple(r.number_problems)) for r in rows]


@given(st.one_of(lists(st.one_of(alnum, kinds, st.just(""))), lists(st.one_of(alnum, kinds, odd)), lists(odd)),
       st.integers(0, 2), st.sampled_from([0, 1, 4096]))
@settings(max_examples=400, deadline=None)
def test_rows_read_with_the_shortcuts_are_the_rows_read_cell_by_cell(rows, blank_top, kept):
    rows = [[""] * len(rows[0])] * blank_top + rows
    layout = find_layout(rows)
    saved, master._KINDS_KEPT = master._KINDS_KEPT, kept
    try:
        got = _read_rows(rows, layout)
    finally:
        master._KINDS_KEPT = saved
    assert comparable(got) == comparable(plain_rows(rows, layout))


def test_a_round_typed_as_a_number_is_not_taken_for_the_same_text_or_boolean():
    rows = [list(m.REQUIRED)] + [[r, "指定時", "医科", "東京13", "1234567", "医院", "", ""]
                                 for r in ("1", 1, True, 1.0, "1", "第1回", 1.0, True, 1, 2.0, 0.0, -0.0, 0, False)]
    got = [row.round for row in _read_rows(rows, find_layout(rows))]
    assert got == [m.round_number(r) for r, *_ in rows[1:]]


@given(alnum)
def test_a_serial_of_letters_and_digits_is_a_matter_of_length(text):
    """_read_rows rests on it: SERIAL_RE is letters and digits, MIN_SERIAL to MAX_SERIAL of them."""
    assert bool(SERIAL_RE.fullmatch(text)) == (MIN_SERIAL <= len(text) <= MAX_SERIAL)
