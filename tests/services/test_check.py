from shuudan_xl.rules.layout import find_layout
from shuudan_xl.services.check import check_rows

HEADER = ["ユーザーID", "パスワード", "氏名"]


def check(*rows):
    table = [HEADER, *map(list, rows)]
    return check_rows("book.xlsx", "Sheet1", table, find_layout(table))


def found(result):
    return [(f.row, f.column, f.code) for f in result.findings]


def test_clean_rows_have_no_findings():
    result = check(["n017654321", "abc234def", "北海道01"], ["m13123456", "k7pq3zz9wb", "東京13"])
    assert result.rows_checked == 2 and result.findings == [] and result.errors == 0


def test_every_bad_row_is_reported_not_only_the_first():
    result = check(["N017654321", "abc234def", "北海道01"],
                   ["n017654322", "short", "北海道01"],
                   ["n017654323", "abc234dez", "北海道"])
    assert found(result) == [(2, "ユーザーID", "id.kind_case"), (3, "パスワード", "password.too_short"),
                             (4, "氏名", "group.variant")]
    assert result.errors == 3


def test_dirty_cell_is_an_error_even_when_its_cleaned_value_is_valid():
    result = check(["n017654321 ", "abc234def", "北海道01"])
    (finding,) = result.findings
    assert (finding.code, finding.severity, finding.value, finding.suggestion) == (
        "cell.space_edge", "error", "n017654321 ", "n017654321")


def test_empty_cells_are_errors_and_blank_rows_are_skipped():
    result = check(["n017654321", "", "北海道01"], ["", "", ""], [None, None, None],
                   ["n017654322", "abc234dex", "北海道01"])
    assert found(result) == [(2, "パスワード", "cell.empty")]
    assert result.rows_checked == 2


def test_numbers_in_text_columns():
    result = check([17654321.0, "abc234def", 1.0])
    assert found(result) == [(2, "ユーザーID", "cell.number"), (2, "氏名", "cell.number")]
    assert result.findings[1].suggestion == "北海道01"


def test_duplicate_ids_and_the_same_id_with_two_passwords():
    result = check(["n017654321", "abc234def", "北海道01"],
                   ["n017654321", "abc234def", "北海道01"],
                   ["n017654321 ", "xyz234def", "北海道01"])
    assert (3, "ユーザーID", "id.duplicate") in found(result)
    assert (4, "ユーザーID", "id.duplicate") in found(result)
    conflict = next(f for f in result.findings if f.code == "id.password_conflict")
    assert conflict.row == 4 and "2行目" in conflict.message


def test_password_shared_by_two_viewers_is_a_warning():
    result = check(["n017654321", "abc234def", "北海道01"], ["n017654322", "abc234def", "北海道01"])
    (finding,) = result.findings
    assert (finding.row, finding.code, finding.severity) == (3, "password.shared", "warning")


def test_id_prefecture_other_than_group_is_a_warning():
    result = check(["m13123456", "abc234def", "北海道01"])
    (finding,) = result.findings
    assert (finding.code, finding.severity, finding.column) == ("group.prefecture_mismatch", "warning", "氏名")
    assert result.errors == 0


def test_unknown_and_contradicting_groups():
    result = check(["n137654321", "abc234def", "東京"], ["n017654322", "abc234dez", "北海道13"],
                   ["n017654323", "abc234dey", "本州"])
    assert found(result) == [(2, "氏名", "group.variant"), (3, "氏名", "group.conflict"),
                             (4, "氏名", "group.unknown")]


def test_value_with_a_line_break_inside_is_still_found():
    result = check(["n01765\n4321", "abc234def", "北海道01"], ["n017654322", "abc234dez", "北海道01"])
    assert [f.code for f in result.findings] == ["cell.space_inner"]


def test_findings_are_sorted_by_row_then_column():
    result = check(["x", "y", "z"], ["n017654321", "abc234def", "北海道01"])
    rows = [(f.row, f.column) for f in result.findings]
    assert rows == sorted(rows, key=lambda rc: (rc[0], HEADER.index(rc[1])))


def test_vendor_headers_out_of_order():
    table = [["パスワード", "ユーザーID", "氏名"], ["abc234def", "n017654321", "北海道01"]]
    result = check_rows("b.xlsx", "S", table, find_layout(table))
    assert [f.code for f in result.findings] == ["header.order"]
