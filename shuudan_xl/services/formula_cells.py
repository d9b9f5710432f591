"""Formula cells where a value must be typed: an ID, password or group computed by a formula would pass as typed.

The reader tells which cells hold a formula's text result (files.cell_kinds); ``check`` of a vendor sheet and of a
視聴者⇔動画 sheet reports those of their columns (the master list's rules report theirs: services.master_inputs).
"""

from __future__ import annotations

from shuudan_xl.rules import cells
from shuudan_xl.rules.findings import Finding
from shuudan_xl.rules.layout import Layout


def formula_findings(book, sheet: str, rows: list[list[object]], layout: Layout,
                     columns: list[int]) -> list[Finding]:
    """Report the formula cells of some columns (a value that is a formula's result must not pass as typed).

    Args:
        book: The book read (``formula_cells(sheet)`` where the reader can tell; else nothing is reported).
        sheet: The sheet.
        rows: Its rows as read.
        layout: Where the header is.
        columns: The 0-based columns that must hold typed values.
    """
    find = getattr(book, "formula_cells", None)
    if find is None:
        return []
    wanted = set(columns)
    out = []
    for r, c in sorted(find(sheet)):
        if (r >= layout.header_row and c in wanted and r < len(rows) and c < len(rows[r])
                and rows[r][c] not in cells.EXCEL_ERRORS):  # an error value is reported as such
            out.append(Finding.at(sheet, r + 1, layout.header(c), rows[r][c], cells.FORMULA))
    return out
