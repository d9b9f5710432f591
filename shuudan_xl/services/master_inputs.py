"""Cells as typed, beyond each column's own rule: error values, control characters, formulas, videos.

Every column of a viewer row is looked at: an Excel error value (#N/A, #REF! …) or a control character is an
error wherever it is; a formula in a column whose value is sent or printed as typed (ユーザーID, パスワード,
番号, 都道府県, 指導動画) is an error; a typed 指導動画 must be one of the video catalog's names exactly,
because it goes to the vendor as it is.
"""

from __future__ import annotations

import re

from shuudan_xl.rules import cells
from shuudan_xl.rules import master as m
from shuudan_xl.rules.findings import Finding
from shuudan_xl.rules.videos import VideoCatalog
from shuudan_xl.services.check import column

# Columns the table check (services.check) already reports error values and control characters of.
CHECKED_COLUMNS = (m.LOGIN_ID, m.PASSWORD, m.GROUP)
# Columns whose values must be typed, not computed.
TYPED_COLUMNS = (m.LOGIN_ID, m.PASSWORD, m.NUMBER, m.GROUP, m.VIDEO)
_SUSPECT = re.compile(cells.CONTROL_RE.pattern + "|#")  # what a clean column never holds: scan it as one text


def input_findings(master, book, catalog: VideoCatalog | None) -> tuple[list[Finding], set[tuple[int, str]]]:
    """Report error values, control characters, formulas and unknown typed videos of the list's rows.

    Args:
        master: The list (services.master.MasterList) with its rows read.
        book: The book it was read from (for its formula cells; None when unknown).
        catalog: The video catalog typed videos must come from (None: typed videos are not checked).

    Returns:
        The findings, and the cells (Excel row, header) holding an error value or a formula, whose
        column rule need not repeat the point.
    """
    out: list[Finding] = []
    flagged: set[tuple[int, str]] = set()
    layout, sheet = master.layout, master.sheet
    data = master.raw_rows[layout.header_row:]
    for col, header in enumerate(layout.headers):
        if not header or header in CHECKED_COLUMNS:
            continue
        values = column(data, col)
        if not _suspect(_texts(values)):
            continue  # the whole column at once: nothing that could be an error value or a control
        for i, value in enumerate(values):
            for problem in cells.free_text_problems(value):  # a row with such a value is a row with data
                excel_row = layout.header_row + 1 + i
                out.append(Finding.at(sheet, excel_row, header, value, problem))
                flagged.add((excel_row, header))
    find = getattr(book, "formula_cells", None)
    if find is not None:
        typed = {layout.column(h) for h in TYPED_COLUMNS} - {None}
        by_row = {row.excel_row: row for row in master.rows}
        for r, c in sorted(find(sheet)):
            row = by_row.get(r + 1)
            if row is None or c not in typed:
                continue
            header = layout.headers[c]
            value = row.values.get(header)
            if value not in cells.EXCEL_ERRORS:  # an error value is reported as such already
                out.append(Finding.at(sheet, row.excel_row, header, value, cells.FORMULA))
                flagged.add((row.excel_row, header))
    if catalog is not None:
        out += _video_findings(master, catalog, flagged)
    return out, flagged


def _any_typed(master, header: str) -> bool:
    # Whether any row below the header holds something under ``header`` (its last column, as rows read it).
    col = master.layout.last_columns().get(header)
    if col is None:
        return False
    values = column(master.raw_rows[master.layout.header_row:], col)
    return values.count("") + values.count(None) != len(values)


def _texts(values: list[object]) -> str:
    # The column's text values, run together (_SUSPECT finds one character at a time): joined in C when every
    # value is text (the usual column).
    try:
        return "".join(values)
    except TypeError:  # a value that is not text (a number, a date, a blank cell read as None)
        return "".join(v for v in values if type(v) is str)


def _suspect(texts: str) -> bool:
    # Whether _SUSPECT finds anything in the texts. Every character CONTROL_RE names is unprintable, so texts
    # without "#" whose every character is printable (str.isprintable, in C: twice the regex's speed) hold
    # none; any other texts (a full-width space is unprintable too) are searched by the regex.
    return not ("#" not in texts and texts.isprintable()) and _SUSPECT.search(texts) is not None


def _video_findings(master, catalog: VideoCatalog, flagged: set[tuple[int, str]]) -> list[Finding]:
    # A typed 指導動画 goes to the vendor as typed: it must be text and one of the catalog's names.
    if not _any_typed(master, m.VIDEO):
        return []  # the usual list: the catalog names every video (no look at each row)
    out = []
    for row in master.rows:
        value = row.values.get(m.VIDEO)
        if value in (None, "") or (row.excel_row, m.VIDEO) in flagged:
            continue
        text, problems = cells.cell_text(value)
        if text is not None and not problems:
            problems = catalog.typed_video_problems(text)
        out += [Finding.at(master.sheet, row.excel_row, m.VIDEO, value, p) for p in problems]
    return out
