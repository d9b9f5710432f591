import pytest

from shuudan_xl.rules import doublecheck
from shuudan_xl.rules.doublecheck import (
    Record,
    compare,
    describe,
    loose_id,
    one_edit_apart,
    pair_rows,
)
from shuudan_xl.rules.prefectures import GROUP_LABELS

ROWS = [
    ("n017654321", "abc234def", "北海道01"),
    ("m13123456", "k7pq3zz9wb", "東京13"),
    ("p47000123", "x9y8z7w6v5", "沖縄47"),
    ("d27123789", "hjk456mnp", "大阪27"),
]


def side(*rows, first_row=2):
    """Records of a sheet whose data start at ``first_row``."""
    return [Record(first_row + n, *row) for n, row in enumerate(rows)]


def kinds(result):
    return [(d.kind, d.row_a, d.row_b) for d in result.differences]


def with_id(row, new_id):
    return (new_id, *row[1:])


def test_reordered_rows_are_not_differences():
    result = compare(side(*ROWS), side(*reversed(ROWS)))
    assert result.differences == [] and result.matched == 4
    assert [(a.row, b.row) for a, b in result.pairs] == [(2, 5), (3, 4), (4, 3), (5, 2)]


def test_plain_tuples_are_accepted():
    result = compare([(2, *ROWS[0])], [(7, *ROWS[0])])
    assert result.matched == 1 and result.pairs[0][1] == Record(7, *ROWS[0])


@pytest.mark.parametrize("typed, hint", [
    ("n01765432l", "見間違えやすい文字"),   # l for 1
    ("n0176543Z1", "1文字の違い"),
    ("n017654312", "入れ替わり"),           # 2 and 1 swapped
    ("n01765431", "抜け"),                   # a character dropped
    ("n017654321 ", "前後の空白"),
    ("ｎ０１７６５４３２１", "全角文字"),
    ("N017654321", "大文字・小文字"),
])
def test_a_mistyped_id_is_one_id_difference_on_the_right_rows(typed, hint):
    b_rows = [ROWS[3], ROWS[2], with_id(ROWS[0], typed), ROWS[1]]
    result = compare(side(*ROWS), side(*b_rows))
    (diff,) = result.differences
    assert (diff.kind, diff.row_a, diff.row_b, diff.column) == ("id", 2, 4, "ユーザーID")
    assert (diff.key, diff.a, diff.b) == ("n017654321", "n017654321", typed)
    assert hint in diff.message
    assert result.matched == 3


def test_o_for_0_pairs_with_the_right_row_among_similar_ids():
    a = side(("n010000001", "pw1aaaaaa", "北海道01"), ("n010000010", "pw2bbbbbb", "北海道01"),
             ("n010000100", "pw3cccccc", "北海道01"))
    b = side(("n010000100", "pw3cccccc", "北海道01"), ("n01000O010", "pw2bbbbbb", "北海道01"),
             ("n010000001", "pw1aaaaaa", "北海道01"))
    result = compare(a, b)
    assert kinds(result) == [("id", 3, 3)]
    assert result.differences[0].b == "n01000O010"


def test_trailing_space_is_shown_visibly():
    result = compare(side(ROWS[0]), side((ROWS[0][0], "abc234def ", ROWS[0][2])))
    (diff,) = result.differences
    assert diff.kind == "password" and diff.b == "abc234def "
    assert "「abc234def␣」" in diff.message and "前後の空白" in diff.message


def test_password_difference():
    result = compare(side(*ROWS), side(ROWS[0], with_pw(ROWS[1], "k7pq3zz9wd"), ROWS[2], ROWS[3]))
    assert kinds(result) == [("password", 3, 3)]
    diff = result.differences[0]
    assert (diff.key, diff.column, diff.a, diff.b) == ("m13123456", "パスワード", "k7pq3zz9wb", "k7pq3zz9wd")


def with_pw(row, password):
    return (row[0], password, row[2])


def test_group_of_another_prefecture_is_a_difference():
    result = compare(side(ROWS[0]), side((*ROWS[0][:2], "青森02")))
    (diff,) = result.differences
    assert (diff.kind, diff.column, diff.a, diff.b) == ("group", "所属グループ", "北海道01", "青森02")
    assert "所属グループが違います" in diff.message


