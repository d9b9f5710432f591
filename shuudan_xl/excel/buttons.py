"""The workbook's buttons: each VBA button calls one of these through RunPython, e.g.

    RunPython "import shuudan_xl.excel.buttons as b; b.check_list()"

Each handler reads the workbook, calls one service, writes the result back and ends with a message
box; the work itself is in shuudan_xl.services. The round is 作業する視聴回 of the 設定 sheet.
"""

from __future__ import annotations

# A click starts a fresh Python: this module imports nothing at its top (but the tiny error_log), and
# each handler imports only what it uses, so that Excel answers at once (tests/benchmarks/bench_startup.py).
from shuudan_xl.excel.error_log import use_ansi_code_page_for_stderr

# A failed click's traceback goes to the log xlwings shows in its popup: write it in the ANSI code page.
use_ansi_code_page_for_stderr()


def check_list():
    """入力チェック: colour every bad cell of 視聴者リスト and explain it in a note; old marks come off."""
    from shuudan_xl.excel import messages
    from shuudan_xl.excel.book import apply_marks, button, read_notes
    from shuudan_xl.rules import master as m
    from shuudan_xl.services.marks import mark_list

    with button("入力チェック") as xl:
        xl.status("視聴者リストを点検しています…")
        sheet = xl.sheet(m.LIST_SHEET)
        checked = mark_list(xl.book, read_notes(sheet))
        xl.status(f"点検結果の印を付けています（{len(checked.marks):,} か所）…")
        apply_marks(sheet, checked.marks)
        xl.alert(messages.check_done(checked), error=bool(checked.errors))


def make_ids():
    """ID作成: fill the blank ユーザーID cells of the working round (typed IDs never change)."""
    from shuudan_xl.rules import master as m

    _fill_blanks("ID作成", "ユーザーID", m.LOGIN_ID)


def make_passwords():
    """パスワード作成: fill the blank パスワード cells of the working round (typed passwords never change)."""
    from shuudan_xl.rules import master as m

    _fill_blanks("パスワード作成", "パスワード", m.PASSWORD)


def _fill_blanks(title: str, what: str, header: str) -> None:
    # ID作成 and パスワード作成: the same steps for one column of the list.
    from shuudan_xl.excel import messages
    from shuudan_xl.excel.book import button
    from shuudan_xl.excel.deadline_dialog import deadline_kept, record_allowance_of, round_lateness_of
    from shuudan_xl.rules import master as m
    from shuudan_xl.services import current_round as rounds
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import NoWrites, fill_preview
    from shuudan_xl.services.session import open_session

    with button(title, writes=True) as xl:
        xl.status(f"{what}を作成しています…")
        session = open_session(xl.book, round_required=False)
        late = round_lateness_of(session)
        if late is not None and not deadline_kept(xl, *late):
            return
        planned, _ = rounds.fill_blanks(session, header, NoWrites())
        if planned.writes and not planned.errors:
            preview = fill_preview(session, planned, None)
            if not xl.confirm(messages.preview(f"{what}を作成して書き込み", preview)):
                return
        plan, covered = rounds.fill_blanks(session, header, xl.writer(m.LIST_SHEET))
        current_run().saw_plan(plan)
        if plan.writes and late is not None:
            record_allowance_of(session, late[0], xl.title)
        xl.alert(messages.filled(header, plan, covered), error=bool(plan.errors))


def export_files():
    """業者提出ファイル作成: fill the round's blanks, save, write the two vendor workbooks to 業者提出."""
    from shuudan_xl.excel import messages
    from shuudan_xl.excel.book import button
    from shuudan_xl.excel.deadline_dialog import deadline_kept, record_allowance_of
    from shuudan_xl.rules import master as m
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import export_preview
    from shuudan_xl.services.session import open_session
    from shuudan_xl.services.workflow import export_round, prepare_round

    with button("業者提出ファイル作成", writes=True) as xl:
        xl.status("視聴者リストを点検しています…")
        session = open_session(xl.book)
        context = prepare_round(session)
        if not deadline_kept(xl, context.late, context.master):
            return
        if context.plan.errors:
            xl.alert(messages.export_refused(context), error=True)
            return
        plan = context.plan
        counts = [f"{context.fiscal_label} 第{plan.round}回: 対象 {len(plan.lines):,} 人"
                  f"（新規ID {len(plan.new_lines):,}）",
                  *([f"警告 {len(plan.warnings):,} 件（「入力チェック」で確認できます）"] if plan.warnings else [])]
        if not xl.confirm(messages.preview("業者提出ファイルを作成", export_preview(context, True), counts)):
            return
        xl.status("業者提出ファイルを作成しています…")
        files = export_round(context, session.folders.vendor, session.folders.vendor_templates(),
                             xl.writer(m.LIST_SHEET))
        current_run().saw_plan(plan)
        current_run().wrote(files.registration, files.video_links)
        record_allowance_of(session, context.late, xl.title)
        xl.alert(messages.export_done(context, files))


