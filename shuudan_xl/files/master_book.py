"""Write a master-list workbook (視聴者リスト, 設定, 動画一覧, 都道府県一覧) with the input help staff expect.

Dropdowns for 視聴回 / 指導区分 / 種別 / 都道府県, text-formatted columns so Excel cannot eat leading
zeros, input messages, marks on cells that break the rules (also on values pasted past the dropdowns),
a frozen header and print settings. The same sheets serve a blank list (``new-master``), the bundled
sample and the macro workbook built by ``shuudan_xl.xlsm``, which adds its own sheets (ダブルチェック,
出欠特例 …) and leaves rows above the list's header for its buttons.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from shuudan_xl.files.cell_refs import column_letter
from shuudan_xl.files.offices_sheet import add_offices_sheet
from shuudan_xl.files.package_data import default_catalog_rows
from shuudan_xl.files.page_setup import PrintHeading, fit_row, set_up_page
from shuudan_xl.files.styles import ERROR_MARK, WARNING_MARK, header_format
from shuudan_xl.rules import attendance as a
from shuudan_xl.rules import attendance_exceptions as ax
from shuudan_xl.rules import master as m
from shuudan_xl.rules.prefectures import GROUP_LABELS
from shuudan_xl.rules.settings import HEADERS, METHOD_LABELS, SETTINGS_SHEET, Settings
from shuudan_xl.rules.sheets import DOUBLECHECK_HEADERS, DOUBLECHECK_SHEET
from shuudan_xl.rules.videos import CATALOG_SHEET

GROUPS_SHEET = "都道府県一覧"
HELP_WIDTH = 52  # 設定's 説明 column
LIST_TITLE = "集団指導 視聴者リスト"  # the workbook, named at the left of every printed page
FIXED_DATE = dt.datetime(2024, 4, 1)  # document properties are fixed so that builds are reproducible

WIDTHS = {m.ROUND: 7, m.GUIDANCE: 17, m.FIELD: 7, m.GROUP: 10, m.NUMBER: 11, m.NAME: 36, m.ADDRESSEE: 24,
          m.POSTAL: 10, m.ADDRESS: 34, m.LOGIN_ID: 14, m.PASSWORD: 13, m.VIDEO: 32, m.NOTE: 28}
PROMPTS = {
    m.LOGIN_ID: ("ユーザーID", "空欄なら、指導区分・種別・都道府県・番号から自動で作ります。"),
    m.PASSWORD: ("パスワード", "空欄なら自動で作ります。入力済みのパスワードは変更しません。"),
    m.NUMBER: ("番号", "医療機関コード（7桁）や保険医登録番号を入力します（先頭の0も残ります）。"),
    m.VIDEO: ("指導動画", "空欄なら動画一覧から自動で決まります。"),
    m.GROUP: ("都道府県", "一覧から選んでください（例: 東京13）。"),
    m.ROUND: ("視聴回", "1〜9 を選んでください（第1回＝6月視聴 … 第9回＝2月視聴）。"),
    m.GUIDANCE: ("指導区分", "オンライン資格確認・指定時・更新時・登録時 から選んでください。"),
    m.FIELD: ("種別", "医科・歯科・薬局 から選んでください。"),
}
LISTS = {m.ROUND: [str(n) for n in m.ROUNDS], m.GUIDANCE: list(m.GUIDANCE_TYPES), m.FIELD: list(m.FIELDS)}
GROUPS_RANGE = f"={GROUPS_SHEET}!$A$2:$A${1 + len(GROUP_LABELS)}"
# TRUE when the cell holds a character beyond ASCII (full-width, half-width kana, no-break or zero-width
# space, …). UNICODE (Excel 2013+) reads each character's code point alike in every Excel language;
# LENB<>LEN, used before, counts double bytes only where Excel's language is Japanese, Chinese or Korean.
NOT_ASCII = 'SUMPRODUCT(--(_xlfn.UNICODE(MID({c}{r},ROW(INDIRECT("1:"&LEN({c}{r}))),1))>126))>0'
# Excel formulas, written for the cell {c}{r} (the first data cell, relative), that are TRUE when the
# cell breaks a rule. Conditional formats also catch values pasted over the dropdowns.
BAD_ID = ('AND({c}{r}<>"",OR(LEN({c}{r})<9,' + NOT_ASCII + ',ISERROR(FIND(LEFT({c}{r},1),"snrmdp")),'
          'ISERROR(MATCH(MID({c}{r},2,2),{groups}!$B$2:$B$48,0)),ISNUMBER(SEARCH(" ",{c}{r}))))')
BAD_PASSWORD = 'AND({c}{r}<>"",OR(LEN({c}{r})<9,' + NOT_ASCII + ',ISNUMBER(SEARCH(" ",{c}{r}))))'
NUMBER_STORED = "ISNUMBER({c}{r})"  # 番号 saved as a number: leading zeros may be lost
UNKNOWN_GROUP = 'AND({c}{r}<>"",ISNA(MATCH({c}{r},{groups}!$A$2:$A$48,0)))'  # not one of the 47 labels
MARKS = {m.LOGIN_ID: BAD_ID, m.PASSWORD: BAD_PASSWORD, m.NUMBER: NUMBER_STORED, m.GROUP: UNKNOWN_GROUP}
EXPLANATION_ROWS = 14  # rows the 出欠特例 sheet's explanation spans, beside its table


def write_master_book(path: Path, rows: list[dict[str, str]] | None = None, data_rows: int = 1000,
                      settings: Settings | None = None) -> Path:
    """Write a master-list workbook (the same sheets as the .xlsm, without buttons and macros).

    Args:
        path: Output .xlsx.
        rows: Viewer rows keyed by header (text); None for an empty list.
        data_rows: How many rows below the header get dropdowns, formats and marks.
        settings: Values of the 設定 sheet (defaults when None).
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    book.set_properties({"title": "集団指導 視聴者リスト", "created": FIXED_DATE})
    add_list_sheet(book, rows or [], max(data_rows, len(rows or []) + 100))
    add_settings_sheet(book, settings or Settings())
    add_doublecheck_sheet(book, data_rows)
    add_exceptions_sheet(book, data_rows)
    add_catalog_sheet(book)
    add_groups_sheet(book)
    add_offices_sheet(book)
    book.close()
    return path


