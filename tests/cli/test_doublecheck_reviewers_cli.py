"""``doublecheck`` of the list against a round's 視聴者登録／更新 book: IDs the ID台帳 holds are not missing."""

import json
import shutil

import pytest

from shuudan_xl.cli.main import main

REG = "令和6年度_第{}回_視聴者登録更新.xlsx"
REVIEWER = "n096142409"  # in the sample's round 1 and, again, round 4


@pytest.fixture
def round_4(tmp_path, capsys):
    """Round 1 exported and confirmed (its IDs are in the ledger), then round 4 exported."""
    master = tmp_path / "視聴者リスト.xlsx"
    out = tmp_path / "out"
    assert main(["new-master", str(master), "--sample"]) == 0
    common = ["--fiscal-year", "2024", "-o", str(out)]
    assert main(["export", str(master), "--round", "1", *common, "--today", "2024-05-01"]) == 0
    assert main(["confirm", str(master), "--round", "1", *common]) == 0
    assert main(["export", str(master), "--round", "4", *common, "--today", "2024-08-01"]) == 0
    capsys.readouterr()
    return master, out / REG.format(4)


def run_json(capsys, *args):
    code = main(["doublecheck", "--json", *map(str, args)])
    out = capsys.readouterr()
    return code, json.loads(out.out)


def test_a_re_viewer_already_in_the_ledger_is_not_missing_from_the_registration_book(round_4, capsys):
    """手順 3(2)①※「一度登録したIDは…再度のID登録処理は不要となる。（後述（3）の「視聴者⇔動画 登録用エクセル」の
    処理のみとなる。）」: the re-viewer is deliberately not in round 4's registration book."""
    master, registration = round_4
    code, data = run_json(capsys, master, registration, "--round", 4)
    assert code == 0 and data["body"]["differences"] == []
    assert data["counts"]["rows_a"] == data["counts"]["rows_b"] == data["counts"]["matched"]
    (note,) = [n for n in data["notes"] if "ID台帳" in n]
    assert f"「{REVIEWER}」" in note and note.startswith("Aの1行")
    # the same the other way round (the list as B)
    code, data = run_json(capsys, registration, master, "--round", 4)
    assert code == 0 and any(n.startswith("Bの1行") for n in data["notes"])


def test_without_a_ledger_the_re_viewer_is_still_reported(round_4, capsys, tmp_path):
    master, registration = round_4
    (master.parent / "ID台帳.xlsx").unlink()
    code, data = run_json(capsys, master, registration, "--round", 4)
    assert code == 1
    assert [(d["kind"], d["a"]) for d in data["body"]["differences"]] == [("missing", REVIEWER)]


def test_a_ledger_named_with_ledger_is_used_and_a_missing_one_is_refused(round_4, capsys, tmp_path):
    master, registration = round_4
    elsewhere = tmp_path / "台帳置き場" / "ID台帳.xlsx"
    elsewhere.parent.mkdir()
    shutil.move(master.parent / "ID台帳.xlsx", elsewhere)
    code, data = run_json(capsys, master, registration, "--round", 4, "--ledger", elsewhere)
    assert code == 0 and data["body"]["differences"] == []
    assert main(["doublecheck", str(master), str(registration), "--ledger", str(tmp_path / "none.xlsx")]) == 2
    assert "none.xlsx" in capsys.readouterr().err


def test_a_registered_id_missing_from_a_second_keying_of_the_list_is_still_a_difference(round_4, capsys):
    """Only a registration book leaves registered IDs out: two lists are compared row for row."""
    master, _ = round_4
    other = master.parent / "写し.xlsx"
    shutil.copy(master, other)
    code, data = run_json(capsys, master, other, "--round", 4)
    assert code == 0 and not any("ID台帳" in n for n in data["notes"])
