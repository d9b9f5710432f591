"""End to end: the monthly workflow through ``main([...])``, reading every written workbook back."""

import datetime as dt

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from shuudan_xl.cli.main import main
from shuudan_xl.files.ledger_store import create_ledger, read_ledger
from shuudan_xl.files.package_data import sample_rows
from shuudan_xl.rules import master as m
from tests.conftest import digest
from tests.masters import changed_members, make_master, members, sheet_rows, viewer

REG = "令和6年度_第{}回_視聴者登録更新.xlsx"
VIDEO = "令和6年度_第{}回_視聴者動画.xlsx"
ID_COL, PW_COL = m.COLUMNS.index(m.LOGIN_ID), m.COLUMNS.index(m.PASSWORD)


@pytest.fixture
def sample(tmp_path, capsys):
    path = tmp_path / "視聴者リスト.xlsx"
    assert main(["new-master", str(path), "--sample"]) == 0
    capsys.readouterr()
    return path


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def export(capsys, master, round_, *extra, today="2024-05-01"):
    return run(capsys, "export", master, "--round", round_, "--fiscal-year", "2024", "-o", master.parent / "out",
               "--today", today, *extra)


def confirm(capsys, master, round_, *extra):
    return run(capsys, "confirm", master, "--round", round_, "--fiscal-year", "2024", "-o", master.parent / "out",
               *extra)


def book_rows(path, first_row=1):
    """Rows through calamine, after requiring one sheet in both readers and text cells from first_row on."""
    assert len(CalamineWorkbook.from_path(str(path)).sheet_names) == 1
    book = openpyxl.load_workbook(path)
    assert len(book.sheetnames) == 1
    for row in book.worksheets[0].iter_rows(min_row=first_row):
        for cell in row:
            if cell.value is not None:
                assert (cell.data_type, cell.number_format) == ("s", "@"), (path.name, cell.coordinate)
    return sheet_rows(path)


def round_rows(round_):
    return [r for r in sample_rows() if m.round_number(r[m.ROUND]) == round_]


def test_export_of_round_1_writes_two_one_sheet_books_of_text(sample, capsys):
    before = members(sample)
    code, out, err = export(capsys, sample, 1)
    assert (code, err) == (0, "")
    outdir = sample.parent / "out"
    assert sorted(p.name for p in outdir.iterdir() if p.is_file()) == sorted([REG.format(1), VIDEO.format(1)])
    assert [p.name for p in (outdir / "提出記録").iterdir()] == ["令和6年度_第1回.json"]  # the round's manifest
    reg, video = book_rows(outdir / REG.format(1)), book_rows(outdir / VIDEO.format(1))
    assert reg[0] == ["ユーザーID", "パスワード", "氏名"] and video[0] == ["ユーザーID", "動画"]
    viewers = round_rows(1)
    assert len(reg) - 1 == len(video) - 1 == len(viewers) == 24
    assert len({r[0] for r in reg[1:]}) == 24
    assert reg[2] == ["n125447709", "k7pq3zz9wb", "千葉12"]  # typed ID and password kept
    assert ["m14501704", "東京13"] == [reg[6][0], reg[6][2]]  # typed ID kept (the warning is listed)
    assert reg[7][2] == "長野20"  # the group variant becomes the label
    assert video[1] == ["n096142409", "指定時集団指導（歯科）6月"]
    # nothing but the needed columns: no names, addresses or notes anywhere
    texts = {v for row in reg + video for v in row}
    for row in viewers:
        assert not {row[m.NAME], row[m.ADDRESS], row[m.ADDRESSEE], row[m.POSTAL]} & texts
    # the master got its blanks filled, in its list part only
    assert changed_members(before, members(sample)) == {"xl/worksheets/sheet1.xml"}
    master = sheet_rows(sample, m.LIST_SHEET)
    assert [r[ID_COL] for r in master[1:25]] == [r[0] for r in reg[1:]]
    assert [r[PW_COL] for r in master[1:25]] == [r[1] for r in reg[1:]]
    typed = [r[m.LOGIN_ID] for r in sample_rows()]
    assert [r[ID_COL] for r in master[25:len(typed) + 1]] == typed[24:]  # other rounds untouched
    # the summary
    assert "対象: 24 人（新規ID 24・登録済みID 0）" in out
    assert "ユーザーID 22 件、パスワード 23 件" in out
    assert "警告 2 件" in out and "group.variant" not in out and "長野県" in out
    assert "confirm" in out and "注意" not in out


