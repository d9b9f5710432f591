"""One submission is one pair of workbooks: the round's files in 業者提出, their manifest, and what they replace.

手順 3(5)「登録もれ等のトラブルを避けるため、視聴者リスト（Excelのブック・シート）が複数にわたることのないよう、
1つのシートにまとめた上でeラーニング事業者へ提出すること」. For a round the folder holds one 視聴者登録／更新
and one 視聴者⇔動画 book with every registration and link of the round, each once. A round's manifest
(提出記録/令和6年度_第N回.json) lists its sets of files: the main pair (本体) and, once a set was submitted
(``confirm``), supplementary pairs (追加1, 追加2 …) holding only what was added after it, never a row
already sent. Re-writing a set that was not submitted yet replaces it; the files it replaces are moved to
差し替え済み/YYYYMMDD-HHMMSS/ so that nothing stale can be mailed. Each file's row count and SHA-256 let
``confirm`` and ``doublecheck`` tell the current files and call out one changed after it was written.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.oplog import sha256_of as sha256
from shuudan_xl.rules.vendor_rows import Link, Registration
from shuudan_xl.services.round_json import content_digest, manifest_pieces

MANIFEST_DIR = "提出記録"
SUPERSEDED_DIR = "差し替え済み"
MAIN = "本体"
REGISTRATION, VIDEO_LINKS = "視聴者登録／更新", "視聴者⇔動画"


@dataclass
class FileRecord:
    """One workbook of a set: its name in the vendor folder, what it holds, its row count and checksum."""

    file: str
    kind: str  # REGISTRATION or VIDEO_LINKS
    rows: int
    sha256: str


@dataclass
class SubmissionSet:
    """The files of one submission of a round, and the registrations and links they hold."""

    label: str  # 本体, 追加1 …
    written_at: str
    files: list[FileRecord] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)  # IDs registered by its 視聴者登録／更新
    links: list[list[str]] = field(default_factory=list)  # [ID, video] of its 視聴者⇔動画
    confirmed_on: str | None = None  # set by confirm: the set was submitted
    content: str = ""  # SHA-256 of the rows written (passwords and groups included), to skip identical rewrites


@dataclass
class RoundManifest:
    """Every set of files written for a round, oldest first."""

    fiscal_label: str  # 令和6年度
    round: int
    sets: list[SubmissionSet] = field(default_factory=list)

    @property
    def sent(self) -> list[SubmissionSet]:
        """The sets already submitted (confirmed)."""
        return [s for s in self.sets if s.confirmed_on]

    @property
    def open_set(self) -> SubmissionSet | None:
        """The set written but not submitted yet (at most one), else None."""
        return next((s for s in self.sets if not s.confirmed_on), None)

    def next_label(self) -> str:
        """The label of the set to write now: 本体 until one was sent, then 追加1, 追加2 …"""
        sent = len(self.sent)
        return MAIN if sent == 0 else f"追加{sent}"

    def sent_ids(self) -> set[str]:
        return {i for s in self.sent for i in s.ids}

    def sent_links(self) -> set[tuple[str, str]]:
        return {(i, v) for s in self.sent for i, v in s.links}


@dataclass
class RoundFilesPlan:
    """What to write for a round now: the set's label, file names and rows, and the files it replaces."""

    label: str
    registration_name: str
    video_name: str
    records: list[dict[str, str]]  # rows of 視聴者登録／更新 (new IDs not sent yet)
    videos: list[dict[str, str]]  # rows of 視聴者⇔動画 (links not sent yet)
    manifest: RoundManifest
    outdir: Path
    replaced: list[Path]  # current files of the open set (and the round's stale files) to move away
    skipped_ids: int = 0  # registrations already sent in an earlier set
    skipped_links: int = 0

    @property
    def empty(self) -> bool:
        return not self.records and not self.videos

    @functools.cached_property
    def content(self) -> str:
        """The digest of the set's rows (round_json.content_digest), worked out once: ``unchanged`` compares it
        with the open set's, and ``record_set`` records it (a re-export of a million rows hashed them three times)."""
        return content_digest(self.records, self.videos)

    @property
    def unchanged(self) -> bool:
        """True when the open set already holds exactly these rows and its files are as written."""
        current = self.manifest.open_set
        return (current is not None and current.content == self.content
                and all(self.folder_sha(f.file) == f.sha256 for f in current.files))

    @property
    def read_back_when_written(self) -> bool:
        """True when the folder's books are, byte for byte, books that were read back against exactly these rows.

        ``round_set.write_set`` commits a set only after reading each of its books back against the set's rows
        (``vendor_readback.verify_written``, with the keys ``confirm`` compares: ID, password and group; ID and
        video), and records in the same transaction each book's SHA-256 and the digest of those rows. So when
        the open set's digest is that of the rows planned now, its books are this plan's (the same names and
        kinds), and each book's SHA-256 is the recorded one, reading the books back again would compare the
        same bytes with the same rows: it cannot find anything the first read-back did not. A book changed
        since (another byte), rows planned differently, or a set recorded without a digest is False: read it.
        """
        current = self.manifest.open_set
        if current is None:
            return False
        planned = ({(self.registration_name, REGISTRATION)} if self.records else set()) | (
            {(self.video_name, VIDEO_LINKS)} if self.videos else set())
        return {(f.file, f.kind) for f in current.files} == planned and self.unchanged

    def folder_sha(self, name: str) -> str | None:
        path = self.outdir / name
        return sha256(path) if path.exists() else None


