import datetime as dt

import pytest

from shuudan_xl.rules.ledger import (
    ASSIGNED,
    COLUMNS,
    REGISTERED,
    SPARE,
    Ledger,
    LedgerEntry,
    ledger_problems,
    supersedes,
)

MEDICAL = LedgerEntry("n131234567", "k7pq3zz9wb", "東京13", "指定時", "医科", "1234567", "みなと医院", 2024, 1,
                      dt.date(2024, 5, 24))


def codes(problems):
    return [p.code for p in problems]


def test_as_row_follows_the_columns_and_writes_text_only():
    row = MEDICAL.as_row()
    assert len(row) == len(COLUMNS)
    assert dict(zip(COLUMNS, row, strict=True)) == {
        "ユーザーID": "n131234567", "パスワード": "k7pq3zz9wb", "所属グループ": "東京13", "指導区分": "指定時",
        "種別": "医科", "番号": "1234567", "名称": "みなと医院", "年度": "2024", "登録回": "1",
        "登録確定日": "2024-05-24", "状態": "登録済", "備考": ""}
    assert all(isinstance(v, str) for v in row)


def test_as_row_leaves_unknown_values_blank():
    row = LedgerEntry("m13501704", "abc234def", "東京13").as_row()
    assert row[7:10] == ["", "", ""] and row[10] == "登録済"


def test_ledger_lookup_first_entry_wins_and_len_counts_ids():
    later = LedgerEntry("n131234567", "other2345x", "東京13", number="1234567")
    ledger = Ledger([MEDICAL, later, LedgerEntry("m13501704", "abc234def", "東京13")])
    assert "n131234567" in ledger and "n139999999" not in ledger
    assert ledger.get("n131234567") is MEDICAL
    assert ledger.get("nope") is None
    assert len(ledger) == 2 and len(ledger.entries) == 3


def test_the_same_viewer_with_the_registered_values_has_no_problem():
    assert ledger_problems(MEDICAL, "1234567", "みなと医院", "k7pq3zz9wb", "東京13") == []
    assert ledger_problems(MEDICAL, "1234567", "みなと医院", None, None) == []


def test_number_typed_with_separators_in_the_ledger_is_the_same_viewer():
    entry = LedgerEntry("n131234567", "k7pq3zz9wb", "東京13", number="123-4567")
    assert ledger_problems(entry, "1234567", "別の名前", None, "東京13") == []


def test_another_number_means_the_id_belongs_to_someone_else():
    (problem,) = ledger_problems(MEDICAL, "7654321", "みなと医院", "k7pq3zz9wb", "東京13")
    assert (problem.code, problem.severity) == ("ledger.other_viewer", "error")
    assert "n131234567" in problem.message and "1234567" in problem.message and "みなと医院" in problem.message


def test_same_code_of_another_field_is_someone_else():
    # A 歯科 with the 医科's 7-digit code composes the same n-ID but is another institution.
    problems = ledger_problems(MEDICAL, "1234567", "みなと歯科", None, "東京13", field="歯科")
    assert codes(problems) == ["ledger.other_viewer"]
    assert ledger_problems(MEDICAL, "1234567", "みなと医院", None, "東京13", field="医科") == []


def test_an_entry_without_field_is_compared_by_number_only():
    entry = LedgerEntry("n131234567", "k7pq3zz9wb", "東京13", number="1234567")
    assert ledger_problems(entry, "1234567", "x", None, "東京13", field="歯科") == []


def test_without_numbers_the_name_decides_ignoring_spaces():
    entry = LedgerEntry("n131234567", "k7pq3zz9wb", "東京13", name="医療法人　みなと医院")
    assert ledger_problems(entry, None, "医療法人 みなと医院", None, "東京13") == []
    assert codes(ledger_problems(entry, None, "さくら医院", None, "東京13")) == ["ledger.other_viewer"]


def test_an_entry_with_neither_number_nor_name_belongs_to_no_one():
    entry = LedgerEntry("n131234567", "k7pq3zz9wb", "東京13")
    assert codes(ledger_problems(entry, None, "みなと医院", None, "東京13")) == ["ledger.other_viewer"]


def test_other_viewer_is_reported_alone():
    problems = ledger_problems(MEDICAL, "7654321", "x", "different9x", "大阪27")
    assert codes(problems) == ["ledger.other_viewer"]


