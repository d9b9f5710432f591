"""End to end: ``shuudan-xl schedule FISCAL_YEAR [--json]`` through main()."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from shuudan_xl.cli.main import main

KEYS = ["round", "vendor_deadline", "self_deadline", "start", "end", "guidance_date", "label", "source", "overridden"]


def schedule_json(capsys, *args) -> dict:
    main(["schedule", *args, "--json"])
    return json.loads(capsys.readouterr().out)


def test_json_lists_the_published_fy2024_rounds(capsys):
    assert main(["schedule", "2024", "--json"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert err == ""
    assert (data["schema"], data["command"], data["exit_code"], data["error"]) == ("shuudan-xl/1", "schedule", 0, None)
    assert data["inputs"] == {"fiscal_year": 2024, "master": None}
    assert data["counts"] == {"rounds": 9, "overridden": 0, "errors": 0, "warnings": 0, "by_code": {}}
    assert data["body"]["label"] == "令和6年度" and data["body"]["sheet"] is None
    rounds = data["body"]["rounds"]
    assert [list(r) for r in rounds] == [KEYS] * 9
    assert [r["round"] for r in rounds] == list(range(1, 10))
    assert rounds[0] == {"round": 1, "vendor_deadline": "2024-05-24", "self_deadline": "2024-05-31",
                         "start": "2024-06-01", "end": "2024-06-30", "guidance_date": "2024-06-30",
                         "label": "第1回", "source": "published", "overridden": []}
    assert rounds[7]["vendor_deadline"] == "2024-12-23"  # published, not the computed 12-20
    assert rounds[8]["end"] == rounds[8]["guidance_date"] == "2025-02-28"


@pytest.mark.parametrize("typed", ["R6", "令和6", "令和6年度", "令和６年度"])
def test_era_fiscal_years_give_the_same_table(capsys, typed):
    main(["schedule", "2024", "--json"])
    expected = capsys.readouterr().out
    assert main(["schedule", typed, "--json"]) == 0
    assert capsys.readouterr().out == expected


def test_heisei_fiscal_year_is_computed(capsys):
    assert main(["schedule", "H30", "--json"]) == 0
    rounds = json.loads(capsys.readouterr().out)["body"]["rounds"]
    assert {r["source"] for r in rounds} == {"computed"}
    assert rounds[0]["start"] == "2018-06-01"
    assert rounds[8]["end"] == "2019-02-28"


def test_human_output_of_the_published_table(capsys):
    assert main(["schedule", "令和6年度"]) == 0
    out = capsys.readouterr().out
    for text in ["令和6年度 視聴期間及び視聴者登録期限", "視聴回", "●登録期限（事業者）", "☆登録期限（自庁）",
                 "視聴期間", "指導年月日", "第1回", "令和6年5月24日（金）",
                 "令和6年6月1日（土）～令和6年6月30日（日）", "令和6年10月1日（火）", "令和7年2月28日（金）",
                 "公表された表", "曜日の誤り"]:
        assert text in out
    assert "計算した日付" not in out
    assert "令和6年10月1日（日）" not in out  # the seed's typo is shown corrected


def test_human_output_of_a_computed_year_says_so(capsys):
    assert main(["schedule", "R7"]) == 0
    out = capsys.readouterr().out
    assert "令和7年度 視聴期間及び視聴者登録期限" in out
    assert "計算した日付" in out and "公表された表が届いたら" in out
    assert "令和7年9月24日（水）" in out  # round 5 ●: 9/23 is 秋分の日
    assert "令和8年1月1日（木）～令和8年1月31日（土）" in out


@pytest.mark.parametrize(("typed", "message"), [
    ("abc", "年度として読めません"),
    ("2200", "2098年度まで"),
    ("H32", "平成32年はありません"),
    ("令和0年度", "令和0年はありません"),
])
def test_a_bad_fiscal_year_is_one_japanese_line_and_exit_2(capsys, typed, message):
    assert main(["schedule", typed]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("shuudan-xl: ") and message in err
    assert err.count("\n") == 1


def test_the_command_stays_light_to_import():
    # holidays is slow to import: neither the CLI module nor the published table needs it.
    code = ("import sys; from shuudan_xl.cli.main import main; main(['schedule', '2024', '--json']); "
            "sys.stderr.write(str('holidays' in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stderr == "False"


def test_master_option_checks_the_typed_schedule_sheet(tmp_path, capsys):
    import shutil
    from pathlib import Path

    from shuudan_xl.files.xlsx_patch import CellWrite, patch_cells

    book = tmp_path / "m.xlsm"
    shutil.copy(Path(__file__).parents[2] / "xlsheets" / "集団指導_視聴者リスト.xlsm", book)
    assert main(["schedule", "2024", "--master", str(book)]) == 0
    assert "問題は見つかりませんでした" in capsys.readouterr().out
    # the seed's own typo: 第5回 starts on 令和6年10月1日, a Tuesday, printed as (日)
    patch_cells(book, "視聴スケジュール", [CellWrite(6, 3, "令和6年10月1日(日)")], backup=False)
    assert main(["schedule", "2024", "--master", str(book)]) == 1
    out = capsys.readouterr().out
    assert "6行目" in out and "火曜日" in out and "令和6年10月1日（火）" in out
    # another fiscal year's table ignores the sheet and says so
    assert main(["schedule", "2025", "--master", str(book)]) == 0
    out = capsys.readouterr().out
    assert "令和6年度のもの" in out and "問題は見つかりませんでした" not in out


def test_master_json_carries_the_sheet_findings_and_counts_them_by_code(tmp_path, capsys):
    import shutil
    from pathlib import Path

    from shuudan_xl.files.xlsx_patch import CellWrite, patch_cells

    book = tmp_path / "m.xlsm"
    shutil.copy(Path(__file__).parents[2] / "xlsheets" / "集団指導_視聴者リスト.xlsm", book)
    data = schedule_json(capsys, "2024", "--master", str(book))
    assert data["body"]["sheet"] == {"name": "視聴スケジュール", "state": "checked", "findings": []}
    patch_cells(book, "視聴スケジュール", [CellWrite(6, 3, "令和6年10月1日(日)")], backup=False)
    data = schedule_json(capsys, "2024", "--master", str(book))
    assert data["exit_code"] == 1 and data["inputs"]["master"] == str(book)
    assert data["counts"]["errors"] == 1 and data["counts"]["by_code"] == {"schedule.weekday": 1}
    (finding,) = data["body"]["sheet"]["findings"]
    assert (finding["row"], finding["code"]) == (6, "schedule.weekday")


def test_master_without_the_schedule_sheet_says_it_was_not_checked(tmp_path, capsys):
    from tests.conftest import write_book

    book = write_book(tmp_path / "list.xlsx", {"視聴者リスト": [["視聴回"]]})
    assert main(["schedule", "2024", "--master", str(book)]) == 0
    out = capsys.readouterr().out
    assert "シート「視聴スケジュール」がないため、点検していません" in out
    assert "問題は見つかりませんでした" not in out
    data = schedule_json(capsys, "2024", "--master", str(book))
    assert data["body"]["sheet"]["state"] == "missing"
    assert any("点検していません" in note for note in data["notes"])


def test_master_with_an_empty_schedule_sheet_says_it_holds_no_date(tmp_path, capsys):
    from shuudan_xl.rules.sheets import SCHEDULE_HEADERS
    from tests.conftest import write_book

    book = write_book(tmp_path / "list.xlsx", {"視聴スケジュール": [list(SCHEDULE_HEADERS), ["第1回"]]})
    assert main(["schedule", "2024", "--master", str(book)]) == 0
    out = capsys.readouterr().out
    assert "日付が入っていないため、点検していません" in out and "問題は見つかりませんでした" not in out
    assert schedule_json(capsys, "2024", "--master", str(book))["body"]["sheet"]["state"] == "blank"
