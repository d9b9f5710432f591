"""How much memory reading a worksheet will take, known before python-calamine allocates it.

calamine turns a sheet into a dense rectangle from A1 to the farthest cell holding a value: one value at
XFD1048576 in a 16 KB file would ask for 17 billion cells. Before a sheet of an .xlsx/.xlsm is read, its
XML is scanned (at C speed: a few regular-expression searches, no per-cell Python work) for the farthest
row and column a cell names; the sheet is refused when that rectangle holds more than
``max(CELL_LIMIT, 8 × the cells that hold a value)`` cells, so reading costs memory in proportion to the
real data. Cells that only carry a format (no value) are not counted: calamine skips them.

References are read as calamine reads them: with white space around the equals sign, and past Excel's
XFD1048576 (four letters, eight digits). The search for white space before an equals sign costs a pass
(about 10 ms over a 100,000-row sheet); without it a crafted sheet could name XFD1048576 unseen.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from shuudan_xl.errors import InputUnreadable

CELL_LIMIT = 4_000_000  # 100,000 rows × 40 columns; a few hundred MB at most
SPARSE_FACTOR = 8
_Q = rb"""["']"""
# r="…" preceded by white space. The literal r= comes first so that the search skips ahead at memchr
# speed; the white space is checked behind it (a leading \s makes every search 4× slower).
_R = rb"r=" + _Q + rb"(?<=\sr=" + _Q + rb")"


def _ref(letters: bytes, digits: bytes) -> re.Pattern:
    # A cell or row reference attribute: r="AB123" (cells) or r="123" (rows), any attribute position.
    return re.compile(_R + letters + digits + _Q)


# Any number of letters and digits: calamine reads r="AAAA1" as column 18,279 and r="A12345678" as row
# 12,345,678, past Excel's XFD1048576, and would allocate for them.
_WIDE = _ref(rb"[A-Z]{2,}", rb"[0-9]+")  # a column past Z
_COLUMN = re.compile(_R + rb"([A-Z]{%d})[0-9]+" + _Q)
# Row 1,000,000 or later: seven significant digits or more, so that the greatest of these is the farthest
# row whatever leading zeros (r="A0000001" is row 1) the shorter ones carry. At a 1,000,000-row list only
# its last rows match: the exact maximum costs one pass, not a list of every reference.
_HUGE_ROW = re.compile(_R + rb"[A-Z]*0*([1-9][0-9]{6,})" + _Q)
_LONG_ROW = re.compile(_R + rb"[A-Z]*([0-9]{6,})" + _Q)  # row 100,000 or later
_ROW = re.compile(_R + rb"[A-Z]*([0-9]{1,5})" + _Q)
# The first reference that is not a cell or row within Z99999 (one pass; None for the usual list). Every
# reference before it is within Z99999, so the exact searches only need to run from there on. Written
# r= followed by white space, it counts as unusual too (see _SPACED).
_UNUSUAL = re.compile(rb"r=(?!" + _Q + rb"[A-Z]?+[0-9]{1,5}+" + _Q + rb")(?<=\sr=)")  # possessive: ~15% faster
# Likewise the first reference that is not within Z999999: before it no reference names a column past Z or a
# row of seven digits, so the searches for those start there (a list of a million rows: at its last rows,
# one pass instead of two slower ones).
_BEYOND = re.compile(rb"r=(?!" + _Q + rb"[A-Z]?+[0-9]{1,6}+" + _Q + rb")(?<=\sr=)")
# White space around the equals sign (r = "A1"): legal XML, and calamine reads it as any other reference.
# The searches above expect r="A1"; a part that writes one otherwise is searched in that form (a copy).
_SPACE_BEFORE = re.compile(rb"r\s+=")
_SPACED = re.compile(rb"(?<=\sr)\s*=\s*")
# r\s+= in two steps: "r" and a space is a literal prefix the search skips to at twice the speed; the other
# white space bytes (tab, line ends, form feed) are rare in a sheet past its XML declaration, found by memchr.
_SPACE_THEN = re.compile(rb"r \s*=")
_RARE_SPACES = (b"\t", b"\n", b"\r", b"\f", b"\v")
_DECLARATION = re.compile(rb"(?:\xef\xbb\xbf)?<\?xml[^>]*\?>\s*")


def column_number(letters: bytes) -> int:
    """Letters → 1-based column number ("A" → 1)."""
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def farthest_column(xml: bytes, pos: int = 0) -> int:
    """The largest 1-based column a cell reference names (26 when none has two letters or more).

    Args:
        xml: the sheet part.
        pos: where to start looking, when every reference before it is known to be within column Z.
    """
    if not _WIDE.search(xml, pos):  # one pass for the usual list (columns A–Z)
        return 26
    letters = 2  # the most letters a reference has: one more pass each (AA–ZZ, AAA–XFD, …)
    while _ref(rb"[A-Z]{%d,}" % (letters + 1), rb"[0-9]+").search(xml, pos):
        letters += 1
    pattern = re.compile(_COLUMN.pattern % letters)
    return max(column_number(m) for m in set(pattern.findall(xml, pos)))


def last_single_letter_column(xml: bytes) -> int:
    """The largest 1-based column (1–26) a cell reference names, for a sheet with none past Z.

    A binary search over the letters: five searches at most, each at memchr speed.
    """
    low, high = 1, 26
    while low < high:
        middle = (low + high + 1) // 2
        pattern = _R + b"[" + bytes([64 + middle]) + b"-Z][0-9]+" + _Q
        if re.search(pattern, xml):
            low = middle
        else:
            high = middle - 1
    return low


def farthest_row(xml: bytes, columns: int, allowed: int | Callable[[int], bool], pos: int = 0,
                 huge_pos: int | None = None) -> int:
    """The largest row a cell or row reference names, or a bound on it (99,999; 999,999) when that is enough.

    Tier by tier: rows of seven digits or more are found exactly (few, when any); rows of six digits are
    found exactly when there are few of them (a list just past row 100,000), and otherwise 999,999 is
    returned when a sheet that far down would still be allowed, so that a list of a million rows is not
    listed reference by reference; and likewise 99,999 below them.

    Args:
        xml: the sheet part.
        columns: the farthest column, for the bound.
        allowed: how many cells may be read; or a function telling whether so many cells may be read, called
            only when a bound is weighed (counting the cells that hold a value costs a pass over the part).
        pos: where to look for rows from 100,000 on, when no reference before it names one.
        huge_pos: where to look for rows from 1,000,000 on, when no reference before it names one (``pos``).
    """
    allows = allowed if callable(allowed) else allowed.__ge__
    huge = set(_HUGE_ROW.findall(xml, pos if huge_pos is None else huge_pos))  # one pass; empty below 1,000,000
    if huge:
        return max(int(n) for n in huge)
    long_rows = set()
    for found, m in enumerate(_LONG_ROW.finditer(xml, pos)):  # rows from 100,000 on: the first few exactly
        if found == _FEW:
            if allows(999_999 * columns):
                return 999_999
            long_rows = set(_LONG_ROW.findall(xml, pos))
            break
        long_rows.add(m.group(1))
    if long_rows:
        return max(int(n) for n in long_rows)
    if allows(99_999 * columns):
        return 99_999
    return max((int(n) for n in set(_ROW.findall(xml))), default=0)


_FEW = 4096  # six-digit references listed one by one before a bound is weighed (a list just past row 100,000)


def _space_before_equals(xml: bytes) -> bool:
    # Whether an attribute named r is written with white space before its equals sign (r ="A1"), as
    # _SPACE_BEFORE finds it: "r " at literal speed, and the full pattern only where a rare white space
    # byte appears after the XML declaration and the line end that follows it.
    if _SPACE_THEN.search(xml):
        return True
    declaration = _DECLARATION.match(xml)
    body = declaration.end() if declaration else 0
    return any(xml.find(space, body) >= 0 for space in _RARE_SPACES) and bool(_SPACE_BEFORE.search(xml, body))


def check_sheet_size(xml: bytes, name: str, sheet: str) -> None:
    """Refuse a sheet whose cells from A1 to its farthest value would outgrow its real data.

    Raises:
        InputUnreadable: naming the sheet and the farthest cell, with what to do.
    """
    if _space_before_equals(xml):
        xml = _SPACED.sub(b"=", xml)
    unusual = _UNUSUAL.search(xml)
    if unusual is None:  # every reference within Z99999: at most 2.6 million cells
        return
    if xml[unusual.end():unusual.end() + 1].isspace():  # r= "…"
        xml = _SPACED.sub(b"=", xml)
        unusual = _UNUSUAL.search(xml)
        if unusual is None:
            return
    pos = unusual.start() - 1  # the white space before r=, for the searches' look-behind

    valued = _ValuedCells(xml)

    def allowed(cells: int) -> bool:  # cells <= max(CELL_LIMIT, SPARSE_FACTOR × the cells holding a value)
        return cells <= CELL_LIMIT or valued.at_least(-(-cells // SPARSE_FACTOR))

    beyond = _BEYOND.search(xml, pos)
    far = len(xml) if beyond is None else beyond.start() - 1  # the white space before r=, as pos
    columns = farthest_column(xml, far)
    rows = farthest_row(xml, columns, allowed, pos, far)
    if allowed(rows * columns):  # the usual list past row 100,000: no count; a million rows: counted in part
        return
    if columns == 26:  # only an upper bound so far (no column past Z): a narrow sheet of a million rows
        columns = last_single_letter_column(xml)
        if allowed(rows * columns):
            return
    from shuudan_xl.files.cell_refs import column_letter

    raise InputUnreadable(
        f"「{name}」のシート「{sheet}」は、値の入ったセルが {column_letter(columns - 1)} 列・{rows:,} 行目まで"
        f"離れて広がっているため読み込みません（実際の値は約 {valued.total():,} 個ですが、読むには"
        f"{rows * columns:,} 個分のメモリが要ります）。離れた所のセルを削除して保存し直してください。")


class _ValuedCells:
    """The cells of a sheet part that hold a value, counted a stretch at a time as far as a question needs.

    "</c>" and "</x:c>" end a cell with content (a format-only cell is "<c …/>"): their "c>" counted. A bound
    is allowed once a first stretch holds enough of them (a list of a million rows: 40% of its part, not all).
    """

    def __init__(self, xml: bytes):
        self._xml, self._count, self._pos = xml, 0, 0

    def at_least(self, cells: int | float) -> bool:
        """Whether the part holds ``cells`` valued cells or more (counting on only while it is unknown)."""
        xml, end = self._xml, len(self._xml)
        while self._count < cells and self._pos < end:
            stop = min(end, self._pos + _STRETCH)
            self._count += xml.count(b"c>", self._pos, stop)
            # The next stretch starts at this one's last byte: a "c>" across the seam is counted there once
            # (it cannot overlap another, so none is counted twice).
            self._pos = stop - 1 if stop < end else end
        return self._count >= cells

    def total(self) -> int:
        """All the valued cells of the part."""
        self.at_least(float("inf"))
        return self._count


_STRETCH = 1 << 24  # bytes counted at a time (16 MB: about 40,000 rows of a list)
