"""Double check two workbooks: find each side's registration table, read its rows, compare them.

A side is a vendor sheet (ユーザーID / パスワード / 氏名) or the master list (sheet 視聴者リスト with
ユーザーID, パスワード, 都道府県 and more). Cells are compared as the text they show: a number typed as
17654321 equals the text "17654321" here (how a value is stored is what ``check`` reports).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from shuudan_xl.errors import InputUnreadable, InvalidArgument
from shuudan_xl.gcpause import paused_gc
from shuudan_xl.rules.cells import text_of
from shuudan_xl.rules.doublecheck import DUPLICATE, Comparison, Record, compare
from shuudan_xl.rules.layout import Layout
from shuudan_xl.rules.master import round_number
from shuudan_xl.services.books import Book, registration_sheet

MAX_LISTED_ROWS = 10


@dataclass
class Side:
    """One side of the comparison as read.

    Attributes:
        file: The path as given.
        sheet: The sheet compared.
        layout: Header row and columns found.
        records: The non-blank data rows compared (after the 視聴回 filter).
        unreadable_rounds: Rows left out by ``--round`` because their 視聴回 cannot be read.
    """

    file: str
    sheet: str
    layout: Layout
    records: list[Record]
    unreadable_rounds: list[int] = field(default_factory=list)

    @property
    def round_col(self) -> int | None:
        """0-based index of the 視聴回 column (master lists), or None."""
        return self.layout.round_col

    @property
    def needs_label(self) -> bool:
        """True for a vendor sheet, whose group must be the exact label "北海道01" … "沖縄47"."""
        return self.layout.is_vendor


@dataclass
class DoublecheckResult:
    """The comparison of two sides, with Japanese notes on what was and was not compared."""

    a: Side
    b: Side
    comparison: Comparison
    round: int | None = None
    notes: list[str] = field(default_factory=list)
    links: bool = False  # 視聴者⇔動画 sides: records hold the video where a password would be

    @property
    def matched(self) -> int:
        return self.comparison.matched

    @property
    def differences(self) -> list:
        return self.comparison.differences

    def as_dict(self) -> dict:
        """Return the JSON object documented for ``doublecheck --json``."""
        return {"matched": self.matched, "differences": [d.as_dict() for d in self.differences]}


def doublecheck_workbooks(book_a: Book, book_b: Book, *, sheet_a: str | None = None, sheet_b: str | None = None,
                          round_no: int | None = None, files: bool = False,
                          ledger: Path | None = None) -> DoublecheckResult:
    """Read both workbooks and compare their registration tables.

    Args:
        book_a: The reference workbook (the master list or the first keying), see services.books.Book.
        book_b: The workbook compared with it (the same book for the ダブルチェック button).
        sheet_a: Sheet of A; by default 視聴者リスト when present, else the first sheet with headers.
        sheet_b: The same for B.
        round_no: Keep only rows of this 視聴回 (1–9) on each side that has a 視聴回 column.
        files: The books are files staff named: a vendor book from 業者提出 gets a note on whether it is
            its round's current file, unchanged; the list's rows whose ID the ID台帳 holds and a
            registration book lacks are left out with a note (services.doublecheck_ledger).
        ledger: The ID台帳 for that (with ``files``); by default ID台帳.xlsx beside the list.

    Returns:
        Both sides, the comparison and notes.

    Raises:
        InputUnreadable: when a file, a sheet or a header row cannot be found.
        InvalidArgument: when ``round_no`` is out of range or no side has a 視聴回 column.
    """
    if round_no is not None and not 1 <= round_no <= 9:
        raise InvalidArgument(f"--round には1〜9を指定してください（指定: {round_no}）。")
    sides = [_read_any(book_a, sheet_a, round_no), _read_any(book_b, sheet_b, round_no)]
    if any(s.layout.__class__ is not Layout for s in sides):  # a 視聴者⇔動画 book: ID/video pairs
        from shuudan_xl.services.doublecheck_links import doublecheck_links

        return doublecheck_links(book_a, sides[0], book_b, sides[1], round_no, files)
    if round_no is not None and all(s.round_col is None for s in sides):
        raise InvalidArgument("--round を指定しましたが、どちらのシートにも見出し「視聴回」の列がありません。")
    a, b = sides
    registered = []
    if files:  # a re-viewer's ID is registered already: export leaves it out of the registration book
        from shuudan_xl.services.doublecheck_ledger import leave_out_registered

        registered = leave_out_registered(a, b, ledger)
    with paused_gc():  # many small containers, no cycles
        comparison = compare(a.records, b.records, a_needs_label=a.needs_label, b_needs_label=b.needs_label)
    from shuudan_xl.services.round_files import notes_for_file

    notes = registered + _notes(a, b, comparison, round_no)
    for book in (book_a, book_b) if files else ():  # a vendor book from 業者提出: its round's current file?
        notes += notes_for_file(Path(book.path))
    return DoublecheckResult(a, b, comparison, round_no, notes)


def read_side(book: Book, sheet: str | None = None, round_no: int | None = None) -> Side:
    """Find the registration table of a workbook and turn its rows into records.

    Args:
        book: The workbook (see services.books.Book).
        sheet: Its sheet; by default 視聴者リスト when present, else the first sheet with headers.
        round_no: Keep only rows of this 視聴回 (1–9), when the sheet has a 視聴回 column.

    Raises:
        InputUnreadable: when the sheet or a header row cannot be found.
    """
    name, rows, layout = registration_sheet(book, sheet)
    side = Side(str(book.path), name, layout, [])
    _fill_records(side, rows, round_no)
    return side


def _read_any(book: Book, sheet: str | None, round_no: int | None) -> Side:
    # The registration table, else a 視聴者⇔動画 table (services.doublecheck_links).
    try:
        return read_side(book, sheet, round_no)
    except InputUnreadable:
        from shuudan_xl.services.doublecheck_links import read_links_side

        side = read_links_side(book, sheet)
        if side is None:
            raise
        return side


def _fill_records(side: Side, rows: list[list[object]], round_no: int | None) -> None:
    # Non-blank data rows below the header; with round_no, only rows of that round.
    layout = side.layout
    cols = (layout.id_col, layout.password_col, layout.group_col)
    by_round = round_no is not None and side.round_col is not None
    for n, row in enumerate(rows[layout.header_row:], start=layout.header_row + 1):
        cells = [_cell(row, c) for c in cols]
        if all(v is None or v == "" for v in cells):
            continue
        if by_round:
            found = round_number(_cell(row, side.round_col))
            if found is None:
                side.unreadable_rounds.append(n)
            if found != round_no:
                continue
        group = None if layout.group_col is None else text_of(cells[2], strip=False)
        side.records.append(Record(n, text_of(cells[0], strip=False), text_of(cells[1], strip=False), group))


def _cell(row: list[object], col: int | None) -> object:
    return row[col] if col is not None and col < len(row) else None


def _notes(a: Side, b: Side, comparison: Comparison, round_no: int | None) -> list[str]:
    # What staff should know about the scope of the comparison.
    notes = []
    for label, side, other in (("A", a, b), ("B", b, a)):
        if side.layout.group_col is None and other.layout.group_col is not None:
            notes.append(f"{label}に所属グループの列がないため、所属グループは照合していません。")
        if side.unreadable_rounds:
            rows = "、".join(f"{r}行目" for r in side.unreadable_rounds[:MAX_LISTED_ROWS])
            more = len(side.unreadable_rounds) - MAX_LISTED_ROWS
            rows += f" ほか{more}行" if more > 0 else ""
            notes.append(f"{label}の視聴回を読み取れない行（{rows}）は照合から外しました。")
        if round_no is None and side.round_col is not None and any(
                d.kind == DUPLICATE and (d.row_a if label == "A" else d.row_b) is not None
                for d in comparison.differences):
            notes.append(f"{label}には視聴回の列があります。回ごとに照合するには --round N を指定してください。")
    return notes
