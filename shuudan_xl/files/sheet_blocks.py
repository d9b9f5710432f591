"""The list patch's fast path: a run of plain rows, each receiving its cells after its last one, in a few
C-level scans instead of Python per row (files.sheet_xml).

An export writes an ID and a password into every row of a list of up to a million rows. Row by row, finding
each row, its number, its last cell and its spans, and building its cells, cost about 7 µs a row in Python —
seven seconds of a million-row export. Most runs of rows are alike: every row written, none formatted, the
cells to write right of every cell there. Such a run is checked whole (the row numbers read with one
``findall``, the cells searched once for one at or right of the first written column, the tags counted)
and written with one ``replace`` and one ``%``. Any run that is not plainly so is left to the general path
(``plain_rows`` returns None), which makes the same bytes a row at a time: the fast path writes exactly
what it would (tests/files/test_sheet_blocks.py holds the two together).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from operator import itemgetter

from shuudan_xl.files.cell_refs import column_letter
from shuudan_xl.files.row_writes import RowWrites
from shuudan_xl.files.sheet_rows import Grammar, cells_template, spans_covering

ENABLED = True  # tests switch the fast path off to take the general path as the reference
CHUNK = 1 << 17  # bytes of rows checked and written at a time: a few hundred rows, a small transient copy


def plain_rows(g: Grammar, chunk: bytes, pending: list[int], next_: int, writes,
               col_styles: dict[int, bytes], templates: dict) -> tuple[bytes, int] | None:
    """The rows of ``chunk`` with their cells appended, when every one of them is plain; else None.

    Plain: the chunk is whole rows, one straight after another (``<row r="N" …><c r="…`` … ``</row>``, no
    row self-closing or with a row format); their numbers are exactly the next rows to write; each receives
    the same columns, all right of every cell the chunk holds; the texts are IDs and passwords (ASCII
    letters and digits, as ``sheet_rows.appended_cells`` writes them from one template); and each row's
    spans, if any, are spelled `` spans="…"`` (then widened as ``sheet_rows.spans_covering`` widens them).

    Args:
        g: The part's grammar.
        chunk: Whole rows of the part, from a row's start to a row's end.
        pending: The row numbers to write, ascending; ``next_`` indexes the first not yet written.
        writes: The cells by row (``files.row_writes.by_row``); only a ``RowWrites`` takes the fast path.
        col_styles: The columns' formats (new cells show them).
        templates: ``appended_cells``' cache of cell templates per set of columns.

    Returns:
        The chunk's bytes with the cells in place, and how many rows were written; None when the general
        path must take the chunk.
    """
    if not ENABLED or not isinstance(writes, RowWrites):
        return None
    scans = _scans(g.prefix)
    found = _plain_starts(scans, g, chunk)
    n = len(found)
    if n == 0 or next_ + n > len(pending):
        return None
    numbers = list(map(int, map(_NUMBER, found)))
    if numbers != pending[next_:next_ + n]:
        return None
    cells = writes.uniform_cells(next_, next_ + n)
    if cells is None:
        return None
    columns, texts = cells
    joined = "".join(texts)
    if not (joined.isascii() and joined.isalnum()):
        return None  # texts to escape are written cell by cell (sheet_rows._cell_xml); an empty one as here
    if _cell_not_left_of(scans, columns[0]).search(chunk):
        return None
    spans = _widened_spans(Counter(map(_ATTRS, found)), columns[0] + 1, columns[-1] + 1)
    template = templates.get(columns, b"")
    if template == b"":
        template = templates[columns] = cells_template(g, columns, col_styles)
    if spans is None or template is None:
        return None
    if b"%" in chunk:
        chunk = chunk.replace(b"%", b"%%")
    for narrow, wide, rows in spans:
        # Text may hold ' spans="1:9"' too (a quote needs no escaping there): the old value must be found
        # as many times as rows start with it, that is in the rows' starts only.
        if len(narrow) == len(wide) and chunk.count(narrow) != rows:
            return None
        size = len(chunk)
        chunk = chunk.replace(narrow, wide)
        if len(chunk) - size != rows * (len(wide) - len(narrow)):
            return None
    out = chunk.replace(g.row_end, template + g.row_end)
    if len(out) - len(chunk) != n * len(template):  # a row end for every row start, and no more
        return None
    k = len(columns)
    fields: list = [None] * (2 * k * n)
    encoded = "\n".join(texts).encode("ascii").split(b"\n")  # the texts have no line break (checked above)
    for j in range(k):  # row number and text of each cell, row after row
        fields[2 * j::2 * k] = numbers
        fields[2 * j + 1::2 * k] = encoded[j::k]
    return out % tuple(fields), n


def _plain_starts(scans: _Scans, g: Grammar, chunk: bytes) -> list[tuple[bytes, bytes]]:
    # Each row's number and the rest of its start's attributes, when every row start of the chunk is a
    # plain one, the first at the chunk's start and each other right after a row's end, and the chunk ends
    # with a row's end (so that no row lies inside another); else none.
    first = scans.row.match(chunk)
    if first is None or not chunk.endswith(g.row_end):
        return []
    found = [first.groups()]
    found += scans.next_row.findall(chunk, first.end())
    return found if chunk.count(scans.row_open) == len(found) else []


_NUMBER, _ATTRS = itemgetter(0), itemgetter(1)


def _widened_spans(rows: Counter, first: int, last: int) -> list[tuple[bytes, bytes, int]] | None:
    # The spans="…" to replace so that each row's covers the written columns (1-based), as spans_covering
    # widens a row's: (old, new, how many rows start with old). None when a row's start is self-closing,
    # has a row format, or spells its spans otherwise.
    widen: dict[bytes, bytes] = {}
    users: Counter = Counter()
    for attrs, count in rows.items():  # a handful of distinct starts: the same spans, a few heights
        if attrs.endswith(b"/") or b"customFormat" in attrs:
            return None
        if b"spans" not in attrs:
            continue
        wide = spans_covering(attrs, first, last)
        at = attrs.find(b' spans="')
        if at < 0 or attrs.count(b' spans="') != 1:
            return None
        close = attrs.find(b'"', at + 8)
        if close < 0:
            return None
        old = attrs[at:close + 1]
        users[old] += count
        if wide is not attrs:
            widen[old] = wide[at:wide.index(b'"', at + 8) + 1]
    return [(old, new, users[old]) for old, new in widen.items()]


class _Scans:
    # The patterns for one namespace prefix.
    def __init__(self, prefix: bytes):
        p = re.escape(prefix)
        self.prefix = prefix
        self.row_open = b"<" + prefix + b"row"
        # A plain row's start and its first cell: its number, and the rest of its attributes.
        self.row = re.compile(rb'<' + p + rb'row r="([0-9]+)"([^>]*)><' + p + rb'c r="')
        # The same right after a row's end.
        self.next_row = re.compile(rb"</" + p + rb"row>" + self.row.pattern)


@functools.lru_cache(maxsize=8)
def _scans(prefix: bytes) -> _Scans:
    return _Scans(prefix)


@functools.lru_cache(maxsize=64)
def _cell_not_left_of(scans: _Scans, col: int) -> re.Pattern:
    # A cell whose first attribute is not r="…" of letters and digits (the general path reads it otherwise),
    # or whose column is ``col`` or right of it. Left of it: fewer letters, or as many and below them. One
    # negative look-ahead per cell: a search about a quarter faster than two alternatives.
    letters = column_letter(col)
    size = len(letters)
    options = [f"[A-Z]{{1,{size - 1}}}"] if size > 1 else []
    for i, char in enumerate(letters):
        if char > "A":
            rest = f"[A-Z]{{{size - 1 - i}}}" if i < size - 1 else ""  # no empty repeat: a slower search
            options.append(f"{letters[:i]}[A-{chr(ord(char) - 1)}]{rest}")
    left = b'(?! r="(?:' + "|".join(options).encode() + b')[0-9]+")' if options else b""
    return re.compile(b"<" + re.escape(scans.prefix) + b"c" + left + rb"[\s/>]")
