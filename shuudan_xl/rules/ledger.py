"""The registered-ID ledger: every ID ever sent to the e-learning system, with its password and group.

Entries are only ever added. A viewer found in the ledger is re-viewing: the vendor already knows
the ID, so only a 視聴者⇔動画 row is needed, and the password and group must stay as registered.

The first entry of an ID is in force, with one exception: a spare ID (状態 予備) is later handed to a
viewer by appending an assignment entry (状態 割当済) with the same password and group. That first
assignment supersedes the 予備 entry; nothing else appended later changes an ID in force.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.findings import ERROR, Problem
from shuudan_xl.rules.master import field_type, number_key
from shuudan_xl.rules.prefectures import match_group

LEDGER_SHEET = "登録済みID"
COLUMNS = ("ユーザーID", "パスワード", "所属グループ", "指導区分", "種別", "番号", "名称", "年度", "登録回",
           "登録確定日", "状態", "備考")
REGISTERED = "登録済"
SPARE = "予備"
ASSIGNED = "割当済"  # a spare ID handed to a named viewer


class LedgerEntry(NamedTuple):
    """One registered (or spare) ID.

    A NamedTuple (immutable, compared and hashed by its fields): many are made at once (read_ledger one per
    ledger row, confirm one per new ID), and ``tuple.__new__(LedgerEntry, fields)`` makes one in C where a
    frozen dataclass ran a Python ``__init__`` per entry. ``entry._replace(note=…)`` gives a changed copy.
    """

    login_id: str
    password: str
    group: str
    guidance: str = ""
    field: str = ""
    number: str = ""
    name: str = ""
    fiscal_year: int | None = None
    round: int | None = None
    confirmed_on: dt.date | None = None
    status: str = REGISTERED
    note: str = ""

    def as_row(self) -> list[str]:
        """Return the entry as the ledger sheet's text cells, in COLUMNS order."""
        return [*self[:7], *_tail(self[7:])]


def ledger_rows(entries: list[LedgerEntry]) -> list[list[str]]:
    """Each entry's ``as_row``, the texts of 年度, 登録回, 登録確定日, 状態 and 備考 made once for the entries that
    share them (a round's new IDs all do): 10,000 entries in about half the time of an ``as_row`` each."""
    tails: dict[tuple, tuple[str, ...]] = {}
    rows = []
    add = rows.append
    for entry in entries:
        key = entry[7:]
        tail = tails[key] if key in tails else tails.setdefault(key, _tail(key))
        add([*entry[:7], *tail])
    return rows


def _tail(values: tuple) -> tuple[str, ...]:
    # The text cells of an entry's last five fields (fiscal_year … note).
    fiscal_year, round_, confirmed_on, status, note = values
    return ("" if fiscal_year is None else str(fiscal_year), "" if round_ is None else str(round_),
            "" if confirmed_on is None else confirmed_on.isoformat(), status, note)


def supersedes(current: LedgerEntry, later: LedgerEntry) -> bool:
    """True when a later entry of an ID takes the place of the one in force.

    Only the assignment of a spare ID does: ``current`` is 予備 and ``later`` is 割当済 with the same
    password and group (a spare keeps what was registered with the vendor). Everything else appended
    later is history, so an appended row can never re-point, re-password or re-assign a registered ID.
    """
    return (current.status == SPARE and later.status == ASSIGNED and later.password == current.password
            and later.group == current.group)


class Ledger:
    """Lookup of ledger entries by ID: the first entry wins, except that an assignment supersedes a spare.

    Attributes:
        entries: Every entry, in ledger order.
        ignored: Later entries that changed nothing (history, or attempts to override an ID in force).
    """

    def __init__(self, entries: list[LedgerEntry]):
        self.entries = list(entries)
        self.ignored: list[LedgerEntry] = []
        self._by_id: dict[str, LedgerEntry] = {}
        for entry in self.entries:
            current = self._by_id.get(entry.login_id)
            if current is None or supersedes(current, entry):
                self._by_id[entry.login_id] = entry
            else:
                self.ignored.append(entry)

    def __contains__(self, login_id: str) -> bool:
        return login_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, login_id: str) -> LedgerEntry | None:
        """Return the entry in force of an ID, or None."""
        return self._by_id.get(login_id)

    def is_unassigned_spare(self, login_id: str) -> bool:
        """True when the ID is a spare not yet handed to anyone."""
        entry = self._by_id.get(login_id)
        return entry is not None and entry.status == SPARE

    def ids(self) -> set[str]:
        """Every ID that appears in the ledger."""
        return {entry.login_id for entry in self.entries}


def _same_viewer(entry: LedgerEntry, serial: str | None, name: str, field: str | None) -> bool:
    if entry.status == SPARE:
        return True
    # A 医科 and a 歯科 with the same 7-digit code compose the same n/r/s ID but are different viewers.
    if entry.field and field and (field_type(entry.field) or entry.field) != field:
        return False
    if entry.number and serial:
        return number_key(entry.number) == serial
    return bool(entry.name) and squeeze(entry.name) == squeeze(name)


def ledger_problems(entry: LedgerEntry, serial: str | None, name: str, password: str | None,
                    group: str | None, field: str | None = None) -> list[Problem]:
    """Compare a master row with the ledger entry of its ID.

    Args:
        entry: The ledger entry of the row's ID.
        serial: The row's 番号 as an ID serial (None when blank).
        name: The row's 名称.
        password: The password the row would send, typed or from another row (None: not compared).
        group: The row's canonical group label.
        field: The row's canonical 種別 (None when unknown: not compared).

    Returns:
        Errors when the ID belongs to someone else or its password or group would change.
    """
    problems = []
    if not _same_viewer(entry, serial, name, field):
        who = "・".join(v for v in (entry.field, f"番号 {entry.number}" if entry.number else "", entry.name) if v)
        problems.append(Problem(
            "ledger.other_viewer", ERROR,
            f"ユーザーID「{entry.login_id}」は台帳で別の視聴者{f'（{who}）' if who else ''}に登録済みです。"
            "別のIDにしてください。"))
        return problems
    if password is not None and password != entry.password:
        problems.append(Problem(
            "ledger.password", ERROR,
            "台帳に登録済みのパスワードと違います。登録済みIDのパスワードは変えられません"
            f"（台帳: 「{entry.password}」）。",
            entry.password))
    registered_group = match_group(entry.group).label or entry.group  # staff may type 東京都 in the ledger
    if group is not None and entry.group and group != registered_group:
        problems.append(Problem(
            "ledger.group", ERROR,
            f"台帳に登録済みの所属グループ「{entry.group}」と違います。変える場合は台帳も直してください。",
            registered_group))
    return problems
