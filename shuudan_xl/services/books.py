"""Where services read workbooks from: a file on disk, or a workbook already open in Excel.

A *book* is anything with ``path``, ``sheet_names`` and ``rows(sheet)`` — the calamine reader for files,
or the xlwings adapter of the Excel entry points — so every use case runs the same way from the
command line and from a button.
"""

from __future__ import annotations

from pathlib import Path


def registration_sheet(book, sheet: str | None = None):
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


def open_book(book_or_path):
    """Return a readable book for a path, or the book itself when one is given."""
    if hasattr(book_or_path, "rows") and hasattr(book_or_path, "sheet_names"):
        return book_or_path
    from shuudan_xl.files.reader import Workbook

    return Workbook(Path(book_or_path))
