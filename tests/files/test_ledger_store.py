import datetime as dt

import openpyxl
import pytest

from shuudan_xl.errors import FileInUse, InputUnreadable
from shuudan_xl.files.ledger_store import append_entries, create_ledger, default_ledger_path, read_ledger
from shuudan_xl.files.xlsx_patch import BACKUP_DIR
from shuudan_xl.rules.ledger import COLUMNS, LEDGER_SHEET, SPARE, LedgerEntry
from tests.conftest import digest, write_book
from tests.masters import sheet_rows

FIRST = [
    LedgerEntry("n131234567", "k7pq3zz9wb", "東京13", "指定時", "医科", "1234567", "みなと医院", 2024, 1,
                dt.date(2024, 5, 24)),
    LedgerEntry("m13501704", "abc234def", "東京13", "登録時", "医科", "501704", "佐々木　由紀", 2024, 1,
                dt.date(2024, 5, 24)),
]
SECOND = [LedgerEntry("r090643771", "xyz234def", "栃木09", "更新時", "薬局", "0643771", "ひかり調剤薬局", 2024, 2,
                      dt.date(2024, 6, 21))]


@pytest.fixture
def ledger(tmp_path):
    return tmp_path / "ID台帳.xlsx"


def test_the_ledger_lives_beside_the_master(tmp_path):
    assert default_ledger_path(tmp_path / "リスト.xlsm") == tmp_path / "ID台帳.xlsx"


def test_a_missing_ledger_is_empty(ledger):
    assert len(read_ledger(ledger)) == 0 and not ledger.exists()


def test_a_new_ledger_has_the_header_only(ledger):
    create_ledger(ledger)
    assert openpyxl.load_workbook(ledger).sheetnames == [LEDGER_SHEET]
    assert sheet_rows(ledger, LEDGER_SHEET) == [list(COLUMNS)]
    assert read_ledger(ledger).entries == []


def test_appending_to_a_missing_ledger_creates_it_and_reads_back(ledger):
    append_entries(ledger, FIRST)
    assert read_ledger(ledger).entries == FIRST


def test_appended_cells_are_text(ledger):
    append_entries(ledger, FIRST)
    sheet = openpyxl.load_workbook(ledger)[LEDGER_SHEET]
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.value is not None:
                assert cell.data_type == "s" and cell.number_format == "@", cell.coordinate


def test_entries_are_only_ever_added_and_the_previous_ledger_is_backed_up(ledger):
    append_entries(ledger, FIRST)
    previous = ledger.read_bytes()
    backup = append_entries(ledger, SECOND)
    assert backup.parent == ledger.parent / BACKUP_DIR and backup.read_bytes() == previous
    assert read_ledger(ledger).entries == FIRST + SECOND
    assert [r[0] for r in sheet_rows(ledger, LEDGER_SHEET)] == ["ユーザーID", "n131234567", "m13501704", "r090643771"]


def test_nothing_to_append_writes_nothing(ledger):
    assert append_entries(ledger, []) is None
    assert not ledger.exists()


def test_a_manual_row_typed_in_excel_is_read_and_kept(ledger):
    append_entries(ledger, FIRST)
    book = openpyxl.load_workbook(ledger)  # staff type a row (numbers and a date, as Excel stores them)
    book[LEDGER_SHEET].append(["m13900001", 123456789, "東京13", None, None, None, None, 2024, 3,
                               dt.datetime(2024, 7, 24), "予備", "予備ID（手入力）"])
    book.save(ledger)
    entries = read_ledger(ledger).entries
    assert entries[:2] == FIRST
    assert entries[2] == LedgerEntry("m13900001", "123456789", "東京13", fiscal_year=2024, round=3,
                                     confirmed_on=dt.date(2024, 7, 24), status=SPARE, note="予備ID（手入力）")
    append_entries(ledger, SECOND)
    assert [e.login_id for e in read_ledger(ledger).entries] == ["n131234567", "m13501704", "m13900001", "r090643771"]


def test_a_manual_row_typed_below_a_gap_is_not_overwritten(ledger):
    append_entries(ledger, FIRST)
    book = openpyxl.load_workbook(ledger)
    book[LEDGER_SHEET]["A6"] = "n139999999"
    book[LEDGER_SHEET]["B6"] = "manual234x"
    book.save(ledger)
    append_entries(ledger, SECOND)
    rows = sheet_rows(ledger, LEDGER_SHEET)
    assert rows[5][:2] == ["n139999999", "manual234x"] and rows[6][0] == "r090643771"
    assert [e.login_id for e in read_ledger(ledger).entries] == ["n131234567", "m13501704", "n139999999",
                                                                 "r090643771"]


def test_rows_without_id_are_skipped_and_blank_status_means_registered(ledger):
    write_book(ledger, {LEDGER_SHEET: [list(COLUMNS), ["", "x"], ["n131234567 ", "k7pq3zz9wb", "東京13", "", "", "",
                                                                   "", "", "", "2024-05-24"]]})
    (entry,) = read_ledger(ledger).entries
    assert (entry.login_id, entry.status, entry.confirmed_on) == ("n131234567", "登録済", dt.date(2024, 5, 24))


def test_a_workbook_with_other_headers_is_not_a_ledger(ledger):
    write_book(ledger, {LEDGER_SHEET: [["ID", "PW"]]})
    with pytest.raises(InputUnreadable, match="見出し"):
        read_ledger(ledger)


def test_a_workbook_without_the_ledger_sheet_is_unreadable(ledger):
    write_book(ledger, {"Sheet1": [list(COLUMNS)]})
    with pytest.raises(InputUnreadable, match=LEDGER_SHEET):
        read_ledger(ledger)


def test_a_ledger_open_in_excel_is_refused_and_left_untouched(ledger):
    append_entries(ledger, FIRST)
    ledger.with_name("~$" + ledger.name).write_bytes(b"owner")
    before = digest(ledger)
    with pytest.raises(FileInUse, match="Excelで開かれています"):
        append_entries(ledger, SECOND)
    assert digest(ledger) == before
    assert read_ledger(ledger).entries == FIRST


def test_a_new_ledger_is_not_backed_up_but_every_later_append_is(tmp_path):
    from shuudan_xl.rules.ledger import LedgerEntry

    path = tmp_path / "ID台帳.xlsx"
    first = append_entries(path, [LedgerEntry("n131234567", "abc234def", "東京13")])
    assert first is None and not (tmp_path / BACKUP_DIR).exists()
    second = append_entries(path, [LedgerEntry("n131234568", "abc234deg", "東京13")])
    assert second is not None and second.parent == tmp_path / BACKUP_DIR
    assert [e.login_id for e in read_ledger(path).entries] == ["n131234567", "n131234568"]
