"""Where services read workbooks from: a file on disk, or a workbook already open in Excel.

A *book* is anything with ``path``, ``sheet_names`` and ``rows(sheet)`` — the calamine reader for files,
or the xlwings adapter of the Excel entry points — so every use case runs the same way from the
command line and from a button.
"""

from __future__ import annotations

from pathlib import Path


def open_book(book_or_path):
    """Return a readable book for a path, or the book itself when one is given."""
    if hasattr(book_or_path, "rows") and hasattr(book_or_path, "sheet_names"):
        return book_or_path
    from shuudan_xl.files.reader import Workbook

    return Workbook(Path(book_or_path))
