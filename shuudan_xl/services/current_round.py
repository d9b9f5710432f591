"""What the workbook's buttons read from the 設定 sheet beyond the session: 再視聴の視聴回, 視聴結果ファイル.

Buttons take no arguments: 作業する視聴回, 年度, 登録方法 and パスワードの文字数 come from the 設定 sheet through
the button's session (services.session); the ID ledger, the vendor folder and the vendor's templates sit
beside the master workbook (services.session.Folders).
"""

from __future__ import annotations

import re
from pathlib import Path

from shuudan_xl.errors import InputUnreadable, InvalidArgument, Refused
from shuudan_xl.rules import master as m
from shuudan_xl.rules.settings import SETTINGS_SHEET, Settings
from shuudan_xl.services.session import CellWriter, RoundSession

_KEYS = {name: key for key, name in Settings.keys().items()}  # attribute → 項目 as staff see it
_ROUND_KEY = _KEYS["current_round"]
_REASSIGN_KEY, _RESULTS_KEY = _KEYS["reassign_round"], _KEYS["results_file"]


def reassign_round(settings: Settings, from_round: int) -> int:
    """Return 再視聴の視聴回: the later round (up to 9) the absentees of ``from_round`` view again in.

    Raises:
        InvalidArgument: when it is blank, not a round, or not after ``from_round``.
    """
    if from_round >= max(m.ROUNDS):
        raise InvalidArgument(f"第{from_round}回はこの年度の最後の視聴回のため、後の視聴回で再視聴できません。"
                              "翌年度の視聴者リストで改めて登録してください。")
    number = m.round_number(settings.reassign_round) if settings.reassign_round else None
    if number is None:
        typed = f"（入力: 「{settings.reassign_round}」）" if settings.reassign_round else ""
        raise InvalidArgument(f"シート「{SETTINGS_SHEET}」の「{_REASSIGN_KEY}」に、欠席者が改めて視聴する視聴回を"
                              f" {from_round + 1}〜{max(m.ROUNDS)} で入力してください{typed}。")
    if number <= from_round:
        raise InvalidArgument(f"シート「{SETTINGS_SHEET}」の「{_REASSIGN_KEY}」（第{number}回）は、"
                              f"「{_ROUND_KEY}」（第{from_round}回）より後の視聴回にしてください。")
    return number


def results_file(master: Path, settings: Settings) -> Path:
    """Return the file named in 視聴結果ファイル: as typed when absolute, else from the master's folder.

    Either separator is accepted (視聴結果\\第1回.csv or 視聴結果/第1回.csv), and the quotes Explorer's
    "パスのコピー" puts around a path are dropped.

    Raises:
        InvalidArgument: when it is blank.
        InputUnreadable: when the file does not exist or is a folder.
    """
    text = settings.results_file.strip().strip('"').strip()
    if not text:
        raise InvalidArgument(f"シート「{SETTINGS_SHEET}」の「{_RESULTS_KEY}」に、管理者画面から出力した視聴結果の"
                              r"ファイルを入力してください（例: 視聴結果\第1回.csv）。")
    typed = Path(text)
    path = typed if typed.is_absolute() else Path(master).parent.joinpath(*re.split(r"[\\/]+", text))
    if path.is_dir():
        raise InputUnreadable(f"シート「{SETTINGS_SHEET}」の「{_RESULTS_KEY}」の「{path}」はフォルダです。"
                              "ファイル名まで入力してください。")
    if not path.exists():
        raise InputUnreadable(f"シート「{SETTINGS_SHEET}」の「{_RESULTS_KEY}」のファイル「{path}」が見つかりません。"
                              "場所とファイル名を確かめてください。")
    return path


def attendance_workbook(session: RoundSession) -> Path:
    """Return the session's round's attendance workbook that 出欠取込 wrote (in ``session.folders.attendance``).

    Raises:
        InvalidArgument: when the session has no round.
        Refused: when it has not been written yet.
    """
    from shuudan_xl.services.attendance import attendance_file_name

    round_ = session.require_round()
    path = session.folders.attendance / attendance_file_name(session.fiscal_label, round_)
    if not path.exists():
        raise Refused(f"第{round_}回の出欠結果「{path.name}」が「{path.parent}」にありません。"
                      "先に「出欠取込」ボタンで出欠結果を作成してください。")
    return path


def fill_blanks(session: RoundSession, column: str, writer: CellWriter | None = None):
    """Fill the blank ユーザーID or パスワード cells of the session's round (every round when it has none).

    Args:
        session: The working session (``open_session(book, round_required=False)``).
        column: ``rules.master.LOGIN_ID`` or ``rules.master.PASSWORD``.
        writer: Where the cells are written (see services.workflow.fill_master).

    Returns:
        ``(plan, rounds)``: the plan (its ``writes`` are what was filled, ``errors`` what blocked it) and
        the rounds covered.
    """
    from shuudan_xl.services.workflow import fill_master

    plan, _ = fill_master(session, columns=(column,), writer=writer)
    return plan, session.rounds


def working_schedule(session: RoundSession):
    """The schedule of the session's 年度 with the dates staff set in 視聴スケジュール (services.schedule_sheet).

    Args:
        session: The button's session (``open_session(book, round_required=False)``).

    Raises:
        Refused: when the sheet's dates of that year have errors.
        RuleError: when the year is outside the holiday calendar.
    """
    from shuudan_xl.services.schedule_sheet import schedule_with_sheet

    schedule = schedule_with_sheet(session.book, session.fiscal_year)
    schedule.raise_on_errors()
    return schedule
