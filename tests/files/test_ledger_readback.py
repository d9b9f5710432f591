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


def test_rows_appended_below_others_are_read_back_from_a_copy_holding_only_them(tmp_path):
    """Below rows already there, calamine reads only the appended rows (ledger_store._appended_rows): what it
    gives from the first appended row on is what it gives reading the whole ledger."""
    import itertools

    from shuudan_xl.files.reader import Workbook

    ledger = tmp_path / "ID台帳.xlsx"
    append_entries(ledger, ENTRIES[:2])
    append_entries(ledger, ENTRIES[2:])
    for first in (2, 3, 4):
        narrowed = ledger_store._appended_rows(ledger, first)
        whole = Workbook(ledger).iter_rows(ledger_store.LEDGER_SHEET)
        assert list(narrowed) == list(itertools.islice(whole, first - 1, None))
    assert ledger_store._appended_rows(ledger, 5) is None  # no such row: the caller reads the sheet whole


def test_a_wrong_cell_in_the_appended_rows_is_refused_from_the_narrowed_copy(tmp_path, monkeypatch):
    import zipfile

    from shuudan_xl.errors import Refused
    from shuudan_xl.files.ledger_store import verify_appended

    ledger = tmp_path / "ID台帳.xlsx"
    append_entries(ledger, ENTRIES[:1])
    append_entries(ledger, ENTRIES[1:])
    tampered = tmp_path / "tampered.xlsx"
    with zipfile.ZipFile(ledger) as src, zipfile.ZipFile(tampered, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, data.replace(b"<t>n130000003</t>", b"<t>n130000004</t>"))
    rows = [entry.as_row() for entry in ENTRIES[1:]]
    verify_appended(ledger, 3, rows)
    used = []
    monkeypatch.setattr(ledger_store, "_appended_rows",
                        lambda *args, real=ledger_store._appended_rows: used.append(1) or real(*args))
    with pytest.raises(Refused, match="セル A4 "):
        verify_appended(tampered, 3, rows)
    assert used == [1]


@pytest.mark.parametrize("size", [1, 2, 7, 13, 4096])
def test_the_rows_kept_are_found_across_the_pieces_the_part_is_read_in(size):
    import io

    part = (b'<worksheet><sheetData><row r="1"><c r="A1"/></row><row r="12" spans="1:2"><c r="A12"/></row>'
            b'<row r="123"><c r="A123"/></row><row r="1234"><c r="A1234"/></row></sheetData></worksheet>')
    pieces = [part[i:i + size] for i in range(0, len(part), size)]
    for number, kept in ((12, b'<row r="12" spans'), (123, b'<row r="123">'), (1234, b'<row r="1234">')):
        out = io.BytesIO()
        assert ledger_store._copy_rows_from(iter(pieces), out, b'<row r="%d"' % number)
        assert out.getvalue() == b"<worksheet><sheetData>" + part[part.index(kept):]
    assert not ledger_store._copy_rows_from(iter(pieces), io.BytesIO(), b'<row r="5"')
    assert not ledger_store._copy_rows_from(iter([b"<worksheet><sheetData/></worksheet>"]), io.BytesIO(),
                                            b'<row r="1"')


def test_the_appended_rows_are_found_whichever_row_calamines_iterator_starts_at(tmp_path, monkeypatch):
    """Calamine's iterator starts at row 1 here; a version starting it at the range's first row gives the same rows."""
    import itertools

    import python_calamine

    ledger = tmp_path / "ID台帳.xlsx"
    append_entries(ledger, ENTRIES[:2])
    append_entries(ledger, ENTRIES[2:])
    expected = list(ledger_store._appended_rows(ledger, 4))
    real = python_calamine.CalamineWorkbook

    class FromItsFirstRow:
        def __init__(self, sheet):
            self.sheet, self.start, self.width = sheet, sheet.start, sheet.width

        def iter_rows(self):
            return itertools.islice(self.sheet.iter_rows(), self.start[0], None)

    class Book:
        @staticmethod
        def from_filelike(data):
            book = real.from_filelike(data)
            return type("B", (), {"get_sheet_by_name": lambda self, name: FromItsFirstRow(
                book.get_sheet_by_name(name))})()

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Book)
    assert list(ledger_store._appended_rows(ledger, 4)) == expected == [ENTRIES[2].as_row()]
