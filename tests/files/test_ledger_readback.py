"""The ledger a run wrote is read back in full but not size-scanned again: its sheet is either new or the ledger
the run read (and size-checked) with rows appended (files.ledger_store.verify_appended)."""

import datetime as dt

import pytest

import shuudan_xl.files.reader as reader
from shuudan_xl.files import ledger_store
from shuudan_xl.files.ledger_store import append_entries, read_ledger
from shuudan_xl.rules.ledger import LedgerEntry

ENTRIES = [LedgerEntry(f"n13{n:07d}", "k7pq3zz9wb", "東京13", "指定時", "医科", f"{n:07d}", f"医院{n}", 2024, 1,
                       dt.date(2024, 5, 24)) for n in range(1, 4)]


@pytest.fixture
def scanned(monkeypatch):
    """The files whose sheets files.reader size-scans, in order."""
    seen = []
    real = reader._check_sheet

    def recording(path, sheet):
        seen.append(path.name)
        return real(path, sheet)

    monkeypatch.setattr(reader, "_check_sheet", recording)
    return seen


def test_the_ledger_read_is_size_scanned_and_the_staged_copy_read_back_is_not(tmp_path, scanned):
    ledger = tmp_path / "ID台帳.xlsx"
    append_entries(ledger, ENTRIES[:1])
    scanned.clear()
    assert read_ledger(ledger).entries == ENTRIES[:1]
    assert scanned == [ledger.name]
    append_entries(ledger, ENTRIES[1:])
    assert scanned == [ledger.name]  # the staged ledger was read back without a second scan
    assert read_ledger(ledger).entries == ENTRIES


def test_a_ledger_the_run_has_not_read_is_size_scanned_before_rows_are_appended_to_it(tmp_path, scanned):
    ledger = tmp_path / "ID台帳.xlsx"
    append_entries(ledger, ENTRIES[:1])
    ledger_store._LAST_ROWS.clear()  # as in a new process: where the ledger ends is not known
    scanned.clear()
    append_entries(ledger, ENTRIES[1:])
    assert scanned == [ledger.name]  # read to find its last row (scanned), the staged copy read back unscanned
    assert read_ledger(ledger).entries == ENTRIES
