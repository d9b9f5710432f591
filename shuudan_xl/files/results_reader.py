"""Read a table exported from the e-learning admin screen: .xlsx/.xls through calamine, or CSV/TSV text.

CSV text comes in whatever encoding the admin screen or Excel wrote: UTF-8 with or without a BOM,
Shift_JIS (Windows cp932, Excel's "CSV (コンマ区切り)") or UTF-16 ("Unicode テキスト"). The bytes are
decoded strictly as UTF-8 first, then as cp932; which one worked is reported, never guessed silently.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.reader import is_workbook

UTF8_BOM, UTF8, CP932, UTF16 = "UTF-8（BOMあり）", "UTF-8", "Shift_JIS（cp932）", "UTF-16"


@dataclass
class Table:
    """The cells of an exported table, and how they were read.

    Attributes:
        path: The file.
        rows: Cell values row by row (text for CSV; numbers and dates as Excel stored them).
        encoding: The CSV's encoding label (UTF8_BOM, UTF8, CP932, UTF16); None for a workbook.
        sheet: The worksheet read, for a workbook.
    """

    path: Path
    rows: list[list[object]]
    encoding: str | None = None
    sheet: str | None = None

    @property
    def source(self) -> str:
        """Japanese description: "CSV（文字コード Shift_JIS（cp932））" or "Excel（シート「結果」）"."""
        if self.encoding is not None:
            return f"CSV（文字コード {self.encoding}）"
        return f"Excel（シート「{self.sheet}」）"


def decode_text(data: bytes, name: str = "") -> tuple[str, str]:
    """Decode CSV bytes: UTF-16 by its BOM, else UTF-8 (strict, BOM removed), else cp932 (strict).

    Returns:
        The text and the label of the encoding that decoded it.

    Raises:
        InputUnreadable: when neither decodes the bytes.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), UTF16
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), UTF8_BOM
        except UnicodeDecodeError:
            pass
    else:
        try:
            return data.decode("utf-8"), UTF8
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("cp932"), CP932
    except UnicodeDecodeError as exc:
        raise InputUnreadable(
            f"「{name}」の文字コードを判別できません（UTF-8 でも Shift_JIS でもありません。{exc.start}バイト目）。"
            "管理者画面から出力し直すか、Excelで開いて「CSV UTF-8」で保存し直してください。") from None


def parse_delimited(text: str) -> list[list[str]]:
    """Split CSV text into rows; a tab-separated file (Excel's Unicode text) is recognised by its first line."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def read_table(path: str | Path, sheet: str | None = None, prefer=None) -> Table:
    """Read an exported table from a workbook or a CSV file.

    Args:
        path: .xlsx / .xlsm / .xls, or .csv / .txt / .tsv (detected by content, not by name alone).
        sheet: The worksheet of a workbook; default the first for which ``prefer(rows)`` is true, else the first.
        prefer: A predicate on a sheet's rows choosing the sheet that holds the table.

    Raises:
        InputUnreadable: when the file is missing, not a table, or its encoding is unknown.
    """
    path = Path(path)
    if is_workbook(path):
        return _read_workbook(path, sheet, prefer)
    text, encoding = decode_text(path.read_bytes(), path.name)
    rows = parse_delimited(text)
    width = max((len(r) for r in rows), default=0)
    return Table(path, [r + [""] * (width - len(r)) for r in rows], encoding)


def _read_workbook(path: Path, sheet: str | None, prefer) -> Table:
    from shuudan_xl.files.reader import Workbook

    book = Workbook(path)
    if sheet is not None:
        return Table(path, book.rows(sheet), sheet=sheet)
    for name in book.sheet_names:
        rows = book.rows(name)
        if prefer is None or prefer(rows):
            return Table(path, rows, sheet=name)
    first = book.sheet_names[0]
    return Table(path, book.rows(first), sheet=first)
