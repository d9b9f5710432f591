"""Write cell values into an existing .xlsx/.xlsm without disturbing anything else in the file.

openpyxl's load/save drops form controls, VBA-bound buttons and anything it does not model. This
module instead edits the one worksheet part in place: every other member of the zip (VBA project,
drawings, controls, styles, shared strings) is copied unchanged, byte for byte. New text goes into
inline-string cells, so the shared-string table is never rewritten. Files are replaced atomically
after a timestamped backup, and a workbook that Excel has open is refused.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from shuudan_xl.errors import InputUnreadable, Refused

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
BACKUP_DIR = "バックアップ"

_CELL_REF = re.compile(r"([A-Z]+)([0-9]+)")


def _q(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


def column_letter(index: int) -> str:
    """0-based column index → letters (0 → "A", 26 → "AA")."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: str) -> int:
    """Letters → 0-based column index ("A" → 0)."""
    value = 0
    for ch in letters:
        value = value * 26 + ord(ch) - 64
    return value - 1


@dataclass(frozen=True, slots=True)
class CellWrite:
    """Text to put into one cell (1-based Excel row, 0-based column)."""

    row: int
    col: int
    text: str


def excel_lock_file(path: Path) -> Path | None:
    """Return Excel's owner file ("~$name") when the workbook is open in Excel, else None."""
    for candidate in (path.with_name("~$" + path.name), path.with_name("~$" + path.name[2:])):
        if candidate.exists():
            return candidate
    return None


def ensure_not_open(path: Path) -> None:
    """Refuse to write a workbook that Excel (or another user) has open."""
    lock = excel_lock_file(path)
    if lock is not None:
        raise Refused(f"「{path.name}」はExcelで開かれています（{lock.name} があります）。"
                      "Excelでブックを閉じてから、もう一度実行してください。")


class SheetWriter:
    """Fills cells of one sheet of a workbook file that is not open in Excel (see patch_cells)."""

    def __init__(self, path: Path, sheet: str):
        self.path, self.sheet = Path(path), sheet

    def check(self) -> None:
        """Refuse early when Excel has the workbook open."""
        ensure_not_open(self.path)

    def write(self, writes: list[CellWrite]) -> Path | None:
        """Write the cells; return the backup of the previous file (None when nothing was written)."""
        return patch_cells(self.path, self.sheet, writes)


def sheet_part(book: zipfile.ZipFile, sheet: str) -> str:
    """Return the zip member name of a worksheet, found through workbook.xml and its relationships."""
    from lxml import etree

    workbook = etree.fromstring(book.read("xl/workbook.xml"))
    rels = etree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{PKG_REL_NS}}}Relationship")}
    for node in workbook.iter(_q("sheet")):
        if node.get("name") == sheet:
            target = targets[node.get(f"{{{REL_NS}}}id")]
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    raise InputUnreadable(f"シート「{sheet}」が見つかりません。")


def patch_cells(path: Path, sheet: str, writes: list[CellWrite], backup: bool = True) -> Path | None:
    """Write text cells into one sheet of a workbook, leaving every other part untouched.

    Args:
        path: The .xlsx/.xlsm to change.
        sheet: Name of the worksheet.
        writes: Cells to set; existing cell styles are kept, new cells take the column's style.
        backup: Keep a timestamped copy of the original in a バックアップ folder beside it.

    Returns:
        The backup's path (None when ``backup`` is False or there was nothing to write).

    Raises:
        Refused: when Excel has the workbook open.
        InputUnreadable: when the file or sheet cannot be read.
    """
    if not writes:
        return None
    ensure_not_open(path)
    try:
        source = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile):
        raise InputUnreadable(f"「{path.name}」をExcelファイルとして開けません。") from None
    with source:
        part = sheet_part(source, sheet)
        new_xml = _patched_sheet_xml(source.read(part), writes)
        fd, tmp_name = tempfile.mkstemp(prefix=".shuudan-", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            with zipfile.ZipFile(tmp, "w") as target:
                for info in source.infolist():
                    data = new_xml if info.filename == part else source.read(info)
                    target.writestr(info, data, compress_type=info.compress_type)
            with tmp.open("rb") as fh:
                os.fsync(fh.fileno())
            shutil.copymode(path, tmp)  # mkstemp makes the file private; keep the list's permissions
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
    saved = make_backup(path) if backup else None
    try:
        os.replace(tmp, path)
    except PermissionError:
        tmp.unlink(missing_ok=True)
        raise Refused(f"「{path.name}」に書き込めません。Excelなどで開かれていないか確認してください。") from None
    return saved


def make_backup(path: Path) -> Path:
    """Copy a file to ``バックアップ/<stem>_YYYYMMDD-HHMMSS<suffix>`` beside it and return the copy."""
    folder = path.parent / BACKUP_DIR
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}_{stamp}{path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}_{stamp}_{n}{path.suffix}"
    shutil.copy2(path, target)
    return target


