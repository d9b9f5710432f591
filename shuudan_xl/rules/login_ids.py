"""Login IDs: kind letter + prefecture code (01–47) + 6 or more half-width alphanumerics.

s/n/r identify institutions (オンライン資格確認 / 指定時 / 更新時), m/d/p individuals (医師 / 歯科医師 /
薬剤師). Patterns are ASCII-only: Python's ``\\d`` would also accept full-width digits.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from shuudan_xl.errors import RuleError
from shuudan_xl.rules.findings import ERROR, WARNING, Problem
from shuudan_xl.rules.prefectures import PREFECTURES

KINDS: dict[str, str] = {
    "s": "オンライン資格確認",
    "n": "指定時",
    "r": "更新時",
    "m": "医師",
    "d": "歯科医師",
    "p": "薬剤師",
}
INSTITUTION_KINDS = frozenset("snr")
PERSON_KINDS = frozenset("mdp")
MIN_SERIAL = 6
MIN_LENGTH = 1 + 2 + MIN_SERIAL
# The longest real serial is a 10-digit 医療機関コード (a collision suggestion puts the 点数表番号 before a
# 7-digit code: 8), so real IDs have at most 13 characters. 32 leaves room for a bureau's own numbering
# while refusing a pasted paragraph, which a vendor form or a printed letter cannot hold.
MAX_LENGTH = 32
MAX_SERIAL = MAX_LENGTH - 3

PREFECTURE_CODE = r"(?:0[1-9]|[1-3][0-9]|4[0-7])"
ID_RE = re.compile(rf"([snrmdp])({PREFECTURE_CODE})([A-Za-z0-9]{{{MIN_SERIAL},{MAX_SERIAL}}})", re.ASCII)
SERIAL_RE = re.compile(rf"[A-Za-z0-9]{{{MIN_SERIAL},{MAX_SERIAL}}}", re.ASCII)
_ALNUM = re.compile(r"[A-Za-z0-9]*", re.ASCII)
_DIGITS_AND_LOOKALIKES = re.compile(r"[0-9OolIi]*[0-9][0-9OolIi]*", re.ASCII)
_LOOKALIKE_DIGITS = str.maketrans("OolIi", "00111")


class LoginId(NamedTuple):
    """A parsed login ID."""

    kind: str
    prefecture: str
    serial: str

    def __str__(self) -> str:
        return self.kind + self.prefecture + self.serial

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind]


def parse_id(text: str) -> LoginId | None:
    """Split a valid ID into kind, prefecture and serial; None when it breaks a rule."""
    m = ID_RE.fullmatch(text)
    return LoginId(*m.groups()) if m else None


def compose_id(kind: str, prefecture: str, serial: str) -> str:
    """Build an ID from its parts.

    Args:
        kind: One of s, n, r, m, d, p.
        prefecture: Two-digit code "01"–"47".
        serial: 6+ half-width alphanumerics, e.g. a 7-digit 医療機関コード or 6-digit 保険医番号.

    Returns:
        The ID, e.g. ``compose_id("n", "01", "7654321") == "n017654321"``.

    Raises:
        RuleError: with a Japanese message when a part breaks the rule.
    """
    if kind not in KINDS:
        raise RuleError(f"IDの種類「{kind}」は使えません（s・n・r・m・d・p のいずれか）。")
    if prefecture not in PREFECTURES:
        raise RuleError(f"都道府県コード「{prefecture}」は 01〜47 ではありません。")
    if not SERIAL_RE.fullmatch(serial):
        raise RuleError(f"番号「{serial}」は半角英数字{MIN_SERIAL}〜{MAX_SERIAL}桁ではありません。")
    return kind + prefecture + serial


def check_id(text: str) -> list[Problem]:
    """Return what is wrong with an ID that is already free of spaces and full-width characters."""
    if ID_RE.fullmatch(text):
        return _lookalike_warning(text)
    problems = []
    if len(text) > MAX_LENGTH:
        return [Problem(
            "id.too_long", ERROR, f"ユーザーIDが{len(text)}文字です。{MAX_LENGTH}文字以内にしてください"
            "（記号1文字＋都道府県コード2桁＋英数字。医療機関コードなら10文字です）。")]
    if len(text) < MIN_LENGTH:
        problems.append(Problem(
            "id.too_short", ERROR, f"ユーザーIDが{len(text)}文字です。9文字以上必要です"
            "（記号1文字＋都道府県コード2桁＋英数字6桁以上）。"))
    head = text[:1]
    if head.lower() in KINDS and head != head.lower():
        problems.append(Problem(
            "id.kind_case", ERROR, "ユーザーIDの1文字目は半角小文字にしてください。",
            head.lower() + text[1:]))
    elif head not in KINDS:
        problems.append(Problem(
            "id.kind", ERROR, f"ユーザーIDの1文字目「{head}」は使えません。"
            "s（オンライン資格確認）・n（指定時）・r（更新時）・m（医師）・d（歯科医師）・p（薬剤師）の"
            "いずれかです。"))
    code = text[1:3]
    if code not in PREFECTURES:
        problems.append(Problem(
            "id.prefecture", ERROR,
            f"ユーザーIDの2〜3文字目「{code}」が都道府県コード（01〜47）ではありません。"))
    serial = text[3:]
    if not _ALNUM.fullmatch(serial):
        problems.append(Problem(
            "id.serial_chars", ERROR, "ユーザーIDの4文字目以降には半角英数字以外の文字を使えません。"))
    elif len(serial) < MIN_SERIAL:
        problems.append(Problem(
            "id.serial_short", ERROR,
            f"ユーザーIDの4文字目以降が{len(serial)}文字です。英数字6文字以上必要です。"))
    return problems


def _lookalike_warning(login_id: str) -> list[Problem]:
    # Serials are usually codes made of digits: an O or l among them is almost always a typo.
    serial = login_id[3:]
    if serial.isdigit() or not _DIGITS_AND_LOOKALIKES.fullmatch(serial):
        return []
    return [Problem(
        "id.lookalike", WARNING,
        "番号部分の数字の中に英字 O・o・l・I・i が混じっています。0 や 1 の打ち間違いではありませんか。",
        login_id[:3] + serial.translate(_LOOKALIKE_DIGITS))]
