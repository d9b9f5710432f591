"""Japanese era dates (昭和・平成・令和) and fiscal years: format, parse, convert.

Dates are shown as staff write them in notices: ``令和6年6月30日（日）`` with full-width
parentheses and 元年 for the first year of an era. Parsing accepts what staff type: full-width or
half-width digits and parentheses, spaces, 元年, ``R6.6.30``, ``2024/06/30``, and dates without a
year (``6月30日(日)``) when the fiscal year is known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from shuudan_xl.errors import RuleError
from shuudan_xl.rules.cleaning import squeeze

# Japan Standard Time. Japan has kept UTC+9 without summer time since 1951 (tz database, Asia/Tokyo), so the
# fixed offset is that zone for every date a run can have, without importing zoneinfo and reading its file.
JST = timezone(timedelta(hours=9), "JST")

WEEKDAYS = "月火水木金土日"  # index = date.weekday()


@dataclass(frozen=True, slots=True)
class Era:
    """One era: its name, its one-letter abbreviation and its first day."""

    name: str
    letter: str
    start: date


# Oldest first. 昭和 is kept so that 1989-01-01..07 (昭和64年) can be shown and rejected clearly.
ERAS: tuple[Era, ...] = (
    Era("昭和", "S", date(1926, 12, 25)),
    Era("平成", "H", date(1989, 1, 8)),
    Era("令和", "R", date(2019, 5, 1)),
)
_ERA_BY_KEY = {key: era for era in ERAS for key in (era.name, era.letter, era.letter.lower())}


@dataclass(frozen=True, slots=True)
class TypedDate:
    """A date read from a cell, with the weekday label that was typed next to it, if any."""

    date: date
    weekday: int | None = None  # 0 = 月 … 6 = 日, as typed; None when no label
    has_year: bool = True  # False when the year was inferred from the fiscal year

    @property
    def weekday_ok(self) -> bool:
        """True when there is no label or the label matches the date."""
        return self.weekday is None or self.weekday == self.date.weekday()


# ---------------------------------------------------------------------------------------------
# Eras and fiscal years
# ---------------------------------------------------------------------------------------------

def era_of(day: date) -> tuple[Era, int]:
    """Return the era of a date and the year within it (1 for 元年).

    Args:
        day: A date on or after 1926-12-25 (昭和元年).

    Returns:
        The era and the era year: ``era_of(date(2019, 5, 1))`` is (令和, 1).

    Raises:
        RuleError: for dates before 昭和.
    """
    for era in reversed(ERAS):
        if day >= era.start:
            return era, day.year - era.start.year + 1
    raise RuleError(f"{day.year}年{day.month}月{day.day}日は昭和より前のため、和暦に変換できません。")


def era_end(era: Era) -> date | None:
    """Return the last day of an era, or None for the current one."""
    index = ERAS.index(era)
    return ERAS[index + 1].start - timedelta(days=1) if index + 1 < len(ERAS) else None


def gregorian_year(era: Era | str, year: int) -> int:
    """Convert an era year to the Western year: (平成, 30) → 2018.

    Args:
        era: An Era, or its name or letter ("令和", "R", "r").
        year: The era year, 1 for 元年.

    Raises:
        RuleError: for an unknown era or a year the era never reached.
    """
    era = _era(era)
    end = era_end(era)
    last = end.year - era.start.year + 1 if end else None
    if year < 1 or (last is not None and year > last):
        span = f"元年から{last}年まで" if last else "元年以降"
        raise RuleError(f"{era.name}{year}年はありません（{era.name}は{span}です）。")
    return era.start.year + year - 1


def fiscal_year_of(day: date) -> int:
    """Return the fiscal year (April to March) a date belongs to: 2025-02-28 → 2024."""
    return day.year if day.month >= 4 else day.year - 1


def year_in_fiscal_year(month: int, fiscal_year: int) -> int:
    """Return the calendar year of a month within a fiscal year: April–December → same, else next."""
    return fiscal_year if month >= 4 else fiscal_year + 1


def format_fiscal_year(fiscal_year: int) -> str:
    """Return the Japanese name of a fiscal year: 2024 → "令和6年度", 2019 → "令和元年度".

    A fiscal year takes the era in force at the end of its first calendar year, which names
    2019 令和元年度 and 1988 昭和63年度, as the government did.
    """
    era, year = era_of(date(fiscal_year, 12, 31))
    return f"{_year_text(era, year)}度"


_FISCAL_RE = re.compile(
    r"(?:FY)?(?:(?P<y>\d{4})|(?P<era>令和|平成|昭和|[RHSrhs])(?P<ey>元|\d{1,2}))(?:年度|年)?",
    re.IGNORECASE)


def parse_fiscal_year(value: int | str) -> int:
    """Read a fiscal year as staff type it: 2024, "2024", "R6", "令和6", "令和6年度", "H30", "令和元年度".

    Args:
        value: A Western year (int or text) or an era year with or without 年度.

    Returns:
        The Western year in which the fiscal year starts (令和6年度 → 2024).

    Raises:
        RuleError: with a Japanese message when the value is not a fiscal year.
    """
    if isinstance(value, bool):
        raise RuleError(f"年度として読めません: {value}")
    if isinstance(value, int):
        if 1000 <= value <= 9999:
            return value
        raise RuleError(f"年度は西暦4桁か「令和6」「R6」のように指定してください（指定: {value}）。")
    match = _FISCAL_RE.fullmatch(squeeze(str(value)))
    if not match:
        raise RuleError(f"年度として読めません:「{value}」（例: 2024、R6、令和6年度、H30）。")
    if match["y"]:
        return int(match["y"])
    era, year = _era(match["era"]), 1 if match["ey"] == "元" else int(match["ey"])
    fiscal_year = gregorian_year(era, year)
    named = era_of(date(fiscal_year, 12, 31))[0]
    # 平成31年度 was the working name of 令和元年度 until May 2019; 昭和64年度 never existed.
    if named != era and (era.name, year) != ("平成", 31):
        raise RuleError(f"{_year_text(era, year)}度という年度はありません"
                         f"（{format_fiscal_year(fiscal_year)}です）。")
    return fiscal_year


# ---------------------------------------------------------------------------------------------
# Formatting
# ---------------------------------------------------------------------------------------------

def weekday_label(day: date) -> str:
    """Return the one-character weekday: 2024-06-30 → "日"."""
    return WEEKDAYS[day.weekday()]


def format_date(day: date, weekday: bool = True) -> str:
    """Return the era date used in notices: "令和6年6月30日（日）", "令和元年5月1日（水）".

    Args:
        day: A date on or after 1926-12-25.
        weekday: Append the weekday in full-width parentheses.

    Raises:
        RuleError: for dates before 昭和.
    """
    era, year = era_of(day)
    return f"{_year_text(era, year)}{format_month_day(day, weekday)}"


def format_month_day(day: date, weekday: bool = True) -> str:
    """Return the short form used in the deadline column: "5月24日（金）"."""
    text = f"{day.month}月{day.day}日"
    return f"{text}（{weekday_label(day)}）" if weekday else text


def format_abbrev(day: date) -> str:
    """Return the abbreviated era date: "R6.6.30" (元年 is written 1: "R1.5.1")."""
    era, year = era_of(day)
    return f"{era.letter}{year}.{day.month}.{day.day}"


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------

# After squeeze(): NFKC (full-width digits and parentheses become ASCII, ㋿ becomes 令和) and no spaces.
_DATE_RE = re.compile(
    r"(?:(?P<era>令和|平成|昭和|[RHSrhs])(?P<ey>元|\d{1,2})(?:年|[./-])|(?P<y>\d{4})(?:年|[./-]))?"
    r"(?P<m>\d{1,2})(?:月|[./-])(?P<d>\d{1,2})日?"
    r"(?:\((?P<wd>[月火水木金土日])(?:曜日?)?\)|(?P<wd2>[月火水木金土日])曜日?)?")
_EXAMPLES = "例: 令和6年6月30日（日）、6月30日、R6.6.30、2024/06/30"


def read_date(value: object, fiscal_year: int | None = None) -> TypedDate:
    """Read a date typed by staff, keeping the weekday label so that it can be checked.

    Args:
        value: A date or datetime, or text such as "令和6年10月1日(日)", "10月1日（火）",
            "R6.10.1", "2024/10/01", with full-width or half-width characters.
        fiscal_year: Used to supply the year of dates typed without one (April–December belong
            to that year, January–March to the next).

    Returns:
        The date, the typed weekday (or None) and whether the year was typed.

    Raises:
        RuleError: with a Japanese message when the value is not a date, the date does not
            exist, lies outside the era named, or has no year and no fiscal year is given.
    """
    if isinstance(value, datetime):
        return TypedDate(value.date())
    if isinstance(value, date):
        return TypedDate(value)
    if not isinstance(value, str):
        raise RuleError(f"日付として読めません: {value!r}（{_EXAMPLES}）。")
    match = _DATE_RE.fullmatch(squeeze(value))
    if not match:
        raise RuleError(f"日付として読めません:「{value}」（{_EXAMPLES}）。")
    month, day_of_month = int(match["m"]), int(match["d"])
    era = None
    if match["era"]:
        era = _era(match["era"])
        year = gregorian_year(era, 1 if match["ey"] == "元" else int(match["ey"]))
    elif match["y"]:
        year = int(match["y"])
    elif fiscal_year is not None:
        year = year_in_fiscal_year(month, fiscal_year)
    else:
        raise RuleError(f"年が書かれていないため日付を決められません:「{value}」。")
    try:
        day = date(year, month, day_of_month)
    except ValueError:
        raise RuleError(f"存在しない日付です:「{value}」。") from None
    if era is not None:
        _check_in_era(day, era, value)
    label = match["wd"] or match["wd2"]
    weekday = WEEKDAYS.index(label) if label else None
    return TypedDate(day, weekday, bool(match["era"] or match["y"]))


def parse_date(value: object, fiscal_year: int | None = None) -> date:
    """Read a date like read_date, and refuse a weekday label that does not match it.

    Raises:
        RuleError: as read_date, and when the weekday label is wrong ("令和6年10月1日(日)").
    """
    typed = read_date(value, fiscal_year)
    if not typed.weekday_ok:
        raise RuleError(weekday_message(typed))
    return typed.date


def weekday_message(typed: TypedDate) -> str:
    """Explain a wrong weekday label in Japanese."""
    assert typed.weekday is not None
    return (f"{format_date(typed.date, weekday=False)}は{weekday_label(typed.date)}曜日です"
            f"（曜日が「{WEEKDAYS[typed.weekday]}」と書かれています）。日付か曜日のどちらかが誤っています。")


def _era(era: Era | str) -> Era:
    # Accept an Era or its name or letter.
    if isinstance(era, Era):
        return era
    try:
        return _ERA_BY_KEY[era]
    except KeyError:
        raise RuleError(f"元号として読めません:「{era}」（昭和・平成・令和、S・H・R）。") from None


def _check_in_era(day: date, era: Era, typed: str) -> None:
    # 平成31年5月1日 or 令和元年4月1日 name a day of another era: refuse, naming the right one.
    end = era_end(era)
    if day < era.start or (end is not None and day > end):
        right = format_date(day, weekday=False) if day >= ERAS[0].start else f"{day.year}年"
        raise RuleError(f"「{typed}」は{era.name}の期間外です（正しくは{right}）。")


def _year_text(era: Era, year: int) -> str:
    return f"{era.name}{'元' if year == 1 else year}年"
