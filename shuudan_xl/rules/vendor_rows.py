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

    def __getitem__(self, key):
        return getattr(self, key) if isinstance(key, str) else tuple.__getitem__(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key, default) if key in self._fields else default


class Link(NamedTuple):
    """A row of 視聴者⇔動画: ユーザーID and the video."""

    id: str
    video: str

    def __getitem__(self, key):
        return getattr(self, key) if isinstance(key, str) else tuple.__getitem__(self, key)

    def get(self, key: str, default=None):
        return getattr(self, key, default) if key in self._fields else default


def as_dict(row) -> dict[str, str]:
    """A planned row as the dict it stands for (a dict as it is)."""
    return row._asdict() if isinstance(row, tuple) else row
