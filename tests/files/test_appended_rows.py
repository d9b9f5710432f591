"""Rows appended below a sheet's data (the ledger's path): built in one pass, byte for byte as cell by cell."""

import datetime as dt
import io
import re
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.errors import Refused
from shuudan_xl.files import sheet_rows
from shuudan_xl.files.ledger_store import append_entries, create_ledger, verify_appended
from shuudan_xl.files.reader import Workbook
from shuudan_xl.files.xlsx_patch import CellWrite, write_patched
from shuudan_xl.rules.ledger import LEDGER_SHEET, LedgerEntry

ODD = ["", " ", " lead", "trail ", "\ttab", "a<b>&c", "&amp;", "全角　", "　全角", "改行\n", "x\u3000y", "\u00a0nbsp",
       "emoji 🎌", "quote\"'", "]]>", "0123456789", "=1+1"]


def one_pass_and_cell_by_cell(prefix: str, styles: dict[int, bytes], by_row: dict[int, dict[int, str]]):
    g = sheet_rows.Grammar(prefix.encode())
    numbers = sorted(by_row)
    fast = b"".join(sheet_rows.new_rows(g, numbers, by_row, styles))
    slow = b"".join(sheet_rows.new_row(g, n, by_row[n], styles) for n in numbers)
    return fast, slow


@pytest.mark.parametrize("prefix", ["", "x:"])
@pytest.mark.parametrize("styles", [{}, {0: b"1", 2: b"17", 5: b"3"}, {1: "é".encode()}])
def test_appended_rows_are_the_bytes_the_cell_by_cell_path_makes_for_odd_values(prefix, styles):
    by_row = {2 + i: {c: text for c, text in enumerate([text, "n131234567", text, "", text, "末尾 "])}
              for i, text in enumerate(ODD)}
    fast, slow = one_pass_and_cell_by_cell(prefix, styles, by_row)
    assert fast == slow


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(st.integers(1, 10_000), st.dictionaries(st.integers(0, 40), st.text(max_size=8), max_size=5),
                       min_size=1, max_size=8))
def test_any_appended_rows_are_the_bytes_the_cell_by_cell_path_makes(by_row):
    fast, slow = one_pass_and_cell_by_cell("", {3: b"1"}, by_row)
    assert fast == slow


def test_cells_given_as_rows_patch_and_read_back_like_cell_writes(tmp_path):
    source = io.BytesIO()
    create_ledger(source)
    as_rows, as_cells = tmp_path / "rows.xlsx", tmp_path / "cells.xlsx"
    rows = {2: {0: "n131234567", 3: " a&b "}, 3: {1: "x<y"}}
    write_patched(io.BytesIO(source.getvalue()), as_rows, LEDGER_SHEET, rows)  # verified cell for cell
    write_patched(io.BytesIO(source.getvalue()), as_cells, LEDGER_SHEET,
                  [CellWrite(r, c, t) for r, cols in rows.items() for c, t in cols.items()])
    with zipfile.ZipFile(as_rows) as a, zipfile.ZipFile(as_cells) as b:
        assert [(i.filename, a.read(i)) for i in a.infolist()] == [(i.filename, b.read(i)) for i in b.infolist()]


ENTRY = LedgerEntry("n131234567", "k7pq3zz9wb", "東京13", "指定時", "医科", "1234567", "みなと医院", 2024, 1,
                    dt.date(2024, 5, 24))


def test_an_appended_row_that_reads_back_differently_is_refused_naming_the_cell(tmp_path):
    ledger = tmp_path / "ID台帳.xlsx"
    append_entries(ledger, [ENTRY])
    wrong = ENTRY.as_row()
    wrong[6] = "みなと病院"
    with pytest.raises(Refused, match=re.escape("セル G2 が書き込んだ値と一致しません")):
        verify_appended(ledger, 2, [wrong])


def test_a_blank_cell_of_an_appended_row_must_read_back_blank(tmp_path):
    ledger = tmp_path / "ID台帳.xlsx"
    append_entries(ledger, [ENTRY])  # 備考 (L) is blank in the entry
    expected = ENTRY.as_row()
    assert expected[11] == ""
    verify_appended(ledger, 2, [expected])
    with pytest.raises(Refused, match="セル L2 "):
        verify_appended(ledger, 2, [[*expected[:11], "メモ"]])
    with pytest.raises(Refused, match="セル A3 "):
        verify_appended(ledger, 2, [expected, expected])  # a row that was not written at all


def test_odd_texts_survive_the_ledger_round_trip(tmp_path):
    ledger = tmp_path / "ID台帳.xlsx"
    entries = [LedgerEntry(f"n13{i:07d}", "pw2345678x", "東京13", name=text, note=text)
               for i, text in enumerate(t for t in ODD if "\n" not in t)]
    append_entries(ledger, entries)  # read back cell for cell, or refused
    assert Workbook(ledger).rows(LEDGER_SHEET)[1:] == [e.as_row() for e in entries]


def test_an_append_right_after_reading_the_ledger_does_not_read_it_again(tmp_path, monkeypatch):
    from shuudan_xl.files import reader
    from shuudan_xl.files.ledger_store import read_ledger

    ledger = tmp_path / "ID台帳.xlsx"
    append_entries(ledger, [ENTRY])
    read_ledger(ledger)
    reads = []
    monkeypatch.setattr(reader.Workbook, "rows", lambda self, sheet: reads.append(sheet) or [])
    second = LedgerEntry("m13501704", "abc234def", "東京13", name="佐々木　由紀")
    append_entries(ledger, [second])  # the read-back streams (iter_rows), the last row is known
    assert reads == []
    monkeypatch.undo()
    assert [e.login_id for e in read_ledger(ledger).entries] == ["n131234567", "m13501704"]


def test_a_ledger_changed_after_it_was_read_is_appended_below_its_new_last_row(tmp_path):
    import openpyxl

    from shuudan_xl.files.ledger_store import read_ledger

    ledger = tmp_path / "ID台帳.xlsx"
    append_entries(ledger, [ENTRY])
    read_ledger(ledger)
    book = openpyxl.load_workbook(ledger)  # staff type a row in Excel between the read and the append
    book[LEDGER_SHEET]["A4"] = "n139999999"
    book.save(ledger)
    append_entries(ledger, [LedgerEntry("m13501704", "abc234def", "東京13")])
    rows = Workbook(ledger).rows(LEDGER_SHEET)
    assert [row[0] for row in rows] == ["ユーザーID", "n131234567", "", "n139999999", "m13501704"]
