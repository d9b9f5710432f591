"""Marks on a sheet: a cell coloured red (error) or yellow (warning) and a note explaining why.

A check run from the workbook shows its findings where they are, and takes off the marks of its
previous run. Each mark is a fill plus a note whose first line starts with the check's prefix
(【入力チェック】, 【ダブルチェック】): that prefix is how a later run finds its own marks, and only
those. Notes staff wrote themselves are never deleted: when a cell to mark already has one, the
explanation goes above it, and taking the mark off restores the staff's text.

``plan_marks`` is pure; ``mark_list`` and ``mark_doublecheck`` read the open book and plan the marks of
the two checks. Applying the marks is the Excel layer's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from shuudan_xl.errors import Refused
from shuudan_xl.files.report import ERROR_FILL, WARNING_FILL
from shuudan_xl.rules.doublecheck import COLUMN_GROUP, COLUMN_ID, COLUMN_PASSWORD, DUPLICATE, Difference
from shuudan_xl.rules.findings import ERROR, SEVERITY_LABELS, WARNING, Finding, SeverityCounts
from shuudan_xl.rules.layout import Layout
from shuudan_xl.rules.master import LIST_SHEET
from shuudan_xl.rules.sheets import DOUBLECHECK_SHEET
from shuudan_xl.services.books import Book

if TYPE_CHECKING:
    from shuudan_xl.services.session import RoundSession

CHECK = "【入力チェック】"
DOUBLECHECK = "【ダブルチェック】"
STAFF_NOTE = "――― 元のメモ ―――"  # separates a mark's explanation from the note staff had written
MAX_LISTED = 10

Cell = tuple[int, int]  # (1-based Excel row, 0-based column)


@dataclass(frozen=True, slots=True)
class CellMark:
    """What to do to one cell.

    Attributes:
        row: 1-based Excel row.
        col: 0-based column.
        fill: Fill colour "#RRGGBB", or None for no fill.
        note: The cell's note text afterwards; None for no note.
        had_note: The cell has a note now, so it is changed or deleted rather than added.
        change_note: False when the note must stay as it is (its text could not be read).
    """

    row: int
    col: int
    fill: str | None
    note: str | None
    had_note: bool = False
    change_note: bool = True

    @property
    def is_removal(self) -> bool:
        """True when this takes a previous mark off (no new mark on the cell)."""
        return self.fill is None


def plan_marks(findings: list[Finding], layout: Layout, notes: Mapping[Cell, str | None], prefix: str,
               heading: str | None = None) -> list[CellMark]:
    """Turn findings into marks, and take off the previous marks with the same prefix.

    Args:
        findings: Findings on one sheet; each marks the cell of its row and column (column A when the
            column is not in the layout).
        layout: Where the sheet's columns are.
        notes: The sheet's notes now, by cell; the text is None when it could not be read.
        prefix: Starts the first line of every note this check writes (CHECK, DOUBLECHECK).
        heading: The notes' first line (default: the prefix alone); must start with the prefix.

    Returns:
        One instruction per cell, in row then column order.
    """
    heading = heading or prefix
    by_cell: dict[Cell, list[Finding]] = {}
    for f in findings:
        col = layout.column(f.column) if f.column else None
        by_cell.setdefault((f.row, 0 if col is None else col), []).append(f)
    marks = []
    for cell, found in by_cell.items():
        fill = ERROR_FILL if any(f.severity == ERROR for f in found) else WARNING_FILL
        body = "\n".join([heading, *(_entry(f) for f in found)])
        if cell not in notes:
            marks.append(CellMark(*cell, fill, body))
            continue
        text = notes[cell]
        if text is None:
            marks.append(CellMark(*cell, fill, None, had_note=True, change_note=False))
            continue
        staff = staff_text(text, prefix)
        marks.append(CellMark(*cell, fill, f"{body}\n{STAFF_NOTE}\n{staff}" if staff else body, had_note=True))
    for cell, text in notes.items():
        if cell not in by_cell and text is not None and text.startswith(prefix):
            marks.append(CellMark(*cell, None, staff_text(text, prefix) or None, had_note=True))
    marks.sort(key=lambda mark: (mark.row, mark.col))
    return marks


def staff_text(note: str, prefix: str) -> str:
    """The part of a note that staff wrote: all of it, unless the note is a mark with this prefix."""
    if not note.startswith(prefix):
        return note
    if STAFF_NOTE in note:
        return note.split(STAFF_NOTE, 1)[1].strip("\r\n")
    return ""


def _entry(f: Finding) -> str:
    fix = f"\n→ 修正案: {f.suggestion}" if f.suggestion else ""
    return f"【{SEVERITY_LABELS[f.severity]}】{f.message}{fix}"


# ---------------------------------------------------------------------------------------------------
# 入力チェック: the master list


@dataclass
class MarkedCheck(SeverityCounts):
    """The list checked, and the marks that show its findings."""

    sheet: str
    rows_checked: int
    findings: list[Finding]
    marks: list[CellMark]

    @property
    def removed(self) -> int:
        """Previous marks taken off."""
        return sum(1 for mark in self.marks if mark.is_removal)


def mark_list(book: Book, notes: Mapping[Cell, str | None]) -> MarkedCheck:
    """Check the 視聴者リスト sheet of the open book, every round, and plan its marks.

    Besides the checks of the list itself, each row is checked as an export would check it: against
    the ID ledger (an ID of another viewer, a password other than the registered one) and the video
    catalog, so that what would stop 業者提出ファイル作成 is marked too.

    Args:
        book: The master workbook (see services.books.Book).
        notes: The list sheet's notes now, by cell.

    Raises:
        InputUnreadable: when the list sheet or one of its required columns is missing.
    """
    from shuudan_xl.files.ledger_store import default_ledger_path, read_ledger
    from shuudan_xl.rules.schedule import ROUND_MONTHS
    from shuudan_xl.services.catalog import load_catalog
    from shuudan_xl.services.export import plan_export
    from shuudan_xl.services.master import load_master

    master = load_master(book)
    findings = list(master.findings)
    rounds = {r.round for r in master.rows if r.round is not None}
    if rounds:
        catalog = load_catalog(book)[0]
        ledger = read_ledger(default_ledger_path(book.path))
        plan = plan_export(master, ledger, catalog, {n: ROUND_MONTHS[n - 1] for n in rounds})
        known = {id(f) for f in findings}
        findings += [f for f in plan.errors + plan.warnings if id(f) not in known]
    findings = sorted((f for f in findings if f.sheet == master.sheet), key=lambda f: f.row)
    return MarkedCheck(master.sheet, len(master.rows), findings,
                       plan_marks(findings, master.layout, notes, CHECK))


# ---------------------------------------------------------------------------------------------------
# ダブルチェック: the second keying against the list


@dataclass
class MarkedDoublecheck:
    """The comparison of the working round's list rows (A) with the ダブルチェック sheet (B), and its marks."""

    round: int
    result: object  # services.doublecheck.DoublecheckResult
    marks: list[CellMark]
    only_in_list: list[Difference] = field(default_factory=list)  # nothing to mark on the sheet: listed instead

    @property
    def differences(self) -> int:
        return len(self.result.differences)

    @property
    def matched(self) -> int:
        return self.result.matched


