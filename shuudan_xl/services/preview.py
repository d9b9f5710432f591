"""Preview before any write (issue 13): what a run would do, and a digest of what it read.

A dry run does all the reading, checking and planning of the real run and writes nothing. It prints the
digest of its inputs; the real run given ``--expect-digest`` recomputes it from what it reads and refuses
when the list, the ledger or the settings changed in between in a way that changes the plan.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from shuudan_xl.errors import Refused
from shuudan_xl.files.oplog import sha256_of
from shuudan_xl.rules.settings import SETTINGS_SHEET
from shuudan_xl.rules.sheets import SCHEDULE_SHEET
from shuudan_xl.rules.videos import CATALOG_SHEET

DIGEST_LENGTH = 16  # hex characters: short enough to copy, far beyond chance collisions between two runs


@dataclass
class PlannedFile:
    """A file the run would write, with the number of rows (or cells) it would hold or change."""

    path: Path
    rows: int
    what: str  # Japanese: 「業者提出（視聴者登録／更新）」, 「視聴者リスト（書き込むセル）」…
    unit: str = "行"  # what ``rows`` counts: 行, セル; "" for a file whose size says nothing (a backup)

    def as_dict(self) -> dict:
        return {"path": str(self.path), "rows": self.rows, "unit": self.unit, "what": self.what}

    @property
    def label(self) -> str:
        """「path（what、N 行）」 as staff read it."""
        return f"{self.path}（{self.what}{f'、{self.rows:,} {self.unit}' if self.unit else ''}）"


@dataclass
class Preview:
    """What the real run would do (nothing has been written)."""

    digest: str
    files: list[PlannedFile] = field(default_factory=list)
    new: list[tuple[int, str, str, str]] = field(default_factory=list)  # (Excel row, name, ID, password)
    notes: list[str] = field(default_factory=list)  # rows that would move or be refused, other notes for staff
    refused: bool = False  # the real run would stop with findings (exit 1)


class NoWrites:
    """A writer that writes nothing: services plan exactly as for a real run (services.session.CellWriter)."""

    def check(self) -> None:
        """Nothing to check."""

    def write(self, writes) -> None:
        """Write nothing."""
        return None


def list_files(path: Path, count: int, backups: Path, what: str = "視聴者リストの空欄に書き込むセル",
               unit: str = "セル") -> list[PlannedFile]:
    """The list (cells or rows it would change) and its backup."""
    return [PlannedFile(path, count, what, unit), PlannedFile(backups, 1, "元の視聴者リストのバックアップ", "")]


def mask(password: str) -> str:
    """A password as a preview shows it unless asked: its length only."""
    return "*" * len(password)


def input_digest(session, list_sheet: str | None, extra: tuple[str, ...] = ()) -> str:
    """Digest of what the plan rests on: the list, 設定, 動画一覧 and 視聴スケジュール as read, the ledger
    file and the resolved options.

    Args:
        session: The run's session (its book's sheets are read once; the same values the plan used).
        list_sheet: The sheet holding the list (None: every sheet of the book counts).
        extra: Other inputs that shape the plan (e.g. a results file's path and SHA-256).
    """
    book = session.book
    names = (list_sheet, SETTINGS_SHEET, CATALOG_SHEET, SCHEDULE_SHEET) if list_sheet else book.sheet_names
    sheets = {name: book.rows(name) for name in names if name in book.sheet_names}
    ledger = session.folders.ledger
    options = [session.fiscal_year, session.round, session.method, session.today.isoformat(),
               session.password_length, session.late, list(extra)]
    text = json.dumps({"sheets": sheets, "ledger": _file_digest(ledger), "options": options},
                      ensure_ascii=False, default=_plain, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def files_digest(paths, extra: tuple[str, ...] = ()) -> str:
    """Digest of whole files (absent ones count as absent) and options, for runs without a session."""
    text = json.dumps([[str(p), _file_digest(Path(p))] for p in paths if p] + [list(extra)], ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:DIGEST_LENGTH]


def check_expected(expected: str | None, actual: str | Callable[[], str]) -> None:
    """Refuse a real run whose inputs differ from those its dry run saw.

    Args:
        expected: The digest given with --expect-digest (None: nothing to compare).
        actual: The digest of the inputs now, or a function computing it (called only when there is
            something to compare: hashing a 100,000-row list costs a tenth of a second).

    Raises:
        Refused: when ``expected`` is given and differs from ``actual``.
    """
    if not expected:
        return
    if callable(actual):
        actual = actual()
    if expected.strip().lower() != actual:
        raise Refused(f"確認（--dry-run）のあとで、視聴者リスト・ID台帳・設定のどれかが変わっています"
                      f"（確認時 {expected.strip()}、今 {actual}）。何も書き込んでいません。"
                      "もう一度 --dry-run で内容を確かめてから実行してください。")


def _file_digest(path: Path) -> str:
    # An absent file counts as absent ("").
    return sha256_of(Path(path)) if Path(path).is_file() else ""


def _plain(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    return repr(value)


def export_preview(context, late_allowed: bool = False) -> Preview:
    """What ``export`` (or the 業者提出ファイル作成 button) would do with a prepared round.

    Args:
        context: ``services.workflow.RoundContext`` with its session.
        late_allowed: Staff already agreed to go ahead past the deadline (a button's dialog).
    """
    from shuudan_xl.services.deadlines import moved_lines
    from shuudan_xl.services.export import GENERATED
    from shuudan_xl.services.session import ALLOW_LATE, MOVE_LATE

    session, plan, master, late = context.session, context.plan, context.master, context.late
    preview = Preview(input_digest(session, master.sheet))
    if late is not None and session.late != ALLOW_LATE and not late_allowed:
        if session.late == MOVE_LATE and late.target is not None:
            preview.files += list_files(master.path, len(late.rows), session.folders.backups,
                                        "視聴者リストの視聴回を書き換える行", "行")
            preview.notes = [late.message(), f"次の {len(late.rows)} 行の視聴回を{late.target.label}に書き換えます:",
                            *moved_lines(late)]
        else:
            preview.refused, preview.notes = True, late.refused_lines()
        return preview
    if plan.errors:
        preview.refused = True
        return preview
    preview.new = [(line.row.excel_row, line.row.name or "", line.login_id, line.password) for line in plan.lines
                   if line.id_composed or line.password_source == GENERATED]
    if plan.writes:
        preview.files += list_files(master.path, len(plan.writes), session.folders.backups)
    preview.files += round_set_files(session.folders.vendor, context.fiscal_label, plan.round,
                                     plan.registration_records(), plan.video_records(), preview.notes)
    if late is not None:
        preview.files.append(PlannedFile(session.folders.ledger, 1, "ID台帳に期限後了承の記録"))
        preview.notes = [f"警告: {late.message()}事業者の了承（--allow-late）により作成します。"]
    return preview


def fill_preview(session, plan, late) -> Preview:
    """What ``fill`` would write into the list (``plan`` from services.workflow.fill_master with ``NoWrites``)."""
    from shuudan_xl.services.export import GENERATED
    from shuudan_xl.services.session import ALLOW_LATE

    preview = Preview(input_digest(session, None))
    if late is not None and session.late != ALLOW_LATE:
        preview.refused, preview.notes = True, late.refused_lines()
        return preview
    if plan.errors:
        preview.refused = True
        return preview
    preview.new = [(line.row.excel_row, line.row.name or "", line.login_id, line.password) for line in plan.lines
                   if line.id_composed or (line.password_source == GENERATED and line.row.password is None)]
    if plan.writes:
        preview.files += list_files(session.book.path, len(plan.writes), session.folders.backups)
    return preview


def round_set_files(outdir: Path, fiscal_label: str, round_: int, records: list, videos: list,
                    notes: list[str]) -> list[PlannedFile]:
    """The round's pair (or supplement) a run would write (services.round_files), and what it would move away.

    Args:
        outdir: The vendor folder.
        fiscal_label: 令和6年度 etc.
        round_: The round.
        records: Every registration of the round.
        videos: Every link of the round.
        notes: Gets the set's notes (supplement, unchanged, replaced files).
    """
    from shuudan_xl.services import round_files as rf

    files = rf.plan_round_files(outdir, fiscal_label, round_, records, videos)
    notes += rf.set_notes(files)
    if files.unchanged or files.empty:
        return []
    planned = []
    if files.records:
        planned.append(PlannedFile(outdir / files.registration_name, len(files.records), "業者提出: 視聴者登録／更新"))
    if files.videos:
        planned.append(PlannedFile(outdir / files.video_name, len(files.videos), "業者提出: 視聴者⇔動画"))
    notes += [f"「{p.name}」は差し替え済みのフォルダに移します。" for p in files.replaced]
    return planned


def notices_preview(context, plan, outdir: Path, per_viewer: bool = False) -> Preview:
    """What the letters run would write (``plan`` from services.notices.prepare_notices)."""
    stem = f"{context.fiscal_label}_第{context.round.number}回_実施通知" + ("_下書き" if plan.draft else "")
    count = len(plan.letters)
    preview = Preview(input_digest(context.session, context.master.sheet), refused=plan.refused,
                      notes=[f"理由: {text}" for text in plan.blockers]
                      + [f"エラー: {f.message}（{f.row}行目）" for f in plan.errors])
    if not plan.refused:
        preview.files = [PlannedFile(outdir / f"{stem}.docx", count, "実施通知（1人1ページ）", "通"),
                         PlannedFile(outdir / f"{stem}_差し込みデータ.xlsx", count, "差し込み印刷用")]
        if per_viewer:
            preview.files.append(PlannedFile(outdir / f"{stem}_個別", count, "視聴者ごとの文書", "件"))
    return preview
