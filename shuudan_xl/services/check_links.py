"""``check`` on a 視聴者⇔動画 workbook (the second vendor book export writes: ユーザーID / 動画).

Staff double-checking that file before mailing it expect what applies to it: well-formed IDs, a video on
every row, no blank row in the list, no pair twice (rules.video_links), values typed rather than
computed, and one sheet only (手順 3(5)「1つのシートにまとめた上で」).
"""

from __future__ import annotations

from shuudan_xl.rules.findings import ERROR, Finding
from shuudan_xl.rules.layout import header_key
from shuudan_xl.rules.master import LIST_SHEET
from shuudan_xl.rules.video_links import LinksLayout, check_link_rows, find_links_layout
from shuudan_xl.services.books import Book
from shuudan_xl.services.check import CheckResult
from shuudan_xl.services.formula_cells import formula_findings


def links_sheet(book: Book, sheet: str | None = None) -> tuple[str, list[list[object]], LinksLayout] | None:
    """Find a 視聴者⇔動画 table: the named sheet, else the first sheet with ユーザーID and 動画 headers.

    Returns:
        ``(sheet name, rows, layout)``, or None when there is none.
    """
    names = [sheet] if sheet else [n for n in book.sheet_names if header_key(n) != LIST_SHEET]
    for name in names:
        rows = book.rows(name)
        layout = find_links_layout(rows)
        if layout is not None:
            return name, rows, layout
    return None


def check_links_sheet(book: Book, name: str, rows: list[list[object]], layout: LinksLayout) -> CheckResult:
    """Check a 視聴者⇔動画 sheet already read from ``book``.

    Args:
        book: The workbook (its sheet count; its formula cells where the reader can tell).
        name: The sheet.
        rows: Its rows as read (header included).
        layout: Where its header and columns are.

    Returns:
        Every finding, sorted by row; ``rows_checked`` counts the non-blank data rows.
    """
    findings, count = check_link_rows(name, rows, layout)
    findings += formula_findings(book, name, rows, layout, [layout.id_col, layout.video_col])
    findings.sort(key=lambda f: f.row)
    if len(book.sheet_names) > 1:  # 手順 3(5): one book, one sheet — never sent otherwise
        findings.insert(0, Finding(
            name, layout.header_row, "", ERROR, "workbook.sheets",
            f"ブックにシートが{len(book.sheet_names)}枚あります。業者へはシート1枚にまとめて提出してください"
            f"（視聴者⇔動画のシート「{name}」だけを残します）。", None, None))
    return CheckResult(str(book.path), name, count, findings)
