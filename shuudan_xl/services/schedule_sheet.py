"""The master workbook's 視聴スケジュール sheet: the year's nine rounds as the bureau keeps them.

Row 1 holds the headers, rows 2–10 one round each. A date staff change there (a deadline the bureau
moved, a date published differently from the rule) overrides the published or computed schedule
wherever a round's dates are used. Dates of another fiscal year are not used: the sheet is then
simply out of date. Typed values are checked with ``rules.schedule_check.check_typed_schedule``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from shuudan_xl.errors import InputUnreadable, Refused, RuleError
from shuudan_xl.files.schedule_sheet import ERA_DATE_FORMAT  # noqa: F401 (the buttons write dates with it)
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.era import fiscal_year_of, format_fiscal_year, read_date
from shuudan_xl.rules.findings import ERROR, Finding
from shuudan_xl.rules.master import round_number
from shuudan_xl.rules.schedule import (
    DATE_FIELDS,
    PUBLISHED_NOTES,
    PUBLISHED_SOURCES,
    PUBLISHED_TABLES,
    Round,
    apply_overrides,
    schedule_for,
)
from shuudan_xl.rules.schedule_check import check_typed_schedule
from shuudan_xl.rules.sheets import (
    SCHEDULE_FIELDS,
    SCHEDULE_FIRST_ROW,
    SCHEDULE_HEADERS,
    SCHEDULE_ROUND,
    SCHEDULE_SHEET,
)
from shuudan_xl.services.books import Book

# (field of rules.schedule, header in row 1), in column order A–E.
COLUMNS = (("round", SCHEDULE_ROUND), *((SCHEDULE_FIELDS[h], h) for h in SCHEDULE_HEADERS[1:]))
HEADERS = SCHEDULE_HEADERS
FIRST_ROW = SCHEDULE_FIRST_ROW  # Excel row of 第1回
MAX_LISTED = 5


@dataclass
class SheetSchedule:
    """The schedule of a fiscal year with the sheet's dates applied.

    Attributes:
        fiscal_year: The fiscal year asked for.
        rounds: Rounds 1–9; ``Round.overridden`` names the dates taken from the sheet.
        findings: Problems with the typed values (errors mean the sheet cannot be used).
        other_year: The fiscal year of the sheet's dates when it is another one (the sheet is not used).
        sheet_found: False when the workbook has no 視聴スケジュール sheet (nothing was checked).
        has_dates: False when the sheet holds no date at all (nothing was checked).
    """

    fiscal_year: int
    rounds: tuple[Round, ...]
    findings: list[Finding] = field(default_factory=list)
    other_year: int | None = None
    sheet_found: bool = True
    has_dates: bool = True

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != ERROR]

    def notices(self) -> list[str]:
        """Japanese notes for staff: warnings on typed dates, or why the sheet was not used."""
        out = [f"シート「{SCHEDULE_SHEET}」{f.row}行目（{f.column}）: {f.message}" for f in self.warnings]
        if self.other_year is not None:
            out.append(f"シート「{SCHEDULE_SHEET}」の日付は{format_fiscal_year(self.other_year)}のものなので使わず、"
                       f"{format_fiscal_year(self.fiscal_year)}の表を使いました"
                       "（「視聴スケジュール作成」ボタンで書き換えられます）。")
        return out

    def raise_on_errors(self) -> None:
        """Refuse to go on with a schedule sheet that has errors.

        Raises:
            Refused: listing the first errors.
        """
        if self.errors:
            raise Refused(errors_message(self.errors))


def schedule_with_sheet(book: Book, fiscal_year: int) -> SheetSchedule:
    """Return the fiscal year's schedule with the dates staff set in the 視聴スケジュール sheet.

    A sheet without dates, or with dates of another fiscal year, changes nothing. Dates equal to
    the published or computed ones are not counted as overrides.

    Args:
        book: The master workbook (see services.books.Book).
        fiscal_year: The year the fiscal year starts in.

    Raises:
        InputUnreadable: when the sheet's headers are not the expected ones.
        RuleError: for fiscal years outside the holiday calendar.
    """
    base = schedule_for(fiscal_year)
    typed = read_schedule_rows(book)
    if typed is None:
        return SheetSchedule(fiscal_year, base, sheet_found=False, has_dates=False)
    if not any(_has_date(values) for _, values in typed):
        return SheetSchedule(fiscal_year, base, has_dates=False)
    year = typed_fiscal_year(typed)
    if year is not None and year != fiscal_year:
        return SheetSchedule(fiscal_year, base, other_year=year)
    rows = [values if _has_date(values) else {} for _, values in typed]
    findings = check_typed_schedule(rows, fiscal_year, sheet=SCHEDULE_SHEET, first_row=FIRST_ROW)
    if any(f.severity == ERROR for f in findings):
        return SheetSchedule(fiscal_year, base, findings)
    return SheetSchedule(fiscal_year, _apply(base, typed, fiscal_year), findings)


def read_schedule_rows(book: Book) -> list[tuple[int, dict[str, object]]] | None:
    """Return the data rows of the sheet as (Excel row, {field: value}); None when there is no sheet.

    Raises:
        InputUnreadable: when row 1 does not hold the headers 視聴回 … 視聴終了日（指導年月日）.
    """
    if SCHEDULE_SHEET not in book.sheet_names:
        return None
    rows = book.rows(SCHEDULE_SHEET)
    if not rows:
        return []
    found = [squeeze(v) if isinstance(v, str) else "" for v in rows[0][: len(HEADERS)]]
    if found != [squeeze(h) for h in HEADERS]:
        raise InputUnreadable(f"シート「{SCHEDULE_SHEET}」の1行目の見出しは、A列から"
                              f"{'・'.join(f'「{h}」' for h in HEADERS)}にしてください。")
    out = []
    for index, row in enumerate(rows[1:], start=FIRST_ROW):
        cells = list(row[: len(COLUMNS)]) + [None] * (len(COLUMNS) - len(row))
        out.append((index, {name: cells[i] for i, (name, _) in enumerate(COLUMNS)}))
    return out


def typed_fiscal_year(typed: list[tuple[int, dict[str, object]]]) -> int | None:
    """The fiscal year most of the sheet's dates fall in (None when no date says its year)."""
    years: Counter[int] = Counter()
    for _, values in typed:
        for name in DATE_FIELDS:
            try:
                found = read_date(values.get(name))
            except RuleError:
                continue  # blank, unreadable, or without a year: the check reports what matters
            years[fiscal_year_of(found.date)] += 1
    return years.most_common(1)[0][0] if years else None


