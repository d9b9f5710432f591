"""LedgerEntry sets its slots itself (for speed): it must still be the frozen dataclass its fields describe."""

import dataclasses
import datetime as dt
import inspect

import pytest

from shuudan_xl.rules.ledger import REGISTERED, LedgerEntry


def test_the_constructor_takes_the_fields_in_order_with_their_defaults():
    parameters = list(inspect.signature(LedgerEntry).parameters.values())
    fields = dataclasses.fields(LedgerEntry)
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields]


def test_every_field_holds_what_was_given_by_position_or_by_name():
    values = ("n131234567", "k7pq3zz9wb", "東京13", "指定時", "医科", "1234567", "みなと医院", 2024, 1,
              dt.date(2024, 5, 24), "予備", "メモ")
    by_position = LedgerEntry(*values)
    by_name = LedgerEntry(**{f.name: v for f, v in zip(dataclasses.fields(LedgerEntry), values, strict=True)})
    assert dataclasses.astuple(by_position) == values and by_name == by_position
    assert hash(by_name) == hash(by_position)
    assert LedgerEntry("a", "b", "c").status == REGISTERED


def test_an_entry_stays_frozen_and_replace_makes_a_new_one():
    entry = LedgerEntry("n131234567", "k7pq3zz9wb", "東京13")
    with pytest.raises(dataclasses.FrozenInstanceError):
        entry.password = "other"
    assert dataclasses.replace(entry, note="予備ID").note == "予備ID" and entry.note == ""
