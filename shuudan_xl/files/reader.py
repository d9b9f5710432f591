"""Fast, read-only access to .xlsx/.xlsm/.xls sheets through python-calamine."""

from __future__ import annotations

import zipfile
from pathlib import Path

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.gcpause import paused_gc

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Workbook:
    """A workbook opened for reading; sheets are read on demand."""

    def __init__(self, path: str | Path):
        from python_calamine import CalamineWorkbook

        self.path = Path(path)
        _check_readable(self.path)
        try:
            self._book = CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine raises several error types for broken files
            raise InputUnreadable(
                f"「{self.path.name}」をExcelファイルとして読み込めません（{type(exc).__name__}）。") from None
        self.sheet_names: list[str] = list(self._book.sheet_names)

    def rows(self, sheet: str) -> list[list[object]]:
        """Return the cell values of a sheet from A1, as a list of equally long rows.

        Raises:
            InputUnreadable: when the sheet does not exist.
        """
        if sheet not in self.sheet_names:
            names = "、".join(f"「{n}」" for n in self.sheet_names)
            raise InputUnreadable(f"シート「{sheet}」が「{self.path.name}」にありません（あるシート: {names}）。")
        with paused_gc():
            return self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


def is_workbook(path: Path) -> bool:
    """True for a file Excel would open as a workbook (zip package, or OLE2 .xls / encrypted)."""
    return file_head(path) == _OLE_MAGIC or zipfile.is_zipfile(path)


def file_head(path: Path, what: str = "ファイル") -> bytes:
    """Return a file's first 8 bytes, refusing a missing path or a folder in Japanese.

    Raises:
        InputUnreadable: when the path does not exist or is a folder.
    """
    if not path.exists():
        raise InputUnreadable(f"ファイル「{path}」が見つかりません。")
    if path.is_dir():
        raise InputUnreadable(f"「{path}」はフォルダです。{what}を指定してください。")
    with path.open("rb") as fh:
        return fh.read(8)


def _check_readable(path: Path) -> None:
    head = file_head(path, "Excelファイル")
    if head == _OLE_MAGIC and path.suffix.lower() in (".xlsx", ".xlsm"):
        raise InputUnreadable(
            f"「{path.name}」はパスワードで保護（暗号化）されているため読み込めません。"
            "Excelで保護を解除して保存し直してください。")
    if head != _OLE_MAGIC and not zipfile.is_zipfile(path):
        raise InputUnreadable(f"「{path.name}」はExcelファイル（.xlsx / .xlsm）ではありません。")
