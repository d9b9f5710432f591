"""Government business days: offices close on Saturdays, Sundays, national holidays and 12/29–1/3.

The closed days follow 行政機関の休日に関する法律. National holidays, including substitute
holidays (振替休日), 国民の休日 and one-off days such as 2019-05-01, come from the ``holidays``
library, imported on first use because it is slow to import.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from shuudan_xl.errors import RuleError

# Years the holidays library knows Japanese holidays for; outside them it silently returns none.
FIRST_YEAR = 1949
LAST_YEAR = 2099

_ONE_DAY = timedelta(days=1)
_YEAR_END = ((12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3))


@cache
def _national_holidays():
    # One instance for the process: it fills in each year on first lookup.
    import holidays

    return holidays.Japan(language="ja")


def _check_year(day: date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise RuleError(f"{day.year}年の祝日は分からないため、開庁日を判定できません"
                         f"（{FIRST_YEAR}年から{LAST_YEAR}年まで）。")


def closed_reason(day: date) -> str | None:
    """Return why government offices are closed on a day, or None on a business day.

    Args:
        day: A date from 1949 to 2099.

    Returns:
        "土曜日", "日曜日", "年末年始の休日" or the holiday's Japanese name ("振替休日"), or None.

    Raises:
        RuleError: for years the holiday calendar does not cover.
    """
    _check_year(day)
    if (day.month, day.day) in _YEAR_END:
        return "年末年始の休日"
    name = _national_holidays().get(day)
    if name:
        return name
    if day.weekday() == 5:
        return "土曜日"
    if day.weekday() == 6:
        return "日曜日"
    return None


def is_business_day(day: date) -> bool:
    """True when government offices are open on the day (see closed_reason)."""
    return closed_reason(day) is None


def last_business_day_before(day: date) -> date:
    """Return the last business day strictly before a day: 2025-01-01 → 2024-12-27."""
    day -= _ONE_DAY
    while not is_business_day(day):
        day -= _ONE_DAY
    return day


def first_business_day_from(day: date) -> date:
    """Return the day itself when it is a business day, else the next one: 2024-09-23 → 09-24."""
    while not is_business_day(day):
        day += _ONE_DAY
    return day
