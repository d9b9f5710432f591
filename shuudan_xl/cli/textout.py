"""Plain-text tables for terminals that mix Japanese and ASCII (full-width counts as two columns)."""

from __future__ import annotations

import unicodedata


def width(text: str) -> int:
    """Return the display width of text: wide and full-width characters count as 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


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


def count(n: int) -> str:
    """Format a count with thousands separators."""
    return f"{n:,}"
