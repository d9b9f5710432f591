"""Normalisation of typed text: what NFKC, invisible-character removal and trimming would change.

The checker never accepts a dirty value as clean: it reports the original and proposes the cleaned
value as a suggestion. IDs, passwords and group labels contain no spaces at all, so every space
(half-width, U+3000, NBSP, tab, newline) is removed, not only the outer ones.
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

# Characters that take no room on screen: zero-width spaces and joiners, BOM, bidi marks, soft hyphen.
INVISIBLE = (
    "\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
    "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_CONTROLS = "".join(chr(c) for c in range(32) if chr(c) not in "\t\n\r") + "\x7f"
_INVISIBLE_RE = re.compile("[" + re.escape(INVISIBLE + _CONTROLS) + "]")
_SPACE_RE = re.compile(r"\s+")  # str patterns: also U+3000, NBSP and the other Unicode spaces

# Change kinds, in the order they are reported.
INVISIBLE_CHARS = "invisible"
EDGE_SPACE = "edge_space"
INNER_SPACE = "inner_space"
WIDTH = "width"


class Cleaning(NamedTuple):
    """What normalisation does to one value: ``old`` → ``new`` and which kinds of change."""

    old: str
    new: str
    changes: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return self.old != self.new


def visible(text: str) -> str:
    """Return the text without invisible characters (zero-width spaces, BOM, bidi marks, controls)."""
    return _INVISIBLE_RE.sub("", text)


def squeeze(text: str) -> str:
    """Return the text with invisible characters and all spaces removed, NFKC-normalised."""
    if text.isascii() and text.isalnum():
        return text  # nothing to remove or normalise (the common case of IDs, passwords and codes)
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", _INVISIBLE_RE.sub("", text)))


def preview(text: str) -> Cleaning:
    """Describe how normalising ``text`` would change it.

    Args:
        text: A cell's text as typed.

    Returns:
        The old and new text and the kinds of change (invisible characters, spaces at the edges,
        spaces inside, full-width or other compatibility characters).
    """
    changes = []
    visible = _INVISIBLE_RE.sub("", text)
    if visible != text:
        changes.append(INVISIBLE_CHARS)
    stripped = visible.strip()
    if stripped != visible:
        changes.append(EDGE_SPACE)
    if _SPACE_RE.search(stripped):
        changes.append(INNER_SPACE)
    spaceless = _SPACE_RE.sub("", stripped)
    new = unicodedata.normalize("NFKC", spaceless)
    if new != spaceless:
        changes.append(WIDTH)
    new = _SPACE_RE.sub("", new)  # NFKC can turn compatibility characters into spaces
    return Cleaning(text, new, tuple(changes))


def show(text: str) -> str:
    """Make spaces and invisible characters visible for a report: "a b\u200b" → "a␣b[U+200B]"."""
    out = []
    for ch in text:
        if ch == " ":
            out.append("␣")
        elif ch == "\u3000":
            out.append("□")
        elif _INVISIBLE_RE.match(ch) or (ch.isspace() and ch != " "):
            out.append(f"[U+{ord(ch):04X}]")
        else:
            out.append(ch)
    return "".join(out)
