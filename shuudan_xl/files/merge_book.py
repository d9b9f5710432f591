"""The mail-merge workbook for Word's 差し込み印刷: one row per letter, one text column per placeholder.

The column headers are the placeholder names (ログインID, 宛先…), so a Word document whose merge
fields carry those names can be merged with it. Every cell is text: IDs, passwords and postal codes
keep their leading zeros and are never turned into numbers or dates.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from shuudan_xl.files.page_setup import PrintHeading, fit_row, row_heights, scope_of, set_up_page
from shuudan_xl.files.styles import header_format

SHEET = "差し込みデータ"
PURPOSE = "実施通知の差し込みデータ"
# Narrow columns that wrap: the 27 placeholders then print one page wide at a readable size.
_WIDTHS = {"ログインID": 13, "ログインパスワード": 13, "名称": 20, "宛先": 16, "住所": 20, "目的": 16,
           "郵便番号": 9, "視聴回": 6, "文書番号": 12}
_DEFAULT_WIDTH = 11


WORKBOOK_OPTIONS = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}


def start_book(book, name: str, columns: tuple[str, ...]):
    """Set up the book XlsxWriter writes: properties, formats, column widths, the header row, page setup.

    Args:
        book: A new ``xlsxwriter.Workbook``.
        name: The file's name (its 年度 and 回 go into the page header).
        columns: The headers, in order.

    Returns:
        ``(text format, column widths)`` for the data rows.
    """
    book.set_properties({"title": "実施通知 差し込みデータ", "created": dt.datetime.now().replace(microsecond=0)})
    text = book.add_format({"num_format": "@", "text_wrap": True, "valign": "top"})
    head = header_format(book, num_format="@", text_wrap=True, valign="vcenter")
    sheet = book.add_worksheet(SHEET)
    widths = [_WIDTHS.get(header, _DEFAULT_WIDTH) for header in columns]
    for c, header in enumerate(columns):
        sheet.set_column(c, c, widths[c], text)
        sheet.write_string(0, c, header, head)
    fit_row(sheet, 0, columns, widths)
    sheet.freeze_panes(1, 0)
    set_up_page(sheet, PrintHeading(PURPOSE, scope_of(name)), landscape=True)
    return text, widths


def write_merge_book(path: Path, columns: tuple[str, ...], rows: list[dict[str, str]]) -> Path:
    """Write the workbook.

    Args:
        path: Output .xlsx.
        columns: The headers, in order (placeholder names).
        rows: One dict per letter, keyed by header; missing keys give empty cells.

    Returns:
        The path.
    """
    import io

    import xlsxwriter

    from shuudan_xl.files.xlsx_rows import append_text_rows

    # XlsxWriter writes the book with its header row; the letters' rows are streamed in after it
    # (files.xlsx_rows: the XML XlsxWriter writes, several times faster at 10,000 letters).
    skeleton = io.BytesIO()
    book = xlsxwriter.Workbook(skeleton, {**WORKBOOK_OPTIONS, "in_memory": True})
    text, widths = start_book(book, path.name, columns)
    book.close()
    values = [[row.get(header, "") for header in columns] for row in rows]
    append_text_rows(skeleton.getvalue(), path, values, len(columns), text.xf_index,
                     heights=row_heights(values, widths))
    return path
