"""One round session: the list opened once, 設定 read once, every problem reported at once."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.ledger_store import create_ledger
from shuudan_xl.services.session import Book, Folders, RoundSession, SessionProblems, open_session

TODAY = dt.date(2024, 5, 1)


class FakeBook:
    """A book in memory that counts how often each sheet is read."""

    def __init__(self, path: Path, settings: dict[str, object] | None = None):
        self.path = path
        self.sheets = {"設定": [["項目", "値", "説明"], *([k, v, ""] for k, v in (settings or {}).items())]}
        self.sheet_names = list(self.sheets)
        self.reads: dict[str, int] = {}

    def rows(self, sheet: str) -> list[list[object]]:
        self.reads[sheet] = self.reads.get(sheet, 0) + 1
        return self.sheets[sheet]


def test_a_fake_book_satisfies_the_book_protocol(tmp_path):
    assert isinstance(FakeBook(tmp_path / "リスト.xlsm"), Book)


def test_every_settings_problem_is_reported_at_once(tmp_path):
    book = FakeBook(tmp_path / "リスト.xlsm", {"年度": "昭和", "登録方法": "郵送", "パスワードの文字数": "8",
                                            "作業する視聴回": "第10回"})
    with pytest.raises(SessionProblems) as caught:
        open_session(book, today=TODAY)
    problems = caught.value.problems
    assert len(problems) == 4
    text = str(caught.value)
    assert all(word in text for word in ("作業する視聴回", "第10回", "年度", "登録方法", "パスワードの文字数"))


def test_option_and_settings_problems_come_together(tmp_path):
    book = FakeBook(tmp_path / "リスト.xlsm", {"登録方法": "郵送"})
    with pytest.raises(SessionProblems) as caught:
        open_session(book, round_="10", today="5/1", password_length=1_000_000)
    assert len(caught.value.problems) == 4


@pytest.mark.parametrize("typed", [3, 3.0, "3", "３", "第3回", "第３回", " 3 "])
def test_the_round_is_read_as_the_round_column_reads_it(tmp_path, typed):
    assert open_session(FakeBook(tmp_path / "l.xlsx"), round_=typed, today=TODAY).round == 3


def test_the_round_comes_from_the_settings_sheet_when_not_given(tmp_path):
    session = open_session(FakeBook(tmp_path / "l.xlsx", {"作業する視聴回": "第4回"}), today=TODAY)
    assert session.round == 4 and session.rounds == (4,)


def test_a_session_without_a_round_covers_every_round_only_when_allowed(tmp_path):
    book = FakeBook(tmp_path / "l.xlsx")
    assert open_session(book, round_=None, round_required=False, today=TODAY).rounds == tuple(range(1, 10))
    with pytest.raises(SessionProblems, match="作業する視聴回"):
        open_session(book, today=TODAY)


@pytest.mark.parametrize("length, ok", [(8, False), (9, True), (32, True), (33, False), (1_000_000, False)])
def test_the_password_length_is_bounded_9_to_32(tmp_path, length, ok):
    book = FakeBook(tmp_path / "l.xlsx")
    if ok:
        assert open_session(book, round_=1, password_length=length, today=TODAY).password_length == length
    else:
        with pytest.raises(SessionProblems, match="9〜32"):
            open_session(book, round_=1, password_length=length, today=TODAY)


def test_a_settings_password_length_past_the_bound_is_refused_naming_the_setting(tmp_path):
    with pytest.raises(SessionProblems, match="シート「設定」.*パスワードの文字数は9〜32"):
        open_session(FakeBook(tmp_path / "l.xlsx", {"パスワードの文字数": 1000}), round_=1, today=TODAY)


def test_options_win_over_settings_and_settings_over_defaults(tmp_path):
    book = FakeBook(tmp_path / "l.xlsx", {"年度": "令和5年度", "登録方法": "自庁で登録", "パスワードの文字数": 12})
    session = open_session(book, round_=1, today=TODAY)
    assert (session.fiscal_year, session.method, session.password_length) == (2023, "self", 12)
    session = open_session(book, round_=1, fiscal_year="R6", method="vendor", password_length=10, today="2024-06-01")
    assert (session.fiscal_year, session.method, session.password_length, session.today) == (
        2024, "vendor", 10, dt.date(2024, 6, 1))
    assert session.fiscal_label == "令和6年度"


def test_the_list_and_settings_are_read_once_however_often_the_services_ask(tmp_path):
    book = FakeBook(tmp_path / "l.xlsx")
    session = open_session(book, round_=1, today=TODAY)
    for _ in range(3):
        session.book.rows("設定")
    assert book.reads == {"設定": 1}


def test_another_rounds_session_shares_what_was_read_and_resolved(tmp_path):
    book = FakeBook(tmp_path / "l.xlsx", {"年度": "令和5年度", "登録方法": "自庁で登録"})
    session = open_session(book, round_=1, today=TODAY)
    later = session.for_round(3)
    assert (later.round, session.round) == (3, 1)  # the first session is unchanged
    assert (later.fiscal_year, later.method, later.today, later.folders) == (
        session.fiscal_year, session.method, session.today, session.folders)
    later.book.rows("設定")
    assert later.book is session.book and book.reads == {"設定": 1}


def test_the_session_is_frozen(tmp_path):
    session = open_session(FakeBook(tmp_path / "l.xlsx"), round_=1, today=TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        session.round = 2  # type: ignore[misc]
    assert isinstance(session, RoundSession)


def test_a_named_ledger_must_exist_but_the_default_one_may_be_absent(tmp_path):
    book = FakeBook(tmp_path / "l.xlsx")
    assert not open_session(book, round_=1, today=TODAY).folders.ledger.exists()
    with pytest.raises(InputUnreadable, match="見つかりません"):
        open_session(book, round_=1, today=TODAY, ledger=tmp_path / "別の台帳.xlsx")
    create_ledger(tmp_path / "別の台帳.xlsx")
    assert open_session(book, round_=1, today=TODAY, ledger=tmp_path / "別の台帳.xlsx").folders.ledger_given


def test_the_folders_sit_beside_the_list_unless_chosen(tmp_path):
    folders = Folders.beside(tmp_path / "リスト.xlsm")
    assert (folders.ledger, folders.vendor, folders.notices, folders.attendance, folders.backups,
            folders.templates) == (tmp_path / "ID台帳.xlsx", tmp_path / "業者提出", tmp_path / "実施通知",
                                   tmp_path / "出欠結果", tmp_path / "バックアップ", tmp_path)
    chosen = Folders.beside(tmp_path / "リスト.xlsm", vendor=tmp_path / "out", notices=tmp_path / "letters")
    assert (chosen.vendor, chosen.notices) == (tmp_path / "out", tmp_path / "letters")


def test_the_vendor_templates_are_found_in_the_templates_folder(tmp_path):
    (tmp_path / "業者様式_視聴者動画.xlsx").write_bytes(b"")
    assert Folders.beside(tmp_path / "l.xlsx").vendor_templates() == (None, tmp_path / "業者様式_視聴者動画.xlsx")
