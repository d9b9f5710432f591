"""Check a registration table: every ID, password and group cell, and every row against the others.

Clean rows take a fast path (one pre-compiled pattern per column), so a 100,000-row sheet is checked
in a fraction of the time it takes to read it; only suspicious cells get the full explanation.
"""

from __future__ import annotations

import functools
import operator
import re
from typing import NamedTuple

from shuudan_xl.rules import cells, login_ids, passwords
from shuudan_xl.rules.findings import ERROR, Finding, Problem, SeverityCounts
from shuudan_xl.rules.layout import Layout
from shuudan_xl.rules.prefectures import GROUP_LABEL_SET, match_group
from shuudan_xl.services.check_cross import CODE_OF_LABEL, NO_CODE, cross_check, positions
from shuudan_xl.services.formula_cells import formula_findings


class _CleanText:
    # A pattern of cells that need no closer look, usable per cell and over a newline-joined column.
    def __init__(self, pattern: str, *parts: str):
        # ``parts``: patterns a clean cell matches every one of, as ``pattern`` says at once; over a column, a
        # few simple scans cost less than one with them all (the password's: its characters and length, then
        # the runs of letters and digits).
        self.pattern, self.parts = pattern, parts or (pattern,)

    @functools.cached_property
    def runs(self) -> list:
        # Clean lines one after another ("$" in a pattern ends a line), one scan per part: each match stops
        # where the first line that is not clean starts, an empty one too. Possessive, so that a long run keeps
        # no backtracking state. Compiled when first used, as the others below.
        return [re.compile(rf"(?:(?:{part})\n)*+", re.ASCII | re.MULTILINE).match for part in self.parts]

    @functools.cached_property
    def runs_past_empty(self) -> list:
        # As ``runs``, but passing over empty lines: for a column of many empty cells (a master list's blank IDs
        # and passwords would stop a scan at every row), which are found apart, in C.
        return [re.compile(rf"(?:(?:{part})?\n)*+", re.ASCII | re.MULTILINE).match for part in self.parts]

    @functools.cached_property
    def fullmatch(self):
        # Per cell, for a column that is not all one-line text (most lists never need it).
        return re.compile(self.pattern, re.ASCII).fullmatch


# An ID with a digits-only serial; a password that check_password would pass without a word.
_CLEAN_ID = _CleanText(rf"[snrmdp]{login_ids.PREFECTURE_CODE}[0-9]{{{login_ids.MIN_SERIAL},{login_ids.MAX_SERIAL}}}")
_CLEAN_PASSWORD = _CleanText(passwords.CLEAN_PATTERN, *passwords.CLEAN_PARTS)


class Policy(NamedTuple):
    """What a table may contain, which differs between the vendor sheet and the master list."""

    blank_id_ok: bool = False
    blank_password_ok: bool = False
    group_variant_severity: str = ERROR


VENDOR_POLICY = Policy()


