"""Checking a schedule table typed by staff: weekday labels, deadlines, overlaps and closed days.

The seed's own table prints 令和6年10月1日(日) although 2024-10-01 was a Tuesday; this is the kind of
slip the check reports, with the corrected date as a suggestion.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from shuudan_xl.errors import RuleError
from shuudan_xl.rules import closed_days
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.era import fiscal_year_of, format_date, format_fiscal_year, read_date, weekday_message
from shuudan_xl.rules.findings import ERROR, WARNING, Finding, Problem
from shuudan_xl.rules.schedule import FIELD_LABELS, round_label

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
        RuleError: when a sequence row has neither five nor six values.
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
            raise RuleError(f"視聴期間の表の行は5列か6列です（{len(values)}列あります）。")
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
            except RuleError:
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
        except RuleError as exc:
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
    except RuleError:  # outside the holiday calendar: nothing to say
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