def set_file_names(fiscal_label: str, round_: int, label: str) -> tuple[str, str]:
    """The pair's names: 令和6年度_第1回_視聴者登録更新.xlsx, or …_第1回_追加1_視聴者登録更新.xlsx for a supplement."""
    stem = f"{fiscal_label}_第{round_}回" + ("" if label == MAIN else f"_{label}")
    return f"{stem}_視聴者登録更新.xlsx", f"{stem}_視聴者動画.xlsx"


def set_description(round_: int, book: Path) -> str:
    """How a written set is named to staff: the round's one pair, or a supplement of what came after sending."""
    label = next((part for part in Path(book).stem.split("_") if part.startswith("追加")), None)
    return f"第{round_}回の{label}: 提出後に加わった分だけ" if label else f"第{round_}回の全員分を1組に"


def manifest_path(outdir: Path, fiscal_label: str, round_: int) -> Path:
    """Where a round's manifest is: 提出記録/令和6年度_第1回.json in the vendor folder."""
    return Path(outdir) / MANIFEST_DIR / f"{fiscal_label}_第{round_}回.json"


def read_manifest(outdir: Path, fiscal_label: str, round_: int) -> RoundManifest:
    """The round's manifest (an empty one when none was written).

    Raises:
        InputUnreadable: when the file exists but is not a manifest (staff are told to move it away).
    """
    path = manifest_path(outdir, fiscal_label, round_)
    if not path.exists():
        return RoundManifest(fiscal_label, round_)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        sets = [SubmissionSet(**{**s, "files": [FileRecord(**f) for f in s["files"]]}) for s in data["sets"]]
        return RoundManifest(str(data["fiscal_label"]), int(data["round"]), sets)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputUnreadable(f"提出記録「{path}」を読み取れません（{type(exc).__name__}）。"
                              "壊れている場合は別の場所に移してから、もう一度実行してください。") from None


