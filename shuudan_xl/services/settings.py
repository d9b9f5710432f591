"""Read the bureau settings from the master workbook's 設定 sheet (defaults when there is none)."""

from __future__ import annotations

from shuudan_xl.rules.findings import Finding
from shuudan_xl.rules.settings import HEADERS, SETTINGS_SHEET, Settings, parse_settings
from shuudan_xl.services.books import Book


def load_settings(book: Book) -> tuple[Settings, list[Finding]]:
    """Return the settings of a master workbook and findings on unusable values.

    Args:
        book: The master workbook (see services.books.Book).
    """
    if SETTINGS_SHEET not in book.sheet_names:
        return Settings(), []
    rows = book.rows(SETTINGS_SHEET)
    pairs, where = {}, {}
    for index, row in enumerate(rows):
        if len(row) >= 2 and isinstance(row[0], str) and row[0].strip() and row[0].strip() != HEADERS[0]:
            pairs[row[0].strip()] = row[1]
            where[row[0].strip()] = index + 1
    settings, problems = parse_settings(pairs)
    findings = [Finding.at(SETTINGS_SHEET, where[key], HEADERS[1], pairs[key], problem) for key, problem in problems]
    return settings, findings
