"""The vendor's viewing-results export, read: where its columns are, each row, and completion moments.

The admin screen's export (手順 5「管理者画面にて視聴結果を確認する」) names each viewer's ユーザーID,
視聴状況 and 視聴完了日時 under headers that vary between exports; the configured header is tried first,
then common variants. Nothing here decides attendance (see rules.attendance).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from shuudan_xl.errors import RuleError
from shuudan_xl.rules.cells import number_text, text_of
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.layout import HEADER_SEARCH_ROWS

# Header texts the vendor's export may use; the configured name is always tried first.
ID_HEADERS = ("ユーザーID", "ユーザID", "ログインID", "視聴者ID", "ID", "userid", "loginid")
STATUS_HEADERS = ("視聴状況", "視聴状態", "視聴ステータス", "状況", "状態", "ステータス", "受講状況", "status")
DATE_HEADERS = ("視聴完了日時", "視聴完了日", "完了日時", "完了日", "修了日時", "受講完了日時", "completedat")
VIDEO_HEADERS = ("動画", "動画名", "指導動画", "コンテンツ", "コンテンツ名", "講座名", "コース名")

_MOMENT_RE = re.compile(
    r"(\d{4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(?:\([^)]*\))?[T\s]*(\d{1,2})\s*[:時]\s*(\d{1,2})\s*分?(?:\s*:?\s*(\d{1,2})(?:\.\d+)?\s*秒?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?", re.ASCII)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)



def in_period(moment: dt.date, start: dt.date, end: dt.date) -> bool:
    """True when a completion (date or date and time) falls on a day from ``start`` to ``end`` inclusive."""
    day = moment.date() if isinstance(moment, dt.datetime) else moment
    return start <= day <= end


def parse_moment(value: object) -> dt.datetime | dt.date | None:
    """Read a completion date/time cell.

    Args:
        value: A datetime or date (Excel), an Excel serial number, or text such as "2024/06/30 23:59:59",
            "2024-06-30T23:59", "2024年6月30日 10時05分", "2024/6/30".

    Returns:
        The moment, or None for a blank cell.

    Raises:
        RuleError: with a Japanese message when the value is not a date.
    """
    if (type(value) is str and len(value) == 19 and value[4] == value[7] == "/" and value[10] == " "
            and value[13] == value[16] == ":" and value[11:13] < "24"):
        try:  # the admin screen's own form, by the C reader (14 ASCII digits, else a ValueError)
            return dt.datetime.fromisoformat(value.replace("/", "-"))
        except ValueError:
            pass  # not digits, or no such day: the readings below say
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if isinstance(value, bool):
        raise RuleError(f"日時として読めません: {value}")
    if isinstance(value, (int, float)):
        if 20000 <= value <= 80000:  # 1954–2119 as an Excel serial
            moment = _EXCEL_EPOCH + dt.timedelta(days=float(value))
            return moment.replace(microsecond=0)
        raise RuleError(f"日時として読めません:「{number_text(value)}」")
    return _moment_of_text(value)


def _moment_of_text(value: object) -> dt.datetime | dt.date:
    # Any written form of a date (and time), normalised first.
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _MOMENT_RE.fullmatch(text)
    if not m:
        raise RuleError(f"日時として読めません:「{value}」（例: 2024/06/30 23:59:59）")
    year, month, day, hour, minute, second = (int(g) if g else None for g in m.groups())
    try:
        if hour is None:
            return dt.date(year, month, day)
        return dt.datetime(year, month, day, hour, minute, second or 0)
    except ValueError:
        raise RuleError(f"存在しない日時です:「{value}」") from None


def format_moment(moment: dt.date | None) -> str:
    """Show a completion moment: "2024/06/30 23:59:59" or "2024/06/30"."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        return moment.strftime("%Y/%m/%d %H:%M:%S")
    return moment.strftime("%Y/%m/%d")


@dataclass(frozen=True, slots=True)
class ResultNames:
    """The headers of the vendor's results export and the status text that means completed (設定 sheet)."""

    login_id: str = "ユーザーID"
    status: str = "視聴状況"
    completed_value: str = "視聴完了"
    completed_at: str = "視聴完了日時"
    video: str = ""


@dataclass(frozen=True, slots=True)
class ResultLayout:
    """Where the results' columns are: header row (1-based) and 0-based columns (None when absent)."""

    header_row: int
    id_col: int
    status_col: int | None
    date_col: int | None
    video_col: int | None
    headers: tuple[str, ...]


def _header_key(value: object) -> str:
    return squeeze(value).casefold().replace("_", "") if isinstance(value, str) else ""


def _column(cells: list[str], preferred: str, variants: tuple[str, ...]) -> int | None:
    for name in (preferred, *variants):
        key = _header_key(name)
        if key and key in cells:
            return cells.index(key)
    return None


def find_results_layout(rows: list[list[object]], names: ResultNames) -> ResultLayout | None:
    """Find the header row (among the first 20) naming an ID column and a status or date column.

    Args:
        rows: The export's cells, row by row.
        names: The configured headers; common variants are also recognised, extra columns ignored.

    Returns:
        The layout, or None when no such row exists.
    """
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [_header_key(v) for v in row]
        id_col = _column(cells, names.login_id, ID_HEADERS)
        status_col = _column(cells, names.status, STATUS_HEADERS)
        date_col = _column(cells, names.completed_at, DATE_HEADERS)
        if id_col is None or (status_col is None and date_col is None):
            continue
        video_col = _column(cells, names.video, VIDEO_HEADERS)
        headers = tuple(text_of(v) for v in row)
        return ResultLayout(index + 1, id_col, status_col, date_col, video_col, headers)
    return None


@dataclass(frozen=True, slots=True)
class Viewing:
    """One row of the results export, read."""

    row: int  # 1-based row of the export
    login_id: str
    status: str
    completed: bool  # the status says completed (or, without a status column, a completion date is given)
    completed_at: dt.date | None
    date_problem: str | None  # the completion date could not be read
    video: str


def cell(row: list[object], col: int | None) -> object:
    """The value of a row's column (None when the column is absent or the row is short)."""
    return row[col] if col is not None and col < len(row) else None


def read_viewings(rows: list[list[object]], layout: ResultLayout, names: ResultNames) -> list[Viewing]:
    """Read every data row below the header that names an ID (blank rows are skipped)."""
    completed_key = squeeze(names.completed_value)
    completed_of: dict[str, bool] = {}  # a handful of statuses repeat down the export: each compared once
    out = []
    id_col, status_col, date_col, video_col = layout.id_col, layout.status_col, layout.date_col, layout.video_col
    # A row that has every column the export has (the usual: rows as read are equally long) is indexed directly.
    last = max(c for c in (id_col, status_col, date_col, video_col) if c is not None)
    for index in range(layout.header_row, len(rows)):
        row = rows[index]
        if len(row) <= last:
            row = [cell(row, c) for c in range(last + 1)]
        login_id = row[id_col]
        if not (type(login_id) is str and login_id.isascii() and login_id.isalnum()):  # else as it is, squeezed
            login_id = squeeze(text_of(login_id))
            if not login_id:
                continue
        status = "" if status_col is None else text_of(row[status_col])
        moment, problem = None, None
        if date_col is not None:
            try:
                moment = parse_moment(row[date_col])
            except RuleError as exc:
                problem = str(exc)
        if status_col is None:
            completed = moment is not None
        else:
            completed = completed_of.get(status)
            if completed is None:
                completed = completed_of[status] = squeeze(status) == completed_key
        out.append(Viewing(index + 1, login_id, status, completed, moment, problem,
                           "" if video_col is None else text_of(row[video_col])))
    return out
