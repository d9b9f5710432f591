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
        rows, starts = array("q"), array("q")
        for index, write in enumerate(writes):
            if not rows or write.row != rows[-1]:
                if rows and write.row < rows[-1]:
                    raise ValueError(f"row {write.row} after row {rows[-1]}")
                rows.append(write.row)
                starts.append(index)
        starts.append(len(writes))
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

    def __iter__(self) -> Iterator[int]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def columns(self) -> set[int]:
        """Every column written into, in any row."""
        return {w.col for w in self._writes}


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
