"""The cells to write into a sheet, by row: row → {column: text}, made from the cells as a row is reached.

The list patch writes an ID and a password into each of 100,000 rows. Held as a dict of one small dict per
row, they took about 26 MB while the patch ran (a fifth of the export's peak at that moment); here the cells
stay the objects the caller planned, and a row's dict is made when the splicer asks for it (files.sheet_xml).
"""

from __future__ import annotations

import bisect
from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain, compress, islice
from operator import attrgetter, lt, ne

_ROW, _COL, _TEXT = attrgetter("row"), attrgetter("col"), attrgetter("text")


class RowWrites(Mapping):
    """Row → {column: text} over CellWrite-like objects (``row``, ``col``, ``text``) given in row order."""

    __slots__ = ("_writes", "_rows", "_starts", "_next")

    def __init__(self, writes: Sequence):
        """Index the cells by row.

        Args:
            writes: The cells, in ascending row order (see ``by_row`` for any other order).

        Raises:
            ValueError: when the cells are not in ascending row order.
        """
        # Where the row changes, found in C (map, compress): an export has two million cells at a million rows.
        numbers = list(map(_ROW, writes))
        if any(map(lt, islice(numbers, 1, None), numbers)):
            at = next(i for i in range(1, len(numbers)) if numbers[i] < numbers[i - 1])
            raise ValueError(f"row {numbers[at]} after row {numbers[at - 1]}")
        changes = chain((True,), map(ne, islice(numbers, 1, None), numbers))
        starts = array("q", compress(range(len(numbers)), changes))
        rows = array("q", map(numbers.__getitem__, starts))
        starts.append(len(numbers))
        self._writes, self._rows, self._starts, self._next = writes, rows, starts, 0

    def __getitem__(self, row: int) -> dict[int, str]:
        rows, at = self._rows, self._next
        if at >= len(rows) or rows[at] != row:  # asked out of order: looked up
            at = bisect.bisect_left(rows, row)
            if at == len(rows) or rows[at] != row:
                raise KeyError(row)
        self._next = at + 1  # the splicer asks row after row
        writes, out = self._writes, {}
        for index in range(self._starts[at], self._starts[at + 1]):
            write = writes[index]
            out[write.col] = write.text
        return out

    def uniform_cells(self, first: int, stop: int) -> tuple[tuple[int, ...], list[str]] | None:
        """The cells of the rows ``first``…``stop - 1`` (indexes in row order) when every one of them has
        the same columns, each once and in ascending order (an export's ID and password): those columns,
        and the texts row after row; else None. Made in C, without a dict per row.
        """
        starts = self._starts
        begin, end = starts[first], starts[stop]
        size = starts[first + 1] - begin
        if end - begin != size * (stop - first) or starts[first:stop + 1] != array("q", range(begin, end + 1, size)):
            return None
        chunk = self._writes[begin:end]
        columns = list(map(_COL, chunk))
        key = columns[:size]
        if key != sorted(set(key)) or columns != key * (stop - first):
            return None
        self._next = stop
        return tuple(key), list(map(_TEXT, chunk))

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def columns(self) -> set[int]:
        """Every column written into, in any row."""
        return set(map(_COL, self._writes))


def by_row(writes) -> Mapping[int, dict[int, str]]:
    """The cells by row: a ``RowWrites`` for cells in row order (as a plan lists them), else a dict of dicts.

    Args:
        writes: CellWrite-like objects, or already row → {col: text} (returned as it is).
    """
    if isinstance(writes, Mapping):
        return writes
    if isinstance(writes, Sequence):
        try:
            return RowWrites(writes)
        except ValueError:
            pass  # not in row order: gathered by row below
    out: dict[int, dict[int, str]] = defaultdict(dict)
    for w in writes:
        out[w.row][w.col] = w.text
    return out


def written_columns(rows: Mapping[int, dict[int, str]]) -> set[int]:
    """Every column written into (the cells by row, as ``by_row`` gives them)."""
    return rows.columns() if isinstance(rows, RowWrites) else set().union(*rows.values())
