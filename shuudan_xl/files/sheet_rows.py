"""The rows and cells the worksheet splicer (files.sheet_xml) writes: a row rebuilt with its new cells, new
cells appended after a row's last one, and whole rows appended below the data.

Each row is built from the bytes as they are: every cell and attribute not written stays as it was, and a
new cell takes the format the row or its column shows (ECMA-376: ``<c>`` cells in column order in a
``<row>``). The namespace prefix of the part is kept (``Grammar``).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator

from shuudan_xl.errors import Refused
from shuudan_xl.files.cell_refs import column_index, column_letter

_CELL_COLUMN = re.compile(rb"""(?:^|\s)r\s*=\s*["']([A-Z]+)""")


@functools.cache
def _attr_pattern(name: bytes) -> re.Pattern:
    return re.compile(rb"((?:^|\s)" + re.escape(name) + rb"""\s*=\s*)(["'])(.*?)\2""", re.S)


def attr(attrs: bytes, name: bytes) -> bytes | None:
    """The value of attribute ``name`` in a start tag's attributes, or None."""
    m = _attr_pattern(name).search(attrs)
    return m.group(3) if m else None


def set_attr(attrs: bytes, name: bytes, value: bytes) -> bytes:
    """The attributes with ``name`` set to ``value`` (replaced where it is, else added at the end)."""
    pattern = _attr_pattern(name)
    if pattern.search(attrs):
        return pattern.sub(lambda m: m.group(1) + b'"' + value + b'"', attrs, count=1)
    return attrs + b" " + name + b'="' + value + b'"'


