"""Registration deadlines kept: past the deadline, registering commands refuse, move the rows or record an allowance.

Seed, 手順 3(1)「登録期限までに視聴者を必ず登録すること」and 3(6)「登録期限は厳守すること。登録期限に間に合わなかった
場合は、翌月以降の指導実施に変更するなどの対応を図ること」.
"""

import datetime as dt

import pytest

from shuudan_xl.cli.main import main
from shuudan_xl.files.ledger_store import read_ledger
from shuudan_xl.files.oplog import LOG_NAME, REFUSED, read_records
from shuudan_xl.files.package_data import sample_rows
from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules import master as m
from shuudan_xl.rules.ledger import LEDGER_SHEET
from shuudan_xl.services.deadlines import LATE_STATUS
from shuudan_xl.services.session import japan_today
from tests.attendance_data import run
from tests.conftest import digest
from tests.integrity.helpers import make_sample
from tests.masters import sheet_rows

ROUND_1 = sum(1 for r in sample_rows() if m.round_number(r[m.ROUND]) == 1)


@pytest.fixture
def sample(tmp_path, capsys):
    path = make_sample(tmp_path)
    capsys.readouterr()
    return path


def export(capsys, master, round_, today, *extra):
    return run(capsys, "export", master, "--round", round_, "--fiscal-year", "2024", "-o", master.parent / "out",
               "--today", today, *extra)


def rounds_in_list(path):
    rows = sheet_rows(path, m.LIST_SHEET)
    col = rows[0].index(m.ROUND)
    return [m.round_number(r[col]) for r in rows[1:] if r[col] not in ("", None)]


def files_in(folder):
    """Every file and folder but the operations log (a refused run records itself there)."""
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.name != LOG_NAME)


def test_the_deadline_day_itself_is_on_time(sample, capsys):
    """手順 3(1): registered by the deadline (● 2024-05-24 for 第1回) is on time, the day included."""
    code, out, _ = export(capsys, sample, 1, "2024-05-24")
    assert code == 0 and "過ぎています" not in out


def test_the_day_after_the_deadline_refuses_and_writes_nothing(sample, capsys):
    before = files_in(sample.parent), digest(sample)
    code, out, _ = export(capsys, sample, 1, "2024-05-25")
    assert code == 1 and "第1回の●登録期限（事業者）（令和6年5月24日" in out and "次の視聴回は第2回" in out
    assert f"期限を過ぎた行（{ROUND_1} 行）" in out
    assert (files_in(sample.parent), digest(sample)) == before
    (record,) = read_records(sample.parent)
    assert record["結果"] == REFUSED and record["視聴回"] == "1" and record["止めた行"] == str(ROUND_1)


def test_the_self_deadline_applies_to_self_registration(sample, capsys):
    assert export(capsys, sample, 1, "2024-05-31", "--method", "self")[0] == 0
    code, out, _ = export(capsys, sample, 1, "2024-06-01", "--method", "self")
    assert code == 1 and "☆登録期限（自庁）" in out


def test_move_late_writes_the_next_open_round_into_the_list_with_a_backup(sample, capsys):
    """手順 3(6)「翌月以降の指導実施に変更」: the late rows move to 第2回; nothing goes to the vendor."""
    before = rounds_in_list(sample)
    code, out, _ = export(capsys, sample, 1, "2024-05-27", "--move-late")
    assert code == 0 and f"次の {ROUND_1} 行の視聴回を第2回に書き換えました" in out and "バックアップ" in out
    after = rounds_in_list(sample)
    assert after == [2 if r == 1 else r for r in before]
    assert any((sample.parent / "バックアップ").iterdir()) and not (sample.parent / "out").exists()
    code, out, _ = export(capsys, sample, 2, "2024-05-27")
    assert f"対象: {ROUND_1 + before.count(2)} 人" in out  # 第2回 now holds them (its deadline is open)


def test_allow_late_exports_warns_and_records_the_agreement_in_the_ledger(sample, capsys):
    code, out, err = export(capsys, sample, 1, "2024-05-27", "--allow-late")
    assert code == 0 and "警告:" in err and "事業者の了承" in err
    assert (sample.parent / "out").exists()
    rows = Workbook(sample.parent / "ID台帳.xlsx").rows(LEDGER_SHEET)
    (record,) = [r for r in rows[1:] if r[10] == LATE_STATUS]
    assert record[0] == "" and record[1] == "" and record[8] == "1" and record[9] == "2024-05-27"
    assert "export" in record[11] and "期限" in record[11]
    assert len(read_ledger(sample.parent / "ID台帳.xlsx")) == 0  # the record is no registration


def test_move_late_and_allow_late_cannot_be_given_together(sample, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["export", str(sample), "--round", "1", "--move-late", "--allow-late"])
    assert caught.value.code == 2


def test_fill_of_a_late_round_refuses_and_writes_nothing(sample, capsys):
    before = files_in(sample.parent), digest(sample)
    code, out, _ = run(capsys, "fill", sample, "--round", "1", "--fiscal-year", "2024", "--today", "2024-05-25")
    assert code == 1 and "第2回" in out and "--move-late" in out
    assert (files_in(sample.parent), digest(sample)) == before


def test_fill_without_a_round_is_not_a_registration_and_is_not_refused(sample, capsys):
    code, out, _ = run(capsys, "fill", sample, "--today", "2025-03-01")
    assert "過ぎています" not in out and code == 1  # the sample's errors, not the deadline


def test_a_round_already_registered_lets_only_the_rows_added_since_be_late(sample, capsys):
    assert export(capsys, sample, 1, "2024-05-20")[0] == 0
    assert run(capsys, "confirm", sample, "--round", "1", "--fiscal-year", "2024", "-o", sample.parent / "out",
               "--today", "2024-05-21")[0] == 0
    code, out, _ = export(capsys, sample, 1, "2024-05-27")
    assert code == 0 and "過ぎています" in out  # the warning stays; nothing is late


@pytest.mark.parametrize("utc, day", [
    (dt.datetime(2024, 5, 24, 14, 59, tzinfo=dt.UTC), dt.date(2024, 5, 24)),  # 23:59 in Tokyo
    (dt.datetime(2024, 5, 24, 15, 0, tzinfo=dt.UTC), dt.date(2024, 5, 25)),  # midnight in Tokyo
])
def test_the_deadline_day_ends_at_midnight_japan_time(utc, day):
    assert japan_today(utc) == day


def test_when_every_round_of_the_year_has_passed_the_move_is_not_offered(sample, capsys):
    """手順 3(6)「翌月以降の指導実施に変更」: with no open round left this year, the refusal sends the rows to the
    next year's list and offers only the vendor's agreement (--move-late would have nowhere to go)."""
    code, out, _ = export(capsys, sample, 1, "2025-02-05")
    assert code == 1 and "すべて登録期限を過ぎています" in out
    assert "--move-late" not in out and "翌年度の視聴者リストで登録してください" in out and "--allow-late" in out
