"""Registration deadlines kept (手順 3(1), 3(6)): rows past their round's deadline are refused, moved or allowed.

「登録期限は厳守すること。登録期限に間に合わなかった場合は、翌月以降の指導実施に変更するなどの対応を図ること」.
Past the deadline for the chosen method (● vendor / ☆ self), a command that registers viewers refuses
and names the next round whose deadline is still open. Staff have two explicit ways out: move the late
rows to that round (the new 視聴回 is written into the list, with a backup, under the writer lock), or
go ahead because the vendor agreed to a late upload (recorded in the ledger and printed as a warning).
The deadline day itself is on time; the day ends at midnight Japan time (services.session.japan_today).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from shuudan_xl.errors import InvalidArgument
from shuudan_xl.rules import master as m
from shuudan_xl.rules.era import format_date
from shuudan_xl.rules.ledger import LedgerEntry
from shuudan_xl.rules.schedule import FIELD_LABELS, Round, find_round, next_open_round
from shuudan_xl.services.session import ALLOW_LATE, CellWriter, RoundSession

LATE_STATUS = "期限後了承"  # the ledger row that records a late upload the vendor agreed to


@dataclass(frozen=True)
class LateRow:
    """A row of the list past its round's deadline."""

    excel_row: int
    name: str
    login_id: str


@dataclass(frozen=True)
class Lateness:
    """The chosen round's deadline has passed and some of its rows were not registered in time."""

    round: Round
    method: str
    today: dt.date
    target: Round | None  # the next round whose deadline is still open (None: none left this year)
    rows: tuple[LateRow, ...] = field(default=())

    @property
    def deadline(self) -> dt.date:
        return self.round.deadline(self.method)

    @property
    def deadline_label(self) -> str:
        return FIELD_LABELS["vendor_deadline" if self.method == "vendor" else "self_deadline"]

    def message(self) -> str:
        """Why the rows are late and where they can go (Japanese)."""
        text = (f"{self.round.label}の{self.deadline_label}（{format_date(self.deadline)}）を過ぎています"
                f"（今日: {format_date(self.today)}）。登録期限は厳守です。")
        if self.target is None:
            return text + "この年度の視聴回はすべて登録期限を過ぎています。翌年度の視聴回で登録してください。"
        return text + (f"登録期限がまだ来ていない次の視聴回は{self.target.label}です（視聴期間 "
                       f"{format_date(self.target.start)}～{format_date(self.target.end)}、"
                       f"{self.deadline_label} {format_date(self.target.deadline(self.method))}）。")

    def refused_lines(self, limit: int = 20) -> list[str]:
        """Why nothing is written, the late rows (at most ``limit``) and the ways out (Japanese)."""
        rows = [f"  {r.excel_row}行目 {r.name}{f'（{r.login_id}）' if r.login_id else ''}" for r in self.rows[:limit]]
        if len(self.rows) > limit:
            rows.append(f"  ほか {len(self.rows) - limit} 行")
        return [self.message(), "", f"期限を過ぎた行（{len(self.rows)} 行）:", *rows, "", self.ways_out()]

    def ways_out(self, move: str = "--move-late", allow: str = "--allow-late") -> str:
        """The two explicit ways out, naming the options (or the dialog's buttons)."""
        if self.target is None:  # nothing to move to this year: the move is not offered
            return (f"遅れた {len(self.rows)} 行は翌年度の視聴者リストで登録してください。事業者が期限後の登録を"
                    f"了承したときは {allow} を付けて、もう一度実行してください（了承はID台帳に記録されます）。")
        return (f"遅れた {len(self.rows)} 行を{self.target.label}に移すときは {move}、事業者が期限後の登録を"
                f"了承したときは {allow} を付けて、もう一度実行してください（了承はID台帳に記録されます）。")


