"""番号 cleaning is shown, never silent, and the cleaned 番号 is what every output carries (issue 9 §5).

README: 「黙って直した値を正しいとみなすことはしません」. The seed's ID rule it serves, 手順 3(2)①:
「※ 任意の6桁以上の英数字については、保険医療機関等のコードにするなど、どのIDがどの視聴者のものかを適切に管理の上、
自由に設定することができるが、記号＋都道府県コードのルールは守ること。」
"""

from __future__ import annotations

import json

from shuudan_xl.files.attendance_book import MAIN_SHEET
from tests.attendance_data import write_csv
from tests.masters import sheet_rows, viewer
from tests.seed.helpers import REG, make_list, one_sheet_book, run, tree

FULL_WIDTH = viewer(number="１２３４５６７", name="みなと医院")  # a warning: 1234567 is used, and said so
SEPARATED = [viewer(guidance="更新時", group="静岡22", number="84,6055,4", name="つばさ耳鼻咽喉科"),
             viewer(number="999-0001", name="ひかり医院"), viewer(number="45 67890", name="そら医院")]


def test_a_number_with_separators_is_an_error_with_a_suggestion_and_export_writes_nothing(tmp_path, capsys):
    """「記号＋都道府県コードのルールは守ること」: `84,6055,4` may be a typo, so it is an error (the squeezed number
    offered as a suggestion), never an ID made silently; full-width digits are a warning naming old and new."""
    master = make_list(tmp_path / "課", [FULL_WIDTH, *SEPARATED])
    code, out, _ = run(capsys, "check", master, "--json")
    findings = [(f["row"], f["column"], f["severity"], f["code"], f["value"], f["suggestion"])
                for f in json.loads(out)["body"]["findings"]]
    assert code == 1
    assert findings == [
        (2, "番号", "warning", "master.number_cleaned", "１２３４５６７", "1234567"),
        (3, "番号", "error", "master.number_separator", "84,6055,4", "8460554"),
        (4, "番号", "error", "master.number_separator", "999-0001", "9990001"),
        (5, "番号", "error", "master.number_separator", "45 67890", "4567890")]
    before = tree(tmp_path)
    code, out, _ = run(capsys, "export", master, "--round", "1", "--today", "2024-05-24")
    assert code == 1 and "84,6055,4" in out
    assert tree(tmp_path) == before


def test_the_cleaned_number_is_shown_then_used_in_the_id_the_ledger_and_the_attendance_rows(tmp_path, capsys):
    """「どのIDがどの視聴者のものかを適切に管理の上」: the number shown in the warning is the one in the ID, the ledger
    and 出欠入力."""
    master = make_list(tmp_path / "課", [FULL_WIDTH])
    code, out, _ = run(capsys, "export", master, "--round", "1", "--today", "2024-05-24")
    assert code == 0 and "１２３４５６７" in out and "1234567" in out  # the warning, old → new
    _, reg = one_sheet_book(master.parent / "業者提出" / REG.format(1))
    assert [r[0] for r in reg[1:]] == ["n131234567"]
    assert run(capsys, "confirm", master, "--round", "1", "--today", "2024-05-24")[0] == 0
    header, *ledger = sheet_rows(master.parent / "ID台帳.xlsx")
    assert [dict(zip(header, r, strict=True))["番号"] for r in ledger] == ["1234567"]
    results = write_csv(tmp_path / "r.csv", [["ユーザーID", "視聴状況", "視聴完了日時"],
                                             ["n131234567", "視聴完了", "2024/06/15 10:00"]], "cp932")
    assert run(capsys, "attendance", master, "--round", "1", "--results", results, "--today", "2024-07-05")[0] == 0
    header, *rows = sheet_rows(master.parent / "出欠結果" / "令和6年度_第1回_出欠結果.xlsx", MAIN_SHEET)
    assert [(r["番号"], r["結果"]) for r in (dict(zip(header, row, strict=True)) for row in rows)] == [
        ("1234567", "90:出席（eラーニング）")]
