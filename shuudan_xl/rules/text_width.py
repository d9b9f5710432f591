"""How wide text looks in a Japanese console or Excel cell: full-width and ambiguous characters count two."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# East Asian Width classes drawn two cells wide. "A" (ambiguous: ●, ○, ☆, ※, ①, …) is two cells in a
# Japanese console (cp932 fonts such as MS Gothic) and in Excel's Japanese fonts.
WIDE = frozenset("WFA")


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Display cells of one character: 0 for combining marks, 2 for wide/full-width/ambiguous, else 1."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in WIDE else 1


def display_width(text: str) -> int:
    """Display cells of text (full-width and ambiguous characters count as 2).

    Args:
        text: One line of text.
    """
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)
