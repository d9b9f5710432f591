import json

import openpyxl
import pytest

from shuudan_xl.cli.main import main
from tests.conftest import VENDOR_HEADER, digest, write_book

ROWS = [
    ["n017654321", "abc234def", "北海道01"],
    ["m13123456", "k7pq3zz9wb", "東京13"],
    ["p47000123", "x9y8z7w6v5", "沖縄47"],
]
MASTER_HEADER = ["視聴回", "指導区分", "種別", "都道府県", "番号", "名称", "ユーザーID", "パスワード"]
DIFF_FILL = "FFC7CE"


def vendor(tmp_path, name, rows, sheet="Sheet1"):
    return write_book(tmp_path / name, {sheet: [VENDOR_HEADER, *rows]})


def master(tmp_path, rows, name="master.xlsx"):
    """A master workbook: a notes sheet first, then 視聴者リスト with two title rows above the header."""
    return write_book(tmp_path / name, {
        "登録用": [VENDOR_HEADER, ["n019999999", "zzz999www", "北海道01"]],
        "視聴者リスト": [["令和6年度 集団指導 視聴者リスト"], [], MASTER_HEADER, *rows],
    })


def master_row(round_no, login_id, password, prefecture, name="○○医院"):
    return [round_no, "指定時", "医科", prefecture, "0112345", name, login_id, password]


