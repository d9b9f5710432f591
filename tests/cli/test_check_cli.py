import json

import openpyxl
import pytest

from shuudan_xl.cli.main import main
from tests.conftest import VENDOR_HEADER, digest, write_book

GOOD = ["n017654321", "abc234def", "北海道01"]


def run_json(capsys, *args):
    code = main(["check", "--json", *map(str, args)])
    out = capsys.readouterr()
    return code, json.loads(out.out), out.err


def test_clean_file_exits_0_with_the_documented_json(vendor_book, capsys):
    path = vendor_book([GOOD, ["m13123456", "k7pq3zz9wb", "東京13"]])
    code, data, err = run_json(capsys, path)
    assert code == 0 and err == ""
    assert data == {"schema": "shuudan-xl/1", "command": "check",
                    "inputs": {"file": str(path), "sheet": "Sheet1", "report": None},
                    "counts": {"rows_checked": 2, "errors": 0, "warnings": 0, "by_code": {}},
                    "exit_code": 0, "notes": [], "error": None, "body": {"findings": []}}


def test_errors_exit_1_and_every_finding_has_the_documented_keys(vendor_book, capsys):
    path = vendor_book([
        ["ｎ017654321", "abc234def", "北海道01"],   # full-width n
        [17654321, "abc234dex", "北海道01"],        # number: Excel ate the leading letter and zero
        ["n477654322", "abc 234dey", "沖縄県"],      # inner space, group variant
        ["n017654323\u200b", "=abc234def", "北海道01"],
        ["n017654324", "abc234dew", "東京13"],      # prefecture mismatch (warning)
    ])
    code, data, _ = run_json(capsys, path)
    assert code == data["exit_code"] == 1
    counts, findings = data["counts"], data["body"]["findings"]
    assert counts["rows_checked"] == 5
    assert counts["errors"] == sum(f["severity"] == "error" for f in findings)
    assert counts["warnings"] == 1
    assert sum(counts["by_code"].values()) == len(findings)
    assert counts["by_code"]["cell.fullwidth"] == sum(f["code"] == "cell.fullwidth" for f in findings)
    assert list(counts["by_code"].values()) == sorted(counts["by_code"].values(), reverse=True)
    for f in findings:
        assert set(f) == {"sheet", "row", "column", "severity", "code", "message", "value", "suggestion"}
    got = {(f["row"], f["column"], f["code"]) for f in findings}
    assert {(2, "ユーザーID", "cell.fullwidth"), (3, "ユーザーID", "cell.number"),
            (4, "パスワード", "cell.space_inner"), (4, "氏名", "group.variant"),
            (5, "ユーザーID", "cell.invisible"), (5, "パスワード", "cell.formula_like"),
            (6, "氏名", "group.prefecture_mismatch")} <= got
    fullwidth = next(f for f in findings if f["code"] == "cell.fullwidth")
    assert fullwidth["value"] == "ｎ017654321" and fullwidth["suggestion"] == "n017654321"


def test_warnings_alone_exit_0(vendor_book, capsys):
    path = vendor_book([["m13123456", "abc234def", "北海道01"]])
    code, data, _ = run_json(capsys, path)
    assert code == 0 and data["counts"]["warnings"] == 1 and data["counts"]["errors"] == 0


@pytest.mark.parametrize("make, pattern", [
    (lambda p: p / "missing.xlsx", "見つかりません"),
    (lambda p: p / "x.xlsx" if (p / "x.xlsx").write_text("csv,text") else None, "Excelファイル"),
])
def test_unreadable_input_exits_2_with_one_japanese_line(tmp_path, capsys, make, pattern):
    code = main(["check", str(make(tmp_path))])
    out = capsys.readouterr()
    assert code == 2 and out.out == ""
    assert out.err.count("\n") == 1 and pattern in out.err and "Traceback" not in out.err


def test_a_file_that_cannot_be_read_still_gives_the_envelope_with_json(tmp_path, capsys):
    code, data, err = run_json(capsys, tmp_path / "missing.xlsx")
    assert code == data["exit_code"] == 2 and data["command"] == "check" and data["body"] is None
    assert data["error"]["type"] == "InputUnreadable" and "見つかりません" in data["error"]["message"]
    assert "見つかりません" in err and err.count("\n") == 1


def test_unknown_sheet_exits_2(vendor_book, capsys):
    code = main(["check", str(vendor_book([GOOD])), "--sheet", "名簿"])
    assert code == 2 and "シート「名簿」" in capsys.readouterr().err


def test_sheet_without_headers_exits_2(tmp_path, capsys):
    path = write_book(tmp_path / "b.xlsx", {"S": [["名前", "住所"]]})
    assert main(["check", str(path)]) == 2
    assert "見出し" in capsys.readouterr().err


def test_sheet_option_and_several_sheets_warning(tmp_path, capsys):
    path = write_book(tmp_path / "b.xlsx", {"メモ": [["x"]], "登録": [VENDOR_HEADER, GOOD]})
    code, data, _ = run_json(capsys, path)
    assert data["inputs"]["sheet"] == "登録" and [f["code"] for f in data["body"]["findings"]] == ["workbook.sheets"]
    code, data, _ = run_json(capsys, path, "--sheet", "登録")
    assert data["inputs"]["sheet"] == "登録"


def test_human_output_is_a_japanese_summary_and_table(vendor_book, capsys):
    path = vendor_book([GOOD, ["n01765432 2", "abc234def", "北海道01"]])
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "点検した行: 2 行　エラー: 1 件　警告: 1 件" in out
    assert "3行目" in out and "修正案「n017654322」" in out and "「n01765432␣2」" in out
    assert "結果: エラーがあります" in out


def test_report_highlights_and_explains_bad_cells_without_touching_the_input(vendor_book, tmp_path, capsys):
    path = vendor_book([GOOD, ["N017654322", "abc234def", "北海道01"]])
    before = digest(path)
    report = tmp_path / "out" / "report.xlsx"
    assert main(["check", str(path), "--report", str(report)]) == 1
    assert digest(path) == before
    book = openpyxl.load_workbook(report)
    assert book.sheetnames == ["概要", "指摘一覧", "点検結果"]
    copy = book["点検結果"]
    assert [c.value for c in copy[1]] == VENDOR_HEADER
    assert copy["A3"].value == "N017654322"
    assert copy["A3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "半角小文字" in copy["A3"].comment.text and "n017654322" in copy["A3"].comment.text
    assert copy["B3"].comment is not None  # shared password warning
    assert copy["A2"].comment is None
    listing = list(book["指摘一覧"].values)
    assert listing[0][:4] == ("シート", "行", "列", "区分")
    assert {r[4] for r in listing[1:]} == {"id.kind_case", "password.shared"}
    summary = [row[:2] if row[2] is None else row for row in book["概要"].values]
    assert ("点検した行", 2) in summary and ("エラー", 1) in summary and ("警告", 1) in summary
    codes = summary[summary.index(("コード", "件数", "意味")) + 1:]
    assert {(code, n) for code, n, _ in codes} == {("id.kind_case", 1), ("password.shared", 1)}
    assert all(text.endswith("。") for _, _, text in codes)  # each code with its meaning


def test_report_over_the_input_is_refused(vendor_book, capsys):
    path = vendor_book([GOOD])
    before = digest(path)
    assert main(["check", str(path), "--report", str(path)]) == 2
    assert digest(path) == before
    assert "同じファイル" in capsys.readouterr().err
