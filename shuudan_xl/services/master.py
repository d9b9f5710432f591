"""Load and check the master list 視聴者リスト, and resolve every row's ID, password and video.

Resolution never changes what staff typed: a blank ID is composed from 指導区分/種別 + prefecture +
番号, a blank password is taken from another row of the same viewer or from the ledger, and only
when there is none is a new one generated. Problems are findings; nothing here writes files.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.rules import master as m
from shuudan_xl.rules.cells import cell_text
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.findings import ERROR, WARNING, Finding
from shuudan_xl.rules.layout import Layout, find_layout
from shuudan_xl.rules.login_ids import MAX_SERIAL, MIN_SERIAL, parse_id
from shuudan_xl.rules.master import is_master_layout
from shuudan_xl.rules.prefectures import match_group
from shuudan_xl.services.books import Book
from shuudan_xl.services.check import CheckResult, Policy, check_rows
from shuudan_xl.services.master_ids import collision_findings, composed_duplicate_findings, composed_ids, repeated_ids

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


def _short_reader(read: tuple[int, ...]):
    # The cells of _READ's columns of a row that does not have them all (None where the list has no such
    # column or the row is short); _read_rows picks them in C from any other row.
    def cells(raw: list[object]) -> tuple:
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
    at = layout.last_columns()
    read = tuple(at.get(h, -1) for h in _READ)
    cells = _short_reader(read)
    # A row as long as the list's widest column read: its cells picked in C (when the list has every column).
    pick, last = operator.itemgetter(*read) if min(read) >= 0 else cells, max(read)
    # 視聴回, 指導区分, 種別 and 都道府県 repeat down the list: each combination is read once. The key holds the
    # 視聴回 cell's type (the cell 1 is not 1.0 or True, which a dict would take for one another, as the typed
    # caches _round_number and _repeated do not), and only texts in the other three cells are kept.
    kinds_of: dict[tuple, tuple] = {}
    known = kinds_of.get
    out: list[MasterRow] = []
    add = out.append
    for excel_row in range(layout.header_row + 1, len(rows) + 1):
        raw = rows[excel_row - 1]
        if not any(raw) and not _is_filled(raw):  # (any: _is_filled's usual answer, without its call)
            continue
        round_, guidance, field_, group, number, name, video, login_id, password = (
            pick(raw) if len(raw) > last else cells(raw))
        kinds = known((round_.__class__, round_, guidance, field_, group))
        if kinds is None:
            kinds = _kinds(kinds_of, round_, guidance, field_, group)
        if number.__class__ is str and number.isascii() and number.isalnum():  # check_number's common case
            number_text, number_problems = number, ()
            # SERIAL_RE's match, for ASCII letters and digits: a matter of length.
            serial = number if MIN_SERIAL <= len(number) <= MAX_SERIAL else None
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
            excel_row, *kinds, serial, number_text, (name or "").strip(), login_id, password, video or None,
            RowValues(raw, at), number_problems)))
    return out


def _kinds(kinds_of: dict[tuple, tuple], round_: object, guidance: object, field_: object, group: object) -> tuple:
    # (視聴回, 指導区分, 種別, group label) of a row's cells, kept in ``kinds_of`` (see _read_rows) for a 視聴回
    # of any type and texts in the other three (a bounded number of them: a list of a new text per row only
    # reads each as it comes).
    kinds = (_round_number(round_), _repeated(m.GUIDANCE, guidance), _repeated(m.FIELD, field_),
             _repeated(m.GROUP, group))
    if guidance.__class__ is field_.__class__ is group.__class__ is str and len(kinds_of) < _KINDS_KEPT:
        kinds_of[round_.__class__, round_, guidance, field_, group] = kinds
    return kinds


_KINDS_KEPT = 4096


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


# The ID's first letter for each 指導区分 and 種別 a row can have once read (rules.master.kind_letter).
_KIND_LETTERS = {(g, f): m.kind_letter(g, f) for g in m.GUIDANCE_TYPES for f in m.FIELDS}


def _row_findings(master: MasterList, flagged: set[tuple[int, str]], skip_usual: bool = True) -> list[Finding]:
    # Master-only rules: 視聴回, 指導区分, 種別, 番号, 名称, and the ID's letter against 区分/種別 (not again for
    # a cell already reported as an error value or a formula). ``skip_usual``: the usual new or exported row,
    # which none of them concerns, is passed over without a look (False walks every row: the same findings).
    out: list[Finding] = []
    letters = _KIND_LETTERS
    for row in master.rows:
        if (skip_usual and row.round is not None and row.guidance is not None and row.field is not None and row.name
                and not row.number_problems):
            login_id = row.login_id
            if login_id is None:
                if row.serial is not None:
                    continue  # the usual new row: nothing below applies (a serial is a clean 番号 typed as text)
            elif login_id[:1] == letters.get((row.guidance, row.field)):
                continue  # the usual exported row: an ID whose letter is its kind's (nothing below applies)

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
