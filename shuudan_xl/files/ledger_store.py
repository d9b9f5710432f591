"""The ledger workbook: created once (the empty ledger XlsxWriter made, shipped), then only appended to (never
rewritten).

Every append is a transaction (files.transaction): the new ledger is written to a private temporary file,
read back cell for cell, and only then renamed over the old one (after its backup).
"""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

from shuudan_xl.errors import InputUnreadable, Refused
from shuudan_xl.files.cell_refs import column_letter
from shuudan_xl.files.oplog import sha256_of
from shuudan_xl.files.xlsx_patch import ensure_not_open, write_patched
from shuudan_xl.rules.cells import text_of
from shuudan_xl.rules.ledger import COLUMNS, LEDGER_SHEET, REGISTERED, Ledger, LedgerEntry, ledger_rows

DEFAULT_NAME = "ID台帳.xlsx"
_NEW = tuple.__new__  # what LedgerEntry(…) calls, without its Python frame


def default_ledger_path(master: Path) -> Path:
    """The ledger beside the master workbook."""
    return master.parent / DEFAULT_NAME


def read_ledger(path: Path) -> Ledger:
    """Read the ledger; a missing file is an empty ledger.

    Raises:
        InputUnreadable: when the file exists but has no 登録済みID sheet with the expected headers.
    """
    from shuudan_xl.files.reader import Workbook

    if not path.exists():
        return Ledger([])
    before = sha256_of(path)
    rows = Workbook(path, shared_texts=False).rows(LEDGER_SHEET)  # read once and let go: its labels shared below
    if before == sha256_of(path):  # unchanged while it was read: an append can start below its last row
        if len(_LAST_ROWS) >= 8:
            _LAST_ROWS.clear()
        _LAST_ROWS[before] = _used_rows(rows)
    if not rows or [str(v) for v in rows[0][: len(COLUMNS)]] != list(COLUMNS):
        raise InputUnreadable(f"台帳「{path.name}」の1行目の見出しが想定と違います（{'・'.join(COLUMNS)}）。")
    entries = []
    width = len(COLUMNS)
    pad = [""] * width
    dates: dict[object, dt.date | None] = {}  # a round's entries share their 登録確定日: each text read once
    numbers: dict[str, int | None] = {}  # 年度 and 登録回 likewise
    same: dict[str, str] = {}  # group, 指導区分, 種別, 状態 and 備考 repeat: one object each, held by every entry
    shared = same.setdefault
    for row in rows[1:]:
        if len(row) < width:
            row = list(row) + pad[len(row):]
        try:  # text_of, for the usual row of text cells (a ledger grows to 100,000 rows of 12 cells)
            cells = [v.strip() for v in row[:width]]
        except AttributeError:  # a number, a date or a logical value typed into the ledger
            cells = [text_of(v) for v in row[:width]]
        if not cells[0]:
            continue
        when = row[9]
        confirmed_on = dates[when] if type(when) is str and when in dates else _date_of(when, dates)
        year, round_ = cells[7], cells[8]
        entries.append(_NEW(LedgerEntry, (
            cells[0], cells[1], shared(cells[2], cells[2]), shared(cells[3], cells[3]), shared(cells[4], cells[4]),
            cells[5], cells[6], numbers[year] if year in numbers else numbers.setdefault(year, _int(year)),
            numbers[round_] if round_ in numbers else numbers.setdefault(round_, _int(round_)), confirmed_on,
            shared(cells[10], cells[10]) or REGISTERED, shared(cells[11], cells[11]))))
    return Ledger(entries)


def append_entries(path: Path, entries: list[LedgerEntry]) -> Path | None:
    """Append entries below the last row of the ledger, creating the workbook when missing.

    Args:
        path: The ledger workbook.
        entries: New entries.

    Returns:
        The backup made of the previous ledger (None when the ledger was just created: nothing to keep).

    Raises:
        FileInUse: when Excel has the ledger open (checked before anything, even a new ledger, is written).
        CannotWrite: when the folder refuses the new file; the ledger is then as it was.
    """
    from shuudan_xl.files.transaction import Transaction

    if not entries:
        return None
    path = Path(path)
    with Transaction() as tx:
        stage_entries(tx, path, entries)
        return tx.commit().get(path)


