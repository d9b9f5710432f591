"""Write the 都道府県別設定 sheet of a master workbook: one row per prefecture whose office differs.

The sheet is read by rules.notice_offices (the 実施通知's 来所先, 連絡先 and, where set, 発信者 and 文書番号
of the viewer's prefecture). It starts empty: a bureau whose letters all carry the 設定 sheet's values
needs no row at all; cells left blank keep the 設定 sheet's value.
"""

from __future__ import annotations

from shuudan_xl.files.page_setup import PrintHeading, set_up_page
from shuudan_xl.files.styles import header_format
from shuudan_xl.rules.notice_offices import OFFICE_HEADERS, OFFICES_SHEET, PREFECTURE
from shuudan_xl.rules.prefectures import PREFECTURES

WIDTHS = {PREFECTURE: 10, "事務所名": 16, "発信者": 20, "文書番号": 18, "担当課": 14, "担当者": 14, "郵便番号": 10,
          "住所": 36, "電話": 15, "FAX": 15}
EXPLANATION = ("実施通知の「○○事務所まで来所」と連絡先を、都道府県ごとに変えるときに使います。"
               "違う値だけを1都道府県1行で書きます。空欄のセルは「設定」シートの値になります。"
               "行がない都道府県の視聴者には「設定」シートの値を使います。")


def add_offices_sheet(book, data_rows: int = 47):
    """Add the empty 都道府県別設定 sheet: headers, text cells, a 都道府県 dropdown and the explanation.

    Args:
        book: The XlsxWriter workbook.
        data_rows: How many rows below the header get the dropdown and text format.

    Returns:
        The worksheet.
    """
    sheet = book.add_worksheet(OFFICES_SHEET)
    head = header_format(book, align="center")
    text = book.add_format({"num_format": "@", "valign": "top"})
    note = book.add_format({"font_color": "#595959", "text_wrap": True, "valign": "top"})
    sheet.write_row(0, 0, OFFICE_HEADERS, head)
    for col, header in enumerate(OFFICE_HEADERS):
        sheet.set_column(col, col, WIDTHS.get(header, 14), text)
    names = list(PREFECTURES.values())
    sheet.data_validation(1, 0, data_rows, 0, {
        "validate": "list", "source": names, "error_type": "warning", "error_title": PREFECTURE,
        "error_message": "都道府県は一覧から選んでください（「東京」「東京13」のようにも入力できます）。",
        "input_title": PREFECTURE, "input_message": "事務所の値を変える都道府県を選びます。"})
    first_note = len(OFFICE_HEADERS) + 1  # one empty column between the table and the explanation
    sheet.merge_range(0, first_note, 6, first_note, EXPLANATION, note)
    sheet.set_column(first_note, first_note, 48)
    sheet.freeze_panes(1, 1)
    set_up_page(sheet, PrintHeading("都道府県別設定（実施通知の事務所・連絡先）", "視聴者リスト"), landscape=True)
    return sheet
