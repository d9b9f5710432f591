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

import calendar
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from shuudan_xl.rules import closed_days
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.era import (
    fiscal_year_of,
    format_date,
    format_fiscal_year,
    parse_date,
    read_date,
    weekday_message,
    year_in_fiscal_year,
)
from shuudan_xl.rules.findings import ERROR, WARNING, Finding, Problem

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
        ValueError: with a Japanese message.
    """
    if not FIRST_FISCAL_YEAR <= fiscal_year <= LAST_FISCAL_YEAR:
        raise ValueError(f"{fiscal_year}年度の視聴期間は作れません。{format_fiscal_year(FIRST_FISCAL_YEAR)}"
                         f"（{FIRST_FISCAL_YEAR}）から{LAST_FISCAL_YEAR}年度までを指定してください。")


def viewing_period(fiscal_year: int, number: int) -> tuple[date, date]:
    """Return the first and last day of round ``number`` (1–9) of a fiscal year."""
    month = ROUND_MONTHS[number - 1]
    year = year_in_fiscal_year(month, fiscal_year)
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


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
        ValueError: for fiscal years outside 1989–2098 or bad overrides.
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
        ValueError: for fiscal years outside 1989–2098 or bad overrides.
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
        ValueError: for an unknown round or field, or a value that is not a date.
    """
    rounds = tuple(rounds)
    if not overrides:
        return rounds
    by_number = {r.number: i for i, r in enumerate(rounds)}
    result = list(rounds)
    for number, fields in overrides.items():
        if number not in by_number:
            raise ValueError(f"上書きする{round_label(number)}がありません（第1回～第{len(rounds)}回）。")
        current = result[by_number[number]]
        changes: dict[str, date] = {}
        for name, value in fields.items():
            if name == "guidance_date":
                raise ValueError("指導年月日は視聴期間最終日です。"
                                 "視聴期間の終了日（end）を上書きしてください。")
            if name not in DATE_FIELDS:
                raise ValueError(f"上書きできない項目です:「{name}」（{', '.join(DATE_FIELDS)}）。")
            try:
                changes[name] = parse_date(value, fiscal_year_of(current.start))
            except ValueError as exc:
                raise ValueError(f"{round_label(number)}の{FIELD_LABELS[name]}: {exc}") from None
        overridden = tuple(f for f in DATE_FIELDS if f in changes or f in current.overridden)
        result[by_number[number]] = replace(current, **changes, overridden=overridden)
    return tuple(result)


def find_round(rounds: Iterable[Round], number: int) -> Round:
    """Return the round with this number.

    Raises:
        ValueError: when the schedule has no such round.
    """
    for rnd in rounds:
        if rnd.number == number:
            return rnd
    raise ValueError(f"{round_label(number)}はありません。")


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
        ValueError: for an unknown round or method.
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
        raise ValueError(f"登録方法は {VENDOR}（事業者に依頼）か {SELF}（自庁で登録）です"
                         f"（指定: {method}）。") from None


# ---------------------------------------------------------------------------------------------
# Checking a schedule table typed by staff
# ---------------------------------------------------------------------------------------------

# Row layouts accepted as sequences: the published table's five columns, or six with the period split.
_FIVE = ("round", "vendor_deadline", "self_deadline", "period", "guidance_date")
_SIX = ("round", "vendor_deadline", "self_deadline", "start", "end", "guidance_date")
_COLUMN_ORDER = {FIELD_LABELS[name]: i for i, name in enumerate(_SIX)} | {FIELD_LABELS["period"]: 3}
_PERIOD_SPLIT = re.compile(r"[~〜～]|から")
_ROUND_RE = re.compile(r"第?(\d+)回?")


@dataclass(slots=True)
class _Cell:
    label: str  # column label used in findings
    value: object