def test_refusal_writes_nothing_and_lists_the_errors_in_japanese(sample, capsys):
    before = digest(sample)
    code, out, err = export(capsys, sample, 2)
    assert code == 1 and err == ""
    assert "エラー" in out and "業者提出ファイルを作成せず、視聴者リストも変更していません" in out
    assert "r1311551298" in out and "r1331551298" in out  # the collision's suggestions
    assert "ｒ０９3955617" in out  # the full-width ID as typed
    assert digest(sample) == before
    assert not (sample.parent / "out").exists() and not (sample.parent / "バックアップ").exists()


def test_refusal_leaves_earlier_vendor_files_byte_identical(sample, capsys):
    assert export(capsys, sample, 1)[0] == 0
    outdir = sample.parent / "out"
    sent = {p.name: digest(p) for p in outdir.rglob("*") if p.is_file()}
    book = openpyxl.load_workbook(sample)
    book[m.LIST_SHEET].cell(row=2, column=m.COLUMNS.index(m.PASSWORD) + 1, value="short")
    book.save(sample)
    master = digest(sample)
    code, out, _ = export(capsys, sample, 1)
    assert code == 1 and "password" not in out
    assert {p.name: digest(p) for p in outdir.rglob("*") if p.is_file()} == sent and digest(sample) == master


def test_a_master_open_in_excel_is_refused_and_left_untouched(sample, capsys):
    sample.with_name("~$" + sample.name).write_bytes(b"owner")
    before = digest(sample)
    code, out, err = export(capsys, sample, 1)
    assert code == 2 and "Excelで開かれています" in err and "閉じて" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert digest(sample) == before and not (sample.parent / "out").exists()


@pytest.mark.parametrize("method, today, mark", [("vendor", "2024-05-27", "●"), ("self", "2024-06-01", "☆")])
def test_a_late_export_is_refused_and_names_the_next_round(sample, capsys, method, today, mark):
    """手順 3(6)「登録期限は厳守すること。…翌月以降の指導実施に変更するなどの対応を図ること」."""
    before = digest(sample)
    code, out, _ = export(capsys, sample, 1, "--method", method, today=today)
    assert code == 1 and f"第1回の{mark}登録期限" in out and "過ぎています" in out and "第2回" in out
    assert "--move-late" in out and "--allow-late" in out
    assert digest(sample) == before and not (sample.parent / "out").exists()


def test_the_self_deadline_is_a_week_later(sample, capsys):
    code, out, _ = export(capsys, sample, 1, "--method", "self", today="2024-05-27")
    assert code == 0 and "注意:" not in out


def test_confirm_then_a_re_viewing_viewer_gets_a_video_row_only(sample, capsys):
    assert export(capsys, sample, 1)[0] == 0
    registration = sheet_rows(sample.parent / "out" / REG.format(1))
    code, out, err = confirm(capsys, sample, 1)
    assert (code, err) == (0, "") and "ID台帳に 24 件を追加しました" in out
    ledger = read_ledger(sample.parent / "ID台帳.xlsx")
    assert [[e.login_id, e.password, e.group] for e in ledger.entries] == registration[1:]
    code, out, _ = export(capsys, sample, 4, today="2024-08-01")
    assert code == 0 and "新規ID 4・登録済みID 1" in out
    reg, video = book_rows(sample.parent / "out" / REG.format(4)), book_rows(sample.parent / "out" / VIDEO.format(4))
    assert "n096142409" not in {r[0] for r in reg} and len(reg) == 5
    assert ["n096142409", "指定時集団指導（歯科）9月"] in video and len(video) == 6
    # the re-viewer's password in the master is the registered one
    first = next(r for r in registration if r[0] == "n096142409")
    row4 = next(r for r in sheet_rows(sample, m.LIST_SHEET) if r[0] == 4 and r[ID_COL] == "n096142409")
    assert row4[PW_COL] == first[1]


def test_export_again_after_confirm_writes_nothing_new_and_leaves_the_sent_pair(tmp_path, capsys):
    """手順 3(5)「視聴者リスト…が複数にわたることのないよう」: once the round was submitted (confirm), exporting it
    again sends nothing twice: no file is written or replaced, and the output says there is nothing new."""
    master = make_master(tmp_path / "m.xlsx", [viewer(), viewer(number="7654321", name="さくら医院")])
    assert export(capsys, master, 1)[0] == 0
    assert confirm(capsys, master, 1)[0] == 0
    before = {p: digest(p) for p in (tmp_path / "out").glob("*.xlsx")}
    code, out, _ = export(capsys, master, 1)
    assert code == 0 and "新たに提出するものはありません" in out and "登録済みID 2" in out
    assert {p: digest(p) for p in (tmp_path / "out").glob("*.xlsx")} == before
    assert not (tmp_path / "out" / "差し替え済み").exists()


