"""A 令和6年度 master whose round 1 is exported and confirmed through the command line, and the vendor's
viewing results for it, in the shapes the admin screen and Excel produce."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from shuudan_xl.cli.main import main
from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.rules.settings import Settings
from tests.conftest import write_book
from tests.masters import viewer

# Round 1 (June 2024), with what the results below say about each viewer.
VIEWERS = [
    viewer(number="1234567", name="みなと医院"),  # n131234567: completed in June → 出席
    viewer(field="歯科", number="7654321", name="さくら歯科"),  # n137654321: completed on 1 July → 欠席
    viewer(guidance="登録時", group="神奈川14", number="501704", name="山田 太郎"),  # m14501704: not viewed → 欠席
    viewer(guidance="更新時", field="薬局", group="千葉12", number="2345678", name="あおば薬局"),  # r122345678: missing
    viewer(guidance="登録時", field="歯科", number="600001", name="佐藤 花子"),  # d13600001: 30 June 23:59:59 → 出席
    viewer(round_=2, number="3333333", name="つばさ医院"),  # n133333333: a viewer of round 2
]
IDS = {"minato": "n131234567", "sakura": "n137654321", "yamada": "m14501704", "aoba": "r122345678",
       "sato": "d13600001", "tsubasa": "n133333333"}
RESULT_HEADER = ["No", "ユーザーID", "所属グループ", "動画", "視聴状況", "視聴完了日時", "メモ"]
RESULTS = [
    ["視聴結果一覧"], ["出力日時", "2024/07/05 09:00"], [],
    RESULT_HEADER,
    ["1", "n131234567", "東京13", "指定時集団指導（医科）6月", "視聴完了", "2024/06/15 10:23:45", ""],
    ["2", "n137654321", "東京13", "指定時集団指導（歯科）6月", "視聴完了", "2024/07/01 09:00:00", ""],
    ["3", "m14501704", "神奈川14", "登録時集団指導（医科）6月", "未視聴", "", ""],
    ["4", "d13600001", "東京13", "登録時集団指導（歯科）6月", "視聴完了", "2024/06/30 23:59:59", ""],
    ["5", "n133333333", "東京13", "指定時集団指導（医科）7月", "視聴中", "", ""],
    ["6", "n139999999", "東京13", "指定時集団指導（医科）6月", "視聴完了", "2024/06/10 08:00:00", ""],
]
EXCEPTIONS = [["ユーザーID", "視聴回", "特例の種類", "理由"],
              ["m14501704", "1", "会場で視聴", "インターネット環境がないため事務所の会議室で視聴"],
              ["n138888888", "1", "資料送付", "入院中のため"]]


def run(capsys, *args) -> tuple[int, str, str]:
    """Run the command line; return (exit status, stdout, stderr)."""
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def exported_master(folder: Path, capsys, rows=None) -> Path:
    """Build the master (設定 年度 2024), export round 1 and confirm it in the ledger."""
    folder.mkdir(parents=True, exist_ok=True)
    path = write_master_book(folder / "視聴者リスト.xlsx", rows or VIEWERS, data_rows=60,
                             settings=Settings(fiscal_year="2024"))
    for command in (["export", path, "--round", "1", "-o", folder / "業者提出", "--today", "2024-05-01"],
                    ["confirm", path, "--round", "1", "-o", folder / "業者提出"]):
        code, out, err = run(capsys, *command)
        assert code == 0, out + err
    return path


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    """Write rows as the admin screen's CSV (CRLF line ends) in the given encoding."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    """Write rows as a results workbook (one sheet 視聴結果)."""
    return write_book(path, {"視聴結果": [list(r) for r in rows]})
