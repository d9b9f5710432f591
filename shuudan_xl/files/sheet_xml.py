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

import bisect
import functools
import re
from collections.abc import Iterable, Iterator

from shuudan_xl.errors import Refused
from shuudan_xl.files import row_writes

_LETTERS_DIGITS = re.compile(rb"([A-Z]+)([0-9]+)")
_ROW_NUMBER = re.compile(rb"""(?:^|\s)r\s*=\s*["']([0-9]+)""")
_CELL_COLUMN = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Z]+)""")
_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\b([^>]*?)(/?)>")


def column_letter(index: int) -> str:
    """0-based column index → letters (0 → "A", 26 → "AA")."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@functools.lru_cache(maxsize=4096)
def column_index(letters: str | bytes) -> int:
    """Letters → 0-based column index ("A" → 0)."""
    value = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        value = value * 26 + ord(ch) - 64
    return value - 1


@functools.cache
def _attr_pattern(name: bytes) -> re.Pattern:
    return re.compile(rb"((?:^|\s)" + re.escape(name) + rb"""\s*=\s*)(["'])(.*?)\2""", re.S)


def _attr(attrs: bytes, name: bytes) -> bytes | None:
    m = _attr_pattern(name).search(attrs)
    return m.group(3) if m else None


def _set_attr(attrs: bytes, name: bytes, value: bytes) -> bytes:
    pattern = _attr_pattern(name)
    if pattern.search(attrs):
        return pattern.sub(lambda m: m.group(1) + b'"' + value + b'"', attrs, count=1)
    return attrs + b" " + name + b'="' + value + b'"'


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape(text: str) -> bytes:
    return _escaped(text).encode("utf-8")


class _Grammar:
    # Compiled patterns for one namespace prefix (b"" for the default namespace).
    def __init__(self, prefix: bytes):
        p = re.escape(prefix)
        self.prefix = prefix
        self.row_start = re.compile(rb"<" + p + rb"row\b([^>]*?)(/?)>")
        self.row_end = b"</" + prefix + b"row>"
        self.cell = re.compile(rb"<" + p + rb"c\b([^>]*?)(?:/>|>(.*?)</" + p + rb"c>)", re.S)
        self.cell_ref = re.compile(rb"<" + p + rb'c r="([A-Z]+)[0-9]+"')
        self.cell_open = b"<" + prefix + b'c r="'
        q = prefix.replace(b"%", b"%%")
        self.cell_template = (b'<' + q + b'c r="%b%d"%b t="inlineStr"><' + q + b'is><' + q + b't%b>%b</' + q
                              + b't></' + q + b'is></' + q + b'c>')
        self.formula = re.compile(rb"<" + p + rb"f\b")
        self.col = re.compile(rb"<" + p + rb"col\b([^>]*?)/?>")
        self.cols = re.compile(rb"<" + p + rb"cols\b.*?</" + p + rb"cols>", re.S)
        self.dimension = re.compile(rb"<" + p + rb"dimension\b([^>]*?)/?>")


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
    g = _Grammar(sheet_data.group(1))
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
        if buffer.find(b"<!", pos, cut) >= 0 or buffer.find(b"<?", pos, cut) >= 0:
            raise Refused("ワークシートの行データの中にXMLのコメント・処理命令・CDATAがあるため、書き込みませんでした。"
                          "Excelで開いて保存し直してから、もう一度実行してください。")
        yield from _rows_with_writes(g, buffer, pos, cut, pending, col_styles, last=close is not None)
        if close is not None:
            yield memoryview(buffer)[cut:]
            yield from blocks
            return
        pos = cut


class _Pending:
    # The rows to write, in order, and how far the rows of the part streamed so far went.
    def __init__(self, by_row: dict[int, dict[int, str]]):
        self.by_row = by_row
        self.rows = sorted(by_row)
        self.next = 0  # index of the next row number to write
        self.number = 0  # the number of the last row seen (a row without r follows it)
        self.templates: dict[tuple[int, ...], bytes | None] = {}  # see _appended_cells


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


