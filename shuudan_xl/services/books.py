"""Where services read workbooks from: a file on disk, or a workbook already open in Excel.

A ``Book`` is anything with ``path``, ``sheet_names`` and ``rows(sheet)`` — the calamine reader for files
(files.reader.Workbook), or the xlwings adapter of the Excel entry points (excel.book.OpenBook) — so every
use case runs the same way from the command line and from a button. Services take a ``Book``; the entry
point opens it (a command: ``files.reader.Workbook(path)``, or ``services.session.open_session``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol, runtime_checkable


@runtime_checkable
class Book(Protocol):
    """A readable workbook: a file (files.reader.Workbook) or the one open in Excel (excel.book.OpenBook)."""

    path: Path
    sheet_names: list[str]

    def rows(self, sheet: str) -> list[list[object]]:
        """The cell values of a sheet from A1, as equally long rows."""


def registration_sheet(book: Book, sheet: str | None = None):
    """Find the sheet holding a registration table: the named one, else 視聴者リスト, else the first with
    ユーザーID and パスワード headers.

    Returns:
        ``(sheet name, rows, layout)``.

    Raises:
        InputUnreadable: when no such sheet (or header row) exists.
    """
    from shuudan_xl.errors import InputUnreadable
    from shuudan_xl.rules.layout import find_layout, header_key
    from shuudan_xl.rules.master import LIST_SHEET

    names = [sheet] if sheet else sorted(book.sheet_names, key=lambda n: header_key(n) != LIST_SHEET)
    for name in names:
        rows = book.rows(name)
        layout = find_layout(rows)
        if layout is not None:
            return name, rows, layout
    where = f"「{book.path.name}」のシート「{sheet}」" if sheet else f"「{book.path.name}」のどのシート"
    raise InputUnreadable(f"{where}にも見出し「ユーザーID」「パスワード」の行が見つかりません"
                          "（先頭20行を確認しました）。")

