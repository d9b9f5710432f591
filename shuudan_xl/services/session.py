"""One round session: the list opened once, 設定 read once, the round's options resolved once.

Entry points (a CLI command, a button) build a ``RoundSession`` with ``open_session`` and pass it down;
services receive it and never open the list or read 設定 again. Every unusable value (設定 rows, options)
is reported at once in one ``SessionProblems`` error, not the first alone. ``Folders`` is the one place
that knows where a round's files sit beside the list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from shuudan_xl.errors import InputUnreadable, InvalidArgument, RuleError
from shuudan_xl.files.ledger_store import DEFAULT_NAME as LEDGER_NAME
from shuudan_xl.files.xlsx_patch import BACKUP_DIR
from shuudan_xl.rules import master as m
from shuudan_xl.rules.era import JST, fiscal_year_of, format_fiscal_year, parse_fiscal_year
from shuudan_xl.rules.passwords import MAX_LENGTH as MAX_PASSWORD_LENGTH
from shuudan_xl.rules.passwords import MIN_LENGTH, check_length
from shuudan_xl.rules.settings import SETTINGS_SHEET, Settings
from shuudan_xl.services.books import Book  # noqa: F401 (re-exported: the session's book is one)
from shuudan_xl.services.export import TEMPLATE_NAMES
from shuudan_xl.services.export import VENDOR_FOLDER as VENDOR_DIR
from shuudan_xl.services.oprecord import current as current_run

if TYPE_CHECKING:
    from shuudan_xl.files.xlsx_patch import CellWrite

NOTICES_DIR = "実施通知"  # the other folder names live beside the code that writes them (imported above)
ATTENDANCE_DIR = "出欠結果"  # here too: importing services.attendance for it cost every command ~8 ms
FROM_SETTINGS = "設定"  # open_session(round_=FROM_SETTINGS): the round is 設定's 作業する視聴回
# What to do with rows whose round's registration deadline has passed (手順 3(6)): refuse (the default),
# move them to the next open round (--move-late), or go ahead because the vendor agreed (--allow-late).
REFUSE_LATE, MOVE_LATE, ALLOW_LATE = "refuse", "move", "allow"

_KEYS = {name: key for key, name in Settings.keys().items()}  # attribute → 項目 as staff see it


class CellWriter(Protocol):
    """Where generated cells of one sheet are written (files.xlsx_patch.SheetWriter, excel.book.ExcelWriter)."""

    def check(self) -> None:
        """Refuse early when the target cannot be written (e.g. open in Excel)."""

    def write(self, writes: list[CellWrite]) -> Path | None:
        """Write the cells; return the backup of the previous file, if one was made."""


class ListWriter(Protocol):
    """Where an export fills the list's blank cells, inside its transaction (files.xlsx_patch.SheetWriter for a
    file, excel.book.ExcelWriter for the book open in Excel)."""

    def check(self) -> None:
        """Refuse early when the list cannot be written (e.g. open in Excel)."""

    def stage(self, tx, writes: list[CellWrite]) -> Book:
        """Write the cells into what ``tx`` (files.transaction) commits; return the list as it will be."""

    def finish(self) -> None:
        """Everything is verified: make the staged list final where the transaction does not (Excel)."""


class SessionProblems(InvalidArgument):
    """The 設定 sheet or the options hold values that cannot be used; ``problems`` lists every one."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        head = "次の設定・指定を直してから、もう一度実行してください:" if len(problems) > 1 else ""
        super().__init__("\n".join([head, *(f"  ・{p}" for p in problems)]) if head else problems[0])


