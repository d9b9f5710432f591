"""The two workbooks sent to the e-learning vendor, each with exactly one sheet of text cells.

Without a template the layout is the seed's: 視聴者登録／更新 (ユーザーID / パスワード / 氏名) and
視聴者⇔動画 (ユーザーID / 動画). With the vendor's own template (one sheet, headers in a row, nothing
below), the columns whose headers are recognised are filled and the rest stay empty.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.vendor_rows import already_values, values_of

ID, PASSWORD, GROUP, VIDEO = "id", "password", "group", "video"

# Header texts the vendor may use for each value.
HEADER_KEYS = {
    "ユーザーID": ID, "ログインID": ID, "ID": ID, "視聴者ID": ID,
    "パスワード": PASSWORD, "ログインパスワード": PASSWORD,
    "氏名": GROUP, "所属グループ": GROUP, "グループ": GROUP,
    "動画": VIDEO, "動画名": VIDEO, "指導動画": VIDEO, "コンテンツ": VIDEO, "コンテンツ名": VIDEO,
}


@dataclass(frozen=True, slots=True)
class VendorLayout:
    """A vendor workbook: its sheet name and the values of its columns, left to right."""

    sheet: str
    headers: tuple[str, ...]
    keys: tuple[str, ...]


REGISTRATION = VendorLayout("視聴者登録／更新", ("ユーザーID", "パスワード", "氏名"), (ID, PASSWORD, GROUP))
VIDEO_LINKS = VendorLayout("視聴者⇔動画", ("ユーザーID", "動画"), (ID, VIDEO))


def write_vendor_book(path: Path, layout: VendorLayout, records: list[dict[str, str]],
                      template: Path | None = None, atomic: bool | None = None) -> list[str]:
    """Write one vendor workbook.

    Args:
        path: Output .xlsx.
        layout: The default layout (used without a template).
        records: One dict per viewer with the keys of the layout (ID, PASSWORD, GROUP, VIDEO).
        template: The vendor's own template workbook, filled instead of the default layout.
        atomic: Write a private temporary file and rename it to ``path`` (files.transaction), so that
            ``path`` never holds a partial book. Default: unless ``path`` is itself a staged file.

    Returns:
        Japanese notes for staff (e.g. template columns left empty).

    Raises:
        InputUnreadable: when the template is not a one-sheet workbook with a free header row, or
            lacks a column the layout needs (a registration without passwords is useless).
    """
    from shuudan_xl.files.transaction import PREFIX, Transaction

    if atomic if atomic is not None else not Path(path).name.startswith(PREFIX):
        with Transaction() as tx:
            notes = write_vendor_book(tx.stage(path), layout, records, template, atomic=False)
            tx.commit()
        return notes
    if template is not None:
        return _fill_template(path, template, records, layout)
    import io

    import xlsxwriter

    from shuudan_xl.files.xlsx_rows import append_text_rows

    # XlsxWriter writes the book with its header; the rows are streamed in after it (files.xlsx_rows: the
    # same XML, 10× faster and without holding every cell as an object).
    skeleton = io.BytesIO()
    book = xlsxwriter.Workbook(skeleton, {"strings_to_numbers": False, "strings_to_formulas": False,
                                          "strings_to_urls": False, "in_memory": True})
    book.set_properties({"created": dt.datetime.now().replace(microsecond=0)})
    text = book.add_format({"num_format": "@"})
    head = book.add_format({"num_format": "@", "bold": True})
    sheet = book.add_worksheet(layout.sheet)
    widths = {ID: 16, PASSWORD: 16, GROUP: 12, VIDEO: 40}
    for c, key in enumerate(layout.keys):
        sheet.set_column(c, c, widths[key], text)
    for c, header in enumerate(layout.headers):
        sheet.write_string(0, c, header, head)
    sheet.freeze_panes(1, 0)
    book.close()
    rows = records if already_values(records, layout.keys) else [values_of(r, layout.keys) for r in records]
    append_text_rows(skeleton.getvalue(), path, rows, len(layout.keys), text.xf_index)
    return []


def template_columns(template: Path) -> tuple[int, dict[int, str], list[str]]:
    """Read a vendor template: header row (1-based), column → key, and unrecognised headers.

    Raises:
        InputUnreadable: when the template has several sheets, no known header or data rows.
    """
    from shuudan_xl.files.reader import Workbook

    book = Workbook(template)
    if len(book.sheet_names) != 1:
        raise InputUnreadable(f"業者様式「{template.name}」にはシートが{len(book.sheet_names)}枚あります。"
                              "業者へはシート1枚で提出するため、1枚だけの様式にしてください。")
    rows = book.rows(book.sheet_names[0])
    for index, row in enumerate(rows[:20]):
        headers = [squeeze(v) if isinstance(v, str) else "" for v in row]
        columns = {c: HEADER_KEYS[h] for c, h in enumerate(headers) if h in HEADER_KEYS}
        if ID in {*columns.values()}:
            if any(any(v not in ("", None) for v in later) for later in rows[index + 1:]):
                raise InputUnreadable(f"業者様式「{template.name}」の見出し行より下にデータが入っています。"
                                      "空の様式を置いてください。")
            unknown = [h for c, h in enumerate(headers) if h and c not in columns]
            return index + 1, columns, unknown
    raise InputUnreadable(f"業者様式「{template.name}」に見出し「ユーザーID」が見つかりません。")


def check_template(template: Path, layout: VendorLayout) -> tuple[int, dict[int, str], list[str]]:
    """Read a vendor template and require a column for every value of the layout.

    Returns:
        As ``template_columns``.

    Raises:
        InputUnreadable: as ``template_columns``, or when a needed column is missing.
    """
    header_row, columns, unknown = template_columns(template)
    missing = [h for h, key in zip(layout.headers, layout.keys, strict=True) if key not in columns.values()]
    if missing:
        raise InputUnreadable(f"業者様式「{template.name}」に列{'・'.join(f'「{h}」' for h in missing)}がありません。"
                              f"「{layout.sheet}」の様式か確認してください。")
    return header_row, columns, unknown


def _fill_template(path: Path, template: Path, records: list[dict[str, str]], layout: VendorLayout) -> list[str]:
    # The vendor's template holds no macros, so openpyxl may load and save it; values go in as text.
    import openpyxl

    header_row, columns, unknown = check_template(template, layout)
    book = openpyxl.load_workbook(template)
    sheet = book.worksheets[0]
    for r, record in enumerate(records, start=header_row + 1):
        for c, key in columns.items():
            cell = sheet.cell(row=r, column=c + 1)
            cell.value = record.get(key, "")
            cell.data_type = "s"
            cell.number_format = "@"
    book.save(path)
    return [f"業者様式の列「{h}」は対応する値がないため空欄のままです。" for h in unknown]
