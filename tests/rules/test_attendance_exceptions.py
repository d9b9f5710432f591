"""The 出欠特例 table and which exception applies to which kind of guidance."""

import pytest

from shuudan_xl.rules import attendance_exceptions as ax

# Exceptions


@pytest.mark.parametrize("typed, kind", [("会場で視聴", ax.AT_VENUE), ("来所", ax.AT_VENUE),
                                         ("集団 視聴", ax.GROUP_VIEWING), ("資料送付", ax.MATERIAL_SENT),
                                         ("資料", ax.MATERIAL_SENT), ("電話", None)])
def test_exception_kinds_accept_common_wordings(typed, kind):
    assert ax.exception_kind(typed) == kind


def test_exceptions_are_read_below_a_title_and_bad_rows_are_all_reported():
    rows = [["出欠特例（第1回）", None, None, None, None],
            [None, None, None, None, None],
            ["ユーザーID", "視聴回", "特例の種類", "理由", "メモ"],
            ["m14501704", 1.0, "会場で視聴", "ネット環境なし", "x"],
            ["", 1, "資料送付", "", ""],
            ["d13600001", "", "資料送付", "", ""],
            ["d13600002", "第2回", "電話", "", ""],
            [None, None, None, None, None],
            [" n131234567 ", "１", "資料", None, None]]
    found, findings = ax.read_exceptions(rows, "出欠特例")
    assert [(e.login_id, e.round, e.kind, e.reason, e.row) for e in found] == [
        ("m14501704", 1, ax.AT_VENUE, "ネット環境なし", 4), ("n131234567", 1, ax.MATERIAL_SENT, "", 9)]
    assert [(f.row, f.column) for f in findings] == [(5, "ユーザーID"), (6, "視聴回"), (7, "特例の種類")]
    assert all(f.severity == "error" and "使っていません" in f.message for f in findings)


def test_a_table_without_headers_is_reported_and_an_empty_one_is_not():
    assert ax.read_exceptions([], "x") == ([], [])
    found, findings = ax.read_exceptions([["m14501704", 1, "会場"]], "x")
    assert found == [] and findings[0].code == "exception.headers"


@pytest.mark.parametrize("kind, guidance, allowed", [
    (ax.GROUP_VIEWING, "登録時", True), (ax.GROUP_VIEWING, "指定時", False), (ax.GROUP_VIEWING, "更新時", False),
    (ax.GROUP_VIEWING, "オンライン資格確認", False), (ax.GROUP_VIEWING, None, False),
    (ax.AT_VENUE, "指定時", True), (ax.AT_VENUE, "登録時", True), (ax.MATERIAL_SENT, "更新時", True),
    (ax.MATERIAL_SENT, "オンライン資格確認", True),
])
def test_group_viewing_is_limited_to_registration_sessions(kind, guidance, allowed):
    """手順 6(1)②「登録時集団指導の際に集団で視聴したい旨の申し出があり」: only 登録時 allows group viewing;
    6(1)① (会場) and 6(2) (資料送付) name no 指導区分."""
    exception = ax.AttendanceException("n131234567", 1, kind, "", "出欠特例", 2)
    problem = ax.misapplied(exception, guidance)
    assert (problem is None) == allowed
    if problem:
        assert f"「{guidance or '空欄'}」" in problem and "登録時集団指導だけ" in problem