class CheckResult(SeverityCounts):
    """The outcome of checking one sheet: its file, sheet, data rows checked (blank rows not counted) and findings."""

    # A plain class, as the rules' records are named tuples: dataclasses would load inspect and its imports
    # (about 5 ms of every command's start).
    def __init__(self, file: str, sheet: str, rows_checked: int, findings: list[Finding] | None = None):
        self.file, self.sheet, self.rows_checked = file, sheet, rows_checked
        self.findings: list[Finding] = [] if findings is None else findings

    def __repr__(self) -> str:
        return (f"CheckResult(file={self.file!r}, sheet={self.sheet!r}, rows_checked={self.rows_checked!r}, "
                f"findings={self.findings!r})")

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, CheckResult)
                and (self.file, self.sheet, self.rows_checked, self.findings)
                == (other.file, other.sheet, other.rows_checked, other.findings))

    __hash__ = None  # mutable, as the dataclass it was

    def as_dict(self) -> dict:
        """Return the JSON object documented for ``check --json``."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "rows_checked": self.rows_checked,
            "errors": self.errors,
            "warnings": self.warnings,
            "findings": [f.as_dict() for f in self.findings],
        }


def check_sheet(book, name: str, rows: list[list[object]], layout: Layout) -> CheckResult:
    """Check a vendor-style sheet already read from ``book`` (an error when the book has several sheets)."""
    result = check_rows(str(book.path), name, rows, layout)
    columns = [c for c in (layout.id_col, layout.password_col, layout.group_col) if c is not None]
    formulas = formula_findings(book, name, rows, layout, columns)
    if formulas:
        result.findings = sorted(result.findings + formulas, key=lambda f: f.row)
    gc = layout.group_col
    if gc is not None and not layout.is_vendor:  # 手順 3(2)③: the vendor's form heads the group column 氏名
        from shuudan_xl.files.cell_refs import column_letter

        typed = rows[layout.header_row - 1][gc]
        result.findings.insert(0, Finding(
            name, layout.header_row, layout.header(gc), ERROR, "header.group_name",
            f"{column_letter(gc)}列の見出しが「{typed}」です。業者の登録用エクセルでは、所属グループの列の見出しは「氏名」です"
            "（見出しは「氏名」ですが所属グループのことです）。見出しを「氏名」に直してください"
            "（値は所属グループ「北海道01」〜「沖縄47」のままです）。", typed, "氏名"))
    if (layout.is_vendor or gc is not None) and len(book.sheet_names) > 1:  # 手順 3(5): one book, one sheet
        result.findings.insert(0, Finding(
            name, layout.header_row, "", ERROR, "workbook.sheets",
            f"ブックにシートが{len(book.sheet_names)}枚あります。業者へはシート1枚にまとめて提出してください。",
            None, None))
    return result


def check_rows(file: str, sheet: str, rows: list[list[object]], layout: Layout,
               policy: Policy = VENDOR_POLICY) -> CheckResult:
    """Check every data row below the header and the rows against each other.

    Args:
        file: File name for the result.
        sheet: Sheet name for the findings.
        rows: All rows of the sheet (header included).
        layout: Where the header and the columns are.
        policy: What the table may contain.

    Returns:
        All findings, sorted by row and column.
    """
    findings: list[Finding] = []
    ic, pc, gc = layout.id_col, layout.password_col, layout.group_col
    id_header, pw_header = layout.header(ic), layout.header(pc)
    group_header = layout.header(gc) if gc is not None else ""
    if layout.is_vendor and not layout.vendor_order_ok:
        findings.append(Finding(
            sheet, layout.header_row, group_header, ERROR, "header.order",
            "業者の登録用エクセルは A列「ユーザーID」・B列「パスワード」・C列「氏名」の順にしてください。",
            None, None))
    first = layout.header_row  # index of the first data row in ``rows``
    data = rows[first:]
    ids, pws = column(data, ic), column(data, pc)
    groups = column(data, gc) if gc is not None else [_BLANK_GROUP] * len(ids)
    # The cells that need the full rules; a clean cell of the same row passes them without a word (a clean
    # password is looked at again only when it equals the row's ID, which the rules warn about).
    # Each row's group as a prefecture code, looked up once: what is no label is flagged, and the codes are
    # what the IDs are compared with (kept in step with the cleaned groups below).
    bad_ids, bad_pws = set(_suspicious(ids, _CLEAN_ID)), set(_suspicious(pws, _CLEAN_PASSWORD))
    codes = list(map(CODE_OF_LABEL.__getitem__, groups)) if gc is not None else [NO_CODE] * len(ids)
    bad_groups = set(positions(codes, NO_CODE)) if gc is not None else set()
    blank = []
    # A row whose only doubt is an empty ID or password the policy allows has nothing to report, and its
    # cleaned cells are the "" they hold (a master list's new rows): only the others are looked at. A blank
    # row is still looked at (its group is blank too, which is no label), to be counted out.
    doubtful = bad_groups.union(bad_ids.difference(_quiet(ids, policy.blank_id_ok and gc is not None)),
                                bad_pws.difference(_quiet(pws, policy.blank_password_ok and gc is not None)))
    # The columns become the ones compared across rows, cleaned where the rules look: text, "" where there is
    # none. The cells as typed stay in ``typed`` for the findings (no copy of every column).
    typed: dict[int, tuple[object, object, object]] = {}
    for i in sorted(doubtful):
        typed[i] = ids[i], pws[i], groups[i]
        if ids[i] in _EMPTY and pws[i] in _EMPTY and groups[i] in _EMPTY:
            blank.append(i)
            ids[i] = pws[i] = groups[i] = ""
            codes[i] = NO_CODE
            continue
        place = _Placer(findings, sheet, first + 1 + i)
        cid = (_check_cell(place, id_header, ids[i], policy.blank_id_ok, login_ids.check_id)
               if i in bad_ids else ids[i])
        cpw = (_check_cell(place, pw_header, pws[i], policy.blank_password_ok,
                           lambda text, cid=cid: passwords.check_password(text, cid))
               if i in bad_pws or pws[i] == cid else pws[i])
        group = groups[i]
        if i in bad_groups:
            group = _check_group(place, group_header, group, policy)
            codes[i] = CODE_OF_LABEL[group or ""]
        ids[i], pws[i], groups[i] = cid or "", cpw or "", group or ""
    rounds = column(data, layout.round_col) if layout.round_col is not None else None
    raw = tuple(_AsTyped(cleaned, typed, k) for k, cleaned in enumerate((ids, pws, groups)))
    cross_check(findings, sheet, first, layout, raw, (ids, pws, groups), codes, rounds)
    order = {id_header: 0, pw_header: 1, group_header: 2}
    findings.sort(key=lambda f: (f.row, order.get(f.column, 3)))
    return CheckResult(file, sheet, len(ids) - len(blank), findings)


_EMPTY = ("", None)
_BLANK_GROUP = ""


def column(data: list[list[object]], col: int) -> list[object]:
    """One column of the data rows, picked in C; a row shorter than the column gives None there."""
    try:
        return list(map(operator.itemgetter(col), data))
    except IndexError:
        return [row[col] if col < len(row) else None for row in data]


class _AsTyped:
    # A column cleaned in place, read as typed: the cells cleaning looked at from ``typed`` (row index → the
    # row's ID, password and group as typed), the others from the column itself (cleaning left them as typed).
    __slots__ = ("cleaned", "typed", "k")

    def __init__(self, cleaned: list[object], typed: dict[int, tuple[object, object, object]], k: int):
        self.cleaned, self.typed, self.k = cleaned, typed, k

    def __getitem__(self, i: int) -> object:
        row = self.typed.get(i)
        return self.cleaned[i] if row is None else row[self.k]


def _suspicious(values: list[object], clean: _CleanText) -> list[int]:
    # Indexes of values that are not clean text. When every value is one line of text, the column is
    # scanned as one string by the regex engine, which is several times faster than a call per cell:
    # one match runs over the clean lines and stops at the next line that is not clean.
    try:
        joined = "\n".join(values) + "\n"
    except TypeError:  # a value that is not text
        joined = ""
    if joined.count("\n") == len(values) > 0:  # no value holds a line break itself
        found: set[int] = set()
        past_empty = False
        for part in range(len(clean.parts)):
            stops, went_past = _stops(joined, clean, part)
            found.update(stops)
            past_empty = past_empty or went_past
        if not past_empty:
            return sorted(found)
        # Every empty cell, found apart (no empty one is clean): those a scan stopped at are among them.
        return sorted([i for i in found if values[i] != ""] + _empty(values))
    return [i for i, v in enumerate(values) if type(v) is not str or not clean.fullmatch(v)]


def _stops(joined: str, clean: _CleanText, part: int) -> tuple[list[int], bool]:
    # The lines at which one part's scan stops: every line that is not clean, an empty one too; and whether,
    # after _MANY_STOPS stops, it went on past empty lines (a master list's blank IDs and passwords would
    # stop it at every row), which the caller then finds apart, in C.
    found, line, pos, end = [], 0, 0, len(joined)
    run = clean.runs[part]
    while (stop := run(joined, pos).end()) < end:
        line += joined.count("\n", pos, stop)
        found.append(line)
        pos, line = joined.index("\n", stop) + 1, line + 1
        if len(found) == _MANY_STOPS:
            run = clean.runs_past_empty[part]
    return found, run is not clean.runs[part]


_MANY_STOPS = 4096  # stops of a scan that are many (at most a few milliseconds of a scan's Python loop)


def _empty(values: list[object]) -> list[int]:
    # Indexes of the values that are "" (compared in C).
    return positions(values, "")


def _quiet(values: list[object], blank_ok: bool) -> list[int]:
    # The cells of a column that need no closer look though the scan flagged them: the empty ones, when the
    # policy allows a blank (_check_cell would report nothing and clean them to "", as they are).
    return _empty(values) if blank_ok else []


class _Placer:
    # Collects problems of one row as findings.
    __slots__ = ("findings", "sheet", "row")

    def __init__(self, findings: list[Finding], sheet: str, row: int):
        self.findings, self.sheet, self.row = findings, sheet, row

    def add(self, column: str, value: object, problems: list[Problem]) -> None:
        for problem in problems:
            self.findings.append(Finding.at(self.sheet, self.row, column, value, problem))


def _check_cell(place: _Placer, header: str, value: object, blank_ok: bool, rule) -> str | None:
    # Report how the cell is stored; apply the field rule to the cleaned text of real text cells
    # only (the rule's verdict on a number Excel has already reshaped would just repeat the point).
    text, problems = cells.cell_text(value)
    if problems:
        if not (blank_ok and problems == [cells.EMPTY]):
            place.add(header, value, problems)
        return text
    if text.isascii() and text.isalnum():  # the usual ID or password: nothing to clean, nothing formula-like
        cleaned, dirt = text, []
    else:
        cleaned, dirt = cells.text_problems(text)
    place.add(header, value, dirt + rule(cleaned))
    return cleaned


def _check_group(place: _Placer, header: str, value: object, policy: Policy) -> str | None:
    # A group must be one of the 47 dropdown labels; variants get the label as suggestion.
    text, problems = cells.cell_text(value)
    if text is None:
        place.add(header, value, problems)
        return None
    if problems:  # a number such as 47: report the storage, then suggest the label
        match = match_group(text)
        place.add(header, value, [Problem(p.code, p.severity, p.message, match.label) for p in problems])
        return match.label
    if text in GROUP_LABEL_SET:
        return text
    match = match_group(text)
    if match.label is not None:
        message = (f"所属グループは一覧の表記「{match.label}」にしてください（入力: 「{text}」）。"
                   if policy.group_variant_severity == ERROR else
                   f"「{text}」を所属グループ「{match.label}」として扱います（一覧の表記にそろえると確実です）。")
        place.add(header, value, [Problem("group.variant", policy.group_variant_severity, message, match.label)])
    elif match.conflict:
        place.add(header, value, [Problem(
            "group.conflict", ERROR, f"「{text}」は都道府県名とコードが食い違っています。")])
    else:
        place.add(header, value, [Problem(
            "group.unknown", ERROR,
            f"「{text}」は所属グループ（「北海道01」〜「沖縄47」）のどれにも当たりません。")])
    return match.label