def check_typed_schedule(rows: Iterable[Mapping[str, object] | Sequence[object]],
                         fiscal_year: int | None = None, *, sheet: str = "", first_row: int = 1
                         ) -> list[Finding]:
    """Check a schedule table typed by staff and report every problem at once.

    Finds wrong weekday labels ("令和6年10月1日(日)"), unreadable or missing dates, deadlines on
    or after the period start, ● after ☆, deadlines on closed days, periods that end before they
    start or overlap another round, and guidance dates other than the period's last day.

    Args:
        rows: One row per round: a mapping with keys round, vendor_deadline, self_deadline, start,
            end (or period, "A～B"), guidance_date; or a sequence of those six values, or of the
            published table's five (視聴回, ●, ☆, 視聴期間, 指導年月日). Values are dates or text
            such as "令和6年10月1日(日)", "10月1日(火)", "●5月24日(金) ☆5月31日(金)", "2024/10/01".
        fiscal_year: Supplies the year of dates typed without one; inferred from the dates that
            have one when omitted.
        sheet: Sheet name put in the findings.
        first_row: Row number of the first row (findings use it; columns are FIELD_LABELS).

    Returns:
        Findings sorted by row and column, with Japanese messages.

    Raises:
        ValueError: when a sequence row has neither five nor six values.
    """
    table = [(first_row + i, _row_cells(row)) for i, row in enumerate(rows)]
    table = [(n, cells) for n, cells in table if any(not _blank(c.value) for c in cells.values())]
    findings: list[Finding] = []
    if fiscal_year is None:
        fiscal_year = _infer_fiscal_year(table)
        if fiscal_year is None:
            if table:
                message = ("年の書かれた日付が1つもないため、年度を決められません。"
                           "視聴期間は「令和6年6月1日」のように年から書いてください。")
                findings.append(Finding(sheet, table[0][0], FIELD_LABELS["period"], ERROR, "schedule.year",
                                        message, None, None))
            return findings
    periods = []
    numbers: dict[int, int] = {}
    for row, cells in table:
        add = _Placer(findings, sheet, row, cells).add
        number = _check_round_cell(cells.get("round"), numbers, row, add)
        dates = _read_dates(cells, fiscal_year, add)
        _check_row(dates, add)
        if "start" in dates and "end" in dates and dates["start"] <= dates["end"]:
            periods.append((dates["start"], dates["end"], row, number, add))
    _check_overlaps(periods)
    findings.sort(key=lambda f: (f.row, _COLUMN_ORDER.get(f.column, 0)))
    return findings


class _Placer:
    # Puts a row's problems at the cell the value came from.
    def __init__(self, findings: list[Finding], sheet: str, row: int, cells: dict[str, _Cell]):
        self.findings, self.sheet, self.row, self.cells = findings, sheet, row, cells

    def add(self, name: str, problem: Problem) -> None:
        cell = self.cells.get(name) or _Cell(FIELD_LABELS[name], None)
        self.findings.append(Finding.at(self.sheet, self.row, cell.label, cell.value, problem))


def _row_cells(row: Mapping[str, object] | Sequence[object]) -> dict[str, _Cell]:
    # Name the cells of a row, then split the published table's combined cells.
    if isinstance(row, Mapping):
        names = [k for k in (*_SIX, "period") if k in row]
        values = [row[k] for k in names]
    else:
        values = list(row)
        if len(values) not in (5, 6):
            raise ValueError(f"視聴期間の表の行は5列か6列です（{len(values)}列あります）。")
        names = list(_FIVE if len(values) == 5 else _SIX)
    cells = {name: _Cell(FIELD_LABELS[name], value) for name, value in zip(names, values, strict=True)}
    period = cells.pop("period", None)
    if period is None and _combined(cells.get("start")) and _blank(_value(cells.get("end"))):
        period = cells.pop("start")
    if period is not None and not _blank(period.value):
        parts = _PERIOD_SPLIT.split(squeeze(str(period.value))) if isinstance(period.value, str) else []
        if len(parts) == 2:
            cells["start"] = _Cell(period.label, parts[0])
            cells["end"] = _Cell(period.label, parts[1].removesuffix("まで"))
        else:
            cells["start"] = _Cell(period.label, period.value)  # reported as unreadable
    vendor = cells.get("vendor_deadline")
    if (vendor and isinstance(vendor.value, str) and "☆" in vendor.value
            and _blank(_value(cells.get("self_deadline")))):
        head, tail = vendor.value.split("☆", 1)
        cells["vendor_deadline"] = _Cell(vendor.label, head)
        cells["self_deadline"] = _Cell(vendor.label, tail)
    for cell in cells.values():
        if isinstance(cell.value, str):
            cell.value = cell.value.strip().lstrip("●☆").strip()
    return cells


def _value(cell: _Cell | None) -> object:
    return None if cell is None else cell.value


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not squeeze(value))


def _combined(cell: _Cell | None) -> bool:
    return cell is not None and isinstance(cell.value, str) and bool(_PERIOD_SPLIT.search(cell.value))


def _infer_fiscal_year(table: list[tuple[int, dict[str, _Cell]]]) -> int | None:
    # The fiscal year most dates typed with a year fall in.
    years: Counter[int] = Counter()
    for _, cells in table:
        for name in ("vendor_deadline", "self_deadline", "start", "end", "guidance_date"):
            cell = cells.get(name)
            if cell is None or _blank(cell.value):
                continue
            try:
                years[fiscal_year_of(read_date(cell.value).date)] += 1
            except ValueError:
                continue
    return years.most_common(1)[0][0] if years else None


