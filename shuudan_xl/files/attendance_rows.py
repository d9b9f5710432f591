"""The data rows of the attendance workbook's 出欠入力 sheet, streamed into the book XlsxWriter wrote.

At 10,000 viewers the sheet holds about 155,000 cells; XlsxWriter keeps each as a Python object and writes it
through several calls, which was two thirds of the ``attendance`` command. XlsxWriter still writes the whole
book (formats, column widths, frozen pane, autofilter, the 結果 dropdown, page setup, the 集計 charts) with
the sheet's header row only; the rows are then added to that sheet part as XlsxWriter writes them, except
that text goes into inline strings (the shared-string table is left as it is). Excel, LibreOffice,
python-calamine and openpyxl read both alike.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from pathlib import Path

from shuudan_xl.files.deflate_member import open_deflated
from shuudan_xl.files.page_setup import fit_row
from shuudan_xl.files.xlsx_rows import _like, text_element, write_gathered  # the vendor books' streaming

# Excel's day 0 for the dates it counts right (from 1900-03-01, after its 1900 leap-year bug), as XlsxWriter.
_EPOCH = dt.datetime(1899, 12, 30)
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')


class RowHeights:
    """Collects the row heights files.page_setup.fit_row sets (it takes a sheet with ``set_row``)."""

    def __init__(self):
        self.height: float | None = None

    def set_row(self, row: int, height: float) -> None:
        """Remember the height of the row (one row at a time)."""
        self.height = height


def cell_xml(ref: str, value: object, style: int) -> str:
    """One cell as XlsxWriter writes it (text as an inline string); "" for an empty value.

    Args:
        ref: The cell reference ("B2").
        value: Text, a date, a datetime or an integer.
        style: The cell's format index (XlsxWriter's ``Format.xf_index`` after ``close()``).
    """
    return f'<c r="{ref}{cell_tail(value, style)}'


def cell_tail(value: object, style: int) -> str:
    """What follows the reference in ``cell_xml``'s cell: ``" s="3"><v>45473</v></c>`` and the like."""
    if isinstance(value, str):
        return f'" s="{style}" t="inlineStr"><is>{text_element(value)}</is></c>'
    if isinstance(value, dt.datetime):
        delta = value - _EPOCH
        serial = delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / (60 * 60 * 24)
        return f'" s="{style}"><v>{serial:.16G}</v></c>'
    if isinstance(value, dt.date):
        return cell_tail(dt.datetime.combine(value, dt.time()), style)
    return f'" s="{style}"><v>{value:.16G}</v></c>'


