"""check compares each typed ID's prefecture code with its group over whole columns, counting a blank ID as
agreeing (services.check_cross): the warnings are those of the plain statement, row by row, on master lists
mixing blank IDs (new rows), IDs of the group's prefecture and of another, and groups that are no label."""

from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules import login_ids
from shuudan_xl.rules.layout import find_layout
from shuudan_xl.rules.prefectures import match_group
from shuudan_xl.services import check_cross
from shuudan_xl.services.check import check_rows
from shuudan_xl.services.check_cross import CODE_OF_LABEL, NO_CODE, positions
from shuudan_xl.services.master import MASTER_POLICY

HEADER = ["視聴回", "ユーザーID", "パスワード", "都道府県"]
_IDS = st.sampled_from(["", "", "n017654321", "n137654321", "s131234567", "m01123456", "x99", "n01765432"])
_GROUPS = st.sampled_from(["北海道01", "東京13", "大阪27", "東京", "本州", ""])


def plain_mismatches(rows):
    # The statement: a typed, valid ID whose code is not its group's label's (the group as cleaned: 東京 is
    # 東京13), row by row.
    out = []
    for n, (_, login_id, _, group) in enumerate(rows, start=2):
        code = CODE_OF_LABEL[(match_group(group).label or "") if group else ""]
        if login_id and code != NO_CODE and not login_id.startswith(code, 1) and login_ids.parse_id(login_id):
            out.append(n)
    return out


# check_cross.MANY: 1 takes blank IDs (and found values) as few whatever their number, 10**9 as many from one on.
_FEW_AND_MANY = pytest.mark.parametrize("many", [1, 10**9], ids=["few", "many"])


@_FEW_AND_MANY
@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(st.just("1"), _IDS, st.just(""), _GROUPS), max_size=12))
def test_the_prefecture_warnings_are_those_of_the_rows_read_one_by_one(many, rows):
    table = [HEADER, *map(list, rows)]
    with mock.patch.object(check_cross, "MANY", many):
        result = check_rows("book.xlsx", "視聴者リスト", table, find_layout(table), MASTER_POLICY)
    got = [f.row for f in result.findings if f.code == "group.prefecture_mismatch"]
    assert got == plain_mismatches(rows)


@_FEW_AND_MANY
@settings(max_examples=200, deadline=None)
@given(values=st.lists(st.sampled_from(["", "a", None, 0, False, 0.0, True, 1]), max_size=20),
       wanted=st.sampled_from(["", "a", False, NO_CODE]))
def test_positions_are_the_indexes_of_the_equal_values_found_few_or_many(many, values, wanted):
    with mock.patch.object(check_cross, "MANY", many):
        assert positions(values, wanted) == [i for i, v in enumerate(values) if v == wanted]


def test_a_list_of_blank_ids_has_no_prefecture_warning():
    rows = [["1", "", "", "東京13"]] * 50 + [["1", "n017654321", "", "東京13"]]
    table = [HEADER, *rows]
    result = check_rows("book.xlsx", "視聴者リスト", table, find_layout(table), MASTER_POLICY)
    assert [f.row for f in result.findings if f.code == "group.prefecture_mismatch"] == [52]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["", "", "a", "b", "c", "d"]), max_size=8))
def test_repeats_are_non_empty_values_found_twice_whether_the_empty_ones_are_counted_or_given(values):
    plain = any(values.count(v) > 1 for v in values if v)
    assert check_cross._has_repeats(values) == check_cross._has_repeats(values, values.count("")) == plain