@dataclass(frozen=True)
class Folders:
    """Where a round's files are: all beside the list unless staff chose another place."""

    master: Path
    ledger: Path
    vendor: Path
    notices: Path
    attendance: Path
    templates: Path  # the folder holding the vendor's own forms
    ledger_given: bool = False  # named by staff (--ledger): it must exist

    @classmethod
    def beside(cls, master: Path, *, ledger: Path | None = None, vendor: Path | None = None,
               notices: Path | None = None, attendance: Path | None = None,
               templates: Path | None = None) -> Folders:
        """The layout of a list; each argument given replaces its default beside the list."""
        here = Path(master).parent
        return cls(Path(master), Path(ledger) if ledger else here / LEDGER_NAME,
                   Path(vendor) if vendor else here / VENDOR_DIR, Path(notices) if notices else here / NOTICES_DIR,
                   Path(attendance) if attendance else here / ATTENDANCE_DIR,
                   Path(templates) if templates else here, ledger is not None)

    @property
    def backups(self) -> Path:
        """Backups of the list (files.xlsx_patch makes them there)."""
        return self.master.parent / BACKUP_DIR

    def vendor_templates(self) -> tuple[Path | None, Path | None]:
        """The vendor's own templates (registration, video links); None where absent."""
        found = tuple(self.templates / name for name in TEMPLATE_NAMES)
        return tuple(p if p.exists() else None for p in found)


@dataclass(frozen=True)
class RoundSession:
    """Everything one command or button resolved before any work: frozen, passed down, never re-read."""

    book: Book
    settings: Settings
    folders: Folders
    fiscal_year: int
    round: int | None  # None: every round (fill without a round)
    method: str  # "vendor" (● deadline) or "self" (☆ deadline)
    today: dt.date
    password_length: int
    late: str = REFUSE_LATE  # REFUSE_LATE, MOVE_LATE or ALLOW_LATE

    @property
    def master_path(self) -> Path:
        """The list's file (the workbook open in Excel: its file)."""
        return self.book.path

    @property
    def fiscal_label(self) -> str:
        """The fiscal year as staff read it (令和6年度)."""
        return format_fiscal_year(self.fiscal_year)

    @property
    def rounds(self) -> tuple[int, ...]:
        """The rounds the session covers: its round, or every round."""
        return (self.round,) if self.round is not None else tuple(m.ROUNDS)

    def require_round(self) -> int:
        """The session's round.

        Raises:
            InvalidArgument: when the session covers every round.
        """
        if self.round is None:
            raise InvalidArgument(f"シート「{SETTINGS_SHEET}」の「{_KEYS['current_round']}」に、作業する視聴回を"
                                  " 1〜9 で入力してください。")
        return self.round

    def for_round(self, number: int) -> RoundSession:
        """The same session for another round (e.g. reassign's later round): nothing is opened or read again.

        Args:
            number: 視聴回 1–9, already validated by the caller.
        """
        return replace(self, round=number)


def open_session(source: Book | Path, *, round_: object = FROM_SETTINGS,
                 fiscal_year: object = None, method: str | None = None, password_length: object = None,
                 today: dt.date | str | None = None, ledger: Path | str | None = None,
                 vendor: Path | str | None = None, notices: Path | str | None = None,
                 attendance: Path | str | None = None, templates: Path | str | None = None,
                 round_required: bool = True, late: str = REFUSE_LATE) -> RoundSession:
    """Open the list once, read 設定 once and resolve the round's options (nothing is written).

    Args:
        source: The list's path (opened here: the one place a path becomes a book), or a workbook already
            open (see services.books.Book).
        round_: 視聴回 as typed (3, "3", "第3回", "３"); ``FROM_SETTINGS`` takes 作業する視聴回; None: every round.
        fiscal_year: As typed (2024, "R6", "令和6年度"); default 設定's 年度, else the one containing today.
        method: "vendor" or "self"; default 設定's 登録方法.
        password_length: Length of generated passwords; default 設定's パスワードの文字数.
        today: The date deadlines are compared with (a date or YYYY-MM-DD); default today.
        ledger: The ID ledger; default ID台帳.xlsx beside the list (which alone may be absent).
        vendor, notices, attendance, templates: Folders replacing their defaults beside the list.
        round_required: Refuse a session without a round (every command but fill needs one).
        late: What to do with rows past their round's registration deadline (REFUSE_LATE, MOVE_LATE, ALLOW_LATE).

    Raises:
        SessionProblems: naming every unusable 設定 value and option at once.
        InputUnreadable: when the list cannot be read or a named ledger does not exist.
    """
    book = _ReadOnce.of(source)
    settings, problems = _settings(book)
    day = _today(today, problems)
    number = _round(settings.current_round if round_ == FROM_SETTINGS else round_, round_ == FROM_SETTINGS,
                    round_required, problems)
    year = _fiscal_year(fiscal_year, settings.fiscal_year, day, problems)
    length = _password_length(password_length, settings.password_length, problems)
    if method not in (None, "vendor", "self"):
        problems.append(f"登録方法は vendor か self で指定してください（指定: {method}）。")
    if problems:
        raise SessionProblems(problems)
    folders = Folders.beside(book.path, ledger=ledger, vendor=vendor, notices=notices, attendance=attendance,
                             templates=templates)
    if folders.ledger_given and not folders.ledger.is_file():
        raise InputUnreadable(f"指定したID台帳「{folders.ledger}」が見つかりません。場所とファイル名を確かめてください"
                              "（初めての登録なら --ledger を省くと、視聴者リストと同じフォルダに作成します）。")
    session = RoundSession(book, settings, folders, year, number, method or settings.method, day, length, late)
    current_run().saw_session(session)  # for the operations log of a writing run
    return session


