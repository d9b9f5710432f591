"""Make the round's 実施通知: one Word letter per viewer, a mail-merge workbook, and the double-check.

The use case: prepare the round (nothing is written while the master has errors or blank IDs or
passwords), fill the placeholders of every letter, write the files into a staging folder, read them
back and compare every letter's login ID, password, dates and addressee with the master list, the ID
ledger (viewers already registered) and the vendor registration workbook made by ``export``; only
letters that pass are moved into the output folder. The procedure asks for exactly this double-check:
a wrong character in a letter means a viewer who cannot log in.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from shuudan_xl.errors import FileInUse, Refused
from shuudan_xl.files.notice_draft import mark_draft
from shuudan_xl.rules import master as m
from shuudan_xl.rules import notice_text as nt
from shuudan_xl.rules.cells import text_of
from shuudan_xl.rules.findings import Finding
from shuudan_xl.rules.notice_offices import prefecture_code
from shuudan_xl.rules.settings import Settings
from shuudan_xl.services import progress
from shuudan_xl.services.export import ExportLine, vendor_folder
from shuudan_xl.services.notice_inputs import load_template, registered_passwords
from shuudan_xl.services.notice_settings import letter_settings
from shuudan_xl.services.notice_verify import verify_outputs
from shuudan_xl.services.session import NOTICES_DIR, RoundSession
from shuudan_xl.services.workflow import RoundContext

OUTDIR_NAME = NOTICES_DIR  # services.session.Folders knows the layout
_PER_VIEWER_FILE = re.compile(r"^\d{3,}_.*\.docx$")
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass
class Letter:
    """One viewer's letter: the master line it comes from and the text of every placeholder."""

    line: ExportLine
    fields: dict[str, str]

    @property
    def login_id(self) -> str:
        return self.line.login_id

    @property
    def label(self) -> str:
        """How staff find the letter: 視聴者リストの行、名称、ID."""
        return f"{self.line.row.excel_row}行目（{self.line.row.name}・{self.login_id}）"


@dataclass
class NoticePlan:
    """The letters of a round, decided before anything is written."""

    context: RoundContext
    settings: Settings
    send_date: dt.date
    mailing_days: int
    latest_send_date: dt.date
    letters: list[Letter] = field(default_factory=list)
    errors: list[Finding] = field(default_factory=list)  # master-list errors of the round's rows
    blockers: list[str] = field(default_factory=list)  # other reasons nothing may be written
    warnings: list[str] = field(default_factory=list)  # Japanese, for staff to read
    draft: bool = False  # made while settings still show「○○」: every page marked, files named 下書き

    @property
    def refused(self) -> bool:
        return bool(self.errors or self.blockers)


@dataclass
class NoticeFiles:
    """What was written (after every letter was read back and matched)."""

    letters_file: Path
    merge_book: Path
    per_viewer_dir: Path | None
    per_viewer: list[Path]
    count: int
    checks: list[str]  # what the letters were compared with
    warnings: list[str]


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

def make_notices(session: RoundSession, *, send_date: dt.date | None = None, per_viewer: bool = False,
                 qr: bool = False, template: Path | None = None, draft: bool = False) -> NoticeFiles:
    """Make the 実施通知 of the session's round in one call (what the Excel button runs).

    Args:
        session: The list, 設定, fiscal year, round, ledger and folders resolved once by the entry point
            (services.session); the letters go into ``session.folders.notices`` and are matched with the
            vendor workbooks in ``session.folders.vendor``.
        send_date: The letters' date (発信日); default ``session.today``.
        per_viewer: Also write one .docx per viewer.
        qr: Print a QR code of the bureau's page (or the login page) in every letter.
        template: A Word template; default 実施通知_テンプレート.docx beside the master, else the built-in one.
        draft: Write the letters even while a setting leaves「○○」in them, every page marked 下書き.

    Returns:
        The files written and the checks made; warnings (e.g. a late send date) are in ``warnings``.

    Raises:
        Refused: when the round has errors or blank IDs/passwords, a setting leaves「○○」in the letters
            (unless ``draft``), or a letter read back differs (nothing is written in any case).
        InvalidArgument: when a 設定 value is unusable or the session has no round.
        InputUnreadable: when the template cannot serve.
    """
    from shuudan_xl.services.workflow import prepare_round

    context = prepare_round(session)
    plan = prepare_notices(context, session.settings, send_date or session.today, draft=draft)
    if plan.refused:
        raise Refused(refusal_message(plan))
    return write_notices(plan, session.folders.notices, per_viewer=per_viewer, qr=qr, template=template,
                         vendor_dir=session.folders.vendor)


