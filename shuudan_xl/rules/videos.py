"""The video catalog: which 指導動画 a viewer of a round is linked to, from 指導区分 × 種別 × month.

The catalog is data staff can edit (the 動画一覧 sheet, or the bundled default CSV): each entry names a
video for a 指導区分 and 種別, optionally for one 視聴回 only; "{月}" in a name becomes the viewing month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shuudan_xl.rules.cells import FORMULA_STARTS
from shuudan_xl.rules.cleaning import show, squeeze
from shuudan_xl.rules.findings import ERROR, Problem

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
        self._names: re.Pattern | None = None

    def _pattern(self) -> re.Pattern:
        # Every name of the catalog, "{月}" standing for a month 1–12 as it is written into a name.
        if self._names is None:
            month = "(?:1[0-2]|[1-9])"
            names = sorted({e.name for e in self.entries}, key=len, reverse=True)
            self._names = re.compile("|".join(re.escape(n).replace(re.escape(MONTH_PLACEHOLDER), month)
                                              for n in names) or "(?!)")
        return self._names

    def typed_video_problems(self, typed: str) -> list[Problem]:
        """Return what is wrong with a video name typed into the list's 指導動画 column.

        A typed name goes to the vendor as it is, so it must be one of the catalog's names exactly
        ("{月}" being any month); a name that differs only by width, spaces or invisible characters gets
        the catalog's spelling as the suggestion.
        """
        if self._pattern().fullmatch(typed):
            return []
        key = squeeze(typed)
        for entry in self.entries:
            for name in _spellings(entry.name):
                if squeeze(name) == key:
                    return [Problem(
                        "master.video_variant", ERROR,
                        f"指導動画「{show(typed)}」は動画一覧の表記「{name}」と違います（全角・半角、空白、見えない文字など）。"
                        "動画名はそのまま業者へ送られるため、動画一覧の表記どおりにしてください。", name)]
        formula = ("「=」「+」「-」「@」で始まる値は数式として扱われるおそれがあるため、業者へは送りません。"
                   if typed.lstrip().startswith(FORMULA_STARTS) else "")
        return [Problem(
            "master.video_unknown", ERROR,
            f"指導動画「{show(typed)}」は動画一覧にありません。{formula}動画一覧の動画名を入力するか、"
            "空欄にして動画一覧から自動で決めてください。")]

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


def _spellings(name: str) -> list[str]:
    # A catalog name as it can appear in a list: one per month when it names the month.
    if MONTH_PLACEHOLDER not in name:
        return [name]
    return [name.replace(MONTH_PLACEHOLDER, str(month)) for month in range(1, 13)]
