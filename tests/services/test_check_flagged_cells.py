"""check looks closely only at the cells its column scans flag; a clean cell beside a flagged one is reported
exactly as the full rules would report it (check_rows against the rules applied to every cell)."""

from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules import login_ids, passwords
from shuudan_xl.rules.layout import find_layout
from shuudan_xl.services import check as check_module
from shuudan_xl.services.check import VENDOR_POLICY, check_rows
from shuudan_xl.services.master import MASTER_POLICY

HEADER = ["ユーザーID", "パスワード", "氏名"]


def check(*rows, header=HEADER):
    table = [header, *map(list, rows)]
    return check_rows("book.xlsx", "Sheet1", table, find_layout(table))


def found(result):
    return [(f.row, f.column, f.code) for f in result.findings]


def test_a_clean_password_equal_to_the_id_of_a_flagged_row_is_still_warned_about():
    assert passwords.CLEAN_RE.fullmatch("s23456789") and login_ids.check_id("s23456789") == []
    result = check(["s23456789 ", "s23456789", "大阪27"])  # the ID is flagged (a space), the password clean
    assert found(result) == [(2, "ユーザーID", "cell.space_edge"), (2, "パスワード", "password.same_as_id"),
                             (2, "氏名", "group.prefecture_mismatch")]


def test_clean_cells_beside_a_flagged_one_add_nothing():
    result = check(["", "k7pq3zz9wb", "北海道01"], ["n017654321", "k7pq3", "北海道01"],
                   ["n017654322", "k7pq3zz9wc", "北海道"], ["n017654323 ", "k7pq3zz9wd", "北海道01"])
    assert found(result) == [(2, "ユーザーID", "cell.empty"), (3, "パスワード", "password.too_short"),
                             (4, "氏名", "group.variant"), (5, "ユーザーID", "cell.space_edge")]


def test_a_sheet_without_a_group_column_checks_ids_and_passwords_only():
    result = check(["n017654321", "k7pq3zz9wb"], ["n0176543", "k7pq3zz9wc"], header=["ユーザーID", "パスワード"])
    assert found(result) == [(3, "ユーザーID", "id.too_short"), (3, "ユーザーID", "id.serial_short")]


# Cells of a master list: blank (as read, and a short row's None), clean, dirty, numbers, and repeats.
_CELLS = {
    "id": ["", "", None, "n017654321", "n017654321", "s131234567", "n0176543", " n017654322", 17654321.0, "#N/A"],
    "pw": ["", "", None, "k7pq3zz9wb", "k7pq3zz9wb", "k7pq3", "n017654321", "ｋ７ｐｑ３ｚｚ９ｗｂ", 123456789],
    "group": ["北海道01", "北海道01", "東京13", "北海道", "", None, "大阪27x", 13],
    "round": [1, 1, 2, "", "x"],
}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(*(st.sampled_from(values) for values in _CELLS.values())), max_size=10),
       st.sampled_from([MASTER_POLICY, VENDOR_POLICY]))
def test_cells_left_unlooked_at_are_those_the_full_look_reports_nothing_about(rows, policy):
    # Under the master's policy a blank ID or password is allowed: such a cell is not looked at again. The
    # result is the one of looking at every flagged cell (no cell left quiet).
    table = [["視聴回", "ユーザーID", "パスワード", "都道府県"], *([r, i, p, g] for i, p, g, r in rows)]
    layout = find_layout(table)
    fast = check_rows("book.xlsx", "視聴者リスト", table, layout, policy)
    with mock.patch.object(check_module, "_quiet", lambda values, blank_ok: []):
        full = check_rows("book.xlsx", "視聴者リスト", table, layout, policy)
    assert (fast.findings, fast.rows_checked) == (full.findings, full.rows_checked)


def test_a_blank_id_and_password_on_a_master_row_are_allowed_and_the_rest_of_the_row_still_checked():
    table = [["視聴回", "ユーザーID", "パスワード", "都道府県"], [1, "", "", "北海道01"], [1, "", "k7pq3", "北海道01"],
             [1, 17654321, "", "北海道01"], [1, "", "", "北海道"], [None, "", "", ""]]
    result = check_rows("book.xlsx", "視聴者リスト", table, find_layout(table), MASTER_POLICY)
    assert found(result) == [(3, "パスワード", "password.too_short"), (4, "ユーザーID", "cell.number"),
                             (5, "都道府県", "group.variant")]
    assert result.rows_checked == 4  # the blank row is not counted


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(*(st.sampled_from(values) for values in _CELLS.values())), max_size=10),
       st.sampled_from([MASTER_POLICY, VENDOR_POLICY]))
def test_every_finding_shows_its_cell_as_typed(rows, policy):
    # The columns are compared cleaned (a spaced or full-width ID is the same ID); a finding still shows the
    # cell as typed, in its own row and column.
    header = ["視聴回", "ユーザーID", "パスワード", "都道府県"]
    table = [header, *([r, i, p, g] for i, p, g, r in rows)]
    result = check_rows("book.xlsx", "視聴者リスト", table, find_layout(table), policy)
    for f in result.findings:
        assert f.value == table[f.row - 1][header.index(f.column)]