class CellPieces:
    """Makes rows of cells as ``cell_xml`` does, and their heights as files.page_setup.fit_row gives them: each
    column's cell and line height for a value worked out once (a 10,000-row sheet has 150,000 cells, most of
    them labels, dates and reasons that repeat).

    Args:
        letters: The columns' letters.
        style_of: The format index of a column's cell for a value, None for no cell (``style_of(col, value)``).
        widths: The column widths (characters) for the heights (see LineHeights); None: no heights.
        kind_styles: Per column, by exact type, the format index ``style_of`` gives every value of that type (of
            text: every one but "", which must be no cell); None for a column, or for all: ask ``style_of``.
    """

    # Values of these exact types only: equal values of one column are then alike (no True == 1, no 1 == 1.0).
    USUAL = frozenset({str, int, dt.date, dt.datetime, type(None)})
    REMEMBERED = 4096  # values remembered per column: the repeating ones are met first, unique ones are not kept

    def __init__(self, letters: list[str], style_of, widths=None, kind_styles=None):
        self._refs = [f'<c r="{letter}' for letter in letters]
        self._known: list[dict[object, tuple[str, float | None]]] = [{} for _ in letters]
        self._style_of = style_of
        widths = widths if widths is not None else [None] * len(letters)
        self._heights = LineHeights(widths)
        self._wrapping = [bool(w) for w in widths]
        # What style_of gives by type, where the caller says (a name, an ID, a row number: met once each).
        self._kinds: list[dict[type, int] | None] = list(kind_styles or [None] * len(letters))

    def usual(self, values: tuple) -> bool:
        """True when every value is of a type ``row_and_height`` takes."""
        return self.USUAL.issuperset(map(type, values))

    def row_and_height(self, number: int, values: tuple) -> tuple[str, float | None]:
        """The row's cells and its height (None: the default, one line), values of the usual types only."""
        cells, height, known = [], None, self._known
        for col, value in enumerate(values):
            piece = known[col].get(value)
            if piece is None:
                piece = self._piece(col, value)
            cell, own = piece
            cells.append(cell)
            if own is not None and (height is None or own > height):
                height = own
        return "".join(cells).replace(_MARK, str(number)), height

    def rows_and_heights(self, first: int, rows: list[tuple]) -> list[tuple[str, float | None]]:
        """``row_and_height`` of rows numbered from ``first`` on, each as long as the letters, taken a column at a
        time: each column's pieces looked up in C, each row joined and numbered in C (a Python step per value
        met for the first time only)."""
        columns, tall = [], []
        for col, values in enumerate(zip(*rows, strict=True)):
            known = self._known[col]
            pieces = list(map(known.get, values))
            if None in pieces:
                self._fill(col, values, pieces)
            cells, owns = zip(*pieces, strict=True)
            columns.append(cells)
            if owns.count(None) != len(owns):
                tall.append(owns)
        texts = list(map(str.replace, map("".join, zip(*columns, strict=True)), itertools.repeat(_MARK),
                         map(str, range(first, first + len(rows)))))
        if not tall:
            return list(zip(texts, itertools.repeat(None)))
        if len(tall) == 1:  # one column's values need more than a line: they are the rows' heights
            return list(zip(texts, tall[0], strict=True))
        # A row's height: the tallest its values need (None: every one fits a line), as row_and_height gives it
        # (a height is never 0: filter drops the Nones).
        heights = [max(filter(None, owns), default=None) for owns in zip(*tall, strict=True)]
        return list(zip(texts, heights, strict=True))

    def _fill(self, col: int, values: tuple, pieces: list) -> None:
        # Put in the pieces of the values met for the first time (None in ``pieces``). Texts of a column whose
        # texts take one format, none needing an escape, an edge space or a second line (names, IDs, numbers:
        # most of a sheet's new values) are made together; any other value by _piece.
        missing = [i for i, piece in enumerate(pieces) if piece is None]
        texts = [values[i] for i in missing]
        kinds = set(map(type, texts))
        style = self._kinds[col].get(kinds.pop()) if len(kinds) == 1 and self._kinds[col] is not None else None
        made = None
        if style is not None and texts[0].__class__ is int:  # cell_tail's number, for each
            template = f'{self._refs[col]}{_MARK}" s="{style}"><v>%s</v></c>'
            made = list(zip(map(template.__mod__, map(format, texts, itertools.repeat(".16G"))),
                            itertools.repeat(None)))
        elif style is not None and texts[0].__class__ is str and "" not in texts:
            joined = "".join(texts)
            if (text_element(joined) == f"<t>{joined}</t>"  # (its rule holds for each text: see text_element)
                    and list(map(str.strip, texts)) == texts
                    and (not self._wrapping[col] or self._heights.all_fit(col, texts, joined))):
                template = f'{self._refs[col]}{_MARK}" s="{style}" t="inlineStr"><is><t>%s</t></is></c>'
                made = list(zip(map(template.__mod__, texts), itertools.repeat(None)))
        if made is not None:
            for i, piece in zip(missing, made, strict=True):
                pieces[i] = piece
            known = self._known[col]
            room = self.REMEMBERED - len(known)
            if room > 0:
                known.update(itertools.islice(zip(texts, made, strict=True), room))
            return
        known = self._known[col]
        for i in missing:
            pieces[i] = known.get(values[i]) or self._piece(col, values[i])

    def _piece(self, col: int, value: object) -> tuple[str, float | None]:
        # The cell's text with _MARK for its row number ("": no cell) and the line height it needs.
        kinds = self._kinds[col]
        style = kinds.get(value.__class__) if kinds is not None and value != "" else None
        if style is None:
            style = self._style_of(col, value)
        tail = "" if style is None else cell_tail(value, style)
        piece = (self._refs[col] + _MARK + tail if tail else "",
                 self._heights.own(col, value) if self._wrapping[col] else None)
        known = self._known[col]
        if len(known) < self.REMEMBERED:
            known[value] = piece
        return piece


