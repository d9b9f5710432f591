"""Double check (ダブルチェック): pair the rows of two keyings of the same viewers and list the differences.

Rows are paired by ユーザーID, never by position. Four stages run one after the other, each on the rows
the previous ones left unpaired, so the usual case (almost every ID identical) costs one dict lookup
per row:

1. the same ID, character for character;
2. the same ID once spaces, invisible characters, full-width forms, letter case and look-alikes
   (O/o → 0, l/I/i → 1) are normalised away;
3. normalised IDs one edit apart (one character wrong, missing or extra, or two neighbours swapped),
   found through an index of single-character deletions, so no ID is compared with every other;
4. the same password, when exactly one unpaired row on each side has it.

Candidates of stage 3 are ranked by (password differs, group differs, distance between the rows'
positions, positions) and taken greedily, so the pairing is deterministic.

A is the reference (the master list or the first keying); B is compared with it: "missing" rows are in A
only, "extra" rows in B only.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from shuudan_xl.rules import cleaning
from shuudan_xl.rules.cleaning import show, squeeze
from shuudan_xl.rules.prefectures import match_group

# Difference kinds.
ID = "id"
PASSWORD = "password"
GROUP = "group"
MISSING = "missing"
EXTRA = "extra"
DUPLICATE = "duplicate"
VIDEO = "video"  # 視聴者⇔動画 books only (rules.video_links.compare_links)
KINDS = (ID, PASSWORD, GROUP, MISSING, EXTRA, DUPLICATE, VIDEO)
_ROW_ORDER = {kind: n for n, kind in enumerate((DUPLICATE, MISSING, EXTRA, ID, PASSWORD, GROUP, VIDEO))}
KIND_LABELS = {ID: "ユーザーID", PASSWORD: "パスワード", GROUP: "所属グループ", MISSING: "Bにない行",
               EXTRA: "Aにない行", DUPLICATE: "ID重複", VIDEO: "動画"}

COLUMN_ID = "ユーザーID"
COLUMN_PASSWORD = "パスワード"
COLUMN_GROUP = "所属グループ"

# Stage 3 limits: a deletion shared by more IDs than this is ambiguous (IDs numbered in sequence) and
# is not used; shorter IDs are not paired by similarity; longer cells are not IDs.
MAX_BUCKET = 4
MIN_NEAR_LENGTH = 4
MAX_NEAR_LENGTH = 64

_LOOKALIKES = str.maketrans("oli", "011")  # applied after casefold: O → o → 0, I → i → 1
_PLAIN = re.compile(r"[A-Za-z0-9]*", re.ASCII).fullmatch
_HINTS = {cleaning.INVISIBLE_CHARS: "見えない文字", cleaning.EDGE_SPACE: "前後の空白",
          cleaning.INNER_SPACE: "途中の空白", cleaning.WIDTH: "全角文字"}


class Record(NamedTuple):
    """One data row of one side: plain tuples ``(row, id, password, group)`` are accepted too.

    Attributes:
        row: 1-based Excel row.
        id: ユーザーID as text ("" when blank).
        password: パスワード as text ("" when blank).
        group: 所属グループ as text, or None when the sheet has no group column (not compared).
    """

    row: int
    id: str
    password: str
    group: str | None = None


@dataclass(slots=True)
class Difference:
    """One difference between the keyings; ``row_a``/``row_b`` are 1-based Excel rows or None."""

    key: str
    kind: str
    row_a: int | None
    row_b: int | None
    column: str | None
    a: str | None
    b: str | None
    message: str

    def as_dict(self) -> dict:
        """Return the JSON form documented for ``doublecheck --json``."""
        return {"key": self.key, "kind": self.kind, "row_a": self.row_a, "row_b": self.row_b,
                "column": self.column, "a": self.a, "b": self.b, "message": self.message}


@dataclass
class Comparison:
    """The outcome of a double check.

    Attributes:
        pairs: Every row side by side: ``(a, b)`` for paired rows and ``(a, None)`` for missing rows
            in A's order, then ``(None, b)`` for extra rows in B's order.
        differences: Sorted by A row, then B row (rows only in B last).
        matched: Number of pairs (one A row, one B row) whose ID, password and group agree, i.e. pairs
            without an "id", "password" or "group" difference. A row reported only as a duplicate still
            counts when its pair agrees. Every A row is matched, paired with differences, or missing.
    """

    pairs: list[tuple[Record | None, Record | None]]
    differences: list[Difference]
    matched: int


def compare(a: Iterable[Sequence], b: Iterable[Sequence], *, a_needs_label: bool = True,
            b_needs_label: bool = True) -> Comparison:
    """Pair the rows of two keyings and list every difference.

    Groups are compared as prefectures (through ``match_group``): "沖縄県" and "沖縄47" are the same
    group. A side that goes to the vendor must still hold the exact label, so a variant on such a side
    is reported when the other side differs from it; a master list may write its own way.

    Args:
        a: Records (or ``(row, id, password, group)`` tuples) of the reference side.
        b: Records of the side compared with it.
        a_needs_label: True when A is a vendor sheet, whose group must be the exact label.
        b_needs_label: The same for B.

    Returns:
        The pairs, the differences and the number of rows matched without difference.
    """
    a = [r if type(r) is Record else Record(*r) for r in a]
    b = [r if type(r) is Record else Record(*r) for r in b]
    return assemble(a, b, pair_rows(a, b), lambda ra, rb: _pair_differences(ra, rb, a_needs_label, b_needs_label),
                    lambda r: _row_name(r.id), _duplicates)


def assemble(a: list[Record], b: list[Record], partner: dict[int, int],
             differ: Callable[[Record, Record], list[Difference]], name: Callable[[Record], str],
             repeated: Callable[[list[Record], str], list[Difference]]) -> Comparison:
    """Turn a pairing of two sides' rows into the comparison: pairs, differences (sorted) and matches.

    Args:
        a: Records of side A.
        b: Records of side B.
        partner: ``{index in a: index in b}`` for every pair (see ``pair_rows``).
        differ: The differences of one pair (none when the rows agree).
        name: How a row only on one side is named ("ユーザーID「…」の行").
        repeated: The duplicates within one side (its records, "A" or "B").
    """
    paired_b = set(partner.values())
    pairs: list[tuple[Record | None, Record | None]] = []
    differences: list[Difference] = []
    matched = 0
    for i, ra in enumerate(a):
        j = partner.get(i)
        if j is None:
            pairs.append((ra, None))
            differences.append(Difference(ra.id, MISSING, ra.row, None, None, ra.id, None,
                                          f"{name(ra)}がBにありません。"))
            continue
        rb = b[j]
        pairs.append((ra, rb))
        found = differ(ra, rb)
        if found:
            differences.extend(found)
        else:
            matched += 1
    for j, rb in enumerate(b):
        if j not in paired_b:
            pairs.append((None, rb))
            differences.append(Difference(rb.id, EXTRA, None, rb.row, None, None, rb.id,
                                          f"{name(rb)}がAにありません。"))
    differences += repeated(a, "A") + repeated(b, "B")
    differences.sort(key=lambda d: (d.row_a is None, d.row_a or 0, d.row_b or 0, _ROW_ORDER[d.kind]))
    return Comparison(pairs, differences, matched)


def pair_rows(a: Sequence[Record], b: Sequence[Record]) -> dict[int, int]:
    """Pair rows of A with rows of B by ID (see the module docstring for the stages).

    Args:
        a: Records of side A.
        b: Records of side B.

    Returns:
        ``{index in a: index in b}`` for every pair; unpaired rows are absent.
    """
    pairs: dict[int, int] = {}
    paired_b: set[int] = set()
    keys_a = {i: r.id for i, r in enumerate(a) if r.id}
    keys_b = {j: r.id for j, r in enumerate(b) if r.id}
    _pair_by_key(a, b, keys_a, keys_b, pairs, paired_b)
    # Normalise only what is left: usually a handful of rows.
    keys_a = _loose_keys(keys_a, pairs)
    keys_b = _loose_keys(keys_b, paired_b)
    _pair_by_key(a, b, keys_a, keys_b, pairs, paired_b)
    keys_a = {i: k for i, k in keys_a.items() if i not in pairs}
    keys_b = {j: k for j, k in keys_b.items() if j not in paired_b}
    if keys_a and keys_b:
        _pair_near(a, b, keys_a, keys_b, pairs, paired_b)
    left_a = [i for i in range(len(a)) if i not in pairs]
    left_b = [j for j in range(len(b)) if j not in paired_b]
    if left_a and left_b:
        _pair_by_unique_password(a, b, left_a, left_b, pairs, paired_b)
    return pairs


def loose_id(text: str) -> str:
    """Normalise an ID for pairing: no spaces or invisible characters, NFKC, lower case, O → 0, l/I → 1."""
    return _squeezed(text).casefold().translate(_LOOKALIKES)


def one_edit_apart(x: str, y: str) -> bool:
    """True when one substitution, insertion, deletion or swap of neighbours turns x into y."""
    if x == y or abs(len(x) - len(y)) > 1:
        return False
    i = 0
    while i < len(x) and i < len(y) and x[i] == y[i]:
        i += 1
    if len(x) == len(y):
        if x[i + 1:] == y[i + 1:]:
            return True
        return i + 1 < len(x) and x[i] == y[i + 1] and x[i + 1] == y[i] and x[i + 2:] == y[i + 2:]
    longer, shorter = (x, y) if len(x) > len(y) else (y, x)
    return longer[i + 1:] == shorter[i:]


# ---------------------------------------------------------------------------------------------------
# Pairing stages.


def _squeezed(text: str) -> str:
    # squeeze() with a fast path for the usual plain alphanumeric text.
    return text if _PLAIN(text) else squeeze(text)


def _show(text: str) -> str:
    # show() with the same fast path.
    return text if _PLAIN(text) else show(text)


def _loose_keys(keys: dict[int, str], paired) -> dict[int, str]:
    # Normalised IDs of the rows not yet paired (an ID of spaces only has none).
    loose = {i: loose_id(k) for i, k in keys.items() if i not in paired}
    return {i: k for i, k in loose.items() if k}


def _row_name(login_id: str) -> str:
    return f"ユーザーID「{_show(login_id)}」の行" if login_id else "ユーザーIDが空欄の行"


def _group(keys: dict[int, str]) -> dict[str, list[int]]:
    # Row indexes by key, in sheet order.
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, k in keys.items():
        by_key[k].append(i)
    return by_key


def _pair_by_key(a, b, keys_a, keys_b, pairs, paired_b) -> None:
    # Pair rows whose keys are equal (rows without an ID are not in the key maps).
    by_key_b = _group(keys_b)
    for k, rows_a in _group(keys_a).items():
        rows_b = by_key_b.get(k)
        if rows_b:
            _pair_group(a, b, rows_a, rows_b, pairs, paired_b)


def _pair_group(a, b, rows_a: list[int], rows_b: list[int], pairs, paired_b) -> None:
    # Rows sharing a key: same password and group first, then in sheet order.
    if len(rows_a) == 1 and len(rows_b) == 1:
        pairs[rows_a[0]] = rows_b[0]
        paired_b.add(rows_b[0])
        return
    by_content: dict[tuple, list[int]] = defaultdict(list)
    for j in rows_b:
        by_content[(b[j].password, b[j].group)].append(j)
    rest_a = []
    for i in rows_a:
        same = by_content.get((a[i].password, a[i].group))
        if same:
            j = same.pop(0)
            pairs[i] = j
            paired_b.add(j)
        else:
            rest_a.append(i)
    for i, j in zip(rest_a, [j for j in rows_b if j not in paired_b], strict=False):
        pairs[i] = j
        paired_b.add(j)


def _variants(key: str) -> list[str]:
    # The key and every key with one character deleted: strings one edit apart share one of these.
    # Deleting any character of a run gives the same string, so only the first of a run is deleted.
    return [key, *(key[:n] + key[n + 1:] for n in range(len(key)) if n == 0 or key[n] != key[n - 1])]


def _pair_near(a, b, keys_a, keys_b, pairs, paired_b) -> None:
    # Stage 3: normalised IDs one edit apart. B's IDs are indexed by their deletions, A's deletions
    # are looked up; a deletion shared by more than MAX_BUCKET IDs of B is ambiguous (IDs numbered
    # in sequence) and skipped, so the work stays linear in the number of rows.
    rows_a, rows_b = _group(keys_a), _group(keys_b)
    index: dict[str, list[str]] = defaultdict(list)
    for kb in rows_b:
        if MIN_NEAR_LENGTH <= len(kb) <= MAX_NEAR_LENGTH:
            for v in _variants(kb):
                index[v].append(kb)
    candidates = []
    for ka, found_a in rows_a.items():
        if not MIN_NEAR_LENGTH <= len(ka) <= MAX_NEAR_LENGTH:
            continue
        near = set()
        for v in _variants(ka):
            bucket = index.get(v)
            if bucket and len(bucket) <= MAX_BUCKET:
                near.update(bucket)
        for kb in near:
            if one_edit_apart(ka, kb):
                candidates += [(_rank(a[i], b[j], i, j), i, j)
                               for i in found_a[:MAX_BUCKET] for j in rows_b[kb][:MAX_BUCKET]]
    candidates.sort()  # the ranks end with the positions: a total, deterministic order
    for _, i, j in candidates:
        if i not in pairs and j not in paired_b:
            pairs[i] = j
            paired_b.add(j)


def _rank(ra: Record, rb: Record, i: int, j: int) -> tuple:
    # Lower is better: agreeing password, agreeing group, nearby positions.
    return (_squeezed(ra.password) != _squeezed(rb.password), ra.group != rb.group, abs(i - j), i, j)


def _pair_by_unique_password(a, b, left_a, left_b, pairs, paired_b) -> None:
    # Stage 4: a password found on exactly one unpaired row of each side names the same viewer.
    by_a: dict[str, list[int]] = defaultdict(list)
    by_b: dict[str, list[int]] = defaultdict(list)
    for i in left_a:
        by_a[_squeezed(a[i].password)].append(i)
    for j in left_b:
        by_b[_squeezed(b[j].password)].append(j)
    for password, rows_a in by_a.items():
        rows_b = by_b.get(password)
        if password and rows_b and len(rows_a) == 1 and len(rows_b) == 1:
            pairs[rows_a[0]] = rows_b[0]
            paired_b.add(rows_b[0])


# ---------------------------------------------------------------------------------------------------
# Differences.


def _pair_differences(ra: Record, rb: Record, a_needs_label: bool, b_needs_label: bool) -> list[Difference]:
    found = []
    if ra.id != rb.id:
        found.append(Difference(ra.id, ID, ra.row, rb.row, COLUMN_ID, ra.id, rb.id,
                                changed("ユーザーID", ra.id, rb.id)))
    if ra.password != rb.password:
        found.append(Difference(ra.id, PASSWORD, ra.row, rb.row, COLUMN_PASSWORD, ra.password, rb.password,
                                changed("パスワード", ra.password, rb.password)))
    if ra.group is not None and rb.group is not None and ra.group != rb.group:
        message = _group_message(ra.group, rb.group, a_needs_label, b_needs_label)
        if message:
            found.append(Difference(ra.id, GROUP, ra.row, rb.row, COLUMN_GROUP, ra.group, rb.group, message))
    return found


def changed(field: str, x: str, y: str) -> str:
    """The message for a field whose A and B values differ, naming how they differ."""
    return f"{field}が違います（A「{_show(x)}」／B「{_show(y)}」）。違い: {'、'.join(describe(x, y))}。"


def describe(x: str, y: str) -> list[str]:
    """Name, in Japanese, what separates two differing values ("全角文字", "見間違えやすい文字" …)."""
    if _PLAIN(x) and _PLAIN(y):
        hints, nx, ny = [], x, y
    else:
        px, py = cleaning.preview(x), cleaning.preview(y)
        hints = [_HINTS[kind] for kind in _HINTS if kind in px.changes or kind in py.changes]
        nx, ny = px.new, py.new
    if nx == ny:
        return hints
    if nx.casefold() == ny.casefold():
        return [*hints, "大文字・小文字"]
    lx, ly = nx.casefold().translate(_LOOKALIKES), ny.casefold().translate(_LOOKALIKES)
    if lx == ly:
        return [*hints, "見間違えやすい文字（O と 0、l と 1 など）"]
    if one_edit_apart(lx, ly):
        return [*hints, "1文字の違い・抜け・余分、または隣り合う文字の入れ替わり"]
    return [*hints, "複数の文字の違い"]


@lru_cache(maxsize=4096)
def _label(text: str) -> str | None:
    return match_group(text).label


def _group_message(ga: str, gb: str, a_needs_label: bool, b_needs_label: bool) -> str | None:
    la, lb = _label(ga), _label(gb)
    values = f"（A「{_show(ga)}」／B「{_show(gb)}」）"
    if la is None or la != lb:
        return f"所属グループが違います{values}。"
    wrong = [side for side, g, needs in (("A", ga, a_needs_label), ("B", gb, b_needs_label))
             if needs and g != la]
    if not wrong:
        return None
    return (f"所属グループは同じ都道府県ですが、{'・'.join(wrong)}の表記がプルダウンの表記と違います{values}。"
            f"業者の登録用エクセルには「{la}」と入力してください。")


def _duplicates(records: list[Record], side: str) -> list[Difference]:
    # Every occurrence of an ID after its first, within one side.
    first: dict[str, int] = {}
    found = []
    for n, r in enumerate(records):
        if not r.id or first.setdefault(r.id, n) == n:
            continue
        earlier = records[first[r.id]].row
        message = f"ユーザーID「{_show(r.id)}」が{side}の{earlier}行目と重複しています。"
        if side == "A":
            found.append(Difference(r.id, DUPLICATE, r.row, None, COLUMN_ID, r.id, None, message))
        else:
            found.append(Difference(r.id, DUPLICATE, None, r.row, COLUMN_ID, None, r.id, message))
    return found
