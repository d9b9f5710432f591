"""The double-check report: both sides side by side, differing cells coloured and explained, and a list.

Sheets: 概要 (files, sheets, counts, notes), 突き合わせ (one line per pair of rows: A's row, ID, password,
group, then B's, side by side on one landscape page width) and 差異一覧 (one line per difference, spaces
shown as ␣ / □). The inputs are only read.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

from shuudan_xl.errors import InvalidArgument
from shuudan_xl.files.page_setup import PrintHeading, fit_row, scope_of, set_up_page
from shuudan_xl.files.styles import ERROR_FILL, WARNING_FILL, header_format
from shuudan_xl.rules.cleaning import show
from shuudan_xl.rules.doublecheck import DUPLICATE, EXTRA, GROUP, ID, KIND_LABELS, MISSING, PASSWORD, VIDEO

PAIRS_SHEET = "突き合わせ"
DIFFERENCES_SHEET = "差異一覧"
SUMMARY_SHEET = "概要"
PURPOSE = "ダブルチェックの照合結果"
PAIR_HEADERS = ["A 行", "A ユーザーID", "A パスワード", "A 所属グループ",
                "B 行", "B ユーザーID", "B パスワード", "B 所属グループ", "結果"]
LINK_HEADERS = ["A 行", "A ユーザーID", "A 動画", "", "B 行", "B ユーザーID", "B 動画", "", "結果"]
# Columns of each field on the pairs sheet: A side, B side.
_FIELD_COLS = {ID: (1, 5), PASSWORD: (2, 6), GROUP: (3, 7), VIDEO: (2, 6)}
_A_COLS, _B_COLS = (1, 2, 3), (5, 6, 7)
_DIFFERENCE_WIDTHS = (12, 6, 6, 12, 18, 18, 60)


def write_doublecheck_report(out: Path, result) -> None:
    """Write the report workbook.

    Args:
        out: Where to write (.xlsx); checked beforehand with ``files.report.ensure_not_input``.
        result: The DoublecheckResult (sides ``a``/``b``, ``comparison``, ``round``, ``notes``).

    Raises:
        InvalidArgument: when the file cannot be written (for example, open in Excel).
    """
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    out.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(str(out), {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False})
    book.set_properties({"title": "shuudan-xl 照合結果", "created": dt.datetime(2000, 1, 1)})
    formats = {
        "text": book.add_format({"num_format": "@", "valign": "top"}),
        "number": book.add_format({"valign": "top"}),
        "wrap": book.add_format({"num_format": "@", "text_wrap": True, "valign": "top"}),
        "head": header_format(book, text_wrap=True, valign="vcenter"),
        "diff": book.add_format({"bg_color": ERROR_FILL, "num_format": "@", "valign": "top"}),
        "dup": book.add_format({"bg_color": WARNING_FILL, "num_format": "@", "valign": "top"}),
    }
    heading = PrintHeading(PURPOSE, _scope(result))
    _write_summary(book.add_worksheet(SUMMARY_SHEET), result, formats, heading)
    _write_pairs(book.add_worksheet(PAIRS_SHEET), result.comparison, formats, heading,
                 LINK_HEADERS if getattr(result, "links", False) else PAIR_HEADERS)
    _write_differences(book.add_worksheet(DIFFERENCES_SHEET), result.comparison.differences, formats, heading)
    try:
        book.close()
    except (FileCreateError, OSError):
        raise InvalidArgument(f"照合結果ブック「{out}」を書き込めません。Excelで開いていれば閉じてください。") from None


def _scope(result) -> str:
    # The year and round named by the files (or --round), else the two files' names.
    names = (Path(result.a.file).name, Path(result.b.file).name)
    found = scope_of(*names, f"第{result.round}回" if result.round is not None else "")
    return found or f"A: {names[0]}　B: {names[1]}"


def _write_pairs(sheet, comparison, formats, heading: PrintHeading, headers: list[str]) -> None:
    # One line per pair; colour and comment the cells each difference is about.
    by_a, by_b = defaultdict(list), defaultdict(list)
    for d in comparison.differences:
        if d.row_a is not None:
            by_a[d.row_a].append(d)
        elif d.row_b is not None:
            by_b[d.row_b].append(d)
    sheet.write_row(0, 0, headers, formats["head"])
    sheet.freeze_panes(1, 0)
    widths = [6, 16, 30, 2, 6, 16, 30, 2, 14] if headers is LINK_HEADERS else [6, 16, 16, 12, 6, 16, 16, 12, 24]
    for c, size in enumerate(widths):
        sheet.set_column(c, c, size, formats["text"])
    for r, (ra, rb) in enumerate(comparison.pairs, start=1):
        found = (by_a.get(ra.row, []) if ra else []) + (by_b.get(rb.row, []) if rb else [])
        notes: dict[int, list[str]] = defaultdict(list)
        fills: dict[int, str] = {}
        for d in found:
            for c in _cells_of(d):
                notes[c].append(d.message)
                if fills.get(c) != "diff":
                    fills[c] = "dup" if d.kind == DUPLICATE else "diff"
        for start, record in ((0, ra), (4, rb)):
            if record is None:
                continue
            sheet.write_number(r, start, record.row)
            values = (record.id, record.password, "" if record.group is None else record.group)
            for c, value in zip(range(start + 1, start + 4), values, strict=True):
                fmt = formats[fills[c]] if c in fills else None
                if value:
                    sheet.write_string(r, c, value, fmt)
                else:
                    sheet.write_blank(r, c, None, fmt)
        for c, messages in notes.items():
            sheet.write_comment(r, c, "\n".join(messages), {"x_scale": 2.4, "y_scale": 1.4})
        kinds = dict.fromkeys(KIND_LABELS[d.kind] for d in found)
        sheet.write_string(r, 8, "・".join(kinds) if kinds else "一致", formats["wrap"])
    if comparison.pairs:
        sheet.autofilter(0, 0, len(comparison.pairs), len(headers) - 1)
    set_up_page(sheet, heading, landscape=True)  # A and B side by side on one page width


def _cells_of(d) -> tuple[int, ...]:
    # Columns of the pairs sheet a difference is about (comments go on each).
    if d.kind in _FIELD_COLS:
        return _FIELD_COLS[d.kind]
    if d.kind == MISSING:
        return _A_COLS
    if d.kind == EXTRA:
        return _B_COLS
    return (_FIELD_COLS[ID][0],) if d.row_a is not None else (_FIELD_COLS[ID][1],)


def _write_differences(sheet, differences, formats, heading: PrintHeading) -> None:
    headers = ["種類", "A 行", "B 行", "項目", "A の値", "B の値", "内容"]
    sheet.write_row(0, 0, headers, formats["head"])
    sheet.freeze_panes(1, 0)
    for r, d in enumerate(differences, start=1):
        sheet.write_string(r, 0, KIND_LABELS[d.kind], formats["dup" if d.kind == DUPLICATE else "diff"])
        for c, row in ((1, d.row_a), (2, d.row_b)):
            if row is not None:
                sheet.write_number(r, c, row, formats["number"])
        for c, value in ((3, d.column), (4, d.a), (5, d.b)):
            if value:
                sheet.write_string(r, c, show(value), formats["text"])
        sheet.write_string(r, 6, d.message, formats["wrap"])
        fit_row(sheet, r, [None] * 6 + [d.message], _DIFFERENCE_WIDTHS)
    for c, size in enumerate(_DIFFERENCE_WIDTHS):
        sheet.set_column(c, c, size)
    if differences:
        sheet.autofilter(0, 0, len(differences), len(headers) - 1)
    set_up_page(sheet, heading, landscape=True)


def _write_summary(sheet, result, formats, heading: PrintHeading) -> None:
    lines = []
    for label, side in (("A", result.a), ("B", result.b)):
        lines += [(f"{label} ファイル", side.file), (f"{label} シート", side.sheet),
                  (f"{label} 照合した行", len(side.records))]
    if result.round is not None:
        lines.append(("視聴回", f"第{result.round}回"))
    lines += [("一致した行", result.comparison.matched), ("差異", len(result.comparison.differences)),
              ("表示", "差異一覧の値の空白は ␣（半角）・□（全角）、見えない文字は [U+200B] のように表示しています。")]
    lines += [("注意", note) for note in result.notes]
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 70)
    for r, (name, value) in enumerate(lines):
        sheet.write_string(r, 0, name, formats["head"])
        if isinstance(value, int):
            sheet.write_number(r, 1, value, formats["number"])
        else:
            sheet.write_string(r, 1, value, formats["wrap"])
            fit_row(sheet, r, [None, value], (16, 70))
    set_up_page(sheet, heading, heading_rows=0)
