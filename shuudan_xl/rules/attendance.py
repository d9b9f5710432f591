"""Attendance of a round from the vendor's viewing results: 90:出席（eラーニング） or 65:欠席.

The procedure (手順 5 and 6): a viewer whose video was completed within the viewing period attended;
the 指導年月日 entered in 保険医療機関等管理システム is the period's last day, never the viewing day.
Three exceptions count as attendance whatever the results say, with the reason kept: viewing at the
bureau without logging in, group viewing at a 登録時 session, and printed material sent.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from shuudan_xl.rules.cells import number_text
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.findings import ERROR, WARNING, Finding
from shuudan_xl.rules.layout import HEADER_SEARCH_ROWS
from shuudan_xl.rules.login_ids import KINDS
from shuudan_xl.rules.master import round_number

ATTENDED = "90:出席（eラーニング）"
ABSENT = "65:欠席"
RESULTS = (ATTENDED, ABSENT)

# The 出欠特例 sheet (in the master workbook, or a file of its own with the same headers).
EXCEPTIONS_SHEET = "出欠特例"
EXC_ID, EXC_ROUND, EXC_KIND, EXC_REASON = "ユーザーID", "視聴回", "特例の種類", "理由"
EXCEPTION_HEADERS = (EXC_ID, EXC_ROUND, EXC_KIND, EXC_REASON)
AT_VENUE, GROUP_VIEWING, MATERIAL_SENT = "会場で視聴", "集団で視聴", "資料送付"
EXCEPTION_KINDS: dict[str, str] = {
    AT_VENUE: "インターネット環境がない等の申し出により、厚生局が用意した会場・PCでログインせずに視聴を完了した",
    GROUP_VIEWING: "登録時集団指導で集団での視聴の申し出があり、代表者以外がログインせずに視聴を完了した",
    MATERIAL_SENT: "やむを得ずeラーニングを視聴できないため、印刷したコンテンツを指導用資料として送付した",
}
_KIND_ALIASES = {
    "会場": AT_VENUE, "会場視聴": AT_VENUE, "来所": AT_VENUE, "来所視聴": AT_VENUE, "厚生局で視聴": AT_VENUE,
    "集団": GROUP_VIEWING, "集団視聴": GROUP_VIEWING, "代表ログイン": GROUP_VIEWING,
    "資料": MATERIAL_SENT, "資料の送付": MATERIAL_SENT, "資料を送付": MATERIAL_SENT, "印刷資料送付": MATERIAL_SENT,
}

# Header texts the vendor's export may use; the configured name is always tried first.
ID_HEADERS = ("ユーザーID", "ユーザID", "ログインID", "視聴者ID", "ID", "userid", "loginid")
STATUS_HEADERS = ("視聴状況", "視聴状態", "視聴ステータス", "状況", "状態", "ステータス", "受講状況", "status")
DATE_HEADERS = ("視聴完了日時", "視聴完了日", "完了日時", "完了日", "修了日時", "受講完了日時", "completedat")
VIDEO_HEADERS = ("動画", "動画名", "指導動画", "コンテンツ", "コンテンツ名", "講座名", "コース名")

_GUIDANCE_LABELS = {"オンライン資格確認": "オンライン資格確認導入に係る集団指導"}
_MOMENT_RE = re.compile(
    r"(\d{4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(?:\([^)]*\))?[T\s]*(\d{1,2})\s*[:時]\s*(\d{1,2})\s*分?(?:\s*:?\s*(\d{1,2})(?:\.\d+)?\s*秒?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?", re.ASCII)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def guidance_label(guidance: str | None) -> str:
    """Return the 指導区分 as the system names it: "指定時" → "指定時集団指導"."""
    if not guidance:
        return ""
    return _GUIDANCE_LABELS.get(guidance, f"{guidance}集団指導")


def exception_kind(text: str) -> str | None:
    """Map a typed 特例の種類 to 会場で視聴 / 集団で視聴 / 資料送付; None when unknown."""
    value = squeeze(text)
    if value in EXCEPTION_KINDS:
        return value
    return _KIND_ALIASES.get(value)


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
        ValueError: with a Japanese message when the value is not a date.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (dt.datetime, dt.date)):
        return value
    if isinstance(value, bool):
        raise ValueError(f"日時として読めません: {value}")
    if isinstance(value, (int, float)):
        if 20000 <= value <= 80000:  # 1954–2119 as an Excel serial
            moment = _EXCEL_EPOCH + dt.timedelta(days=float(value))
            return moment.replace(microsecond=0)
        raise ValueError(f"日時として読めません:「{number_text(value)}」")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    m = _MOMENT_RE.fullmatch(text)
    if not m:
        raise ValueError(f"日時として読めません:「{value}」（例: 2024/06/30 23:59:59）")
    year, month, day, hour, minute, second = (int(g) if g else None for g in m.groups())
    try:
        if hour is None:
            return dt.date(year, month, day)
        return dt.datetime(year, month, day, hour, minute, second or 0)
    except ValueError:
        raise ValueError(f"存在しない日時です:「{value}」") from None


def format_moment(moment: dt.date | None) -> str:
    """Show a completion moment: "2024/06/30 23:59:59" or "2024/06/30"."""
    if moment is None:
        return ""
    if isinstance(moment, dt.datetime):
        return moment.strftime("%Y/%m/%d %H:%M:%S")
    return moment.strftime("%Y/%m/%d")


# ---------------------------------------------------------------------------------------------
# The vendor's results table
# ---------------------------------------------------------------------------------------------

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
        headers = tuple(str(v).strip() if v is not None else "" for v in row)
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


def _cell(row: list[object], col: int | None) -> object:
    return row[col] if col is not None and col < len(row) else None


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value)
    return str(value).strip()


def read_viewings(rows: list[list[object]], layout: ResultLayout, names: ResultNames) -> list[Viewing]:
    """Read every data row below the header that names an ID (blank rows are skipped)."""
    completed_key = squeeze(names.completed_value)
    out = []
    for index in range(layout.header_row, len(rows)):
        row = rows[index]
        login_id = squeeze(_text(_cell(row, layout.id_col)))
        if not login_id:
            continue
        status = _text(_cell(row, layout.status_col))
        moment, problem = None, None
        if layout.date_col is not None:
            try:
                moment = parse_moment(_cell(row, layout.date_col))
            except ValueError as exc:
                problem = str(exc)
        completed = squeeze(status) == completed_key if layout.status_col is not None else moment is not None
        out.append(Viewing(index + 1, login_id, status, completed, moment, problem,
                           _text(_cell(row, layout.video_col))))
    return out


# ---------------------------------------------------------------------------------------------
# Exceptions
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AttendanceException:
    """A viewer who completed the guidance without logging in (or was sent the material)."""

    login_id: str
    round: int
    kind: str
    reason: str
    source: str  # sheet or file name
    row: int

    @property
    def note(self) -> str:
        """The 備考 for the system: "特例（会場で視聴）: 理由"."""
        return f"特例（{self.kind}）" + (f": {self.reason}" if self.reason else "")


def read_exceptions(rows: list[list[object]], source: str) -> tuple[list[AttendanceException], list[Finding]]:
    """Read a 出欠特例 table (headers ユーザーID / 視聴回 / 特例の種類 / 理由, in any row of the first 20).

    Args:
        rows: The table's cells.
        source: Its sheet or file name, for findings.

    Returns:
        The usable exceptions and findings on rows that cannot be used (all reported, none guessed).
    """
    header = None
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        cells = [squeeze(v) if isinstance(v, str) else "" for v in row]
        if EXC_ID in cells and EXC_KIND in cells:
            header = index, {h: cells.index(h) for h in EXCEPTION_HEADERS if h in cells}
            break
    if header is None:
        if any(any(v not in ("", None) for v in row) for row in rows):
            return [], [Finding(source, 1, EXC_ID, ERROR, "exception.headers",
                                f"見出し（{'・'.join(EXCEPTION_HEADERS)}）の行が見つかりません。", None, None)]
        return [], []
    start, cols = header
    found, findings = [], []
    for index in range(start + 1, len(rows)):
        row = rows[index]
        if all(v in ("", None) for v in row):
            continue
        excel_row = index + 1

        def problem(column: str, message: str, value: object, excel_row: int = excel_row) -> None:
            findings.append(Finding(source, excel_row, column, ERROR, "exception.row",
                                    message + "この特例は使っていません。", value, None))

        login_id = squeeze(_text(_cell(row, cols.get(EXC_ID))))
        raw_round, raw_kind = _cell(row, cols.get(EXC_ROUND)), _cell(row, cols.get(EXC_KIND))
        round_ = round_number(raw_round)
        kind = exception_kind(_text(raw_kind))
        if not login_id:
            problem(EXC_ID, "ユーザーIDが空欄です。", None)
        elif round_ is None:
            problem(EXC_ROUND, "視聴回を 1〜9 で入力してください（空欄の特例は、どの視聴回のものか決められません）。",
                    raw_round)
        elif kind is None:
            problem(EXC_KIND, f"特例の種類は「{'」「'.join(EXCEPTION_KINDS)}」のいずれかにしてください。", raw_kind)
        else:
            found.append(AttendanceException(login_id, round_, kind, _text(_cell(row, cols.get(EXC_REASON))),
                                             source, excel_row))
    return found, findings


# ---------------------------------------------------------------------------------------------
# The decision
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Decision:
    """A viewer's result, why, and whether staff should look at it."""

    result: str
    basis: str  # Japanese: why this result
    completed_at: dt.date | None = None
    note: str = ""  # 備考 for the system (the exception and its reason)
    needs_check: bool = False