def table_values(rounds: tuple[Round, ...]) -> list[list[object]]:
    """The sheet's cells A1:E10 for a schedule: the headers, then 第1回 … 第9回 with their dates."""
    return [list(HEADERS)] + [[r.label, r.vendor_deadline, r.self_deadline, r.start, r.end] for r in rounds]


def source_text(schedule: SheetSchedule) -> str:
    """Japanese: where the dates come from (the published table, or the rule) and what to know about it."""
    year = schedule.fiscal_year
    if year in PUBLISHED_TABLES:
        text = f"{PUBLISHED_SOURCES[year]}のとおりです。"
        return "".join([text, *PUBLISHED_NOTES.get(year, ())])
    return ("公表された表がないため、視聴期間を各月1日〜末日、☆＝視聴開始日の前の最後の開庁日、"
            "●＝☆の7日前（閉庁日なら次の開庁日）として計算しました。公表された日付と違う場合は、シートの日付を書き換えてください。")


def errors_message(errors: list[Finding]) -> str:
    """Japanese: why the sheet cannot be used, with the first errors."""
    lines = [f"シート「{SCHEDULE_SHEET}」の日付に誤りが{len(errors)}件あります。直すか、"
             "その行の日付を消してから、もう一度実行してください。"]
    lines += [f"・{f.row}行目（{f.column}）: {f.message}" for f in errors[:MAX_LISTED]]
    if len(errors) > MAX_LISTED:
        lines.append(f"ほか{len(errors) - MAX_LISTED}件")
    return "\n".join(lines)


def _has_date(values: dict[str, object]) -> bool:
    return any(values.get(name) not in (None, "") for name in DATE_FIELDS)


def _apply(base: tuple[Round, ...], typed, fiscal_year: int) -> tuple[Round, ...]:
    # The typed dates that differ from the base schedule, as overrides (checked beforehand).
    by_number = {r.number: r for r in base}
    overrides: dict[int, dict[str, date]] = {}
    for excel_row, values in typed:
        if not _has_date(values):
            continue
        number = _round_of(values.get("round"), excel_row)
        current = by_number.get(number)
        if current is None:
            continue
        for name in DATE_FIELDS:
            if values.get(name) in (None, ""):
                continue
            day = read_date(values[name], fiscal_year).date
            if day != getattr(current, name):
                overrides.setdefault(number, {})[name] = day
    return apply_overrides(base, overrides)


def _round_of(value: object, excel_row: int) -> int | None:
    # 視聴回 as typed ("第1回", 1); a blank cell means the round of the row's position.
    if value in (None, ""):
        return excel_row - FIRST_ROW + 1
    return round_number(value)