def mark_doublecheck(session: RoundSession, notes: Mapping[Cell, str | None]) -> MarkedDoublecheck:
    """Compare the ダブルチェック sheet with the list rows of the session's round and plan the sheet's marks.

    Args:
        session: The button's session (services.session): its book holds both sheets, its round is
            作業する視聴回.
        notes: The ダブルチェック sheet's notes now, by cell.

    Raises:
        Refused: when the round has no rows, a row of the round still has a blank ID or password, or the
            ダブルチェック sheet has no data.
        InputUnreadable: when a sheet or its headers are missing.
    """
    from shuudan_xl.services.doublecheck import doublecheck_workbooks

    round_no, book = session.require_round(), session.book
    result = doublecheck_workbooks(book, book, sheet_a=LIST_SHEET, sheet_b=DOUBLECHECK_SHEET, round_no=round_no)
    if not result.a.records:
        raise Refused(f"視聴者リストに視聴回が{round_no}の行がありません。")
    blank = [r.row for r in result.a.records if not r.id or not r.password]
    if blank:
        raise Refused(f"第{round_no}回の行にユーザーID・パスワードが空欄の行があります（{_rows(blank)}）。"
                      "先に「ID作成」「パスワード作成」を押してください。")
    if not result.b.records:
        raise Refused(f"シート「{DOUBLECHECK_SHEET}」に入力がありません。2行目から、第{round_no}回の視聴者の"
                      "ユーザーID・パスワード・所属グループをもう一度入力してください。")
    findings = difference_findings(result.differences, result.b.layout)
    heading = f"{DOUBLECHECK}（A＝視聴者リスト、B＝このシート）"
    return MarkedDoublecheck(round_no, result, plan_marks(findings, result.b.layout, notes, DOUBLECHECK, heading),
                             [d for d in result.differences if d.row_b is None])


def difference_findings(differences: list[Difference], layout: Layout) -> list[Finding]:
    """The differences that have a row on side B, as findings on B's cells (duplicates are warnings)."""
    headers = {COLUMN_ID: layout.header(layout.id_col), COLUMN_PASSWORD: layout.header(layout.password_col),
               COLUMN_GROUP: layout.header(layout.group_col if layout.group_col is not None else layout.id_col)}
    out = []
    for d in differences:
        if d.row_b is None:
            continue
        severity = WARNING if d.kind == DUPLICATE else ERROR
        out.append(Finding(DOUBLECHECK_SHEET, d.row_b, headers.get(d.column, headers[COLUMN_ID]), severity,
                           f"doublecheck.{d.kind}", d.message, d.b, None))
    return out


def _rows(rows: list[int]) -> str:
    text = "、".join(f"{r}行目" for r in rows[:MAX_LISTED])
    return text + (f" ほか{len(rows) - MAX_LISTED}行" if len(rows) > MAX_LISTED else "")