def _patched_sheet_xml(data: bytes, writes: list[CellWrite]) -> bytes:
    # Edit the worksheet tree with lxml, which keeps every namespace prefix the part declares
    # (Excel rejects parts whose mc:Ignorable prefixes were renamed, as ElementTree would do).
    from lxml import etree

    root = etree.fromstring(data)
    sheet_data = root.find(_q("sheetData"))
    rows, number = {}, 0
    for row in sheet_data.iter(_q("row")):
        number = int(row.get("r") or number + 1)  # r is optional: then it is the next row
        rows[number] = row
    col_styles = _column_styles(root)
    for write in sorted(writes, key=lambda w: (w.row, w.col)):
        row = rows.get(write.row)
        if row is None:
            row = _insert_row(sheet_data, rows, write.row)
        cell = _cell(row, write.row, write.col, col_styles)
        _set_inline_text(cell, write.text)
        _widen_spans(row, write.col)
    _widen_dimension(root, writes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _column_styles(root) -> dict[int, str]:
    styles = {}
    cols = root.find(_q("cols"))
    if cols is not None:
        for col in cols.iter(_q("col")):
            if col.get("style"):
                for index in range(int(col.get("min")) - 1, int(col.get("max"))):
                    styles[index] = col.get("style")
    return styles


def _insert_row(sheet_data, rows: dict, number: int):
    from lxml import etree

    row = etree.Element(_q("row"), r=str(number))
    later = [n for n in rows if n > number]
    if later:
        rows[min(later)].addprevious(row)
    else:
        sheet_data.append(row)
    rows[number] = row
    return row


def _cell(row, number: int, col: int, col_styles: dict[int, str]):
    from lxml import etree

    ref = f"{column_letter(col)}{number}"
    index = -1
    for cell in row.iter(_q("c")):
        m = _CELL_REF.fullmatch(cell.get("r", ""))
        index = column_index(m.group(1)) if m else index + 1  # r is optional: then it is the next column
        if index == col:
            return cell
        if index > col:
            new = etree.Element(_q("c"), r=ref)
            cell.addprevious(new)
            break
    else:
        new = etree.SubElement(row, _q("c"), r=ref)
    style = col_styles.get(col) or (row.get("s") if row.get("customFormat") in ("1", "true") else None)
    if style:
        new.set("s", style)
    return new


def _set_inline_text(cell, text: str) -> None:
    from lxml import etree

    for child in list(cell):
        cell.remove(child)
    cell.set("t", "inlineStr")
    inline = etree.SubElement(cell, _q("is"))
    node = etree.SubElement(inline, _q("t"))
    node.text = text
    if text != text.strip():
        node.set(XML_SPACE, "preserve")


def _widen_spans(row, col: int) -> None:
    spans = row.get("spans")
    if spans and ":" in spans:
        low, high = (int(x) for x in spans.split(":", 1))
        row.set("spans", f"{min(low, col + 1)}:{max(high, col + 1)}")


def _widen_dimension(root, writes: list[CellWrite]) -> None:
    # The used range must cover every written cell, on all four sides ("D5" + B2 → "B2:D5").
    dim = root.find(_q("dimension"))
    if dim is None:
        return
    corners = [_CELL_REF.fullmatch(ref) for ref in dim.get("ref", "A1").split(":")]
    if not all(corners):
        return
    cols = [column_index(c.group(1)) for c in corners] + [w.col for w in writes]
    rows = [int(c.group(2)) for c in corners] + [w.row for w in writes]
    first, last = f"{column_letter(min(cols))}{min(rows)}", f"{column_letter(max(cols))}{max(rows)}"
    dim.set("ref", first if first == last else f"{first}:{last}")
