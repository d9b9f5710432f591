"""The cleaned 番号 is what every output uses: the ID, the ledger and the 出欠入力 rows (issue 9 §5)."""

import datetime as dt

from shuudan_xl.files.ledger_store import read_ledger
from shuudan_xl.services.attendance import compute_attendance
from shuudan_xl.services.session import open_session
from tests.attendance_data import exported_master, write_csv
from tests.masters import viewer

ROWS = [
    viewer(number="１２３４５６７", name="みなと医院"),                             # full-width: a warning
    viewer(field="歯科", number="", login_id="n137654321", name="さくら歯科"),        # an ID typed, no 番号
    viewer(guidance="登録時", group="神奈川14", number=" 501704 ", name="山田 太郎"),  # spaces around it
]
RESULTS = [["ユーザーID", "視聴状況", "視聴完了日時"], ["n131234567", "視聴完了", "2024/06/15 10:00"],
           ["n137654321", "視聴完了", "2024/06/16 10:00"], ["m14501704", "未視聴", ""]]


def test_the_cleaned_number_reaches_the_ledger_and_the_attendance_rows(tmp_path, capsys):
    """README: 「黙って直した値を正しいとみなすことはしません」; the cleaned value is shown, then used."""
    master = exported_master(tmp_path / "課", capsys, ROWS)
    ledger = read_ledger(master.parent / "ID台帳.xlsx")
    assert {e.login_id: e.number for e in ledger.entries} == {
        "n131234567": "1234567", "n137654321": "", "m14501704": "501704"}
    report = compute_attendance(open_session(master, round_=1, today=dt.date(2024, 7, 5)),
                                write_csv(tmp_path / "r.csv", RESULTS))
    assert {r.login_id: r.number for r in report.rows} == {
        "n131234567": "1234567", "n137654321": "7654321", "m14501704": "501704"}
