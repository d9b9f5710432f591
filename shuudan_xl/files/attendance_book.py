"""The attendance workbook of a round: what staff type into 保険医療機関等管理システム, a summary with
charts, and the list of what needs a look. It is also read back by ``reassign`` to find the absentees.

Sheets: 集計 (first: attended / absent by ID kind and by prefecture, two XlsxWriter charts, each table
with its chart on a page of its own), 出欠入力 (one row per viewer, the columns to type first; 結果 has
a dropdown of the two results), 要確認 (IDs of the results not in the round, viewers missing from the
results, exceptions that could not be used …). Text cells are text-formatted, dates are real dates shown
as yyyy/mm/dd. Every sheet prints on A4, one page wide (files.page_setup).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.page_setup import PrintHeading, fit_row, scope_of, set_up_page
from shuudan_xl.files.styles import ERROR_MARK, header_format
from shuudan_xl.rules.attendance import ATTENDED, RESULTS, AttendanceRow, Issue, format_moment
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
# Long labels (名称, 指導区分, 備考, 判定の理由) wrap inside their column, so the sheet prints one page wide.
WIDTHS = (10, 20, 16, 16, 11, 24, 22, 12, 6, 9, 17, 22, 6, 9)
PURPOSE = "出欠結果"
# The wrapping columns' widths (None: a date, a number or a short code that never wraps).
_WRAP_WIDTHS = tuple(None if header in (DATE, COMPLETED, ROUND, MASTER_ROW) else width
                     for header, width in zip(HEADERS, WIDTHS, strict=True))
_ISSUE_WIDTHS = (20, 13, 50, 18, 12, 18)
CHART_MIN_ROWS = 11  # a chart is at least this many rows tall (the smallest readable one)
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
    import io

    import xlsxwriter

    from shuudan_xl.files.attendance_rows import add_rows

    skeleton = io.BytesIO()  # the book with 出欠入力's header only; its rows are streamed in (files.attendance_rows)
    book = xlsxwriter.Workbook(skeleton, {"in_memory": True, "strings_to_numbers": False,
                                          "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": heading[0][1] if heading else "出欠結果",
                         "created": dt.datetime.now().replace(microsecond=0)})
    formats = _formats(book)
    title = heading[0][1] if heading else ""
    print_heading = PrintHeading(PURPOSE, scope_of(title, path.name))
    _summary_sheet(book, formats, heading, by_kind, by_group, print_heading)
    main = _main_sheet(book, formats, rows, print_heading)
    listed = _issues_sheet(book, formats, issues, print_heading)
    for name in _ROW_FORMATS:  # each gets its index in styles.xml, also when no cell of the skeleton uses it
        formats[name]._get_xf_index()
    book.close()
    styles = {name: formats[name].xf_index for name in _ROW_FORMATS}
    add_rows(skeleton.getvalue(), path, {
        _part(main): (_data_rows(rows, styles), _LETTERS[-1]),
        _part(listed): (_issue_rows(issues, styles), _LETTERS[len(ISSUE_HEADERS) - 1])})
    return path


def _formats(book) -> dict:
    return {
        "text": book.add_format({"num_format": "@", "valign": "top"}),
        "wrap": book.add_format({"num_format": "@", "valign": "top", "text_wrap": True}),
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


def _main_sheet(book, f: dict, rows: list[AttendanceRow], heading: PrintHeading):
    # One row per viewer (added by _data_rows); the columns typed into the system come first.
    sheet = book.add_worksheet(MAIN_SHEET)
    for c, (header, width) in enumerate(zip(HEADERS, WIDTHS, strict=True)):
        sheet.set_column(c, c, width, f["date"] if header == DATE else f["wrap"])
        sheet.write_string(0, c, header, f["head"])
    sheet.freeze_panes(1, 2)
    sheet.autofilter(0, 0, max(len(rows), 1), len(HEADERS) - 1)
    sheet.set_row(0, 30)
    _result_dropdown(sheet, max(len(rows), 1))
    set_up_page(sheet, heading, landscape=True)
    return sheet


_ROW_FORMATS = ("text", "absent", "moment", "date", "int", "wrap")
_LETTERS = [chr(ord("A") + c) for c in range(len(HEADERS))]
_RESULT_COL = HEADERS.index(RESULT)


def _data_rows(rows: list[AttendanceRow], styles: dict[str, int]):
    # (row number, height, cells XML) of each viewer's row, as XlsxWriter would write it (files.attendance_rows).
    # Values of the usual types take each column's cell for a value made once; any other row goes through
    # _viewer_row, cell by cell (tests compare the two).
    from shuudan_xl.files.attendance_rows import CellPieces

    # _style by type, in every column but 結果 (marked when absent).
    kinds = {str: styles["wrap"], dt.datetime: styles["moment"], dt.date: styles["date"], int: styles["int"]}
    pieces = CellPieces(_LETTERS, functools.partial(_style, styles=styles), _WRAP_WIDTHS,
                        [None if c == _RESULT_COL else kinds for c in range(len(HEADERS))])
    dates: dict[dt.date, str] = {}
    for start in range(0, len(rows), _RUN):
        first = start + 2
        run = [_viewer_values(row, dates) for row in rows[start:start + _RUN]]
        if all(map(pieces.usual, run)):  # the usual run: a column at a time
            for r, (cells, height) in enumerate(pieces.rows_and_heights(first, run), start=first):
                yield r, height, cells
            continue
        for r, values in enumerate(run, start=first):
            if pieces.usual(values):
                cells, height = pieces.row_and_height(r, values)
                yield r, height, cells
            else:
                yield _viewer_row(r, values, styles)


_RUN = 512  # viewers' rows made together


def _viewer_values(row: AttendanceRow, dates: dict[dt.date, str]) -> tuple:
    # The row's cells in HEADERS order (the 和暦 date is the same down the sheet: formatted once).
    text = dates.get(row.guidance_date)
    if text is None:
        text = dates[row.guidance_date] = format_date(row.guidance_date, weekday=False)
    return (row.number, row.name, row.guidance, text, row.guidance_date, row.result, row.note, row.login_id,
            row.field, row.group, row.completed_at, row.basis, row.round, row.master_row)


def _style(col: int, value: object, styles: dict[str, int]) -> int | None:
    # The format of a viewer's cell (None: no cell): 結果 always, marked when absent; else by the value's type.
    if col == _RESULT_COL:
        return styles["text"] if value == ATTENDED else styles["absent"]
    if type(value) is str:  # most cells: told first
        return styles["wrap"] if value else None
    if isinstance(value, dt.datetime):
        return styles["moment"]
    if isinstance(value, dt.date):
        return styles["date"]
    if isinstance(value, int):
        return styles["int"]
    return styles["wrap"] if value else None


def _viewer_row(r: int, values: tuple, styles: dict[str, int]) -> tuple[int, float | None, str]:
    # One viewer's row cell by cell, whatever the values' types.
    from shuudan_xl.files.attendance_rows import RowHeights, cell_xml

    cells = [cell_xml(f"{_LETTERS[c]}{r}", value, style) for c, value in enumerate(values)
             if (style := _style(c, value, styles)) is not None]
    heights = RowHeights()
    fit_row(heights, r - 1, values, _WRAP_WIDTHS)
    return r, heights.height, "".join(cells)


def _result_dropdown(sheet, last_row: int) -> None:
    # Staff correct a result by choosing it, never by typing it (reassign reads the column back).
    col = HEADERS.index(RESULT)
    sheet.data_validation(1, col, last_row, col, {
        "validate": "list", "source": list(RESULTS),
        "input_title": RESULT, "input_message": "一覧から選んでください。",
        "error_title": RESULT, "error_type": "stop",
        "error_message": f"「{RESULTS[0]}」か「{RESULTS[1]}」を選んでください。",
    })


def _summary_sheet(book, f: dict, heading: list[tuple[str, str]], by_kind: list[tuple[str, int, int]],
                   by_group: list[tuple[str, int, int]], print_heading: PrintHeading) -> None:
    # Heading lines, two tables (by kind, by prefecture) and a stacked chart beside each; the second
    # table starts a new page, so that no chart is cut by a page break.
    sheet = book.add_worksheet(SUMMARY_SHEET)
    sheet.set_column(0, 0, 20, f["wrap"])
    sheet.set_column(1, 3, 10)
    sheet.set_column(4, 4, 2)
    breaks = []
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
        if r > len(heading) + 1:
            breaks.append(r)
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
        r = max(r + 2, first + CHART_MIN_ROWS + 2)
    sheet.set_h_pagebreaks(breaks)
    set_up_page(sheet, print_heading, heading_rows=0)


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
    # One default row (20 px) per bar plus the title and legend: the chart ends where its table ends.
    chart.set_size({"width": 480, "height": max(CHART_MIN_ROWS * 20, 100 + 20 * (last - first))})
    sheet.insert_chart(first, 5, chart, {"x_offset": 4})


def _issues_sheet(book, f: dict, issues: list[Issue], heading: PrintHeading):
    # The header (and the line saying there is nothing) here; the issues by _issue_rows.
    sheet = book.add_worksheet(ISSUES_SHEET)
    for c, (header, width) in enumerate(zip(ISSUE_HEADERS, _ISSUE_WIDTHS, strict=True)):
        sheet.set_column(c, c, width, f["wrap"])
        sheet.write_string(0, c, header, f["head"])
    if not issues:
        sheet.write_string(1, 0, "確認が必要なものはありません。", f["text"])
    sheet.freeze_panes(1, 0)
    if issues:
        sheet.autofilter(0, 0, len(issues), len(ISSUE_HEADERS) - 1)
    set_up_page(sheet, heading, landscape=True)
    return sheet


def _issue_rows(issues: list[Issue], styles: dict[str, int]):
    # (row number, height, cells XML) of each issue, as XlsxWriter would write it (files.attendance_rows).
    from shuudan_xl.files.attendance_rows import RowHeights, cell_xml

    for r, issue in enumerate(issues, start=2):
        values = (issue.category, issue.login_id, issue.message, issue.where, issue.status)
        cells = [cell_xml(f"{_LETTERS[c]}{r}", value, styles["wrap"]) for c, value in enumerate(values) if value]
        if issue.completed_at is not None:
            cells.append(cell_xml(f"F{r}", format_moment(issue.completed_at), styles["text"]))
        heights = RowHeights()
        fit_row(heights, r - 1, values, _ISSUE_WIDTHS)
        yield r, heights.height, "".join(cells)


def _part(sheet) -> str:
    # The zip member of an XlsxWriter worksheet (sheet1.xml for the first added).
    return f"xl/worksheets/sheet{sheet.index + 1}.xml"


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
