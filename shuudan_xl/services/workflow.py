"""The monthly use cases as staff run them: fill the master, export a round, confirm it in the ledger."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from shuudan_xl.errors import Refused
from shuudan_xl.rules import master as m
from shuudan_xl.rules.era import format_fiscal_year
from shuudan_xl.rules.ledger import REGISTERED, Ledger, LedgerEntry
from shuudan_xl.rules.schedule import Round, check_round_choice, find_round
from shuudan_xl.services import progress, round_files
from shuudan_xl.services.export import ExportFiles, ExportPlan, plan_export
from shuudan_xl.services.master import MasterList, load_master
from shuudan_xl.services.session import CellWriter, ListWriter, RoundSession
from shuudan_xl.services.spare_ids import round_spares
from shuudan_xl.services.vendor_readback import verify_written

if TYPE_CHECKING:  # (services.deadlines is loaded when RoundContext.late is first asked)
    from shuudan_xl.services.deadlines import Lateness

_NEW = tuple.__new__  # what LedgerEntry(…) calls, without its Python frame


@dataclass
class RoundContext:
    """The master, ledger and schedule of one round, loaded and checked."""

    master: MasterList
    ledger: Ledger
    ledger_path: Path
    round: Round
    fiscal_year: int
    plan: ExportPlan
    catalog_source: str
    session: RoundSession  # what the entry point resolved (the list, 設定, folders, options, today)
    schedule_notices: list[str] = field(default_factory=list)  # notes on the 視聴スケジュール sheet's dates
    deadline_notice: str | None = None  # the round's registration deadline has passed (names the next round)
    rounds: tuple[Round, ...] = ()  # the year's schedule, with the 視聴スケジュール sheet's dates

    @functools.cached_property
    def late(self) -> Lateness | None:
        """Rows past the round's registration deadline (services.deadlines), worked out when first asked: only
        export and its preview ask (10,000 late rows are about 5 ms that confirm and notices do not spend)."""
        from shuudan_xl.services.deadlines import lateness

        return lateness(self.session, self.rounds, self.master, self.ledger)

    @property
    def fiscal_label(self) -> str:
        return format_fiscal_year(self.fiscal_year)

    @property
    def notices(self) -> list[str]:
        """Every Japanese warning not tied to a cell, for staff to read: the schedule's notes, then the deadline.

        A new list each time (add to ``schedule_notices`` or set ``deadline_notice`` instead). Use cases that
        care about one kind only read its own field: letters go out after registration, so the deadline
        does not concern them.
        """
        return [*self.schedule_notices, *([self.deadline_notice] if self.deadline_notice else [])]


def prepare_round(session: RoundSession) -> RoundContext:
    """Load everything the session's round needs and plan it (nothing is written).

    Args:
        session: The list, settings and options resolved once by the entry point (services.session).

    Raises:
        InvalidArgument: when the session has no round, or the 視聴スケジュール sheet's year cannot be used.
        Refused: when the 視聴スケジュール sheet has errors.
    """
    from shuudan_xl.files.ledger_store import read_ledger
    from shuudan_xl.services.catalog import load_catalog
    from shuudan_xl.services.schedule_sheet import schedule_with_sheet

    progress.stage(progress.READING)
    round_ = session.require_round()
    book = session.book
    schedule = schedule_with_sheet(book, session.fiscal_year)  # dates staff set in 視聴スケジュール, if any
    schedule.raise_on_errors()
    rounds = schedule.rounds
    chosen = find_round(rounds, round_)
    master = load_master(book)
    ledger = read_ledger(session.folders.ledger)
    catalog, catalog_findings, source = load_catalog(book)
    progress.stage(progress.CHECKING, len(master.rows))
    plan = plan_export(master, ledger, catalog, {round_: chosen.start.month}, session.password_length)
    plan.warnings[:0] = [f for f in catalog_findings]
    plan.spares = round_spares(ledger, session.fiscal_year, round_)
    passed = check_round_choice(round_, session.today, session.method, rounds)
    return RoundContext(master, ledger, session.folders.ledger, chosen, session.fiscal_year, plan, source, session,
                        schedule_notices=schedule.notices(),
                        deadline_notice=passed.message if passed is not None else None, rounds=tuple(rounds))


def export_round(context: RoundContext, outdir: Path,
                 templates: tuple[Path | None, Path | None] = (None, None),
                 writer: ListWriter | None = None) -> ExportFiles:
    """Write the round's vendor workbooks (after filling the master's blank IDs and passwords).

    Args:
        context: The prepared round.
        outdir: Folder for the vendor workbooks.
        templates: The vendor's own templates (registration, video links), when there are any.
        writer: Where the master's blank cells are filled (default: the workbook file, part-wise).
    """
    from shuudan_xl.files.xlsx_patch import SheetWriter
    from shuudan_xl.services.export import write_export

    writer = writer or SheetWriter(context.master.path, context.master.sheet)
    return write_export(context.plan, writer, outdir, context.fiscal_label, templates)


def confirm_round(context: RoundContext, outdir: Path, dry_run: bool = False,
                  manifest: round_files.RoundManifest | None = None) -> list[LedgerEntry]:
    """Add the round's newly registered IDs to the ledger, after checking the files that were sent.

    The entries' 登録確定日 is the session's today (confirm --today). With ``dry_run`` every check is made
    and the entries are returned, but the ledger is not touched.

    Args:
        context: The prepared round.
        outdir: The vendor folder.
        dry_run: Check and return the entries; write nothing.
        manifest: The round's manifest as the caller read it under this run's writer lock
            (round_files.read_manifest), not read again; confirm marks its set confirmed in it.

    Raises:
        Refused: when the master still has blanks for the round (export first), or the vendor files
            in ``outdir`` differ from the master.
    """
    from shuudan_xl.files.ledger_store import append_entries

    plan = context.plan
    if plan.errors:
        raise Refused(f"エラーが{len(plan.errors)}件あるため、台帳に登録しませんでした。")
    if plan.unfilled:
        raise Refused("視聴者リストにまだ空欄のユーザーID・パスワードがあります。"
                      "先に業者提出ファイルを作成してください。")
    # The round's current set (services.round_files): what export wrote and was not confirmed yet.
    files = round_files.plan_round_files(outdir, context.fiscal_label, plan.round, plan.registration_records(),
                                         plan.video_records(), manifest)
    reg_name, video_name = files.registration_name, files.video_name
    progress.stage(progress.VERIFYING, len(plan.lines))
    # Books whose bytes (SHA-256) are those recorded for a set of exactly these rows were read back against
    # them before they were committed (RoundFilesPlan.read_back_when_written): reading them again would compare
    # the same bytes with the same rows. Any book changed since, or rows planned otherwise, is read back.
    proven = files.read_back_when_written
    for name, rows, keys in ((reg_name, files.records, ("id", "password", "group")),
                             (video_name, files.videos, ("id", "video"))):
        path = outdir / name
        if not rows:
            continue
        if not path.exists():
            raise Refused(f"提出したファイル「{path}」が見つかりません。作成したフォルダを指定してください。")
        if not proven:
            verify_written(path, rows, keys)
    today = context.session.today
    year, round_ = context.fiscal_year, plan.round
    # Made in C, every field in LedgerEntry's order (login_id … note): no Python call per new ID.
    entries = [_NEW(LedgerEntry, (line.login_id, line.password, line.group, line.row.guidance or "",
                                  line.row.field or "", line.row.number, line.row.name, year, round_, today,
                                  REGISTERED, ""))
               for line in plan.first_new_lines()]  # the new IDs the registration book sent
    if dry_run:
        return entries
    progress.stage(progress.WRITING_LEDGER, len(entries))
    append_entries(context.ledger_path, entries)
    # The manifest plan_round_files read under this run's writer lock: not read again (about 1 MB of JSON).
    round_files.mark_confirmed(outdir, context.fiscal_label, plan.round, today, {reg_name, video_name},
                               manifest=files.manifest)
    return entries


def fill_master(session: RoundSession, columns: tuple[str, ...] = (m.LOGIN_ID, m.PASSWORD),
                writer: CellWriter | None = None) -> tuple[ExportPlan, Path | None]:
    """Fill blank IDs and/or passwords of the session's rounds in the master (nothing else changes).

    Args:
        session: The list, ledger, password length and rounds (its round, or every round when it has none).
        columns: Which blanks to fill: ユーザーID, パスワード or both.
        writer: Where the cells are written (default: the workbook file, part-wise).

    Returns:
        The plan (its ``writes`` are what was filled) and the master's backup (None if nothing written).
    """
    from shuudan_xl.files.ledger_store import read_ledger
    from shuudan_xl.files.xlsx_patch import SheetWriter

    rounds = session.rounds
    master = load_master(session.book)
    ledger = read_ledger(session.folders.ledger)
    present = {r.round for r in master.rows if r.round in rounds}
    if not present:
        raise Refused(f"視聴回が{rounds[0]}の行がありません。" if len(rounds) == 1
                      else "視聴回が入った行がありません。")
    plan = plan_export(master, ledger, None, {n: 0 for n in present}, session.password_length)
    wanted = {master.column(c) for c in columns}
    plan.writes = [w for w in plan.writes if w.col in wanted]
    if plan.errors or not plan.writes:
        return plan, None
    writer = writer or SheetWriter(master.path, master.sheet)
    writer.check()
    return plan, writer.write(plan.writes)
