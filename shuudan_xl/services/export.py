"""Plan and write the round's two vendor workbooks from the master list.

The plan resolves every viewer of the round (ID, password, group, video, new or already registered),
collects what blocks the export, and lists the blank ID/password cells to fill in the master. Writing
happens only when nothing blocks: first the master (so generated values are kept), then the vendor
files, which are read back and compared with the plan before the export counts as done.
"""

from __future__ import annotations

import datetime as dt
import itertools
import operator
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from shuudan_xl.errors import Refused
from shuudan_xl.files.xlsx_patch import CellWrite
from shuudan_xl.rules import master as m
from shuudan_xl.rules.findings import ERROR, Finding
from shuudan_xl.rules.layout import Layout
from shuudan_xl.rules.ledger import Ledger, ledger_problems
from shuudan_xl.rules.login_ids import KINDS
from shuudan_xl.rules.passwords import DEFAULT_LENGTH, generate_passwords
from shuudan_xl.rules.vendor_rows import Link, Registration
from shuudan_xl.rules.videos import VideoCatalog
from shuudan_xl.services import progress
from shuudan_xl.services.master import MasterList, MasterRow

TYPED, OTHER_ROW, LEDGER, GENERATED = "typed", "other_row", "ledger", "generated"
_LEDGER_COLUMNS = {"ledger.other_viewer": m.LOGIN_ID, "ledger.password": m.PASSWORD, "ledger.group": m.GROUP}


class ExportLine(NamedTuple):
    """One viewer of the round as it goes to the vendor.

    A named tuple (made in C by plan_export, one a viewer): a slotted dataclass's __init__ is a Python call.
    """

    row: MasterRow
    login_id: str
    password: str
    group: str
    video: str
    registered: bool  # already in the ledger: only a 視聴者⇔動画 row
    id_composed: bool
    password_source: str


# A planned row made in C from a line's fields: tuple.__new__ is what a NamedTuple's own constructor calls,
# without its Python frame (a million lines: about 0.15 s less per kind of row).
_NEW = tuple.__new__
_LOGIN_ID, _REGISTERED = operator.attrgetter("login_id"), operator.attrgetter("registered")
_REGISTRATION = operator.attrgetter("login_id", "password", "group")
_LINK = operator.attrgetter("login_id", "video")
_COL = operator.attrgetter("col")


@dataclass
class ExportPlan:
    """Everything an export of one round will do, decided before anything is written."""

    round: int
    lines: list[ExportLine] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    writes: list[CellWrite] = field(default_factory=list)
    spares: list[dict[str, str]] = field(default_factory=list)  # spare IDs registered with the round (spare-ids)
    layout: Layout | None = None  # where the list's header and columns were read (for reading it back)

    @property
    def new_lines(self) -> list[ExportLine]:
        return list(itertools.compress(self.lines, map(operator.not_, map(_REGISTERED, self.lines))))  # in C

    @property
    def unfilled(self) -> bool:
        """The list still has blank IDs or passwords for these rows (export has not filled them yet)."""
        return bool(self.writes) or any(line.password_source == GENERATED for line in self.lines)

    def written(self, id_col: int | None) -> tuple[int, int]:
        """(IDs, passwords) among the cells the plan writes into the list; ``id_col`` is the ユーザーID column."""
        ids = list(map(_COL, self.writes)).count(id_col)  # counted in C (two cells a row)
        return ids, len(self.writes) - ids

    def first_new_lines(self) -> list[ExportLine]:
        """Each new ID once, from its first line (a viewer of several videos has a line each), in order: what
        the registration book sends and ``confirm`` puts into the ledger."""
        ids = list(map(_LOGIN_ID, self.lines))
        if len(set(ids)) == len(ids) and not any(map(_REGISTERED, self.lines)):  # a first round: every line, in C
            return list(self.lines)
        first: dict[str, ExportLine] = {}
        for line in self.lines:
            if not line.registered and line.login_id not in first:
                first[line.login_id] = line
        return list(first.values())

    def registration_records(self) -> list[Registration]:
        """Rows of 視聴者登録／更新: each new ID once (``first_new_lines``), then the round's spare IDs."""
        lines = self.first_new_lines()
        out = list(map(_NEW, itertools.repeat(Registration), map(_REGISTRATION, lines)))
        seen = set(map(_LOGIN_ID, lines)) if self.spares else set()  # (no spare IDs, the usual round: no set)
        for spare in self.spares:  # the round's spare IDs go to the vendor in the same book (手順 6(3))
            if spare["id"] not in seen:
                seen.add(spare["id"])
                out.append(Registration(spare["id"], spare["password"], spare["group"]))
        return out

    def video_records(self) -> list[Link]:
        """Rows of 視聴者⇔動画: every viewer of the round."""
        return list(map(_NEW, itertools.repeat(Link), map(_LINK, self.lines)))

    def counts_by_kind(self) -> dict[str, Counter]:
        """Return {kind name: Counter(new=…, registered=…)} in s, n, r, m, d, p order."""
        counts = Counter((line.login_id[0], line.registered) for line in self.lines)  # one pass, not one a kind
        out: dict[str, Counter] = {}
        for letter, name in KINDS.items():
            if counts[letter, False] or counts[letter, True]:
                out[name] = Counter({key: n for key, n in (("new", counts[letter, False]),
                                                          ("registered", counts[letter, True])) if n})
        return out


