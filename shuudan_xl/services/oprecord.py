"""What a writing run did, gathered while it runs and appended to the operations log once it ends.

An entry point (cli.main for the commands, a button handler) wraps the run in ``recorded``; the command
and the services tell ``current()`` what they planned and wrote. Exactly one record is appended per run,
also when it was refused (exit 1) or failed (an exception), never during a dry run (nothing is written).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from shuudan_xl.files.oplog import DONE, FAILED, REFUSED, OpRecord, append_record, sha256_of


@dataclass
class RunNotes:
    """Facts of the running command, filled in as they become known."""

    list_path: Path | None = None
    fiscal_year: str = ""
    round: str = ""
    rows: int | None = None
    new_ids: int | None = None
    passwords: int | None = None
    refused_rows: int | None = None
    files: list[Path] = field(default_factory=list)
    secrets: set[str] = field(default_factory=set)  # passwords of the run: never logged
    note: str = ""
    outcome: str = ""  # set by a button that stopped (REFUSED); empty: decided from how the run ended

    def saw_session(self, session) -> None:
        """The list, year and round a session resolved (services.session.open_session calls this)."""
        self.list_path = Path(session.book.path)
        self.fiscal_year = session.fiscal_label
        self.round = "" if session.round is None else str(session.round)

    def saw_plan(self, plan) -> None:
        """Counts of an export plan (services.export.ExportPlan)."""
        from shuudan_xl.services.export import GENERATED

        self.rows = len(plan.lines)
        self.new_ids = len({line.login_id for line in plan.new_lines})
        self.passwords = sum(1 for line in plan.lines if line.password_source == GENERATED)
        self.refused_rows = len({f.row for f in plan.errors})
        self.secrets.update(line.password for line in plan.lines if line.password)

    def wrote(self, *paths: Path | None) -> None:
        """Files the run wrote (None is skipped)."""
        self.files += [Path(p) for p in paths if p is not None]


_current: ContextVar[RunNotes | None] = ContextVar("shuudan_run_notes", default=None)


def current() -> RunNotes:
    """The notes of the run being recorded (a throwaway when none is)."""
    return _current.get() or RunNotes()


def recorded(folder: Path | None, what: str, run: Callable[[], int], list_path: Path | None = None) -> int:
    """Run ``run()`` and append its record to ``folder``'s operations log (under the caller's writer lock).

    Args:
        folder: The list's folder (None: nothing is recorded).
        what: The command or button.
        run: The work; returns the exit code (0 done, 1 refused, other failed); an exception is a failure.
        list_path: The list, when the run names it before any session is opened.

    Returns:
        What ``run()`` returned (its exception propagates after the record is appended).
    """
    with recording(folder, what, list_path) as notes:
        code = run()
        notes.outcome = notes.outcome or (DONE if code == 0 else REFUSED if code == 1 else FAILED)
    return code


@contextmanager
def recording(folder: Path | None, what: str, list_path: Path | None = None) -> Iterator[RunNotes]:
    """Gather the notes of the ``with`` block and append its record when it ends (a button's run).

    An exception is recorded as 中止 (an expected refusal, exit 1) or 失敗 and propagates; otherwise the
    outcome is what the block set in ``notes.outcome`` (default 完了).
    """
    from shuudan_xl.errors import ShuudanError

    notes = RunNotes(list_path=list_path)
    token = _current.set(notes)
    try:
        yield notes
    except BaseException as exc:
        if isinstance(exc, ShuudanError):  # an expected refusal (exit 1) or "cannot run" (exit 2)
            _append(folder, what, notes, REFUSED if exc.exit_code == 1 else FAILED, str(exc))
        else:
            _append(folder, what, notes, FAILED, f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
        raise
    finally:
        _current.reset(token)
    _append(folder, what, notes, notes.outcome or DONE, notes.note)


def _append(folder: Path | None, what: str, notes: RunNotes, outcome: str, note: str) -> None:
    import sys

    from shuudan_xl.files.lock import current_holder
    from shuudan_xl.files.transaction import reason
    from shuudan_xl.rules.era import JST
    from shuudan_xl.rules.redaction import masked

    if folder is None or not Path(folder).is_dir():
        return
    holder = current_holder(what)
    note = masked(note, notes.secrets)  # a message may quote a typed value
    lst = notes.list_path
    record = OpRecord(
        when=dt.datetime.now(JST).isoformat(timespec="seconds"), user=holder.user, machine=holder.machine,
        what=what, fiscal_year=notes.fiscal_year, round=notes.round, list_name=lst.name if lst else "",
        list_sha256=_digest(lst), rows=notes.rows, new_ids=notes.new_ids, passwords=notes.passwords,
        refused_rows=notes.refused_rows, files=[(str(p), _digest(p)) for p in notes.files], outcome=outcome,
        note=" ".join(note.split())[:500])
    try:
        append_record(Path(folder), record, notes.secrets)
    except KeyboardInterrupt:  # Ctrl-C / SIGTERM after the work was done: its outcome stands, the log as it was
        sys.stderr.write("shuudan-xl: 注意: 中断されたため、操作記録に書き込みませんでした。\n")
    except Exception as exc:  # the run's own outcome stands; staff are told the record is missing
        if outcome == FAILED:  # the failure's own message says it all (often the same cause: disk, rights)
            return
        why = reason(exc) if isinstance(exc, OSError) else str(exc)
        sys.stderr.write(f"shuudan-xl: 注意: 操作記録に書き込めませんでした（{why}）。\n")


def _digest(path: Path | None) -> str:
    if path is None or not Path(path).is_file():
        return ""
    try:
        return sha256_of(Path(path))
    except OSError:
        return ""


def export_record_lines(folder: Path, files: list[Path], only_found: bool = False) -> list[str]:
    """Name the operations-log record each file came from, and call out files changed since (Japanese).

    Args:
        folder: The list's folder (where 操作記録.csv is).
        files: The files about to be used (the vendor workbooks), existing ones only.
        only_found: Say nothing of files no record names (e.g. a second keying typed by hand).
    """
    from shuudan_xl.files.oplog import DONE, read_records

    records = [r for r in read_records(Path(folder)) if r.get("結果") == DONE]
    lines = []
    for path in (Path(p) for p in files):
        if not path.is_file():
            continue
        found = None
        for record in reversed(records):
            for entry in (record.get("書き込んだファイル（SHA-256）") or "").splitlines():
                name, _, digest = entry.rpartition(" ")
                if Path(name).name == path.name:
                    found = (record, digest)
                    break
            if found:
                break
        if found is None:
            if only_found:
                continue
            lines.append(f"「{path.name}」を作った記録が操作記録にありません（手で作ったか、別のフォルダで作ったファイルです）。")
            continue
        record, digest = found
        who = f"{record.get('日時', '')[:16].replace('T', ' ')} の「{record.get('操作', '')}」" \
              f"（{record.get('ユーザー', '')}・{record.get('PC', '')}）"
        if _digest(path) == digest:
            lines.append(f"「{path.name}」は {who} で作成したものです（変更なし）。")
        else:
            lines.append(f"「{path.name}」は {who} で作成したあとに変更されています。"
                         "提出した内容と違わないか確かめてください。")
    return lines


def log_folder_of(path: Path) -> Path | None:
    """The folder whose 操作記録.csv names a file: its own, or the list's folder above 業者提出."""
    from shuudan_xl.files.oplog import LOG_NAME

    for folder in (Path(path).parent, Path(path).parent.parent):
        if (folder / LOG_NAME).is_file():
            return folder
    return None
