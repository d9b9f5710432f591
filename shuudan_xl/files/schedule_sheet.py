"""Write the 視聴スケジュール sheet: one row per round with its two deadlines and viewing period.

Dates are real Excel dates shown in 和暦 (令和6年6月1日（土）), so staff can overwrite any of them
(an override) and the tool reads them back as dates. Headers and rows are fixed by rules.sheets.
"""

from __future__ import annotations

from collections.abc import Iterable

from shuudan_xl.files.styles import ERROR_MARK, header_format
from shuudan_xl.rules.schedule import Round
from shuudan_xl.rules.sheets import (
    SCHEDULE_FIELDS,
    SCHEDULE_FIRST_ROW,
    SCHEDULE_HEADERS,
    SCHEDULE_SHEET,
)

# Japanese era with weekday, as Excel's own 和暦 formats spell it ([$-411] = ja-JP).
ERA_DATE_FORMAT = '[$-411]ggge"年"m"月"d"日（"aaa"）"'
NOTE_COLUMN = 6  # G: notes and the button stay right of the table (columns A–E are read back)
NOTE_ROWS = 2  # each note is two merged rows high, so the table's rows keep their height
NOTES = (
    "年度は「設定」シートの「年度」です。年度を変えたら、上の「視聴スケジュール作成」ボタンを押してください。",
    "日付は書き換えられます（公表された日付と違う場合など）。書き換えた日付が、登録期限の案内や実施通知に使われます。",
    "●は事業者に登録を依頼する場合の提出期限、☆は管理者画面から自庁で登録する場合の期限です。",
    "視聴終了日が指導年月日です。期限が視聴開始日以降か土日のときは、赤く表示されます。",
)


def add_schedule_sheet(book, rounds: Iterable[Round], notes_row: int = 3):
    """Add 視聴スケジュール with the given rounds (1–9) in rows 2–10.

    Args:
        book: The XlsxWriter workbook.
        rounds: The fiscal year's rounds (rules.schedule.schedule_for).
        notes_row: 0-based row of the first note in column G (rows above it are kept for buttons).
            The notes take ``NOTE_ROWS`` merged rows each.

    Returns:
        The worksheet.
    """
    sheet = book.add_worksheet(SCHEDULE_SHEET)
    head = header_format(book, align="center", valign="vcenter", text_wrap=True)
    day = book.add_format({"num_format": ERA_DATE_FORMAT, "border": 1, "align": "center"})
    label = book.add_format({"num_format": "@", "border": 1, "align": "center"})
    note = book.add_format({"text_wrap": True, "valign": "top", "font_color": "#404040"})
    bad = book.add_format(ERROR_MARK)
    sheet.write_row(0, 0, SCHEDULE_HEADERS, head)
    first = SCHEDULE_FIRST_ROW - 1
    for r, round_ in enumerate(rounds, start=first):
        sheet.write_string(r, 0, round_.label, label)  # 第1回, as the 視聴スケジュール作成 button writes it
        for c, header in enumerate(SCHEDULE_HEADERS[1:], start=1):
            sheet.write_datetime(r, c, getattr(round_, SCHEDULE_FIELDS[header]), day)
    last = first + 8
    sheet.data_validation(first, 1, last, 4, {
        "validate": "any", "input_title": "日付の書き換え",
        "input_message": "公表された日付と違うときは書き換えてください（例: 2024/12/23、R6.12.23）。"})
    # A deadline on or after the first viewing day, or on a weekend, is marked.
    for c in (1, 2):
        col = "BC"[c - 1]
        sheet.conditional_format(first, c, last, c, {
            "type": "formula", "format": bad,
            "criteria": f"=AND(ISNUMBER({col}{first + 1}),OR({col}{first + 1}>=$D{first + 1},"
                        f"WEEKDAY({col}{first + 1},2)>5))"})
    sheet.set_row(0, 36)
    sheet.set_column(0, 0, 9)
    sheet.set_column(1, 4, 24)
    sheet.set_column(5, 5, 3)
    sheet.set_column(NOTE_COLUMN, NOTE_COLUMN, 70)
    for i, text in enumerate(NOTES):
        top = notes_row + i * NOTE_ROWS
        sheet.merge_range(top, NOTE_COLUMN, top + NOTE_ROWS - 1, NOTE_COLUMN, text, note)
    sheet.freeze_panes(1, 0)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 1)
    sheet.print_area(0, 0, last, 4)
    return sheet
