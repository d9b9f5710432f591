"""The video catalog: which 指導動画 a viewer of a round is linked to, from 指導区分 × 種別 × month.

The catalog is data staff can edit (the 動画一覧 sheet, or the bundled default CSV): each entry names a
video for a 指導区分 and 種別, optionally for one 視聴回 only; "{月}" in a name becomes the viewing month.
"""

from __future__ import annotations

from dataclasses import dataclass

CATALOG_SHEET = "動画一覧"  # the master workbook's sheet of the catalog
MONTH_PLACEHOLDER = "{月}"
CATALOG_HEADERS = ("指導区分", "種別", "視聴回", "動画名")


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    """One line of the catalog; ``round`` None means every round."""

    guidance: str
    field: str
    round: int | None
    name: str


class VideoCatalog:
    """Lookup of video names; an entry for a specific round wins over an every-round entry."""

    def __init__(self, entries: list[CatalogEntry]):
        self.entries = list(entries)
        self._index = {(e.guidance, e.field, e.round): e.name for e in self.entries}

    def video(self, guidance: str, field: str, round_: int, month: int) -> str | None:
        """Return the video name for a viewer, or None when the catalog has no entry.

        Args:
            guidance: 指導区分 (canonical).
            field: 種別 (canonical).
            round_: 視聴回 1–9.
            month: The calendar month of the viewing period (6 for round 1).
        """
        name = self._index.get((guidance, field, round_)) or self._index.get((guidance, field, None))
        return name.replace(MONTH_PLACEHOLDER, str(month)) if name else None
