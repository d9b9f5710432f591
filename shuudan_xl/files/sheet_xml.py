"""Splice text cells into a worksheet's XML without re-serialising it.

A 100,000-row list sheet is tens of megabytes of XML; parsing it into a tree and writing it back costs
seconds and rewrites every byte. Here the part is scanned once for its rows, and only the rows that
receive a value are rebuilt — every other byte of the part, and every attribute of the cells around,
stays exactly as Excel (or whoever) wrote it.

The worksheet grammar used is small and fixed by ECMA-376: ``<sheetData>`` holds ``<row>`` elements in
ascending order, each holding ``<c>`` cells in column order; neither nests. The main namespace may be
the default one (Excel, LibreOffice, openpyxl, XlsxWriter) or carry a prefix; both are handled.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from shuudan_xl.errors import Refused
from shuudan_xl.files import row_writes, sheet_blocks
from shuudan_xl.files.cell_refs import column_index, column_letter
from shuudan_xl.files.sheet_rows import (
    Grammar,
    appended_cells,
    attr,
    new_row,
    new_rows,
    rebuilt_row,
    set_attr,
    spans_covering,
)

_LETTERS_DIGITS = re.compile(rb"([A-Z]+)([0-9]+)")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["']([0-9]+)""")
_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\b([^>]*?)(/?)>")


def patch_sheet_xml(data: bytes, writes) -> bytes:
    """Return the worksheet XML with inline-string cells set at the given places (see sheet_xml_pieces)."""
    return b"".join(sheet_xml_pieces(data, writes))


def sheet_xml_pieces(data: bytes, writes) -> Iterator[bytes | memoryview]:
    """Return the worksheet XML with inline-string cells set at the given places, as pieces to write in turn.

    The untouched stretches are views into ``data``, not copies, and the pieces are made as they are taken:
    a writer streams them into the zip, so that a 40 MB part costs no further 40 MB copies. A target cell
    holding a formula is refused when its row is reached (callers write into a staged file, which the
    refusal discards).

    Args:
        data: The worksheet part as stored in the zip.
        writes: CellWrite-like objects with ``row`` (1-based), ``col`` (0-based) and ``text``; or, for many
            cells, the same as a mapping of row → {col: text} (no object per cell).

    Comments, processing instructions and CDATA sections are skipped while the part is searched (a comment
    holding ``<sheetData/>`` or ``<row r="3">`` is not mistaken for the real thing) and kept as they are;
    inside ``<sheetData>``, where only rows and cells belong, they are refused.

    Raises:
        Refused: when a target cell holds a formula (overwriting it would corrupt the calculation chain), or
            the sheet data holds anything but rows and cells, or has no end.
    """
    return sheet_xml_stream(iter((data,)), writes)


