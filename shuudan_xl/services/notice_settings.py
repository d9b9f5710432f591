"""The settings each letter is written with: the 設定 sheet's, with its prefecture's office from 都道府県別設定.

A bureau covers several prefectures (4(2)「○○厚生局及び○○都道府県」); a letter names the viewer's own
prefecture and, where the bureau has set one, that prefecture's 事務所 (sender, contact). Letters must not
go out while a setting still leaves the example's 「○○」 in them; which settings do, and where staff type
them, is said here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shuudan_xl.rules import notice_offices as no
from shuudan_xl.rules import notice_text as nt
from shuudan_xl.rules.settings import SETTINGS_SHEET, Settings


@dataclass
class LetterSettings:
    """The bureau's settings and the per-prefecture values, read once for a round's letters."""

    bureau: Settings
    offices: no.Offices = field(default_factory=no.Offices)
    problems: list[str] = field(default_factory=list)  # unusable rows of 都道府県別設定 (Japanese)

    def for_viewer(self, group: str, login_id: str) -> Settings:
        """The settings of a viewer's letter: the prefecture's office where one is set."""
        code = no.prefecture_code(group, login_id)
        return self.offices.settings_for(self.bureau, code) if code else self.bureau

    def unfinished(self, codes: set[str | None]) -> list[str]:
        """Where a setting used by the letters of these prefectures still leaves「○○」(Japanese, one per place).

        Args:
            codes: The prefecture codes of the round's letters (None: a letter without a known prefecture).

        Returns:
            「設定シートの「厚生局名」」 or 「シート「都道府県別設定」5行目（東京都）の「電話」」, in a stable order.
        """
        key_of = {name: key for key, name in Settings.keys().items()}
        places: dict[str, None] = {}
        for code in sorted(codes, key=lambda c: c or ""):
            own = self.offices.by_code.get(code, {}) if code else {}
            settings = self.offices.settings_for(self.bureau, code) if code else self.bureau
            for key in nt.unfinished_settings(settings):
                name = next(n for n, k in key_of.items() if k == key)
                where = self.offices.where(code) if name in own else f"シート「{SETTINGS_SHEET}」"
                places[f"{where}の「{key}」"] = None
        return list(places)


def letter_settings(book, settings: Settings) -> LetterSettings:
    """Read the optional 都道府県別設定 sheet of the master beside its 設定 sheet.

    Args:
        book: The master workbook (anything with ``sheet_names`` and ``rows(sheet)``), or None.
        settings: The 設定 sheet's values.

    Returns:
        The settings per letter; rows of the sheet that cannot be used are in ``problems``.
    """
    if book is None or no.OFFICES_SHEET not in book.sheet_names:
        return LetterSettings(settings)
    offices, findings = no.read_offices(book.rows(no.OFFICES_SHEET))
    problems = [f"シート「{f.sheet}」{f.row}行目 {f.column}「{f.value or ''}」: {f.message}" for f in findings]
    return LetterSettings(settings, offices, problems)
