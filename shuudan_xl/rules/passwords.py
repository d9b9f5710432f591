"""Passwords: 9–32 half-width alphanumerics mixing letters and digits, without look-alike pairs.

Generation draws from the operating system's CSPRNG (``secrets``) and maps random bytes onto the
alphabet by rejection sampling, so every character is uniform and a million passwords take about a
second.
"""

from __future__ import annotations

import math
import re

from shuudan_xl.errors import RuleError
from shuudan_xl.rules.findings import ERROR, WARNING, Problem

# No 0/O/o, 1/l/I/i: nothing a reader can confuse on paper.
DEFAULT_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
DEFAULT_LENGTH = 10
MIN_LENGTH = 9
# Upper bound of a password, typed or generated: a viewer types it from a printed letter, and the vendor's
# field and Excel's cell (32,767 characters) must never see a pasted paragraph or a runaway option.
MAX_LENGTH = 32
LOOKALIKES = "0Oo1lIi"
# Characters read for one another on paper; a password holding two of one group is hard to type from a
# letter (seed: 「1」や「l」（小文字のL）等の混同されやすい文字の併記は避けた方が無難).
CONFUSABLE_GROUPS = ("1lI", "0Oo")

VALID_RE = re.compile(rf"[A-Za-z0-9]{{{MIN_LENGTH},{MAX_LENGTH}}}", re.ASCII)
_ALNUM = re.compile(r"[A-Za-z0-9]*", re.ASCII)
_HAS_LETTER = re.compile(r"[A-Za-z]", re.ASCII)
_HAS_DIGIT = re.compile(r"[0-9]", re.ASCII)
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|" \
    "august|september|october|november|december"
# Text Excel's input parser would turn into a number, date or time: digits with a single run of
# letters that is an exponent (2e5), a month name (12dec2025) or an am/pm marker (3pm).
_EXCEL_LETTERS = rf"(?i:e|a|p|am|pm|{_MONTHS})"
_EXCEL_VALUE_RE = re.compile(rf"[0-9]*{_EXCEL_LETTERS}[0-9]*", re.ASCII)
# A clean password needs no closer look: alphanumerics without look-alikes (no 0, O, o, 1, l, I,
# i), letters and digits mixed, and not a shape Excel reads as a number or date.
# Written for speed (check runs it over every password of a list): the characters and length are looked
# at once, then the runs of letters and digits. Two runs of letters hold a digit between them and are no
# Excel shape; a single run of letters needs a digit beside it and must not be an Excel word.
_LETTER, _DIGIT = "[A-HJ-NP-Za-hj-km-np-z]", "[2-9]"
CLEAN_PATTERN = (
    rf"(?=[A-HJ-NP-Za-hj-km-np-z2-9]{{{MIN_LENGTH},{MAX_LENGTH}}}$)"
    rf"(?:{_DIGIT}*+{_LETTER}++{_DIGIT}++{_LETTER}"
    rf"|(?!{_DIGIT}*+{_EXCEL_LETTERS}{_DIGIT}*+$)(?:{_DIGIT}++{_LETTER}|{_LETTER}++{_DIGIT}))"
    r"[A-HJ-NP-Za-hj-km-np-z2-9]*+$")
CLEAN_RE = re.compile(CLEAN_PATTERN, re.ASCII)
# CLEAN_PATTERN in two parts a clean password matches both of: its characters and length, then the runs of
# letters and digits (for a scan over a column, where two simple passes cost less than the one).
CLEAN_PARTS = (
    rf"[A-HJ-NP-Za-hj-km-np-z2-9]{{{MIN_LENGTH},{MAX_LENGTH}}}",
    rf"(?:{_DIGIT}*+{_LETTER}++{_DIGIT}++{_LETTER}"
    rf"|(?!{_DIGIT}*+{_EXCEL_LETTERS}{_DIGIT}*+$)(?:{_DIGIT}++{_LETTER}|{_LETTER}++{_DIGIT}))"
    r"[A-HJ-NP-Za-hj-km-np-z2-9]*+")


def entropy_bits(length: int = DEFAULT_LENGTH, alphabet: str = DEFAULT_ALPHABET) -> float:
    """Return the entropy of a uniformly drawn password, before the mixing rule (≈49.5 for 10)."""
    return length * math.log2(len(alphabet))


def check_length(length: object) -> int:
    """Return a length for generated passwords, refusing one outside 9–32.

    Args:
        length: The length asked for (an option or the 設定 value).

    Raises:
        RuleError: when the length is not a whole number from MIN_LENGTH to MAX_LENGTH.
    """
    if isinstance(length, bool) or not isinstance(length, int) or not MIN_LENGTH <= length <= MAX_LENGTH:
        raise RuleError(f"パスワードの文字数は{MIN_LENGTH}〜{MAX_LENGTH}の整数で指定してください（指定: {length}）。")
    return length


# is_generated_shape as one pattern: a letter, a digit, and not the whole of an Excel shape. One C call per
# password, which generate_passwords applies to a million drawn candidates without a Python frame each.
# Possessive runs: a run of non-letters (non-digits, digits) ends where a letter (a digit, a non-digit) starts.
_GENERATED_SHAPE = re.compile(
    rf"(?=[^A-Za-z]*+[A-Za-z])(?=[^0-9]*+[0-9])(?![0-9]*+{_EXCEL_LETTERS}[0-9]*+\Z)", re.ASCII | re.DOTALL).match


def is_generated_shape(password: str) -> bool:
    """True when a password mixes letters and digits and cannot be read as a number or date."""
    return _GENERATED_SHAPE(password) is not None


def generate_passwords(count: int, length: int = DEFAULT_LENGTH,
                       alphabet: str = DEFAULT_ALPHABET) -> list[str]:
    """Generate passwords from the CSPRNG.

    Args:
        count: How many passwords.
        length: Characters per password, 9 to 32.
        alphabet: Distinct ASCII characters to draw from (at most 256).

    Returns:
        ``count`` passwords, each mixing letters and digits and safe to type into Excel.

    Raises:
        RuleError: when ``length`` is outside 9–32.
    """
    import secrets

    check_length(length)
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
        # The candidates cut and tested in C (findall, the pattern's match): no Python call each. A shorter
        # tail is left, as it always was.
        result.extend(filter(_GENERATED_SHAPE, re.findall(f".{{{length}}}", chars, re.DOTALL)))
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
        if _ALNUM.fullmatch(password) and len(password) > MAX_LENGTH:
            problems.append(Problem(
                "password.too_long", ERROR,
                f"パスワードが{len(password)}文字です。半角英数字{MIN_LENGTH}〜{MAX_LENGTH}文字にしてください"
                "（通知を読んで打ち込める長さにします）。"))
        elif _ALNUM.fullmatch(password):
            problems.append(Problem(
                "password.too_short", ERROR,
                f"パスワードが{len(password)}文字です。半角英数字{MIN_LENGTH}文字以上にしてください。"))
        else:
            problems.append(Problem(
                "password.chars", ERROR, "パスワードには半角英数字（A〜Z、a〜z、0〜9）だけを使ってください。"))
        return problems
    for group in CONFUSABLE_GROUPS:
        found = [ch for ch in group if ch in password]
        if len(found) > 1:
            problems.append(Problem(
                "password.lookalike", WARNING,
                f"見間違えやすい文字（{'・'.join(found)}）が一緒に使われています。通知を読んだ方が打ち間違えるおそれが"
                "あります（どれか一つにそろえるか、別の文字にしてください）。"))
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
