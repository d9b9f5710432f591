"""The check report: a summary with counts per finding code, the findings, and the checked rows coloured."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from pathlib import Path

from shuudan_xl.errors import InvalidArgument
from shuudan_xl.files.page_setup import PrintHeading, fit_row, scope_of, set_up_page
from shuudan_xl.files.styles import ERROR_FILL, WARNING_FILL, header_format
from shuudan_xl.rules.finding_codes import code_counts, meaning
from shuudan_xl.rules.findings import ERROR, SEVERITY_LABELS, WARNING, json_value

SUMMARY_SHEET = "概要"
FINDINGS_SHEET = "指摘一覧"
COPY_SHEET = "点検結果"
PURPOSE = "入力チェックの結果"
_SUMMARY_WIDTHS = (26, 10, 70)
_LISTING_WIDTHS = (14, 6, 12, 6, 18, 56, 16, 16)


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
    """Write the report workbook: 概要 (counts per finding code), 指摘一覧, then 点検結果 (the coloured copy).

    Args:
        out: Where to write (.xlsx); the checked file itself is never touched.
        result: The CheckResult.
        rows: The sheet's rows as read (header included).
        layout: Where the header row is.
    """
    import xlsxwriter

    out.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    book.set_properties({"title": "shuudan-xl 点検結果", "created": dt.datetime(2000, 1, 1)})
    formats = {
        "text": book.add_format({"num_format": "@", "valign": "top"}),
        "number": book.add_format({"valign": "top"}),
        "wrap": book.add_format({"num_format": "@", "text_wrap": True, "valign": "top"}),
        "head": header_format(book, text_wrap=True, valign="vcenter"),
        ERROR: book.add_format({"bg_color": ERROR_FILL, "num_format": "@", "valign": "top"}),
        WARNING: book.add_format({"bg_color": WARNING_FILL, "num_format": "@", "valign": "top"}),
        "date": book.add_format({"num_format": "yyyy/mm/dd"}),
    }
    heading = PrintHeading(PURPOSE, scope_of(Path(result.file).name) or Path(result.file).name)
    _write_summary(book.add_worksheet(SUMMARY_SHEET), result, formats, heading)
    _write_listing(book.add_worksheet(FINDINGS_SHEET), result.findings, formats, heading)
    _write_copy(book.add_worksheet(COPY_SHEET), result.findings, rows, layout, formats, heading)
    book.close()


def _write_summary(sheet, result, formats, heading: PrintHeading) -> None:
    # What was checked, the totals, and how many findings of each code (with the code's meaning).
    lines = [("ファイル", result.file), ("シート", result.sheet), ("点検した行", result.rows_checked),
             ("エラー", result.errors), ("警告", result.warnings)]
    for r, (name, value) in enumerate(lines):
        sheet.write_string(r, 0, name, formats["head"])
        if isinstance(value, int):
            sheet.write_number(r, 1, value, formats["number"])
        else:
            sheet.merge_range(r, 1, r, 2, value, formats["wrap"])
            fit_row(sheet, r, [value], [_SUMMARY_WIDTHS[1] + _SUMMARY_WIDTHS[2]])
    first = len(lines) + 1
    sheet.write_row(first, 0, ["コード", "件数", "意味"], formats["head"])
    for r, (code, n) in enumerate(code_counts(result.findings), start=first + 1):
        sheet.write_string(r, 0, code, formats["text"])
        sheet.write_number(r, 1, n, formats["number"])
        sheet.write_string(r, 2, meaning(code), formats["wrap"])
        fit_row(sheet, r, [None, None, meaning(code)], _SUMMARY_WIDTHS)
    for c, size in enumerate(_SUMMARY_WIDTHS):
        sheet.set_column(c, c, size)
    set_up_page(sheet, heading, heading_rows=0)


def _write_listing(sheet, findings, formats, heading: PrintHeading) -> None:
    headers = ["シート", "行", "列", "区分", "コード", "内容", "値", "修正案"]
    sheet.write_row(0, 0, headers, formats["head"])
    sheet.freeze_panes(1, 0)
    for r, f in enumerate(findings, start=1):
        value = json_value(f.value)
        cells = [f.sheet, f.row, f.column, SEVERITY_LABELS[f.severity], f.code, f.message,
                 "" if value is None else str(value), f.suggestion or ""]
        for c, cell in enumerate(cells):
            if c == 1:
                sheet.write_number(r, c, cell, formats["number"])
            else:
                sheet.write_string(r, c, cell, formats[f.severity] if c == 3 else formats["wrap"])
        fit_row(sheet, r, cells, _LISTING_WIDTHS)
    for c, size in enumerate(_LISTING_WIDTHS):
        sheet.set_column(c, c, size)
    if findings:
        sheet.autofilter(0, 0, len(findings), len(headers) - 1)
    set_up_page(sheet, heading, landscape=True)


def _write_copy(sheet, findings, rows, layout, formats, heading: PrintHeading) -> None:
    # The checked rows as read, each bad cell coloured and explained in a comment.
    by_cell: dict[tuple[int, int], list] = defaultdict(list)
    col_of = layout.last_columns()
    for f in findings:
        by_cell[(f.row, col_of.get(f.column, -1))].append(f)
    sheet.freeze_panes(layout.header_row, 0)
    width = max((len(r) for r in rows), default=0)
    for c in range(width):
        sheet.set_column(c, c, 16, formats["text"])
    for r, row in enumerate(rows):
        excel_row = r + 1
        for c, value in enumerate(row):
            found = by_cell.get((excel_row, c))
            fmt = formats["head"] if excel_row == layout.header_row else None
            if found:
                fmt = formats[ERROR if any(f.severity == ERROR for f in found) else WARNING]
            _write(sheet, r, c, value, fmt, formats["date"])
            if found:
                note = "\n".join(f"【{SEVERITY_LABELS[f.severity]}】{f.message}"
                                 + (f"\n→ 修正案: {f.suggestion}" if f.suggestion else "") for f in found)
                sheet.write_comment(r, c, note, {"x_scale": 2.2, "y_scale": 1.6})
    set_up_page(sheet, heading, heading_rows=layout.header_row, landscape=width > 8)


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