def plan_round_files(outdir: Path, fiscal_label: str, round_: int, records: list[dict[str, str]],
                     videos: list[dict[str, str]], manifest: RoundManifest | None = None) -> RoundFilesPlan:
    """Decide the set to write for a round: everything of the round not yet submitted, once.

    Args:
        outdir: The vendor folder.
        fiscal_label: 令和6年度 etc.
        round_: The round.
        records: Every registration of the round (ID, password, group), each once.
        videos: Every link of the round (ID, video).
        manifest: The round's manifest when the caller has read it already under its writer lock
            (read_manifest); the plan holds this very object.

    Returns:
        The plan: before any set was submitted the main pair with everything; after, a supplement with
        the registrations and links not in a submitted set.
    """
    if manifest is None:
        manifest = read_manifest(outdir, fiscal_label, round_)
    sent_ids, sent_links = manifest.sent_ids(), manifest.sent_links()
    new_records = [r for r in records if r["id"] not in sent_ids] if sent_ids else list(records)
    seen: set[tuple[str, str]] = set()
    new_videos = []
    for v in videos:
        key = v if type(v) is Link else (v["id"], v["video"])  # a planned Link is its own (ID, video) key
        if key not in sent_links and key not in seen:
            seen.add(key)
            new_videos.append(v)
    label = manifest.next_label()
    reg, video = set_file_names(fiscal_label, round_, label)
    replaced = []
    open_set = manifest.open_set
    if open_set is not None:
        replaced += [Path(outdir) / f.file for f in open_set.files]
    replaced += [Path(outdir) / name for name in (reg, video)]  # also files written before manifests existed
    replaced = [p for p in dict.fromkeys(replaced) if p.exists()]
    # Registrations already sent: every ID the sent sets registered (after confirm they are in the ledger and
    # no longer among this round's registrations at all, so counting the records left out would say 0).
    return RoundFilesPlan(label, reg, video, new_records, new_videos, manifest, Path(outdir), replaced,
                          len(sent_ids), len(videos) - len(new_videos))


def set_notes(plan: RoundFilesPlan) -> list[str]:
    """What staff should know about the set being written (Japanese): a supplement, rows left out as sent."""
    notes = []
    if plan.label != MAIN:
        notes.append(f"この視聴回は提出済みのため、提出後に加わった分だけを「{plan.label}」として作成します"
                     f"（提出済みの新規ID {plan.skipped_ids} 件・視聴者⇔動画 {plan.skipped_links} 件は"
                     "入れていません）。")
    if plan.empty and plan.manifest.sent:
        notes.append("提出済みのファイルに全員が入っているため、新たに提出するものはありません。")
    elif plan.unchanged:
        notes.append("前回作成したファイルと内容が同じため、作り直していません。")
    return notes


def record_set(plan: RoundFilesPlan, files: list[tuple[Path, str, str, int]], now: dt.datetime) -> RoundManifest:
    """The manifest once the plan's set is written: the open set replaced by this one.

    Args:
        plan: The round's plan.
        files: (staged path, final name, kind, rows) of each workbook written.
        now: When it was written.
    """
    written = SubmissionSet(plan.label, now.isoformat(timespec="seconds"),
                            [FileRecord(name, kind, rows, sha256(path)) for path, name, kind, rows in files],
                            [r.id if type(r) is Registration else r["id"] for r in plan.records],
                            # A planned Link is written as the list [ID, video] is; no new list per row.
                            [v if type(v) is Link else [v["id"], v["video"]] for v in plan.videos],
                            content=plan.content)
    kept = [s for s in plan.manifest.sets if s.confirmed_on]
    sets = kept + ([written] if files else [])
    return RoundManifest(plan.manifest.fiscal_label, plan.manifest.round, sets)


def stage_manifest(tx, outdir: Path, fiscal_label: str, manifest: RoundManifest) -> None:
    """Write the manifest as part of a transaction (files.transaction): it is put in place with the books."""
    path = manifest_path(outdir, fiscal_label, manifest.round)
    tx.make_folder(path.parent)
    with tx.stage(path).open("w", encoding="utf-8") as fh:
        fh.writelines(manifest_pieces(manifest))


