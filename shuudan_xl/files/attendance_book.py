"""The attendance workbook of a round: what staff type into 保険医療機関等管理システム, a summary with
charts, and the list of what needs a look. It is also read back by ``reassign`` to find the absentees.

Sheets: 出欠入力 (one row per viewer, the columns to type first), 集計 (attended / absent by ID kind and
by prefecture, two XlsxWriter charts), 要確認 (IDs of the results not in the round, viewers missing
from the results, exceptions that could not be used …). Text cells are text-formatted, dates are real
dates shown as yyyy/mm/dd.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.styles import ERROR_MARK, header_format
from shuudan_xl.rules.attendance import ATTENDED, AttendanceRow, Issue, format_moment
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.era import format_date

MAIN_SHEET = "出欠入力"
SUMMARY_SHEET = "集計"
ISSUES_SHEET = "要確認"

NUMBER, NAME, GUIDANCE, DATE_TEXT, DATE = "番号", "名称", "指導区分", "指導年月日（和暦）", "指導年月日"
RESULT, NOTE, LOGIN_ID, FIELD, GROUP = "結果", "備考", "ユーザーID", "種別", "都道府県"
COMPLETED, BASIS, ROUND, MASTER_ROW = "視聴完了日時", "判定の理由", "視聴回", "視聴者リストの行"
HEADERS = (NUMBER, NAME, GUIDANCE, DATE_TEXT, DATE, RESULT, NOTE, LOGIN_ID, FIELD, GROUP, COMPLETED, BASIS,
           ROUND, MASTER_ROW)
WIDTHS = (12, 34, 22, 20, 12, 22, 36, 14, 7, 10, 20, 40, 7, 10)
ISSUE_HEADERS = ("区分", "ユーザーID", "内容", "場所", "視聴状況", "視聴完了日時")


def write_attendance_book(path: Path, rows: list[AttendanceRow], issues: list[Issue],
                          heading: list[tuple[str, str]], by_kind: list[tuple[str, int, int]],
                          by_group: list[tuple[str, int, int]]) -> Path:
    """Write the attendance workbook.

    Args:
        path: Output .xlsx.
        rows: One per viewer of the round, in master-list order.
        issues: The 要確認 list.
        heading: (label, value) lines at the top of the summary (round, period, results file …).
        by_kind: (ID kind, attended, absent) rows of the first summary table.
        by_group: (prefecture, attended, absent) rows of the second.
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    book.set_properties({"title": heading[0][1] if heading else "出欠結果",
                         "created": dt.datetime.now().replace(microsecond=0)})
    formats = _formats(book)
    _main_sheet(book, formats, rows)
    _summary_sheet(book, formats, heading, by_kind, by_group)
    _issues_sheet(book, formats, issues)
    book.close()
    return path


def _formats(book) -> dict:
    return {
        "text": book.add_format({"num_format": "@", "valign": "top"}),
        "head": header_format(book, num_format="@", text_wrap=True, valign="vcenter"),
        "date": book.add_format({"num_format": "yyyy/mm/dd", "valign": "top"}),
        "moment": book.add_format({"num_format": "yyyy/mm/dd hh:mm:ss", "valign": "top"}),
        "int": book.add_format({"num_format": "0", "valign": "top"}),
        "absent": book.add_format({**ERROR_MARK, "num_format": "@", "valign": "top"}),
        "title": book.add_format({"num_format": "@", "bold": True, "font_size": 13}),
        "label": book.add_format({"num_format": "@", "bold": True}),
        "count": book.add_format({"num_format": "#,##0", "border": 1}),
        "cell": book.add_format({"num_format": "@", "border": 1}),
    }


def _main_sheet(book, f: dict, rows: list[AttendanceRow]) -> None:
    # One row per viewer; the columns typed into the system come first.
    sheet = book.add_worksheet(MAIN_SHEET)
    for c, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        sheet.set_column(c, c, width, f["date"] if header == DATE else f["text"])
        sheet.write_string(0, c, header, f["head"])
    for r, row in enumerate(rows, start=1):
        values = (row.number, row.name, row.guidance, format_date(row.guidance_date, weekday=False),
                  row.guidance_date, row.result, row.note, row.login_id, row.field, row.group, row.completed_at,
                  row.basis, row.round, row.master_row)
        for c, value in enumerate(values):
            if HEADERS[c] == RESULT:
                sheet.write_string(r, c, value, f["text"] if value == ATTENDED else f["absent"])
            elif isinstance(value, dt.datetime):
                sheet.write_datetime(r, c, value, f["moment"])
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), f["date"])
            elif isinstance(value, int):
                sheet.write_number(r, c, value, f["int"])
            elif value:
                sheet.write_string(r, c, value, f["text"])
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(len(rows), 1), len(HEADERS) - 1)
    sheet.set_row(0, 30)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)


