"""LedgerEntry is a NamedTuple (made in C where many are made at once): its fields, defaults and immutability."""

import datetime as dt

import pytest

from shuudan_xl.rules.ledger import COLUMNS, REGISTERED, LedgerEntry, ledger_rows


def test_the_constructor_takes_the_fields_in_order_with_their_defaults():
    assert LedgerEntry._fields == ("login_id", "password", "group", "guidance", "field", "number", "name",
                                   "fiscal_year", "round", "confirmed_on", "status", "note")
    assert len(LedgerEntry._fields) == len(COLUMNS)
    assert LedgerEntry._field_defaults == {"guidance": "", "field": "", "number": "", "name": "", "fiscal_year": None,
                                           "round": None, "confirmed_on": None, "status": REGISTERED, "note": ""}


def test_every_field_holds_what_was_given_by_position_by_name_or_made_in_c():
    values = ("n131234567", "k7pq3zz9wb", "東京13", "指定時", "医科", "1234567", "みなと医院", 2024, 1,
              dt.date(2024, 5, 24), "予備", "メモ")
    by_position = LedgerEntry(*values)
    by_name = LedgerEntry(**dict(zip(LedgerEntry._fields, values, strict=True)))
    in_c = tuple.__new__(LedgerEntry, values)
    assert tuple(by_position) == values and by_name == by_position == in_c
    assert hash(by_name) == hash(by_position) == hash(in_c) and type(in_c) is LedgerEntry
    assert LedgerEntry("a", "b", "c").status == REGISTERED


def test_an_entry_stays_frozen_and_replace_makes_a_new_one():
    entry = LedgerEntry("n131234567", "k7pq3zz9wb", "東京13")
    with pytest.raises(AttributeError):
        entry.password = "other"
    assert entry._replace(note="予備ID").note == "予備ID" and entry.note == ""


def test_ledger_rows_are_each_entrys_row_whatever_they_share():
    day = dt.date(2024, 5, 24)
    entries = [LedgerEntry("n131234567", "k7pq3zz9wb", "東京13", "指定時", "医科", "1234567", "みなと医院", 2024, 1,
                           day),
               LedgerEntry("m13501704", "abc234def", "東京13", "登録時", "医科", "501704", "佐々木", 2024, 1, day),
               LedgerEntry("m13900001", "spare2345x", "東京13", status="予備", note="予備ID"),
               LedgerEntry("n139000001", "w8xz3kq7pe", "大阪27", fiscal_year=2025, round=3, confirmed_on=day)]
    assert ledger_rows(entries) == [entry.as_row() for entry in entries]
    assert ledger_rows(entries)[3] == ["n139000001", "w8xz3kq7pe", "大阪27", "", "", "", "", "2025", "3",
                                       "2024-05-24", REGISTERED, ""]
    assert ledger_rows([]) == []