def test_export_twice_sends_the_same_passwords(sample, capsys):
    export(capsys, sample, 1)
    first = sheet_rows(sample.parent / "out" / REG.format(1))
    code, out, _ = export(capsys, sample, 1)
    assert code == 0 and "空欄のユーザーID・パスワードはありませんでした" in out
    assert sheet_rows(sample.parent / "out" / REG.format(1)) == first


def test_confirm_refuses_files_edited_after_export(sample, capsys):
    export(capsys, sample, 1)
    path = sample.parent / "out" / VIDEO.format(1)
    book = openpyxl.load_workbook(path)
    book.worksheets[0]["B3"] = "別の動画"
    book.save(path)
    code, out, err = confirm(capsys, sample, 1)
    assert code == 1 and VIDEO.format(1) in err and "一致しませんでした" in err
    assert not (sample.parent / "ID台帳.xlsx").exists()


def test_confirm_before_export_is_refused(sample, capsys):
    code, _, err = confirm(capsys, sample, 1)
    assert code == 1 and "先に業者提出ファイルを作成してください" in err
    assert not (sample.parent / "ID台帳.xlsx").exists()


def test_confirm_with_errors_lists_them(sample, capsys):
    code, out, err = confirm(capsys, sample, 2)
    assert code == 1 and "台帳に登録しませんでした" in out + err
    assert "r1311551298" in out  # the findings themselves, not only their count
    assert not (sample.parent / "ID台帳.xlsx").exists()


def test_a_ledger_elsewhere_is_used_by_both_commands(sample, capsys, tmp_path):
    ledger = tmp_path / "台帳" / "ID台帳_医療課.xlsx"
    ledger.parent.mkdir()
    create_ledger(ledger)  # a ledger named by --ledger must exist (only the default one may be absent)
    export(capsys, sample, 1, "--ledger", ledger)
    assert confirm(capsys, sample, 1, "--ledger", ledger)[0] == 0
    assert len(read_ledger(ledger)) == 24 and not (sample.parent / "ID台帳.xlsx").exists()
    _, out, _ = export(capsys, sample, 4, "--ledger", ledger, today="2024-08-01")
    assert "登録済みID 1" in out


def test_a_master_with_text_rounds_is_exported(tmp_path, capsys):
    master = make_master(tmp_path / "m.xlsx", [viewer(round_="第1回"), viewer(round_="第1回", number="7654321",
                                                                                 name="さくら医院")])
    code, out, _ = export(capsys, master, 1)
    assert code == 0 and "対象: 2 人" in out
    assert len(sheet_rows(tmp_path / "out" / VIDEO.format(1))) == 3


def test_vendor_templates_beside_the_master_are_filled(tmp_path, capsys):
    master = make_master(tmp_path / "m.xlsx", [viewer()])
    for name, header in (("業者様式_視聴者登録.xlsx", ["ユーザーID", "パスワード", "氏名", "メモ"]),
                         ("業者様式_視聴者動画.xlsx", ["ユーザーID", "動画"])):
        book = openpyxl.Workbook()
        book.active.title = "登録"
        book.active.append(header)
        book.save(tmp_path / name)
    code, out, _ = export(capsys, master, 1)
    assert code == 0 and "業者様式の列「メモ」" in out
    rows = book_rows(tmp_path / "out" / REG.format(1), first_row=2)  # the vendor's own header is kept as is
    assert rows[0] == ["ユーザーID", "パスワード", "氏名", "メモ"] and rows[1][0] == "n131234567"


def test_an_unusable_template_is_refused_before_anything_is_written(tmp_path, capsys):
    master = make_master(tmp_path / "m.xlsx", [viewer()])
    book = openpyxl.Workbook()
    book.active.append(["ユーザーID", "氏名"])
    book.save(tmp_path / "業者様式_視聴者登録.xlsx")
    before = digest(master)
    code, _, err = export(capsys, master, 1)
    assert code == 2 and "パスワード" in err
    assert digest(master) == before and not (tmp_path / "out").exists()


