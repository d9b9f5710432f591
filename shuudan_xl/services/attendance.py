"""Record a round's attendance from the vendor's viewing results (手順 5 and 6).

Every viewer of the round in the master list gets 90:出席（eラーニング） when the results show the video
completed within the viewing period, or when staff recorded an exception (出欠特例), else 65:欠席; the
指導年月日 is the period's last day. Nothing in the results is dropped silently: IDs that are not
viewers of the round, viewers missing from the results and unusable exceptions are listed. The
workbook is written under a fixed name per round, where ``reassign`` finds the absentees.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.rules import attendance as a
from shuudan_xl.rules import attendance_exceptions as ax
from shuudan_xl.rules import viewing_results as vr
from shuudan_xl.rules.cleaning import squeeze
from shuudan_xl.rules.era import format_date, format_fiscal_year
from shuudan_xl.rules.findings import ERROR
from shuudan_xl.rules.login_ids import parse_id
from shuudan_xl.rules.prefectures import LABEL_BY_CODE
from shuudan_xl.rules.schedule import Round
from shuudan_xl.services import progress

if TYPE_CHECKING:
    from shuudan_xl.services.session import RoundSession


@dataclass
class AttendanceReport:
    """The attendance of one round, decided (and written when ``path`` is set)."""

    master_path: Path
    fiscal_year: int
    round: Round
    rows: list[a.AttendanceRow]
    issues: list[a.Issue]
    results_path: Path
    results_source: str  # "CSV（文字コード …）" / "Excel（シート「…」）"
    results_header_row: int
    results_count: int  # data rows naming an ID
    exceptions_used: int
    notices: list[str] = field(default_factory=list)
    path: Path | None = None

    @property
    def fiscal_label(self) -> str:
        return format_fiscal_year(self.fiscal_year)

    @functools.cached_property
    def by_kind(self) -> list[tuple[str, int, int]]:
        """(ID kind, attended, absent), counted once for the workbook and the summary (rules.attendance)."""
        return a.tally_by_kind(self.rows)

    @functools.cached_property
    def by_group(self) -> list[tuple[str, int, int]]:
        """(prefecture, attended, absent), counted once likewise."""
        return a.tally_by_group(self.rows)

    @property
    def attended(self) -> list[a.AttendanceRow]:
        return [r for r in self.rows if r.result == a.ATTENDED]

    @property
    def absent(self) -> list[a.AttendanceRow]:
        return [r for r in self.rows if r.result == a.ABSENT]

    def issues_of(self, *categories: str) -> list[a.Issue]:
        """The 要確認 entries of some categories (NOT_IN_ROUND is matched with the round filled in)."""
        wanted = {c.format(n=self.round.number) for c in categories}
        return [i for i in self.issues if i.category in wanted]


def attendance_file_name(fiscal_label: str, round_: int) -> str:
    """The fixed name of a round's attendance workbook: 令和6年度_第1回_出欠結果.xlsx."""
    return f"{fiscal_label}_第{round_}回_出欠結果.xlsx"


def result_names(settings, **overrides: str | None) -> vr.ResultNames:
    """The results' headers from the 設定 sheet, each replaceable by an option (None keeps the setting)."""
    values = {"login_id": settings.results_id_column, "status": settings.results_status_column,
              "completed_value": settings.results_completed_value, "completed_at": settings.results_date_column,
              "video": ""}
    values.update({k: v for k, v in overrides.items() if v})
    return vr.ResultNames(**values)