def decide(viewings: list[Viewing], start: dt.date, end: dt.date, exception: AttendanceException | None = None,
           has_date_column: bool = True) -> Decision:
    """Decide one viewer's attendance from their rows of the results.

    Args:
        viewings: The viewer's rows of the results (for the round's video when the export names videos).
        start: First day of the viewing period.
        end: Last day of the viewing period (the 指導年月日).
        exception: A recorded exception: attendance with its reason, whatever the results say.
        has_date_column: False when the export has no completion date at all; then the status alone decides.

    Returns:
        ATTENDED when a completion falls within the period (or an exception applies), else ABSENT.
    """
    done = [v for v in viewings if v.completed]
    in_time = sorted((v.completed_at for v in done if v.completed_at is not None
                      and in_period(v.completed_at, start, end)), key=_sort_key)
    if exception is not None:
        basis = f"特例（{exception.kind}）"
        if in_time:
            basis += "。視聴結果でも期間内に視聴完了"
        return Decision(ATTENDED, basis, in_time[0] if in_time else None, exception.note)
    if in_time:
        return Decision(ATTENDED, "視聴期間内に視聴完了", in_time[0])
    if not has_date_column and done:
        return Decision(ATTENDED, "視聴完了（視聴結果に完了日時の列がないため、期間内かどうかは確認していません）",
                        needs_check=True)
    if not viewings:
        return Decision(ABSENT, "視聴結果にありません", needs_check=True)
    unreadable = [v for v in done if v.completed_at is None]
    if unreadable:
        why = unreadable[0].date_problem or "完了日時が空欄です"
        return Decision(ABSENT, f"視聴完了とありますが、完了日時を確認できません（{why}）", needs_check=True)
    late = sorted((v.completed_at for v in done if v.completed_at is not None), key=_sort_key)
    if late:
        moment = late[-1]
        when = "終了後" if (moment.date() if isinstance(moment, dt.datetime) else moment) > end else "開始前"
        return Decision(ABSENT, f"視聴期間の{when}に視聴完了（{format_moment(moment)}）", moment)
    statuses = "・".join(dict.fromkeys(v.status for v in viewings if v.status)) or "空欄"
    return Decision(ABSENT, f"視聴未完了（視聴状況: {statuses}）")