def double_check():
    """ダブルチェック: compare the ダブルチェック sheet with the round's list rows; mark what differs."""
    from shuudan_xl.excel import messages
    from shuudan_xl.excel.book import apply_marks, button, read_notes
    from shuudan_xl.rules.sheets import DOUBLECHECK_SHEET
    from shuudan_xl.services.marks import mark_doublecheck
    from shuudan_xl.services.session import open_session

    with button("ダブルチェック") as xl:
        xl.status("ダブルチェックのシートを視聴者リストと照合しています…")
        sheet = xl.sheet(DOUBLECHECK_SHEET)
        checked = mark_doublecheck(open_session(xl.book), read_notes(sheet))
        apply_marks(sheet, checked.marks)
        xl.alert(messages.doublecheck_done(checked), error=bool(checked.differences))


def confirm_export():
    """台帳登録: after the files were sent, check them against the list and add the new IDs to ID台帳."""
    from shuudan_xl.excel import messages
    from shuudan_xl.excel.book import button
    from shuudan_xl.services.export import file_names
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.oprecord import export_record_lines
    from shuudan_xl.services.preview import PlannedFile, Preview
    from shuudan_xl.services.session import open_session
    from shuudan_xl.services.workflow import confirm_round, prepare_round

    with button("台帳登録", writes=True) as xl:
        xl.status("提出したファイルを視聴者リストと照合しています…")
        session = open_session(xl.book)
        context = prepare_round(session)
        folder = session.folders.vendor
        planned = confirm_round(context, folder, dry_run=True)  # every check made; nothing written yet
        sent = [folder / name for name in file_names(context.fiscal_label, context.plan.round)]
        preview = Preview("", files=[PlannedFile(context.ledger_path, len(planned), "ID台帳に追加する新規ID")],
                          notes=export_record_lines(session.folders.master.parent, sent))
        if not xl.confirm(messages.preview("ID台帳に登録", preview)):
            return
        entries = confirm_round(context, folder)
        current_run().new_ids, current_run().passwords = len(entries), 0
        current_run().secrets.update(e.password for e in entries)
        current_run().wrote(context.ledger_path)
        xl.alert(messages.confirmed(context, entries))


def make_notices():
    """実施通知作成: the working round's letters and mail-merge workbook in 実施通知, read back and matched."""
    from shuudan_xl.errors import Refused
    from shuudan_xl.excel import messages
    from shuudan_xl.excel.book import button
    from shuudan_xl.services import notices
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import notices_preview
    from shuudan_xl.services.session import open_session
    from shuudan_xl.services.workflow import prepare_round

    with button("実施通知作成", writes=True) as xl:
        session = open_session(xl.book)
        context = prepare_round(session)
        plan = notices.prepare_notices(context, session.settings, session.today)
        if plan.refused:
            raise Refused(notices.refusal_message(plan))
        preview = notices_preview(context, plan, session.folders.notices)
        counts = [f"第{session.round}回: {len(plan.letters):,} 通"]
        if not xl.confirm(messages.preview("実施通知を作成", preview, counts)):
            return
        xl.status("実施通知を作成し、読み直して照合しています…")
        files = notices.write_notices(plan, session.folders.notices)
        current_run().rows = files.count
        current_run().wrote(files.letters_file, files.merge_book)
        xl.alert(messages.notices_done(session.round, files))


def record_attendance():
    """出欠取込: the working round's 出席 / 欠席 from 視聴結果ファイル and 出欠特例, written to 出欠結果."""
    from shuudan_xl.excel import messages
    from shuudan_xl.excel.book import button
    from shuudan_xl.rules.findings import ERROR
    from shuudan_xl.services import attendance
    from shuudan_xl.services import current_round as rounds
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import PlannedFile, Preview
    from shuudan_xl.services.session import open_session

    with button("出欠取込", writes=True) as xl:
        session = open_session(xl.book)
        results = rounds.results_file(session.master_path, session.settings)
        xl.status("視聴結果を視聴者リストと照合しています…")
        planned = attendance.compute_attendance(session, results)
        number = session.round
        path = session.folders.attendance / attendance.attendance_file_name(planned.fiscal_label, number)
        preview = Preview("", files=[PlannedFile(path, len(planned.rows), "出欠結果（出欠入力）")])
        counts = [f"第{number}回: 出席 {len(planned.attended):,} 人・欠席 {len(planned.absent):,} 人"
                  f"・要確認 {len(planned.issues):,} 件"]
        if not xl.confirm(messages.preview("出欠結果を作成", preview, counts)):
            return
        report = attendance.record_attendance(session, results)
        current_run().rows = len(report.rows)
        current_run().wrote(report.path)
        xl.alert(messages.attendance_done(report), error=any(i.severity == ERROR for i in report.issues))