def lateness(session: RoundSession, rounds: tuple[Round, ...], master, ledger) -> Lateness | None:
    """The rows of the session's round that missed its deadline (None when on time or nothing is late).

    Rows count as registered in time when the ledger holds their ID for this fiscal year and round. When
    the round was already registered (some of its IDs are in the ledger), only rows added since are late;
    otherwise every row of the round is.

    Args:
        session: Its round, method and today.
        rounds: The year's schedule (with the 視聴スケジュール sheet's dates).
        master: The list (services.master.MasterList).
        ledger: The ID ledger (rules.ledger.Ledger).
    """
    chosen = find_round(rounds, session.require_round())
    if chosen.deadline(session.method) >= session.today:
        return None
    in_time = {e.login_id for e in ledger.entries
               if e.round == chosen.number and e.fiscal_year in (None, session.fiscal_year)}
    rows = []
    for row in master.rows_of_round(chosen.number):
        login_id = master.final_ids.get(row.excel_row, "")
        if in_time and (login_id in in_time or login_id in ledger):
            continue
        rows.append(LateRow(row.excel_row, row.name or "", login_id))
    if not rows:
        return None
    return Lateness(chosen, session.method, session.today, next_open_round(session.today, session.method, rounds),
                    tuple(rows))


def move_late_rows(late: Lateness, master, writer: CellWriter):
    """Write the next open round into the 視聴回 cell of every late row (the writer backs the list up).

    Returns:
        The backup of the list the writer made (None for a workbook open in Excel).

    Raises:
        InvalidArgument: when no round of the year is still open.
    """
    from shuudan_xl.files.xlsx_patch import CellWrite

    if late.target is None:
        raise InvalidArgument("この年度の視聴回はすべて登録期限を過ぎているため、移せる視聴回がありません。"
                              "翌年度の視聴者リストで登録してください。")
    col = master.column(m.ROUND)
    writes = [CellWrite(row.excel_row, col, str(late.target.number)) for row in late.rows]
    writer.check()
    return writer.write(writes)


def allowance_entry(session: RoundSession, late: Lateness, command: str) -> LedgerEntry:
    """The ledger row recording that the vendor agreed to a late upload (it holds no ID and no password).

    ``rules.ledger`` readers skip rows without an ID, so the record never counts as a registration.
    """
    return LedgerEntry(login_id="", password="", group="", fiscal_year=session.fiscal_year,
                       round=late.round.number, confirmed_on=session.today, status=LATE_STATUS,
                       note=f"{command}: {late.round.label}の{late.deadline_label}（{format_date(late.deadline)}）後に"
                            f"{len(late.rows)} 行を登録（事業者了承・{ALLOW_LATE}）")


def record_allowance(session: RoundSession, late: Lateness, command: str) -> None:
    """Append the allowance record to the session's ledger (created beside the list when absent)."""
    from shuudan_xl.files.ledger_store import append_entries

    append_entries(session.folders.ledger, [allowance_entry(session, late, command)])


def moved_lines(late: Lateness) -> list[str]:
    """Japanese lines naming each moved row."""
    target = late.target.label if late.target else ""
    return [f"  {row.excel_row}行目 {row.name}{f'（{row.login_id}）' if row.login_id else ''}: "
            f"{late.round.label} → {target}" for row in late.rows]


def round_lateness(session: RoundSession):
    """Load what ``lateness`` needs for a session without a planned round (fill --round).

    Returns:
        ``(lateness or None, master list)``.
    """
    from shuudan_xl.files.ledger_store import read_ledger
    from shuudan_xl.services.master import load_master
    from shuudan_xl.services.schedule_sheet import schedule_with_sheet

    try:
        schedule = schedule_with_sheet(session.book, session.fiscal_year)
    except ValueError as exc:
        raise InvalidArgument(str(exc)) from None
    schedule.raise_on_errors()
    master = load_master(session.book)
    return lateness(session, schedule.rounds, master, read_ledger(session.folders.ledger)), master


def target_round_late(session: RoundSession) -> Lateness | None:
    """The session's round as a target (reassign --to-round): None while its deadline is open.

    The rows are not known yet (the absentees come from the results), so the lateness names none.
    """
    from shuudan_xl.services.schedule_sheet import schedule_with_sheet

    try:
        rounds = schedule_with_sheet(session.book, session.fiscal_year).rounds
    except ValueError as exc:
        raise InvalidArgument(str(exc)) from None
    chosen = find_round(rounds, session.require_round())
    if chosen.deadline(session.method) >= session.today:
        return None
    return Lateness(chosen, session.method, session.today, next_open_round(session.today, session.method, rounds))
