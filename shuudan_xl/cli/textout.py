"""Plain-text tables for terminals that mix Japanese and ASCII.

Widths follow a Japanese console (cp932 fonts): full-width characters and the ambiguous symbols
(●, ☆, ○, ※) take two columns, so that columns stay aligned under them.
"""

from __future__ import annotations

from shuudan_xl.rules.text_width import display_width

MAX_ROWS = 20  # longer lists are cut here, with a pointer to the full list (--report)


def width(text: str) -> int:
    """Return the display width of text: wide, full-width and ambiguous characters count as 2."""
    return display_width(text)


def pad(text: str, size: int) -> str:
    """Left-align text in a column of ``size`` display cells."""
    return text + " " * max(0, size - width(text))


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Render rows under headers; the last column is not padded."""
    sizes = [max([width(h)] + [width(r[i]) for r in rows]) for i, h in enumerate(headers)]
    lines = []
    for cells in [headers, *rows]:
        parts = [pad(c, sizes[i]) for i, c in enumerate(cells[:-1])] + [cells[-1]]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * s for s in sizes))
    return "\n".join(lines)


def capped_table(headers: list[str], rows: list[list[str]], where: str, limit: int = MAX_ROWS) -> str:
    """A table of at most ``limit`` rows, then a line saying how many more there are and where to see them.

    Args:
        headers: Column headings.
        rows: All rows.
        where: Japanese: where the full list is (e.g. "点検結果ブックの「指摘一覧」シート").
        limit: Rows shown.
    """
    shown = table(headers, rows[:limit])
    if len(rows) <= limit:
        return shown
    return f"{shown}\n…ほか {count(len(rows) - limit)} 件は省略しました。全件は{where}で確認できます。"


def code_counts_table(findings) -> str:
    """How many findings of each kind (finding code), described in Japanese, most frequent first.

    Staff read the meaning; the codes themselves are for scripts (``--json`` counts.by_code).
    """
    from shuudan_xl.rules.finding_codes import code_counts, meaning

    return table(["件数", "内容"], [[count(n), meaning(code) or code] for code, n in code_counts(findings)])


def count(n: int) -> str:
    """Format a count with thousands separators."""
    return f"{n:,}"
