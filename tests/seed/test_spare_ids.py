"""Spare IDs (予備ID) registered with a round's list and handed to a doctor registered in another prefecture.

Seed, 手順 6(3): 「必要に応じて予備としてログインIDを設定することができる。前記3の(2)①のログインIDのルール（記号+
都道府県番号+任意の6桁以上の英数字）に則り、視聴者リストにてeラーニング事業者へ依頼若しくは自庁でシステムに登録を
行う。」 and its 【使用例】: 「保険医療機関等から他県登録番号の保険医等がいる旨の連絡があった際に、予備IDを伝え視聴して
もらう。」
"""

from __future__ import annotations

import datetime as dt
import re

import openpyxl

from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.rules import master as m
from shuudan_xl.rules.settings import Settings
from shuudan_xl.services.session import japan_today
from tests.masters import sheet_rows, viewer
from tests.seed.helpers import VENDOR_HEADER, list_rows, one_sheet_book, run

SPARE_ID = re.compile(r"m13[0-9a-z]{6,}")  # 記号 m (医師) + 都道府県番号 13 + 6 or more alphanumerics


def a_year_ahead() -> int:
    """The fiscal year after this one: its 第1回 deadline is always still to come (spare-ids has no --today)."""
    today = japan_today(dt.datetime.now(dt.UTC))
    return (today.year if today.month >= 4 else today.year - 1) + 1


def test_spare_ids_join_the_rounds_submission_and_one_is_handed_to_a_doctor(tmp_path, capsys):
    year = a_year_ahead()
    folder = tmp_path / "課"
    folder.mkdir()
    master = write_master_book(folder / "視聴者リスト.xlsx", [viewer(guidance="登録時", number="501704",
                                                                     name="山田　太郎")],
                               data_rows=60, settings=Settings(fiscal_year=str(year)))
    label = f"令和{year - 2018}年度_第1回"
    assert run(capsys, "export", master, "--round", "1")[0] == 0
    assert run(capsys, "confirm", master, "--round", "1")[0] == 0

    code, out, err = run(capsys, "spare-ids", "--kind", "m", "--prefecture", "13", "--count", "2",
                         "--master", master, "--round", "1")
    assert (code, err) == (0, ""), out
    outdir = folder / "業者提出"
    assert not list(outdir.glob("予備ID_*"))  # no book of their own: part of 第1回's submission
    header, *ledger = sheet_rows(folder / "ID台帳.xlsx")
    spares = [dict(zip(header, r, strict=True)) for r in ledger if r[header.index("状態")] == "予備"]
    assert [s["ユーザーID"] for s in spares] == ["m13yb0001", "m13yb0002"]
    assert all(SPARE_ID.fullmatch(s["ユーザーID"]) and len(s["ユーザーID"]) >= 9 for s in spares)
    sheet, reg = one_sheet_book(outdir / f"{label}_追加1_視聴者登録更新.xlsx")
    assert (sheet, reg[0]) == ("視聴者登録／更新", VENDOR_HEADER)
    assert reg[1:] == [[s["ユーザーID"], s["パスワード"], "東京13"] for s in spares]

    # A clinic says a doctor registered in another prefecture will view: m13yb0001 is handed to them.
    code, out, err = run(capsys, "spare-ids", "assign", "m13yb0001", "--name", "他県　次郎", "--number", "654321",
                         "--round", "1", "--master", master)
    assert (code, err) == (0, ""), out
    assert "m13yb0001" in out and spares[0]["パスワード"] in out  # what staff tell the doctor
    book = openpyxl.load_workbook(master)
    row = viewer(guidance="登録時", number="654321", name="他県　次郎", login_id="m13yb0001")
    book[m.LIST_SHEET].append([row.get(h) for h in m.COLUMNS])
    book.save(master)
    code, out, err = run(capsys, "export", master, "--round", "1")
    assert (code, err) == (0, ""), out
    typed = next(r for r in list_rows(master) if r[m.LOGIN_ID] == "m13yb0001")
    assert typed[m.PASSWORD] == spares[0]["パスワード"]  # the spare's registered password, not a new one
    _, link = one_sheet_book(outdir / f"{label}_追加1_視聴者動画.xlsx")
    assert link[1:] == [["m13yb0001", "登録時集団指導（医科）6月"]]  # registered already: a link only
    assert one_sheet_book(outdir / f"{label}_追加1_視聴者登録更新.xlsx")[1] == reg  # each spare registered once
    assert sorted(p.name for p in outdir.glob("*.xlsx")) == sorted(
        f"{label}_{part}.xlsx" for part in ("視聴者登録更新", "視聴者動画", "追加1_視聴者登録更新", "追加1_視聴者動画"))