def prepare_notices(context: RoundContext, settings: Settings, send_date: dt.date, *,
                    draft: bool = False) -> NoticePlan:
    """Decide the round's letters and what stands in their way (nothing is written).

    Args:
        context: The round, prepared.
        settings: The 設定 sheet's values (a prefecture's own, from 都道府県別設定, replace them per letter).
        send_date: The letters' date (発信日).
        draft: Plan a draft: settings that leave「○○」are a warning instead of a reason to refuse.

    Raises:
        InvalidArgument: when 通知の到達日数 is not a number of days.
    """
    days = nt.parse_mailing_days(settings.mailing_days)
    rnd = context.round
    plan = NoticePlan(context, settings, send_date, days, nt.latest_send_date(rnd, days))
    source = context.plan
    plan.errors = list(source.errors)
    # A blank ID or password cell was never filled by export, so nobody knows it was registered.
    blanks = len(source.writes)
    if blanks:
        plan.blockers.append(f"視聴者リストの第{rnd.number}回の行に、空欄のユーザーID・パスワードが{blanks}か所あります。"
                             "先に業者提出ファイルを作成（export）して、登録したIDとパスワードを視聴者リストに"
                             "書き込んでください。")
    elif not source.lines and not source.errors:
        plan.blockers.append(f"第{rnd.number}回の視聴者がいません。")
    # The schedule's notes (e.g. dates taken from the 視聴スケジュール sheet) matter to the letters' dates; the
    # registration deadline (context.deadline_notice) does not: letters go out after the viewers were registered.
    plan.warnings += context.schedule_notices
    late = nt.check_send_date(send_date, rnd, days)
    if late is not None:
        plan.warnings.append(late.message)
    per_letter = letter_settings(context.session.book, settings)
    plan.blockers += per_letter.problems
    _check_unfinished(plan, per_letter, settings, draft)
    seen: set[str] = set()
    for line in source.lines:
        if line.login_id in seen:
            plan.warnings.append(f"ユーザーID「{line.login_id}」の行が複数あるため、通知は1通だけ作りました"
                                 f"（{line.row.excel_row}行目の分は作っていません）。")
            continue
        seen.add(line.login_id)
        viewer = notice_viewer(line)
        plan.letters.append(Letter(line, nt.letter_fields(per_letter.for_viewer(viewer.group, viewer.login_id),
                                                          rnd, viewer, send_date)))
    return plan


def write_notices(plan: NoticePlan, outdir: Path, *, per_viewer: bool = False, qr: bool = False,
                  template: Path | None = None, vendor_dir: Path | None = None) -> NoticeFiles:
    """Write the letters and the mail-merge workbook, read them back, and keep them only when they match.

    Args:
        plan: A plan that is not refused.
        outdir: The output folder (created when missing).
        per_viewer: Also write one .docx per viewer, in a sub-folder.
        qr: Put the QR code into the letters.
        template: The Word template; default as in ``make_notices``.
        vendor_dir: The vendor workbooks' folder; default 業者提出 beside the master.

    Raises:
        Refused: when the plan is refused, an output file is open in Word or Excel, or a letter read
            back differs from the master, the ledger or the vendor registration (nothing is kept).
        InputUnreadable: when the template lacks a needed placeholder or uses unknown ones.
    """
    from shuudan_xl.files.merge_book import write_merge_book
    from shuudan_xl.files.notice_docx import LetterWriter, qr_png
    from shuudan_xl.files.transaction import PREFIX, sweep_leftovers

    if plan.refused:
        raise Refused(refusal_message(plan))
    context = plan.context
    master_dir = context.master.path.parent
    template_data, used = load_template(template, master_dir, qr)
    if plan.draft:
        template_data = mark_draft(template_data)
    registered, checks, warnings = registered_passwords(plan, vendor_dir or vendor_folder(context.master.path))
    stem = f"{context.fiscal_label}_第{context.round.number}回_実施通知" + ("_下書き" if plan.draft else "")
    names = _output_names(plan, stem, per_viewer)
    _ensure_closed(outdir, names)
    png = qr_png(nt.qr_target(plan.settings)) if qr else None
    created = not outdir.exists()
    outdir.mkdir(parents=True, exist_ok=True)
    sweep_leftovers(outdir)  # letters (with passwords) a killed run left in its staging folder
    staging = Path(tempfile.mkdtemp(prefix=PREFIX, dir=outdir))  # private (0o700) until the read-back passes
    try:
        letters = [letter.fields for letter in plan.letters]
        progress.stage(progress.WRITING_LETTERS, len(letters))
        writer = LetterWriter(template_data, png)
        writer.write(letters, staging / names["letters"])
        write_merge_book(staging / names["merge"], nt.MERGE_COLUMNS, letters)
        if per_viewer:
            (staging / names["dir"]).mkdir()
            for letter, name in zip(plan.letters, names["files"], strict=True):
                writer.write([letter.fields], staging / names["dir"] / name)
        progress.stage(progress.VERIFYING, len(letters))
        problems = verify_outputs(plan, staging, names, registered, png, used)
        if problems:
            shown = "\n".join(f"  {p}" for p in problems[:20])
            more = f"\n  ほか{len(problems) - 20}件" if len(problems) > 20 else ""
            raise Refused(f"作成した実施通知を読み直したところ、{len(problems)}件の食い違いがありました。"
                          f"通知は保存していません。\n{shown}{more}")
        _move_into_place(staging, outdir, names)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        if created and not any(outdir.iterdir()):
            outdir.rmdir()
    per_dir = outdir / names["dir"] if per_viewer else None
    return NoticeFiles(outdir / names["letters"], outdir / names["merge"], per_dir,
                       [per_dir / n for n in names["files"]] if per_dir else [], len(plan.letters),
                       checks, plan.warnings + warnings)


