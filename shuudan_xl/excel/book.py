"""The workbook Excel has open, as the services see a file, and the few Excel operations the buttons need.

``OpenBook`` reads the open workbook exactly as ``files.reader.Workbook`` reads a file (``path``,
``sheet_names``, ``rows``), so every use case behaves the same from a button and from the command line.
``ExcelWriter`` is the services' writer: it fills cells as text and saves the book. ``button`` runs a
button's work: the calling book, the status bar, and a Japanese message box for every outcome.

Everything here goes through xlwings' public API only, so it runs on the COM engine (Excel on Windows,
through RunPython) and on xlwings' remote engine, which the tests use (see tests/excel).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from shuudan_xl.errors import CannotWrite, InputUnreadable, ShuudanError
from shuudan_xl.services.marks import Cell, CellMark

if TYPE_CHECKING:
    from shuudan_xl.files.xlsx_patch import CellWrite

TEXT_FORMAT = "@"
UNEXPECTED = "内部エラーが発生したため、処理を中断しました"  # how files.error_log's message begins


class OpenBook:
    """An open workbook read like a file: ``path``, ``sheet_names`` and ``rows(sheet)`` (see services.books).

    Each sheet is read once; a button reads before it writes, so the rows stay what Excel showed
    when the button was pressed.
    """

    def __init__(self, book):
        self.book = book
        self.path = book_path(book)
        self.sheet_names: list[str] = [sheet.name for sheet in book.sheets]
        self._rows: dict[str, list[list[object]]] = {}

    def rows(self, sheet: str) -> list[list[object]]:
        """Return the cell values of a sheet from A1, as equally long rows (as files.reader.Workbook does).

        Empty cells are "", numbers float, dates at midnight ``date`` and other dates ``datetime``, errors
        their text ("#N/A").

        Raises:
            InputUnreadable: when the sheet does not exist.
        """
        if sheet not in self._rows:
            self._rows[sheet] = read_rows(self.sheet(sheet))
        return self._rows[sheet]

    def sheet(self, name: str):
        """Return the xlwings sheet.

        Raises:
            InputUnreadable: when the book has no sheet of that name.
        """
        if name not in self.sheet_names:
            names = "、".join(f"「{n}」" for n in self.sheet_names)
            raise InputUnreadable(f"シート「{name}」が「{self.path.name}」にありません（あるシート: {names}）。")
        return self.book.sheets[name]


def book_path(book) -> Path:
    """The workbook's file on disk, beside which the ledger and the vendor folder live.

    Raises:
        InputUnreadable: when the book has never been saved, or is opened from OneDrive/SharePoint by URL.
    """
    name = book.fullname
    if name.lower().startswith(("http://", "https://")):
        raise InputUnreadable("このブックはOneDrive・SharePointのアドレスで開かれているため、同じフォルダのID台帳や"
                              "業者提出フォルダを使えません。パソコン内のフォルダに保存してから開き直してください。")
    path = Path(name)
    if not path.is_absolute():
        raise InputUnreadable("このブックはまだ保存されていません。"
                              "視聴者リストを保存してから、もう一度押してください。")
    return path


def read_rows(sheet) -> list[list[object]]:
    """Read a sheet's values from A1 to the end of its used range, shaped like python-calamine's."""
    last = sheet.used_range.last_cell
    values = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value
    rows = [[_value(v) for v in row] for row in values]
    while rows and all(v == "" for v in rows[-1]):
        rows.pop()
    width = max((max((i + 1 for i, v in enumerate(row) if v != ""), default=0) for row in rows), default=0)
    return [row[:width] for row in rows]


def _value(value: object) -> object:
    # xlwings gives None for empty cells and a datetime for every date; the calamine reader gives ""
    # and a date when there is no time of day.
    if value is None:
        return ""
    if isinstance(value, dt.datetime) and value.time() == dt.time(0):
        return value.date()
    return value


class ExcelWriter:
    """Writes text into one sheet of the open book, then saves the book (the services' writer protocol)."""

    def __init__(self, book, sheet: str):
        self.book, self.sheet = book, sheet

    def check(self) -> None:
        """Nothing to check: Excel holds the book, and saving it is what writes the file."""

    def write(self, writes: list[CellWrite]) -> None:
        """Write the texts, then save the book so that generated IDs and passwords are kept.

        Each cell gets the text number format before its value: Excel would otherwise read a password
        such as 234567e89 as the number 2.34567E+94, or a text such as 1-2 as a date.
        """
        if not writes:
            return None
        sheet = self.book.sheets[self.sheet]
        for col, first, texts in text_runs(writes):
            cells = sheet.range((first, col + 1), (first + len(texts) - 1, col + 1))
            cells.number_format = TEXT_FORMAT
            cells.value = [[text] for text in texts]
        try:
            self.book.save()
        except Exception as exc:  # Excel's own error (read-only copy, full disk…), whatever the engine
            raise ShuudanError("値は書き込みましたが、ブックを保存できませんでした（読み取り専用で開いていませんか）。"
                               "ブックを保存してから、もう一度押してください。") from exc
        return None  # Excel keeps the only copy; no backup file is made

    # The export's two-phase protocol (services.export.write_export). The open book cannot be renamed into
    # place like a file: its cells are written first (unsaved), read back with the vendor books, and the
    # book is saved only once everything matched; a rollback clears the cells again (they were blank).
    path = property(lambda self: book_path(self.book))

    def stage(self, tx, writes: list[CellWrite]) -> OpenBook:
        """Write the texts into the open book without saving; return the book as it now reads.

        xlwings' remote engine (the tests') records writes as actions instead of applying them; there the
        book read back is the one read before, with the writes laid over it.
        """
        if writes:
            tx.on_rollback(lambda: self._clear(writes))
            sheet = self.book.sheets[self.sheet]
            for col, first, texts in text_runs(writes):
                cells = sheet.range((first, col + 1), (first + len(texts) - 1, col + 1))
                cells.number_format = TEXT_FORMAT
                cells.value = [[text] for text in texts]
        book = OpenBook(self.book)
        if writes and self.book.app.engine.name == "remote":
            rows = book.rows(self.sheet)
            for w in writes:
                rows.extend([] for _ in range(w.row - len(rows)))
                row = rows[w.row - 1]
                row.extend("" for _ in range(w.col + 1 - len(row)))
                row[w.col] = w.text
        return book

    def finish(self) -> None:
        """Save the book (every file has been verified; the vendor books are renamed right after)."""
        try:
            self.book.save()
        except Exception as exc:  # Excel's own error (read-only copy, full disk…), whatever the engine
            raise CannotWrite("ブックを保存できませんでした（読み取り専用で開いていませんか）。"
                              "業者提出ファイルは作成していません。"
                              "ブックを保存できる状態にしてから、もう一度押してください。") from exc

    def _clear(self, writes: list[CellWrite]) -> None:
        sheet = self.book.sheets[self.sheet]
        for col, first, texts in text_runs(writes):
            sheet.range((first, col + 1), (first + len(texts) - 1, col + 1)).value = [[None] for _ in texts]


def text_runs(writes: list[CellWrite]) -> list[tuple[int, int, list[str]]]:
    """Group writes into runs of consecutive rows of one column: (0-based column, first row, texts)."""
    runs: list[tuple[int, int, list[str]]] = []
    for w in sorted(writes, key=lambda w: (w.col, w.row)):
        if runs and runs[-1][0] == w.col and runs[-1][1] + len(runs[-1][2]) == w.row:
            runs[-1][2].append(w.text)
        else:
            runs.append((w.col, w.row, [w.text]))
    return runs


def read_notes(sheet) -> dict[Cell, str | None]:
    """Return the sheet's notes by (1-based row, 0-based column); the text is None when it cannot be read.

    The remote engine lists where notes are but not their text, unless the payload's note entry carries
    one (the tests' payloads do).
    """
    notes: dict[Cell, str | None] = {}
    for note in sheet.notes:
        try:
            cell, text = note.location, note.text
        except NotImplementedError:  # remote engine: the payload entry {"address": …} is the note's api
            entry = note.api or {}
            cell, text = sheet.range(entry["address"]), entry.get("text")
        notes[(cell.row, cell.column - 1)] = text
    return notes


def apply_marks(sheet, marks: list[CellMark]) -> None:
    """Colour the cells and set, change or delete their notes (see services.marks)."""
    for mark in marks:
        cell = sheet.range((mark.row, mark.col + 1))
        cell.color = mark.fill
        if not mark.change_note:
            continue
        if mark.note is None:
            if mark.had_note:
                cell.note.delete()
        elif mark.had_note:
            cell.note.text = mark.note
        else:
            cell.add_note(mark.note)


def write_table(sheet, values: list[list[object]], number_format: str | None = None, format_from: int = 0
                ) -> None:
    """Write rows of values from A1; the number format goes to the columns from ``format_from`` below row 1."""
    rows, cols = len(values), max(len(row) for row in values)
    if number_format is not None and rows > 1:
        sheet.range((2, format_from + 1), (rows, cols)).number_format = number_format
    sheet.range((1, 1), (rows, cols)).value = values


class Button:
    """One press of a button: the calling workbook and how to talk to staff."""

    def __init__(self, xl_book, title: str):
        self.xl_book, self.title = xl_book, title
        self._book: OpenBook | None = None

    @property
    def book(self) -> OpenBook:
        """The workbook as the services read it."""
        if self._book is None:
            self._book = OpenBook(self.xl_book)
        return self._book

    def sheet(self, name: str):
        """The xlwings sheet (InputUnreadable when missing)."""
        return self.book.sheet(name)

    def writer(self, sheet: str) -> ExcelWriter:
        """The services' writer for a sheet of this workbook."""
        return ExcelWriter(self.xl_book, sheet)

    def status(self, text: str | None) -> None:
        """Show progress in Excel's status bar (None gives it back to Excel); ignored where there is none."""
        try:
            self.xl_book.app.status_bar = text if text is not None else False
        except NotImplementedError:  # the remote engine has no status bar
            pass

    def alert(self, text: str, error: bool = False) -> None:
        """Show a message box titled with the button's name (an error one marks the run as stopped)."""
        if error:
            from shuudan_xl.files.oplog import REFUSED
            from shuudan_xl.services.oprecord import current

            current().outcome = REFUSED
        self.xl_book.app.alert(text, title=self.title, mode="critical" if error else "info")

    def confirm(self, text: str) -> bool:
        """Show a preview with OK / キャンセル; True for OK. Without an answer (no Excel) it is キャンセル."""
        if self.ask(text, buttons="ok_cancel") == "ok":
            return True
        from shuudan_xl.files.oplog import REFUSED
        from shuudan_xl.services.oprecord import current

        current().outcome, current().note = REFUSED, "確認画面でキャンセル（何も変更していません）"
        return False

    def ask(self, text: str, buttons: str = "yes_no_cancel") -> str:
        """Ask in a message box; return "yes", "no", "ok" or "cancel" (also when no answer can be had)."""
        answer = self.xl_book.app.alert(text, title=self.title, buttons=buttons, mode="info")
        return answer if answer in ("yes", "no", "ok") else "cancel"


@contextmanager
def button(title: str, writes: bool = False) -> Iterator[Button]:
    """Run a button's work on the workbook that called it.

    Args:
        title: The button's name (message boxes, the writer lock's holder).
        writes: The button writes files (the list, the ledger, outputs): it runs under the folder's writer
            lock (files.lock), as the command line does, so that a second click or another staff member's
            run is refused with a message naming who holds it.

    Every failure ends in a message box and never in a traceback: an expected one (ShuudanError, an OS
    error, a damaged file) with its Japanese message; an unexpected one with a short 「内部エラー」 text and
    the path of the log file holding the details (files.error_log). The status bar is always given back.
    """
    import xlwings as xw

    from shuudan_xl.excel.progress import StatusBarProgress
    from shuudan_xl.files.error_log import failure_of
    from shuudan_xl.services.progress import reporting

    run = Button(xw.Book.caller(), title)
    try:
        with _writer_lock(run, title, writes), reporting(StatusBarProgress(run.status)):
            yield run
    except Exception as raised:
        exc = failure_of(raised, f"button {title}")
        run.alert(str(exc), error=True)
    finally:
        run.status(None)


@contextmanager
def _writer_lock(run: Button, title: str, writes: bool) -> Iterator[None]:
    if not writes:
        yield
        return
    from shuudan_xl.files.lock import writer_lock
    from shuudan_xl.services.oprecord import recording

    with writer_lock(run.book.path.parent, f"{title}ボタン"), \
            recording(run.book.path.parent, f"{title}ボタン", run.book.path):  # one line in 操作記録.csv
        yield
