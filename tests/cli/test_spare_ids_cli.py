"""End to end: spare IDs created, registered as 予備, assigned, then accepted by export."""

import pytest

from shuudan_xl.files.ledger_store import append_entries, read_ledger
from shuudan_xl.rules import master as m
from shuudan_xl.rules.ledger import ASSIGNED, SPARE, LedgerEntry
from shuudan_xl.rules.login_ids import parse_id
from tests.attendance_data import exported_master, run
from tests.conftest import digest
from tests.masters import sheet_rows, viewer

REG_BOOK = "予備ID_m13yb0001-m13yb0003_視聴者登録更新.xlsx"


@pytest.fixture
def master(tmp_path, capsys):
    return exported_master(tmp_path / "課", capsys)


def spare(capsys, master, *extra, count=3):
    return run(capsys, "spare-ids", "--kind", "m", "--prefecture", "13", "--count", count, "--master", master,
               *extra)


def test_spare_ids_are_registered_as_spares_with_a_registration_book(master, capsys):
    code, out, err = spare(capsys, master)
    assert (code, err) == (0, "") and "m13yb0001、m13yb0002、m13yb0003" in out
    ledger = read_ledger(master.parent / "ID台帳.xlsx")
    spares = [e for e in ledger.entries if e.status == SPARE]
    assert [e.login_id for e in spares] == ["m13yb0001", "m13yb0002", "m13yb0003"]
    assert all(e.group == "東京13" and e.guidance == "登録時" and e.field == "医科" for e in spares)
    assert all(ledger.is_unassigned_spare(e.login_id) for e in spares)
    book = master.parent / "業者提出" / REG_BOOK
    assert sheet_rows(book) == [["ユーザーID", "パスワード", "氏名"]] + [[e.login_id, e.password, e.group]
                                                                        for e in spares]
    assert len({e.password for e in spares}) == 3
    assert "予備IDも登録しないと使えません" in out


def test_spare_ids_never_collide_with_the_ledger_or_the_master(tmp_path, capsys):
    rows = [viewer(), viewer(guidance="登録時", number="501704", name="予備を手入力", login_id="m13yb0001")]
    master = exported_master(tmp_path / "課", capsys, rows)
    append_entries(master.parent / "ID台帳.xlsx", [LedgerEntry("m13yb0004", "spare2345x", "東京13", status=SPARE)])
    code, out, _ = spare(capsys, master, count=2)
    assert code == 0 and "m13yb0005、m13yb0006" in out
    code, out, _ = spare(capsys, master, count=1)
    assert "m13yb0007" in out
    ids = [e.login_id for e in read_ledger(master.parent / "ID台帳.xlsx").entries]
    assert len(ids) == len(set(ids))


def test_a_ledger_alone_is_enough_and_the_prefecture_may_be_a_name(tmp_path, capsys):
    ledger = tmp_path / "ID台帳.xlsx"
    code, out, _ = run(capsys, "spare-ids", "--kind", "d", "--prefecture", "北海道", "--count", "1",
                       "--ledger", ledger, "--fiscal-year", "R6")
    assert code == 0 and "d01yb0001" in out and "重なりは確認していません" in out
    (entry,) = read_ledger(ledger).entries
    assert (entry.group, entry.field, entry.fiscal_year) == ("北海道01", "歯科", 2024)
    assert parse_id(entry.login_id).prefecture == "01"


@pytest.mark.parametrize("args, pattern", [
    (["--kind", "x", "--prefecture", "13", "--count", "1"], "IDの種類"),
    (["--kind", "m", "--prefecture", "火星", "--count", "1"], "都道府県"),
    (["--kind", "m", "--prefecture", "13", "--count", "0"], "1〜500"),
    (["--kind", "m", "--prefecture", "13"], "--count"),
    (["--kind", "m", "--prefecture", "13", "--count", "1", "--password-length", "8"], "9〜32"),
])
def test_bad_requests_exit_2_and_write_nothing(master, capsys, args, pattern):
    before = digest(master.parent / "ID台帳.xlsx")
    code, _, err = run(capsys, "spare-ids", *args, "--master", master)
    assert code == 2 and pattern in err and "Traceback" not in err
    assert digest(master.parent / "ID台帳.xlsx") == before
    assert not (master.parent / "業者提出").joinpath(REG_BOOK).exists()


def test_neither_master_nor_ledger_is_a_usage_error(capsys):
    code, _, err = run(capsys, "spare-ids", "--kind", "m", "--prefecture", "13", "--count", "1")
    assert code == 2 and "--master" in err


