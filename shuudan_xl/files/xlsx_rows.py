"""Append many rows of text cells to a small workbook XlsxWriter made, streaming the XML.

The vendor books hold up to a million rows of three text cells. XlsxWriter keeps every cell as a Python
object and writes it through several calls (about 6 µs a cell, and hundreds of megabytes at a million
rows). Here XlsxWriter still writes the book — header row, formats, column widths, frozen pane,
properties, theme — with no data rows, and the rows are then added to its sheet and shared-string parts
the way XlsxWriter writes them (text cells with shared strings, the same escapes), streamed into the zip
at about 1 µs a cell. What comes out is the book XlsxWriter would have written; the caller reads it
back and compares every value anyway.

Writers compared for the two vendor books at 100,000 rows (tests/benchmarks/bench_writers.py: process
CPU time of the writing and peak, records already in memory): XlsxWriter cell by cell 3.1 s / 117 MiB; its
constant_memory mode 2.8 s / 53 MiB, but it writes inline strings, which not every importer on the vendor's
side may read; rustpy-xlsxwriter (Rust) 0.4 s / 54 MiB, but a young binding and a new dependency for the one
file that must never be wrong; this module 0.8 s / 83 MiB, no new dependency, shared strings exactly as
XlsxWriter writes them.
"""

from __future__ import annotations

import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from shuudan_xl.files.cell_refs import column_letter
from shuudan_xl.files.deflate_member import open_deflated

SHEET_PART = "xl/worksheets/sheet1.xml"
STRINGS_PART = "xl/sharedStrings.xml"
_NEEDS_CARE = re.compile(r"[&<>_\x00-\x1f\ufffe\uffff]")  # and an edge space (text_element)
_PLAIN_RUN = re.compile(r"[&<>_\x00-\x1f\ufffe\uffff\s]")  # _NEEDS_CARE, or white space anywhere (_sis)
_SI_RUN = 4096  # shared strings looked at together (_sis)
_ESCAPED_ESCAPE = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_SST_HEAD = re.compile(rb'<sst xmlns="[^"]*" count="(\d+)" uniqueCount="(\d+)">')
_FLUSH = 1 << 20  # characters (or bytes) of XML gathered before each write into the zip


def append_text_rows(skeleton: bytes, path: Path, rows: Sequence[Sequence[str]], columns: int, style: int,
                     first_row: int = 2, heights: Sequence[float | None] | None = None) -> None:
    """Write ``path``: the one-sheet book ``skeleton`` with ``rows`` of text cells added below its last row.

    Args:
        skeleton: An .xlsx written by XlsxWriter: one sheet, shared strings, nothing from ``first_row`` on.
        path: The workbook to write.
        rows: The rows, each ``columns`` strings.
        columns: Cells per row (1–16,384: A–XFD).
        style: The cell format index (XlsxWriter's ``Format.xf_index`` after ``close()``).
        first_row: The 1-based row of the first added row.
        heights: Each row's height in points as XlsxWriter's ``set_row`` takes it, None for the default
            height; None: every row of the default height.

    Raises:
        ValueError: when the skeleton is not such a book, or a row has another number of cells.
    """
    if not 1 <= columns <= 16_384:
        raise ValueError(f"{columns} columns")
    if heights is not None and len(heights) != len(rows):
        raise ValueError(f"{len(heights)} heights for {len(rows)} rows")
    with zipfile.ZipFile(io.BytesIO(skeleton)) as book:
        members = [(info, book.read(info)) for info in book.infolist()]
    parts = {info.filename: data for info, data in members}
    sst = _SST_HEAD.search(parts.get(STRINGS_PART, b""))
    if SHEET_PART not in parts or sst is None or parts[SHEET_PART].count(b"</sheetData>") != 1:
        raise ValueError("not a one-sheet XlsxWriter book with shared strings")
    letters = [column_letter(c) for c in range(columns)]
    last = first_row + len(rows) - 1
    sheet = parts[SHEET_PART]
    if rows:
        sheet = _DIMENSION.sub(f'<dimension ref="A1:{letters[-1]}{last}"/>'.encode(), sheet, count=1)
    sheet_head, sheet_tail = sheet.split(b"</sheetData>")
    strings: dict[str, int] = {}
    unique = int(sst.group(2))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            if info.filename == STRINGS_PART:
                # After the sheet: its strings are known then. Its head counts every cell and every string.
                head = _SST_HEAD.sub(f'<sst xmlns="{_MAIN}" count="{int(sst.group(1)) + len(rows) * columns}" '
                                     f'uniqueCount="{unique + len(strings)}">'.encode(), data, count=1)
                before, after = head.split(b"</sst>")
                with open_deflated(out, _like(info)) as stream:
                    stream.write(before)
                    write_gathered(stream, _sis(strings))
                    stream.write(b"</sst>" + after)
                continue
            if info.filename != SHEET_PART:
                out.writestr(info, data)
                continue
            with open_deflated(out, _like(info)) as stream:
                stream.write(sheet_head)
                write_gathered(stream, _rows_xml(rows, letters, style, first_row, strings, unique, heights))
                stream.write(b"</sheetData>" + sheet_tail)


