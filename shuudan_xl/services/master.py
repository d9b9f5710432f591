"""Load and check the master list 視聴者リスト, and resolve every row's ID, password and video.

Resolution never changes what staff typed: a blank ID is composed from 指導区分/種別 + prefecture +
番号, a blank password is taken from another row of the same viewer or from the ledger, and only
when there is none is a new one generated. Problems are findings; nothing here writes files.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.rules import master as m
from shuudan_xl.rules.cells import cell_text
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.findings import ERROR, WARNING, Finding
from shuudan_xl.rules.layout import HEADER_SEARCH_ROWS, Layout, find_layout, header_key
from shuudan_xl.rules.login_ids import SERIAL_RE, parse_id
from shuudan_xl.rules.master import is_master_layout
from shuudan_xl.rules.prefectures import match_group
from shuudan_xl.services.books import Book
from shuudan_xl.services.check import CheckResult, Policy, check_rows

MASTER_POLICY = Policy(blank_id_ok=True, blank_password_ok=True, group_variant_severity=WARNING)


class RowValues(Mapping):
    """A row's cells by header, as read: a view of the row the reader gave (no copy per row).

    A repeated header names its last column, as a dict built in column order would.
    """

    __slots__ = ("_raw", "_at")

    def __init__(self, raw: list[object], at: dict[str, int]):
        self._raw, self._at = raw, at

    def __getitem__(self, header: str) -> object:
        index = self._at[header]
        return self._raw[index] if index < len(self._raw) else None

    def get(self, header: str, default: object = None) -> object:
        """The cell under ``header`` (``default`` when the list has no such column), as Mapping.get in one call."""
        index = self._at.get(header)
        if index is None:
            return default
        return self._raw[index] if index < len(self._raw) else None

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


class MasterRow(NamedTuple):
    """One viewer row of the list, with its columns read and normalised where possible.

    A named tuple, made in C by _read_rows (one a row of the list): a slotted dataclass's __init__ is a Python
    call.
    """

    excel_row: int
    round: int | None
    guidance: str | None
    field: str | None
    group: str | None  # canonical label
    serial: str | None  # from 番号, for composing the ID
    number: str  # 番号 as every output writes it (cleaned, see rules.master.number_text); "" when blank
    name: str
    login_id: str | None  # as typed (cleaned); None when blank
    password: str | None
    video: str | None  # typed in 指導動画, overriding the catalog
    values: Mapping[str, object]  # every column by header, as read (a RowValues view)
    number_problems: Sequence = ()  # what cleaning the typed 番号 changed or refused

    @property
    def identity(self) -> tuple:
        """Who the row is: the same institution or person has the same identity in every round."""
        if self.serial:
            return (self.field, self.serial)
        return ("名称", squeeze(self.name))


@dataclass
class MasterList:
    """The list as read: rows, where the columns are, and what the checks found."""

    path: Path
    sheet: str
    layout: Layout
    raw_rows: list[list[object]]
    rows: list[MasterRow]
    check: CheckResult
    findings: list[Finding] = field(default_factory=list)
    final_ids: dict[int, str] = field(default_factory=dict)  # typed or composed ID by Excel row
    composed: dict[int, str] = field(default_factory=dict)  # the composed ones only

    def column(self, header: str) -> int | None:
        """Return the 0-based index of a master column, or None when the list has no such column."""
        return self.layout.column(header)

    def rows_of_round(self, round_: int) -> list[MasterRow]:
        """Return the rows whose 視聴回 is ``round_``."""
        return [r for r in self.rows if r.round == round_]


def load_master(book: Book, sheet: str | None = None) -> MasterList:
    """Read the master list and check every row.

    Args:
        book: The master workbook, a file or the one open in Excel (see services.books.Book).
        sheet: The list sheet; by default 視聴者リスト.

    Raises:
        InputUnreadable: when the file, the sheet or a required column is missing.
    """
    name = sheet or m.LIST_SHEET
    rows = book.rows(name)
    return master_from_rows(book.path, name, rows, find_layout(rows), book)


def master_from_rows(path: Path, name: str, rows: list[list[object]], layout: Layout | None,
                     book=None) -> MasterList:
    """Check the rows of a list sheet already read (see load_master).

    Args:
        path: The workbook's path (for the result).
        name: The list sheet.
        rows: Its rows as read.
        layout: Where its header and columns are.
        book: The book the rows come from: its formula cells and its 動画一覧 (the default catalog without one).

    Raises:
        InputUnreadable: when a required column is missing.
    """
    from shuudan_xl.services.catalog import load_catalog
    from shuudan_xl.services.master_inputs import input_findings

    _require_master_layout(name, layout)
    check = check_rows(str(path), name, rows, layout, MASTER_POLICY)
    master = MasterList(Path(path), name, layout, rows, [], check)
    master.rows = _read_rows(rows, layout)
    master.composed = composed_ids(master)
    master.final_ids = {r.excel_row: r.login_id for r in master.rows if r.login_id}
    master.final_ids.update(master.composed)
    inputs, flagged = input_findings(master, book, load_catalog(book)[0])
    repeated = repeated_ids(master.final_ids)
    master.findings = (list(check.findings) + inputs + _row_findings(master, flagged)
                       + collision_findings(master, master.final_ids, repeated)
                       + composed_duplicate_findings(master, repeated))
    master.findings.sort(key=lambda f: (f.row, _column_order(master.layout, f.column)))
    return master


def logins_differing(book: Book, expected: Iterable[tuple[int, str, str, str]], sheet: str | None = None,
                     layout: Layout | None = None) -> list[int]:
    """The Excel rows whose ID, password and group, normalised as ``load_master`` reads them, are not as expected.

    What a write of the list is checked with: the sheet and ``expected`` are walked side by side, so
    neither is held whole. A cell holding exactly the expected text needs no normalising; any other is
    normalised as ``load_master`` would before it is compared. Rows not expected are not looked at; an expected
    row the sheet does not have counts as differing.

    Args:
        book: The list as written.
        expected: (Excel row, ID, password, group label), in ascending row order, each row once.
        sheet: The list's sheet (default 視聴者リスト).
        layout: Where the list's header and columns were when it was read before the write. With it, a book
            that can read a few columns alone (files.column_readback) reads only these three: the same
            values, without holding every column of the sheet.

    Raises:
        ValueError: when ``expected`` is not in ascending row order (a caller's mistake).
    """
    differing: list[int] = []
    want = iter(expected)
    item = next(want, None)
    for cells in _login_cells(book, sheet, layout):
        if cells == item:  # the usual row: the expected texts exactly (a group label normalises to itself)
            number = item[0]
            item = next(want, None)
            if item is not None and item[0] <= number:
                raise ValueError(f"rows out of order: {item[0]} after {number}")
            continue
        number, login, password, group = cells
        while item is not None and item[0] < number:  # expected rows the sheet has no data in
            differing.append(item[0])
            item = _next_in_order(want, item[0])
        if item is None:
            break
        if item[0] != number:
            continue
        if (login, password) != item[1:3] and (_clean_text(login), _clean_text(password)) != item[1:3]:
            differing.append(number)
        elif _repeated(m.GROUP, group) != item[3]:
            differing.append(number)
        item = _next_in_order(want, number)
    while item is not None:
        differing.append(item[0])
        item = _next_in_order(want, item[0])
    return differing


def _next_in_order(items: Iterator[tuple], last: int) -> tuple | None:
    item = next(items, None)
    if item is not None and item[0] <= last:
        raise ValueError(f"rows out of order: {item[0]} after {last}")
    return item


def _login_cells(book: Book, sheet: str | None, layout: Layout | None = None
                 ) -> Iterator[tuple[int, object, object, object]]:
    # (Excel row, ユーザーID, パスワード, 都道府県) of each filled row below the header, as stored. A book that
    # can read the three columns alone does, when the layout is known and its header is still there; one
    # that can stream its rows (files.reader) does that: the list is never held whole.
    name = sheet or m.LIST_SHEET
    if layout is not None and hasattr(book, "column_rows"):
        columns = _login_columns(layout)
        wanted = [c for c in columns if c is not None]
        narrowed = book.column_rows(name, wanted)
        if narrowed is not None and (yield from _narrowed_login_cells(narrowed, layout, columns, wanted)):
            return
    rows = book.iter_rows(name) if hasattr(book, "iter_rows") else iter(book.rows(name))
    head = list(itertools.islice(rows, HEADER_SEARCH_ROWS))
    layout = find_layout(head)
    _require_master_layout(name, layout)
    columns = _login_columns(layout)
    for number, raw in enumerate(itertools.chain(head[layout.header_row:], rows), start=layout.header_row + 1):
        if _is_filled(raw):
            yield (number, *(raw[i] if i is not None and i < len(raw) else None for i in columns))


_LOGIN_HEADERS = (m.LOGIN_ID, m.PASSWORD, m.GROUP)


def _login_columns(layout: Layout) -> list[int | None]:
    # The ID, password and group columns; a repeated header names its last column, as in _read_row.
    at = {h: i for i, h in enumerate(layout.headers) if h}
    return [at.get(h) for h in _LOGIN_HEADERS]


def _narrowed_login_cells(narrowed: Iterator[tuple[int, tuple]], layout: Layout, columns: list[int | None],
                          wanted: list[int]) -> Iterator[tuple[int, object, object, object]]:
    # _login_cells' rows from the columns read alone (files.column_readback), in ``wanted``'s order. Returns
    # False, having yielded nothing, when the first filled row from the header's on is not the header as
    # the layout has it (then the sheet is read whole); True once every row is yielded.
    places = [wanted.index(c) if c is not None else None for c in columns]
    headers = [h if c is not None else "" for h, c in zip(_LOGIN_HEADERS, columns, strict=True)]

    def cells(values: tuple) -> tuple:
        return tuple(values[p] if p is not None else None for p in places)

    pick = operator.itemgetter(*places) if None not in places else cells  # three places: a tuple
    for number, values in narrowed:
        if number < layout.header_row:
            continue
        if number != layout.header_row or [header_key(v) for v in pick(values)] != headers:
            return False
        break
    else:
        return False
    for number, values in narrowed:
        yield (number, *pick(values))
    return True


def _require_master_layout(name: str, layout: Layout | None) -> None:
    if not is_master_layout(layout):
        missing = [h for h in m.REQUIRED if layout is None or layout.column(h) is None]
        raise InputUnreadable(
            f"シート「{name}」に必要な見出し{'・'.join(f'「{h}」' for h in missing)}が見つかりません"
            "（見出しは先頭20行のどこかの1行に並べてください）。")


def _clean_text(value: object) -> str | None:
    # A text cell squeezed (see rules.cleaning); None when blank or not stored as text.
    text, problems = cell_text(value)
    return squeeze(text) if text is not None and not problems else None


def _group_label(value: object) -> str | None:
    # The canonical group label a 都道府県 cell names, or None.
    text, _ = cell_text(value)
    return match_group(text).label if text else None


def _column_order(layout: Layout, header: str) -> int:
    index = layout.column(header)
    return len(layout.headers) if index is None else index


_READ = (m.ROUND, m.GUIDANCE, m.FIELD, m.GROUP, m.NUMBER, m.NAME, m.VIDEO, m.LOGIN_ID, m.PASSWORD)


def _reader(read: tuple[int, ...]):
    # The cells of _READ's columns of a row (None where the list has no such column or the row is short):
    # one C-level pick for a row that has them all.
    pick = operator.itemgetter(*read) if min(read) >= 0 else None
    last = max(read)

    def cells(raw: list[object]) -> tuple:
        if pick is not None and len(raw) > last:
            return pick(raw)
        width = len(raw)
        return tuple(raw[i] if 0 <= i < width else None for i in read)

    return cells


def _is_filled(raw: list[object]) -> bool:
    # A row holding anything but "" and None. A truthy cell is neither: any() finds it in C, and only a row
    # without one (blank, or zeros and FALSE) is looked at cell by cell.
    return any(raw) or any(v not in _BLANK for v in raw)


_BLANK = ("", None)
_NEW = tuple.__new__  # what MasterRow(…) calls, without its Python frame


def _read_rows(rows: list[list[object]], layout: Layout) -> list[MasterRow]:
    # The filled rows below the header, each normalised; problems are reported separately by
    # _row_findings. The usual cells (a clean 番号, a blank or plain ID and password) are read here without
    # the calls their rules make for any other value (the same results: check_number, serial_of, _typed_text).
    at = {h: i for i, h in enumerate(layout.headers) if h}  # a repeated header: its last column
    read = tuple(at.get(h, -1) for h in _READ)
    cells = _reader(read)
    # A row as long as the list's widest column read: its cells picked in C, without _reader's call.
    pick, last = operator.itemgetter(*read) if min(read) >= 0 else cells, max(read)
    serial_shape = SERIAL_RE.fullmatch
    out: list[MasterRow] = []
    add = out.append
    for excel_row in range(layout.header_row + 1, len(rows) + 1):
        raw = rows[excel_row - 1]
        if not any(raw) and not _is_filled(raw):  # (any: _is_filled's usual answer, without its call)
            continue
        round_, guidance, field_, group, number, name, video, login_id, password = (
            pick(raw) if len(raw) > last else cells(raw))
        if number.__class__ is str and number.isascii() and number.isalnum():  # check_number's common case
            number_text, number_problems = number, ()
            serial = number if serial_shape(number) else None
        else:
            number_text, number_problems, serial = _number(number)
        # cell_text's text, without the call for the usual text cell (an Excel error value starts with "#").
        name = name if name.__class__ is str and name[:1] != "#" else cell_text(name)[0]
        # A typed video name reaches the vendor exactly as typed: services.master_inputs requires it to be a
        # catalog name (not squeezed: NFKC would turn the full-width brackets of 指定時集団指導（医科） half-width).
        video = video if video.__class__ is str and video[:1] != "#" else cell_text(video)[0]
        if not (login_id.__class__ is str and login_id.isascii() and login_id.isalnum()):
            login_id = None if login_id in _BLANK else _typed_text(login_id)
        if not (password.__class__ is str and password.isascii() and password.isalnum()):
            password = None if password in _BLANK else _typed_text(password)
        add(_NEW(MasterRow, (
            excel_row, _round_number(round_), _repeated(m.GUIDANCE, guidance), _repeated(m.FIELD, field_),
            _repeated(m.GROUP, group), serial, number_text, (name or "").strip(), login_id, password, video or None,
            RowValues(raw, at), number_problems)))
    return out


def _number(number: object) -> tuple[str, Sequence, str | None]:
    # (番号 as written, what cleaning it changed or refused, the ID's serial or None) of any 番号 cell.
    number_text, number_problems = m.check_number(number)
    serial = (m.serial_of(number_text)[0] if isinstance(number, str) and number_text
              and not (number_problems and any(p.is_error for p in number_problems)) else None)
    return number_text, (number_problems or ()) if isinstance(number, str) else (), serial


def _typed_text(value: object) -> str | None:
    # An ID or password cell squeezed (_clean_text); None when blank. The usual ASCII letters and digits as
    # they are (squeezing changes nothing there).
    if type(value) is str and value.isascii() and value.isalnum():
        return value
    return None if value in ("", None) else _clean_text(value)


# 視聴回 repeats down the list: each distinct cell is read once (typed: the cell 1 is not 1.0 or True).
_round_number = functools.lru_cache(maxsize=256, typed=True)(m.round_number)


@functools.lru_cache(maxsize=1024, typed=True)  # typed: the cell 1 (int) is not the cell 1.0 or True
def _repeated(header: str, value: object) -> str | None:
    # The normalised 指導区分, 種別 or group label of a cell value (pure functions of the value).
    if header == m.GROUP:
        return _group_label(value)
    text = _clean_text(value) or ""
    return m.guidance_type(text) if header == m.GUIDANCE else m.field_type(text)


def _row_findings(master: MasterList, flagged: set[tuple[int, str]]) -> list[Finding]:
    # Master-only rules: 視聴回, 指導区分, 種別, 番号, 名称, and the ID's letter against 区分/種別 (not again for
    # a cell already reported as an error value or a formula).
    out: list[Finding] = []
    for row in master.rows:
        if (row.round is not None and row.guidance is not None and row.field is not None and row.name
                and row.serial is not None and not row.number_problems and row.login_id is None):
            continue  # the usual new row: nothing below applies (a serial is a clean 番号 typed as text)

        def add(header: str, severity: str, code: str, message: str, suggestion: str | None = None,
                row: MasterRow = row) -> None:
            if (row.excel_row, header) not in flagged:
                out.append(Finding(master.sheet, row.excel_row, header, severity, code, message,
                                   row.values.get(header), suggestion))

        if row.round is None:
            add(m.ROUND, ERROR, "master.round",
                "視聴回は 1〜9 の数字で入力してください（例: 1、第1回）。どの回の行か分からないため、"
                "直すまではどの回の業者提出ファイル作成・ID作成もできません。")
        if row.guidance is None:
            add(m.GUIDANCE, ERROR, "master.guidance",
                "指導区分は「オンライン資格確認」「指定時」「更新時」「登録時」のいずれかにしてください。")
        if row.field is None:
            add(m.FIELD, ERROR, "master.field", "種別は「医科」「歯科」「薬局」のいずれかにしてください。")
        if not row.name:
            add(m.NAME, ERROR, "master.name", "名称が空欄です（実施通知の宛名になります）。")
        number_problems = row.number_problems
        for problem in number_problems:
            add(m.NUMBER, problem.severity, problem.code, problem.message, problem.suggestion)
        if row.login_id is None:
            number = row.values.get(m.NUMBER)
            if isinstance(number, (int, float)) and not isinstance(number, bool):
                add(m.NUMBER, ERROR, "master.number_numeric",
                    "番号が数値として保存されているため、先頭の0が消えている可能性があります。"
                    "セルの書式を「文字列」にして入力し直してください。")
            elif not isinstance(number, str) or not number.strip():
                add(m.NUMBER, ERROR, "master.number_empty",
                    "ユーザーIDが空欄のときは、IDを作るために番号（医療機関コード・保険医登録番号など）が必要です。")
            elif row.serial is None and not any(p.is_error for p in number_problems):
                for problem in m.serial_of(row.number)[1]:
                    add(m.NUMBER, problem.severity, problem.code, problem.message)
        elif row.guidance and row.field:
            expected = m.kind_letter(row.guidance, row.field)
            # A valid ID's kind is its first letter: only an ID starting otherwise needs parsing.
            parsed = parse_id(row.login_id) if row.login_id[:1] != expected else None
            if parsed and parsed.kind != expected:
                add(m.LOGIN_ID, ERROR, "master.id_kind",
                    f"ユーザーIDの記号「{parsed.kind}」が指導区分「{row.guidance}」・種別「{row.field}」"
                    f"（記号「{expected}」）と合いません。",
                    expected + row.login_id[1:])
    return out


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
