"""Page setup for the master workbook's sheets that staff print: A4, one page wide, titled, numbered.

Every printed page says what it is (the header: the workbook, the sheet's purpose and the print date),
repeats the sheet's heading row, and is numbered "page / pages" in the footer.
"""

from __future__ import annotations

A4 = 9  # XlsxWriter's paper index
WORKBOOK_TITLE = "集団指導 視聴者リスト"
PAGE_NUMBERS = "&C&P / &N"


def set_print(sheet, purpose: str, heading_rows: int = 1, landscape: bool = False, first_heading_row: int = 0) -> None:
    """Give an XlsxWriter worksheet the print setup staff expect.

    Args:
        sheet: The worksheet.
        purpose: What the sheet is for, printed in the page header (Japanese, no "&").
        heading_rows: How many rows, from ``first_heading_row``, repeat at the top of every page.
        landscape: Wide tables print across the page.
        first_heading_row: The 0-based row where the headings start.
    """
    if "&" in purpose:
        raise ValueError("a header text with & would be read as a header code")
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages down as needed
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    if heading_rows:
        sheet.repeat_rows(first_heading_row, first_heading_row + heading_rows - 1)
    sheet.set_header(f'&L&"-,Bold"{WORKBOOK_TITLE}　{purpose}&R印刷日 &D')
    sheet.set_footer(PAGE_NUMBERS)
