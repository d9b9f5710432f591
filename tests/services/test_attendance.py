import datetime as dt

import pytest

from shuudan_xl.errors import Refused
from shuudan_xl.files.ledger_store import append_entries
from shuudan_xl.rules import attendance as a
from shuudan_xl.rules.ledger import SPARE, LedgerEntry
from shuudan_xl.services.attendance import (
    attendance_file_name,
    compute_attendance,
    record_attendance,
)
from shuudan_xl.services.session import open_session
from tests.attendance_data import EXCEPTIONS, IDS, RESULTS, exported_master, write_csv
from tests.masters import viewer

TODAY = dt.date(2024, 7, 5)


@pytest.fixture
def master(tmp_path, capsys):
    return exported_master(tmp_path / "課", capsys)


def session(master, round_=1):
    """The round's session as an entry point opens it (services.session)."""
    return open_session(master, round_=round_, today=TODAY)


def compute(master, tmp_path, rows=RESULTS, **kw):
    return compute_attendance(session(master), write_csv(tmp_path / "r.csv", rows), **kw)


def by_id(report):
    return {r.login_id: r for r in report.rows}


def test_every_viewer_of_the_round_gets_a_row_in_master_order(master, tmp_path):
    report = compute(master, tmp_path)
    assert [r.login_id for r in report.rows] == [IDS[k] for k in ("minato", "sakura", "yamada", "aoba", "sato")]
    assert [r.master_row for r in report.rows] == [2, 3, 4, 5, 6]
    assert {r.guidance_date for r in report.rows} == {dt.date(2024, 6, 30)}
    assert report.path is None and report.fiscal_label == "令和6年度"


def test_the_round_video_is_matched_when_the_export_names_videos(master, tmp_path):
    rows = RESULTS[:4] + [
        ["1", IDS["minato"], "東京13", "指定時集団指導（医科）5月", "視聴完了", "2024/06/02 10:00", ""],
        ["2", IDS["sato"], "東京13", "登録時集団指導（歯科）6月", "視聴完了", "2024/06/02 10:00", ""]]
    report = compute(master, tmp_path, rows)
    rows_ = by_id(report)
    assert rows_[IDS["minato"]].result == a.ABSENT and "他の動画の結果のみ" in rows_[IDS["minato"]].basis
    assert rows_[IDS["sato"]].result == a.ATTENDED
    # The 要確認 line says the ID is in the results for another video, not that the ID is missing from them.
    (issue,) = [i for i in report.issues if i.login_id == IDS["minato"]]
    assert "このIDはありますが" in issue.message and "指定時集団指導（医科）5月" in issue.message
    assert "このIDがありません" not in issue.message


def test_video_names_unlike_the_rounds_are_not_used(master, tmp_path):
    rows = [["ユーザーID", "コンテンツ名", "視聴状況", "視聴完了日時"],
            [IDS["minato"], "第1回 医科", "視聴完了", "2024/06/02"]]
    report = compute(master, tmp_path, rows)
    assert by_id(report)[IDS["minato"]].result == a.ATTENDED
    assert any("動画名は照合に使っていません" in n for n in report.notices)


def test_without_a_date_column_the_status_decides_with_a_notice(master, tmp_path):
    rows = [["ユーザーID", "視聴状況"], [IDS["minato"], "視聴完了"], [IDS["sakura"], "未視聴"]]
    report = compute(master, tmp_path, rows)
    assert by_id(report)[IDS["minato"]].result == a.ATTENDED and by_id(report)[IDS["sakura"]].result == a.ABSENT
    assert any("期間内の完了かどうかは確認していません" in n for n in report.notices)


def test_a_completion_without_a_readable_date_is_absent_and_listed(master, tmp_path):
    rows = [["ユーザーID", "視聴状況", "視聴完了日時"], [IDS["minato"], "視聴完了", "不明"]]
    report = compute(master, tmp_path, rows)
    assert by_id(report)[IDS["minato"]].result == a.ABSENT
    (issue,) = report.issues_of(a.CHECK_DATE)
    assert issue.login_id == IDS["minato"] and "不明" in issue.message


