"""Write cell values into an existing .xlsx/.xlsm without disturbing anything else in the file.

openpyxl's load/save drops form controls, VBA-bound buttons and anything it does not model. This
module instead edits the one worksheet part in place: every other member of the zip (VBA project,
drawings, controls, styles, shared strings) is copied unchanged, byte for byte. New text goes into
inline-string cells, so the shared-string table is never rewritten. Files are replaced atomically
(files.transaction) after a timestamped backup, and a workbook that Excel has open is refused.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path
from typing import NamedTuple

from shuudan_xl.errors import FileInUse, Refused
from shuudan_xl.files.cell_refs import column_letter
from shuudan_xl.files.sheet_xml import sheet_xml_stream

BACKUP_DIR = "バックアップ"


class CellWrite(NamedTuple):
    """Text to put into one cell (1-based Excel row, 0-based column).

    A named tuple rather than a frozen dataclass: an export plans two of these per row, and a tuple is made
    in half the time (a frozen dataclass sets each field through object.__setattr__).
    """

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
    """Refuse to write a workbook that Excel (or another user) has open.

    Raises:
        FileInUse: when Excel's owner file ``~$…`` is beside it.
    """
    lock = excel_lock_file(path)
    if lock is not None:
        raise FileInUse(f"「{path.name}」はExcelで開かれています（{lock.name} があります）。"
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

    def stage(self, tx, writes: list[CellWrite]):
        """Write the cells into a file staged in ``tx`` (the list is replaced, with a backup, on commit).

        Returns:
            The list as it will be (the file itself when there is nothing to write), to be read back as staff
            data is read, a few columns at a time where the caller can (files.column_readback.WrittenBook).
        """
        from shuudan_xl.files.column_readback import WrittenBook

        if not writes:
            return WrittenBook(self.path, ours=False)
        staged = tx.stage(self.path, backup=True)
        write_patched(self.path, staged, self.sheet, writes, verify=False)  # the caller compares everything
        return WrittenBook(staged)

    def finish(self) -> None:
        """Nothing to do: the staged file is renamed over the list when the transaction commits."""


def sheet_part(book: zipfile.ZipFile, sheet: str) -> str:
    """Return the zip member name of a worksheet, found through workbook.xml and its relationships.

    The readers' way (files.package_parts, expat): a write that only finds its sheet loads no lxml.

    Raises:
        InputUnreadable: when the package's workbook parts are missing or damaged, or the sheet is not there.
    """
    from shuudan_xl.files.package_parts import sheet_member

    return sheet_member(book, sheet)


def patch_cells(path: Path, sheet: str, writes: list[CellWrite], backup: bool = True) -> Path | None:
    """Write text cells into one sheet of a workbook, leaving every other part untouched.

    The new file is written to a private temporary file beside the workbook and renamed over it
    (files.transaction): an interruption leaves the old workbook whole.

    Args:
        path: The .xlsx/.xlsm to change.
        sheet: Name of the worksheet.
        writes: Cells to set; existing cell styles are kept, new cells take the column's style.
        backup: Keep a timestamped copy of the original in a バックアップ folder beside it.

    Returns:
        The backup's path (None when ``backup`` is False or there was nothing to write).

    Raises:
        FileInUse: when Excel has the workbook open.
        InputUnreadable: when the file or sheet cannot be read.
        CannotWrite: when the folder refuses the new file.
    """
    from shuudan_xl.files.transaction import Transaction

    if not writes:
        return None
    ensure_not_open(path)
    with Transaction() as tx:
        staged = tx.stage(path, backup=backup)
        write_patched(path, staged, sheet, writes)
        return tx.commit().get(Path(path))


def write_patched(source, target: Path, sheet: str, writes: list[CellWrite], verify: bool = True) -> None:
    """Write ``source`` with the cells set into ``target`` (a staged temporary file); every other zip
    member is copied byte for byte.

    Args:
        source: The workbook to start from (a path, or a binary file object such as a BytesIO).
        target: The file to write (overwritten).
        sheet: Name of the worksheet.
        writes: The cells to set (or row → {col: text}, see files.sheet_xml.sheet_xml_pieces).
        verify: Read ``target`` back with files.reader and require every written text in its cell (callers
            that compare the whole result themselves, as the export does, pass False).

    Raises:
        InputUnreadable: when the source or its sheet cannot be read.
        Refused: when a target cell holds a formula, or the result reads back differently.
    """
    import copy

    from shuudan_xl.files.deflate_member import open_deflated
    from shuudan_xl.files.xlsx_rows import write_gathered
    from shuudan_xl.files.zip_limits import checked_zip, member_pieces, read_member

    name = getattr(source, "name", None) or "ブック"
    with checked_zip(source, Path(str(name)).name) as book:
        part = sheet_part(book, sheet)
        pieces = sheet_xml_stream(member_pieces(book, part), writes)  # never the whole part at once
        with zipfile.ZipFile(target, "w") as out:
            for info in book.infolist():
                if info.filename == part:  # streamed piece by piece: the patched part is never joined
                    with open_deflated(out, copy.copy(info)) as fh:
                        write_gathered(fh, pieces)
                    continue
                out.writestr(info, read_member(book, info.filename), compress_type=info.compress_type)
    if verify:
        verify_cells(target, sheet, writes)


def verify_cells(path: Path, sheet: str, writes: list[CellWrite]) -> None:
    """Read a written workbook back (files.reader, as staff data is read) and require each text in its cell.

    Raises:
        Refused: at the first cell that does not hold its text.
    """
    from shuudan_xl.files.reader import Workbook

    rows = Workbook(path).rows(sheet)
    cells = ((r, c, t) for r, texts in writes.items() for c, t in texts.items()) if isinstance(writes, dict) \
        else ((w.row, w.col, w.text) for w in writes)
    for number, col, text in cells:
        row = rows[number - 1] if number <= len(rows) else []
        if (row[col] if col < len(row) else None) != text:
            raise Refused(f"書き込んだブックを読み直したところ、シート「{sheet}」のセル "
                          f"{column_letter(col)}{number} が書き込んだ値と一致しませんでした。何も変更していません。"
                          "ブックをExcelで開いて保存し直してから、もう一度実行してください。")


def make_backup(path: Path) -> Path:
    """Copy a file to ``バックアップ/<stem>_YYYYMMDD-HHMMSS<suffix>`` beside it and return the copy."""
    folder = path.parent / BACKUP_DIR
    created = not folder.exists()
    folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}_{stamp}{path.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}_{stamp}_{n}{path.suffix}"
    try:
        shutil.copy2(path, target)
    except BaseException:  # a partial copy is no backup; the folder goes too when made for it
        target.unlink(missing_ok=True)
        if created:
            folder.rmdir()
        raise
    return target
