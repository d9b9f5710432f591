"""A1-style column letters, as cell references name them ("A" is column 0, "AA" column 26)."""

from __future__ import annotations

import functools


def column_letter(index: int) -> str:
    """0-based column index → letters (0 → "A", 26 → "AA")."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@functools.lru_cache(maxsize=4096)
def column_index(letters: str | bytes) -> int:
    """Letters → 0-based column index ("A" → 0)."""
    value = 0
    for ch in letters.decode() if isinstance(letters, bytes) else letters:
        value = value * 26 + ord(ch) - 64
    return value - 1