# Where a cell's row number goes in a remembered cell: a character no cell text holds (text_element writes every
# control character as _xHHHH_; formats, numbers and dates hold none), put in by one replace per row.
_MARK = "\0"


class LineHeights:
    """The height files.page_setup.fit_row gives a row, worked out value by value and remembered: a text
    that fits one line however wide its characters (an ASCII one: one cell each) is not measured, and the
    labels, dates and reasons that repeat down a sheet are measured once.

    Args:
        widths: The column widths (characters); None for a column that does not wrap.
    """

    def __init__(self, widths):
        self._limits = [(c, w, max(1, int(w))) for c, w in enumerate(widths) if w]
        self._widths = {c: (w, capacity) for c, w, capacity in self._limits}
        self._known: dict[tuple[int, str], float | None] = {}

    def of(self, values) -> float | None:
        """The row's height (None: the default, one line)."""
        height = None
        for col, _, _ in self._limits:
            own = self.own(col, values[col])
            if own is not None and (height is None or own > height):
                height = own
        return height

    def all_fit(self, col: int, texts: list[str], joined: str) -> bool:
        """True when each of a column's texts (``joined``: run together) fits one line: ``own`` is None for each
        by its first rule (no line break, as many cells as characters, two for a non-ASCII one, at most the
        column's width)."""
        width = self._widths.get(col)
        return (width is not None and "\n" not in joined
                and max(map(len, texts), default=0) * (1 if joined.isascii() else 2) <= width[1])

    def own(self, col: int, value: object) -> float | None:
        """The height one value of a column needs (None: one line, or a column that does not wrap)."""
        width = self._widths.get(col)
        if width is None or not isinstance(value, str):
            return None
        width, capacity = width
        if len(value) * (1 if value.isascii() else 2) <= capacity and "\n" not in value:
            return None
        key = (col, value)
        if key in self._known:
            return self._known[key]
        one = RowHeights()
        fit_row(one, 0, (value,), (width,))
        own = self._known[key] = one.height
        return own


def add_rows(skeleton: bytes, path: Path, sheets: dict[str, tuple[object, str]]) -> None:
    """Write ``path``: the book ``skeleton`` with rows of ready cells added to the end of sheet parts.

    Args:
        skeleton: The .xlsx XlsxWriter wrote, each of the sheets holding its header row only.
        path: The workbook to write.
        sheets: By zip member ("xl/worksheets/sheet2.xml"): the rows, each (1-based row number, height or
            None, cells XML) in order below the header, and the letters of the sheet's last column.

    Raises:
        ValueError: when a part is not such a sheet.
    """
    with zipfile.ZipFile(io.BytesIO(skeleton)) as book:
        members = [(info, book.read(info)) for info in book.infolist()]
    parts = dict((info.filename, data) for info, data in members)
    split = {}
    for part, (rows, last_column) in sheets.items():
        sheet = parts.get(part, b"")
        if sheet.count(b"</sheetData>") != 1 or not _DIMENSION.search(sheet):
            raise ValueError(f"{part}: not a sheet XlsxWriter wrote")
        rows = list(rows)
        if rows:
            sheet = _DIMENSION.sub(f'<dimension ref="A1:{last_column}{rows[-1][0]}"/>'.encode(), sheet, count=1)
        split[part] = (*sheet.split(b"</sheetData>"), rows)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename not in split:
                out.writestr(info, data)
                continue
            head, tail, rows = split[info.filename]
            with open_deflated(out, _like(info)) as stream:
                stream.write(head)
                write_gathered(stream, (_row_xml(*row) for row in rows))
                stream.write(b"</sheetData>" + tail)


def _row_xml(number: int, height: float | None, cells: str) -> str:
    if height is None:
        return f'<row r="{number}">{cells}</row>'
    return f'<row r="{number}" ht="{height}" customHeight="1">{cells}</row>'