def test_fill_writes_the_rounds_blanks_and_reports(sample, capsys):
    code, out, _ = run(capsys, "fill", sample, "--round", "1", "--today", "2024-05-01")
    assert code == 0 and "ユーザーID 22 件" in out and "新しいパスワード 23 件" in out and "バックアップ" in out
    rows = sheet_rows(sample, m.LIST_SHEET)
    assert all(r[ID_COL] and r[PW_COL] for r in rows[1:25])
    assert rows[2][PW_COL] == "k7pq3zz9wb"
    code, out, _ = run(capsys, "fill", sample, "--round", "1", "--today", "2024-05-01")
    assert code == 0 and "空欄はありませんでした" in out


def test_fill_refuses_on_errors_and_writes_nothing(sample, capsys):
    before = digest(sample)
    code, out, _ = run(capsys, "fill", sample)
    assert code == 1 and "何も書き込んでいません" in out and "r1311551298" in out
    assert digest(sample) == before


def test_fill_of_a_round_without_rows_is_refused(sample, capsys):
    code, _, err = run(capsys, "fill", sample, "--round", "9")
    assert code == 1 and "視聴回" in err


@pytest.mark.parametrize("args, pattern", [
    (["--round", "10"], "1〜9"),
    (["--round", "1", "--today", "5/1"], "--today"),
    (["--round", "1", "--password-length", "8"], "9〜32"),
    (["--round", "1", "--password-length", "1000000"], "9〜32"),
    (["--round", "1", "--ledger", "どこにもない台帳.xlsx"], "見つかりません"),
    (["--round", "1", "--fiscal-year", "昭和"], ""),
])
def test_bad_options_exit_2_without_writing(sample, capsys, args, pattern):
    before = digest(sample)
    code = main(["export", str(sample), *args])
    err = capsys.readouterr().err
    assert code == 2 and pattern in err and "Traceback" not in err
    assert digest(sample) == before


@pytest.mark.parametrize("typed", ["第1回", "１"])
def test_round_options_accept_what_the_round_column_accepts(sample, capsys, typed):
    """Seed-independent (issue 9 §6): `--round` accepts what the 視聴回 column accepts (第1回, １)."""
    code, out, _ = export(capsys, sample, typed)
    assert code == 0 and "第1回" in out
    code, out, _ = run(capsys, "fill", sample, "--round", typed, "--today", "2024-05-01")
    assert code == 0 and "空欄はありませんでした" in out


def test_every_bad_option_is_named_in_one_message(sample, capsys):
    before = digest(sample)
    code = main(["export", str(sample), "--round", "10", "--today", "5/1", "--password-length", "8",
                 "--fiscal-year", "昭和"])
    err = capsys.readouterr().err
    assert code == 2 and all(word in err for word in ("1〜9", "--today", "9〜32", "昭和"))
    assert digest(sample) == before


def test_confirm_records_the_today_option_as_the_confirmation_date(sample, capsys):
    """Issue 9 §6: `confirm --today` is used for 登録確定日 (not the machine's date)."""
    export(capsys, sample, 1)
    assert confirm(capsys, sample, 1, "--today", "2024-05-10")[0] == 0
    assert {e.confirmed_on for e in read_ledger(sample.parent / "ID台帳.xlsx").entries} == {dt.date(2024, 5, 10)}


def test_the_next_step_names_the_one_book_when_only_video_links_are_new(tmp_path, capsys):
    """手順 3(2)①「再度のID登録処理は不要…「視聴者⇔動画 登録用エクセル」の処理のみ」: a round of re-viewers sends one
    book, and the next step says which, not 「2つのファイル」; a round already sent has nothing new to send."""
    from shuudan_xl.cli.main import main
    from shuudan_xl.files.master_book import write_master_book
    from shuudan_xl.rules.settings import Settings
    from tests.masters import viewer

    path = write_master_book(tmp_path / "視聴者リスト.xlsx", [viewer(round_=1), viewer(round_=2)], data_rows=10,
                             settings=Settings(fiscal_year="2024"))

    def run(*args):
        code = main([str(a) for a in args])
        return code, capsys.readouterr().out

    assert run("export", path, "--round", "1", "--today", "2024-05-01")[0] == 0
    assert run("confirm", path, "--round", "1", "--today", "2024-05-20")[0] == 0
    code, out = run("export", path, "--round", "2", "--today", "2024-06-01")
    assert code == 0 and "次の手順: 「令和6年度_第2回_視聴者動画.xlsx」を事業者" in out and "2つのファイル" not in out
    code, out = run("export", path, "--round", "1", "--today", "2024-05-01")
    assert code == 0 and "新しく提出するものはありません" in out
