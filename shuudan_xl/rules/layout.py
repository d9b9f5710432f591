"""Where the ID, password and group columns are: found from the header row, never by position alone."""

from __future__ import annotations

from typing import NamedTuple

from shuudan_xl.rules.cleaning import squeeze

VENDOR_HEADERS = ("ユーザーID", "パスワード", "氏名")
HEADER_SEARCH_ROWS = 20

ID_HEADERS = ("ユーザーID", "ログインID", "ID")
PASSWORD_HEADERS = ("パスワード", "ログインパスワード")
GROUP_HEADERS = ("氏名", "所属グループ", "グループ", "都道府県")
ROUND_HEADERS = ("視聴回",)


class Layout(NamedTuple):
    """Columns of a registration table (0-based indexes) and the header row (1-based)."""

    header_row: int
    id_col: int
    password_col: int
    group_col: int | None
    headers: tuple[str, ...]
    round_col: int | None = None  # master lists: the same ID may appear once per round

    @property
    def is_vendor(self) -> bool:
        """True for the vendor's 視聴者登録／更新 layout (C holds the group under the 氏名 header)."""
        return self.group_col is not None and self.headers[self.group_col] == "氏名"

    @property
    def vendor_order_ok(self) -> bool:
        return (self.id_col, self.password_col, self.group_col) == (0, 1, 2)

    def header(self, col: int) -> str:
        return self.headers[col] if col < len(self.headers) else ""

    def column(self, header: str) -> int | None:
        """Return the index of a header, or None."""
        return self.headers.index(header) if header in self.headers else None

    def last_columns(self) -> dict[str, int]:
        """Each named header's column; a header written twice names its last one (as a row's values are read)."""
        return {h: i for i, h in enumerate(self.headers) if h}


def _find(cells: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in cells:
            return cells.index(name)
    return None


def header_key(value: object) -> str:
    """Normalise a header cell for matching ("ユーザーＩＤ " → "ユーザーID")."""
    return squeeze(value) if isinstance(value, str) else ""


def find_layout(rows: list[list[object]]) -> Layout | None:
    """Find the first row, among the first 20, that names an ID and a password column.

    Args:
        rows: The sheet's cell values, row by row.

    Returns:
        The layout, or None when no header row is found.
    """
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [header_key(v) for v in row]
        id_col = _find(cells, ID_HEADERS)
        password_col = _find(cells, PASSWORD_HEADERS)
        if id_col is None or password_col is None:
            continue
        return Layout(index + 1, id_col, password_col, _find(cells, GROUP_HEADERS), tuple(cells),
                      _find(cells, ROUND_HEADERS))
    return None
