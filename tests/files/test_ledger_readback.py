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


@pytest.mark.parametrize("chunk", [1, 2, 512])
def test_runs_of_rows_read_back_are_compared_at_once_and_a_difference_is_named_in_any_run(tmp_path, monkeypatch,
                                                                                          chunk):
    """verify_appended compares a run of rows in one step: a difference in any row of any run is still found
    and named by its cell, and rows missing at the end are too."""
    from shuudan_xl.errors import Refused
    from shuudan_xl.files.ledger_store import verify_appended

    monkeypatch.setattr(ledger_store, "_CHUNK", chunk)
    ledger = tmp_path / "ID台帳.xlsx"
    append_entries(ledger, ENTRIES[:1])
    append_entries(ledger, ENTRIES[1:])  # rows 3 and 4, below the first append
    rows = [entry.as_row() for entry in ENTRIES[1:]]
    verify_appended(ledger, 3, rows)
    wrong = [rows[0], [*rows[1][:1], "other2345x", *rows[1][2:]]]
    with pytest.raises(Refused, match="セル B4 "):
        verify_appended(ledger, 3, wrong)
    with pytest.raises(Refused, match="セル A5 "):
        verify_appended(ledger, 3, [*rows, rows[0]])
