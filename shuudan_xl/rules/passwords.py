"""Passwords: 9+ half-width alphanumerics mixing letters and digits, without look-alike characters.

Generation draws from the operating system's CSPRNG (``secrets``) and maps random bytes onto the
alphabet by rejection sampling, so every character is uniform and a million passwords take about a
second.
"""

from __future__ import annotations

import math
import re

from shuudan_xl.rules.findings import ERROR, WARNING, Problem

# No 0/O/o, 1/l/I/i: nothing a reader can confuse on paper.
DEFAULT_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
DEFAULT_LENGTH = 10
MIN_LENGTH = 9
LOOKALIKES = "0Oo1lIi"

VALID_RE = re.compile(r"[A-Za-z0-9]{9,}", re.ASCII)
_ALNUM = re.compile(r"[A-Za-z0-9]*", re.ASCII)
_HAS_LETTER = re.compile(r"[A-Za-z]", re.ASCII)
_HAS_DIGIT = re.compile(r"[0-9]", re.ASCII)
_LOOKALIKE_RE = re.compile(f"[{LOOKALIKES}]")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|" \
    "august|september|october|november|december"
# Text Excel's input parser would turn into a number, date or time: digits with a single run of
# letters that is an exponent (2e5), a month name (12dec2025) or an am/pm marker (3pm).
_EXCEL_LETTERS = rf"(?i:e|a|p|am|pm|{_MONTHS})"
_EXCEL_VALUE_RE = re.compile(rf"[0-9]*{_EXCEL_LETTERS}[0-9]*", re.ASCII)
# A clean password needs no closer look: alphanumerics without look-alikes (no 0, O, o, 1, l, I,
# i), letters and digits mixed, and not a shape Excel reads as a number or date.
CLEAN_PATTERN = (
    # Excel-readable shapes have a single run of letters; test the word list only for those.
    rf"(?!(?=[0-9]*+[A-Za-z]++[0-9]*+$)[0-9]*{_EXCEL_LETTERS}[0-9]*$)"
    r"(?=[A-Za-z]*[0-9])(?=[0-9]*[A-Za-z])"  # a digit and a letter somewhere
    r"[A-HJ-NP-Za-hj-km-np-z2-9]{9,}")
CLEAN_RE = re.compile(CLEAN_PATTERN, re.ASCII)


def entropy_bits(length: int = DEFAULT_LENGTH, alphabet: str = DEFAULT_ALPHABET) -> float:
    """Return the entropy of a uniformly drawn password, before the mixing rule (≈49.5 for 10)."""
    return length * math.log2(len(alphabet))


def _check_length(length: int) -> None:
    if length < MIN_LENGTH:
        raise ValueError(f"パスワードの長さは{MIN_LENGTH}文字以上にしてください（指定: {length}）。")


def is_generated_shape(password: str) -> bool:
    """True when a password mixes letters and digits and cannot be read as a number or date."""
    return bool(_HAS_LETTER.search(password) and _HAS_DIGIT.search(password)
                and not _EXCEL_VALUE_RE.fullmatch(password))


def generate_passwords(count: int, length: int = DEFAULT_LENGTH,
                       alphabet: str = DEFAULT_ALPHABET) -> list[str]:
    """Generate passwords from the CSPRNG.

    Args:
        count: How many passwords.
        length: Characters per password, at least 9.
        alphabet: Distinct ASCII characters to draw from (at most 256).

    Returns:
        ``count`` passwords, each mixing letters and digits and safe to type into Excel.

    Raises:
        ValueError: when ``length`` is below 9.
    """
    import secrets

    _check_length(length)
    size = len(alphabet)
    limit = 256 - 256 % size  # bytes at or above the limit would bias the draw
    table = bytes((b % size if b < limit else 0) for b in range(256))
    table = bytes(alphabet.encode("ascii")[i] for i in table)
    reject = bytes(range(limit, 256))
    result: list[str] = []
    while len(result) < count:
        need = (count - len(result)) * length
        raw = secrets.token_bytes(need * 256 // limit + need // 8 + 64)
        chars = raw.translate(table, reject).decode("ascii")
        usable = len(chars) - len(chars) % length
        result.extend(filter(is_generated_shape, (chars[i:i + length] for i in range(0, usable, length))))
    del result[count:]
    return result


def generate_password(length: int = DEFAULT_LENGTH) -> str:
    """Generate one password (see generate_passwords)."""
    return generate_passwords(1, length)[0]


def check_password(password: str, login_id: str | None = None) -> list[Problem]:
    """Return what is wrong with a password already free of spaces and full-width characters.

    Args:
        password: The password text.
        login_id: The viewer's ID, to warn when both are the same.
    """
    if CLEAN_RE.fullmatch(password) and password != login_id:
        return []
    problems = []
    if not VALID_RE.fullmatch(password):
        if _ALNUM.fullmatch(password):
            problems.append(Problem(
                "password.too_short", ERROR,
                f"パスワードが{len(password)}文字です。半角英数字9文字以上にしてください。"))
        else:
            problems.append(Problem(
                "password.chars", ERROR, "パスワードには半角英数字（A〜Z、a〜z、0〜9）だけを使ってください。"))
        return problems
    found = sorted(set(_LOOKALIKE_RE.findall(password)), key=LOOKALIKES.index)
    if found:
        problems.append(Problem(
            "password.lookalike", WARNING,
            f"見間違えやすい文字（{'・'.join(found)}）が含まれています。通知を読んだ方が打ち間違えるおそれがあります。"))
    if not (_HAS_LETTER.search(password) and _HAS_DIGIT.search(password)):
        problems.append(Problem(
            "password.no_mix", WARNING, "英字と数字を組み合わせてください（英字だけ・数字だけになっています）。"))
    elif _EXCEL_VALUE_RE.fullmatch(password):
        problems.append(Problem(
            "password.excel_value", WARNING,
            "Excelに入力すると数値や日付に変換されるおそれのある形です。"))
    if login_id is not None and password == login_id:
        problems.append(Problem("password.same_as_id", WARNING, "パスワードがユーザーIDと同じです。"))
    return problems
