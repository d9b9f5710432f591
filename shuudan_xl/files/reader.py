"""Fast, read-only access to .xlsx/.xlsm/.xls sheets through python-calamine."""

from __future__ import annotations

import itertools
import zipfile
from collections.abc import Iterator
from pathlib import Path

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.gcpause import paused_gc

# Sharing repeated texts costs about 0.2 µs a row and saves about 0.4 KB a row: worth it where memory is
# what a long run is bounded by (a list of 100,000 rows: 0.02 s for 40 MB), not for the usual round.
SHARE_FROM_ROWS = 50_000
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Workbook:
    """A workbook opened for reading; sheets are read on demand.

    Memory is bounded by the real data: a package's members are size-checked (files.zip_limits) and a
    sheet whose cells from A1 to its farthest value would outgrow its real data is refused before
    calamine allocates them (files.sheet_bounds).
    """

    def __init__(self, path: str | Path, *, size_checked: bool = False, shared_texts: bool = True):
        """Open a workbook.

        Args:
            path: The .xlsx/.xlsm/.xls file.
            size_checked: The file is a copy this run wrote of a workbook it read with its sizes checked
                (the staged list read back): its sheets are not scanned for their size again.
            shared_texts: ``rows`` makes each repeated text one object in a sheet of ``SHARE_FROM_ROWS``
                rows or more (memory for a list held through a long run); False reads as calamine gives
                (a third of the read's time less, for a sheet read once and let go, as ``check`` does).

        Raises:
            InputUnreadable: when the file is not a workbook calamine can read (see the messages).
        """
        from python_calamine import CalamineWorkbook

        self.path = Path(path)
        self._zip = _check_readable(self.path)
        self._size_checked = size_checked
        self._shared_texts = shared_texts
        try:
            self._book = CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine raises several error types for broken files
            raise InputUnreadable(
                f"「{self.path.name}」をExcelファイルとして読み込めません（{type(exc).__name__}）。") from None
        self.sheet_names: list[str] = list(self._book.sheet_names)
        if not self.sheet_names:
            raise InputUnreadable(f"「{self.path.name}」にはシートが1枚もありません。Excelで開いて確かめてください。")
        self._formulas: dict[str, set[tuple[int, int]]] = {}

    def rows(self, sheet: str) -> list[list[object]]:
        """Return the cell values of a sheet from A1, as a list of equally long rows.

        An Excel error value reads as its text ("#N/A", "#REF!" …), as Excel shows it (calamine alone gives "").

        Raises:
            InputUnreadable: when the sheet does not exist, is damaged, or too sparse to read (see above).
        """
        if sheet not in self.sheet_names:
            names = "、".join(f"「{n}」" for n in self.sheet_names)
            raise InputUnreadable(f"シート「{sheet}」が「{self.path.name}」にありません（あるシート: {names}）。")
        from shuudan_xl.files.cell_kinds import CellKinds, scan_sheet_xml

        # The sheet's XML, read for its size check, tells what calamine does not: error values (scan_sheet_xml
        # looks for them only in a part holding a "#", which every one starts with: a memchr) and formulas. It is
        # let go before calamine reads the sheet, so the two are never held at once (a 100,000-row sheet: ~20 MB
        # less).
        part = _check_sheet(self.path, sheet) if self._zip else None
        kinds = CellKinds() if part is None else scan_sheet_xml(part)
        del part
        try:
            with paused_gc():
                data = self._book.get_sheet_by_name(sheet)
                share = self._shared_texts and data.height >= SHARE_FROM_ROWS
                rows = _shared_texts(data) if share else data.to_python(skip_empty_area=False)
        except Exception as exc:  # calamine's XmlError, WorksheetNotFound… for a damaged part
            raise InputUnreadable(_damaged(self.path.name, sheet, exc)) from None
        self._formulas[sheet] = kinds.formulas
        return kinds.apply(rows)

    def iter_rows(self, sheet: str) -> Iterator[list[object]]:
        """Yield the cell values of a sheet from A1 one row at a time, for reading a written file back.

        The values are calamine's, without ``rows``'s two additions: an Excel error value reads as "" and a
        formula's result is not told apart. A read-back that compares the values with what was written
        loses nothing by that (neither equals a written text), and never holds the whole sheet as Python
        lists (100,000 rows: about 110 MB less).

        Raises:
            InputUnreadable: as ``rows``.
        """
        if sheet not in self.sheet_names:
            return iter(self.rows(sheet))  # raises, naming the sheets there are
        if self._zip and not self._size_checked:
            _check_sheet(self.path, sheet)
        try:
            rows = _rows_from_a1(self._book.get_sheet_by_name(sheet))
        except Exception as exc:  # calamine's XmlError, WorksheetNotFound… for a damaged part
            raise InputUnreadable(_damaged(self.path.name, sheet, exc)) from None
        return _values(rows, self.path.name, sheet)

    def formula_cells(self, sheet: str) -> set[tuple[int, int]]:
        """Return the (row, column) indexes into ``rows(sheet)`` of the cells whose text is a formula's result."""
        if sheet not in self._formulas:
            self.rows(sheet)
        return self._formulas[sheet]


def _rows_from_a1(data) -> Iterator[list[object]]:
    # A calamine sheet's rows from A1, one at a time. Its iterator starts at the first used column (and,
    # depending on the version, row), so a sheet that does not start at A1 is read whole instead.
    return data.iter_rows() if data.start in (None, (0, 0)) else iter(data.to_python(skip_empty_area=False))


