import datetime as dt

import pytest

from shuudan_xl.rules.ledger import ASSIGNED, SPARE, Ledger, LedgerEntry, ledger_problems
from shuudan_xl.rules.login_ids import check_id, parse_id
from shuudan_xl.rules.master import serial_of
from shuudan_xl.rules.spare_ids import (
    assignment_entry,
    assignment_problem,
    next_spare_ids,
    spare_entry,
    spare_number,
    spare_serial,
)

TODAY = dt.date(2024, 6, 3)


def test_spare_ids_follow_the_id_rule_and_read_as_spares():
    ids = next_spare_ids("m", "13", 3, set())
    assert ids == ["m13yb0001", "m13yb0002", "m13yb0003"]
    for login_id in ids:
        assert parse_id(login_id) is not None and check_id(login_id) == []  # no look-alike warning either


def test_numbering_continues_after_the_highest_spare_of_the_same_kind_and_prefecture():
    taken = {"m13yb0002", "m13yb0007", "d13yb0040", "m14yb0090", "m13501704"}
    assert next_spare_ids("m", "13", 2, taken) == ["m13yb0008", "m13yb0009"]
    assert next_spare_ids("d", "13", 1, taken) == ["d13yb0041"]


def test_spare_ids_never_collide_with_anything_taken():
    taken = {"m13yb0001", "m13yb0003"}  # the gap is not reused: numbers continue after the highest
    ids = next_spare_ids("m", "13", 3, taken)
    assert not set(ids) & taken and ids == ["m13yb0004", "m13yb0005", "m13yb0006"]


def test_a_real_number_never_composes_a_spare_id():
    # Real serials are digits (医療機関コード, 保険医登録番号): a serial with letters cannot come from one.
    for number in ("0000001", "900001", "1234567", "9999999999"):
        serial = serial_of(number)[0]
        assert spare_number("m13" + serial) is None


def test_serials_grow_past_four_digits():
    assert spare_serial(1) == "yb0001" and spare_serial(12345) == "yb12345"
    assert spare_number("m13yb12345", "m", "13") == 12345 and spare_number("m13yb0001", "d") is None


@pytest.mark.parametrize("kind, prefecture, count", [("x", "13", 1), ("m", "48", 1), ("m", "13", 0), ("m", "13", 501)])
def test_bad_requests_raise_japanese_messages(kind, prefecture, count):
    with pytest.raises(ValueError):
        next_spare_ids(kind, prefecture, count, set())


def test_a_spare_entry_is_marked_spare_with_what_the_kind_tells():
    entry = spare_entry("m13yb0001", "spare2345x", "東京13", 2024, TODAY)
    assert (entry.status, entry.guidance, entry.field, entry.name, entry.number) == (SPARE, "登録時", "医科", "", "")
    assert spare_entry("n13yb0001", "spare2345x", "東京13", 2024, TODAY).field == ""


def test_an_assignment_keeps_password_and_group_and_supersedes_the_spare():
    spare = spare_entry("m13yb0001", "spare2345x", "東京13", 2024, TODAY)
    entry = assignment_entry(spare, "他県の医師", "654321", round_=2, today=TODAY, note="〇〇病院から連絡")
    assert (entry.password, entry.group, entry.status, entry.field) == ("spare2345x", "東京13", ASSIGNED, "医科")
    assert entry.note == "予備IDを割当（〇〇病院から連絡）" and entry.round == 2
    ledger = Ledger([spare, entry])
    assert ledger.get("m13yb0001") is entry and not ledger.is_unassigned_spare("m13yb0001")
    # Now the ID belongs to that viewer only.
    assert ledger_problems(entry, "654321", "他県の医師", None, "東京13", "医科") == []
    assert [p.code for p in ledger_problems(entry, "111111", "別の医師", None, "東京13", "医科")] == [
        "ledger.other_viewer"]


def test_assignment_problems():
    spare = LedgerEntry("m13yb0001", "spare2345x", "東京13", status=SPARE)
    assert assignment_problem("m13yb0001", spare) is None
    assert "台帳にありません" in assignment_problem("m13yb0009", None)
    taken = assignment_entry(spare, "他県の医師", "654321", today=TODAY)
    assert "割り当て済み" in assignment_problem("m13yb0001", taken) and "他県の医師" in assignment_problem(
        "m13yb0001", taken)
    assert "予備IDではありません" in assignment_problem("n131234567", LedgerEntry("n131234567", "pw2345678x", "東京13"))