def _summary_sheet(book, f: dict, heading: list[tuple[str, str]], by_kind: list[tuple[str, int, int]],
                   by_group: list[tuple[str, int, int]]) -> None:
    # Heading lines, two tables (by kind, by prefecture) and a stacked chart beside each.
    sheet = book.add_worksheet(SUMMARY_SHEET)
    sheet.set_column(0, 0, 20, f["text"])
    sheet.set_column(1, 3, 10)
    sheet.set_column(4, 4, 2)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    r = 0
    for i, (label, value) in enumerate(heading):
        if i == 0:
            sheet.write_string(r, 0, value, f["title"])
        else:
            sheet.write_string(r, 0, label, f["label"])
            sheet.write_string(r, 1, value, f["text"])
        r += 1
    r += 1
    for title, table, chart_title in (("IDの種類", by_kind, "IDの種類別の出欠"),
                                      ("都道府県", by_group, "都道府県別の出欠")):
        first = r
        sheet.write_row(r, 0, [title, "出席", "欠席", "計"], f["head"])
        for label, attended, absent in table:
            r += 1
            sheet.write_string(r, 0, label, f["cell"])
            sheet.write_number(r, 1, attended, f["count"])
            sheet.write_number(r, 2, absent, f["count"])
            sheet.write_number(r, 3, attended + absent, f["count"])
        r += 1
        sheet.write_string(r, 0, "合計", f["head"])
        for c in (1, 2, 3):
            sheet.write_number(r, c, sum(t[c] if c < 3 else t[1] + t[2] for t in table), f["count"])
        if table:
            _chart(book, sheet, first, r - 1, chart_title, max(t[1] + t[2] for t in table))
        r = max(r + 2, first + 18)


def _chart(book, sheet, first: int, last: int, title: str, largest: int) -> None:
    chart = book.add_chart({"type": "bar", "subtype": "stacked"})
    for col, colour in ((1, "#4472C4"), (2, "#C00000")):
        chart.add_series({
            "name": [sheet.name, first, col],
            "categories": [sheet.name, first + 1, 0, last, 0],
            "values": [sheet.name, first + 1, col, last, col],
            "fill": {"color": colour},
            "data_labels": {"value": True, "num_format": "#,##0;;"},  # no label on empty bars
        })
    chart.set_title({"name": title})
    axis = {"name": "人数", "min": 0, "num_format": "#,##0"}
    if largest <= 10:
        axis["major_unit"] = 1  # whole people only
    chart.set_x_axis(axis)
    chart.set_y_axis({"reverse": True})
    chart.set_legend({"position": "bottom"})
    chart.set_size({"width": 480, "height": max(220, 60 + 28 * (last - first))})
    sheet.insert_chart(first, 5, chart, {"x_offset": 4})


def _issues_sheet(book, f: dict, issues: list[Issue]) -> None:
    sheet = book.add_worksheet(ISSUES_SHEET)
    for c, (header, width) in enumerate(zip(ISSUE_HEADERS, (26, 14, 70, 22, 14, 20), strict=True)):
        sheet.set_column(c, c, width, f["text"])
        sheet.write_string(0, c, header, f["head"])
    if not issues:
        sheet.write_string(1, 0, "確認が必要なものはありません。", f["text"])
    for r, issue in enumerate(issues, start=1):
        for c, value in enumerate((issue.category, issue.login_id, issue.message, issue.where, issue.status)):
            if value:
                sheet.write_string(r, c, value, f["text"])
        if issue.completed_at is not None:
            sheet.write_string(r, 5, format_moment(issue.completed_at), f["text"])
    sheet.freeze_panes(1, 0)
    if issues:
        sheet.autofilter(0, 0, len(issues), len(ISSUE_HEADERS) - 1)


def read_attendance_book(path: Path) -> list[dict[str, object]]:
    """Read the 出欠入力 sheet of an attendance workbook (as written, or as staff corrected it).

    Returns:
        One dict per data row, keyed by header, plus "excel_row" (1-based).

    Raises:
        InputUnreadable: when the file is not an attendance workbook.
    """
    from shuudan_xl.files.reader import Workbook

    book = Workbook(path)
    if MAIN_SHEET not in book.sheet_names:
        raise InputUnreadable(f"「{path.name}」は出欠結果のブックではありません"
                              f"（シート「{MAIN_SHEET}」がありません）。")
    rows = book.rows(MAIN_SHEET)
    headers = [squeeze(v) if isinstance(v, str) else "" for v in (rows[0] if rows else [])]
    missing = [h for h in (LOGIN_ID, RESULT, ROUND) if squeeze(h) not in headers]
    if missing:
        raise InputUnreadable(f"「{path.name}」のシート「{MAIN_SHEET}」に見出し"
                              f"{'・'.join(f'「{h}」' for h in missing)}がありません。")
    out = []
    for index, row in enumerate(rows[1:], start=2):
        if all(v in ("", None) for v in row):
            continue
        record: dict[str, object] = {h: row[headers.index(squeeze(h))] if squeeze(h) in headers else None
                                     for h in HEADERS}
        record["excel_row"] = index
        out.append(record)
    return out
