"""``check``'s comparison of the rows with each other: the same ID twice (or with two passwords), one password
for two viewers, and an ID whose prefecture is not its group's.

The columns arrive cleaned (services.check): text, "" where there is none. Each comparison runs over whole
columns in C (a set, a map); only the rows it singles out are looked at in Python.
"""

from __future__ import annotations

import operator
from itertools import compress, repeat

from shuudan_xl.rules import login_ids
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.findings import ERROR, WARNING, Finding
from shuudan_xl.rules.layout import Layout
from shuudan_xl.rules.master import round_number
from shuudan_xl.rules.prefectures import GROUP_LABEL_SET

NO_CODE = "\0"  # the code of a text that is not a group label: no ID holds it


class _Codes(dict):
    # Group label → its prefecture code; any other value gets NO_CODE.
    def __missing__(self, key: object) -> str:
        return NO_CODE


CODE_OF_LABEL = _Codes({label: label[-2:] for label in GROUP_LABEL_SET})


def positions(values: list[object], wanted: object) -> list[int]:
    """Return the indexes of the values equal to ``wanted``, found in C rather than by enumerate.

    A few are found by list.index, each from the last; when they are many (a master list's blank IDs) one
    comparison of every value picks them at once, where a call per index would cost more.
    """
    count = values.count(wanted)
    if count > len(values) // MANY:
        return list(compress(range(len(values)), map(operator.eq, values, repeat(wanted))))
    found, i = [], -1
    for _ in range(count):
        i = values.index(wanted, i + 1)
        found.append(i)
    return found


MANY = 8  # more than one value in this many: compared all at once


def _has_repeats(values: list[str], empty: int | None = None) -> bool:
    # True when a non-empty value occurs twice ("" marks rows without a value; ``empty``: how many, when known).
    distinct = set(values)
    if "" not in distinct:
        return len(distinct) != len(values)
    return len(distinct) - 1 != len(values) - (values.count("") if empty is None else empty)


def cross_check(findings: list[Finding], sheet: str, first: int, layout: Layout, raw, clean, codes: list[str],
                rounds: list[object] | None) -> None:
    """Add the findings of the rows against each other to ``findings``.

    Args:
        findings: Where the findings go.
        sheet: The sheet, for the findings.
        first: Index of the first data row in the sheet's rows (a data row's Excel row is ``first + 1 + i``).
        layout: Where the header and the columns are.
        raw: The ID, password and group columns as typed, indexed by row (the findings show these).
        clean: The same columns cleaned: text, "" where there is none.
        codes: Each cleaned group's prefecture code (``CODE_OF_LABEL``; ``NO_CODE`` for a text that is no label).
        rounds: The 視聴回 column of a master list (an ID may return once per round), else None.
    """
    ids, pws, groups = raw
    cids, cpws, cgroups = clean
    pw_header = layout.header(layout.password_col)
    group_header = layout.header(layout.group_col) if layout.group_col is not None else ""

    # Prefecture of the ID against the group, compared in C over whole columns (a text that is not a
    # group label has a code no ID starts with; it is not reported below).
    # A blank ID has no code to compare: it does not start with one, and is no valid ID below. Where blank IDs
    # are many (a new row's: every row of a first round), they count as agreeing, so that only the typed IDs
    # that differ are listed (a million blank IDs: no list of a million indexes).
    same = list(map(str.startswith, cids, codes, repeat(1)))
    blank_ids = cids.count("")
    if blank_ids > len(cids) // MANY:
        same = list(map(operator.or_, map(operator.not_, cids), same))
    for i in positions(same, False):
        cid, group = cids[i], cgroups[i]
        if cid and codes[i] != NO_CODE and login_ids.parse_id(cid):  # a valid ID, and a group that is a label
            findings.append(Finding(
                sheet, first + 1 + i, group_header, WARNING, "group.prefecture_mismatch",
                f"ユーザーIDの都道府県コード「{cid[1:3]}」と所属グループ「{group}」が違います"
                "（予備IDや他県登録の保険医であれば問題ありません）。", groups[i], None))

    if _has_repeats(cids, blank_ids):
        _repeated_ids(findings, sheet, first, layout, ids, pws, cids, cpws, rounds)

    if _has_repeats(cpws):
        first_by_password: dict[str, int] = {}
        for i in (i for i, v in enumerate(cpws) if v):
            seen = first_by_password.setdefault(cpws[i], i)
            if seen != i and cids[seen] != cids[i]:
                findings.append(Finding(
                    sheet, first + 1 + i, pw_header, WARNING, "password.shared",
                    f"パスワードが{first + 1 + seen}行目の視聴者と同じです。視聴者ごとに別のパスワードにしてください。",
                    pws[i], None))


def _repeated_ids(findings, sheet, first, layout, ids, pws, cids, cpws, rounds) -> None:
    # An ID may appear once per round (a master list names a viewer again for re-viewing), always
    # with the same password; a vendor sheet may hold each ID once.
    id_header, pw_header = layout.header(layout.id_col), layout.header(layout.password_col)
    first_by_id: dict[str, int] = {}
    first_by_key: dict[tuple[str, object], int] = {}
    for i in (i for i, v in enumerate(cids) if v):
        cid = cids[i]
        seen = first_by_id.setdefault(cid, i)
        if seen == i:
            first_by_key[(cid, _round_key(rounds, i))] = i
            continue
        same_round = first_by_key.setdefault((cid, _round_key(rounds, i)), i)
        if same_round != i:
            where = "同じ視聴回の" if rounds is not None else ""
            findings.append(Finding(
                sheet, first + 1 + i, id_header, ERROR, "id.duplicate",
                f"ユーザーID「{cid}」が{where}{first + 1 + same_round}行目と重複しています。", ids[i], None))
        if cpws[i] and cpws[seen] and cpws[i] != cpws[seen]:
            findings.append(Finding(
                sheet, first + 1 + i, pw_header, ERROR, "id.password_conflict",
                f"同じユーザーIDに{first + 1 + seen}行目と違うパスワードが入力されています"
                f"（{first + 1 + seen}行目: 「{cpws[seen]}」）。", pws[i], cpws[seen]))


def _round_key(rounds: list[object] | None, i: int) -> object:
    # Rows of a vendor sheet all share one key; master rows are keyed by their 視聴回 text.
    if rounds is None:
        return None
    value = rounds[i]
    number = round_number(value)
    if number is not None:
        return number
    return squeeze(value) if isinstance(value, str) else value