def test_group_variant_on_a_vendor_side_is_reported_with_the_label_to_use():
    result = compare(side(ROWS[2]), side((*ROWS[2][:2], "沖縄県")))
    (diff,) = result.differences
    assert diff.kind == "group" and "同じ都道府県" in diff.message and "「沖縄47」と入力" in diff.message
    assert "Bの表記" in diff.message


def test_group_variant_on_a_master_list_is_its_own_notation():
    master = side((*ROWS[2][:2], "沖縄県"))
    assert compare(master, side(ROWS[2]), a_needs_label=False).differences == []
    # ...but the vendor side must still hold the label.
    result = compare(side(ROWS[2]), side((*ROWS[2][:2], "沖縄")), a_needs_label=False)
    assert "Bの表記" in result.differences[0].message


def test_same_variant_on_both_sides_is_not_a_keying_difference():
    row = (*ROWS[2][:2], "沖縄県")
    assert compare(side(row), side(row)).differences == []


def test_group_is_not_compared_when_a_side_has_no_group_column():
    result = compare(side(ROWS[0]), [Record(2, ROWS[0][0], ROWS[0][1], None)])
    assert result.differences == [] and result.matched == 1


def test_missing_and_extra_rows():
    extra = ("r26999999", "zzz999www", "京都26")
    result = compare(side(*ROWS), side(ROWS[0], ROWS[2], ROWS[3], extra))
    assert kinds(result) == [("missing", 3, None), ("extra", None, 5)]
    missing, added = result.differences
    assert (missing.key, missing.a, missing.b, missing.column) == ("m13123456", "m13123456", None, None)
    assert (added.key, added.a, added.b) == ("r26999999", None, "r26999999")
    assert "Bにありません" in missing.message and "Aにありません" in added.message
    assert result.matched == 3
    assert result.pairs[-1] == (None, Record(5, *extra))


def test_a_duplicated_id_is_reported_and_its_second_row_is_missing():
    result = compare(side(ROWS[0], ROWS[1], ROWS[0]), side(ROWS[0], ROWS[1]))
    assert kinds(result) == [("duplicate", 4, None), ("missing", 4, None)]
    assert "Aの2行目と重複" in result.differences[0].message
    assert result.matched == 2


def test_duplicates_on_both_sides_are_reported_even_when_the_keyings_agree():
    result = compare(side(ROWS[0], ROWS[0]), side(ROWS[0], ROWS[0]))
    assert kinds(result) == [("duplicate", 3, None), ("duplicate", None, 3)]
    assert result.matched == 2  # the pairs agree; the duplicates are listed on their own


def test_duplicated_ids_pair_by_password_before_position():
    a = side(("n017654321", "pw1aaaaaa", "北海道01"), ("n017654321", "pw2bbbbbb", "北海道01"))
    b = side(("n017654321", "pw2bbbbbb", "北海道01"), ("n017654321", "pw1aaaaaa", "北海道01"))
    result = compare(a, b)
    assert kinds(result) == [("duplicate", 3, None), ("duplicate", None, 3)]


def test_a_duplicate_typed_instead_of_another_id_is_paired_with_it():
    a = side(ROWS[0], with_id(ROWS[1], ROWS[0][0]))   # row 3 repeats row 2's ID by mistake
    result = compare(a, side(ROWS[0], ROWS[1]))
    assert kinds(result) == [("duplicate", 3, None), ("id", 3, 3)]


def test_ties_between_near_ids_are_broken_by_the_password():
    a = side(("m13123450", "pwAaaaaaa", "東京13"), ("m13123451", "pwBbbbbbb", "東京13"))
    b = side(("m13123458", "pwBbbbbbb", "東京13"), ("m13123459", "pwAaaaaaa", "東京13"))
    assert pair_rows(a, b) == {0: 1, 1: 0}
    assert kinds(compare(a, b)) == [("id", 2, 3), ("id", 3, 2)]


def test_a_blank_or_unrecognisable_id_is_paired_by_a_password_found_once_on_each_side():
    result = compare(side(ROWS[0], ROWS[1]), side(ROWS[0], with_id(ROWS[1], "")))
    assert kinds(result) == [("id", 3, 3)]
    result = compare(side(ROWS[0], ROWS[1]), side(ROWS[0], with_id(ROWS[1], "x99zzzzzz")))
    assert kinds(result) == [("id", 3, 3)] and "複数の文字の違い" in result.differences[0].message


