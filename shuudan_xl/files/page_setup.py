"""Print setup shared by every workbook the tool writes for people (XlsxWriter worksheets).

Every printed sheet is A4, one page wide (as many pages down as needed), repeats its heading rows on
each page, names the fiscal year and round (when known) and the file's purpose in the page header, and
numbers its pages "N / M" in the footer, so that a stack of printouts can be sorted and checked.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from shuudan_xl.rules.text_width import display_width

A4 = 9  # XlsxWriter/Excel paper code
LINE_HEIGHT = 15  # points: one line of the default 11-point font
HEADER_LIMIT = 255  # Excel ignores a longer header or footer
_YEAR = re.compile(r"(令和|平成)(\d+|元)年度")
_ROUND = re.compile(r"第(\d+)回")


@dataclass(frozen=True, slots=True)
class PrintHeading:
    """What the page header of a printed sheet says.

    Attributes:
        purpose: What the file is for, e.g. "入力チェックの結果" (centre of the header).
        scope: The fiscal year and round, e.g. "令和6年度 第1回", or what identifies the data (left).
    """

    purpose: str
    scope: str = ""


def scope_of(*texts: str) -> str:
    """The fiscal year and round named in file names or titles ("令和6年度 第1回"), or "" when none is.

    Args:
        texts: Looked at in order; the first year and the first round found are used.
    """
    year = number = None
    for text in texts:
        text = unicodedata.normalize("NFKC", text or "")
        year = year or _YEAR.search(text)
        number = number or _ROUND.search(text)
    return " ".join(part for part in (year and year[0], number and f"第{number[1]}回") if part)


def set_up_page(sheet, heading: PrintHeading, *, heading_rows: int = 1, landscape: bool = False,
                first_row: int = 0) -> None:
    """Give a worksheet the shared print setup.

    Args:
        sheet: An XlsxWriter worksheet.
        heading: The header's purpose and scope.
        heading_rows: How many rows at the top repeat on every page (0 for none).
        landscape: Print across the long side (wide tables such as the double-check pairs).
        first_row: The 0-based row where the repeated heading rows start (rows above print on page 1 only).
    """
    sheet.set_paper(A4)
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages down as the rows need
    if heading_rows:
        sheet.repeat_rows(first_row, first_row + heading_rows - 1)
    sheet.set_margins(left=0.5, right=0.5, top=0.8, bottom=0.7)
    sheet.set_header(header_text(heading), {"margin": 0.3})
    sheet.set_footer("&C&P / &N ページ", {"margin": 0.3})


def header_text(heading: PrintHeading) -> str:
    """The Excel header code: scope on the left, purpose in the centre, the sheet's name on the right."""
    scope, purpose = _escape(heading.scope), _escape(heading.purpose)
    rest = f"&C&B{purpose}&B&R&A"
    if len(scope) + 2 + len(rest) > HEADER_LIMIT:  # a very long file name: keep its end (the distinctive part)
        keep = HEADER_LIMIT - len(rest) - 3
        scope = "…" + scope[-keep:].lstrip("&")
    return (f"&L{scope}" if scope else "") + rest


def _escape(text: str) -> str:
    # "&" starts a code in Excel headers; a literal one is doubled.
    return text.replace("&", "&&")


def fit_row(sheet, row: int, values, widths) -> None:
    """Make a row tall enough to show its wrapped texts whole.

    XlsxWriter writes no row heights and LibreOffice does not grow rows on opening, so a long label in a
    wrapping column would print over the next row; the height is estimated from the display width.

    Args:
        sheet: An XlsxWriter worksheet.
        row: 0-based row.
        values: The row's values (non-text values take one line).
        widths: The column widths (characters) of the same columns; None for a column that does not wrap.
    """
    lines = max((_lines(v, w) for v, w in zip(values, widths, strict=False) if isinstance(v, str) and w),
                default=1)
    if lines > 1:
        sheet.set_row(row, LINE_HEIGHT * lines)


def row_heights(rows, widths) -> list[float | None]:
    """The height ``fit_row`` sets for each of many rows of text (None where one line is enough).

    Column by column, so that a sheet of thousands of rows measures each distinct text once and loops in C.

    Args:
        rows: The rows, each a sequence of texts (one per column).
        widths: As for ``fit_row``.
    """
    if not rows:
        return []
    columns = [list(map(_lines, column, itertools.repeat(width)))
               for column, width in zip(zip(*rows, strict=True), widths, strict=False) if width]
    if not columns:
        return [None] * len(rows)
    most = list(map(max, *columns, itertools.repeat(1, len(rows))))
    return [LINE_HEIGHT * lines if lines > 1 else None for lines in most]


@lru_cache(maxsize=4096)  # the same messages and labels repeat down a long sheet
def _lines(text: str, width: float) -> int:
    # A column of width w holds about w half-width characters (w / 2 full-width ones) in Excel's fonts.
    capacity = max(1, int(width))
    if 2 * len(text) <= capacity and "\n" not in text:  # no character is wider than 2: one line, uncounted
        return 1
    return sum(max(1, -(-display_width(part) // capacity)) for part in text.split("\n"))
