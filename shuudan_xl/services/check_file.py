"""``check`` on any workbook: a master list gets the master rules, anything else the vendor-sheet rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.rules.layout import Layout
from shuudan_xl.rules.master import is_master_layout
from shuudan_xl.services.books import Book, registration_sheet
from shuudan_xl.services.check import CheckResult, check_sheet

if TYPE_CHECKING:
    from shuudan_xl.rules.video_links import LinksLayout


def check_file(book: Book, sheet: str | None = None) -> tuple[CheckResult, list[list[object]], Layout | LinksLayout]:
    """Check the registration sheet of a workbook.

    Args:
        book: The .xlsx/.xlsm file, opened by the entry point (see services.books.Book).
        sheet: Sheet name; by default 視聴者リスト when the workbook is a master list, else the first sheet
            with ユーザーID and パスワード headers, else (a 視聴者⇔動画 book) with ユーザーID and 動画 headers.

    Returns:
        The result (all findings), the rows read and the layout (for the report).
    """
    try:
        name, rows, layout = registration_sheet(book, sheet)  # read once, checked by one set of rules
    except InputUnreadable:
        from shuudan_xl.services.check_links import check_links_sheet, links_sheet  # (its rules load only here)

        links = links_sheet(book, sheet)  # the 視聴者⇔動画 book has no password: its own rules
        if links is None:
            raise
        return check_links_sheet(book, *links), links[1], links[2]
    if not is_master_layout(layout):
        return check_sheet(book, name, rows, layout), rows, layout
    from shuudan_xl.services.master import master_from_rows  # (the master list's rules load only for one)

    master = master_from_rows(book.path, name, rows, layout, book)
    return CheckResult(str(book.path), master.sheet, len(master.rows), master.findings), rows, layout