def _sort_key(moment: dt.date) -> dt.datetime:
    return moment if isinstance(moment, dt.datetime) else dt.datetime.combine(moment, dt.time())


# ---------------------------------------------------------------------------------------------
# What the attendance workbook holds
# ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AttendanceRow:
    """One viewer of the round as it is typed into 保険医療機関等管理システム."""

    round: int
    number: str  # 医療機関コード / 保険医登録番号
    name: str
    guidance: str  # as the system names it (指定時集団指導 …)
    field: str
    group: str
    login_id: str
    guidance_date: dt.date
    result: str
    note: str
    completed_at: dt.date | None
    basis: str
    master_row: int


# Kinds of entries on the 要確認 list.
NOT_IN_ROUND = "第{n}回の対象外のID"
NOT_IN_LEDGER = "台帳にも視聴者リストにもないID"
UNASSIGNED_SPARE = "割当の記録がない予備ID"
MISSING = "視聴結果にない視聴者"
CHECK_DATE = "完了日時を確認できない視聴者"
NO_ID = "ユーザーIDのない視聴者"
EXCEPTION_PROBLEM = "出欠特例の誤り"
EXCEPTION_UNKNOWN = "第{n}回の視聴者にない特例"


@dataclass(frozen=True, slots=True)
class Issue:
    """One line of the 要確認 list: something staff must look at, never silently dropped."""

    category: str
    login_id: str
    message: str
    where: str = ""  # e.g. "視聴結果 12行目"
    status: str = ""
    completed_at: dt.date | None = None
    severity: str = WARNING


def tally(rows: list[AttendanceRow], key) -> list[tuple[str, int, int]]:
    """Count attended and absent viewers per group of ``key(row)``, in first-seen order of the key.

    Returns:
        ``(label, attended, absent)`` per key.
    """
    counts: dict[str, list[int]] = {}
    for row in rows:
        pair = counts.setdefault(key(row), [0, 0])
        pair[0 if row.result == ATTENDED else 1] += 1
    return [(label, a, b) for label, (a, b) in counts.items()]


def kind_label(row: AttendanceRow) -> str:
    """The row's ID kind for the summary: 指定時 / 医師 … ("IDなし" when it has none)."""
    return KINDS.get(row.login_id[:1], "IDなし") if row.login_id else "IDなし"


def tally_by_kind(rows: list[AttendanceRow]) -> list[tuple[str, int, int]]:
    """Attended / absent per ID kind, in the order s, n, r, m, d, p."""
    order = list(KINDS.values()) + ["IDなし"]
    return sorted(tally(rows, kind_label), key=lambda t: order.index(t[0]))


def tally_by_group(rows: list[AttendanceRow]) -> list[tuple[str, int, int]]:
    """Attended / absent per prefecture (所属グループ), in prefecture-code order."""
    return sorted(tally(rows, lambda r: r.group or "不明"), key=lambda t: (t[0][-2:] if t[0] != "不明" else "99"))
