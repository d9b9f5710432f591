"""The list as written, read back: is every planned ID, password and group in its row, as load_master reads it?

What export's read-back (services.export.verify_list) compares the staged list with. The sheet and the
expected rows are walked side by side; only the three columns are read where the book can read columns
alone (files.column_readback).
"""

from __future__ import annotations

import bisect
import itertools
import operator
from collections.abc import Iterable, Iterator

from shuudan_xl.gcpause import paused_gc
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
    want = iter(expected)
    if layout is not None and hasattr(book, "narrowed_rows") and None not in (columns := _login_columns(layout)):
        rows = book.narrowed_rows(sheet or m.LIST_SHEET, columns)
        if rows is not None and _header_at(rows, layout.header_row):
            with paused_gc():  # runs of rows held a moment: no collection promotes them on the way
                return _narrowed_differing(rows, want, layout.header_row + 1)
    differing: list[int] = []
    item = next(want, None)
    for cells in _login_cells(book, sheet):
        if cells == item:  # the usual row: the expected texts exactly (a group label normalises to itself)
            number = item[0]
            item = next(want, None)
            if item is not None and item[0] <= number:
                raise ValueError(f"rows out of order: {item[0]} after {number}")
            continue
        number = cells[0]
        while item is not None and item[0] < number:  # expected rows the sheet has no data in
            differing.append(item[0])
            item = _next_in_order(want, item[0])
        if item is None:
            break
        if item[0] != number:
            continue
        if _differs(item, cells[1:]):
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


def _login_cells(book: Book, sheet: str | None) -> Iterator[tuple[int, object, object, object]]:
    # (Excel row, ユーザーID, パスワード, 都道府県) of each filled row below the header, as stored, from the
    # sheet read whole; streamed where the book can (files.reader): the list is never held whole.
    name = sheet or m.LIST_SHEET
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
    at = layout.last_columns()
    return [at.get(h) for h in _LOGIN_HEADERS]


_RUN = 4096  # expected rows compared at once by _narrowed_differing
_LOGINS = operator.itemgetter(1, 2, 3)  # (ID, password, group) of an expected row and of a narrowed row alike


def _header_at(rows: Iterator[list], header_row: int) -> bool:
    # Whether the narrowed rows (files.column_readback.narrowed_rows: Excel row 1 first, the three columns
    # from item 1 on), read up to the header's row, hold the three headers there: the layout still stands.
    head = list(itertools.islice(rows, header_row))
    return len(head) == header_row and len(head[-1]) >= 4 and [header_key(v) for v in _LOGINS(head[-1])] == list(
        _LOGIN_HEADERS)


def _narrowed_differing(rows: Iterator[list], want: Iterator[tuple], base: int) -> list[int]:
    """logins_differing over the narrowed rows from Excel row ``base`` on (just below the header).

    The same answer as the row-by-row walk, a run of expected rows at a time: each is looked up by its
    number among the sheet's rows from the run's first to its last, and a run whose rows hold exactly the
    expected texts (the whole list, usually) is settled by one list comparison in C; any other run is looked
    at row by row (``_differs``). Rows before a run's first are skipped without being kept; a run spans at
    most a few thousand of the sheet's rows (expected rows far apart wait for the next run).
    """
    differing: list[int] = []
    last, carry = -1, []
    while run := carry + list(itertools.islice(want, _RUN - len(carry))):
        numbers = list(map(operator.itemgetter(0), run))
        _require_ascending(last, numbers)
        low = bisect.bisect_left(numbers, base)  # the header's row or above: the walk never finds them
        differing += numbers[:low]
        last = numbers[-1]
        cut = bisect.bisect_left(numbers, numbers[low] + 4 * _RUN) if low < len(run) else low
        run, carry, numbers = run[low:cut], run[cut:], numbers[low:cut]
        if not run:
            continue
        if numbers[0] > base:
            next(itertools.islice(rows, numbers[0] - base, numbers[0] - base), None)
        base, last = numbers[0], numbers[-1]
        window = list(itertools.islice(rows, last - base + 1))  # the sheet's rows base … last (fewer at its end)
        inside = bisect.bisect_left(numbers, base + len(window))
        picked = list(map(window.__getitem__, map(base.__rsub__, numbers[:inside])))
        if not (inside == len(run) and all(map(operator.itemgetter(1), run))
                and list(map(_LOGINS, picked)) == list(map(_LOGINS, run))):
            differing += (item[0] for item, row in zip(run, picked, strict=False) if _differs(item, _LOGINS(row)))
            differing += numbers[inside:]  # below the sheet's last row
        base = last + 1
    return differing


def _require_ascending(last: int, numbers: list[int]) -> None:
    # The expected rows ascend, each after the one before (``last``: the previous run's last, -1 at first).
    if numbers[0] <= last or not all(map(operator.lt, numbers, itertools.islice(numbers, 1, None))):
        before, after = next((a, b) for a, b in zip([last, *numbers], numbers, strict=False) if b <= a)
        raise ValueError(f"rows out of order: {after} after {before}")


def _differs(item: tuple, cells: tuple) -> bool:
    # Whether an expected row differs from its row's (ID, password, group) as stored, for logins_differing's
    # walk and its runs alike: a row holding none of the three is not there; texts other than the expected
    # ones are normalised as load_master reads them.
    if all(v in ("", None) for v in cells):
        return True
    if cells == item[1:]:
        return False
    login, password, group = cells
    if (login, password) != item[1:3] and (_clean_text(login), _clean_text(password)) != item[1:3]:
        return True
    return _repeated(m.GROUP, group) != item[3]
