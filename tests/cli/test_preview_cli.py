"""Preview before any write and a record of every write (issue 13): --dry-run, --expect-digest, 操作記録.csv."""

import json

import openpyxl
import pytest

from shuudan_xl.files.ledger_store import read_ledger
from shuudan_xl.files.oplog import DONE, FAILED, LOG_NAME, REFUSED, read_records
from shuudan_xl.rules import master as m
from shuudan_xl.rules.passwords import is_generated_shape
from tests.attendance_data import run
from tests.integrity.helpers import make_sample, snapshot
from tests.masters import sheet_rows

REG = "令和6年度_第1回_視聴者登録更新.xlsx"
VIDEO = "令和6年度_第1回_視聴者動画.xlsx"
COMMON = ["--round", "1", "--fiscal-year", "2024", "--today", "2024-05-01"]


@pytest.fixture
def sample(tmp_path, capsys):
    path = make_sample(tmp_path)
    capsys.readouterr()
    return path


def everything(folder):
    """Every file and folder, the operations log included."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}


def plan_json(capsys, *args):
    code, out, _ = run(capsys, *args, "--dry-run", "--json")
    data = json.loads(out)
    assert data["schema"] == "shuudan-xl/1" and data["exit_code"] == code and data["body"]["dry_run"] is True
    return data


def list_passwords(path):
    rows = sheet_rows(path, m.LIST_SHEET)
    col = rows[0].index(m.PASSWORD)
    return {r[col] for r in rows[1:] if r[col]}


@pytest.mark.parametrize("command", [["fill", *COMMON], ["fill"], ["export", *COMMON], ["confirm", *COMMON]])
def test_a_dry_run_writes_nothing_at_all(sample, capsys, command):
    before = everything(sample.parent)
    code, out, _ = run(capsys, command[0], sample, *command[1:], "--dry-run")
    assert code in (0, 1)  # confirm before any export is refused, as the real run would be
    assert "確認のみ" in out or command[0] == "confirm"
    assert everything(sample.parent) == before  # no list change, backup, output, lock, temp file or log record


def test_the_dry_run_counts_are_what_the_real_export_writes(sample, capsys):
    plan = plan_json(capsys, "export", sample, *COMMON)
    files = {f["what"]: f for f in plan["body"]["files"]}
    new_ids = {n["login_id"] for n in plan["body"]["new"]}
    assert run(capsys, "export", sample, *COMMON)[0] == 0
    out = sample.parent / "業者提出"
    registration = sheet_rows(out / REG)[1:]
    video = sheet_rows(out / VIDEO)[1:]
    assert files["業者提出: 視聴者登録／更新"]["rows"] == len(registration) == plan["counts"]["new_ids"]
    assert files["業者提出: 視聴者⇔動画"]["rows"] == len(video) == plan["counts"]["rows"]
    assert new_ids <= {r[0] for r in registration}
    (record,) = read_records(sample.parent)
    assert (record["新規ID"], record["作成したパスワード"], record["対象行数"]) == (
        str(plan["counts"]["new_ids"]), str(plan["counts"]["passwords"]), str(plan["counts"]["rows"]))


def test_the_dry_run_of_fill_counts_what_fill_writes(sample, capsys):
    plan = plan_json(capsys, "fill", sample, *COMMON)
    code, out, _ = run(capsys, "fill", sample, *COMMON)
    assert code == 0
    assert f"ユーザーID {plan['counts']['new_ids']} 件、新しいパスワード {plan['counts']['passwords']} 件" in out


def test_passwords_are_masked_unless_asked_for(sample, capsys):
    plan = plan_json(capsys, "export", sample, *COMMON)
    assert all(set(n["password"]) == {"*"} for n in plan["body"]["new"])
    shown = plan_json(capsys, "export", sample, *COMMON, "--show-passwords")
    assert all(is_generated_shape(n["password"]) or n["password"] for n in shown["body"]["new"])
    assert any(is_generated_shape(n["password"]) for n in shown["body"]["new"])
    _, text, _ = run(capsys, "export", sample, *COMMON, "--dry-run")
    assert not any(p["password"] in text for p in shown["body"]["new"]) and "--show-passwords" in text


def test_the_real_run_refuses_when_the_list_changed_after_the_dry_run(sample, capsys):
    digest = plan_json(capsys, "export", sample, *COMMON)["body"]["digest"]
    book = openpyxl.load_workbook(sample)
    sheet = book[m.LIST_SHEET]
    sheet.cell(row=3, column=m.COLUMNS.index(m.NAME) + 1, value="書き換えた名称")
    book.save(sample)
    before = snapshot(sample.parent)
    code, _, err = run(capsys, "export", sample, *COMMON, "--expect-digest", digest)
    assert code == 1 and "変わっています" in err and snapshot(sample.parent) == before
    fresh = plan_json(capsys, "export", sample, *COMMON)["body"]["digest"]
    assert fresh != digest and run(capsys, "export", sample, *COMMON, "--expect-digest", fresh)[0] == 0


def test_every_writing_run_leaves_exactly_one_record_refused_and_failed_included(sample, capsys):
    assert run(capsys, "export", sample, *COMMON)[0] == 0
    assert run(capsys, "export", sample, "--round", "2", "--fiscal-year", "2024", "--today", "2024-05-01")[0] == 1
    (sample.parent / "塞ぐ").write_text("a file where a folder should be")
    code, _, _ = run(capsys, "export", sample, *COMMON, "-o", sample.parent / "塞ぐ")
    assert code == 2
    records = read_records(sample.parent)
    assert [r["結果"] for r in records] == [DONE, REFUSED, FAILED]
    assert records[1]["止めた行"] == "3" and records[0]["視聴回"] == "1" and records[0]["ユーザー"]
    written = records[0]["書き込んだファイル（SHA-256）"].splitlines()
    assert {line.rsplit(" ", 1)[0].split("/")[-1] for line in written} >= {REG, VIDEO, sample.name}
    assert all(len(line.rsplit(" ", 1)[1]) == 64 for line in written)


def test_the_log_never_holds_a_password(sample, capsys):
    assert run(capsys, "export", sample, *COMMON, "--password-length", "12")[0] == 0
    text = (sample.parent / LOG_NAME).read_text(encoding="utf-8-sig")
    passwords = list_passwords(sample)
    assert passwords and not any(p in text for p in passwords)


def test_the_log_opens_in_excel_as_utf8_with_a_bom(sample, capsys):
    run(capsys, "export", sample, *COMMON)
    data = (sample.parent / LOG_NAME).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and "日時".encode() in data.splitlines()[0]


def test_confirm_names_the_export_its_files_came_from_and_calls_out_a_changed_file(sample, capsys):
    assert run(capsys, "export", sample, *COMMON)[0] == 0
    _, out, _ = run(capsys, "confirm", sample, *COMMON, "--dry-run")
    assert f"「{REG}」は" in out and "export" in out and "変更なし" in out
    video = sample.parent / "業者提出" / VIDEO
    book = openpyxl.load_workbook(video)
    book.save(video)  # same values, other bytes: what a vendor or a colleague re-saving it does
    code, out, _ = run(capsys, "confirm", sample, *COMMON)
    assert code == 0 and f"「{VIDEO}」は" in out and "作成したあとに変更されています" in out


# Every writing command (issue 13:「A dry run over every writing command … leaves every file byte-identical」)

def test_a_dry_run_of_every_writing_command_leaves_the_folder_byte_identical(tmp_path, capsys):
    from tests.attendance_data import RESULTS, exported_master, write_csv

    master = exported_master(tmp_path / "課", capsys)
    folder = master.parent
    results = write_csv(folder / "視聴結果.csv", RESULTS)
    assert run(capsys, "spare-ids", "--kind", "m", "--prefecture", "13", "--count", "1", "--master", master)[0] == 0
    assert read_records(folder)[-1]["書き込んだファイル（SHA-256）"]  # the real run was recorded
    spare_id = [e.login_id for e in read_ledger(folder / "ID台帳.xlsx").entries if e.status == "予備"][0]
    before = everything(folder)
    commands = [
        ["fill", master, "--round", "2", "--today", "2024-05-01"],
        ["export", master, "--round", "2", "--today", "2024-05-01"],
        ["confirm", master, "--round", "1"],
        ["notices", master, "--round", "1", "--today", "2024-05-20", "--draft"],
        ["attendance", master, "--round", "1", "--results", results, "--today", "2024-07-05"],
        ["reassign", master, "--from-round", "1", "--to-round", "3", "--results", results, "--today", "2024-07-05"],
        ["spare-ids", "--kind", "p", "--prefecture", "13", "--count", "2", "--master", master],
        ["spare-ids", "--master", master, "assign", spare_id, "--name", "山田 花子"],
    ]
    for command in commands:
        code, out, err = run(capsys, *command, "--dry-run")
        assert code in (0, 1) and "確認のみ" in out and "Traceback" not in err, (command, out, err)
        assert everything(folder) == before, command  # no list, ledger, backup, output, lock, temp or log change
        assert "確認コード" in out or code == 1, (command, out)


def test_spare_ids_dry_run_masks_the_passwords_it_would_register(tmp_path, capsys, sample):
    code, out, _ = run(capsys, "spare-ids", "--kind", "m", "--prefecture", "13", "--count", "2", "--master", sample,
                       "--dry-run", "--json")
    body = json.loads(out)["body"]
    assert code == 0 and len(body["new"]) == 2 and all(set(n["password"]) == {"*"} for n in body["new"])
    assert not (sample.parent / "ID台帳.xlsx").exists()


def test_doublecheck_names_the_export_its_file_came_from_and_calls_out_a_change(sample, capsys):
    assert run(capsys, "export", sample, *COMMON)[0] == 0
    registration = sample.parent / "業者提出" / REG
    _, out, _ = run(capsys, "doublecheck", sample, registration, "--round", "1")
    assert f"「{REG}」は" in out and "export" in out and "変更なし" in out
    book = openpyxl.load_workbook(registration)
    book.save(registration)
    _, out, _ = run(capsys, "doublecheck", sample, registration, "--round", "1")
    assert "作成したあとに変更されています" in out


def test_attendance_and_confirm_hash_their_inputs_when_a_code_is_given_and_refuse_a_changed_input(tmp_path, capsys):
    from tests.attendance_data import RESULTS, exported_master, write_csv

    master = exported_master(tmp_path / "課", capsys)
    results = write_csv(master.parent / "視聴結果.csv", RESULTS)
    attendance = ["attendance", master, "--round", "1", "--results", results, "--today", "2024-07-05"]
    digest = plan_json(capsys, *attendance)["body"]["digest"]
    code, _, err = run(capsys, *attendance, "--expect-digest", "0" * len(digest))
    assert code == 1 and "変わっています" in err
    assert run(capsys, *attendance, "--expect-digest", digest)[0] == 0
    write_csv(results, RESULTS[:-1])  # the results changed after the dry run
    assert run(capsys, *attendance, "--expect-digest", digest)[0] == 1
    code, _, err = run(capsys, "confirm", master, "--round", "1", "--expect-digest", "0" * len(digest))
    assert code == 1 and "変わっています" in err


def test_notices_reassign_and_spare_ids_refuse_a_code_their_dry_run_did_not_give_and_accept_the_one_it_did(
        tmp_path, capsys):
    # These commands hash their inputs only when a code is given (cli: check_expected with a function).
    from tests.attendance_data import RESULTS, exported_master, write_csv

    master = exported_master(tmp_path / "課", capsys)
    folder = master.parent
    results = write_csv(folder / "視聴結果.csv", RESULTS)
    assert run(capsys, "spare-ids", "--kind", "m", "--prefecture", "13", "--count", "1", "--master", master)[0] == 0
    spare_id = [e.login_id for e in read_ledger(folder / "ID台帳.xlsx").entries if e.status == "予備"][0]
    commands = [
        ["notices", master, "--round", "1", "--today", "2024-05-20", "--draft"],
        ["reassign", master, "--from-round", "1", "--to-round", "3", "--results", results, "--today", "2024-07-05"],
        ["spare-ids", "--kind", "p", "--prefecture", "13", "--count", "2", "--master", master],
        ["spare-ids", "--master", master, "assign", spare_id, "--name", "山田 花子"],
    ]
    for command in commands:
        digest = plan_json(capsys, *command)["body"]["digest"]
        before = snapshot(folder)
        code, _, err = run(capsys, *command, "--expect-digest", "0" * len(digest))
        assert code == 1 and "変わっています" in err, (command, err)
        assert snapshot(folder) == before, command  # nothing written (the refusal is logged, as every run is)
        code, _, err = run(capsys, *command, "--expect-digest", digest)
        assert code == 0, (command, err)