def compute_attendance(session: RoundSession, results_path: str | Path, *,
                       exceptions_path: str | Path | None = None,
                       names: vr.ResultNames | None = None) -> AttendanceReport:
    """Decide the attendance of every viewer of the session's round (nothing is written).

    Args:
        session: The list, 設定, fiscal year, round, ledger and today, resolved once by the entry point
            (services.session); ``today`` tells whether the viewing period has ended yet.
        results_path: The vendor's viewing-results export (.xlsx / .xls / .csv).
        exceptions_path: A 出欠特例 table of its own (used with the master's 出欠特例 sheet, if any).
        names: The results' headers; default from the 設定 sheet.

    Raises:
        InvalidArgument: when the session has no round.
        InputUnreadable: when the results have no recognisable header row.
        Refused: when the master has no rows of the round.
    """
    from shuudan_xl.files.results_reader import read_table
    from shuudan_xl.services.workflow import prepare_round

    round_, book, today, year = session.require_round(), session.book, session.today, session.fiscal_year
    names = names or result_names(session.settings)
    context = prepare_round(session)
    rnd, master_list = context.round, context.master

    def is_results(rows: list[list[object]]) -> bool:
        return vr.find_results_layout(rows, names) is not None

    table = read_table(results_path, prefer=is_results)
    layout = vr.find_results_layout(table.rows, names)
    if layout is None:
        raise InputUnreadable(
            f"「{table.path.name}」に視聴結果の見出し（{names.login_id}・{names.status} または {names.completed_at}）"
            "の行が見つかりません。設定シートの「視聴結果のID列」「視聴結果の状況列」「視聴結果の完了日時列」を、"
            "出力したファイルの見出しに合わせてください。")
    viewings = vr.read_viewings(table.rows, layout, names)
    issues: list[a.Issue] = []
    notices = _layout_notices(layout, viewings, names, rnd, today)
    if context.plan.errors:
        notices.append(f"視聴者リストの第{round_}回の行にエラーが{len(context.plan.errors)}件あります"
                       "（「入力チェック」ボタン、または shuudan-xl check で確認してください）。"
                       "出欠はユーザーIDで照合しています。")

    exceptions = _exceptions(book, exceptions_path, issues)
    videos = {line.row.excel_row: line.video for line in context.plan.lines}
    match_videos = _match_videos(layout, viewings, set(videos.values()), notices)
    by_id: dict[str, list[vr.Viewing]] = defaultdict(list)
    for viewing in viewings:
        by_id[viewing.login_id].append(viewing)
    by_exception = _exceptions_of_round(exceptions, round_, issues)

    rows, round_ids = [], set()
    squeezed: dict[str, str] = {}  # video names repeat down the list and the results: each squeezed once
    final_ids, has_dates = master_list.final_ids, layout.date_col is not None
    for row in master_list.rows_of_round(round_):
        login_id = final_ids.get(row.excel_row, "")
        round_ids.add(login_id)
        found = by_id.get(login_id, ()) if login_id else ()
        video = videos.get(row.excel_row)
        if match_videos and video:
            wanted = squeezed.get(video) or _squeezed(video, squeezed)
            relevant = [v for v in found if not v.video or (squeezed.get(v.video) or _squeezed(v.video, squeezed))
                        == wanted]
        else:
            relevant = found
        exception = by_exception.get(login_id)
        misapplied = ax.misapplied(exception, row.guidance) if exception is not None else None
        decision = a.decide(relevant, rnd.start, rnd.end, None if misapplied else exception, has_dates)
        basis = decision.basis
        if found and not relevant:
            basis += f"（他の動画の結果のみ: {'・'.join(dict.fromkeys(v.video for v in found))}）"
        if misapplied:
            basis += f"（出欠特例「{exception.kind}」は{ax.ONLY_FOR[exception.kind]}集団指導のみのため使っていません）"
        record = _row(row, login_id, round_, rnd, decision, basis)
        rows.append(record)
        if login_id and decision.result != a.ABSENT and not misapplied:
            continue  # attended (by the results, or an exception that applies): nothing to check
        others = list(dict.fromkeys(v.video for v in found)) if found and not relevant else []
        issues += _viewer_issues(record, decision, relevant, exception if misapplied else None, misapplied,
                                 others, video)
    for login_id, exception in by_exception.items():
        if login_id not in round_ids:
            issues.append(a.Issue(a.EXCEPTION_UNKNOWN.format(n=round_), login_id,
                                  f"出欠特例（{exception.kind}）のユーザーIDが第{round_}回の視聴者にありません。"
                                  "IDの誤りか、視聴回の誤りではありませんか。",
                                  f"{exception.source} {exception.row}行目"))
    issues += _unknown_ids(by_id, round_ids, master_list, context.ledger, round_)
    return AttendanceReport(master_list.path, year, rnd, rows, issues, table.path, table.source, layout.header_row,
                            len(viewings), sum(1 for r in rows if r.note), notices)


def record_attendance(session: RoundSession, results_path: str | Path, **options) -> AttendanceReport:
    """Decide the round's attendance and write its workbook (令和6年度_第N回_出欠結果.xlsx).

    Args:
        session: As for compute_attendance; the workbook goes into ``session.folders.attendance``.
        results_path: The vendor's viewing-results export.
        **options: As compute_attendance (exceptions_path, names).

    Returns:
        The report, with ``path`` set to the workbook written.

    Raises:
        Refused: when the workbook is open in Excel.
    """
    from shuudan_xl.files.attendance_book import write_attendance_book
    from shuudan_xl.files.transaction import Transaction
    from shuudan_xl.files.xlsx_patch import ensure_not_open

    progress.stage(progress.READING)
    report = compute_attendance(session, results_path, **options)
    folder = session.folders.attendance
    path = folder / attendance_file_name(report.fiscal_label, report.round.number)
    ensure_not_open(path)
    progress.stage(progress.WRITING_ATTENDANCE, len(report.rows))
    with Transaction() as tx:  # written under a temporary name, renamed into place whole (files.transaction)
        tx.make_folder(folder)
        write_attendance_book(tx.stage(path), report.rows, report.issues, heading(report),
                              report.by_kind, report.by_group)
        tx.commit()
    report.path = path
    return report