def plan_export(master: MasterList, ledger: Ledger, catalog: VideoCatalog | None, months: dict[int, int],
                password_length: int = DEFAULT_LENGTH) -> ExportPlan:
    """Resolve the viewers of some rounds (one for an export, all for filling the master).

    Args:
        master: The checked master list.
        ledger: IDs registered in earlier rounds.
        catalog: The video catalog; None when videos are not needed (filling IDs and passwords).
        months: 視聴回 → calendar month of its viewing period (for video names).
        password_length: Length of generated passwords.

    Returns:
        The plan; ``plan.errors`` non-empty means nothing may be written.
    """
    plan = ExportPlan(min(months), layout=master.layout)
    rows = [r for r in master.rows if r.round in months]
    if not rows:
        which = "、".join(str(n) for n in sorted(months))
        raise Refused(f"視聴者リストに{m.ROUND}が{which}の行がありません。")
    composed, final_ids = master.composed, master.final_ids
    if master.findings:  # (a clean list, the usual one: no set of its rows)
        in_round = {r.excel_row for r in rows}
        # A row with data but no readable 視聴回 could belong to any round: it blocks every export and fill.
        in_round.update(r.excel_row for r in master.rows if r.round is None)
        for f in master.findings:
            if f.row in in_round:
                (plan.errors if f.severity == ERROR else plan.warnings).append(f)

    passwords = _passwords_by_id(master, final_ids)
    # The IDs that need a new password, each once, in the list's order (not sorted: 0.6 s at a million rows):
    # every ID of the rows, less those with a password typed or registered (taken out by set, in C).
    blank_ids = dict.fromkeys(filter(None, map(final_ids.get, map(_EXCEL_ROW, rows))))
    for login_id in blank_ids.keys() & passwords.keys():
        del blank_ids[login_id]
    if len(ledger):
        for login_id in blank_ids.keys() & ledger.ids():
            del blank_ids[login_id]
    fresh = dict(zip(blank_ids, generate_passwords(len(blank_ids), password_length), strict=True))
    id_col, pw_col = master.column(m.LOGIN_ID), master.column(m.PASSWORD)
    videos: dict[tuple, str | None] = {}  # the catalog's video by (区分, 種別, 回): one string for all its viewers
    registered = ledger.get if len(ledger) else dict().get  # an empty ledger (a first round): no call per row
    lines, writes = plan.lines, plan.writes
    add_line, add_write = lines.append, writes.append
    for row in rows:
        # The row's fields as locals in one step (a MasterRow is a tuple): no attribute look-up each.
        excel_row, round_, guidance, field_, group, serial, _, name, typed_id, typed, video, _, _ = row
        login_id = final_ids.get(excel_row)
        if login_id is None or group is None:
            continue  # already reported: the ID cannot be composed or the group is unknown
        entry = registered(login_id)
        if typed:
            password, source = typed, TYPED
        elif login_id in passwords:
            password, source = passwords[login_id], OTHER_ROW
        elif entry is not None:
            password, source = entry.password, LEDGER
        else:
            password, source = fresh[login_id], GENERATED
        if entry is not None:
            # The password this row would send, typed or taken from another row, must be the registered one.
            for problem in ledger_problems(entry, serial, name, password, group, field_):
                column = _LEDGER_COLUMNS[problem.code]
                if problem.code == "ledger.other_viewer" and excel_row in composed:
                    problem = problem._replace(suggestion=m.collision_suggestion(guidance, field_, group[-2:], serial))
                elif problem.code == "ledger.password" and source == OTHER_ROW:
                    problem = problem._replace(message=f"同じユーザーIDの別の行のパスワード「{password}」が、"
                                      + problem.message)
                plan.errors.append(Finding.at(master.sheet, excel_row, column, row.values.get(column), problem))
        if not video and catalog and guidance and field_:
            # catalog.video, asked once per kind of viewer (each answer is a new string: 100 bytes a row otherwise).
            key = (guidance, field_, round_)
            video = videos.get(key, _UNASKED)
            if video is _UNASKED:
                video = videos[key] = catalog.video(guidance, field_, round_, months[round_])
        video = video or ""
        if catalog is not None and not video:
            if not (guidance and field_):
                continue  # already reported: the 指導区分 or 種別 is unknown
            plan.errors.append(Finding(
                master.sheet, excel_row, m.VIDEO, ERROR, "master.video",
                f"動画一覧に指導区分「{guidance}」・種別「{field_}」の動画がありません。"
                "動画一覧に追加するか、指導動画の列に動画名を入力してください。", row.values.get(m.VIDEO), None))
            continue
        add_line(_NEW(ExportLine, (row, login_id, password, group, video, entry is not None,
                                   excel_row in composed, source)))
        if typed_id is None:
            add_write(_NEW(CellWrite, (excel_row, id_col, login_id)))
        if typed is None:
            add_write(_NEW(CellWrite, (excel_row, pw_col, password)))
    plan.errors.sort(key=lambda f: f.row)
    plan.warnings.sort(key=lambda f: f.row)
    return plan


