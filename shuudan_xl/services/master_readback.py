"""The list as written, read back: is every planned ID, password and group in its row, as load_master reads it?

What export's read-back (services.export.verify_list) compares the staged list with. The sheet and the
expected rows are walked side by side; only the three columns are read where the book can read columns
alone (files.column_readback).
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Iterator

from shuudan_xl.rules import master as m
from shuudan_xl.rules.layout import HEADER_SEARCH_ROWS, Layout, find_layout, header_key
from shuudan_xl.services.books import Book
from shuudan_xl.services.master import _clean_text, _is_filled, _repeated, _require_master_layout


def logins_differing(book: Book, expected: Iterable[tuple[int, str, str, str]], sheet: str | None = None,
                     layout: Layout | None = None) -> list[int]:
    """The Excel rows whose ID, password and group, normalised as ``load_master`` reads them, are not as expected.

    What a write of the list is checked with: the sheet and ``expected`` are walked side by side, so
    neither is held whole. A cell holding exactly the expected text needs no normalising; any other is
    normalised as ``load_master`` would before it is compared. Rows not expected are not looked at; an expected
    row the sheet does not have counts as differing.

    Args:
        book: The list as written.
        expected: (Excel row, ID, password, group label), in ascending row order, each row once.
        sheet: The list's sheet (default 視聴者リスト).
        layout: Where the list's header and columns were when it was read before the write. With it, a book
            that can read a few columns alone (files.column_readback) reads only these three: the same
            values, without holding every column of the sheet.

    Raises:
        ValueError: when ``expected`` is not in ascending row order (a caller's mistake).
    """
    differing: list[int] = []
    want = iter(expected)
    item = next(want, None)
    for cells in _login_cells(book, sheet, layout):
        if cells == item:  # the usual row: the expected texts exactly (a group label normalises to itself)
            number = item[0]
            item = next(want, None)
            if item is not None and item[0] <= number:
                raise ValueError(f"rows out of order: {item[0]} after {number}")
            continue
        number, login, password, group = cells
        while item is not None and item[0] < number:  # expected rows the sheet has no data in
            differing.append(item[0])
            item = _next_in_order(want, item[0])
        if item is None:
            break
        if item[0] != number:
            continue
        if (login, password) != item[1:3] and (_clean_text(login), _clean_text(password)) != item[1:3]:
            differing.append(number)
        elif _repeated(m.GROUP, group) != item[3]:
            differing.append(number)
        item = _next_in_order(want, number)
    while item is not None:
        differing.append(item[0])
        item = _next_in_order(want, item[0])
    return differing


def _next_in_order(items: Iterator[tuple], last: int) -> tuple | None:
    item = next(items, None)
    if item is not None and item[0] <= last:
        raise ValueError(f"rows out of order: {item[0]} after {last}")
    return item


def _login_cells(book: Book, sheet: str | None, layout: Layout | None = None
                 ) -> Iterator[tuple[int, object, object, object]]:
    # (Excel row, ユーザーID, パスワード, 都道府県) of each filled row below the header, as stored. A book that
    # can read the three columns alone does, when the layout is known and its header is still there; one
    # that can stream its rows (files.reader) does that: the list is never held whole.
    name = sheet or m.LIST_SHEET
    if layout is not None and hasattr(book, "column_rows"):
        columns = _login_columns(layout)
        wanted = [c for c in columns if c is not None]
        narrowed = book.column_rows(name, wanted)
        if narrowed is not None and (yield from _narrowed_login_cells(narrowed, layout, columns, wanted)):
            return
    rows = book.iter_rows(name) if hasattr(book, "iter_rows") else iter(book.rows(name))
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    layout = find_layout(head)
    _require_master_layout(name, layout)
    columns = _login_columns(layout)
    for number, raw in enumerate(itertools.chain(head[layout.header_row:], rows), start=layout.header_row + 1):
        if _is_filled(raw):
            yield (number, *(raw[i] if i is not None and i < len(raw) else None for i in columns))


_LOGIN_HEADERS = (m.LOGIN_ID, m.PASSWORD, m.GROUP)


def _login_columns(layout: Layout) -> list[int | None]:
    # The ID, password and group columns; a repeated header names its last column, as in _read_row.
    at = {h: i for i, h in enumerate(layout.headers) if h}
    return [at.get(h) for h in _LOGIN_HEADERS]


def _narrowed_login_cells(narrowed: Iterator[tuple[int, tuple]], layout: Layout, columns: list[int | None],
                          wanted: list[int]) -> Iterator[tuple[int, object, object, object]]:
    # _login_cells' rows from the columns read alone (files.column_readback), in ``wanted``'s order. Returns
    # False, having yielded nothing, when the first filled row from the header's on is not the header as
    # the layout has it (then the sheet is read whole); True once every row is yielded.
    places = [wanted.index(c) if c is not None else None for c in columns]
    headers = [h if c is not None else "" for h, c in zip(_LOGIN_HEADERS, columns, strict=True)]

    def cells(values: tuple) -> tuple:
        return tuple(values[p] if p is not None else None for p in places)

    pick = operator.itemgetter(*places) if None not in places else cells  # three places: a tuple
    for number, values in narrowed:
        if number < layout.header_row:
            continue
        if number != layout.header_row or [header_key(v) for v in pick(values)] != headers:
            return False
        break
    else:
        return False
    for number, values in narrowed:
        yield (number, *pick(values))
    return True