def heading(report: AttendanceReport) -> list[tuple[str, str]]:
    """The lines at the top of the summary sheet."""
    rnd = report.round
    return [
        ("表題", f"{report.fiscal_label} 第{rnd.number}回 集団指導（eラーニング）出欠結果"),
        ("視聴期間", f"{format_date(rnd.start)}～{format_date(rnd.end)}"),
        ("指導年月日", f"{format_date(rnd.guidance_date)}（視聴期間最終日）"),
        ("視聴者リスト", report.master_path.name),
        ("視聴結果", f"{report.results_path.name}（{report.results_source}、見出し {report.results_header_row}行目、"
                     f"{report.results_count} 行）"),
        ("出席", f"{len(report.attended)} 人（うち出欠特例 {report.exceptions_used} 人）"),
        ("欠席", f"{len(report.absent)} 人"),
        ("要確認", f"{len(report.issues)} 件（シート「要確認」）"),
        ("作成日時", dt.datetime.now().strftime("%Y/%m/%d %H:%M")),
    ]


def _layout_notices(layout: vr.ResultLayout, viewings: list[vr.Viewing], names: vr.ResultNames, rnd: Round,
                    today: dt.date) -> list[str]:
    notices = []
    if today <= rnd.end:
        notices.append(f"視聴期間は{format_date(rnd.end)}までです。期間中の結果のため、途中経過として扱ってください。")
    if layout.date_col is None:
        notices.append(f"視聴結果に完了日時の列（{names.completed_at}）がないため、視聴期間内の完了かどうかは確認して"
                       "いません。視聴期間の終了直後に出力した結果を使ってください。")
    if layout.status_col is None:
        notices.append(f"視聴結果に視聴状況の列（{names.status}）がないため、完了日時が入っている行を視聴完了とみなしました。")
    elif viewings and not any(v.completed for v in viewings):
        seen = "・".join(dict.fromkeys(f"「{v.status}」" for v in viewings if v.status)) or "空欄のみ"
        notices.append(f"視聴状況に「{names.completed_value}」と一致する値が1件もありません（あった値: {seen}）。"
                       "設定シートの「視聴完了の表示」を確認してください。")
    return notices


def _exceptions(book, exceptions_path, issues: list[a.Issue]) -> list[ax.AttendanceException]:
    # The master's 出欠特例 sheet first, then the separate file; unusable rows go to 要確認.
    from shuudan_xl.files.results_reader import read_table

    tables = []
    if ax.EXCEPTIONS_SHEET in book.sheet_names:
        tables.append((book.rows(ax.EXCEPTIONS_SHEET), f"シート「{ax.EXCEPTIONS_SHEET}」"))
    if exceptions_path:
        def has_headers(rows: list[list[object]]) -> bool:
            return bool(ax.read_exceptions(rows, "")[0])

        table = read_table(exceptions_path, prefer=has_headers)
        tables.append((table.rows, Path(exceptions_path).name))
    found = []
    for rows, source in tables:
        exceptions, findings = ax.read_exceptions(rows, source)
        found += exceptions
        for f in findings:
            issues.append(a.Issue(a.EXCEPTION_PROBLEM, "", f"{f.column}: {f.message}", f"{f.sheet} {f.row}行目",
                                  severity=ERROR))
    return found


def _exceptions_of_round(exceptions: list[ax.AttendanceException], round_: int,
                         issues: list[a.Issue]) -> dict[str, ax.AttendanceException]:
    out: dict[str, ax.AttendanceException] = {}
    for exception in exceptions:
        if exception.round != round_:
            continue  # another round's exception
        first = out.setdefault(exception.login_id, exception)
        if first is not exception:
            issues.append(a.Issue(a.EXCEPTION_PROBLEM, exception.login_id,
                                  f"同じユーザーIDの第{round_}回の特例が{first.source} {first.row}行目にもあります。"
                                  "最初の特例を使いました。", f"{exception.source} {exception.row}行目"))
    return out


def _match_videos(layout: vr.ResultLayout, viewings: list[vr.Viewing], videos: set[str], notices: list[str]) -> bool:
    # Compare video names only when the export names the round's videos as registered.
    if layout.video_col is None:
        return False
    keys = {squeeze(v) for v in videos if v}
    if any(squeeze(v.video) in keys for v in viewings if v.video):
        return True
    notices.append("視聴結果の動画名がこの視聴回の動画名と一致しないため、動画名は照合に使っていません"
                   "（ユーザーIDだけで照合しました）。")
    return False


def _squeezed(text: str, known: dict[str, str]) -> str:
    got = known.get(text)
    if got is None:
        got = known[text] = squeeze(text)
    return got