def escape(text: str) -> bytes:
    """Text with the three characters XML text must escape escaped (quotes are left: cell text only), as UTF-8."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").encode("utf-8")


class Grammar:
    """Compiled patterns for one namespace prefix (b"" for the default namespace)."""

    def __init__(self, prefix: bytes):
        p = re.escape(prefix)
        self.prefix = prefix
        self.row_start = re.compile(rb"<" + p + rb"row\b([^>]*?)(/?)>")
        self.row_end = b"</" + prefix + b"row>"
        self.cell = re.compile(rb"<" + p + rb"c\b([^>]*?)(?:/>|>(.*?)</" + p + rb"c>)", re.S)
        self.cell_ref = re.compile(rb"<" + p + rb'c r="([A-Z]+)[0-9]+"')
        self.cell_open = b"<" + prefix + b'c r="'
        # A cell whose first attribute is not r (its column is then read otherwise: see _cell_positions).
        self.unnamed_cell = re.compile(rb"<" + p + rb'c(?! r=")[\s/>]')
        q = prefix.replace(b"%", b"%%")
        self.cell_template = (b'<' + q + b'c r="%b%d"%b t="inlineStr"><' + q + b'is><' + q + b't%b>%b</' + q
                              + b't></' + q + b'is></' + q + b'c>')
        self.formula = re.compile(rb"<" + p + rb"f\b")
        self.col = re.compile(rb"<" + p + rb"col\b([^>]*?)/?>")
        self.cols = re.compile(rb"<" + p + rb"cols\b.*?</" + p + rb"cols>", re.S)
        self.dimension = re.compile(rb"<" + p + rb"dimension\b([^>]*?)/?>")


def new_rows(g: Grammar, numbers: list[int], by_row: dict[int, dict[int, str]],
             col_styles: dict[int, bytes]) -> Iterator[bytes]:
    """Rows appended below the data (a ledger's 100,000 new cells): the bytes new_row makes for each, built
    as text and encoded a run of rows at a time. A run whose rows all have the same columns and texts with
    nothing to escape and no edge space (a ledger's usual run) is formatted column-wise, one format per row in
    C (_plain_run); in any other run, such a row is put together from pieces made once per set of columns
    (_cell_pieces) and any other row is built cell by cell. A prefix or style that is not ASCII takes new_row.

    Yields:
        The rows' bytes, ``_RUN`` rows (a few dozen kilobytes) at a time: pieces that small are made in
        memory the allocator hands back at once, where one piece of all the rows (10,000 ledger rows: a
        7 MB text and its 7 MB encoding) would be fresh memory the system first maps page by page.
    """
    if not g.prefix.isascii() or not all(style.isascii() for style in col_styles.values()):
        for start in range(0, len(numbers), _RUN):
            yield b"".join(new_row(g, n, by_row[n], col_styles) for n in numbers[start:start + _RUN])
        return
    p = g.prefix.decode()
    row_start, row_end, cell_end = f'<{p}row r="', f"</{p}row>", f"</{p}t></{p}is></{p}c>"
    known: dict[tuple[int, ...], tuple[tuple[str, str], ...] | None] = {}
    templates: dict[tuple[int, ...], bytes | None] = {}  # see _plain_run
    out: list[str] = []
    for start in range(0, len(numbers), _RUN):
        run = numbers[start:start + _RUN]
        plain = _plain_run(g, run, [by_row[number] for number in run], col_styles, templates)
        if plain is not None:
            yield plain
            continue
        for number in run:
            values = by_row[number]
            texts = values.values()
            joined = "".join(texts)
            key = tuple(values)
            pieces = known[key] if key in known else known.setdefault(key, _cell_pieces(p, key, col_styles))
            if (pieces is None or "&" in joined or "<" in joined or ">" in joined
                    or [text for text in texts if text != text.strip()]):
                out.append(new_row(g, number, values, col_styles).decode("utf-8"))
            else:
                r = str(number)
                out += (row_start, r, '">')
                for (head, middle), text in zip(pieces, texts, strict=True):
                    out += (head, r, middle, text, cell_end)
                out.append(row_end)
        yield "".join(out).encode("utf-8")
        out.clear()


def _plain_run(g: Grammar, run: list[int], rows: list[dict[int, str]], col_styles: dict[int, bytes],
               templates: dict) -> bytes | None:
    # The bytes new_row makes for a run of rows that all have the same columns, in ascending order, and texts
    # with nothing to escape and no edge space (a ledger's usual run); None for any other run. Each column of
    # the run is encoded at once (its texts joined by NUL, which no text holds, and split again) and each row
    # put together by one format in C (cells_template's cells in a row): rows × cells Python steps otherwise
    # (10,000 ledger rows 33 -> 16 ms).
    keys = set(map(tuple, rows))
    if len(keys) != 1:
        return None
    texts = list(itertools.chain.from_iterable(map(dict.values, rows)))
    joined = "".join(texts)
    if ("&" in joined or "<" in joined or ">" in joined or "\0" in joined
            or list(map(str.strip, texts)) != texts):
        return None
    (key,) = keys
    if key not in templates:
        cells = cells_template(g, key, col_styles) if list(key) == sorted(key) else None
        # (A prefix is a name, never a "%"; cells_template declines a style holding one.)
        templates[key] = None if cells is None else b"<" + g.prefix + b'row r="%d">' + cells + g.row_end
    template = templates[key]
    if template is None:
        return None
    fields = [run]
    for column in zip(*map(dict.values, rows), strict=True):
        fields += (run, "\0".join(column).encode("utf-8").split(b"\0"))
    return b"".join(map(template.__mod__, zip(*fields, strict=True)))


_RUN = 64  # rows of new_rows' each piece: about 45 KB of a ledger's rows, below the size allocators map afresh


def _cell_pieces(p: str, columns: tuple[int, ...], col_styles: dict[int, bytes]) -> tuple[tuple[str, str], ...] | None:
    # Each cell of new_row as the text before the row number and the text between it and the cell's
    # text, for columns in ascending order (None otherwise: such a row is built cell by cell).
    if list(columns) != sorted(columns):
        return None
    return tuple((f'<{p}c r="{column_letter(col)}', f'"{_style_attr(col_styles.get(col))} t="inlineStr"><{p}is><{p}t>')
                 for col in columns)


def _style_attr(style: bytes | None) -> str:
    return f' s="{style.decode()}"' if style else ""


def new_row(g: Grammar, number: int, values: dict[int, str], col_styles: dict[int, bytes]) -> bytes:
    """One new row of text cells, cell by cell (``new_rows`` makes the same bytes faster)."""
    cells = b"".join(_cell_xml(g, number, col, values[col], col_styles.get(col)) for col in sorted(values))
    return b"<" + g.prefix + b'row r="' + str(number).encode() + b'">' + cells + g.row_end


def appended_cells(g: Grammar, data: bytes, start: re.Match, row_end: int, number: int,
                   values: dict[int, str], col_styles: dict[int, bytes],
                   templates: dict[tuple[int, ...], bytes | None]) -> bytes | None:
    """The new cells of a row whose targets all lie right of its last cell and which has no row format, or
    None when the row needs rebuilding (rebuilt_row). ``templates``: per set of columns, the cells as a
    %-template of row number and texts (None where a column's style is not ASCII), kept across rows.
    """
    if start.group(2) or b"customFormat" in start.group(1):
        return None
    close = row_end - len(g.row_end)
    if g.unnamed_cell.search(data, start.end(), close):
        return None  # the last cell found by its r="…" might not be the row's last one
    last_at = data.rfind(g.cell_open, start.end(), close)
    last = g.cell_ref.match(data, last_at, close) if last_at >= 0 else None
    columns = tuple(sorted(values))
    if last is None or column_index(last.group(1)) >= columns[0]:
        return None
    texts = [values[col] for col in columns]
    template = templates.get(columns, b"")
    if template == b"":
        template = templates[columns] = cells_template(g, columns, col_styles)
    joined = "".join(texts)  # IDs and passwords: nothing to escape, no edge space (as _cell_xml writes them)
    if template is None or not (joined.isascii() and joined.isalnum()):
        return b"".join(_cell_xml(g, number, col, values[col], col_styles.get(col)) for col in columns)
    fields: list = []
    for text in texts:
        fields += (number, text.encode())
    return template % tuple(fields)


def cells_template(g: Grammar, columns: tuple[int, ...], col_styles: dict[int, bytes]) -> bytes | None:
    """The cells ``_cell_xml`` writes for these columns (ascending) with each cell's row number and text left
    as ``%d`` and ``%b``; None when a column's style holds a ``%``.
    """
    pieces = []
    for col in columns:
        style = col_styles.get(col)
        if style is not None and (b"%" in style):
            return None
        pieces.append(g.cell_template.replace(b"%b%d", _letters(col).replace(b"%", b"%%") + b"%d", 1)
                      .replace(b"%b", b' s="' + style + b'"' if style else b"", 1).replace(b"%b", b"", 1))
    return b"".join(pieces)


def rebuilt_row(g: Grammar, segment: bytes, start: re.Match, number: int, values: dict[int, str],
                col_styles: dict[int, bytes]) -> bytes:
    """Rebuild one row: target cells replaced or inserted in column order, all other bytes kept."""
    attrs = start.group(1)
    custom = b"customFormat" in attrs and attr(attrs, b"customFormat") in (b"1", b"true")
    row_style = attr(attrs, b"s") if custom else None
    if b"spans" in attrs:
        attrs = spans_covering(attrs, min(values) + 1, max(values) + 1)
    inner = b"" if start.group(2) else segment[start.end() - start.start():-len(g.row_end)]
    head = b"<" + g.prefix + b"row" + attrs + b">"
    last = g.cell_ref.match(inner, inner.rfind(b"<" + g.prefix + b'c r="')) if inner else None
    if not inner or (last and column_index(last.group(1)) < min(values) and not g.unnamed_cell.search(inner)):
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
            out += [inner[pos:cell.start()], _cell_xml(g, number, col, values[col], attr(cell.group(1), b"s"))]
            pos = cell.end()
        else:  # a new cell before the first one to its right; it shows the row's or the column's format
            where = cells[at][1] if at < len(cells) else len(inner)
            style = row_style if row_style is not None else col_styles.get(col)
            out += [inner[pos:where], _cell_xml(g, number, col, values[col], style)]
            pos = where
    out.append(inner[pos:])
    return head + b"".join(out) + g.row_end


def spans_covering(attrs: bytes, first: int, last: int) -> bytes:
    """The row's spans="low:high" hint widened to cover the written columns (1-based); the attributes as they
    are when it already does (a list's ID and password columns usually lie inside it).
    """
    at = attrs.find(b' spans="')  # as every writer puts it; other spellings take the general path
    if at >= 0:
        close = attrs.find(b'"', at + 8)
        wide = _covering(attrs[at + 8:close], first, last)
        return attrs if wide is None else attrs[:at + 8] + wide + attrs[close:]
    wide = _covering(attr(attrs, b"spans"), first, last)
    return attrs if wide is None else set_attr(attrs, b"spans", wide)


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


def _cell_positions(g: Grammar, inner: bytes) -> list[tuple[int, int]]:
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


def _cell_xml(g: Grammar, number: int, col: int, text: str, style: bytes | None) -> bytes:
    style_attr = b' s="%b"' % style if style else b""
    if text.isascii() and text.isalnum():  # an ID or password: nothing to escape, no edge space
        return g.cell_template % (_letters(col), number, style_attr, b"", text.encode())
    space = b' xml:space="preserve"' if text != text.strip() else b""
    return g.cell_template % (_letters(col), number, style_attr, space, escape(text))


@functools.lru_cache(maxsize=4096)
def _letters(col: int) -> bytes:
    return column_letter(col).encode()
