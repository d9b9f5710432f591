"""Create spare IDs (予備ID) and hand them to viewers later (手順 6(3)).

Creating records the IDs in the ledger with 状態 予備 and registers them with the vendor: with a round
(``--round``), in that round's one pair of books (手順 3(5); services.round_files), else in a
視聴者登録／更新 workbook of their own. Assigning appends an entry (状態 割当済) naming the viewer;
the ledger lets it supersede the 予備 entry, so a master row that types the spare ID is then exported
as a registered ID (a 視聴者⇔動画 row only, the password taken from the ledger).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from shuudan_xl.errors import InvalidArgument, Refused
from shuudan_xl.rules import master as m
from shuudan_xl.rules.era import fiscal_year_of, parse_fiscal_year
from shuudan_xl.rules.ledger import SPARE, Ledger, LedgerEntry
from shuudan_xl.rules.passwords import DEFAULT_LENGTH, check_length, generate_passwords
from shuudan_xl.rules.prefectures import match_group
from shuudan_xl.rules.spare_ids import assignment_entry, assignment_problem, next_spare_ids, spare_entry
from shuudan_xl.services.export import vendor_folder

if TYPE_CHECKING:
    from shuudan_xl.services.session import RoundSession


@dataclass
class SpareIds:
    """What creating spare IDs wrote."""

    entries: list[LedgerEntry]
    workbook: Path | None  # None: registered by the round's export later (its rows are not exported yet)
    ledger_path: Path
    ledger_backup: Path | None
    master_checked: bool  # the master list's IDs were compared too
    round: int | None = None  # the round whose pair registers them
    notes: list[str] | None = None  # Japanese: the round's set (supplement, not written yet …)
    superseded: Path | None = None  # where the round's replaced files were moved


def round_spares(ledger: Ledger, fiscal_year: int, round_: int) -> list[dict[str, str]]:
    """The registrations of the spare IDs created for a round of a fiscal year (spare-ids --round), in order."""
    return [{"id": e.login_id, "password": e.password, "group": e.group} for e in ledger.entries
            if e.status == SPARE and e.round == round_ and e.fiscal_year == fiscal_year]


def spare_file_name(ids: list[str]) -> str:
    """Name of the registration workbook: 予備ID_m13yb0001-m13yb0005_視聴者登録更新.xlsx."""
    span = ids[0] if len(ids) == 1 else f"{ids[0]}-{ids[-1]}"
    return f"予備ID_{span}_視聴者登録更新.xlsx"


def prefecture_code(text: str) -> str:
    """Read a prefecture as staff type it ("01", "1", "北海道", "北海道01") into its code.

    Raises:
        InvalidArgument: when it names no prefecture.
    """
    label = match_group(str(text)).label
    if label is None:
        raise InvalidArgument(f"都道府県「{text}」を読み取れません（例: 01、北海道、北海道01）。")
    return label[-2:]


@dataclass(frozen=True)
class SpareLedger:
    """Where spare IDs are registered, resolved once by the entry point: the ledger, its 年度 and date, the
    passwords' length and, when staff named the list, its session (the list's IDs are avoided too)."""

    path: Path
    fiscal_year: int
    today: dt.date
    password_length: int
    session: RoundSession | None = None

    @classmethod
    def of_session(cls, session: RoundSession, ledger: Path | None = None) -> SpareLedger:
        """The list's session: its 設定 and options give the year, date and length.

        Args:
            session: The list's session (services.session); its round is not used (see ``round_``).
            ledger: The ledger, when not the session's (a named ledger the spares will create).
        """
        return cls(Path(ledger) if ledger else session.folders.ledger, session.fiscal_year, session.today,
                   session.password_length, session)

    @classmethod
    def alone(cls, path: Path | None, fiscal_year: int | str | None = None, today: dt.date | None = None,
              password_length: int | None = None) -> SpareLedger:
        """A ledger without a list: the year is the one given or today's, the length the one given or 10.

        Raises:
            InvalidArgument: when no ledger is named.
            RuleError: when the year or the length cannot be used.
        """
        if path is None:
            raise InvalidArgument("視聴者リスト（--master）かID台帳（--ledger）を指定してください。")
        today = today or dt.date.today()
        year = parse_fiscal_year(fiscal_year) if fiscal_year else fiscal_year_of(today)
        return cls(Path(path), year, today, check_length(password_length or DEFAULT_LENGTH))


def create_spare_ids(kind: str, prefecture: str, count: int, ledger: SpareLedger, *, outdir: Path | None = None,
                     round_: int | None = None, dry_run: bool = False) -> SpareIds:
    """Create spare IDs that collide with nothing, register them in the ledger and write their workbook.

    Args:
        kind: s, n, r, m, d or p (m for a 保険医 registered in another prefecture, as in the procedure).
        prefecture: The prefecture ("01", "北海道", "北海道01" …): the ID's code and its 所属グループ.
        count: How many (1–500).
        ledger: The ledger, 年度, 登録確定日 and password length; with the list's session, its IDs are avoided too.
        outdir: Folder of the workbook (default: 業者提出 beside the ledger).
        round_: Register them in this round's pair of books (needs the list), with the round's other IDs.
        dry_run: Plan as for real, write nothing.

    Raises:
        InvalidArgument: for a bad kind, prefecture, count, password length or round.
        Refused: when the ledger or the workbook is open in Excel.
    """
    from shuudan_xl.files.ledger_store import read_ledger, stage_entries
    from shuudan_xl.files.transaction import Transaction
    from shuudan_xl.files.vendor_books import REGISTRATION, write_vendor_book
    from shuudan_xl.files.xlsx_patch import ensure_not_open
    from shuudan_xl.rules.prefectures import LABEL_BY_CODE
    from shuudan_xl.services.master import load_master
    from shuudan_xl.services.vendor_readback import verify_written

    ledger_path, year, today, length, session = (ledger.path, ledger.fiscal_year, ledger.today,
                                                 ledger.password_length, ledger.session)
    master_ids = set(load_master(session.book).final_ids.values()) if session else None
    code = prefecture_code(prefecture)
    taken = read_ledger(ledger_path).ids() | (master_ids or set())
    ids = next_spare_ids(kind, code, count, taken)
    group = LABEL_BY_CODE[code]
    entries = [spare_entry(i, p, group, year, today)
               for i, p in zip(ids, generate_passwords(len(ids), length), strict=True)]
    folder = Path(outdir) if outdir else vendor_folder(ledger_path)
    if round_ is not None:
        if session is None or round_ not in m.ROUNDS:
            raise InvalidArgument("--round は 1〜9 で、視聴者リスト（--master）と一緒に指定してください"
                                  f"（指定: {round_}）。")
        entries = [e._replace(round=round_) for e in entries]
        return _into_round(entries, ledger, round_, folder, dry_run)
    path = folder / spare_file_name(ids)
    if dry_run:  # planned exactly as for real; nothing is written (issue 13)
        return SpareIds(entries, path, ledger_path, None, master_ids is not None)
    ensure_not_open(ledger_path)
    ensure_not_open(path)
    records = [{"id": e.login_id, "password": e.password, "group": e.group} for e in entries]
    with Transaction() as tx:  # the ledger and the workbook change together, or neither (files.transaction)
        stage_entries(tx, ledger_path, entries)
        tx.make_folder(folder)
        book = tx.stage(path)
        write_vendor_book(book, REGISTRATION, records)
        verify_written(book, records, ("id", "password", "group"), name=path.name)
        backup = tx.commit().get(Path(ledger_path))
    return SpareIds(entries, path, ledger_path, backup, master_ids is not None)


def _into_round(entries: list[LedgerEntry], ledger: SpareLedger, round_: int, folder: Path,
                dry_run: bool) -> SpareIds:
    # The spares join the round's current set with every other registration and link of the round; when
    # the round's own rows cannot be exported yet, only the ledger is written (the round's export adds them).
    from shuudan_xl.files.ledger_store import append_entries
    from shuudan_xl.files.transaction import Transaction
    from shuudan_xl.files.xlsx_patch import ensure_not_open
    from shuudan_xl.rules.era import format_fiscal_year
    from shuudan_xl.services import round_files as rf
    from shuudan_xl.services import round_set

    ledger_path, year = ledger.path, ledger.fiscal_year
    records, videos, blocked = _round_rows(ledger, round_)
    records += [{"id": e.login_id, "password": e.password, "group": e.group} for e in entries]
    label = format_fiscal_year(year)
    files = None if blocked else rf.plan_round_files(folder, label, round_, records, videos)
    name = files.registration_name if files else rf.set_file_names(label, round_, rf.MAIN)[0]
    made = SpareIds(entries, folder / name, ledger_path, None, True, round_,
                    [blocked] if blocked else rf.set_notes(files))
    if dry_run:
        return made
    ensure_not_open(ledger_path)
    if files is None:
        made.workbook = None
        made.ledger_backup = append_entries(ledger_path, entries)
        return made
    round_set.check_set(files, folder, (None, None))
    with Transaction() as tx:
        written = round_set.write_set(tx, folder, label, files, (None, None), dt.datetime.now())
        made.ledger_backup = append_entries(ledger_path, entries)  # before the books are in place
        round_set.commit_set(tx, files, written)
    made.workbook, made.notes, made.superseded = written.registration, written.notes, written.superseded
    return made


def _round_rows(ledger: SpareLedger, round_: int):
    # (registrations, links, why not) of the round as its export would write them, before the new spares;
    # the list's session for the round, nothing opened again (the ledger may not exist yet: the spares create it).
    from dataclasses import replace as replaced

    from shuudan_xl.services.workflow import prepare_round

    session = ledger.session.for_round(round_)
    if session.folders.ledger != ledger.path:
        session = replaced(session, folders=replaced(session.folders, ledger=ledger.path))
    try:
        plan = prepare_round(session).plan
    except Refused:  # no row of the round yet: its spares alone
        from shuudan_xl.files.ledger_store import read_ledger

        return round_spares(read_ledger(ledger.path), ledger.fiscal_year, round_), [], None
    if plan.errors or plan.unfilled:
        return [], [], (f"第{round_}回の行にエラーか空欄のユーザーID・パスワードがあるため、予備IDは台帳にだけ"
                        f"登録しました。第{round_}回の export（業者提出ファイル作成）で、第{round_}回の1組に"
                        "予備IDも入ります。")
    return plan.registration_records(), plan.video_records(), None


def assign_spare_id(login_id: str, name: str, ledger: SpareLedger, *, number: str = "", field: str | None = None,
                    guidance: str | None = None, round_: int | None = None, note: str = "",
                    dry_run: bool = False) -> tuple[LedgerEntry, Path | None]:
    """Record in the ledger who a spare ID was handed to.

    Args:
        login_id: The spare ID.
        name: The viewer's name.
        number: Their 保険医登録番号 etc., as it will be typed in the master list's 番号 column.
        field: 医科 / 歯科 / 薬局 (default from the ID's kind for m/d/p).
        guidance: 指導区分 (default: the spare's).
        round_: The 視聴回 they will view in, when known.
        note: Free text kept in the ledger's 備考.
        ledger: The ledger, with the 年度 and date of the assignment (from the list's 設定 when named).
        dry_run: Check as for real, write nothing.

    Returns:
        The assignment entry and the ledger's backup.

    Raises:
        Refused: when the ID is not an unassigned spare of the ledger.
        InvalidArgument: for a blank name or an unknown 種別 / 指導区分 / 視聴回.
    """
    from shuudan_xl.files.ledger_store import append_entries, read_ledger
    from shuudan_xl.files.xlsx_patch import ensure_not_open

    ledger_path, year, today = ledger.path, ledger.fiscal_year, ledger.today
    if not name.strip():
        raise InvalidArgument("割り当てる視聴者の氏名（--name）を指定してください。")
    canonical_field = m.field_type(field) if field else None
    if field and canonical_field is None:
        raise InvalidArgument(f"種別「{field}」は 医科・歯科・薬局 のいずれかにしてください。")
    canonical_guidance = m.guidance_type(guidance) if guidance else None
    if guidance and canonical_guidance is None:
        raise InvalidArgument(f"指導区分「{guidance}」は オンライン資格確認・指定時・更新時・登録時 の"
                              "いずれかにしてください。")
    if round_ is not None and round_ not in m.ROUNDS:
        raise InvalidArgument(f"視聴回は 1〜9 で指定してください（指定: {round_}）。")
    spare = read_ledger(ledger_path).get(login_id.strip())
    problem = assignment_problem(login_id.strip(), spare)
    if problem:
        raise Refused(problem)
    entry = assignment_entry(spare, name.strip(), number.strip(), canonical_field, canonical_guidance, year, round_,
                             today, note.strip())
    if dry_run:  # checked exactly as for real; nothing is written (issue 13)
        return entry, None
    ensure_not_open(ledger_path)
    return entry, append_entries(ledger_path, [entry])