class _ReadOnce:
    # A book whose sheets are read once: 設定 and the list are read by several steps of one run.
    def __init__(self, book: Book):
        self._book, self.path, self.sheet_names = book, book.path, list(book.sheet_names)
        self._rows: dict[str, list[list[object]]] = {}

    @classmethod
    def of(cls, source: Book | Path) -> _ReadOnce:
        if isinstance(source, cls):
            return source
        if isinstance(source, Book):
            return cls(source)
        from shuudan_xl.files.reader import Workbook

        return cls(Workbook(Path(source)))

    def rows(self, sheet: str) -> list[list[object]]:
        if sheet not in self._rows:
            self._rows[sheet] = self._book.rows(sheet)
        return self._rows[sheet]

    def __getattr__(self, name: str):  # the wrapped book's own extras (e.g. OpenBook.sheet)
        return getattr(self._book, name)


def _settings(book: Book) -> tuple[Settings, list[str]]:
    from shuudan_xl.services.settings import load_settings

    settings, findings = load_settings(book)
    return settings, [f"シート「{f.sheet}」{f.row}行目: {f.message}" for f in findings]


def japan_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date in Japan: a deadline day lasts until midnight Japan time, wherever the PC's clock is set.

    Args:
        now: An aware moment (default: now).
    """
    return (now or dt.datetime.now(dt.UTC)).astimezone(JST).date()  # rules.era.JST: Asia/Tokyo, fixed offset


def _today(value: dt.date | str | None, problems: list[str]) -> dt.date:
    if value is None or value == "":
        return japan_today()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        problems.append(f"--today は 2024-05-20 の形で指定してください（指定: {value}）。")
        return japan_today()


def _round(value: object, from_settings: bool, required: bool, problems: list[str]) -> int | None:
    if value is None or value == "":
        if required:
            problems.append(f"シート「{SETTINGS_SHEET}」の「{_KEYS['current_round']}」に、作業する視聴回を"
                            " 1〜9 で入力してください。" if from_settings else "視聴回を 1〜9 で指定してください。")
        return None
    number = m.round_number(value)
    if number is None:
        where = f"シート「{SETTINGS_SHEET}」の「{_KEYS['current_round']}」" if from_settings else "視聴回"
        problems.append(f"{where}は 1〜9（第1回、１ なども可）で指定してください（指定: 「{value}」）。")
    return number


def _fiscal_year(option: object, setting: str, today: dt.date, problems: list[str]) -> int:
    value = option if option not in (None, "") else setting
    if value in (None, ""):
        return fiscal_year_of(today)
    try:
        return parse_fiscal_year(value)
    except ValueError as exc:
        where = "" if option not in (None, "") else f"シート「{SETTINGS_SHEET}」の「{_KEYS['fiscal_year']}」: "
        problems.append(f"{where}{exc}")
        return fiscal_year_of(today)


def _password_length(option: object, setting: int, problems: list[str]) -> int:
    value = setting if option is None else option
    where = (f"シート「{SETTINGS_SHEET}」の「{_KEYS['password_length']}」" if option is None
             else "パスワードの文字数（--password-length）")
    try:
        return check_length(int(str(value).strip()))
    except (ValueError, RuleError):  # RuleError is a ValueError: one message for both
        problems.append(f"{where}は {MIN_LENGTH}〜{MAX_PASSWORD_LENGTH} の整数にしてください（指定: {value}）。")
        return MIN_LENGTH
