"""End to end: one pair of vendor books per round (手順 3(5)), replaced whole before it is sent, supplemented after.

手順 3(5)「登録もれ等のトラブルを避けるため、視聴者リスト（Excelのブック・シート）が複数にわたることのないよう、
1つのシートにまとめた上でeラーニング事業者へ提出すること」.
"""

import hashlib
import json

import openpyxl

from shuudan_xl.cli.main import main
from shuudan_xl.files.ledger_store import read_ledger
from shuudan_xl.rules import master as m
from tests.masters import make_master, sheet_rows, viewer

REG, VIDEO = "令和6年度_第1回_視聴者登録更新.xlsx", "令和6年度_第1回_視聴者動画.xlsx"
REG_ADD, VIDEO_ADD = "令和6年度_第1回_追加1_視聴者登録更新.xlsx", "令和6年度_第1回_追加1_視聴者動画.xlsx"


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def export(capsys, master):
    return run(capsys, "export", master, "--round", "1", "--fiscal-year", "2024", "-o", master.parent / "out",
               "--today", "2024-05-01")


def confirm(capsys, master):
    return run(capsys, "confirm", master, "--round", "1", "--fiscal-year", "2024", "-o", master.parent / "out")


def add_viewer(master, **columns):
    """Append a master row as staff type it (the header is in row 1)."""
    book = openpyxl.load_workbook(master)
    sheet = book[m.LIST_SHEET]
    row = next(r for r in range(2, 200) if sheet.cell(row=r, column=1).value in (None, ""))
    for header, value in viewer(**columns).items():
        sheet.cell(row=row, column=m.COLUMNS.index(header) + 1, value=value)
    book.save(master)


def xlsx_files(folder):
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".xlsx")


def manifest(master):
    return json.loads((master.parent / "out" / "提出記録" / "令和6年度_第1回.json").read_text(encoding="utf-8"))


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_exporting_again_before_sending_replaces_the_pair_and_moves_the_old_one_away(tmp_path, capsys):
    """Before the round is sent, a re-export writes one pair with every viewer once; the superseded pair goes
    to 差し替え済み/YYYYMMDD-HHMMSS/, and the manifest names the current files with rows and SHA-256."""
    master = make_master(tmp_path / "視聴者リスト.xlsx", [viewer(), viewer(number="7654321", name="さくら医院")])
    assert export(capsys, master)[0] == 0
    old_reg = (tmp_path / "out" / REG).read_bytes()
    add_viewer(master, number="2345678", name="あおば医院")
    code, out, err = export(capsys, master)
    assert (code, err) == (0, "") and "差し替え済み" in out
    out_dir = tmp_path / "out"
    assert xlsx_files(out_dir) == sorted([REG, VIDEO])
    reg, video = sheet_rows(out_dir / REG), sheet_rows(out_dir / VIDEO)
    assert [r[0] for r in reg[1:]] == ["n131234567", "n137654321", "n132345678"]
    assert [r[0] for r in video[1:]] == ["n131234567", "n137654321", "n132345678"]
    (stamp,) = (out_dir / "差し替え済み").iterdir()
    assert len(stamp.name) == 15 and stamp.name[8] == "-"
    assert sorted(p.name for p in stamp.iterdir()) == sorted([REG, VIDEO])
    assert (stamp / REG).read_bytes() == old_reg
    (current,) = manifest(master)["sets"]
    assert current["label"] == "本体" and current["confirmed_on"] is None
    assert {f["file"]: (f["rows"], f["sha256"]) for f in current["files"]} == {
        REG: (3, sha(out_dir / REG)), VIDEO: (3, sha(out_dir / VIDEO))}


def test_an_addition_after_the_round_was_sent_is_a_supplementary_pair_of_the_additions_only(tmp_path, capsys):
    """After confirm (the round was sent), a late viewer of the same round goes into …_追加1 alone: the sent pair is
    left as it is and no row already sent is sent again; confirm then checks and records the supplement."""
    master = make_master(tmp_path / "視聴者リスト.xlsx", [viewer(), viewer(number="7654321", name="さくら医院")])
    assert export(capsys, master)[0] == 0
    assert confirm(capsys, master)[0] == 0
    out_dir = tmp_path / "out"
    sent = {name: sha(out_dir / name) for name in (REG, VIDEO)}
    add_viewer(master, number="2345678", name="あおば医院")
    code, out, err = export(capsys, master)
    assert (code, err) == (0, "") and "追加1" in out
    assert xlsx_files(out_dir) == sorted([REG, VIDEO, REG_ADD, VIDEO_ADD])
    assert {name: sha(out_dir / name) for name in (REG, VIDEO)} == sent
    assert [r[0] for r in sheet_rows(out_dir / REG_ADD)[1:]] == ["n132345678"]
    assert sheet_rows(out_dir / VIDEO_ADD)[1:] == [["n132345678", "指定時集団指導（医科）6月"]]
    code, out, err = confirm(capsys, master)
    assert (code, err) == (0, ""), out
    assert [e.login_id for e in read_ledger(tmp_path / "ID台帳.xlsx").entries] == [
        "n131234567", "n137654321", "n132345678"]
    sets = manifest(master)["sets"]
    assert [(s["label"], bool(s["confirmed_on"])) for s in sets] == [("本体", True), ("追加1", True)]
    assert sets[1]["ids"] == ["n132345678"] and sets[1]["links"] == [["n132345678", "指定時集団指導（医科）6月"]]


def test_confirm_and_doublecheck_call_out_files_that_are_not_current_or_were_changed(tmp_path, capsys):
    """The manifest lets confirm and doublecheck tell the current files: a book of the round that is not one of
    them (a copy left in the folder) must not be sent, and a current book saved again after export is named."""
    import shutil

    master = make_master(tmp_path / "視聴者リスト.xlsx", [viewer(), viewer(number="7654321", name="さくら医院")])
    assert export(capsys, master)[0] == 0
    out_dir = tmp_path / "out"
    stray = out_dir / "令和6年度_第1回_視聴者登録更新_コピー.xlsx"
    shutil.copy(out_dir / REG, stray)
    code, out, err = run(capsys, "doublecheck", stray, master, "--round", "1")
    assert "現在の提出ファイルではありません" in out + err
    book = openpyxl.load_workbook(out_dir / REG)
    book.save(out_dir / REG)  # same values, saved again by another program
    code, out, err = run(capsys, "doublecheck", out_dir / REG, master, "--round", "1")
    assert code == 0 and f"「{REG}」は作成した後に変更されています" in out
    code, out, err = confirm(capsys, master)
    assert code == 0 and f"「{stray.name}」は第1回の現在の提出ファイルではありません。提出しないでください。" in out