def test_an_unassigned_spare_in_the_results_is_reported_as_such(master, tmp_path):
    append_entries(master.parent / "ID台帳.xlsx", [LedgerEntry("m13yb0001", "spare2345x", "東京13", status=SPARE)])
    rows = [["ユーザーID", "視聴状況", "視聴完了日時"], ["m13yb0001", "視聴完了", "2024/06/02"]]
    (issue,) = compute(master, tmp_path, rows).issues_of(a.UNASSIGNED_SPARE)
    assert issue.login_id == "m13yb0001" and "spare-ids assign" in issue.message


def test_a_registered_id_of_no_round_in_the_master_is_reported_with_the_ledger(master, tmp_path):
    append_entries(master.parent / "ID台帳.xlsx", [LedgerEntry("n135555555", "pw2345678x", "東京13", name="昔の医院",
                                                               round=3)])
    rows = [["ユーザーID", "視聴状況"], ["n135555555", "視聴完了"]]
    (issue,) = [i for i in compute(master, tmp_path, rows).issues if i.login_id == "n135555555"]
    assert issue.category == "第1回の対象外のID" and "昔の医院" in issue.message


def test_duplicate_and_misplaced_exceptions_are_reported(master, tmp_path):
    exceptions = EXCEPTIONS + [["m14501704", "1", "資料送付", "重複"],
                               ["d13600001", "1", "集団で視聴", "病院で集団視聴"],
                               ["r122345678", "1", "集団で視聴", ""], ["", "1", "会場", ""]]
    report = compute(master, tmp_path, exceptions_path=write_csv(tmp_path / "e.csv", exceptions))
    rows = by_id(report)
    assert rows[IDS["yamada"]].note.startswith("特例（会場で視聴）")  # the first one is used
    assert rows[IDS["aoba"]].result == a.ABSENT  # 集団で視聴 is for 登録時 only: the results decide 更新時
    assert rows[IDS["sato"]].note == "特例（集団で視聴）: 病院で集団視聴"  # 登録時: it counts
    messages = [i.message for i in report.issues_of(a.EXCEPTION_PROBLEM)]
    assert any("最初の特例を使いました" in m for m in messages)
    (misapplied,) = [i for i in report.issues_of(a.EXCEPTION_PROBLEM) if "あおば薬局" in i.message]
    assert misapplied.severity == "error" and "登録時集団指導だけ" in misapplied.message
    assert misapplied.where == "e.csv 6行目" and misapplied.login_id == IDS["aoba"]
    assert not any("佐藤 花子" in m for m in messages)  # 登録時: fine
    assert any("ユーザーIDが空欄" in m for m in messages)


def test_a_viewer_whose_id_cannot_be_composed_is_absent_and_listed(tmp_path, capsys):
    from shuudan_xl.files.master_book import write_master_book
    from shuudan_xl.rules.settings import Settings

    master = write_master_book(tmp_path / "m.xlsx", [viewer(), viewer(number="12-34", name="番号誤り医院")],
                               settings=Settings(fiscal_year="2024"))
    report = compute(master, tmp_path, [["ユーザーID", "視聴状況"], ["n131234567", "視聴完了"]])
    assert [(r.login_id, r.result) for r in report.rows] == [("n131234567", a.ATTENDED), ("", a.ABSENT)]
    (issue,) = report.issues_of(a.NO_ID)
    assert "番号誤り医院" in issue.message
    assert any("エラーが" in n for n in report.notices)


def test_record_writes_the_fixed_name_beside_the_master_and_reads_the_open_book(master, tmp_path):
    from shuudan_xl.files.reader import Workbook

    report = record_attendance(session(Workbook(master)), write_csv(tmp_path / "r.csv", RESULTS))
    assert report.path == master.parent / "出欠結果" / attendance_file_name("令和6年度", 1)
    assert report.path.exists()


def test_a_round_without_viewers_is_refused(master, tmp_path):
    with pytest.raises(Refused, match="視聴回"):
        compute_attendance(session(master, 5), write_csv(tmp_path / "r.csv", RESULTS))