def reassign_absentees():
    """再視聴: link the working round's absentees to 再視聴の視聴回's video; append their rows and save."""
    from shuudan_xl.excel import messages
    from shuudan_xl.excel.book import button
    from shuudan_xl.excel.deadline_dialog import record_allowance_of, target_round_kept
    from shuudan_xl.rules import master as m
    from shuudan_xl.services import current_round as rounds
    from shuudan_xl.services import reassign
    from shuudan_xl.services.oprecord import current as current_run
    from shuudan_xl.services.preview import PlannedFile, Preview, round_set_files
    from shuudan_xl.services.session import open_session

    with button("再視聴", writes=True) as xl:
        session = open_session(xl.book)
        earlier = session.require_round()
        later = rounds.reassign_round(session.settings, earlier)
        rounds.attendance_workbook(session)  # written by 出欠取込, else refused here
        later, allowed = target_round_kept(xl, session, later)
        if later is None:
            return
        xl.status(f"第{earlier}回の欠席者を第{later}回に紐付けています…")
        folders = session.folders
        plan = reassign.plan_reassign(session, later)
        if plan.lines and not plan.errors:
            preview = Preview("")
            if plan.appended:
                preview.files.append(PlannedFile(xl.book.path, len(plan.appended),
                                                 f"視聴者リストに追加する第{later}回の行"))
            if plan.round_blocked:
                preview.notes.append(plan.round_blocked)
            else:
                preview.files += round_set_files(folders.vendor, plan.fiscal_label, later, plan.round_records,
                                                 plan.round_videos, preview.notes)
            counts = [f"第{earlier}回の欠席者 {len(plan.lines):,} 人を第{later}回の動画に紐付けます。"]
            if not xl.confirm(messages.preview("再視聴の紐付けを作成", preview, counts)):
                return
        report = reassign.reassign_absentees(session, later, writer=xl.writer(m.LIST_SHEET),
                                             template=folders.vendor_templates()[1])
        current_run().rows = len(report.plan.lines)
        current_run().wrote(report.registration_book, report.video_book)
        if allowed is not None and report.plan.lines:
            record_allowance_of(allowed[0], allowed[1], xl.title)
        xl.alert(messages.reassigned(report))


def fill_schedule():
    """視聴スケジュール作成: write the 年度's rounds into 視聴スケジュール (dates staff changed are kept)."""
    from shuudan_xl.excel import messages
    from shuudan_xl.excel.book import button, write_table
    from shuudan_xl.rules.sheets import SCHEDULE_SHEET
    from shuudan_xl.services import current_round as rounds
    from shuudan_xl.services.schedule_sheet import ERA_DATE_FORMAT, table_values
    from shuudan_xl.services.session import open_session

    with button("視聴スケジュール作成") as xl:
        sheet = xl.sheet(SCHEDULE_SHEET)
        schedule = rounds.working_schedule(open_session(xl.book, round_required=False))
        write_table(sheet, table_values(schedule.rounds), ERA_DATE_FORMAT, format_from=1)
        xl.alert(messages.schedule_done(schedule))


def self_check():
    """動作確認: check this PC for the workbook (Python, xlwings and its DLL, folders) and show the report."""
    from pathlib import Path

    from shuudan_xl.excel.book import button
    from shuudan_xl.files.workbook_facts import CONF_SHEET, custom_properties, settings_from_rows
    from shuudan_xl.services.self_check import format_report, has_problems, run_checks

    with button("動作確認") as xl:
        try:
            name = str(xl.xl_book.api.FullName)  # Excel's own name: a URL when the book is opened from the cloud
        except Exception:  # not on Windows (the remote engine): xlwings' full name
            name = str(xl.xl_book.fullname)
        sheets = {sheet.name: sheet for sheet in xl.xl_book.sheets}  # not xl.book: it refuses a cloud path
        conf = settings_from_rows(sheets[CONF_SHEET].range("A1:B40").value) if CONF_SHEET in sheets else {}
        local = "://" not in name and Path(name).is_file()
        checks = run_checks(name, conf, custom_properties(Path(name)) if local else {})
        xl.alert(format_report(checks), error=has_problems(checks))