def _row(row, login_id: str, round_: int, rnd: Round, decision: a.Decision, basis: str) -> a.AttendanceRow:
    number = row.number
    if not number:  # an ID typed with no 番号 still gives it
        parsed = parse_id(login_id) if login_id else None
        number = parsed.serial if parsed else ""
    group = row.group or (LABEL_BY_CODE.get(login_id[1:3], "") if login_id else "")
    return a.AttendanceRow(round_, number, row.name, a.guidance_label(row.guidance), row.field or "", group,
                           login_id, rnd.guidance_date, decision.result, decision.note, decision.completed_at,
                           basis, row.excel_row)


def _viewer_issues(record: a.AttendanceRow, decision: a.Decision, relevant: list[vr.Viewing],
                   misapplied_exception: ax.AttendanceException | None, why: str | None,
                   other_videos: list[str] = (), video: str | None = None) -> list[a.Issue]:
    where = f"視聴者リスト {record.master_row}行目"
    out = []
    if not record.login_id:
        out.append(a.Issue(a.NO_ID, "", f"{record.name}: ユーザーIDを決められないため、視聴結果と照合できません"
                                        "（欠席としました）。", where))
    elif decision.result == a.ABSENT and not relevant and other_videos:  # the ID is there, for another video
        out.append(a.Issue(a.MISSING, record.login_id,
                           f"{record.name}: 視聴結果にこのIDはありますが、この回の動画"
                           f"{f'「{video}」' if video else ''}の結果がありません（他の動画: {'・'.join(other_videos)}。"
                           "欠席としました）。動画の紐付けを確認してください。", where))
    elif decision.result == a.ABSENT and not relevant:
        out.append(a.Issue(a.MISSING, record.login_id,
                           f"{record.name}: 視聴結果にこのIDがありません（欠席としました）。"
                           "登録漏れやIDの誤りがないか確認してください。", where))
    elif decision.result == a.ABSENT and decision.needs_check:
        out.append(a.Issue(a.CHECK_DATE, record.login_id, f"{record.name}: {decision.basis}", where,
                           relevant[0].status))
    if misapplied_exception is not None:
        # An error of the 出欠特例 row: the viewer stays on the list until staff correct it.
        exception = misapplied_exception
        out.append(a.Issue(a.EXCEPTION_PROBLEM, record.login_id, f"{record.name}: {why}",
                           f"{exception.source} {exception.row}行目", severity=ERROR))
    return out


def _unknown_ids(by_id: dict[str, list[vr.Viewing]], round_ids: set[str], master_list, ledger,
                 round_: int) -> list[a.Issue]:
    # Every ID of the results that is not a viewer of the round, by what it is.
    rounds_of: dict[str, set[int]] = defaultdict(set)
    if round_ids.issuperset(by_id):
        return []  # the usual export: only the round's viewers (the list's rounds need not be gathered)
    for row in master_list.rows:
        login_id = master_list.final_ids.get(row.excel_row)
        if login_id and row.round:
            rounds_of[login_id].add(row.round)
    out = []
    for login_id, viewings in by_id.items():
        if login_id in round_ids:
            continue
        first = viewings[0]
        done = next((v for v in viewings if v.completed), None)
        status = (done or first).status
        moment = done.completed_at if done else None
        where = f"視聴結果 {first.row}行目" + (f" ほか{len(viewings) - 1}行" if len(viewings) > 1 else "")
        if login_id in rounds_of:
            rounds = "・".join(f"第{n}回" for n in sorted(rounds_of[login_id]))
            out.append(a.Issue(a.NOT_IN_ROUND.format(n=round_), login_id,
                               f"第{round_}回の視聴者ではありません（視聴者リストでは{rounds}）。",
                               where, status, moment))
        elif ledger.is_unassigned_spare(login_id):
            out.append(a.Issue(a.UNASSIGNED_SPARE, login_id,
                               "予備IDが使われていますが、誰に渡したかが台帳にありません。"
                               "shuudan-xl spare-ids assign で割当を記録し、視聴者リストに行を追加してください。",
                               where, status, moment))
        elif login_id in ledger:
            entry = ledger.get(login_id)
            who = "・".join(v for v in (entry.name, f"第{entry.round}回登録" if entry.round else "") if v)
            out.append(a.Issue(a.NOT_IN_ROUND.format(n=round_), login_id,
                               f"台帳に登録済みのID{f'（{who}）' if who else ''}ですが、視聴者リストの第{round_}回に"
                               "ありません。", where, status, moment))
        else:
            out.append(a.Issue(a.NOT_IN_LEDGER, login_id,
                               "ID台帳にも視聴者リストにもないIDです。入力の誤りか、台帳への登録漏れ（confirm）を"
                               "確認してください。", where, status, moment, ERROR))
    return out
