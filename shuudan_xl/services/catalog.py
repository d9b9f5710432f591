"""Load the video catalog: the master workbook's 動画一覧 sheet, else the bundled default."""

from __future__ import annotations

from shuudan_xl.files.package_data import default_catalog_rows
from shuudan_xl.rules import master as m
from shuudan_xl.rules.cells import CONTROL_RE, FORMULA_STARTS, cell_text, text_of
from shuudan_xl.rules.cleaning import show, visible
from shuudan_xl.rules.findings import WARNING, Finding
from shuudan_xl.rules.videos import CATALOG_HEADERS, CATALOG_SHEET, CatalogEntry, VideoCatalog
from shuudan_xl.services.books import Book


def load_catalog(book: Book | None = None) -> tuple[VideoCatalog, list[Finding], str]:
    """Read the catalog from the master workbook when it has a 動画一覧 sheet.

    Args:
        book: The master workbook (see services.books.Book); None for the default.

    Returns:
        The catalog, findings on bad catalog rows, and where it came from (for the summary).
    """
    if book is not None:
        if CATALOG_SHEET in book.sheet_names:
            rows = book.rows(CATALOG_SHEET)
            catalog, findings = parse_catalog(rows, CATALOG_SHEET)
            return catalog, findings, f"シート「{CATALOG_SHEET}」"
    catalog, findings = parse_catalog(default_catalog_rows(), "既定の動画一覧")
    return catalog, findings, "既定の動画一覧"


def parse_catalog(rows: list[list[object]], sheet: str) -> tuple[VideoCatalog, list[Finding]]:
    """Turn catalog rows (header row first) into a catalog, reporting rows it cannot use."""
    findings: list[Finding] = []
    if not rows:
        return VideoCatalog([]), findings
    headers = [text_of(v) for v in rows[0]]
    cols = {h: headers.index(h) for h in CATALOG_HEADERS if h in headers}
    entries = []
    for index, row in enumerate(rows[1:], start=2):
        def value(header: str, row: list[object] = row) -> object:
            col = cols.get(header)
            return row[col] if col is not None and col < len(row) else None

        if all(v in ("", None) for v in row):
            continue
        guidance = m.guidance_type(cell_text(value("指導区分"))[0] or "")
        field = m.field_type(cell_text(value("種別"))[0] or "")
        name = (cell_text(value("動画名"))[0] or "").strip()
        round_value = value("視聴回")
        round_ = None if round_value in ("", None) else m.round_number(round_value)
        if guidance is None or field is None or not name or (round_value not in ("", None) and round_ is None):
            findings.append(Finding(
                sheet, index, "動画名", WARNING, "catalog.row",
                "動画一覧のこの行は指導区分・種別・動画名（・視聴回）を読み取れません。", name, None))
            continue
        if name.startswith(FORMULA_STARTS) or CONTROL_RE.search(name) or visible(name) != name:
            findings.append(Finding(
                sheet, index, "動画名", WARNING, "catalog.name",
                f"動画名「{show(name)}」は使えません（「=」などで始まる、または見えない文字・制御文字を含む）。"
                "この行は使わずに進めます。", name, None))
            continue
        entries.append(CatalogEntry(guidance, field, round_, name))
    return VideoCatalog(entries), findings
