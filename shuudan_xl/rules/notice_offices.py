"""The 都道府県別設定 sheet: a bureau's 事務所 per prefecture, for the letters' sender and contact.

A 地方厚生（支）局 covers several prefectures and has an office in each; the 実施通知例 names one in
「○○厚生（支）局○○事務所まで来所いただき」 and in the contact block 「〇〇厚生（支）局〇〇事務所 〇〇課 〇〇」.
The 設定 sheet holds the values for the whole bureau; this optional sheet holds, one row per prefecture,
the values that differ there. A blank cell keeps the 設定 sheet's value, so a bureau fills in only what
it needs (often just 事務所名, 住所 and 電話).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shuudan_xl.rules.cells import text_of
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.findings import ERROR, Finding
from shuudan_xl.rules.layout import HEADER_SEARCH_ROWS
from shuudan_xl.rules.prefectures import PREFECTURES, match_group
from shuudan_xl.rules.settings import Settings

OFFICES_SHEET = "都道府県別設定"
PREFECTURE = "都道府県"
# The settings a prefecture may override, in the sheet's column order: 設定 key → Settings attribute.
OVERRIDES: dict[str, str] = {
    "事務所名": "office", "担当課": "section", "担当者": "contact_person", "郵便番号": "postal_code", "住所": "address",
    "電話": "phone", "FAX": "fax", "発信者": "sender", "文書番号": "document_number",
}
OFFICE_HEADERS = (PREFECTURE, *OVERRIDES)
_CODE = "office.row"


@dataclass
class Offices:
    """The per-prefecture values read from the sheet: prefecture code → Settings attribute → value."""

    by_code: dict[str, dict[str, str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)  # prefecture code → the sheet row it came from

    def settings_for(self, settings: Settings, code: str) -> Settings:
        """The bureau's settings with the prefecture's own values in place of the 設定 sheet's."""
        from dataclasses import replace

        values = self.by_code.get(code)
        return replace(settings, **values) if values else settings

    def where(self, code: str) -> str:
        """Japanese: where a prefecture's values are typed (for messages)."""
        return f"シート「{OFFICES_SHEET}」{self.rows[code]}行目（{PREFECTURES[code]}）"


def prefecture_code(group: str, login_id: str = "") -> str | None:
    """The JIS code of a viewer's prefecture: from the 所属グループ label, else from the ID's 2 digits."""
    if group:
        found = match_group(group)
        if found.label is not None and not found.conflict:
            return found.label[-2:]
    code = login_id[1:3]
    return code if code in PREFECTURES else None


def read_offices(rows: list[list[object]], sheet: str = OFFICES_SHEET) -> tuple[Offices, list[Finding]]:
    """Read the 都道府県別設定 table (header row among the first 20 rows, naming 都道府県).

    Args:
        rows: The sheet's cells.
        sheet: Its name, for findings.

    Returns:
        The values per prefecture, and every row that cannot be used (unknown or repeated prefecture),
        each an error naming the row and the value as typed; none is guessed.
    """
    offices, findings = Offices(), []
    header = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [squeeze(v) if isinstance(v, str) else "" for v in row]
        if PREFECTURE in cells:
            header = index, {h: cells.index(h) for h in OFFICE_HEADERS if h in cells}
            break
    if header is None:
        if any(any(v not in ("", None) for v in row) for row in rows):
            findings.append(Finding(sheet, 1, PREFECTURE, ERROR, _CODE,
                                    f"見出し「{PREFECTURE}」の行が見つかりません"
                                    f"（見出し: {'・'.join(OFFICE_HEADERS)}）。",
                                    None, None))
        return offices, findings
    start, cols = header
    for index in range(start + 1, len(rows)):
        row = rows[index]
        values = {key: text_of(row[c]) if c < len(row) else "" for key, c in cols.items()}  # as typed
        if not any(values.values()):
            continue
        typed = values.pop(PREFECTURE)
        found = match_group(typed) if typed else None
        if found is None or found.label is None or found.conflict:
            findings.append(Finding(sheet, index + 1, PREFECTURE, ERROR, _CODE,
                                    "都道府県が読み取れません。「東京都」「東京」「東京13」のように入力してください。",
                                    typed or None, None))
            continue
        code = found.label[-2:]
        if code in offices.rows:
            findings.append(Finding(sheet, index + 1, PREFECTURE, ERROR, _CODE,
                                    f"{PREFECTURES[code]}の行が{offices.rows[code]}行目にもあります。1行にまとめてください。",
                                    typed, None))
            continue
        offices.rows[code] = index + 1
        offices.by_code[code] = {OVERRIDES[key]: value for key, value in values.items() if value}
    return offices, findings
