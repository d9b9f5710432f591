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
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from shuudan_xl.errors import InputUnreadable, Refused
from shuudan_xl.files.sheet_xml import patch_sheet_xml

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
BACKUP_DIR = "バックアップ"



def _q(tag: str) -> str:
    return f"{{{MAIN_NS}}}{tag}"


@dataclass(frozen=True, slots=True)
class CellWrite:
    """Text to put into one cell (1-based Excel row, 0-based column)."""

    row: int
    col: int
    text: str


def excel_lock_file(path: Path) -> Path | None:
    """Return Excel's owner file ("~$name") when the workbook is open in Excel, else None.

    Office names the owner file "~$" + the file name; for long names (7+ characters before the
    extension) some versions drop the name's first two characters instead. Short names are checked in
    the first form only, so that "ab.xlsx" never mistakes the owner file of "cd.xlsx" for its own.
    """
    candidates = [path.with_name("~$" + path.name)]
    if len(path.stem) >= 7:
        candidates.append(path.with_name("~$" + path.name[2:]))
    return next((c for c in candidates if c.exists()), None)


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
        new_xml = patch_sheet_xml(source.read(part), writes)
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