def test_an_open_ledger_is_refused_and_no_book_is_left(master, capsys):
    ledger = master.parent / "ID台帳.xlsx"
    ledger.with_name("~$" + ledger.name).write_bytes(b"owner")
    code, _, err = spare(capsys, master)
    assert code == 2 and "Excelで開かれています" in err
    assert not (master.parent / "業者提出" / REG_BOOK).exists()


def test_an_assigned_spare_typed_into_the_master_is_exported_as_registered(master, capsys):
    spare(capsys, master)
    code, out, err = run(capsys, "spare-ids", "assign", "m13yb0002", "--name", "他県 次郎", "--number", "654321",
                         "--round", "2", "--note", "〇〇病院から連絡", "--master", master)
    assert (code, err) == (0, "")
    ledger = read_ledger(master.parent / "ID台帳.xlsx")
    entry = ledger.get("m13yb0002")
    assert (entry.status, entry.name, entry.number, entry.round) == (ASSIGNED, "他県 次郎", "654321", 2)
    assert f"パスワード {entry.password}" in out
    # Staff type the spare ID into a new master row of round 2 (password left blank).
    import openpyxl

    book = openpyxl.load_workbook(master)
    row = viewer(round_=2, guidance="登録時", number="654321", name="他県 次郎", login_id="m13yb0002")
    book[m.LIST_SHEET].append([row.get(h) for h in m.COLUMNS])
    book.save(master)
    code, out, _ = run(capsys, "export", master, "--round", "2", "-o", master.parent / "out2", "--today", "2024-06-01")
    assert code == 0 and "新規ID 1・登録済みID 1" in out
    registration = sheet_rows(master.parent / "out2" / "令和6年度_第2回_視聴者登録更新.xlsx")
    assert "m13yb0002" not in {r[0] for r in registration}
    video = sheet_rows(master.parent / "out2" / "令和6年度_第2回_視聴者動画.xlsx")
    assert ["m13yb0002", "登録時集団指導（医科）7月"] in video
    listed = next(r for r in sheet_rows(master, m.LIST_SHEET) if r[m.COLUMNS.index(m.LOGIN_ID)] == "m13yb0002")
    assert listed[m.COLUMNS.index(m.PASSWORD)] == entry.password


def test_an_assigned_spare_cannot_go_to_someone_else(master, capsys):
    spare(capsys, master, count=1)
    assert run(capsys, "spare-ids", "assign", "m13yb0001", "--name", "他県 次郎", "--number", "654321",
               "--master", master)[0] == 0
    code, _, err = run(capsys, "spare-ids", "assign", "m13yb0001", "--name", "別の医師", "--master", master)
    assert code == 1 and "割り当て済み" in err and "他県 次郎" in err
    import openpyxl

    book = openpyxl.load_workbook(master)
    row = viewer(round_=2, guidance="登録時", number="777777", name="別の医師", login_id="m13yb0001")
    book[m.LIST_SHEET].append([row.get(h) for h in m.COLUMNS])
    book.save(master)
    code, out, _ = run(capsys, "export", master, "--round", "2", "-o", master.parent / "out2", "--today", "2024-06-01")
    assert code == 1 and "別の視聴者" in out


@pytest.mark.parametrize("login_id, pattern", [("m13yb0009", "台帳にありません"),
                                               ("n131234567", "予備IDではありません")])
def test_only_spares_of_the_ledger_can_be_assigned(master, capsys, login_id, pattern):
    before = digest(master.parent / "ID台帳.xlsx")
    code, _, err = run(capsys, "spare-ids", "assign", login_id, "--name", "誰か", "--master", master)
    assert code == 1 and pattern in err
    assert digest(master.parent / "ID台帳.xlsx") == before


def test_options_before_assign_are_kept(master, capsys):
    spare(capsys, master, count=1)
    code, _, err = run(capsys, "spare-ids", "--ledger", master.parent / "ID台帳.xlsx", "assign", "m13yb0001",
                       "--name", "他県 次郎")
    assert (code, err) == (0, "")


