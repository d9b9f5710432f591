"""Give the absentees of a round a new viewing period in a later round (事務連絡 (4), 手順 3(2)①※).

Their IDs are already registered with the vendor, so only a 視聴者⇔動画 workbook linking them to the
later round's video is needed. Each absentee also gets a row of the later round in the master list
(their columns copied, 備考 "第N回未視聴のため再視聴"), appended below the last row, so that notices,
export and attendance of that round see them. Every viewer should finish within the fiscal year:
rounds end with 第9回, and staff are warned when the round's registration deadline has passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from shuudan_xl.errors import InvalidArgument, Refused
from shuudan_xl.files.xlsx_patch import CellWrite
from shuudan_xl.rules import attendance as a
from shuudan_xl.rules import master as m
from shuudan_xl.rules import viewing_results as vr
from shuudan_xl.rules.cells import text_of
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.era import format_date, format_fiscal_year
from shuudan_xl.rules.schedule import ROUND_MONTHS, Round, check_round_choice, find_round
from shuudan_xl.rules.vendor_rows import Link, Registration
from shuudan_xl.services.attendance import attendance_file_name, compute_attendance
from shuudan_xl.services.export import GENERATED
from shuudan_xl.services.session import CellWriter, RoundSession

LAST_ROUND = len(ROUND_MONTHS)


@dataclass
class ReassignLine:
    """One absentee and what re-viewing does for them."""

    login_id: str
    name: str
    video: str  # the later round's video
    source_row: int  # their row of the earlier round in the master
    new_row: int | None = None  # the master row appended for the later round (None: it had one already)
    registered: bool = True  # in the ID ledger


@dataclass
class ReassignPlan:
    """What reassigning will do, decided before anything is written."""

    master_path: Path
    sheet: str
    fiscal_year: int
    from_round: Round
    to_round: Round
    source: str  # where the absentees came from (Japanese)
    lines: list[ReassignLine] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # absentees that cannot be reassigned, and why
    errors: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    writes: list[CellWrite] = field(default_factory=list)
    # The later round's pair (手順 3(5)): every registration and link of that round, re-viewers included.
    round_records: list[Registration] = field(default_factory=list)
    round_videos: list[Link] = field(default_factory=list)
    round_blocked: str | None = None  # why the later round's pair cannot be written now (export it later)

    @property
    def fiscal_label(self) -> str:
        return format_fiscal_year(self.fiscal_year)

    @property
    def appended(self) -> list[ReassignLine]:
        return [line for line in self.lines if line.new_row is not None]

    def video_records(self) -> list[Link]:
        """Rows of the 視聴者⇔動画 workbook."""
        return [Link(line.login_id, line.video) for line in self.lines]


@dataclass
class ReassignReport:
    """What reassigning wrote."""

    plan: ReassignPlan
    video_book: Path | None  # the later round's 視聴者⇔動画 (its current set), when written
    master_backup: Path | None
    notes: list[str] = field(default_factory=list)
    registration_book: Path | None = None  # the later round's 視聴者登録／更新, when its set has new IDs
    superseded: Path | None = None  # where the later round's replaced files were moved


def reassign_note(from_round: int) -> str:
    """The 備考 of an appended row."""
    return f"第{from_round}回未視聴のため再視聴"


def plan_reassign(session: RoundSession, to_round: int, *, results_path: str | Path | None = None,
                  attendance_path: str | Path | None = None, exceptions_path: str | Path | None = None,
                  names: vr.ResultNames | None = None) -> ReassignPlan:
    """Find the absentees of the session's round and plan their re-viewing in ``to_round`` (nothing is written).

    Args:
        session: The list, 設定, fiscal year, method, ledger and today resolved once by the entry point; its
            round is the one whose absentees re-view (services.session).
        to_round: The later round they re-view in (at most 9).
        results_path: The viewing results of the session's round: attendance is recomputed from them.
        attendance_path: The attendance workbook written by ``attendance`` (default: its fixed name in
            ``session.folders.attendance``), used when no results are given; staff corrections in it count.
        exceptions_path: A 出欠特例 table, with ``results_path``.
        names: The results' headers; default from the 設定 sheet.

    Raises:
        InvalidArgument: for rounds out of order or after 第9回.
        Refused: when no attendance is available.
    """
    from shuudan_xl.services.catalog import load_catalog
    from shuudan_xl.services.schedule_sheet import schedule_with_sheet
    from shuudan_xl.services.workflow import prepare_round

    from_round = session.require_round()
    _check_rounds(from_round, to_round)
    book, year = session.book, session.fiscal_year
    context = prepare_round(session)
    rounds = schedule_with_sheet(book, year).rounds  # prepare_round has refused a sheet with errors
    later = find_round(rounds, to_round)
    master_list, ledger = context.master, context.ledger
    plan = ReassignPlan(master_list.path, master_list.sheet, year, context.round, later, "")
    absentees = _absentees(plan, session, results_path, attendance_path, exceptions_path, names)
    catalog = load_catalog(book)[0]
    lines_by_id = {}
    for line in context.plan.lines:
        lines_by_id.setdefault(line.login_id, line)
    in_later = {}
    for row in master_list.rows_of_round(to_round):
        login_id = master_list.final_ids.get(row.excel_row)
        if login_id:
            in_later.setdefault(login_id, row)
    next_row = _last_row(master_list.raw_rows) + 1
    for login_id, name in absentees:
        line = lines_by_id.get(login_id)
        if line is None:
            plan.skipped.append(f"{login_id}（{name}）: 視聴者リストの第{from_round}回にこのIDの行がないか、"
                                "行にエラーがあります。")
            continue
        if line.password_source == GENERATED or (line.row.login_id is None and login_id not in ledger):
            plan.skipped.append(f"{login_id}（{name}）: 第{from_round}回の業者提出ファイルがまだ作成されていません"
                                "（視聴者リストのユーザーID・パスワードが空欄です）。")
            continue
        existing = in_later.get(login_id)
        row = existing or line.row
        video = (existing.video if existing else None) or (catalog.video(
            row.guidance, row.field, to_round, later.start.month) if row.guidance and row.field else None)
        if not video:
            plan.errors.append(f"{login_id}（{line.row.name}）: 動画一覧に指導区分「{row.guidance}」・"
                               f"種別「{row.field}」の第{to_round}回の動画がありません。")
            continue
        item = ReassignLine(login_id, line.row.name, video, line.row.excel_row, registered=login_id in ledger)
        if existing is None:
            item.new_row = next_row
            plan.writes += _row_writes(master_list, line, next_row, from_round, to_round)
            next_row += 1
        plan.lines.append(item)
    plan.notices += _notices(plan, rounds, session.method, session.today)
    _later_round_rows(plan, master_list, ledger, catalog, session.password_length, lines_by_id)
    return plan


def reassign_absentees(session: RoundSession, to_round: int, *, writer: CellWriter | None = None,
                       template: Path | None = None, **options) -> ReassignReport:
    """Append the absentees' rows of the later round to the master and write their 視聴者⇔動画 workbook.

    Args:
        session: As for plan_reassign; the later round's pair goes into ``session.folders.vendor``.
        to_round: The later round.
        writer: Appends the master rows (default: files.xlsx_patch.SheetWriter on the master file).
        template: The vendor's own 視聴者⇔動画 template, when there is one.
        **options: As plan_reassign (results_path, attendance_path, exceptions_path, names).

    Raises:
        Refused: when the plan has errors, a file is open in Excel, or the workbook read back differs.
    """
    from shuudan_xl.files.transaction import Transaction
    from shuudan_xl.files.xlsx_patch import SheetWriter
    from shuudan_xl.services import round_files as rf
    from shuudan_xl.services import round_set

    plan = plan_reassign(session, to_round, **options)
    if plan.errors:
        raise Refused(f"エラーが{len(plan.errors)}件あるため、何も作成・変更していません: " + " ".join(plan.errors))
    if not plan.lines:
        return ReassignReport(plan, None, None)
    folder = session.folders.vendor
    templates = (None, template)
    files = None if plan.round_blocked else rf.plan_round_files(
        folder, plan.fiscal_label, to_round, plan.round_records, plan.round_videos)
    writer = writer or SheetWriter(plan.master_path, plan.sheet)
    # Everything that could refuse is checked before the master is touched.
    writer.check()
    if files is not None:
        round_set.check_set(files, folder, templates)
    backup = writer.write(plan.writes) if plan.writes else None
    if files is None or files.empty:
        return ReassignReport(plan, None, backup, [plan.round_blocked] if plan.round_blocked else rf.set_notes(files))
    with Transaction() as tx:
        written = round_set.write_set(tx, folder, plan.fiscal_label, files, templates, dt.datetime.now())
        round_set.commit_set(tx, files, written)
    return ReassignReport(plan, written.video_links, backup, written.notes, written.registration, written.superseded)


def _later_round_rows(plan: ReassignPlan, master_list, ledger, catalog, password_length: int,
                      lines_by_id: dict) -> None:
    # The later round's registrations and links as its export would write them, with the re-viewers added;
    # when the later round's other rows cannot be exported yet, only why (its export will include them).
    from shuudan_xl.services.export import ExportPlan, plan_export

    later = plan.to_round
    try:
        later_plan = plan_export(master_list, ledger, catalog, {later.number: later.start.month}, password_length)
    except Refused:  # no row of the later round yet: the re-viewers alone
        later_plan = ExportPlan(later.number)
    if later_plan.errors or later_plan.unfilled:
        n = later.number
        plan.round_blocked = (f"第{n}回の他の行にエラーか空欄のユーザーID・パスワードがあるため、第{n}回の"
                              f"業者提出ファイルはまだ作っていません。第{n}回の export（業者提出ファイル作成）で"
                              f"作成してください（再視聴の{len(plan.lines)}人も入ります）。")
        return
    records = later_plan.registration_records()
    for line in plan.lines:  # an ID missing from the ledger must be registered with its link
        source = lines_by_id[line.login_id]
        if not line.registered and line.login_id not in {r["id"] for r in records}:
            records.append({"id": line.login_id, "password": source.password, "group": source.group})
    plan.round_records = records
    plan.round_videos = later_plan.video_records() + plan.video_records()


def _check_rounds(from_round: int, to_round: int) -> None:
    if from_round not in m.ROUNDS:
        raise InvalidArgument(f"--from-round は 1〜9 で指定してください（指定: {from_round}）。")
    if to_round > LAST_ROUND:
        # A round that does not exist is a bad option like any other (exit 2), not a finding.
        raise InvalidArgument(f"第{to_round}回はありません。視聴回は第{LAST_ROUND}回（2月）までで、"
                              "対象者全員が原則として年度内に視聴を完了するよう求められています（事務連絡 (4)）。"
                              f"第{LAST_ROUND}回までの視聴回を指定するか、翌年度の視聴者リストで改めて登録してください。")
    if to_round <= from_round:
        raise InvalidArgument(f"再視聴の視聴回（--to-round {to_round}）は第{from_round}回より後にしてください。")


def _absentees(plan: ReassignPlan, session: RoundSession, results_path, attendance_path, exceptions_path,
               names) -> list[tuple[str, str]]:
    # (ID, name) of the absentees, from fresh results or from the attendance workbook written before.
    from shuudan_xl.files.attendance_book import LOGIN_ID, NAME, RESULT, ROUND, read_attendance_book

    n = plan.from_round.number
    if results_path is not None:
        report = compute_attendance(session, results_path, exceptions_path=exceptions_path, names=names)
        plan.source = f"視聴結果「{Path(results_path).name}」から判定した出欠"
        for row in report.absent:
            if not row.login_id:
                plan.skipped.append(f"視聴者リスト {row.master_row}行目（{row.name}）: ユーザーIDがありません。")
        return [(r.login_id, r.name) for r in report.absent if r.login_id]
    path = Path(attendance_path) if attendance_path else \
        session.folders.attendance / attendance_file_name(plan.fiscal_label, n)
    if not path.exists():
        raise Refused(f"第{n}回の出欠結果「{path}」がありません。先に出欠結果を作成してください"
                      "（「出欠取込」ボタン、または shuudan-xl attendance。"
                      "コマンドでは --results で視聴結果のファイルを直接指定することもできます）。")
    plan.source = f"出欠結果「{path.name}」"
    out, absent_key, attended_key = [], squeeze(a.ABSENT), squeeze(a.ATTENDED)
    for record in read_attendance_book(path):
        if m.round_number(record[ROUND]) != n:
            raise Refused(f"「{path.name}」の{record['excel_row']}行目は第{n}回の出欠ではありません"
                          f"（視聴回: {record[ROUND]}）。第{n}回の出欠結果を指定してください。")
        result = squeeze(str(record[RESULT] or ""))
        login_id = squeeze(str(record[LOGIN_ID] or ""))
        name = str(record[NAME] or "")
        if result == attended_key:
            continue
        if result != absent_key:
            plan.skipped.append(f"出欠結果 {record['excel_row']}行目（{login_id or name}）: 結果「{record[RESULT]}」は"
                                f"「{a.ATTENDED}」「{a.ABSENT}」のどちらでもありません。")
        elif not login_id:
            plan.skipped.append(f"出欠結果 {record['excel_row']}行目（{name}）: ユーザーIDがありません。")
        else:
            out.append((login_id, name))
    return list(dict.fromkeys(out))


def _last_row(raw_rows: list[list[object]]) -> int:
    # The 1-based row of the last row holding any value.
    for index in range(len(raw_rows) - 1, -1, -1):
        if any(v not in ("", None) for v in raw_rows[index]):
            return index + 1
    return 0


def _row_writes(master_list, line, excel_row: int, from_round: int, to_round: int) -> list[CellWrite]:
    # The absentee's columns copied; 視聴回, ID, password and 備考 set; 指導動画 left to the catalog.
    fixed = {m.ROUND: str(to_round), m.LOGIN_ID: line.login_id, m.PASSWORD: line.password,
             m.NOTE: reassign_note(from_round), m.VIDEO: ""}
    writes = []
    for col, header in enumerate(master_list.layout.headers):
        if not header:
            continue
        text = fixed[header] if header in fixed else text_of(line.row.values.get(header), strip=False)
        if text:
            writes.append(CellWrite(excel_row, col, text))
    return writes


def _notices(plan: ReassignPlan, rounds: tuple[Round, ...], method: str, today: dt.date) -> list[str]:
    out = []
    late = check_round_choice(plan.to_round.number, today, method, rounds)
    if late is not None:
        out.append(late.message)
    if plan.to_round.number == LAST_ROUND:
        out.append(f"第{LAST_ROUND}回はこの年度の最後の視聴回です（視聴期間 {format_date(plan.to_round.start)}～"
                   f"{format_date(plan.to_round.end)}）。ここで視聴できないと年度内に視聴を完了できません。")
    unregistered = [line.login_id for line in plan.lines if not line.registered]
    if unregistered:
        out.append(f"ID台帳にないIDがあります（{'、'.join(unregistered)}）。第{plan.from_round.number}回の提出後に "
                   "台帳に登録していない場合は、先に登録してください（「台帳登録」ボタン、または shuudan-xl confirm。"
                   f"登録しないと第{plan.to_round.number}回の業者提出ファイルで視聴者登録／更新にも入ります）。")
    return out
