"""``doublecheck`` with the tool's own 視聴者⇔動画 book: the ID/video pairs of the round, not exit 2."""

import json

import pytest

from shuudan_xl.cli.main import main
from tests.conftest import VENDOR_HEADER, write_book
from tests.masters import sheet_rows

LINKS = "令和6年度_第1回_視聴者動画.xlsx"


@pytest.fixture
def exported(tmp_path, capsys):
    master = tmp_path / "視聴者リスト.xlsx"
    assert main(["new-master", str(master), "--sample"]) == 0
    assert main(["export", str(master), "--round", "1", "--fiscal-year", "2024", "-o", str(tmp_path / "out"),
                 "--today", "2024-05-01"]) == 0
    capsys.readouterr()
    return master, tmp_path / "out" / LINKS


def run_json(capsys, *args):
    code = main(["doublecheck", "--json", *map(str, args)])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def edited(path, rows):
    """A copy of the links book with other rows (a staff member's hand edit), outside the vendor folder."""
    return write_book(path.parent.parent / f"edited_{path.name}", {"視聴者⇔動画": rows})


def test_the_round_s_links_agree_with_the_list_exit_0(exported, capsys):
    """手順 3(1)①「対象保険医療機関等、保険医等及び指導動画について…「視聴者⇄動画 登録用エクセル」に入力し」:
    the links book is double-checked against the list's viewers of the round and their videos."""
    master, links = exported
    code, data, err = run_json(capsys, master, links, "--round", 1)
    rows = len(sheet_rows(links)) - 1
    assert code == 0 and "エラー" not in err  # notes only: which export wrote the files
    assert data["counts"] == {"rows_a": rows, "rows_b": rows, "matched": rows, "differences": 0, "by_kind": {}}
    assert data["inputs"]["b"]["sheet"] == "視聴者⇔動画"
    assert main(["doublecheck", str(master), str(links)]) == 0  # the round named by the file
    assert "ユーザーID・動画が同じ" in capsys.readouterr().out


def test_a_wrong_video_a_missing_link_a_typed_id_and_an_extra_link_are_differences(exported, capsys, tmp_path):
    master, links = exported
    header, *rows = sheet_rows(links)
    first, second, third, *rest = rows
    wrong_month = first[1].replace("6月", "7月")
    changed = [[first[0], wrong_month], [second[0].replace("0", "O", 1), second[1]], *rest,
               ["n019999999", first[1]]]  # third left out
    code, data, _ = run_json(capsys, master, edited(links, [header, *changed]), "--round", 1,
                             "--report", tmp_path / "照合結果.xlsx")
    assert code == 1
    kinds = sorted((d["kind"], d["a"], d["b"]) for d in data["body"]["differences"])
    assert kinds == sorted([("video", first[1], wrong_month),
                            ("id", second[0], second[0].replace("0", "O", 1)),
                            ("missing", third[0], None), ("extra", None, "n019999999")])
    assert data["counts"]["matched"] == len(rows) - 3
    video = next(d for d in data["body"]["differences"] if d["kind"] == "video")
    assert "全角" not in video["message"]  # video names are full-width by nature
    pairs = sheet_rows(tmp_path / "照合結果.xlsx", "突き合わせ")
    assert pairs[0][:3] == ["A 行", "A ユーザーID", "A 動画"]


def test_a_registration_book_and_a_links_book_are_not_compared(exported, capsys, tmp_path):
    _, links = exported
    registration = write_book(tmp_path / "reg.xlsx",
                              {"Sheet1": [VENDOR_HEADER, ["n017654321", "abc234def", "北海道01"]]})
    code = main(["doublecheck", str(registration), str(links)])
    assert code == 2 and "視聴者リスト" in capsys.readouterr().err


def test_two_keyings_of_links_are_compared_pair_by_pair(tmp_path, capsys):
    head, one, two = ["ユーザーID", "動画"], ["n017654321", "動画A"], ["n017654322", "動画B"]
    a = write_book(tmp_path / "a.xlsx", {"Sheet1": [head, one, two]})
    b = write_book(tmp_path / "b.xlsx", {"Sheet1": [head, two, one, two]})
    code, data, _ = run_json(capsys, a, b)
    assert code == 1 and [d["kind"] for d in data["body"]["differences"]] == ["duplicate", "extra"]
    assert data["counts"]["matched"] == 2


def test_a_video_name_differing_only_in_width_or_spaces_says_so(exported, capsys):
    master, links = exported
    header, first, *rest = sheet_rows(links)
    typed = first[1].replace("（", "(").replace("）", ")")
    code, data, _ = run_json(capsys, master, edited(links, [header, [first[0], typed], *rest]), "--round", 1)
    (difference,) = data["body"]["differences"]
    assert code == 1 and difference["kind"] == "video" and "全角・半角" in difference["message"]