def sheet_xml_stream(blocks: Iterable[bytes], writes) -> Iterator[bytes | memoryview]:
    """``sheet_xml_pieces`` for a part read a block at a time (files.zip_limits.member_pieces): only a block
    and the rows that straddle it are held, never the whole part (a list of a million rows is about 400 MB of
    XML). The pieces are views into the blocks, made as they are taken.

    Args:
        blocks: The part's bytes, in order, in blocks of any size.
        writes: As ``sheet_xml_pieces``.

    Raises:
        Refused: as ``sheet_xml_pieces``.
    """
    blocks = iter(blocks)
    buffer, masked, sheet_data = b"", b"", None
    while sheet_data is None:  # the part's head, up to and with <sheetData>
        block = next(blocks, None)
        if block is None:
            raise Refused("ワークシートの形式を読み取れません（sheetData がありません）。")
        buffer += block
        masked = _masked(buffer)
        sheet_data = _SHEET_DATA.search(masked)
    g = Grammar(sheet_data.group(1))
    by_row = row_writes.by_row(writes)
    start = sheet_data.start()
    col_styles = _column_styles(g, masked[:start])
    yield _widen_dimension(g, buffer[:start], masked[:start], by_row)
    pending = _Pending(by_row)
    if sheet_data.group(3):  # <sheetData/>: no rows yet
        yield b"<" + g.prefix + b"sheetData" + sheet_data.group(2) + b">"
        yield from _rows_with_writes(g, b"", 0, 0, pending, col_styles)
        yield b"</" + g.prefix + b"sheetData>"
        yield memoryview(buffer)[sheet_data.end():]
        yield from blocks
        return
    yield memoryview(buffer)[start:sheet_data.end()]
    pos = sheet_data.end()  # where the rows not yet taken begin in buffer
    close_tag = re.compile(rb"</" + re.escape(g.prefix) + rb"sheetData\s*>")
    while True:  # the rows, a block at a time, each taken up to its last complete row
        close = close_tag.search(buffer, pos)
        if close is None:
            block = next(blocks, None)
            if block is None:
                raise Refused("ワークシートの形式を読み取れません（sheetData の終わりがありません）。")
            buffer, pos = buffer[pos:] + block, 0
            cut = buffer.rfind(g.row_end) + len(g.row_end)
            if cut < len(g.row_end) or close_tag.search(buffer, max(0, len(buffer) - len(block) - 64)):
                continue  # no complete row yet, or the end has come: look again with the block added
        else:
            cut = close.start()
        if _has_markup(buffer, pos, cut):
            raise Refused("ワークシートの行データの中にXMLのコメント・処理命令・CDATAがあるため、書き込みませんでした。"
                          "Excelで開いて保存し直してから、もう一度実行してください。")
        yield from _rows(g, buffer, pos, cut, pending, col_styles, last=close is not None)
        if close is not None:
            yield memoryview(buffer)[cut:]
            yield from blocks
            return
        pos = cut


def _has_markup(data: bytes, begin: int, end: int) -> bool:
    # A comment, processing instruction or CDATA in data[begin:end]. "<" is in every tag, "!" and "?" rarely
    # anywhere: looking for them first (memchr) spares a slower search of every "<" in 400 MB of rows.
    return ((data.find(b"!", begin, end) >= 0 and data.find(b"<!", begin, end) >= 0)
            or (data.find(b"?", begin, end) >= 0 and data.find(b"<?", begin, end) >= 0))


class _Pending:
    # The rows to write, in order, and how far the rows of the part streamed so far went.
    def __init__(self, by_row: dict[int, dict[int, str]]):
        self.by_row = by_row
        self.rows = sorted(by_row)
        self.next = 0  # index of the next row number to write
        self.number = 0  # the number of the last row seen (a row without r follows it)
        self.templates: dict[tuple[int, ...], bytes | None] = {}  # see appended_cells


_HIDDEN = re.compile(rb"<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>", re.S)


def _masked(data: bytes) -> bytes:
    # The part with comments, processing instructions and CDATA blanked out, byte for byte the same length,
    # so that positions found in it are positions in the part. An unterminated one hides the rest.
    if b"<!" not in data and data.count(b"<?") <= 1:
        return data
    out, pos = [], 0
    for m in re.finditer(rb"<!--|<\?|<!\[CDATA\[", data):
        if m.start() < pos:
            continue
        hidden = _HIDDEN.match(data, m.start())
        end = hidden.end() if hidden else len(data)
        out += [data[pos:m.start()], b" " * (end - m.start())]
        pos = end
    out.append(data[pos:])
    return b"".join(out)


def _column_styles(g: Grammar, head: bytes) -> dict[int, bytes]:
    styles: dict[int, bytes] = {}
    cols = g.cols.search(head)
    if cols:
        for m in g.col.finditer(cols.group(0)):
            style, low, high = (attr(m.group(1), k) for k in (b"style", b"min", b"max"))
            if style and low and high:
                for index in range(int(low) - 1, int(high)):
                    styles[index] = style
    return styles


def _rows(g: Grammar, data: bytes, begin: int, end: int, state: _Pending, col_styles: dict[int, bytes],
          last: bool) -> Iterator[bytes | memoryview]:
    # _rows_with_writes' bytes, a chunk of rows at a time: a chunk of plain rows in one go (files.sheet_blocks),
    # any other in the general way. Chunks end at a row's end, where the general path may stop and resume.
    pos = begin
    while pos < end:
        cut = data.find(g.row_end, min(pos + sheet_blocks.CHUNK, end), end)
        cut = end if cut < 0 else cut + len(g.row_end)
        fast = sheet_blocks.plain_rows(g, data[pos:cut], state.rows, state.next, state.by_row, col_styles,
                                       state.templates) if state.next < len(state.rows) else None
        if fast is None:
            yield from _rows_with_writes(g, data, pos, cut, state, col_styles, last=False)
        else:
            yield fast[0]
            state.next += fast[1]
            state.number = state.rows[state.next - 1]
        pos = cut
    if last:  # the rows still to write come after the part's last
        yield from _rows_with_writes(g, data, end, end, state, col_styles, last=True)