def notice_viewer(line: ExportLine) -> nt.NoticeViewer:
    """The letter's view of a master line: its addressee columns as text and its login values."""
    row = line.row
    return nt.NoticeViewer(name=row.name, login_id=line.login_id, password=line.password,
                           guidance=row.guidance or "", field=row.field or "",
                           addressee=text_of(row.values.get(m.ADDRESSEE)), postal=text_of(row.values.get(m.POSTAL)),
                           address=text_of(row.values.get(m.ADDRESS)), group=row.group or "")


def refusal_message(plan: NoticePlan) -> str:
    """One Japanese message saying why nothing was written (first errors with their rows)."""
    parts = list(plan.blockers)
    if plan.errors:
        shown = "\n".join(f"  {f.row}行目 {f.column}: {f.message}" for f in plan.errors[:10])
        more = f"\n  ほか{len(plan.errors) - 10}件" if len(plan.errors) > 10 else ""
        parts.append(f"視聴者リストの第{plan.context.round.number}回の行にエラーが{len(plan.errors)}件あります"
                     f"（「入力チェック」ボタン、または shuudan-xl check で一覧できます）。\n{shown}{more}")
    return "実施通知を作成しませんでした。" + "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Private API
# ---------------------------------------------------------------------------------------------

def _check_unfinished(plan: NoticePlan, per_letter, settings: Settings, draft: bool) -> None:
    # Settings that leave「○○」refuse the letters, unless staff asked for a draft; blank contact lines warn.
    codes = {prefecture_code(line.row.group or "", line.login_id) for line in plan.context.plan.lines}
    unfinished = per_letter.unfinished(codes)
    if unfinished and draft:
        plan.draft = True
        plan.warnings.append(f"{'・'.join(unfinished)}が空欄か例の「○○」のままです。下書きとして作成し、"
                             "全てのページに「下書き」と入れました（発送しないでください）。")
    elif unfinished:
        plan.blockers.append(f"{'・'.join(unfinished)}が空欄か例の「○○」のままのため、通知に「○○」が残ります。"
                             "入力してから作り直してください（レイアウトの確認だけなら、コマンドで --draft を付けると"
                             "「下書き」と入った通知を作れます）。")
    blank = [key for key in nt.missing_settings(settings) if key in ("電話", "住所")]
    if blank:
        plan.warnings.append(f"設定シートの{'・'.join(f'「{k}」' for k in blank)}が空欄のため、"
                             "通知の連絡先に載りません。")


def _output_names(plan: NoticePlan, stem: str, per_viewer: bool) -> dict:
    files = []
    if per_viewer:
        width = max(3, len(str(len(plan.letters))))
        for number, letter in enumerate(plan.letters, start=1):
            name = _UNSAFE.sub("", letter.line.row.name)[:30]
            files.append(f"{number:0{width}d}_{letter.login_id}_{name}.docx")
    return {"letters": f"{stem}.docx", "merge": f"{stem}_差し込みデータ.xlsx", "dir": f"{stem}_個別", "files": files}


def _ensure_closed(outdir: Path, names: dict) -> None:
    # Word and Excel leave an owner file "~$…" beside a document they have open.
    from shuudan_xl.files.xlsx_patch import excel_lock_file

    paths = [outdir / names["letters"], outdir / names["merge"]]
    paths += [outdir / names["dir"] / n for n in names["files"]]
    for path in paths:
        if path.exists() and excel_lock_file(path) is not None:
            raise FileInUse(f"「{path.name}」がWordかExcelで開かれています。閉じてから、もう一度実行してください。")


def _move_into_place(staging: Path, outdir: Path, names: dict) -> None:
    # Replace the previous files of the round; earlier per-viewer letters are removed, other files kept.
    for key in ("letters", "merge"):
        (staging / names[key]).replace(outdir / names[key])
    if names["files"]:
        target = outdir / names["dir"]
        target.mkdir(exist_ok=True)
        for old in target.iterdir():
            if old.is_file() and _PER_VIEWER_FILE.match(old.name):
                old.unlink()
        for name in names["files"]:
            (staging / names["dir"] / name).replace(target / name)
