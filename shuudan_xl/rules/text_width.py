"""How wide text looks in a Japanese console or Excel cell: full-width and ambiguous characters count two."""

from __future__ import annotations

import re
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


# Japanese line-breaking rules (禁則処理, after JIS X 4051): characters that may not start a line
# (closing brackets, punctuation, small kana, the long-vowel mark) and that may not end one (opening brackets).
NO_START = frozenset("、。，．・：；？！ー」』）］｝〕〉》】〙〗〟’”ゝゞヽヾ々"
                     "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ)]},.:;!?%")
NO_END = frozenset("「『（［｛〔〈《【〘〖〝‘“([{")
# A line is made of: file names (ID台帳.xlsx, 実施通知_テンプレート.docx), runs of printable ASCII (a word,
# an option, a number), all never split; runs of spaces (where a line may break); and single other
# characters (Japanese may break between any two).
_TOKEN = re.compile(r"[^\s、。，・／（）「」『』【】：]+\.[A-Za-z][A-Za-z0-9]{1,4}(?![A-Za-z0-9])|[!-~]+| +|[^ !-~]")


def wrap(text: str, width: int) -> list[str]:
    """Break text into lines of at most ``width`` display cells.

    Lines break at spaces or between Japanese characters, never inside an ASCII word (an option, a
    file name, a number) shorter than a line, never before 、。」） and the like, and never after 「（.

    Args:
        text: One paragraph (newlines are treated as spaces).
        width: Display cells per line (at least 4).

    Returns:
        The lines, without trailing spaces.
    """
    lines: list[list[str]] = [[]]
    used = 0
    for token in _TOKEN.findall(" ".join(text.split("\n"))):
        if token.isspace():
            if lines[-1]:
                lines[-1].append(token)
                used += len(token)
            continue
        while display_width(token) > width:  # a word or file name longer than a whole line: cut it
            if lines[-1]:
                lines.append([])
            cut = _fitting(token, width)
            lines[-1].append(token[:cut])
            lines.append([])
            used, token = 0, token[cut:]
        size = display_width(token)
        if used + size > width and lines[-1]:
            lines.append(_carry(lines[-1], token, width - size))
            used = sum(display_width(t) for t in lines[-1])
        lines[-1].append(token)
        used += size
    return ["".join(line).rstrip() for line in lines if line]


def _fitting(token: str, width: int) -> int:
    # How many characters of ``token`` fit in ``width`` display cells (at least one: a line never stalls).
    used = 0
    for count, ch in enumerate(token):
        used += char_width(ch)
        if used > width:
            return max(count, 1)
    return len(token)


def _carry(line: list[str], token: str, room: int) -> list[str]:
    # Take tokens from the end of a full line to the next one, so that the next line does not start
    # with a closing mark and the full one does not end with an opening one; trailing spaces go.
    carried: list[str] = []
    while line and not line[-1].isspace() and (
            (carried[0] if carried else token)[0] in NO_START or line[-1][-1] in NO_END):
        if len(carried) == 4 or display_width("".join([line[-1], *carried])) > room or len(line) == 1:
            break  # keep a line whole rather than empty it or overflow the next
        carried.insert(0, line.pop())
    while line and line[-1].isspace():
        line.pop()
    return carried
