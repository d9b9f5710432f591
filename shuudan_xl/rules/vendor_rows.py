"""The rows the two vendor workbooks hold, as planned: one small tuple per row.

A round of 100,000 viewers plans 100,000 registrations and 100,000 links; as dicts they took about 45 MB,
as tuples about 12 MB. They read by key as well (``row["id"]``, ``row.get("id")``), as the dicts built by
hand (tests, spare IDs) do, so that every reader takes either.
"""

from __future__ import annotations

from typing import NamedTuple


class Registration(NamedTuple):
    """A row of 視聴者登録／更新: ユーザーID, パスワード, and the group label under the 氏名 header."""

    id: str
    password: str
    group: str


class Link(NamedTuple):
    """A row of 視聴者⇔動画: ユーザーID and the video."""

    id: str
    video: str


def _by_key(row, key):
    # row["id"] as well as row[0] (typing.NamedTuple takes no mixin, so both classes are given these two).
    if not isinstance(key, str):
        return tuple.__getitem__(row, key)
    if key not in row._fields:  # as a dict would: row["index"] is no field (nor tuple's method)
        raise KeyError(key)
    return getattr(row, key)


def _get(row, key: str, default=None):
    return getattr(row, key) if key in row._fields else default


for _row_type in (Registration, Link):
    _row_type.__getitem__ = _by_key
    _row_type.get = _get


def values_of(row, keys: tuple[str, ...]) -> tuple:
    """A row's values for ``keys``, in that order: a planned row whose fields are those keys as it is, any
    other row (a dict, or a planned row asked for fewer keys) key by key."""
    return row if getattr(row, "_fields", None) == keys else tuple(row[key] for key in keys)


def already_values(rows: list, keys: tuple[str, ...]) -> bool:
    """Whether every row is a planned row of one kind whose fields are ``keys``: then the rows are their own
    values (``values_of`` would give each back as it is), taken without a call per row."""
    kinds = set(map(type, rows))
    return len(kinds) == 1 and getattr(next(iter(kinds)), "_fields", None) == keys


def as_dict(row) -> dict[str, str]:
    """A planned row as the dict it stands for (a dict as it is)."""
    return row._asdict() if isinstance(row, tuple) else row