def add_settings_sheet(book, settings: Settings, footnote: str = ""):
    """Add 設定: one row per setting (項目, 値, 説明).

    Args:
        book: The XlsxWriter workbook.
        settings: The values to write.
        footnote: Text for staff below the table (the reader ignores rows whose 項目 is not a setting).
    """
    sheet = book.add_worksheet(SETTINGS_SHEET)
    head = header_format(book)
    key = book.add_format({"bold": True, "valign": "top"})
    text = book.add_format({"num_format": "@", "valign": "top", "bg_color": "#FFF2CC", "border": 1})
    note = book.add_format({"font_color": "#595959", "valign": "top", "text_wrap": True})
    sheet.write_row(0, 0, HEADERS, head)
    for r, (name, value, help_text) in enumerate(settings.rows(), start=1):
        sheet.write_string(r, 0, name, key)
        sheet.write_string(r, 1, value, text)
        sheet.write_string(r, 2, help_text, note)
        fit_row(sheet, r, [help_text], [HELP_WIDTH])  # a long explanation wraps: the row grows to show it
        if name == "登録方法":
            sheet.data_validation(r, 1, r, 1, {"validate": "list", "source": list(METHOD_LABELS.values())})
    if footnote:
        below = len(settings.rows()) + 2
        sheet.merge_range(below, 0, below, 2, footnote, book.add_format({"text_wrap": True, "valign": "top",
                                                                    "bold": True, "font_color": "#C00000"}))
        sheet.set_row(below, 36)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 2, HELP_WIDTH)
    sheet.freeze_panes(1, 0)
    set_up_page(sheet, PrintHeading("設定（作業する年度・視聴回・登録方法など）", LIST_TITLE), landscape=True)
    return sheet


def add_list_sheet(book, rows: list[dict[str, str]], data_rows: int, top: int = 0):
    """Add the 視聴者リスト sheet to an XlsxWriter workbook and return it.

    Args:
        book: The XlsxWriter workbook.
        rows: Viewer rows keyed by header (text).
        data_rows: How many rows below the header get dropdowns, formats and marks.
        top: Rows left free above the header (the macro workbook's buttons sit there).
    """
    sheet = book.add_worksheet(m.LIST_SHEET)
    text = book.add_format({"num_format": "@", "valign": "top"})
    number = book.add_format({"align": "center", "valign": "top"})
    head = header_format(book, align="center", valign="vcenter", text_wrap=True)
    marks = {"bad": book.add_format(ERROR_MARK),
             "doubt": book.add_format(WARNING_MARK)}
    first, last = top + 1, top + data_rows  # 0-based rows of the first and last formatted data row
    for c, header in enumerate(m.COLUMNS):
        sheet.set_column(c, c, WIDTHS[header], number if header == m.ROUND else text)
        sheet.write_string(top, c, header, head)
        _add_input_help(sheet, header, first, last, c)
        if header in MARKS:
            formula = MARKS[header].format(c=column_letter(c), r=first + 1, groups=GROUPS_SHEET)
            sheet.conditional_format(first, c, last, c, {
                "type": "formula", "criteria": "=" + formula,
                "format": marks["doubt" if header == m.GROUP else "bad"]})
    for r, row in enumerate(rows, start=first):
        for c, header in enumerate(m.COLUMNS):
            value = row.get(header, "")
            if header == m.ROUND and value.isdigit():
                sheet.write_number(r, c, int(value), number)
            elif value:
                sheet.write_string(r, c, value, text)
    sheet.freeze_panes(first, 0)
    sheet.autofilter(top, 0, top + max(len(rows), 1), len(m.COLUMNS) - 1)
    sheet.set_row(top, 30)
    set_up_page(sheet, PrintHeading("登録する視聴者（ユーザーID・パスワード・所属グループ）", LIST_TITLE),
                landscape=True, first_row=top)
    return sheet