def test_spare_ids_for_a_round_join_its_one_pair(master, capsys):
    """手順 6(3)「視聴者リストにてeラーニング事業者へ依頼」and 3(5)「1つのシートにまとめた上で」: spare IDs for a
    round are registered in that round's 視聴者登録／更新, never a book of their own; the round's export keeps them."""
    code, out, err = spare(capsys, master, "--round", "3", "--today", "2024-05-01")
    assert (code, err) == (0, ""), out
    outdir = master.parent / "業者提出"
    assert not (outdir / REG_BOOK).exists()
    reg = outdir / "令和6年度_第3回_視聴者登録更新.xlsx"
    ledger = read_ledger(master.parent / "ID台帳.xlsx")
    spares = [e for e in ledger.entries if e.status == SPARE]
    assert [e.round for e in spares] == [3, 3, 3]
    assert sheet_rows(reg)[1:] == [[e.login_id, e.password, e.group] for e in spares]
    assert "第3回の業者提出ファイル" in out and str(reg) in out


def test_spare_ids_for_a_round_already_sent_are_a_supplement(master, capsys):
    """Round 1 was sent (exported_master confirms it): the spares go into …_第1回_追加1_視聴者登録更新.xlsx alone."""
    outdir = master.parent / "業者提出"
    sent = digest(outdir / "令和6年度_第1回_視聴者登録更新.xlsx")
    code, out, err = spare(capsys, master, "--round", "1", "--today", "2024-05-01", count=2)
    assert (code, err) == (0, ""), out
    assert digest(outdir / "令和6年度_第1回_視聴者登録更新.xlsx") == sent
    assert [r[0] for r in sheet_rows(outdir / "令和6年度_第1回_追加1_視聴者登録更新.xlsx")[1:]] == [
        "m13yb0001", "m13yb0002"]
    assert not (outdir / "令和6年度_第1回_追加1_視聴者動画.xlsx").exists()  # spares have no video yet
    # Staff are told it is a supplement, and how many registrations were sent before (not 「0 件」).
    sent_ids = len(sheet_rows(outdir / "令和6年度_第1回_視聴者登録更新.xlsx")) - 1
    assert "第1回の追加1: 提出後に加わった分だけ" in out and "全員分を1組に" not in out
    assert f"提出済みの新規ID {sent_ids} 件" in out and sent_ids > 0


def test_spare_ids_for_a_round_not_exported_yet_enter_its_export(master, capsys):
    """Round 2's own row has no ID yet: the spares go to the ledger only, and round 2's export puts them in the pair."""
    code, out, err = spare(capsys, master, "--round", "2", "--today", "2024-05-01", count=1)
    assert (code, err) == (0, "") and "第2回の export" in out
    outdir = master.parent / "業者提出"
    assert not list(outdir.glob("*第2回*.xlsx"))
    code, out, err = run(capsys, "export", master, "--round", "2", "-o", outdir, "--today", "2024-06-01")
    assert code == 0, out + err
    assert [r[0] for r in sheet_rows(outdir / "令和6年度_第2回_視聴者登録更新.xlsx")[1:]] == ["n133333333", "m13yb0001"]


def test_a_round_needs_the_master(tmp_path, capsys):
    code, _, err = run(capsys, "spare-ids", "--kind", "m", "--prefecture", "13", "--count", "1", "--ledger",
                       tmp_path / "ID台帳.xlsx", "--round", "1")
    assert code == 2 and "--master" in err


def test_spare_ids_for_a_round_past_its_deadline_are_refused_naming_the_next_open_round(master, capsys):
    """手順 3(6)「登録期限は厳守すること」: the registration part of spare-ids keeps the round's deadline."""
    before = digest(master.parent / "ID台帳.xlsx")
    code, out, _ = spare(capsys, master, "--round", "2", "--today", "2024-06-25")
    assert code == 1 and "第2回の●登録期限" in out and "第3回" in out and "--allow-late" in out
    assert digest(master.parent / "ID台帳.xlsx") == before


def test_spare_ids_for_a_round_create_the_ledger_when_there_is_none_yet(tmp_path, capsys):
    """The first spares of a bureau, before any confirm: the default ledger beside the list is created, not
    reported as a missing --ledger that was never given."""
    from shuudan_xl.files.master_book import write_master_book
    from shuudan_xl.rules.settings import Settings

    path = write_master_book(tmp_path / "視聴者リスト.xlsx", [viewer()], data_rows=10,
                             settings=Settings(fiscal_year="2024"))
    code, out, err = spare(capsys, path, "--round", "1", "--today", "2024-05-01", count=1)
    assert (code, err) == (0, ""), out
    assert [e.status for e in read_ledger(tmp_path / "ID台帳.xlsx").entries] == [SPARE]
