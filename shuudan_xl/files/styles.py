"""The few cell styles every workbook the tool writes shares, so that they all look alike to staff."""

from __future__ import annotations

HEADER = {"bold": True, "bg_color": "#D9E1F2", "border": 1}  # light blue header row
ERROR_FILL = "#FFC7CE"  # Excel's own "bad" red
WARNING_FILL = "#FFEB9C"  # Excel's own "neutral" yellow
ERROR_MARK = {"bg_color": ERROR_FILL, "font_color": "#9C0006"}
WARNING_MARK = {"bg_color": WARNING_FILL, "font_color": "#9C5700"}


def header_format(book, **extra):
    """Add the shared header style (plus ``extra`` properties) to an XlsxWriter workbook."""
    return book.add_format({**HEADER, **extra})