def _rows_with_writes(g: Grammar, data: bytes, begin: int, end: int, state: _Pending,
                      col_styles: dict[int, bytes], last: bool = True) -> Iterator[bytes | memoryview]:
    # The rows of data[begin:end], rebuilding those that receive values and inserting missing ones in order;
    # untouched stretches as views. ``state`` carries on from the part's rows before (see sheet_xml_stream);
    # ``last``: no rows follow, so the rows still to write are appended.
    body = memoryview(data)
    by_row, pending, next_, number, templates = state.by_row, state.rows, state.next, state.number, state.templates
    pos = begin
    for m in g.row_start.finditer(data, begin, end):
        if next_ == len(pending):
            break
        attrs = m.group(1)
        digits = attrs[4:attrs.find(b'"', 4)] if attrs.startswith(b' r="') else b""
        if digits.isdigit():  # r="…" first, as every writer puts it
            number = int(digits)
        else:
            r = _ROW_NUMBER.search(attrs)
            number = int(r.group(1)) if r else number + 1
        if number < pending[next_]:
            continue
        row_end = m.end() if m.group(2) else data.index(g.row_end, m.end(), end) + len(g.row_end)
        if pending[next_] == number:
            values = by_row[number]
            appended = appended_cells(g, data, m, row_end, number, values, col_styles, templates)
            if appended is not None:  # the usual case: views around the new cells, no copy of the row
                next_ += 1
                close = row_end - len(g.row_end)
                head = spans_covering(attrs, min(values) + 1, max(values) + 1) if b"spans" in attrs else attrs
                if head is attrs:
                    yield body[pos:close]
                    yield appended
                else:  # one piece: a row is a few hundred bytes, and each piece costs more than copying it
                    yield body[pos:m.start()]
                    yield b"".join((b"<", g.prefix, b"row", head, b">", body[m.end():close], appended))
                pos = close
                continue
        yield body[pos:m.start()]
        while next_ < len(pending) and pending[next_] < number:  # rows that do not exist yet come first
            yield new_row(g, pending[next_], by_row[pending[next_]], col_styles)
            next_ += 1
        if next_ < len(pending) and pending[next_] == number:
            values = by_row[number]
            next_ += 1
            yield rebuilt_row(g, data[m.start():row_end], m, number, values, col_styles)
        else:
            yield body[m.start():row_end]
        pos = row_end
    yield body[pos:end]
    if last and next_ < len(pending):
        yield from new_rows(g, pending[next_:], by_row, col_styles)
        next_ = len(pending)
    state.next, state.number = next_, number


def _widen_dimension(g: Grammar, data: bytes, masked: bytes, by_row: dict[int, dict[int, str]]) -> bytes:
    # The used range must cover every written cell, on all four sides ("D5" + B2 → "B2:D5").
    m = g.dimension.search(masked)
    if m is None or not by_row:
        return data
    ref = attr(m.group(1), b"ref") or b"A1"
    corners = [_LETTERS_DIGITS.fullmatch(part) for part in ref.split(b":")]
    if not all(corners):
        return data
    written_cols = row_writes.written_columns(by_row)
    cols = [column_index(c.group(1)) for c in corners] + [min(written_cols), max(written_cols)]
    rows = [int(c.group(2)) for c in corners] + [min(by_row), max(by_row)]
    first, last = f"{column_letter(min(cols))}{min(rows)}", f"{column_letter(max(cols))}{max(rows)}"
    new_ref = (first if first == last else f"{first}:{last}").encode()
    tag = b"<" + g.prefix + b"dimension" + set_attr(m.group(1), b"ref", new_ref) + b"/>"
    return data[:m.start()] + tag + data[m.end():]
