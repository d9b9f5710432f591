"""The viewing schedule: nine monthly rounds (June–February) and their two registration deadlines.

Each round has a viewing period of one calendar month; the guidance date (指導年月日) is its last
day. Viewers must be registered before the period starts: by the ● deadline when the e-learning
vendor registers them, by the ☆ deadline when the bureau registers them itself.

The 令和6年度 table is built in as published. Other fiscal years are computed:
☆ = the last government business day before the period starts, ● = ☆ − 7 days, moved to the next
business day when that day is closed. This reproduces the published 令和6年度 table except round 8's
● (published 2024-12-23, computed 2024-12-20), so every date can be overridden by staff.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from shuudan_xl.errors import RuleError
from shuudan_xl.rules import closed_days
from shuudan_xl.rules.era import (
    fiscal_year_of,
    format_date,
    format_fiscal_year,
    parse_date,
    year_in_fiscal_year,
)
from shuudan_xl.rules.findings import WARNING, Problem

PUBLISHED = "published"
COMPUTED = "computed"

VENDOR = "vendor"  # ● registration through the e-learning vendor
SELF = "self"  # ☆ registration by the bureau itself
METHODS = (VENDOR, SELF)

ROUND_MONTHS = (6, 7, 8, 9, 10, 11, 12, 1, 2)  # round n views in ROUND_MONTHS[n - 1]
VENDOR_LEAD_DAYS = 7  # ● is this many days before ☆
DATE_FIELDS = ("vendor_deadline", "self_deadline", "start", "end")  # what overrides may set

# Fiscal years whose deadlines the holiday calendar covers (平成元年度 to 2098年度).
FIRST_FISCAL_YEAR = 1989
LAST_FISCAL_YEAR = closed_days.LAST_YEAR - 1

FIELD_LABELS = {
    "round": "視聴回",
    "vendor_deadline": "●登録期限（事業者）",
    "self_deadline": "☆登録期限（自庁）",
    "start": "視聴期間（開始）",
    "end": "視聴期間（終了）",
    "period": "視聴期間",
    "guidance_date": "指導年月日",
}
_DEADLINE_FIELD = {VENDOR: "vendor_deadline", SELF: "self_deadline"}


@dataclass(frozen=True, slots=True)
class Round:
    """One viewing round.

    Attributes:
        number: 1 to 9 (第1回 views in June).
        vendor_deadline: ● last day to send the lists to the e-learning vendor.
        self_deadline: ☆ last day to register the viewers in the system directly.
        start: First day of the viewing period.
        end: Last day of the viewing period, which is also the guidance date.
        source: PUBLISHED (from a published table) or COMPUTED (from the rule).
        overridden: Names of the fields staff set by hand.

    Rounds compare equal when their number and dates are equal, whatever their source.
    """

    number: int
    vendor_deadline: date
    self_deadline: date
    start: date
    end: date
    source: str = field(default=COMPUTED, compare=False)
    overridden: tuple[str, ...] = field(default=(), compare=False)

    @property
    def guidance_date(self) -> date:
        """指導年月日: the last day of the viewing period."""
        return self.end

    @property
    def label(self) -> str:
        return round_label(self.number)

    def deadline(self, method: str) -> date:
        """Return the ● (VENDOR) or ☆ (SELF) deadline."""
        return getattr(self, _deadline_field(method))

    def as_dict(self) -> dict:
        """Return the JSON form of ``schedule --json`` (ISO dates)."""
        return {
            "round": self.number,
            "vendor_deadline": self.vendor_deadline.isoformat(),
            "self_deadline": self.self_deadline.isoformat(),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "guidance_date": self.guidance_date.isoformat(),
        }


def round_label(number: int) -> str:
    """Return "第1回" for 1."""
    return f"第{number}回"


# ---------------------------------------------------------------------------------------------
# Published tables
# ---------------------------------------------------------------------------------------------

def _published(number: int, vendor: tuple, self_: tuple, start: tuple, end: tuple) -> Round:
    return Round(number, date(*vendor), date(*self_), date(*start), date(*end), PUBLISHED)


# 【視聴期間及び視聴者登録期限】 of 令和6年5月20日付け事務連絡, as printed.
FY2024: tuple[Round, ...] = (
    _published(1, (2024, 5, 24), (2024, 5, 31), (2024, 6, 1), (2024, 6, 30)),
    _published(2, (2024, 6, 21), (2024, 6, 28), (2024, 7, 1), (2024, 7, 31)),
    _published(3, (2024, 7, 24), (2024, 7, 31), (2024, 8, 1), (2024, 8, 31)),
    _published(4, (2024, 8, 23), (2024, 8, 30), (2024, 9, 1), (2024, 9, 30)),
    _published(5, (2024, 9, 24), (2024, 9, 30), (2024, 10, 1), (2024, 10, 31)),
    _published(6, (2024, 10, 24), (2024, 10, 31), (2024, 11, 1), (2024, 11, 30)),
    _published(7, (2024, 11, 22), (2024, 11, 29), (2024, 12, 1), (2024, 12, 31)),
    _published(8, (2024, 12, 23), (2024, 12, 27), (2025, 1, 1), (2025, 1, 31)),
    _published(9, (2025, 1, 24), (2025, 1, 31), (2025, 2, 1), (2025, 2, 28)),
)

PUBLISHED_TABLES: dict[int, tuple[Round, ...]] = {2024: FY2024}
PUBLISHED_SOURCES: dict[int, str] = {
    2024: "令和6年5月20日付け事務連絡「令和6年度に実施する集団指導について」"
          "（厚生労働省保険局医療課医療指導監査室）別添の【視聴期間及び視聴者登録期限】",
}
# What staff should know about a published table as printed.
PUBLISHED_NOTES: dict[int, tuple[str, ...]] = {
    2024: ("原表の第5回の視聴開始日「令和6年10月1日(日)」は曜日の誤りです（10月1日は火曜日）。"
           "この表では正しい曜日を表示しています。",),
}


# ---------------------------------------------------------------------------------------------
# Schedules of a fiscal year
# ---------------------------------------------------------------------------------------------

def check_fiscal_year(fiscal_year: int) -> None:
    """Refuse fiscal years outside the holiday calendar.

    Raises:
        RuleError: with a Japanese message.
    """
    if not FIRST_FISCAL_YEAR <= fiscal_year <= LAST_FISCAL_YEAR:
        raise RuleError(f"{fiscal_year}年度の視聴期間は作れません。{format_fiscal_year(FIRST_FISCAL_YEAR)}"
                         f"（{FIRST_FISCAL_YEAR}）から{LAST_FISCAL_YEAR}年度までを指定してください。")


def viewing_period(fiscal_year: int, number: int) -> tuple[date, date]:
    """Return the first and last day of round ``number`` (1–9) of a fiscal year."""
    month = ROUND_MONTHS[number - 1]
    year = year_in_fiscal_year(month, fiscal_year)
    # The day before the next month's first (calendar.monthrange's last day, without loading the calendar and
    # locale modules at every command's start: about 2 ms).
    return date(year, month, 1), date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def computed_deadlines(start: date) -> tuple[date, date]:
    """Return the (●, ☆) deadlines the rule gives for a viewing period starting on ``start``.

    ☆ is the last government business day before ``start``; ● is seven days before ☆, or the
    next business day when that day is closed.
    """
    self_deadline = closed_days.last_business_day_before(start)
    vendor = closed_days.first_business_day_from(self_deadline - timedelta(days=VENDOR_LEAD_DAYS))
    return vendor, self_deadline


def compute_schedule(fiscal_year: int, overrides: Mapping[int, Mapping[str, object]] | None = None
                     ) -> tuple[Round, ...]:
    """Compute the nine rounds of a fiscal year from the rule, ignoring any published table.

    Args:
        fiscal_year: The year the fiscal year starts in (令和6年度 → 2024).
        overrides: Dates set by staff, by round number and field (see apply_overrides).

    Returns:
        Rounds 1 to 9.

    Raises:
        RuleError: for fiscal years outside 1989–2098 or bad overrides.
    """
    check_fiscal_year(fiscal_year)
    rounds = []
    for number in range(1, len(ROUND_MONTHS) + 1):
        start, end = viewing_period(fiscal_year, number)
        rounds.append(Round(number, *computed_deadlines(start), start, end, COMPUTED))
    return apply_overrides(rounds, overrides)


def schedule_for(fiscal_year: int, overrides: Mapping[int, Mapping[str, object]] | None = None
                 ) -> tuple[Round, ...]:
    """Return the schedule of a fiscal year: the published table when there is one, else computed.

    Args:
        fiscal_year: The year the fiscal year starts in.
        overrides: Dates set by staff, by round number and field (see apply_overrides).

    Raises:
        RuleError: for fiscal years outside 1989–2098 or bad overrides.
    """
    check_fiscal_year(fiscal_year)
    published = PUBLISHED_TABLES.get(fiscal_year)
    if published is None:
        return compute_schedule(fiscal_year, overrides)
    return apply_overrides(published, overrides)


def apply_overrides(rounds: Iterable[Round], overrides: Mapping[int, Mapping[str, object]] | None
                    ) -> tuple[Round, ...]:
    """Replace dates by the ones staff set; nothing else is recomputed.

    Args:
        rounds: The schedule.
        overrides: ``{8: {"vendor_deadline": date(2024, 12, 23)}}``; a value may also be text
            such as "12月23日(月)" or "令和6年12月23日", read within the round's fiscal year.
            Fields: vendor_deadline, self_deadline, start, end (the guidance date follows end).

    Returns:
        The rounds, with the overridden fields listed in ``Round.overridden``.

    Raises:
        RuleError: for an unknown round or field, or a value that is not a date.
    """
    rounds = tuple(rounds)
    if not overrides:
        return rounds
    by_number = {r.number: i for i, r in enumerate(rounds)}
    result = list(rounds)
    for number, fields in overrides.items():
        if number not in by_number:
            raise RuleError(f"上書きする{round_label(number)}がありません（第1回～第{len(rounds)}回）。")
        current = result[by_number[number]]
        changes: dict[str, date] = {}
        for name, value in fields.items():
            if name == "guidance_date":
                raise RuleError("指導年月日は視聴期間最終日です。"
                                 "視聴期間の終了日（end）を上書きしてください。")
            if name not in DATE_FIELDS:
                raise RuleError(f"上書きできない項目です:「{name}」（{', '.join(DATE_FIELDS)}）。")
            try:
                changes[name] = parse_date(value, fiscal_year_of(current.start))
            except RuleError as exc:
                raise RuleError(f"{round_label(number)}の{FIELD_LABELS[name]}: {exc}") from None
        overridden = tuple(f for f in DATE_FIELDS if f in changes or f in current.overridden)
        result[by_number[number]] = replace(current, **changes, overridden=overridden)
    return tuple(result)


def find_round(rounds: Iterable[Round], number: int) -> Round:
    """Return the round with this number.

    Raises:
        RuleError: when the schedule has no such round.
    """
    for rnd in rounds:
        if rnd.number == number:
            return rnd
    raise RuleError(f"{round_label(number)}はありません。")


# ---------------------------------------------------------------------------------------------
# Which round to use
# ---------------------------------------------------------------------------------------------

def next_open_round(today: date, method: str, rounds: Iterable[Round]) -> Round | None:
    """Return the earliest round whose deadline for the method is today or later.

    Args:
        today: The day the registration is prepared.
        method: VENDOR (● deadline) or SELF (☆ deadline).
        rounds: The schedule.

    Returns:
        The round, or None when every deadline of the schedule has passed.
    """
    name = _deadline_field(method)
    open_rounds = [r for r in rounds if getattr(r, name) >= today]
    return min(open_rounds, key=lambda r: r.number, default=None)


def check_round_choice(number: int, today: date, method: str, rounds: Iterable[Round]) -> Problem | None:
    """Warn when the chosen round's deadline has passed, naming the round to use instead.

    Args:
        number: The round staff chose.
        today: The day the registration is prepared.
        method: VENDOR or SELF.
        rounds: The schedule.

    Returns:
        A "schedule.deadline_passed" warning whose suggestion is the next open round ("第9回"),
        or None when the deadline is today or later.

    Raises:
        RuleError: for an unknown round or method.
    """
    rounds = tuple(rounds)
    chosen = find_round(rounds, number)
    deadline = chosen.deadline(method)
    if deadline >= today:
        return None
    label = FIELD_LABELS[_deadline_field(method)]
    message = f"{chosen.label}の{label}（{format_date(deadline)}）を過ぎています。"
    later = next_open_round(today, method, rounds)
    if later is None:
        message += "この年度の視聴回はすべて登録期限を過ぎています。翌年度の視聴回を使ってください。"
        return Problem("schedule.deadline_passed", WARNING, message)
    message += (f"{later.label}（視聴期間 {format_date(later.start)}～{format_date(later.end)}、"
                f"登録期限 {format_date(later.deadline(method))}）を使ってください。")
    return Problem("schedule.deadline_passed", WARNING, message, later.label)


def _deadline_field(method: str) -> str:
    try:
        return _DEADLINE_FIELD[method]
    except KeyError:
        raise RuleError(f"登録方法は {VENDOR}（事業者に依頼）か {SELF}（自庁で登録）です"
                         f"（指定: {method}）。") from None