def stage_entries(tx, path: Path, entries: list[LedgerEntry]) -> None:
    """Stage the ledger with ``entries`` appended in an open transaction (files.transaction), read back.

    Use it when other files must change together with the ledger (spare IDs and their vendor book); stage the
    ledger first so that it is replaced first.

    Raises:
        FileInUse: when Excel has the ledger open (checked before anything is written).
        Refused: when the staged ledger reads back differently.
    """
    import io

    path = Path(path)
    ensure_not_open(path)
    staged = tx.stage(path, backup=True)
    if path.exists():
        source, first = path, _last_row(path) + 1
    else:
        from shuudan_xl.files.package_data import empty_ledger  # (csv and importlib.resources: loaded when needed)

        source, first = io.BytesIO(empty_ledger()), 2
    # Row → {column: text}: one dict per entry, not an object per cell (a round adds 100,000 cells).
    rows = ledger_rows(entries)
    writes = {first + i: {c: text for c, text in enumerate(row) if text} for i, row in enumerate(rows) if any(row)}
    write_patched(source, staged, LEDGER_SHEET, writes, verify=False)
    del writes  # its dicts' memory (about 6 MB for 10,000 entries) goes to the read-back's, not fresh pages
    verify_appended(staged, first, rows)  # read back before it replaces the ledger


def verify_appended(path: Path, first: int, expected: list[list[str]]) -> None:
    """Read a written ledger back (files.reader's read-back) and require each appended row, cell for cell.

    Blank cells are compared too: an appended row holds its entry and nothing else.

    Args:
        path: The written ledger.
        first: The Excel row of the first appended entry.
        expected: Each appended entry's cells (LedgerEntry.as_row), in order.

    Raises:
        Refused: at the first row that reads back differently.
    """
    from shuudan_xl.files.reader import Workbook

    # Streamed, as written. The file is this run's own (a new ledger, or the one it read and size-checked with
    # rows appended): its sheet is not decompressed and scanned for its size a second time (files.reader).
    # Below rows already there, only the appended rows are handed to calamine (_appended_rows).
    rows = _appended_rows(path, first) if first > 2 else None
    if rows is None:
        rows = itertools.islice(Workbook(path, size_checked=True).iter_rows(LEDGER_SHEET), first - 1, None)
    for start in range(0, len(expected), _CHUNK):
        want = expected[start:start + _CHUNK]
        got = list(itertools.islice(rows, len(want)))
        # A run read back as the lists written (twelve text cells a row) is settled by one comparison in C;
        # any other run (a row that differs, or reads wider or shorter) is looked at row by row.
        if got != want:
            _require_rows(got, want, first + start)


_CHUNK = 512  # rows verify_appended compares at once (no more are held as lists)


def _appended_rows(path: Path, first: int):
    """The ledger's rows from row ``first`` (1-based) on, as calamine reads them in the file: calamine is
    handed a copy of the package whose sheet holds the rows from ``first`` on, byte for byte (a ledger of
    100,000 rows with 1,000 appended: calamine parses 1,000 rows, not 101,000). The whole sheet part is still
    inflated, its CRC checked to its end; each row is at least as wide as the ledger's columns, as the whole
    sheet reads. None when the sheet is not in the form this needs (then read it whole):
    ``<sheetData>`` unprefixed, row ``first`` written as ``<row r="first"``, and calamine's range starting at
    column A of that row.

    Raises:
        InputUnreadable: when the file or its sheet cannot be read (as files.reader would say).
    """
    import io
    import zipfile

    from python_calamine import CalamineWorkbook

    from shuudan_xl.files.package_parts import sheet_member
    from shuudan_xl.files.reader import _damaged
    from shuudan_xl.files.zip_limits import checked_zip, member_pieces

    out = io.BytesIO()
    with checked_zip(path, path.name) as book, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        member = sheet_member(book, LEDGER_SHEET, path.name)
        for info in book.infolist():
            if info.filename != member:
                copy.writestr(info, book.read(info))
        # Stored: calamine reads it from memory at once, nothing to deflate and inflate again.
        with copy.open(zipfile.ZipInfo(member, (1980, 1, 1, 0, 0, 0)), "w") as sheet:
            if not _copy_rows_from(member_pieces(book, member, path.name), sheet, b'<row r="%d"' % first):
                return None
    try:
        data = CalamineWorkbook.from_filelike(io.BytesIO(out.getvalue())).get_sheet_by_name(LEDGER_SHEET)
    except Exception as exc:  # calamine's XmlError… for a damaged part
        raise InputUnreadable(_damaged(path.name, LEDGER_SHEET, exc)) from None
    if data.start != (first - 1, 0):
        return None
    # Calamine's iterator starts at row 1 (blank rows above ``first``) or, depending on the version, at the range's
    # first row, ``first``, whose column A holds an ID: told by the first row it gives.
    rows = data.iter_rows()
    head = next(rows, [])
    rows = itertools.chain([head], rows) if any(head) else itertools.islice(rows, first - 2, None)
    # As wide as the whole sheet reads (its header row fills A to L): an appended row's blank 備考 reads as "".
    short = len(COLUMNS) - data.width
    return rows if short <= 0 else map(list.__add__, rows, itertools.repeat([""] * short))