def test_a_registered_password_cannot_change():
    (problem,) = ledger_problems(MEDICAL, "1234567", "みなと医院", "newpass234", "東京13")
    assert problem.code == "ledger.password" and problem.severity == "error"
    assert problem.suggestion == "k7pq3zz9wb" and "k7pq3zz9wb" in problem.message


def test_a_registered_group_cannot_change():
    (problem,) = ledger_problems(MEDICAL, "1234567", "みなと医院", None, "神奈川14")
    assert (problem.code, problem.suggestion) == ("ledger.group", "東京13")


def test_an_entry_without_group_accepts_any_group():
    entry = LedgerEntry("n131234567", "k7pq3zz9wb", "", number="1234567")
    assert ledger_problems(entry, "1234567", "x", None, "神奈川14") == []


@pytest.mark.parametrize("serial, name", [("7654321", "誰か"), (None, "誰でも")])
def test_a_spare_id_may_be_handed_to_anyone_but_keeps_its_password(serial, name):
    spare = LedgerEntry("m13900001", "spare2345x", "東京13", status=SPARE)
    assert ledger_problems(spare, serial, name, None, "東京13") == []
    assert codes(ledger_problems(spare, serial, name, "changed234", "東京13")) == ["ledger.password"]


# A spare's assignment supersedes it; nothing else appended changes an ID in force.

SPARE_ENTRY = LedgerEntry("m13yb0001", "spare2345x", "東京13", "登録時", "医科", status=SPARE)


def assigned(password="spare2345x", group="東京13", name="他県の医師"):
    return LedgerEntry("m13yb0001", password, group, "登録時", "医科", "654321", name, status=ASSIGNED)


def test_the_first_assignment_supersedes_a_spare():
    first, second = assigned(), assigned(name="別の医師")
    ledger = Ledger([SPARE_ENTRY, first, second])
    assert ledger.get("m13yb0001") is first and ledger.ignored == [second]
    assert len(ledger) == 1 and not ledger.is_unassigned_spare("m13yb0001")


@pytest.mark.parametrize("later", [assigned(password="other2345x"), assigned(group="大阪27")])
def test_an_assignment_changing_password_or_group_is_ignored(later):
    ledger = Ledger([SPARE_ENTRY, later])
    assert ledger.get("m13yb0001") is SPARE_ENTRY and ledger.ignored == [later]
    assert ledger.is_unassigned_spare("m13yb0001")


@pytest.mark.parametrize("status", [REGISTERED, SPARE, ASSIGNED])
def test_nothing_appended_overrides_a_registered_id(status):
    later = LedgerEntry("n131234567", "k7pq3zz9wb", "東京13", "指定時", "医科", "7654321", "別人", status=status)
    ledger = Ledger([MEDICAL, later])
    assert ledger.get("n131234567") is MEDICAL and ledger.ignored == [later]


def test_a_spare_appended_later_does_not_override_an_assignment():
    first = assigned()
    ledger = Ledger([SPARE_ENTRY, first, SPARE_ENTRY])
    assert ledger.get("m13yb0001") is first


def test_supersedes_only_spare_to_assignment():
    assert supersedes(SPARE_ENTRY, assigned())
    assert not supersedes(assigned(), assigned(name="x"))
    assert not supersedes(MEDICAL, LedgerEntry("n131234567", "k7pq3zz9wb", "東京13", status=ASSIGNED))


def test_ids_lists_every_id_that_appears():
    assert Ledger([MEDICAL, SPARE_ENTRY, assigned()]).ids() == {"n131234567", "m13yb0001"}


def test_a_group_typed_as_a_variant_in_the_ledger_is_compared_as_its_label():
    from shuudan_xl.rules.ledger import LedgerEntry, ledger_problems

    entry = LedgerEntry("n131234567", "abc234def", "東京都", field="医科", number="1234567", name="みなと医院")
    assert ledger_problems(entry, "1234567", "みなと医院", None, "東京13", "医科") == []
    (problem,) = ledger_problems(entry, "1234567", "みなと医院", None, "千葉12", "医科")
    assert problem.code == "ledger.group" and problem.suggestion == "東京13"
