"""The operations log: one line per writing run in 操作記録.csv beside the list, for staff to open in Excel.

Each record says who ran what, when (Japan time), on which list (name and SHA-256), with what counts,
which files it wrote (each with its SHA-256) and how it ended (完了 / 中止 / 失敗). The file is UTF-8 with a
BOM, so Excel shows the Japanese correctly when it is double-clicked. It is only ever appended to: the new
file is staged (files.transaction), checked to start with the old bytes unchanged, then put in place, all
under the folder's writer lock held by the caller. A record never holds a password: the caller passes
the run's passwords and a record containing one is refused.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from shuudan_xl.errors import CannotWrite

LOG_NAME = "操作記録.csv"
DONE, REFUSED, FAILED = "完了", "中止", "失敗"  # done / refused (findings, nothing written) / failed
COLUMNS = ("日時", "ユーザー", "PC", "操作", "年度", "視聴回", "視聴者リスト", "リストのSHA-256", "対象行数",
           "新規ID", "作成したパスワード", "止めた行", "書き込んだファイル（SHA-256）", "結果", "備考")
_BOM = "\ufeff"
_MAX_LOG_BYTES = 64 * 1024 * 1024  # far beyond years of records; a bigger file is not ours to rewrite


@dataclass
class OpRecord:
    """One run that writes, as the log keeps it."""

    when: str  # ISO time, Japan time
    user: str
    machine: str
    what: str  # command or button
    fiscal_year: str = ""
    round: str = ""
    list_name: str = ""
    list_sha256: str = ""
    rows: int | None = None
    new_ids: int | None = None
    passwords: int | None = None
    refused_rows: int | None = None
    files: list[tuple[str, str]] = field(default_factory=list)  # (path as staff see it, SHA-256)
    outcome: str = DONE
    note: str = ""

    def as_row(self) -> list[str]:
        """The record's cells in COLUMNS order."""
        def number(value: int | None) -> str:
            return "" if value is None else str(value)

        files = "\n".join(f"{name} {digest}" for name, digest in self.files)
        return [self.when, self.user, self.machine, self.what, self.fiscal_year, self.round, self.list_name,
                self.list_sha256, number(self.rows), number(self.new_ids), number(self.passwords),
                number(self.refused_rows), files, self.outcome, self.note]


def sha256_of(path: Path) -> str:
    """The SHA-256 of a file (hex), read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def append_record(folder: Path, record: OpRecord, secrets: set[str] = frozenset()) -> Path:
    """Append one record to the folder's log (created with its header row when absent).

    Call while holding the folder's writer lock (files.lock.writer_lock).

    Args:
        folder: The list's folder.
        record: The run.
        secrets: The run's passwords: none may appear in the record.

    Returns:
        The log's path.

    Raises:
        CannotWrite: when the log cannot be written, is not ours to append to, or the record holds a password.
    """
    from shuudan_xl.files.transaction import Transaction
    from shuudan_xl.rules.redaction import holds_secret

    path = Path(folder) / LOG_NAME
    line = _csv_line(record.as_row())
    if holds_secret(line, secrets):
        raise CannotWrite("操作記録にパスワードが入るため、記録しませんでした（内部の誤りです）。")
    old = _existing(path)
    new = (old or (_BOM + _csv_line(list(COLUMNS))).encode("utf-8")) + line.encode("utf-8")
    with Transaction(reported=False) as tx:  # bookkeeping: not one of the files a run reports as replaced
        staged = tx.stage(path)
        staged.write_bytes(new)
        if staged.read_bytes()[: len(old)] != old:  # append-only: what was there stays byte for byte
            raise CannotWrite(f"「{path.name}」に追記できませんでした（書き込んだ内容が一致しません）。")
        tx.commit()
    return path


def read_records(folder: Path) -> list[dict[str, str]]:
    """The log's records as {column: text}, oldest first (empty when there is no log)."""
    path = Path(folder) / LOG_NAME
    if not path.exists():
        return []
    text = path.read_bytes()[: _MAX_LOG_BYTES].decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = rows[0]
    return [dict(zip(header, row, strict=False)) for row in rows[1:] if row]


def _existing(path: Path) -> bytes:
    if not path.exists():
        return b""
    if path.stat().st_size > _MAX_LOG_BYTES:
        raise CannotWrite(f"「{path.name}」が大きすぎるため追記できません。別の名前で保存して、新しく始めてください。")
    data = path.read_bytes()
    if not data.startswith(_BOM.encode("utf-8")):
        raise CannotWrite(f"「{path.name}」は操作記録の形式ではありません（Excelで別の形式で保存しましたか）。"
                          "別の名前に変えてから、もう一度実行してください。")
    return data if data.endswith(b"\n") else data + b"\r\n"


def _csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)
    return out.getvalue()