def run_json(capsys, *args):
    code = main(["doublecheck", "--json", *map(str, args)])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_same_rows_in_another_order_exit_0(tmp_path, capsys):
    a = vendor(tmp_path, "a.xlsx", ROWS)
    b = vendor(tmp_path, "b.xlsx", list(reversed(ROWS)))
    code, data, err = run_json(capsys, a, b)
    assert (code, err) == (0, "")
    assert data == {"schema": "shuudan-xl/1", "command": "doublecheck",
                    "inputs": {"a": {"file": str(a), "sheet": "Sheet1"}, "b": {"file": str(b), "sheet": "Sheet1"},
                               "round": None, "report": None},
                    "counts": {"rows_a": 3, "rows_b": 3, "matched": 3, "differences": 0, "by_kind": {}},
                    "exit_code": 0, "notes": [], "error": None, "body": {"differences": []}}
    assert main(["doublecheck", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "一致: 3 行" in out and "差異: 0 件" in out and "結果: 差異はありません。" in out


def test_differences_exit_1_with_excel_rows_and_the_documented_keys(tmp_path, capsys):
    a = vendor(tmp_path, "a.xlsx", ROWS)
    b = vendor(tmp_path, "b.xlsx", [
        ["m13123456", "k7pq3zz9wb ", "東京13"],      # trailing space in the password
        ["n01765432l", "abc234def", "北海道01"],     # l for 1
        ["r26000001", "qqq234www", "京都26"],        # extra
    ])
    code, data, _ = run_json(capsys, a, b)
    assert code == data["exit_code"] == 1 and data["counts"]["matched"] == 0
    assert data["counts"]["differences"] == 4
    assert data["counts"]["by_kind"] == {"id": 1, "password": 1, "missing": 1, "extra": 1}
    differences = data["body"]["differences"]
    for d in differences:
        assert set(d) == {"key", "kind", "row_a", "row_b", "column", "a", "b", "message"}
    got = [(d["kind"], d["row_a"], d["row_b"], d["column"], d["a"], d["b"]) for d in differences]
    assert got == [
        ("id", 2, 3, "ユーザーID", "n017654321", "n01765432l"),
        ("password", 3, 2, "パスワード", "k7pq3zz9wb", "k7pq3zz9wb "),
        ("missing", 4, None, None, "p47000123", None),
        ("extra", None, 4, None, None, "r26000001"),
    ]
    assert "「k7pq3zz9wb␣」" in differences[1]["message"]


def test_human_output_is_a_japanese_summary_and_table(tmp_path, capsys):
    a = vendor(tmp_path, "a.xlsx", ROWS)
    b = vendor(tmp_path, "b.xlsx", [ROWS[0], ["m13123456", "k7pq3zz9wb", "東京都"], ROWS[2]])
    assert main(["doublecheck", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert f"A: {a}（シート「Sheet1」、照合した行 3 行）" in out
    assert "一致: 2 行" in out and "差異: 1 件（所属グループ 1）" in out
    assert "3行目" in out and "「東京13」と入力してください" in out
    assert "結果: 差異があります" in out


def test_a_number_and_the_same_digits_as_text_are_not_a_difference(tmp_path, capsys):
    a = vendor(tmp_path, "a.xlsx", [["n017654321", 234567891, "北海道01"]])
    b = vendor(tmp_path, "b.xlsx", [["n017654321", "234567891", "北海道01"]])
    code, data, _ = run_json(capsys, a, b)
    assert (code, data["counts"]["matched"], data["body"]) == (0, 1, {"differences": []})


def test_master_list_sheet_is_preferred_and_its_prefecture_names_are_accepted(tmp_path, capsys):
    m = master(tmp_path, [master_row(1, "n017654321", "abc234def", "北海道"),
                          master_row("第1回", "m13123456", "k7pq3zz9wb", "東京都")])
    b = vendor(tmp_path, "b.xlsx", ROWS[:2])
    code, data, _ = run_json(capsys, m, b)
    assert (code, data["counts"]["matched"], data["body"]) == (0, 2, {"differences": []})
    assert data["inputs"]["a"]["sheet"] == "視聴者リスト"
    main(["doublecheck", str(m), str(b)])
    assert "シート「視聴者リスト」" in capsys.readouterr().out
    # Rows are reported with their Excel row numbers below the title rows.
    b2 = vendor(tmp_path, "b2.xlsx", [ROWS[0]])
    code, data, _ = run_json(capsys, m, b2)
    assert [(d["kind"], d["row_a"]) for d in data["body"]["differences"]] == [("missing", 5)]


def test_vendor_variant_against_the_master_label_is_reported(tmp_path, capsys):
    m = master(tmp_path, [master_row(1, "n017654321", "abc234def", "北海道01")])
    b = vendor(tmp_path, "b.xlsx", [["n017654321", "abc234def", "北海道"]])
    code, data, _ = run_json(capsys, m, b)
    assert code == 1 and [d["kind"] for d in data["body"]["differences"]] == ["group"]


def test_round_restricts_the_master_rows(tmp_path, capsys):
    m = master(tmp_path, [
        master_row(1, "n017654321", "abc234def", "北海道"),
        master_row("第2回", "m13123456", "k7pq3zz9wb", "東京都"),
        master_row("2", "n017654321", "abc234def", "北海道"),   # the same viewer again in round 2
        master_row("未定", "p47000123", "x9y8z7w6v5", "沖縄県"),
    ])
    round2 = vendor(tmp_path, "round2.xlsx", [ROWS[1], ROWS[0]])
    code, data, err = run_json(capsys, m, round2, "--round", "2")
    assert (code, data["counts"]["matched"], data["body"]) == (0, 2, {"differences": []})
    assert data["inputs"]["round"] == 2 and data["counts"]["rows_a"] == 2
    assert "視聴回を読み取れない行（7行目）" in err
    assert any("視聴回を読み取れない行（7行目）" in note for note in data["notes"])
    code, data, err = run_json(capsys, m, round2)
    assert code == 1
    assert {d["kind"] for d in data["body"]["differences"]} == {"duplicate", "missing"}
    assert "--round N を指定してください" in err


def test_round_without_a_round_column_or_out_of_range_exits_2(tmp_path, capsys):
    a = vendor(tmp_path, "a.xlsx", ROWS)
    assert main(["doublecheck", str(a), str(a), "--round", "1"]) == 2
    assert "「視聴回」の列がありません" in capsys.readouterr().err
    assert main(["doublecheck", str(a), str(a), "--round", "10"]) == 2
    assert "1〜9" in capsys.readouterr().err


def test_sheet_options(tmp_path, capsys):
    book = write_book(tmp_path / "two.xlsx", {"1回目": [VENDOR_HEADER, *ROWS],
                                               "2回目": [VENDOR_HEADER, ROWS[2], ROWS[0]]})
    code, data, _ = run_json(capsys, book, book, "--sheet-a", "1回目", "--sheet-b", "2回目")
    assert code == 1 and [(d["kind"], d["row_a"]) for d in data["body"]["differences"]] == [("missing", 3)]


@pytest.mark.parametrize("make_b, pattern", [
    (lambda p: p / "missing.xlsx", "見つかりません"),
    (lambda p: p / "x.xlsx" if (p / "x.xlsx").write_text("csv,text") else None, "Excelファイル"),
    (lambda p: write_book(p / "h.xlsx", {"S": [["名前", "住所"]]}), "見出し"),
])
def test_unreadable_input_exits_2_with_one_japanese_line(tmp_path, capsys, make_b, pattern):
    a = vendor(tmp_path, "a.xlsx", ROWS)
    code = main(["doublecheck", str(a), str(make_b(tmp_path)), "--json"])
    out = capsys.readouterr()
    assert code == 2 and json.loads(out.out)["error"]["message"] in out.err
    assert out.err.count("\n") == 1 and pattern in out.err and "Traceback" not in out.err


def test_unknown_sheet_exits_2(tmp_path, capsys):
    a = vendor(tmp_path, "a.xlsx", ROWS)
    assert main(["doublecheck", str(a), str(a), "--sheet-b", "名簿"]) == 2
    assert "シート「名簿」" in capsys.readouterr().err


def test_report_highlights_and_explains_differences_without_touching_the_inputs(tmp_path, capsys):
    a = vendor(tmp_path, "a.xlsx", ROWS)
    b = vendor(tmp_path, "b.xlsx", [
        ["n01765432l", "abc234def", "北海道01"],
        ["m13123456", "k7pq3zz9wb", "東京13"],
        ["r26000001", "qqq234www", "京都26"],
    ])
    before = digest(a), digest(b)
    report = tmp_path / "out" / "doublecheck.xlsx"
    assert main(["doublecheck", str(a), str(b), "--report", str(report)]) == 1
    assert (digest(a), digest(b)) == before
    assert f"照合結果ブック: {report}" in capsys.readouterr().out

    book = openpyxl.load_workbook(report)
    assert book.sheetnames == ["概要", "突き合わせ", "差異一覧"]
    pairs = book["突き合わせ"]
    assert [c.value for c in pairs[1]] == ["A 行", "A ユーザーID", "A パスワード", "A 所属グループ",
                                           "B 行", "B ユーザーID", "B パスワード", "B 所属グループ", "結果"]
    values = [[c.value for c in row] for row in pairs.iter_rows(min_row=2)]
    assert values == [
        [2, "n017654321", "abc234def", "北海道01", 2, "n01765432l", "abc234def", "北海道01", "ユーザーID"],
        [3, "m13123456", "k7pq3zz9wb", "東京13", 3, "m13123456", "k7pq3zz9wb", "東京13", "一致"],
        [4, "p47000123", "x9y8z7w6v5", "沖縄47", None, None, None, None, "Bにない行"],
        [None, None, None, None, 4, "r26000001", "qqq234www", "京都26", "Aにない行"],
    ]
    for cell in ("B2", "F2", "B4", "C4", "D4", "F5", "G5", "H5"):
        assert pairs[cell].fill.fgColor.rgb.endswith(DIFF_FILL), cell
    assert "見間違えやすい文字" in pairs["B2"].comment.text and pairs["F2"].comment is not None
    assert "Bにありません" in pairs["B4"].comment.text
    assert "Aにありません" in pairs["F5"].comment.text
    for cell in ("C2", "B3", "F3"):
        assert pairs[cell].comment is None and not pairs[cell].fill.fgColor.rgb.endswith(DIFF_FILL), cell

    listing = list(book["差異一覧"].values)
    assert listing[0] == ("種類", "A 行", "B 行", "項目", "A の値", "B の値", "内容")
    assert [r[:6] for r in listing[1:]] == [
        ("ユーザーID", 2, 2, "ユーザーID", "n017654321", "n01765432l"),
        ("Bにない行", 4, None, None, "p47000123", None),
        ("Aにない行", None, 4, None, None, "r26000001"),
    ]
    summary = dict(book["概要"].values)
    assert summary["一致した行"] == 1 and summary["差異"] == 3


def test_report_shows_spaces_and_colours_duplicates(tmp_path, capsys):
    a = vendor(tmp_path, "a.xlsx", [ROWS[0], ROWS[0], ROWS[1]])
    b = vendor(tmp_path, "b.xlsx", [ROWS[0], ROWS[0], ["m13123456", "k7pq3zz9wb ", "東京13"]])
    report = tmp_path / "r.xlsx"
    assert main(["doublecheck", str(a), str(b), "--report", str(report)]) == 1
    capsys.readouterr()
    book = openpyxl.load_workbook(report)
    pairs = book["突き合わせ"]
    for cell in ("B3", "F3"):
        assert pairs[cell].fill.fgColor.rgb.endswith("FFEB9C") and "2行目と重複" in pairs[cell].comment.text
    assert pairs["I3"].value == "ID重複"
    assert pairs["G4"].value == "k7pq3zz9wb " and "「k7pq3zz9wb␣」" in pairs["G4"].comment.text
    listing = [r[:6] for r in book["差異一覧"].values]
    assert ("パスワード", 4, 4, "パスワード", "k7pq3zz9wb", "k7pq3zz9wb␣") in listing
    assert dict(book["概要"].values)["一致した行"] == 2


@pytest.mark.parametrize("which", ["a", "b"])
def test_report_over_an_input_is_refused(tmp_path, capsys, which):
    paths = {"a": vendor(tmp_path, "a.xlsx", ROWS), "b": vendor(tmp_path, "b.xlsx", ROWS[:1])}
    before = {k: digest(p) for k, p in paths.items()}
    code = main(["doublecheck", str(paths["a"]), str(paths["b"]), "--report", str(paths[which])])
    assert code == 2 and {k: digest(p) for k, p in paths.items()} == before
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "同じファイル" in err


def test_report_name_must_end_in_xlsx(tmp_path, capsys):
    a = vendor(tmp_path, "a.xlsx", ROWS)
    assert main(["doublecheck", str(a), str(a), "--report", str(tmp_path / "r.xlsm")]) == 2
    assert ".xlsx" in capsys.readouterr().err
