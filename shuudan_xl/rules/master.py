"""The master list 視聴者リスト: its columns, the values of 指導区分 / 種別 / 視聴回, and ID composition.

An institution's ID is its kind letter (s/n/r by 指導区分) + prefecture + 番号 (the 7-digit 医療機関コード);
an individual's (登録時) is m/d/p by 種別 + prefecture + 番号 (保険医登録番号 etc.).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from shuudan_xl.rules.cells import text_of
from shuudan_xl.rules.cleaning import show, squeeze, visible
from shuudan_xl.rules.findings import ERROR, WARNING, Problem
from shuudan_xl.rules.login_ids import MAX_SERIAL, SERIAL_RE

LIST_SHEET = "視聴者リスト"

# Header texts of the master list, in the order of the sample and the master workbook.
ROUND = "視聴回"
GUIDANCE = "指導区分"
FIELD = "種別"
GROUP = "都道府県"
NUMBER = "番号"
NAME = "名称"
ADDRESSEE = "宛先"
POSTAL = "郵便番号"
ADDRESS = "住所"
LOGIN_ID = "ユーザーID"
PASSWORD = "パスワード"
VIDEO = "指導動画"
NOTE = "備考"
COLUMNS = (ROUND, GUIDANCE, FIELD, GROUP, NUMBER, NAME, ADDRESSEE, POSTAL, ADDRESS, LOGIN_ID, PASSWORD, VIDEO,
           NOTE)
REQUIRED = (ROUND, GUIDANCE, FIELD, GROUP, NUMBER, NAME, LOGIN_ID, PASSWORD)


def is_master_layout(layout) -> bool:
    """True when a sheet's header row (a rules.layout.Layout, or None) has every column a master list needs."""
    return layout is not None and all(layout.column(h) is not None for h in REQUIRED)

GUIDANCE_TYPES = ("オンライン資格確認", "指定時", "更新時", "登録時")
FIELDS = ("医科", "歯科", "薬局")
INSTITUTION_KIND = {"オンライン資格確認": "s", "指定時": "n", "更新時": "r"}
PERSON_KIND = {"医科": "m", "歯科": "d", "薬局": "p"}
# 点数表番号: the digit between prefecture and code in the 10-digit 医療機関コード.
SCORE_TABLE = {"医科": "1", "歯科": "3", "薬局": "4"}
ROUNDS = range(1, 10)

_GUIDANCE_ALIASES = {"オンライン資格確認導入": "オンライン資格確認", "オン資": "オンライン資格確認"}
_FIELD_ALIASES = {"医": "医科", "歯": "歯科", "薬": "薬局", "調剤": "薬局", "保険薬局": "薬局", "医師": "医科",
                  "歯科医師": "歯科", "薬剤師": "薬局"}
_ROUND_RE = re.compile(r"第?([1-9])回?", re.ASCII)
_SEPARATORS = re.compile(r"[-‐－ー−‑–—―,，、・.．/_]")
_SPACE_RE = re.compile(r"\s+")
_SERIAL_RE = SERIAL_RE  # what the ID's part after the prefecture may be
_SERIAL_CHARS = re.compile(r"[A-Za-z0-9]+", re.ASCII)


@functools.lru_cache(maxsize=256)
def guidance_type(text: str) -> str | None:
    """Map a typed 指導区分 to one of the four ("指定時集団指導" → "指定時"); None if unknown."""
    value = squeeze(text).removesuffix("集団指導").removesuffix("に係る").removesuffix("導入")
    value = _GUIDANCE_ALIASES.get(value, value)
    if value in GUIDANCE_TYPES:
        return value
    return "オンライン資格確認" if value.startswith("オンライン資格確認") else None


@functools.lru_cache(maxsize=256)
def field_type(text: str) -> str | None:
    """Map a typed 種別 to 医科 / 歯科 / 薬局; None if unknown."""
    value = squeeze(text)
    value = _FIELD_ALIASES.get(value, value)
    return value if value in FIELDS else None