def supersede(tx, outdir: Path, paths: list[Path], now: dt.datetime) -> Path | None:
    """Copy the files a new set replaces into 差し替え済み/YYYYMMDD-HHMMSS/ before the transaction commits.

    The transaction then removes or replaces the originals; a rollback removes the copies again.

    Returns:
        The folder holding the copies, or None when nothing is replaced.
    """
    if not paths:
        return None
    folder = Path(outdir) / SUPERSEDED_DIR / now.strftime("%Y%m%d-%H%M%S")
    tx.make_folder(folder)
    for path in paths:
        shutil.copy2(path, folder / path.name)
    tx.on_rollback(lambda: shutil.rmtree(folder, ignore_errors=True))
    return folder


def remove_replaced(paths: list[Path], staged_finals: set[Path]) -> None:
    """After the commit, remove the replaced files that no new file took the place of (already copied away)."""
    for path in paths:
        if path not in staged_finals:
            path.unlink(missing_ok=True)


def stray_notes(outdir: Path, fiscal_label: str, round_: int, manifest: RoundManifest | None = None) -> list[str]:
    """Workbooks of the round in the folder that are not its current files (Japanese, one per file).

    Args:
        manifest: The round's manifest when the caller has read it already (read_manifest).
    """
    if manifest is None:
        manifest = read_manifest(outdir, fiscal_label, round_)
    if not manifest.sets or not Path(outdir).is_dir():
        return []
    current = {f.file for s in manifest.sets for f in s.files}
    return [f"「{p.name}」は第{round_}回の現在の提出ファイルではありません。提出しないでください。"
            for p in sorted(Path(outdir).glob(f"{fiscal_label}_第{round_}回_*.xlsx")) if p.name not in current]


def current_paths(outdir: Path, fiscal_label: str, round_: int, manifest: RoundManifest | None = None) -> list[Path]:
    """The round's current files: those of its manifest, else the pair's usual names.

    Args:
        manifest: The round's manifest when the caller has read it already (read_manifest).
    """
    if manifest is None:
        manifest = read_manifest(outdir, fiscal_label, round_)
    names = [f.file for s in manifest.sets for f in s.files] or list(set_file_names(fiscal_label, round_, MAIN))
    return [Path(outdir) / name for name in names]


_ROUND_FILE = re.compile(r"^(.+年度)_第(\d+)回_")


def notes_for_file(path: Path) -> list[str]:
    """For a vendor book given to ``doublecheck``: whether it is its round's current file, unchanged (Japanese).

    Returns:
        Nothing for a file of no round or of a folder without a manifest; else a note when the file is not
        a current file of its round, or was changed after it was written.
    """
    path = Path(path)
    m = _ROUND_FILE.match(path.name)
    if m is None or not manifest_path(path.parent, m.group(1), int(m.group(2))).exists():
        return []
    fiscal_label, round_ = m.group(1), int(m.group(2))
    manifest = read_manifest(path.parent, fiscal_label, round_)
    record = next((f for s in manifest.sets for f in s.files if f.file == path.name), None)
    if record is None:
        return [f"「{path.name}」は第{round_}回の現在の提出ファイルではありません（提出記録にありません）。"
                "提出するファイルと照合してください。"]
    if sha256(path) != record.sha256:
        return [f"「{path.name}」は作成した後に変更されています（提出記録のSHA-256と違います）。"]
    return []


def mark_confirmed(outdir: Path, fiscal_label: str, round_: int, today: dt.date,
                   names: set[str], manifest: RoundManifest | None = None) -> RoundManifest | None:
    """Record that the open set (whose files are ``names``) was submitted; None when it is not the open set.

    Written as its own small transaction (the manifest only).

    Args:
        manifest: The manifest as this run read it under its writer lock (read_manifest, plan_round_files):
            not read a second time (a set of 10,000 rows is about 1 MB of JSON). It is changed in place.
    """
    from shuudan_xl.files.transaction import Transaction

    if manifest is None:
        manifest = read_manifest(outdir, fiscal_label, round_)
    open_set = manifest.open_set
    if open_set is None or not names & {f.file for f in open_set.files}:
        return None
    open_set.confirmed_on = today.isoformat()
    with Transaction() as tx:
        stage_manifest(tx, outdir, fiscal_label, manifest)
        tx.commit()
    return manifest