_EXCEL_ROW = operator.attrgetter("excel_row")
_UNASKED = object()  # a kind of viewer the catalog was not asked about yet


def _passwords_by_id(master: MasterList, final_ids: dict[int, str]) -> dict[str, str]:
    # The password typed on any row of an ID (conflicting ones are reported by the check).
    out: dict[str, str] = {}
    for row in master.rows:
        if row.password and (login_id := final_ids.get(row.excel_row)):
            out.setdefault(login_id, row.password)
    return out


@dataclass
class ExportFiles:
    """What an export wrote."""

    registration: Path | None
    video_links: Path | None  # None: everything of the round was submitted already, nothing new to send
    master_backup: Path | None
    notes: list[str]
    registration_count: int = 0  # rows written (a supplement holds only what was not sent before)
    video_count: int = 0
    superseded: Path | None = None  # where the files this export replaced were moved (services.round_files)

    @property
    def to_send(self) -> str | None:
        """What staff submit, in Japanese: 「2つのファイル」, the one book's name, or None (nothing new)."""
        books = [p for p in (self.registration, self.video_links) if p is not None]
        if len(books) == 2:
            return "2つのファイル"
        return f"「{books[0].name}」" if books else None


VENDOR_FOLDER = "業者提出"  # beside the master workbook, unless staff choose another folder
TEMPLATE_NAMES = ("業者様式_視聴者登録.xlsx", "業者様式_視聴者動画.xlsx")  # the vendor's own forms, if any


def vendor_folder(master: Path) -> Path:
    """The default folder for the vendor workbooks: 業者提出 beside the master workbook."""
    return Path(master).parent / VENDOR_FOLDER


def vendor_templates(folder: Path) -> tuple[Path | None, Path | None]:
    """The vendor's own templates (registration, video links) placed in ``folder``; None where absent."""
    found = tuple(Path(folder) / name for name in TEMPLATE_NAMES)
    return tuple(p if p.exists() else None for p in found)


def file_names(fiscal_label: str, round_: int) -> tuple[str, str]:
    """Names of the two vendor workbooks, e.g. 令和6年度_第1回_視聴者登録更新.xlsx."""
    stem = f"{fiscal_label}_第{round_}回"
    return f"{stem}_視聴者登録更新.xlsx", f"{stem}_視聴者動画.xlsx"