def _copy_rows_from(pieces, sheet, start: bytes) -> bool:
    # Write the sheet part read in ``pieces`` into ``sheet`` without its rows before the one beginning with
    # ``start``: everything up to <sheetData>, then everything from that row on. False when either is not found.
    pieces, head, opening = iter(pieces), b"", b"<sheetData>"
    while (at := head.find(opening)) < 0:
        piece = next(pieces, None)
        if piece is None:
            return False
        head += piece
    sheet.write(head[:at + len(opening)])
    rest = head[at + len(opening):]
    # (Its closing quote ends the number: <row r="12" is not the start of <row r="123".)
    while (at := rest.find(start)) < 0:
        piece = next(pieces, None)
        if piece is None:
            return False
        rest = rest[1 - len(start):] + piece  # a row's start across two pieces is found whole in the next look
    sheet.write(rest[at:])
    for piece in pieces:
        sheet.write(piece)
    return True


def _require_rows(got: list[list[object]], want: list[list[str]], first: int) -> None:
    # Each row's first len(COLUMNS) cells (a missing one blank) must be its entry's; the message names the
    # first cell that is not.
    width = len(COLUMNS)
    for i, expected in enumerate(want):
        cells = list(got[i][:width]) if i < len(got) else []
        cells += [""] * (width - len(cells))
        if cells != expected:
            col = next(c for c in range(width) if cells[c] != expected[c])
            raise Refused(f"書き込んだ台帳を読み直したところ、シート「{LEDGER_SHEET}」のセル "
                          f"{column_letter(col)}{first + i} が書き込んだ値と一致しませんでした。何も変更していません。"
                          "台帳をExcelで開いて保存し直してから、もう一度実行してください。")


def create_ledger(path) -> None:
    """Write an empty ledger (to a path or a binary file object) with XlsxWriter: the header row,
    text-formatted columns and a frozen header. Its output is what ``files.package_data.empty_ledger`` ships (rebuild
    shuudan_xl/data/empty_ledger.xlsx with it after changing it)."""
    import xlsxwriter

    from shuudan_xl.files.page_setup import PrintHeading, set_up_page
    from shuudan_xl.files.styles import header_format

    book = xlsxwriter.Workbook(str(path) if isinstance(path, (str, Path)) else path)
    book.set_properties({"title": "登録済みID台帳", "created": dt.datetime(2000, 1, 1)})
    sheet = book.add_worksheet(LEDGER_SHEET)
    text = book.add_format({"num_format": "@"})
    head = header_format(book, num_format="@")
    widths = [14, 14, 12, 16, 8, 12, 28, 8, 8, 12, 8, 20]
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width, text)
    sheet.write_row(0, 0, COLUMNS, head)
    sheet.freeze_panes(1, 0)
    set_up_page(sheet, PrintHeading("ID台帳（登録済みID）"), landscape=True)
    book.close()


# The last used row of each ledger read in this process, by the SHA-256 of the whole file: an append right
# after read_ledger (confirm, spare IDs) finds where to write without reading the ledger a second time, and a
# ledger changed since (another byte anywhere) is read again.
_LAST_ROWS: dict[str, int] = {}


def _last_row(path: Path) -> int:
    from shuudan_xl.files.reader import Workbook

    known = _LAST_ROWS.get(sha256_of(path))
    return known if known is not None else _used_rows(Workbook(path).rows(LEDGER_SHEET))


def _used_rows(rows: list[list[object]]) -> int:
    # The 1-based number of the last row holding any value (0 for an empty sheet).
    for index in range(len(rows) - 1, -1, -1):
        if any(v not in ("", None) for v in rows[index]):
            return index + 1
    return 0


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _date_of(value: object, known: dict[object, dt.date | None]) -> dt.date | None:
    # _date, remembered for a text (the entries of a round share their 登録確定日).
    return known.setdefault(value, _date(value)) if type(value) is str else _date(value)


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
