"""Write a master-list workbook (視聴者リスト, 動画一覧, 都道府県一覧) with the input help staff expect.

Dropdowns for 視聴回 / 指導区分 / 種別 / 都道府県, text-formatted columns so Excel cannot eat leading
zeros, input messages, marks on cells that break the ID or password rules, a frozen header and print
settings. The same layout serves a blank list (``new-master``) and the bundled sample.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from shuudan_xl.files.package_data import default_catalog_rows
from shuudan_xl.files.sheet_xml import column_letter
from shuudan_xl.rules import master as m
from shuudan_xl.rules.prefectures import GROUP_LABELS
from shuudan_xl.rules.settings import HEADERS, METHOD_LABELS, SETTINGS_SHEET, Settings

GROUPS_SHEET = "都道府県一覧"
CATALOG_SHEET = "動画一覧"
FIXED_DATE = dt.datetime(2024, 4, 1)  # document properties are fixed so that builds are reproducible

WIDTHS = {m.ROUND: 7, m.GUIDANCE: 17, m.FIELD: 7, m.GROUP: 10, m.NUMBER: 11, m.NAME: 36, m.ADDRESSEE: 24,
          m.POSTAL: 10, m.ADDRESS: 34, m.LOGIN_ID: 14, m.PASSWORD: 13, m.VIDEO: 32, m.NOTE: 28}
PROMPTS = {
    m.LOGIN_ID: ("ユーザーID", "空欄なら、指導区分・種別・都道府県・番号から自動で作ります。"),
    m.PASSWORD: ("パスワード", "空欄なら自動で作ります。入力済みのパスワードは変更しません。"),
    m.NUMBER: ("番号", "医療機関コード（7桁）や保険医登録番号を入力します（先頭の0も残ります）。"),
    m.VIDEO: ("指導動画", "空欄なら動画一覧から自動で決まります。"),
    m.GROUP: ("都道府県", "一覧から選んでください（例: 東京13）。"),
}
LISTS = {m.ROUND: [str(n) for n in m.ROUNDS], m.GUIDANCE: list(m.GUIDANCE_TYPES), m.FIELD: list(m.FIELDS)}
# Excel formulas (for row 2, relative) that are TRUE when an ID or password cell breaks a rule.
BAD_ID = ('AND({c}2<>"",OR(LEN({c}2)<9,LENB({c}2)<>LEN({c}2),ISERROR(FIND(LEFT({c}2,1),"snrmdp")),'
          'ISERROR(MATCH(MID({c}2,2,2),{groups}!$B$2:$B$48,0)),ISNUMBER(SEARCH(" ",{c}2))))')
BAD_PASSWORD = 'AND({c}2<>"",OR(LEN({c}2)<9,LENB({c}2)<>LEN({c}2),ISNUMBER(SEARCH(" ",{c}2))))'


def write_master_book(path: Path, rows: list[dict[str, str]] | None = None, data_rows: int = 1000,
                      settings: Settings | None = None) -> Path:
    """Write a master-list workbook.

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
    add_catalog_sheet(book)
    add_groups_sheet(book)
    book.close()
    return path


def add_settings_sheet(book, settings: Settings):
    """Add 設定: one row per setting (項目, 値, 説明)."""
    sheet = book.add_worksheet(SETTINGS_SHEET)
    head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    key = book.add_format({"bold": True, "valign": "top"})
    text = book.add_format({"num_format": "@", "valign": "top", "bg_color": "#FFF2CC", "border": 1})
    note = book.add_format({"font_color": "#595959", "valign": "top", "text_wrap": True})
    sheet.write_row(0, 0, HEADERS, head)
    for r, (name, value, help_text) in enumerate(settings.rows(), start=1):
        sheet.write_string(r, 0, name, key)
        sheet.write_string(r, 1, value, text)
        sheet.write_string(r, 2, help_text, note)
        if name == "登録方法":
            sheet.data_validation(r, 1, r, 1, {"validate": "list", "source": list(METHOD_LABELS.values())})
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 36)
    sheet.set_column(2, 2, 52)
    sheet.freeze_panes(1, 0)
    return sheet


def add_list_sheet(book, rows: list[dict[str, str]], data_rows: int):
    """Add the 視聴者リスト sheet to an XlsxWriter workbook and return it."""
    sheet = book.add_worksheet(m.LIST_SHEET)
    text = book.add_format({"num_format": "@", "valign": "top"})
    number = book.add_format({"align": "center", "valign": "top"})
    head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "align": "center",
                            "valign": "vcenter", "text_wrap": True})
    bad = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"})
    last = data_rows  # 0-based index of the last formatted row
    for c, header in enumerate(m.COLUMNS):
        sheet.set_column(c, c, WIDTHS[header], number if header == m.ROUND else text)
        sheet.write_string(0, c, header, head)
        if header in LISTS:
            sheet.data_validation(1, c, last, c, {
                "validate": "list", "source": LISTS[header], "error_title": header,
                "error_message": f"{header}は一覧から選んでください。"})
        if header == m.GROUP:
            sheet.data_validation(1, c, last, c, {
                "validate": "list", "source": f"={GROUPS_SHEET}!$A$2:$A$48", "error_title": header,
                "error_message": "都道府県は一覧（北海道01〜沖縄47）から選んでください。",
                "input_title": PROMPTS[header][0], "input_message": PROMPTS[header][1]})
        elif header in PROMPTS:
            sheet.data_validation(1, c, last, c, {
                "validate": "any", "input_title": PROMPTS[header][0], "input_message": PROMPTS[header][1]})
    id_col, pw_col = (column_letter(m.COLUMNS.index(h)) for h in (m.LOGIN_ID, m.PASSWORD))
    for col, formula in ((id_col, BAD_ID), (pw_col, BAD_PASSWORD)):
        index = m.COLUMNS.index(m.LOGIN_ID if col == id_col else m.PASSWORD)
        sheet.conditional_format(1, index, last, index, {
            "type": "formula", "criteria": "=" + formula.format(c=col, groups=GROUPS_SHEET), "format": bad})
    for r, row in enumerate(rows, start=1):
        for c, header in enumerate(m.COLUMNS):
            value = row.get(header, "")
            if header == m.ROUND and value.isdigit():
                sheet.write_number(r, c, int(value), number)
            elif value:
                sheet.write_string(r, c, value, text)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(m.COLUMNS) - 1)
    sheet.set_row(0, 30)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_header("&L&\"-,Bold\"集団指導 視聴者リスト&R&D")
    sheet.set_footer("&C&P / &N")
    return sheet


def add_catalog_sheet(book):
    """Add the editable 動画一覧 sheet holding the default catalog."""
    sheet = book.add_worksheet(CATALOG_SHEET)
    head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
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
    return sheet


def add_groups_sheet(book):
    """Add 都道府県一覧: the 47 group labels (dropdown source) and their codes."""
    sheet = book.add_worksheet(GROUPS_SHEET)
    head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1})
    text = book.add_format({"num_format": "@"})
    sheet.write_row(0, 0, ["所属グループ", "コード"], head)
    for r, label in enumerate(GROUP_LABELS, start=1):
        sheet.write_string(r, 0, label, text)
        sheet.write_string(r, 1, label[-2:], text)
    sheet.set_column(0, 1, 14, text)
    return sheet
