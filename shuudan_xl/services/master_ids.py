"""The IDs of a list's rows: composed for blank ones, and the findings of an ID on two rows.

Pure functions of a loaded list (services.master.MasterList), called by ``master_from_rows`` once every
row's final ID is known.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING

from shuudan_xl.rules import master as m
from shuudan_xl.rules.findings import ERROR, Finding

if TYPE_CHECKING:  # services.master imports this module: its types only for the annotations
    from shuudan_xl.services.master import MasterList, MasterRow


def composed_ids(master: MasterList) -> dict[int, str]:
    """Return the ID each blank-ID row would get, by Excel row (rows that cannot be composed are absent)."""
    out = {}
    prefixes: dict[tuple, str] = {}  # the ID before its serial, composed once per 区分, 種別 and group
    for row in master.rows:
        if row.login_id is None and row.guidance and row.field and row.group and row.serial:
            key = (row.guidance, row.field, row.group)
            prefix = prefixes.get(key)
            if prefix is None:
                prefix = prefixes[key] = m.compose_parts(row.guidance, row.field, row.group[-2:], "")
            out[row.excel_row] = prefix + row.serial
    return out


def repeated_ids(ids: Mapping[int, str]) -> set[str]:
    """The IDs of two rows or more, among ``ids`` (an ID by Excel row)."""
    values = list(ids.values())
    if len(set(values)) == len(values):  # the usual list, told by one set (in C) rather than a count of each
        return set()
    return {login_id for login_id, n in Counter(values).items() if n > 1}


def collision_findings(master: MasterList, ids: dict[int, str], repeated: set[str] | None = None) -> list[Finding]:
    """Report IDs (typed or composed) that would be shared by different viewers.

    Args:
        master: The list.
        ids: The final ID of every row that has one, by Excel row.
        repeated: ``repeated_ids(ids)``, when the caller has it already.
    """
    repeated = repeated_ids(ids) if repeated is None else repeated
    by_id: dict[str, list[MasterRow]] = defaultdict(list)  # only the IDs on two rows or more: a list each
    if repeated:
        for row in master.rows:
            login_id = ids.get(row.excel_row)
            if login_id in repeated:
                by_id[login_id].append(row)
    out = []
    for login_id, rows in by_id.items():
        identities = {r.identity for r in rows}
        if len(identities) < 2:
            continue
        listed = "、".join(f"{r.excel_row}行目（{r.name or '名称なし'}・{r.field or '種別不明'}）" for r in rows)
        for row in rows:
            suggestion = None
            if row.login_id is None and row.guidance and row.field and row.group and row.serial:
                suggestion = m.collision_suggestion(row.guidance, row.field, row.group[-2:], row.serial)
            hint = (f"区別するため、番号の前に点数表番号を付けたID「{suggestion}」にしてください。"
                    if suggestion else "番号かユーザーIDを見直してください。")
            out.append(Finding(
                master.sheet, row.excel_row, m.LOGIN_ID, ERROR, "master.id_collision",
                f"別の視聴者と同じユーザーID「{login_id}」になります（{listed}）。{hint}",
                row.values.get(m.LOGIN_ID), suggestion))
    return out


def composed_duplicate_findings(master: MasterList, repeated: set[str] | None = None) -> list[Finding]:
    """Report a viewer listed twice in one round when the repeat's ID is composed.

    Typed duplicates are reported by the check of the ID column; a composed ID is not in that column
    yet, so the same viewer twice in a round would otherwise reach the vendor twice.

    Args:
        master: The list, its final IDs resolved.
        repeated: ``repeated_ids(master.final_ids)``, when the caller has it already.
    """
    repeated = repeated_ids(master.final_ids) if repeated is None else repeated
    if not repeated:
        return []  # no ID on two rows: no viewer twice
    first: dict[tuple[str, int], MasterRow] = {}
    out = []
    for row in master.rows:
        login_id = master.final_ids.get(row.excel_row)
        if login_id not in repeated or row.round is None:  # an ID on one row only cannot repeat in a round
            continue
        seen = first.setdefault((login_id, row.round), row)
        if (seen is not row and seen.identity == row.identity  # different viewers: a collision, reported apart
                and (row.excel_row in master.composed or seen.excel_row in master.composed)):
            out.append(Finding(
                master.sheet, row.excel_row, m.LOGIN_ID, ERROR, "id.duplicate",
                f"ユーザーID「{login_id}」が同じ視聴回の{seen.excel_row}行目と重複しています"
                "（同じ視聴者が2回入っていないか確認してください）。", row.values.get(m.LOGIN_ID), None))
    return out
