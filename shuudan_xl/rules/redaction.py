"""Where a run's passwords occur in a text (the operation log's line and note), found without a search per password.

A run may hold a million passwords and the text is a few hundred characters: instead of asking of each password
whether the text contains it, every stretch of the text as long as some password is looked up in the set of
passwords. The answer is the same (a password occurs exactly where a stretch of its length equals it), at a
few thousand set lookups instead of a million substring searches.
"""

from __future__ import annotations

from collections.abc import Set

MASK = "＊＊＊"


def secret_spans(text: str, secrets: Set[str]) -> list[tuple[int, int]]:
    """Every (start, end) of ``text`` where one of ``secrets`` occurs (empty secrets never do), overlapping
    spans merged, in order."""
    if not text or not secrets:
        return []
    spans = sorted((i, i + n) for n in set(map(len, secrets)) - {0}
                   for i in range(len(text) - n + 1) if text[i:i + n] in secrets)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def holds_secret(text: str, secrets: Set[str]) -> bool:
    """Whether any non-empty one of ``secrets`` occurs in ``text``."""
    return bool(secret_spans(text, secrets))


def masked(text: str, secrets: Set[str]) -> str:
    """``text`` with every stretch where one of ``secrets`` occurs replaced by ＊＊＊ (overlapping ones as one)."""
    out, pos = [], 0
    for start, end in secret_spans(text, secrets):
        out += [text[pos:start], MASK]
        pos = end
    return "".join(out) + text[pos:]