# ---------------------------------------------------------------------------------------------
# Private API
# ---------------------------------------------------------------------------------------------

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _rows_xml(rows, letters: list[str], style: int, first_row: int, strings: dict[str, int], unique: int,
              heights=None):
    # Each row as XlsxWriter writes it; new strings are numbered after the skeleton's in first-use order.
    columns = len(letters)
    # One %-template per row: '<row r="7" spans="1:3"><c r="A7" s="1" t="s"><v>12</v></c>…</row>'.
    cells = "".join(f'<c r="{letter}%d" s="{style}" t="s"><v>%d</v></c>' for letter in letters) + "</row>"
    plain = f'<row r="%d" spans="1:{columns}">' + cells
    if heights is not None and any(height is not None for height in heights):
        yield from _rows_each(rows, plain, f'<row r="%d" spans="1:{columns}" ht="%s" customHeight="1">' + cells,
                              columns, first_row, strings, unique, heights)
        return
    if any(map(columns.__ne__, map(len, rows))):
        number, row = next((n, row) for n, row in enumerate(rows, start=first_row) if len(row) != columns)
        raise ValueError(f"row {number} has {len(row)} cells, not {columns}")
    # The same rows with no Python step per row or cell, joined a run at a time (both vendor books of a million
    # rows: about 0.3 s less; most of what is left is the dict of the strings). A cell's string index is
    # setdefault's: a new text gets unique + the count so far, which map takes before each call.
    indexes = map(strings.setdefault, itertools.chain.from_iterable(rows),
                  map(unique.__add__, map(len, itertools.repeat(strings))))
    numbers = [iter(range(first_row, first_row + len(rows))) for _ in range(columns + 1)]
    # zip takes a row's fields in the template's order: its number, then the number and index of each cell.
    fields = zip(numbers[0], *itertools.chain.from_iterable(zip(numbers[1:], itertools.repeat(indexes))), strict=True)
    texts = map(plain.__mod__, fields)
    while chunk := "".join(itertools.islice(texts, _ROW_RUN)):
        yield chunk


_ROW_RUN = 2048  # rows joined into one piece for write_gathered (one piece a row costs a Python step each)


def _rows_each(rows, plain: str, tall: str, columns: int, first_row: int, strings: dict[str, int], unique: int,
               heights):
    # _rows_xml a row at a time, for rows of their own heights.
    for i, (number, row) in enumerate(enumerate(rows, start=first_row)):
        if len(row) != columns:
            raise ValueError(f"row {number} has {len(row)} cells, not {columns}")
        fields = [number]
        for value in row:
            index = strings.get(value)
            if index is None:
                index = strings[value] = unique + len(strings)
            fields += (number, index)
        height = heights[i] if heights is not None else None
        if height is None:
            yield plain % tuple(fields)
        else:
            # XlsxWriter keeps a height in whole pixels (4/3 of a point) and writes it back in points.
            yield tall % (number, f"{int(height * 4.0 / 3.0 + 0.5) * 0.75:.16g}", *fields[1:])


def _si(text: str) -> str:
    # One shared string as XlsxWriter writes it (sharedstrings._write_si).
    return f"<si>{text_element(text)}</si>"


def _sis(texts: Iterable[str]) -> Iterator[str]:
    # The shared strings as _si writes each, a few thousand at a time: a run of texts none of which has
    # anything to escape or any white space at all (IDs, passwords, groups, video names) is joined at once.
    texts = iter(texts)
    while run := list(itertools.islice(texts, _SI_RUN)):
        if _PLAIN_RUN.search("".join(run)) is None:
            yield "<si><t>" + "</t></si><si><t>".join(run) + "</t></si>"
        else:
            yield "".join(map(_si, run))


def text_element(text: str) -> str:
    """The ``<t>`` element of a text, as XlsxWriter writes it in a shared string (or an inline one).

    Control characters as _xHHHH_, a literal _xHHHH_ protected, & < > escaped, xml:space="preserve" for
    leading or trailing white space.
    """
    if not _NEEDS_CARE.search(text) and text == text.strip():  # strip: faster than ^\s|\s$ in the pattern
        return f"<t>{text}</t>"
    text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if re.search(r"^\s|\s$", text) else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<t{space}>{text}</t>"


def write_gathered(stream, pieces: Iterable[str | bytes | memoryview]) -> None:
    """Write pieces of XML into a zip member's stream, gathered into writes of about a megabyte.

    One write per piece would cost more than the XML itself (each write runs the CRC and the compressor).
    Once a first megabyte is gathered, it and every write after it run on a second thread (files.write_behind)
    while the next megabyte is gathered: the same bytes in the same order, the compressor no longer in the
    builder's way. A member smaller than that is written here, without a thread.

    Args:
        stream: A member opened for writing (``ZipFile.open(info, "w")``).
        pieces: Text (encoded as UTF-8) or bytes and views of bytes; one kind per stream.

    Raises:
        Whatever a write or ``pieces`` raised; the writer thread has ended by then.
    """
    from shuudan_xl.files.write_behind import WriteBehind

    buffer: list = []
    size = 0
    behind = None
    try:
        for piece in pieces:
            buffer.append(piece)
            size += len(piece)
            if size > _FLUSH:
                if behind is None:
                    behind = WriteBehind(stream)
                behind.put(_joined(buffer))
                buffer, size = [], 0
        if buffer:  # the rest: on the writer thread when there is one, else (a small member) here
            (stream.write if behind is None else behind.put)(_joined(buffer))
    except BaseException:
        if behind is not None:
            behind.abandon()
        raise
    if behind is not None:
        behind.close()


def _joined(buffer: list) -> bytes:
    return "".join(buffer).encode() if isinstance(buffer[0], str) else b"".join(buffer)


def _like(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    # A new entry with the skeleton entry's name, time and compression.
    copy = zipfile.ZipInfo(info.filename, info.date_time)
    copy.compress_type = info.compress_type
    copy.external_attr = info.external_attr
    return copy
