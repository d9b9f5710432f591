"""What python-calamine does not say about a cell: that it holds an Excel error value or a formula.

calamine reads an error cell (``#N/A``, ``#DIV/0!`` …) as an empty string and a formula cell as its cached
result, so a password cell showing ``#REF!`` would look blank (and be filled with a generated password), and a
password computed by ``=RANDBETWEEN(…)`` would pass as typed. This module looks at the sheet's XML for the
cells whose type says so: ``t="e"`` (an error value) and ``t="str"`` (the text result of a formula), in
either quotes and with or without white space around the equals sign, as calamine reads them. A
formula with a number, date or logical result needs no scan: calamine returns a number, date or bool there,
which the checks already refuse in text columns.

The common sheet has neither value, and an error value is only looked for in a part holding a "#" (every error
value starts with one; calamine refuses a t="e" cell with any other value, and reads one without a value as an
empty cell, as this module does): the reader has the sheet part already (it checks its size before calamine
reads it), so the cost is a memchr and one or two literal searches (about 5 ms each for a 100,000-row sheet).
Only the cells around a hit are parsed.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
_CELL_START = re.compile(rb"<" + _NS + rb"c\b([^>]*?)(/?)>")
_CELL_END = re.compile(rb"</" + _NS + rb"c>")
_FORMULA = re.compile(rb"<" + _NS + rb"f\b")
_TYPE = re.compile(rb"""(?:^|\s)t\s*=\s*["']([a-zA-Z]+)["']""")
_REF = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Z]+)([0-9]+)["']""")
_VALUE = re.compile(rb"<" + _NS + rb"v\b[^>]*>([^<]*)</")
_ROW = re.compile(rb"<" + _NS + rb"row\b([^>]*?)(/?)>")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["']([0-9]+)["']""")
# The type attribute's values that need a look, found by their end: e" or e' (an error value), str" or
# str' (a formula's text). A literal search skips ahead at C speed, where one pattern for both (or one
# starting at the quote, the commonest byte of the part) would stop at every quote; the byte before
# must be a quote as well, and the cell's t attribute is parsed in full where one is found.
_ERROR_END, _FORMULA_TEXT_END = re.compile(rb"e[\"']"), re.compile(rb"str[\"']")
# A part without a single quote (Excel writes double quotes) is searched for the double-quoted endings only:
# a literal prefix, which the search skips to faster (a single quote is looked for at memchr speed).
_DOUBLE_QUOTED = {_ERROR_END: re.compile(rb'e"'), _FORMULA_TEXT_END: re.compile(rb'str"')}
_QUOTES = b"\"'"


class CellKinds:
    """Error values and text formulas of one sheet, by 0-based (row, column) as in ``Workbook.rows``."""

    def __init__(self) -> None:  # (not a dataclass: that would load inspect for every command)
        self.errors: dict[tuple[int, int], str] = {}  # the error's text, e.g. "#N/A"
        self.formulas: set[tuple[int, int]] = set()

    def apply(self, rows: list[list[object]]) -> list[list[object]]:
        """Put each error's text into the rows calamine read (it gives "" there), as Excel shows it."""
        for (r, c), text in self.errors.items():
            if r < len(rows) and c < len(rows[r]) and rows[r][c] == "":
                rows[r][c] = text
        return rows


def sheet_cell_kinds(path: Path, sheet: str) -> CellKinds:
    """Find the error values and text formulas of a worksheet (``Workbook.rows`` scans the part it has read).

    Returns:
        Where the sheet holds errors and formulas; empty for a file that is not a zip package (.xls).
    """
    if not zipfile.is_zipfile(path):
        return CellKinds()
    return scan_sheet_xml(_read_part(Path(path), sheet))


def scan_sheet_xml(data: bytes, errors: bool = True) -> CellKinds:
    """Find error values (when ``errors``) and text formulas in a worksheet part."""
    kinds = CellKinds()
    errors = errors and b"#" in data  # every error value starts with "#" (#N/A, #REF! …; calamine refuses others)
    for pos in _marker_quotes(data, errors):
        cell = _cell_around(data, pos)
        if cell is None:
            continue  # the marker is text outside a cell's start tag
        attrs, inner = cell
        ref = _REF.search(attrs)
        if ref is None:
            return _scan_counting(data)  # cells without their r attribute: number them in order
        from shuudan_xl.files.cell_refs import column_index  # (loaded where a sheet has such cells)

        _record(kinds, int(ref.group(2)) - 1, column_index(ref.group(1)), attrs, inner)
    return kinds


def _marker_quotes(data: bytes, errors: bool) -> list[int]:
    # Where a quoted "str" (and "e", when ``errors``) starts: the position of its opening quote.
    found = []
    single_quotes = b"'" in data
    for end in (_FORMULA_TEXT_END, _ERROR_END) if errors else (_FORMULA_TEXT_END,):
        end = end if single_quotes else _DOUBLE_QUOTED[end]
        found += [m.start() - 1 for m in end.finditer(data) if m.start() and data[m.start() - 1] in _QUOTES]
    return sorted(found)


def _read_part(path: Path, sheet: str) -> bytearray:
    from shuudan_xl.files.package_parts import sheet_member
    from shuudan_xl.files.zip_limits import checked_zip, read_part

    with checked_zip(path, path.name) as book:
        return read_part(book, sheet_member(book, sheet, path.name), path.name)


def _cell_around(data: bytes, pos: int) -> tuple[bytes, bytes] | None:
    # The cell whose start tag holds ``pos``: its attributes and content; None when ``pos`` is elsewhere.
    start = data.rfind(b"<", 0, pos)
    m = _CELL_START.match(data, start) if start >= 0 else None
    if m is None or m.end() <= pos:
        return None
    if m.group(2):  # <c …/>
        return m.group(1), b""
    end = _CELL_END.search(data, m.end())
    return m.group(1), data[m.end():end.start() if end else len(data)]


def _record(kinds: CellKinds, row: int, col: int, attrs: bytes, inner: bytes) -> None:
    kind = _TYPE.search(attrs)
    kind = kind.group(1) if kind else b""
    value = _VALUE.search(inner) if kind == b"e" else None
    if value and value.group(1):  # an error type without a value is an empty cell, as calamine reads it
        kinds.errors[(row, col)] = value.group(1).decode("utf-8", "replace")
    if _FORMULA.search(inner):
        kinds.formulas.add((row, col))


def _scan_counting(data: bytes) -> CellKinds:
    # Every row and cell in order, numbering those without an r attribute as Excel does.
    from shuudan_xl.files.cell_refs import column_index

    kinds = CellKinds()
    row = -1
    rows = list(_ROW.finditer(data))
    for i, rm in enumerate(rows):
        number = _ROW_NUMBER.search(rm.group(1))
        row = int(number.group(1)) - 1 if number else row + 1
        if rm.group(2):
            continue
        end = rows[i + 1].start() if i + 1 < len(rows) else len(data)
        col = -1
        for cm in _CELL_START.finditer(data, rm.end(), end):
            ref = _REF.search(cm.group(1))
            col = column_index(ref.group(1)) if ref else col + 1
            close = None if cm.group(2) else _CELL_END.search(data, cm.end(), end)
            inner = b"" if cm.group(2) else data[cm.end():close.start() if close else end]
            _record(kinds, row, col, cm.group(1), inner)
    return kinds