def round_number(value: object) -> int | None:
    """Read a 視聴回 cell: 1, 1.0, "1", "１", "第1回" → 1; None when not a round 1–9."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and int(value) in ROUNDS else None
    if isinstance(value, str):
        m = _ROUND_RE.fullmatch(squeeze(value))
        return int(m.group(1)) if m else None
    return None


def kind_letter(guidance: str, field: str) -> str:
    """Return the ID's first letter for a 指導区分 and 種別 (登録時 depends on the 種別)."""
    return PERSON_KIND[field] if guidance == "登録時" else INSTITUTION_KIND[guidance]


def number_text(value: object) -> str:
    """Return the 番号 every output uses (ID, ledger, 出欠入力): the cell's text, cleaned as it is reported.

    Full-width characters become half-width and invisible characters and outer spaces go (each reported as
    a warning by ``check_number``); separators inside are kept, so that the error about them shows them.
    A number cell is written as Excel shows it (1234567.0 → "1234567").
    """
    if type(value) is str and value.isascii() and value.isalnum():
        return value  # the common case: nothing to clean
    text = text_of(value)
    if text.isascii() and text.isalnum():
        return text
    return unicodedata.normalize("NFKC", visible(text)).strip()


def check_number(value: object) -> tuple[str, list[Problem]]:
    """Clean a typed 番号 and say what the cleaning changed or could not decide.

    Full-width digits, invisible characters and outer spaces are a warning with old → new (the value is
    certain); separators and spaces inside (84,6055,4, 999-0001, 45 67890) are an error with the number
    without them as a suggestion: they are as likely a typo as a format.

    Returns:
        ``(cleaned, problems)``: the cleaned text (see ``number_text``) and the problems.
    """
    if type(value) is str and value.isascii() and value.isalnum():
        return value, []  # the common case: a clean number
    cleaned = number_text(value)
    problems: list[Problem] = []
    if not cleaned:
        return cleaned, problems
    if isinstance(value, str) and cleaned != value:
        problems.append(Problem(
            "master.number_cleaned", WARNING,
            f"番号「{show(value)}」を「{cleaned}」として扱います（全角の文字・前後の空白・見えない文字を直しました）。"
            "セルも直しておくと確実です。", cleaned))
    if not _SERIAL_CHARS.fullmatch(cleaned):
        joined = _SEPARATORS.sub("", _SPACE_RE.sub("", cleaned))
        if joined != cleaned and _SERIAL_RE.fullmatch(joined):
            problems.append(Problem(
                "master.number_separator", ERROR,
                f"番号「{show(cleaned)}」に区切り（「,」「-」・空白など）が入っています。区切りのない番号"
                f"（例:「{joined}」）にしてください。打ち間違いかもしれないので、元の資料で確かめてください。", joined))
    return cleaned, problems


def number_key(value: object) -> str:
    """Return a 番号 without separators or spaces, to compare two numbers (the ledger's with a row's)."""
    if type(value) is str and value.isascii() and value.isalnum():
        return value  # the common case: no separator or space to take out
    return _SEPARATORS.sub("", _SPACE_RE.sub("", number_text(value)))


def serial_of(number: str) -> tuple[str | None, list[Problem]]:
    """Return the ID's serial for a cleaned 番号 (see ``number_text``): 6+ half-width alphanumerics.

    Returns:
        ``(serial, problems)``; serial is None when the number cannot serve.
    """
    if _SERIAL_RE.fullmatch(number):
        return number, []
    return None, [Problem(
        "master.number", ERROR,
        f"番号「{show(number)}」からユーザーIDを作れません。番号は半角英数字6〜{MAX_SERIAL}桁（医療機関コード7桁、"
        "保険医登録番号など）にしてください。")]


def compose_parts(guidance: str, field: str, prefecture: str, serial: str) -> str:
    """Compose an ID from the columns of a master row (all already validated)."""
    return kind_letter(guidance, field) + prefecture + serial


def collision_suggestion(guidance: str, field: str, prefecture: str, serial: str) -> str | None:
    """Propose a distinct ID for a colliding institution: put the 点数表番号 before the code.

    Example: 医科 and 歯科 with code 1234567 in 東京 both give n131234567; the suggestions are
    n1311234567 (医科) and n1331234567 (歯科), the 10-digit 医療機関コード without its leading prefecture.
    """
    if guidance == "登録時":
        return None
    return compose_parts(guidance, field, prefecture, SCORE_TABLE[field] + serial)