def _check_round_cell(cell: _Cell | None, seen: dict[int, int], row: int, add) -> int | None:
    # Read 視聴回 ("第1回", "1", 1) and report unreadable or repeated numbers.
    if cell is None or _blank(cell.value):
        return None
    value = cell.value
    match = _ROUND_RE.fullmatch(squeeze(value)) if isinstance(value, str) else None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif match:
        number = int(match[1])
    else:
        add("round", Problem("schedule.round", ERROR, "視聴回は「第1回」のように書いてください。"))
        return None
    if number in seen:
        add("round", Problem("schedule.round", ERROR,
                             f"{round_label(number)}が{seen[number]}行目にもあります。"))
    else:
        seen[number] = row
    return number


def _read_dates(cells: dict[str, _Cell], fiscal_year: int, add) -> dict[str, date]:
    # Read each date cell; report blanks, unreadable text, wrong weekdays and other fiscal years.
    dates: dict[str, date] = {}
    for name in ("vendor_deadline", "self_deadline", "start", "end", "guidance_date"):
        cell = cells.get(name)
        if cell is None or _blank(cell.value):
            if name != "guidance_date":  # the guidance date is the period's end: it may be left out
                add(name, Problem("schedule.missing", ERROR, f"{FIELD_LABELS[name]}が空です。"))
            continue
        try:
            typed = read_date(cell.value, fiscal_year)
        except ValueError as exc:
            add(name, Problem("schedule.date", ERROR, str(exc)))
            continue
        if not typed.weekday_ok:
            add(name, Problem("schedule.weekday", ERROR, weekday_message(typed), format_date(typed.date)))
        if fiscal_year_of(typed.date) != fiscal_year:
            add(name, Problem("schedule.fiscal_year", WARNING,
                              f"{format_date(typed.date)}は{format_fiscal_year(fiscal_year)}の日付ではありません。"))
        dates[name] = typed.date
    return dates


def _check_row(dates: dict[str, date], add) -> None:
    # Compare the dates of one row with each other and with the closed days.
    start, end = dates.get("start"), dates.get("end")
    if start and end and end < start:
        add("end", Problem("schedule.period", ERROR,
                           f"視聴期間の終了日（{format_date(end)}）が開始日（{format_date(start)}）より前です。"))
    for name in ("vendor_deadline", "self_deadline"):
        deadline = dates.get(name)
        if deadline is None:
            continue
        if start and deadline >= start:
            add(name, Problem("schedule.deadline_late", ERROR,
                              f"{FIELD_LABELS[name]}（{format_date(deadline)}）が視聴期間の開始日"
                              f"（{format_date(start)}）以降です。登録は開始日より前に済ませる必要があります。"))
        reason = _closed_reason(deadline)
        if reason:
            add(name, Problem("schedule.closed_day", WARNING,
                              f"{FIELD_LABELS[name]}の{format_date(deadline)}は閉庁日（{reason}）です。"))
    vendor, self_deadline = dates.get("vendor_deadline"), dates.get("self_deadline")
    if vendor and self_deadline and vendor > self_deadline:
        add("vendor_deadline", Problem(
            "schedule.deadline_order", WARNING,
            f"{FIELD_LABELS['vendor_deadline']}（{format_date(vendor)}）が{FIELD_LABELS['self_deadline']}"
            f"（{format_date(self_deadline)}）より後です。事業者に依頼する期限は自庁で登録する期限より前のはずです。"))
    guidance = dates.get("guidance_date")
    if guidance and end and guidance != end:
        add("guidance_date", Problem(
            "schedule.guidance", ERROR,
            f"指導年月日（{format_date(guidance)}）が視聴期間最終日（{format_date(end)}）と違います。"
            "指導年月日は視聴期間最終日です。", format_date(end)))


def _closed_reason(day: date) -> str | None:
    try:
        return closed_days.closed_reason(day)
    except ValueError:  # outside the holiday calendar: nothing to say
        return None


def _check_overlaps(periods: list[tuple[date, date, int, int | None, object]]) -> None:
    # In date order, report each period that starts before every earlier one has ended.
    periods.sort(key=lambda p: (p[0], p[2]))
    latest = None  # the earlier period that ends last
    for period in periods:
        start, end, _, _, add = period
        if latest is not None and start <= latest[1]:
            other = round_label(latest[3]) if latest[3] is not None else f"{latest[2]}行目"
            add("start", Problem("schedule.overlap", ERROR,
                                 f"視聴期間（{format_date(start)}～{format_date(end)}）が{other}の視聴期間"
                                 f"（{format_date(latest[0])}～{format_date(latest[1])}）と重なっています。"))
        if latest is None or end > latest[1]:
            latest = period