def write_export(plan: ExportPlan, writer, outdir: Path, fiscal_label: str,
                 templates: tuple[Path | None, Path | None] = (None, None)) -> ExportFiles:
    """Fill the master's blank IDs and passwords and write the vendor workbooks, as one transaction.

    The vendor books are written to temporary files in ``outdir`` and the list is patched into a
    temporary copy (files.transaction). The patched list is read back with the same reader as staff
    data and every ID, password and group of the round compared with the plan, cell for cell; so are
    both vendor books. Only then is the list replaced (after its backup) and the books renamed into
    place. Any failure leaves the list as it was, nothing at the books' final names and no temporary
    file. Call it under the folder's writer lock (files.lock), as the CLI and the buttons do.

    Args:
        plan: A plan without errors.
        writer: The list's writer (files.xlsx_patch.SheetWriter, or excel.book.ExcelWriter): ``check()``
            before anything is written, ``stage(tx, writes)`` returning the list as it will be (a book),
            ``finish()`` once everything is verified, just before the files are renamed.
        outdir: Folder for the vendor workbooks.
        fiscal_label: 令和6年度 etc., for the file names.
        templates: The vendor's own templates, when there are any.

    Raises:
        Refused: when the plan has errors, or what was written reads back differently (nothing is changed).
        FileInUse: when the list or a vendor book is open in Excel.
        CannotWrite: when the system refuses a write (nothing is changed).
    """
    from shuudan_xl.files.transaction import Transaction
    from shuudan_xl.services import round_files as rf
    from shuudan_xl.services import round_set

    if plan.errors:
        raise Refused(f"エラーが{len(plan.errors)}件あるため、業者提出ファイルを作成しませんでした。")
    # One pair per round (手順 3(5)): everything of the round not yet submitted, in the round's current set.
    now = dt.datetime.now()
    files = rf.plan_round_files(outdir, fiscal_label, plan.round, plan.registration_records(), plan.video_records())
    # Every file to be written must be closed in Excel, and the templates usable, before anything is written.
    writer.check()
    round_set.check_set(files, outdir, templates)
    with Transaction() as tx:
        tx.make_folder(outdir)
        progress.stage(progress.WRITING_LIST, len(plan.writes))
        written_list = writer.stage(tx, plan.writes)  # staged first: it is replaced first
        progress.stage(progress.VERIFYING, len(plan.lines))
        # Read back before the books are written: the list's read-back and the books' writing are the two
        # largest memory needs, and one after the other they do not add up (side by side, on a second thread:
        # 2.9 instead of 2.3 KB a row at 100,000 rows, for 2.5 s less of a 1M export's 37).
        verify_list(plan, written_list, getattr(writer, "sheet", None))
        del written_list  # what the read-back opened is not kept while the books are written
        written = round_set.write_set(tx, outdir, fiscal_label, files, templates, now)
        writer.finish()
        backups = round_set.commit_set(tx, files, written)
    return ExportFiles(written.registration, written.video_links, backups.get(Path(getattr(writer, "path", ""))),
                       written.notes, written.registration_count, written.video_count, written.superseded)


def verify_list(plan: ExportPlan, book, sheet: str | None = None) -> None:
    """Read the list as it will be and require, row by row, the plan's ID, password and group.

    Args:
        plan: The export's plan (its lines are what the vendor books hold).
        book: The list as written (a reader.Workbook of the staged file, or the open book re-read).
        sheet: The list's sheet (default: found as the master's).

    Raises:
        Refused: naming the first row whose ID, password or group differs from the plan.
    """
    from shuudan_xl.services.master_readback import logins_differing

    # The three columns as load_master reads them (the plan was checked).
    # The plan's lines follow the list's rows (plan_export walks them in order), as logins_differing needs.
    expected = map(operator.attrgetter("row.excel_row", "login_id", "password", "group"), plan.lines)
    differing = logins_differing(book, expected, sheet, plan.layout)
    if differing:
        raise Refused(f"書き込んだ視聴者リストを読み直したところ、{differing[0]}行目の"
                      "ユーザーID・パスワード・所属グループが業者提出ファイルと一致しませんでした。何も変更していません。"
                      "視聴者リストをExcelで開いて保存し直してから、もう一度実行してください。")
