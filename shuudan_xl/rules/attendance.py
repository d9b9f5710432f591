"""Attendance of a round from the vendor's viewing results: 90:出席（eラーニング） or 65:欠席.

The procedure (手順 5 and 6): a viewer whose video was completed within the viewing period attended;
the 指導年月日 entered in 保険医療機関等管理システム is the period's last day, never the viewing day.
Three exceptions count as attendance whatever the results say, with the reason kept: viewing at the
bureau without logging in, group viewing at a 登録時 session, and printed material sent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shuudan_xl.rules.attendance_exceptions import AttendanceException
from shuudan_xl.rules.findings import WARNING
from shuudan_xl.rules.login_ids import KINDS
from shuudan_xl.rules.viewing_results import Viewing, format_moment, in_period

ATTENDED = "90:出席（eラーニング）"
ABSENT = "65:欠席"
RESULTS = (ATTENDED, ABSENT)

_GUIDANCE_LABELS = {"オンライン資格確認": "オンライン資格確認導入に係る集団指導"}


def guidance_label(guidance: str | None) -> str:
    """Return the 指導区分 as the system names it: "指定時" → "指定時集団指導"."""
    if not guidance:
        return ""
    return _GUIDANCE_LABELS.get(guidance, f"{guidance}集団指導")


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
    if exception is None and len(viewings) == 1:  # the usual viewer: one row, completed in the period
        only = viewings[0]
        if only.completed and only.completed_at is not None and in_period(only.completed_at, start, end):
            return Decision(ATTENDED, "視聴期間内に視聴完了", only.completed_at)
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