def _shared_texts(data) -> list[list[object]]:
    # The sheet's rows from A1, each repeated text one object: calamine makes a new string per cell, and a
    # list repeats its 指導区分, 種別, 都道府県 and often 宛先 down 100,000 rows (about 40 MB saved there).
    # Only the columns that repeat in the first rows are shared, each with a dict of its own: a column of
    # unique names or IDs would only grow one large dict (a million rows: 2 million entries, out of the CPU
    # cache) and save nothing. A million rows: 2.1 → 1.0 s.
    rows = _rows_from_a1(data)
    head = list(itertools.islice(rows, _SHARE_SAMPLE))
    columns = [(j, {}.setdefault) for j in range(min(map(len, head), default=0)) if _repeats(head, j)]
    out = []
    append = out.append
    for row in itertools.chain(head, rows):
        for j, same in columns:
            value = row[j]
            if value.__class__ is str:  # texts only: a dict takes TRUE, 1 and 1.0 for one another
                row[j] = same(value, value)
        append(row)
    return out


_SHARE_SAMPLE = 1000  # rows that decide which columns are shared


def _repeats(head: list[list[object]], column: int) -> bool:
    # Whether a column's texts (blank cells aside: "" is one object already) repeat in the first rows: at
    # most half of them distinct.
    texts = [value for row in head if (value := row[column]).__class__ is str and value]
    return bool(texts) and len(set(texts)) * 2 <= len(texts)


def _values(rows: Iterator[list[object]], name: str, sheet: str) -> Iterator[list[object]]:
    try:
        yield from rows
    except Exception as exc:  # a part damaged further down
        raise InputUnreadable(_damaged(name, sheet, exc)) from None


def _damaged(name: str, sheet: str, exc: Exception) -> str:
    return (f"「{name}」のシート「{sheet}」を読み込めません（{type(exc).__name__}）。"
            "壊れている可能性があります。Excelで開いて保存し直してください。")


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


def _check_readable(path: Path) -> bool:
    # Refuse, with an honest message, what calamine would misread or the writers could not write back.
    # Returns True for a zip package (an .xlsx/.xlsm whose sheets are size-checked before reading).
    head = file_head(path, "Excelファイル")
    if head == _OLE_MAGIC:
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            raise InputUnreadable(_ole_message(path))
        return False
    if not zipfile.is_zipfile(path):
        raise InputUnreadable(f"「{path.name}」はExcelファイル（.xlsx / .xlsm）ではありません。")
    from shuudan_xl.files.zip_limits import checked_zip, read_member

    with checked_zip(path, path.name) as book:
        names = set(book.namelist())
        if "xl/workbook.xml" not in names:
            if "content.xml" in names:
                raise InputUnreadable(f"「{path.name}」はOpenDocument形式（.ods）のブックです。"
                                      "Excelで開いて「Excelブック(.xlsx)」として保存し直してください。")
            raise InputUnreadable(f"「{path.name}」はExcelのブックではないため読み込めません"
                                  "（xl/workbook.xml がありません）。")
        workbook = read_member(book, "xl/workbook.xml", path.name)
        if _STRICT in workbook[:4096]:
            raise InputUnreadable(f"「{path.name}」は「Strict Open XML」形式で保存されています。"
                                  "この形式には対応していません。Excelで開いて「Excelブック(.xlsx)」として保存し直してください。")
        from shuudan_xl.files.package_parts import elements

        elements(workbook, path.name)  # well-formed, no DOCTYPE: as the writers will need it
    return True


_STRICT = b"purl.oclc.org/ooxml/spreadsheetml/main"
# Stream names in an OLE2 file's directory (UTF-16LE): an encrypted .xlsx, or a legacy BIFF workbook.
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_BIFF = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))


def _ole_message(path: Path) -> str:
    # An OLE2 file named .xlsx is either a password-protected workbook or an .xls renamed: the directory says.
    with path.open("rb") as fh:
        data = fh.read(64 * 1024 * 1024)
    if _ENCRYPTED in data or not any(name in data for name in _BIFF):
        return (f"「{path.name}」はパスワードで保護（暗号化）されているため読み込めません。"
                "Excelで保護を解除して保存し直してください。")
    return (f"「{path.name}」の中身は古い形式（Excel 97-2003 ブック .xls）で、名前だけが {path.suffix} になっています。"
            "Excelで開いて「Excelブック(.xlsx)」として保存し直してください。")


def _check_sheet(path: Path, sheet: str) -> bytearray:
    # The sheet's XML, read through the size cap, must not claim far more cells than it holds; returned
    # for the scan of error values and formulas (files.cell_kinds).
    from shuudan_xl.files.package_parts import sheet_member
    from shuudan_xl.files.sheet_bounds import check_sheet_size
    from shuudan_xl.files.zip_limits import checked_zip, read_part

    with checked_zip(path, path.name) as book:
        part = read_part(book, sheet_member(book, sheet, path.name), path.name)
    if b"<!DOCTYPE" in part[:4096]:
        raise InputUnreadable(f"「{path.name}」のシート「{sheet}」のXMLに DOCTYPE 宣言があります。"
                              "Excelが保存したファイルではないため読み込みません。Excelで開いて保存し直してください。")
    check_sheet_size(part, path.name, sheet)
    return part
