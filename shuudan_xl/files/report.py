"""The check report: a copy of the checked rows, bad cells coloured and explained, plus a findings sheet."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path

from shuudan_xl.errors import InvalidArgument
from shuudan_xl.files.styles import ERROR_FILL, WARNING_FILL, header_format
from shuudan_xl.rules.findings import ERROR, SEVERITY_LABELS, json_value

COPY_SHEET = "点検結果"
FINDINGS_SHEET = "指摘一覧"


def ensure_not_input(out: Path, *sources: Path, report: str = "点検結果ブック", inputs: str = "点検対象") -> None:
    """Refuse a report name that is not .xlsx or that is one of the workbooks read.

    Args:
        out: The report's path.
        sources: The workbooks read (checked or compared).
        report: What the report is called in the message.
        inputs: What the workbooks read are called in the message.

    Raises:
        InvalidArgument: with a Japanese message.
    """
    if out.suffix.lower() != ".xlsx":
        raise InvalidArgument(f"{report}のファイル名は .xlsx で終わるようにしてください（指定: {out.name}）。")
    for source in sources:
        if out.exists() and source.exists() and os.path.samefile(out, source):
            raise InvalidArgument(f"{report}を{inputs}と同じファイルに書くことはできません。"
                                  "別の名前を指定してください。")


def write_check_report(out: Path, result, rows: list[list[object]], layout) -> None:
    """Write the report workbook.

    Args:
        out: Where to write (.xlsx); the checked file itself is never touched.
        result: The CheckResult.
        rows: The sheet's rows as read (header included).
        layout: Where the header row is.
    """
    import xlsxwriter

    by_cell: dict[tuple[int, int], list] = defaultdict(list)
    col_of = {h: i for i, h in enumerate(layout.headers) if h}
    for f in result.findings:
        by_cell[(f.row, col_of.get(f.column, -1))].append(f)

    out.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    book.set_properties({"title": "shuudan-xl 点検結果", "created": dt.datetime(2000, 1, 1)})
    text = book.add_format({"num_format": "@"})
    head = header_format(book)
    fills = {ERROR: book.add_format({"bg_color": ERROR_FILL, "num_format": "@"}),
             "warning": book.add_format({"bg_color": WARNING_FILL, "num_format": "@"})}
    date_fmt = book.add_format({"num_format": "yyyy/mm/dd"})

    sheet = book.add_worksheet(COPY_SHEET)
    sheet.freeze_panes(layout.header_row, 0)
    width = max((len(r) for r in rows), default=0)
    for c in range(width):
        sheet.set_column(c, c, 16, text)
    for r, row in enumerate(rows):
        excel_row = r + 1
        for c, value in enumerate(row):
            found = by_cell.get((excel_row, c))
            fmt = head if excel_row == layout.header_row else None
            if found:
                fmt = fills[ERROR if any(f.severity == ERROR for f in found) else "warning"]
            _write(sheet, r, c, value, fmt, date_fmt)
            if found:
                note = "\n".join(f"【{SEVERITY_LABELS[f.severity]}】{f.message}"
                                 + (f"\n→ 修正案: {f.suggestion}" if f.suggestion else "") for f in found)
                sheet.write_comment(r, c, note, {"x_scale": 2.2, "y_scale": 1.6})

    listing = book.add_worksheet(FINDINGS_SHEET)
    headers = ["シート", "行", "列", "区分", "コード", "内容", "値", "修正案"]
    listing.write_row(0, 0, headers, head)
    listing.freeze_panes(1, 0)
    for r, f in enumerate(result.findings, start=1):
        value = json_value(f.value)
        listing.write_string(r, 0, f.sheet)
        listing.write_number(r, 1, f.row)
        listing.write_string(r, 2, f.column)
        listing.write_string(r, 3, SEVERITY_LABELS[f.severity], fills[f.severity])
        listing.write_string(r, 4, f.code)
        listing.write_string(r, 5, f.message)
        listing.write_string(r, 6, "" if value is None else str(value))
        listing.write_string(r, 7, f.suggestion or "")
    for c, size in enumerate([14, 6, 12, 6, 24, 70, 18, 18]):
        listing.set_column(c, c, size)
    if result.findings:
        listing.autofilter(0, 0, len(result.findings), len(headers) - 1)
    book.close()


def _write(sheet, r: int, c: int, value: object, fmt, date_fmt) -> None:
    # Keep each value's type so the copy shows what the checked file holds.
    if value is None or value == "":
        if fmt is not None:
            sheet.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        sheet.write_string(r, c, value, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(r, c, value, fmt)
    elif isinstance(value, (int, float)):
        sheet.write_number(r, c, value, fmt)
    elif isinstance(value, (dt.datetime, dt.date)):
        sheet.write_datetime(r, c, value, fmt or date_fmt)
    else:
        sheet.write_string(r, c, str(value), fmt)