def _column_styles(g: _Grammar, head: bytes) -> dict[int, bytes]:
    styles: dict[int, bytes] = {}
    cols = g.cols.search(head)
    if cols:
        for m in g.col.finditer(cols.group(0)):
            style, low, high = (_attr(m.group(1), k) for k in (b"style", b"min", b"max"))
            if style and low and high:
                for index in range(int(low) - 1, int(high)):
                    styles[index] = style
    return styles


def _rows_with_writes(g: _Grammar, data: bytes, begin: int, end: int, state: _Pending,
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
            appended = _appended_cells(g, data, m, row_end, number, values, col_styles, templates)
            if appended is not None:  # the usual case: views around the new cells, no copy of the row
                next_ += 1
                close = row_end - len(g.row_end)
                head = _spans_covering(attrs, min(values) + 1, max(values) + 1) if b"spans" in attrs else attrs
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
            yield _new_row(g, pending[next_], by_row[pending[next_]], col_styles)
            next_ += 1
        if next_ < len(pending) and pending[next_] == number:
            values = by_row[number]
            next_ += 1
            yield _rebuilt_row(g, data[m.start():row_end], m, number, values, col_styles)
        else:
            yield body[m.start():row_end]
        pos = row_end
    yield body[pos:end]
    if last and next_ < len(pending):
        yield _new_rows(g, pending[next_:], by_row, col_styles)
        next_ = len(pending)
    state.next, state.number = next_, number


def _new_rows(g: _Grammar, numbers: list[int], by_row: dict[int, dict[int, str]],
              col_styles: dict[int, bytes]) -> bytes:
    # Rows appended below the data (a ledger's 100,000 new cells): the bytes _new_row makes for each, built
    # as text and encoded once. A row whose texts need no escaping and have no edge space is put together from
    # pieces made once per set of columns (_cell_pieces); any other row is built cell by cell. A prefix or
    # style that is not ASCII takes _new_row.
    if not g.prefix.isascii() or not all(style.isascii() for style in col_styles.values()):
        return b"".join(_new_row(g, n, by_row[n], col_styles) for n in numbers)
    p = g.prefix.decode()
    row_start, row_end, cell_end = f'<{p}row r="', f"</{p}row>", f"</{p}t></{p}is></{p}c>"
    known: dict[tuple[int, ...], tuple[tuple[str, str], ...] | None] = {}
    out: list[str] = []
    for number in numbers:
        values = by_row[number]
        texts = values.values()
        joined = "".join(texts)
        key = tuple(values)
        pieces = known[key] if key in known else known.setdefault(key, _cell_pieces(p, key, col_styles))
        if (pieces is None or "&" in joined or "<" in joined or ">" in joined
                or [text for text in texts if text != text.strip()]):
            out.append(_new_row_text(p, number, values, col_styles))
            continue
        r = str(number)
        out += (row_start, r, '">')
        for (head, middle), text in zip(pieces, texts, strict=True):
            out += (head, r, middle, text, cell_end)
        out.append(row_end)
    return "".join(out).encode("utf-8")


def _cell_pieces(p: str, columns: tuple[int, ...], col_styles: dict[int, bytes]) -> tuple[tuple[str, str], ...] | None:
    # Each cell of _new_row_text as the text before the row number and the text between it and the cell's
    # text, for columns in ascending order (None otherwise: such a row is built cell by cell).
    if list(columns) != sorted(columns):
        return None
    return tuple((f'<{p}c r="{column_letter(col)}', f'"{_style_attr(col_styles.get(col))} t="inlineStr"><{p}is><{p}t>')
                 for col in columns)


def _style_attr(style: bytes | None) -> str:
    return f' s="{style.decode()}"' if style else ""


def _new_row_text(p: str, number: int, values: dict[int, str], col_styles: dict[int, bytes]) -> str:
    # _new_row as text (the prefix and styles are ASCII).
    cells = [f'<{p}row r="{number}">']
    for col in sorted(values):
        text = values[col]
        space = ' xml:space="preserve"' if text != text.strip() else ""
        cells.append(f'<{p}c r="{column_letter(col)}{number}"{_style_attr(col_styles.get(col))} t="inlineStr">'
                     f'<{p}is><{p}t{space}>{_escaped(text)}</{p}t></{p}is></{p}c>')
    cells.append(f"</{p}row>")
    return "".join(cells)


def _new_row(g: _Grammar, number: int, values: dict[int, str], col_styles: dict[int, bytes]) -> bytes:
    cells = b"".join(_cell_xml(g, number, col, values[col], col_styles.get(col)) for col in sorted(values))
    return b"<" + g.prefix + b'row r="' + str(number).encode() + b'">' + cells + g.row_end


def _appended_cells(g: _Grammar, data: bytes, start: re.Match, row_end: int, number: int,
                    values: dict[int, str], col_styles: dict[int, bytes],
                    templates: dict[tuple[int, ...], bytes | None]) -> bytes | None:
    # The new cells of a row whose targets all lie right of its last cell and which has no row format, or
    # None when the row needs rebuilding (_rebuilt_row). ``templates``: per set of columns, the cells as a
    # %-template of row number and texts (None where a column's style is not ASCII), kept across rows.
    if start.group(2) or b"customFormat" in start.group(1):
        return None
    close = row_end - len(g.row_end)
    last_at = data.rfind(g.cell_open, start.end(), close)
    last = g.cell_ref.match(data, last_at, close) if last_at >= 0 else None
    columns = tuple(sorted(values))
    if last is None or column_index(last.group(1)) >= columns[0]:
        return None
    texts = [values[col] for col in columns]
    template = templates.get(columns, b"")
    if template == b"":
        template = templates[columns] = _cells_template(g, columns, col_styles)
    joined = "".join(texts)  # IDs and passwords: nothing to escape, no edge space (as _cell_xml writes them)
    if template is None or not (joined.isascii() and joined.isalnum()):
        return b"".join(_cell_xml(g, number, col, values[col], col_styles.get(col)) for col in columns)
    fields: list = []
    for text in texts:
        fields += (number, text.encode())
    return template % tuple(fields)


def _cells_template(g: _Grammar, columns: tuple[int, ...], col_styles: dict[int, bytes]) -> bytes | None:
    # _cell_xml's cells for these columns with the row number and texts left as %d and %b.
    pieces = []
    for col in columns:
        style = col_styles.get(col)
        if style is not None and (b"%" in style):
            return None
        pieces.append(g.cell_template.replace(b"%b%d", _letters(col).replace(b"%", b"%%") + b"%d", 1)
                      .replace(b"%b", b' s="' + style + b'"' if style else b"", 1).replace(b"%b", b"", 1))
    return b"".join(pieces)


def _rebuilt_row(g: _Grammar, segment: bytes, start: re.Match, number: int, values: dict[int, str],
                 col_styles: dict[int, bytes]) -> bytes:
    # Rebuild one row: target cells replaced or inserted in column order, all other bytes kept.
    attrs = start.group(1)
    custom = b"customFormat" in attrs and _attr(attrs, b"customFormat") in (b"1", b"true")
    row_style = _attr(attrs, b"s") if custom else None
    if b"spans" in attrs:
        attrs = _spans_covering(attrs, min(values) + 1, max(values) + 1)
    inner = b"" if start.group(2) else segment[start.end() - start.start():-len(g.row_end)]
    head = b"<" + g.prefix + b"row" + attrs + b">"
    last = g.cell_ref.match(inner, inner.rfind(b"<" + g.prefix + b'c r="')) if inner else None
    if not inner or (last and column_index(last.group(1)) < min(values)):
        # Every target lies right of the last cell (the usual blank ID/password columns): append.
        new = b"".join(_cell_xml(g, number, col, values[col], row_style if custom else col_styles.get(col))
                       for col in sorted(values))
        return head + inner + new + g.row_end
    cells = _cell_positions(g, inner)
    columns = [c for c, _ in cells]
    out, pos = [], 0
    for col in sorted(values):
        at = bisect.bisect_left(columns, col)
        if at < len(cells) and columns[at] == col:  # replace the existing cell, keeping its style
            cell = g.cell.match(inner, cells[at][1])
            if cell.group(2) and g.formula.search(cell.group(2)):
                raise Refused(f"{column_letter(col)}{number} のセルには数式が入っているため、書き込みませんでした。")
            out += [inner[pos:cell.start()], _cell_xml(g, number, col, values[col], _attr(cell.group(1), b"s"))]
            pos = cell.end()
        else:  # a new cell before the first one to its right; it shows the row's or the column's format
            where = cells[at][1] if at < len(cells) else len(inner)
            style = row_style if row_style is not None else col_styles.get(col)
            out += [inner[pos:where], _cell_xml(g, number, col, values[col], style)]
            pos = where
    out.append(inner[pos:])
    return head + b"".join(out) + g.row_end


def _spans_covering(attrs: bytes, first: int, last: int) -> bytes:
    # The row's spans="low:high" hint widened to cover the written columns (1-based); the attributes as they
    # are when it already does (a list's ID and password columns usually lie inside it).
    at = attrs.find(b' spans="')  # as every writer puts it; other spellings take the general path
    if at >= 0:
        close = attrs.find(b'"', at + 8)
        wide = _covering(attrs[at + 8:close], first, last)
        return attrs if wide is None else attrs[:at + 8] + wide + attrs[close:]
    wide = _covering(_attr(attrs, b"spans"), first, last)
    return attrs if wide is None else _set_attr(attrs, b"spans", wide)


@functools.lru_cache(maxsize=1024)  # rows repeat their spans: each value is worked out once
def _covering(spans: bytes | None, first: int, last: int) -> bytes | None:
    # "low:high" widened to cover first..last; None when it covers them already or is not a span.
    if not spans or b":" not in spans:
        return None
    low, high = spans.split(b":", 1)
    try:
        low, high = int(low), int(high)
    except ValueError:
        return None
    if low <= first and last <= high:
        return None
    return b"%d:%d" % (min(low, first), max(high, last))


def _cell_positions(g: _Grammar, inner: bytes) -> list[tuple[int, int]]:
    # (0-based column, offset) of each cell of a row. Writers put r="A1" first, which allows one C-level
    # scan; a row with a cell lacking r (it then follows its left neighbour) takes the general path.
    fast = [(column_index(m.group(1)), m.start()) for m in g.cell_ref.finditer(inner)]
    if len(fast) == inner.count(b"<" + g.prefix + b"c ") + inner.count(b"<" + g.prefix + b"c>"):
        return fast
    cells, index = [], -1
    for m in g.cell.finditer(inner):
        letters = _CELL_COLUMN.search(m.group(1))
        index = column_index(letters.group(1)) if letters else index + 1
        cells.append((index, m.start()))
    return cells


def _cell_xml(g: _Grammar, number: int, col: int, text: str, style: bytes | None) -> bytes:
    style_attr = b' s="%b"' % style if style else b""
    if text.isascii() and text.isalnum():  # an ID or password: nothing to escape, no edge space
        return g.cell_template % (_letters(col), number, style_attr, b"", text.encode())
    space = b' xml:space="preserve"' if text != text.strip() else b""
    return g.cell_template % (_letters(col), number, style_attr, space, _escape(text))


@functools.lru_cache(maxsize=4096)
def _letters(col: int) -> bytes:
    return column_letter(col).encode()


def _widen_dimension(g: _Grammar, data: bytes, masked: bytes, by_row: dict[int, dict[int, str]]) -> bytes:
    # The used range must cover every written cell, on all four sides ("D5" + B2 → "B2:D5").
    m = g.dimension.search(masked)
    if m is None or not by_row:
        return data
    ref = _attr(m.group(1), b"ref") or b"A1"
    corners = [_LETTERS_DIGITS.fullmatch(part) for part in ref.split(b":")]
    if not all(corners):
        return data
    written_cols = row_writes.written_columns(by_row)
    cols = [column_index(c.group(1)) for c in corners] + [min(written_cols), max(written_cols)]
    rows = [int(c.group(2)) for c in corners] + [min(by_row), max(by_row)]
    first, last = f"{column_letter(min(cols))}{min(rows)}", f"{column_letter(max(cols))}{max(rows)}"
    new_ref = (first if first == last else f"{first}:{last}").encode()
    tag = b"<" + g.prefix + b"dimension" + _set_attr(m.group(1), b"ref", new_ref) + b"/>"
    return data[:m.start()] + tag + data[m.end():]
