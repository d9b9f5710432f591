"""check looks closely only at the cells its column scans flag; a clean cell beside a flagged one is reported
exactly as the full rules would report it (check_rows against the rules applied to every cell)."""

from shuudan_xl.rules import login_ids, passwords
from shuudan_xl.rules.layout import find_layout
from shuudan_xl.services.check import check_rows

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