def test_a_row_without_id_is_named_as_such():
    (diff,) = compare(side(with_id(ROWS[0], "")), side()).differences
    assert (diff.kind, diff.key, diff.message) == ("missing", "", "ユーザーIDが空欄の行がBにありません。")


def test_unrelated_rows_stay_missing_and_extra():
    result = compare(side(ROWS[0]), side(ROWS[3]))
    assert kinds(result) == [("missing", 2, None), ("extra", None, 2)]
    assert result.matched == 0


def test_json_form_has_the_documented_keys():
    (diff,) = compare(side(ROWS[0]), side()).differences
    assert diff.as_dict() == {"key": "n017654321", "kind": "missing", "row_a": 2, "row_b": None,
                              "column": None, "a": "n017654321", "b": None,
                              "message": "ユーザーID「n017654321」の行がBにありません。"}


def test_differences_are_sorted_by_a_row_then_b_only_rows():
    a = side(("n010000001", "pwaaaaaa1", "北海道01"), ("n010000002", "pwaaaaaa2", "北海道01"))
    b = side(("n099999999", "pwzzzzzz9", "北海道01"), ("n010000002", "pwaaaaaa3", "青森02"),
             ("n010000001", "pwaaaaaa1", "北海道01"))
    assert kinds(compare(a, b)) == [("password", 3, 3), ("group", 3, 3), ("extra", None, 2)]


def big_side(count, first_row=2):
    rows = []
    for n in range(count):
        label = GROUP_LABELS[n % 47]
        rows.append((f"n{label[-2:]}{n:07d}", f"pw{n * 7919 % 1000003:09d}", label))
    return side(*rows, first_row=first_row)


def count_edit_checks(monkeypatch) -> list[int]:
    """Count the pairwise one-edit comparisons ``compare`` makes (a quadratic pairing makes millions)."""
    calls = [0]
    real = doublecheck.one_edit_apart

    def counted(x, y):
        calls[0] += 1
        return real(x, y)

    monkeypatch.setattr(doublecheck, "one_edit_apart", counted)
    return calls


def test_five_thousand_rows_reordered_with_mistyped_ids_are_paired_fast(monkeypatch):
    a = big_side(5000)
    b_rows = [r[1:] for r in reversed(a)]
    typos = {}
    for n in range(0, 5000, 100):
        rid = b_rows[n][0]
        typos[n] = rid[:5] + rid[6] + rid[5] + rid[7:] if rid[5] != rid[6] else rid + " "
        b_rows[n] = with_id(b_rows[n], typos[n])
    calls = count_edit_checks(monkeypatch)
    result = compare(a, side(*b_rows))
    assert calls[0] <= len(a)  # linear work, not one comparison per pair of rows
    assert {d.kind for d in result.differences} == {"id"}
    assert len(result.differences) == 50 and result.matched == 4950
    for d in result.differences:
        assert d.b == typos[d.row_b - 2] and d.row_a == 5001 - (d.row_b - 2)


def test_five_thousand_unrelated_rows_do_not_go_quadratic(monkeypatch):
    a = big_side(5000)
    b = [Record(r.row, "m" + r.id[1:-1] + "x", "other", r.group) for r in a]  # two edits away
    calls = count_edit_checks(monkeypatch)
    result = compare(a, b)
    assert calls[0] <= len(a)
    assert result.matched == 0 and len(result.differences) == 10000


def test_loose_id_and_one_edit_apart():
    assert loose_id(" Ｎ０1765432l\u200b") == "n017654321"
    assert loose_id("n01OoIil") == "n0100111"
    for x, y in [("ab", "ba"), ("abc", "acb"), ("abc", "abd"), ("abc", "ab"), ("abc", "bc"),
                 ("abcd", "abdc")]:
        assert one_edit_apart(x, y) and one_edit_apart(y, x)
    for x, y in [("abc", "abc"), ("abc", "cba"), ("abc", "a"), ("axbc", "abyc"), ("abcd", "badc")]:
        assert not one_edit_apart(x, y) and not one_edit_apart(y, x)


def test_describe_names_what_separates_two_values():
    assert describe("abc", "abc\u3000") == ["前後の空白"]
    assert describe("ab c", "abc") == ["途中の空白"]
    assert describe("n01234567", "n0I234567") == ["見間違えやすい文字（O と 0、l と 1 など）"]
