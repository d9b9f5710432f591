"""The mail-merge workbook for Word's 差し込み印刷: one row per letter, one text column per placeholder.

The column headers are the placeholder names (ログインID, 宛先…), so a Word document whose merge
fields carry those names can be merged with it. Every cell is text: IDs, passwords and postal codes
keep their leading zeros and are never turned into numbers or dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from shuudan_xl.files.styles import header_format

SHEET = "差し込みデータ"
_WIDTHS = {"ログインID": 14, "ログインパスワード": 16, "名称": 34, "宛先": 24, "住所": 34, "目的": 20}


def write_merge_book(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    """Write the workbook.

    Args:
        path: Output .xlsx.
        columns: The headers, in order (placeholder names).
        rows: One dict per letter, keyed by header; missing keys give empty cells.

    Returns:
        The path.
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    book.set_properties({"title": "実施通知 差し込みデータ", "created": dt.datetime.now().replace(microsecond=0)})
    text = book.add_format({"num_format": "@"})
    head = header_format(book, num_format="@")
    sheet = book.add_worksheet(SHEET)
    for c, header in enumerate(columns):
        sheet.set_column(c, c, _WIDTHS.get(header, 18), text)
        sheet.write_string(0, c, header, head)
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(columns):
            sheet.write_string(r, c, row.get(header, ""), text)
    sheet.freeze_panes(1, 0)
    book.close()
    return path
