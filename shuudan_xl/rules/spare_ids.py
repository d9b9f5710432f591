"""Spare IDs (予備ID, 手順 6(3)): IDs registered in advance and handed out when an unexpected viewer calls.

A spare ID follows the ID rule (kind + prefecture + 6+ alphanumerics) with the serial "yb" + 4 digits:
``m13yb0001``, ``m13yb0002`` … "yb" reads as 予備 (yobi) at a glance, and because real serials are
digits only (7-digit 医療機関コード, 保険医登録番号), a serial with letters can never be composed for a real
viewer. "yobi" itself is avoided: its o and i sit next to 0 and 1 in the digits, the look-alike pairs
the procedure warns against; y and b resemble no digit.
"""

from __future__ import annotations

import datetime as dt
import re

from shuudan_xl.errors import RuleError
from shuudan_xl.rules.ledger import ASSIGNED, SPARE, LedgerEntry
from shuudan_xl.rules.login_ids import compose_id

MARK = "yb"
DIGITS = 4
MAX_COUNT = 500
KIND_GUIDANCE = {"s": "オンライン資格確認", "n": "指定時", "r": "更新時", "m": "登録時", "d": "登録時", "p": "登録時"}
KIND_FIELD = {"m": "医科", "d": "歯科", "p": "薬局"}
NOTE = "予備ID（未割当）"

_SPARE_RE = re.compile(rf"([snrmdp])([0-9]{{2}}){MARK}([0-9]{{{DIGITS},}})", re.ASCII)


def spare_serial(number: int) -> str:
    """Return the serial of the n-th spare: 1 → "yb0001"."""
    return f"{MARK}{number:0{DIGITS}d}"


def spare_number(login_id: str, kind: str | None = None, prefecture: str | None = None) -> int | None:
    """Return n when an ID has the spare shape (of the given kind and prefecture), else None."""
    m = _SPARE_RE.fullmatch(login_id)
    if not m or (kind and m.group(1) != kind) or (prefecture and m.group(2) != prefecture):
        return None
    return int(m.group(3))


def next_spare_ids(kind: str, prefecture: str, count: int, taken: set[str]) -> list[str]:
    """Choose new spare IDs that collide with nothing taken, continuing the numbering of earlier spares.

    Args:
        kind: s, n, r, m, d or p.
        prefecture: "01"–"47".
        count: How many, 1 to MAX_COUNT.
        taken: Every ID in use (ledger and master list).

    Returns:
        ``count`` IDs, numbered after the highest spare of that kind and prefecture already taken.

    Raises:
        RuleError: with a Japanese message for a bad kind, prefecture or count.
    """
    if not 1 <= count <= MAX_COUNT:
        raise RuleError(f"予備IDの数は 1〜{MAX_COUNT} で指定してください（指定: {count}）。")
    compose_id(kind, prefecture, spare_serial(1))  # validates kind and prefecture
    used = [n for n in (spare_number(t, kind, prefecture) for t in taken) if n is not None]
    number = max(used, default=0)
    out: list[str] = []
    while len(out) < count:
        number += 1
        login_id = compose_id(kind, prefecture, spare_serial(number))
        if login_id not in taken:
            out.append(login_id)
    return out


def spare_entry(login_id: str, password: str, group: str, fiscal_year: int | None,
                today: dt.date) -> LedgerEntry:
    """The ledger entry of a new spare ID: 状態 予備, 指導区分/種別 as far as the kind tells."""
    kind = login_id[0]
    return LedgerEntry(login_id=login_id, password=password, group=group, guidance=KIND_GUIDANCE[kind],
                       field=KIND_FIELD.get(kind, ""), fiscal_year=fiscal_year, confirmed_on=today,
                       status=SPARE, note=NOTE)


def assignment_problem(login_id: str, entry: LedgerEntry | None) -> str | None:
    """Why a spare ID cannot be assigned (Japanese), or None when it can."""
    if entry is None:
        return (f"「{login_id}」はID台帳にありません。"
                "予備IDは spare-ids で作成して台帳に載せたものだけを割り当てられます。")
    if entry.status == ASSIGNED:
        who = "・".join(v for v in (entry.field, entry.number, entry.name) if v)
        return f"予備ID「{login_id}」は既に割り当て済みです（{who}）。別の予備IDを使ってください。"
    if entry.status != SPARE:
        return f"「{login_id}」は予備IDではありません（台帳の状態: {entry.status}）。"
    return None


def assignment_entry(spare: LedgerEntry, name: str, number: str = "", field: str | None = None,
                     guidance: str | None = None, fiscal_year: int | None = None, round_: int | None = None,
                     today: dt.date | None = None, note: str = "") -> LedgerEntry:
    """The ledger entry recording who a spare ID was handed to (supersedes the 予備 entry).

    Args:
        spare: The spare's entry in force (状態 予備).
        name: The viewer's name (氏名 or 名称).
        number: Their 保険医登録番号 etc., as typed in the master list's 番号 column.
        field: 医科 / 歯科 / 薬局 (default: from the ID's kind for m/d/p, else the spare's).
        guidance: 指導区分 (default: the spare's).
        fiscal_year: The fiscal year of the assignment (default: the spare's).
        round_: The 視聴回 the viewer will view in, when known.
        today: The assignment date.
        note: Free text; "予備IDを割当" is prepended.
    """
    kind = spare.login_id[0]
    return LedgerEntry(
        login_id=spare.login_id, password=spare.password, group=spare.group,
        guidance=guidance or spare.guidance, field=field or KIND_FIELD.get(kind) or spare.field,
        number=number, name=name, fiscal_year=fiscal_year or spare.fiscal_year, round=round_,
        confirmed_on=today, status=ASSIGNED, note="予備IDを割当" + (f"（{note}）" if note else ""))
