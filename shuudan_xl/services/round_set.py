"""Write a round's current set of vendor books (services.round_files decides it) inside a transaction.

Used by ``export`` (with the list's blank cells in the same transaction) and by ``reassign`` (re-viewers
join the later round's pair instead of a book of their own): the books are staged, read back and compared
with the rows planned, the manifest is staged beside them, and the files they replace are copied to
差し替え済み before the commit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from shuudan_xl.services import progress
from shuudan_xl.services import round_files as rf


@dataclass
class WrittenSet:
    """The books of a set as they will be once the transaction commits."""

    registration: Path | None  # final path, None when the set has no new ID
    video_links: Path | None  # final path, None when the set has no link
    registration_count: int
    video_count: int
    superseded: Path | None
    notes: list[str] = field(default_factory=list)


def check_set(files: rf.RoundFilesPlan, outdir: Path, templates: tuple[Path | None, Path | None]) -> None:
    """Refuse before anything is written: a book to write or replace open in Excel, or an unusable template.

    Raises:
        FileInUse: when a file is open in Excel.
        InputUnreadable: when a template cannot serve.
    """
    from shuudan_xl.files.vendor_books import REGISTRATION, VIDEO_LINKS, check_template
    from shuudan_xl.files.xlsx_patch import ensure_not_open

    for path in (outdir / files.registration_name, outdir / files.video_name, *files.replaced):
        ensure_not_open(path)
    for template, layout in zip(templates, (REGISTRATION, VIDEO_LINKS), strict=True):
        if template is not None:
            check_template(template, layout)


def write_set(tx, outdir: Path, fiscal_label: str, files: rf.RoundFilesPlan,
              templates: tuple[Path | None, Path | None], now: dt.datetime) -> WrittenSet:
    """Stage the set's books, read them back, stage the manifest and copy the replaced files away.

    Args:
        tx: The open transaction (files.transaction); nothing is in place until it commits.
        outdir: The vendor folder.
        fiscal_label: 令和6年度 etc.
        files: The set to write (services.round_files.plan_round_files).
        templates: The vendor's own templates (registration, video links), when there are any.
        now: When the set is written (manifest, 差し替え済み folder).

    Raises:
        Refused: when a book reads back differently from the rows planned.
    """
    from shuudan_xl.files.vendor_books import REGISTRATION, VIDEO_LINKS, write_vendor_book
    from shuudan_xl.services.beside import Beside
    from shuudan_xl.services.vendor_readback import verify_written

    records, videos = files.records, files.videos
    reg_name, video_name = files.registration_name, files.video_name
    if files.unchanged:  # nothing to replace: the current files already hold exactly these rows
        return WrittenSet(outdir / reg_name if records else None, outdir / video_name if videos else None,
                          len(records), len(videos), None, rf.set_notes(files))
    tx.make_folder(outdir)
    registration = tx.stage(outdir / reg_name) if records else None
    video_links = tx.stage(outdir / video_name) if videos else None
    progress.stage(progress.WRITING_VENDOR, len(records) + len(videos))
    notes = rf.set_notes(files)
    if registration is not None:
        notes += write_vendor_book(registration, REGISTRATION, records, templates[0])
    if video_links is not None:
        notes += write_vendor_book(video_links, VIDEO_LINKS, videos, templates[1])
    # The books are read back after both are written, not beside the next one's writing: that saved 2.7 s of a
    # 1M export's 37 but held two books' cells at once (2.5 instead of 2.3 KB a row at 100,000). The manifest
    # (digests and JSON: little memory) is made beside the read-back instead, on a second thread, while
    # calamine parses here without holding Python's lock: a million rows, about 1 s less. (The other way
    # round, calamine's cells would come from the thread's own heap, not from what this thread freed before.)
    written = [(p, name, kind, len(rows)) for p, name, kind, rows in (
        (registration, reg_name, rf.REGISTRATION, records), (video_links, video_name, rf.VIDEO_LINKS, videos))
        if p is not None]
    manifest = Beside(_stage_manifest, tx, outdir, fiscal_label, files, written, now, name="shuudan-xl manifest")
    try:
        verify_written(registration, records, ("id", "password", "group"), name=reg_name, ours=True)
        verify_written(video_links, videos, ("id", "video"), name=video_name, ours=True)
    finally:
        manifest.join()  # a rollback may not remove the manifest while it is being written
    manifest.check()
    superseded = rf.supersede(tx, outdir, files.replaced, now)
    return WrittenSet(outdir / reg_name if records else None, outdir / video_name if videos else None,
                      len(records), len(videos), superseded, notes)


def _stage_manifest(tx, outdir: Path, fiscal_label: str, files: rf.RoundFilesPlan, written: list,
                    now: dt.datetime) -> None:
    # The set's manifest (services.round_files.record_set) staged in the transaction.
    rf.stage_manifest(tx, outdir, fiscal_label, rf.record_set(files, written, now))


def commit_set(tx, files: rf.RoundFilesPlan, written: WrittenSet) -> dict[Path, Path]:
    """Commit the transaction holding the set, then remove the replaced files no new book took the place of.

    Ctrl-C and SIGTERM are held across both (files.transaction.signals_deferred): an interrupt between them
    would leave an old book that the manifest says was replaced beside the new set in the folder staff
    upload from. A held interrupt takes effect once both are done.

    Args:
        tx: The files.transaction.Transaction the set was staged in (``write_set``).
        files: The set's plan.
        written: What ``write_set`` staged.

    Returns:
        What ``Transaction.commit`` returns (the backups it made, by final path).
    """
    from shuudan_xl.files.transaction import signals_deferred

    with signals_deferred():
        backups = tx.commit()
        _remove_unreplaced(files, written)
    return backups


def _remove_unreplaced(files: rf.RoundFilesPlan, written: WrittenSet) -> None:
    """Remove the replaced files no new book took the place of (their copies are in 差し替え済み)."""
    if written.superseded is None:
        return
    rf.remove_replaced(files.replaced, {p for p in (written.registration, written.video_links) if p})