def _add_input_help(sheet, header: str, first: int, last: int, c: int) -> None:
    # Dropdown (for listed columns) and input message of one column of the list.
    prompt = {"input_title": PROMPTS[header][0], "input_message": PROMPTS[header][1]} if header in PROMPTS else {}
    if header in LISTS:
        sheet.data_validation(first, c, last, c, {
            "validate": "list", "source": LISTS[header], "error_title": header,
            "error_message": f"{header}は一覧から選んでください。", **prompt})
    elif header == m.GROUP:
        sheet.data_validation(first, c, last, c, {
            "validate": "list", "source": GROUPS_RANGE, "error_title": header,
            "error_message": "都道府県は一覧（北海道01〜沖縄47）から選んでください。", **prompt})
    elif prompt:
        sheet.data_validation(first, c, last, c, {"validate": "any", **prompt})


def add_doublecheck_sheet(book, data_rows: int = 1000):
    """Add ダブルチェック: a second keying of ユーザーID / パスワード / 氏名 (group), all text.

    Args:
        book: The XlsxWriter workbook.
        data_rows: How many rows below the header get the dropdown, formats and marks.
    """
    sheet = book.add_worksheet(DOUBLECHECK_SHEET)
    text = book.add_format({"num_format": "@"})
    head = header_format(book, align="center")
    bad = book.add_format(ERROR_MARK)
    note = book.add_format({"font_color": "#595959", "text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, DOUBLECHECK_HEADERS, head)
    for c, width in enumerate((16, 16, 12)):
        sheet.set_column(c, c, width, text)
    sheet.set_column(4, 4, 60)
    id_col, pw_col, group_col = range(len(DOUBLECHECK_HEADERS))  # A/B/C
    sheet.data_validation(1, group_col, data_rows, group_col, {
        "validate": "list", "source": GROUPS_RANGE, "error_title": "氏名（所属グループ）",
        "error_message": "氏名には所属グループ（北海道01〜沖縄47）を一覧から選んでください。",
        "input_title": "氏名（所属グループ）", "input_message": "都道府県を一覧から選んでください（例: 東京13）。"})
    for col, formula in ((id_col, BAD_ID), (pw_col, BAD_PASSWORD)):
        sheet.data_validation(1, col, data_rows, col, {
            "validate": "any", "input_title": DOUBLECHECK_HEADERS[col],
            "input_message": "視聴者リストを見ずに入力してください。"})
        sheet.conditional_format(1, col, data_rows, col, {
            "type": "formula", "criteria": "=" + formula.format(c=column_letter(col), r=2, groups=GROUPS_SHEET),
            "format": bad})
    sheet.write_string(0, 4, "もう1人の担当者が、視聴者リストを見ずに（元の書類などから）、作業する視聴回の"
                             "ユーザーID・パスワード・所属グループを入力します。", note)
    sheet.write_string(1, 4, "入力したら「視聴者リスト」シートの「ダブルチェック」ボタンで、視聴者リストの"
                             "その視聴回の行と1文字ずつ照合します（行の順番は違っても構いません）。", note)
    sheet.set_row(0, 30)
    sheet.set_row(1, 30)
    sheet.freeze_panes(1, 0)
    set_up_page(sheet, PrintHeading("ダブルチェック（2人目の入力）", LIST_TITLE), landscape=True)
    return sheet


def add_exceptions_sheet(book, data_rows: int = 1000):
    """Add 出欠特例: viewers who completed without logging in (ユーザーID / 視聴回 / 特例の種類 / 理由).

    The attendance use case reads this sheet: each row counts as 出席 for its round, with its reason kept.
    The explanation stands beside the header row only, in a merged cell, so that no data row holds text.

    Args:
        book: The XlsxWriter workbook.
        data_rows: How many rows below the header get the dropdowns, formats and marks.
    """
    sheet = book.add_worksheet(ax.EXCEPTIONS_SHEET)
    text = book.add_format({"num_format": "@", "valign": "top"})
    number = book.add_format({"align": "center", "valign": "top"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    head = header_format(book, align="center")
    bad = book.add_format(ERROR_MARK)
    note = book.add_format({"font_color": "#595959", "text_wrap": True, "valign": "top"})
    id_col, round_col, kind_col, reason_col = (ax.EXCEPTION_HEADERS.index(h) for h in (
        ax.EXC_ID, ax.EXC_ROUND, ax.EXC_KIND, ax.EXC_REASON))
    sheet.write_row(0, 0, ax.EXCEPTION_HEADERS, head)
    for col, width, fmt in ((id_col, 14, text), (round_col, 7, number), (kind_col, 14, text), (reason_col, 48, wrap)):
        sheet.set_column(col, col, width, fmt)
    kinds = list(ax.EXCEPTION_KINDS)
    sheet.data_validation(1, id_col, data_rows, id_col, {
        "validate": "any", "input_title": ax.EXC_ID, "input_message": "視聴者リストのユーザーIDを半角で入力します。"})
    sheet.conditional_format(1, id_col, data_rows, id_col, {
        "type": "formula", "criteria": "=" + BAD_ID.format(c=column_letter(id_col), r=2, groups=GROUPS_SHEET),
        "format": bad})
    sheet.data_validation(1, round_col, data_rows, round_col, {
        "validate": "list", "source": LISTS[m.ROUND], "error_title": ax.EXC_ROUND,
        "error_message": "視聴回は一覧（1〜9）から選んでください。",
        "input_title": ax.EXC_ROUND, "input_message": "その人が視聴者リストで登録されている視聴回（1〜9）です。"})
    sheet.data_validation(1, kind_col, data_rows, kind_col, {
        "validate": "list", "source": kinds, "error_title": ax.EXC_KIND,
        "error_message": f"特例の種類は「{'」「'.join(kinds)}」から選んでください。",
        "input_title": ax.EXC_KIND, "input_message": "・".join(kinds) + " から選んでください。"})
    sheet.data_validation(1, reason_col, data_rows, reason_col, {
        "validate": "any", "input_title": ax.EXC_REASON,
        "input_message": "例: インターネット環境がないため事務所で視聴"})
    explanation = ["ログインせずに視聴を完了した人を1人1行で書きます。ここに書いた人は、視聴結果にかかわらず"
                   f"「{a.ATTENDED}」になり、特例の種類と理由が出欠結果に残ります。",
                   *(f"・{kind}: {meaning}。" for kind, meaning in ax.EXCEPTION_KINDS.items()),
                   "「出欠取込」ボタンは、作業する視聴回の行だけを使います。誤りのある行は使わず、出欠結果の"
                   "「要確認」に載せます。"]
    first_note = len(ax.EXCEPTION_HEADERS) + 1  # one empty column between the table and the explanation
    sheet.merge_range(0, first_note, EXPLANATION_ROWS - 1, first_note, "\n".join(explanation), note)
    sheet.set_column(first_note, first_note, 64)
    sheet.freeze_panes(1, 0)
    set_up_page(sheet, PrintHeading("出欠特例（ログインせずに視聴を終えた人）", LIST_TITLE), landscape=True)
    return sheet


def add_catalog_sheet(book):
    """Add the editable 動画一覧 sheet holding the default catalog."""
    sheet = book.add_worksheet(CATALOG_SHEET)
    head = header_format(book)
    text = book.add_format({"num_format": "@"})
    header, *rows = default_catalog_rows()
    sheet.write_row(0, 0, header, head)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value:
                sheet.write_string(r, c, value, text)
    for c, width in enumerate((18, 8, 8, 50)):
        sheet.set_column(c, c, width, text)
    sheet.write_string(0, 5, "※動画名の「{月}」は視聴期間の月に置き換わります。"
                             "視聴回を入れた行はその回だけに使われます。")
    sheet.freeze_panes(1, 0)
    set_up_page(sheet, PrintHeading("動画一覧（視聴回ごとの指導動画）", LIST_TITLE), landscape=True)
    return sheet


def add_groups_sheet(book):
    """Add 都道府県一覧: the 47 group labels (dropdown source) and their codes."""
    sheet = book.add_worksheet(GROUPS_SHEET)
    head = header_format(book)
    text = book.add_format({"num_format": "@"})
    sheet.write_row(0, 0, ["所属グループ", "コード"], head)
    for r, label in enumerate(GROUP_LABELS, start=1):
        sheet.write_string(r, 0, label, text)
        sheet.write_string(r, 1, label[-2:], text)
    sheet.set_column(0, 1, 14, text)
    set_up_page(sheet, PrintHeading("都道府県一覧（所属グループとコード）", LIST_TITLE))
    return sheet
