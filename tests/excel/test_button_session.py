"""One round session per click (issue 12 §6): 出欠取込 and 再視聴 parse 設定 once and pass the session down."""

import pytest

from shuudan_xl.excel import buttons
from shuudan_xl.services import settings as settings_service
from tests.excel.remote import alerts
from tests.excel.test_buttons import attendance_recorded, exported, with_results


@pytest.fixture
def path(tmp_path):
    return tmp_path / "視聴者リスト.xlsm"


@pytest.fixture
def parsed(monkeypatch):
    """How often 設定 is parsed (services.settings.load_settings)."""
    calls = []
    load = settings_service.load_settings

    def counting(book):
        calls.append(book)
        return load(book)

    monkeypatch.setattr(settings_service, "load_settings", counting)
    return calls


def test_record_attendance_parses_the_settings_sheet_once(path, caller, parsed):
    after, _ = exported(path, caller)
    parsed.clear()
    book = caller(with_results(after, path))
    buttons.record_attendance()
    ((_, title, mode),) = alerts(book)
    assert (title, mode) == ("出欠取込", "info")
    assert len(parsed) == 1


def test_reassign_parses_the_settings_sheet_once_also_for_the_later_rounds_deadline(path, caller, parsed):
    after = attendance_recorded(path, caller)
    parsed.clear()
    book = caller(with_results(after, path, reassign_round="3"))
    buttons.reassign_absentees()
    ((_, title, mode),) = alerts(book)
    assert (title, mode) == ("再視聴", "info")
    assert len(parsed) == 1


def test_record_attendance_reports_every_settings_problem_at_once(path, caller):
    after, _ = exported(path, caller)
    book = caller(with_results(after, path, fiscal_year="昭和", password_length="abc"))
    buttons.record_attendance()
    ((text, _, mode),) = alerts(book)
    assert mode == "critical" and "昭和" in text and "パスワードの文字数" in text and "abc" in text
    assert not (path.parent / "出欠結果").exists()


@pytest.mark.parametrize("click", [buttons.double_check, buttons.fill_schedule])
def test_double_check_and_fill_schedule_report_every_settings_problem_at_once(path, caller, click):
    from tests.excel.remote import SCHEDULE_HEADERS
    from tests.excel.test_buttons import payload

    book = caller(payload(path, settings={"fiscal_year": "昭和", "password_length": "abc"},
                          extra={"視聴スケジュール": ([SCHEDULE_HEADERS], None), "ダブルチェック": ([["x"]], None)}))
    click()
    ((text, _, mode),) = alerts(book)
    assert mode == "critical" and "昭和" in text and "パスワードの文字数" in text and "abc" in text
    assert len(book.json()["actions"]) == 1  # nothing written or marked
