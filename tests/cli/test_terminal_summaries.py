"""What staff read on the terminal: counts per kind of finding, long lists cut with a pointer to the full
list, aligned tables under ●☆○, and a suggestion for a mistyped sub-command."""

from __future__ import annotations

import pytest

from shuudan_xl.cli.main import main
from shuudan_xl.cli.textout import MAX_ROWS, table
from shuudan_xl.rules.finding_codes import meaning
from shuudan_xl.rules.text_width import display_width
from tests.conftest import VENDOR_HEADER, write_book


def bad_rows(n: int) -> list[list[str]]:
    """n rows whose IDs hold a full-width letter (one error each), plus one with a short password."""
    rows = [[f"ｎ01{7000000 + i:07d}", f"abc{i:03d}def{i % 10}", "北海道01"] for i in range(n)]
    return rows + [["n019999999", "abc", "北海道01"]]


def finding_lines(out: str) -> list[str]:
    return [line for line in out.splitlines() if line.split(" ", 1)[0].endswith("行目")]


def test_check_counts_each_kind_of_finding_and_cuts_the_list_with_a_pointer_to_the_report(tmp_path, capsys):
    path = write_book(tmp_path / "v.xlsx", {"S": [VENDOR_HEADER, *bad_rows(30)]})
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert "点検した行: 31 行　エラー: 31 件" in out
    counts = out[out.index("指摘の内訳:"):].splitlines()
    assert counts[3].split(None, 1) == ["30", meaning("cell.fullwidth")]
    assert counts[4].split(None, 1) == ["1", meaning("password.too_short")]
    assert len(finding_lines(out)) == MAX_ROWS
    assert ("…ほか 11 件は省略しました。全件は「--report 点検結果.xlsx」を付けて作る点検結果ブックで確認できます。"
            in out)
    report = tmp_path / "r.xlsx"
    assert main(["check", str(path), "--report", str(report)]) == 1
    assert f"全件は点検結果ブック「{report}」の「指摘一覧」シートで確認できます。" in capsys.readouterr().out


def test_a_short_list_is_shown_whole_without_a_pointer(tmp_path, capsys):
    path = write_book(tmp_path / "v.xlsx", {"S": [VENDOR_HEADER, *bad_rows(3)]})
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert len(finding_lines(out)) == 4 and "省略しました" not in out


def test_doublecheck_cuts_a_long_list_of_differences(tmp_path, capsys):
    rows = [[f"n01{7000000 + i:07d}", f"abc{i:03d}def", "北海道01"] for i in range(25)]
    a = write_book(tmp_path / "a.xlsx", {"S": [VENDOR_HEADER, *rows]})
    b = write_book(tmp_path / "b.xlsx", {"S": [VENDOR_HEADER, *[[r[0], r[1] + "x", r[2]] for r in rows]]})
    assert main(["doublecheck", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "差異: 25 件（パスワード 25）" in out
    assert len(finding_lines(out)) == MAX_ROWS
    assert "…ほか 5 件は省略しました。全件は「--report 照合結果.xlsx」を付けて作る照合結果ブックで確認できます。" in out


def test_round_commands_count_findings_per_kind_before_the_table(capsys):
    from shuudan_xl.cli.round_report import findings_table
    from shuudan_xl.rules.findings import ERROR, Finding

    findings = [Finding("視聴者リスト", 4 + i, "番号", ERROR, "master.number_empty", "番号がありません。", None, None)
                for i in range(22)]
    findings.append(Finding("視聴者リスト", 30, "視聴回", ERROR, "master.round", "視聴回?", "x", None))
    text = findings_table(findings)
    assert text.startswith("内訳:")
    assert f"22    {meaning('master.number_empty')}" in text and f"1     {meaning('master.round')}" in text
    assert len(finding_lines(text)) == MAX_ROWS
    assert "ほか 3 件は省略しました。全件は「shuudan-xl check 視聴者リストのファイル --report 点検結果.xlsx」" in text


def test_ambiguous_symbols_keep_the_columns_aligned_in_a_japanese_console():
    text = table(["視聴回", "●登録期限", "☆登録期限"], [["第1回", "●5/24", "☆5/31"], ["10", "○", "x"]])
    lines = text.splitlines()
    third = [display_width(line[:line.rindex(" ") + 1]) for line in lines]  # where the last column starts
    assert len(set(third)) == 1, text
    assert lines[1].split("  ")[1] == "-" * display_width("●登録期限")


@pytest.mark.parametrize(("typed", "suggested"), [("chek", "check"), ("doublechek", "doublecheck"),
                                                  ("exp", "export"), ("Export", "export"), ("schedle", "schedule")])
def test_a_mistyped_sub_command_suggests_the_nearest(capsys, typed, suggested):
    with pytest.raises(SystemExit) as done:
        main([typed, "x.xlsx"])
    err = capsys.readouterr().err
    assert done.value.code == 2 and f"もしかして: {suggested}\n" in err and "Traceback" not in err


def test_an_unrelated_word_gets_no_suggestion(capsys):
    with pytest.raises(SystemExit):
        main(["zzz"])
    assert "もしかして" not in capsys.readouterr().err


def test_a_mistyped_option_value_suggests_the_nearest(capsys):
    with pytest.raises(SystemExit):
        main(["export", "x.xlsx", "--round", "1", "--method", "vendr"])
    assert "もしかして: vendor" in capsys.readouterr().err
