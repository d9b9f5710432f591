"""What a raw cell value says about how it was typed: empty, a number, a date, a formula, dirty text.

Readers hand over Python values (str, int, float, bool, date, datetime, None). Fields that hold IDs,
passwords and group labels must be plain text; anything else is reported here, field-independently.
"""

from __future__ import annotations

import re

from shuudan_xl.rules import cleaning
from shuudan_xl.rules.findings import ERROR, Problem

FORMULA_STARTS = ("=", "+", "-", "@")
# Excel's error values, as Excel shows them and as the readers hand them over (see files.cell_kinds).
EXCEL_ERRORS = frozenset((
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA", "#SPILL!", "#CALC!",
    "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!"))
# Characters no letter, report or vendor form can hold: C0 and C1 controls (but the line break Alt+Enter
# makes in a cell), DEL, noncharacters and lone surrogates; XML refuses most of them outright.
CONTROL_RE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")

EMPTY = Problem("cell.empty", ERROR, "空欄です。値を入力してください。")

_CHANGE_PROBLEMS = {
    cleaning.INVISIBLE_CHARS: ("cell.invisible", "目に見えない文字（ゼロ幅スペース・BOM など）が含まれています。"),
    cleaning.EDGE_SPACE: ("cell.space_edge", "前後に空白（全角・半角スペース、改行など）があります。"),
    cleaning.INNER_SPACE: ("cell.space_inner", "途中に空白があります。"),
    cleaning.WIDTH: ("cell.fullwidth", "全角の英数字や記号が含まれています。全て半角で入力してください。"),
}


def number_text(value: float | int) -> str:
    """Render a number as Excel shows it in General format: 1234567.0 → "1234567"."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def text_of(value: object, *, strip: bool = True) -> str:
    """Return the text a cell shows: the one way every output turns a cell into text.

    Args:
        value: The cell value as read (str, int, float, bool, date, datetime, time or None).
        strip: Remove spaces at both ends of text (False where the exact text is compared).

    Returns:
        "" for an empty cell, text as typed, numbers as Excel's General format shows them
        (1234567.0 → "1234567"), TRUE/FALSE for logical values, ISO text for dates and times.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip() if strip else value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value)
    iso = getattr(value, "isoformat", None)
    return iso() if iso else str(value)


def cell_text(value: object) -> tuple[str | None, list[Problem]]:
    """Turn a raw cell value into text and the problems of how it is stored.

    Args:
        value: The cell value as read from the workbook.

    Returns:
        ``(text, problems)``: ``text`` is None for an empty cell; for numbers and dates it is what
        staff probably typed, so that field rules can still suggest a fix.
    """
    if value is None or value == "":
        return None, [EMPTY]
    if isinstance(value, str):
        return (None, [error_value(value)]) if value in EXCEL_ERRORS else (value, [])
    if isinstance(value, bool):
        return None, [Problem("cell.bool", ERROR, "TRUE/FALSE（論理値）が入っています。文字列で入力してください。")]
    if isinstance(value, (int, float)):
        text = number_text(value)
        return text, [Problem(
            "cell.number", ERROR,
            "数値として保存されています。Excelが先頭の0を消したり形を変えたりした可能性があります。"
            "セルの書式を「文字列」にして入力し直してください。")]
    import datetime as dt  # (only here: a date read from a sheet has loaded it; a sheet without one never does)

    if isinstance(value, (dt.date, dt.time, dt.timedelta)):
        return None, [Problem(
            "cell.date", ERROR,
            "Excelが入力を日付・時刻に変換しています。セルの書式を「文字列」にして入力し直してください。")]
    return str(value), [Problem("cell.type", ERROR, "文字列ではない値が入っています。")]


def error_value(text: str) -> Problem:
    """The problem of a cell holding an Excel error value such as #N/A or #REF!."""
    return Problem("cell.error", ERROR,
                   f"Excelのエラー値「{text}」が入っています。数式や参照を直して、値を入力してください"
                   "（エラーのままでは空欄と見分けられません）。")


FORMULA = Problem(
    "cell.formula", ERROR,
    "数式が入っています（見えている値は計算の結果で、計算し直すと変わるおそれがあります）。"
    "セルをコピーして「値の貼り付け」をするか、値を直接入力してください。")


def free_text_problems(value: object) -> list[Problem]:
    """Return what is wrong with a cell of a free-text column (名称, 住所, 備考 …): error values, controls.

    Args:
        value: The cell value as read.

    Returns:
        ``cell.error`` for an Excel error value, ``cell.control`` (with the text without them as the
        suggestion) for control characters; nothing for other values.
    """
    if not isinstance(value, str):
        return []
    if value in EXCEL_ERRORS:
        return [error_value(value)]
    found = CONTROL_RE.findall(value)
    if not found:
        return []
    shown = "・".join(dict.fromkeys(f"U+{ord(ch):04X}" for ch in found))
    return [Problem("cell.control", ERROR,
                    f"制御文字（{shown}）が含まれています。印刷や業者への提出ができないため、取り除いてください。",
                    CONTROL_RE.sub("", value))]


def text_problems(text: str) -> tuple[str, list[Problem]]:
    """Report formula-looking text and what normalisation would change.

    Returns:
        ``(cleaned, problems)``; each problem suggests the cleaned text.
    """
    problems = []
    result = cleaning.preview(text)
    for change in result.changes:
        code, message = _CHANGE_PROBLEMS[change]
        problems.append(Problem(code, ERROR, message, result.new))
    if result.new.startswith(FORMULA_STARTS):
        problems.append(Problem(
            "cell.formula_like", ERROR,
            f"「{result.new[0]}」で始まっているため、Excelで数式として扱われるおそれがあります。"))
    return result.new, problems
