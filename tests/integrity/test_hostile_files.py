"""Every command on every hostile list: a Japanese refusal (exit 1 or 2), never a traceback or an internal
error, and nothing written (the folder is byte-identical afterwards). A hostile file that is still a valid
list may be processed; then what reaches the vendor books is exactly what the list holds."""

import shutil

import pytest

from shuudan_xl.cli.main import main
from tests.integrity.helpers import REG, make_sample, snapshot
from tests.integrity.hostile import HOSTILE, LIST_ONLY, ods

READS_NO_LIST = {"schedule"}  # schedule --master reads 設定 and 視聴スケジュール, never the list sheet

COMMANDS = {
    "check": lambda m: ["check", m],
    "fill": lambda m: ["fill", m],
    "export": lambda m: ["export", m, "--round", "1", "--fiscal-year", "2024", "-o", f"{m}.out", "--today",
                         "2024-05-01"],
    "confirm": lambda m: ["confirm", m, "--round", "1", "--fiscal-year", "2024", "-o", f"{m}.out"],
    "notices": lambda m: ["notices", m, "--round", "1", "--fiscal-year", "2024"],
    "attendance": lambda m: ["attendance", m, "--round", "1", "--fiscal-year", "2024", "--results", m],
    "reassign": lambda m: ["reassign", m, "--from-round", "1", "--to-round", "2", "--fiscal-year", "2024",
                           "--results", m],
    "spare-ids": lambda m: ["spare-ids", "--master", m, "--kind", "s", "--prefecture", "13", "--count", "2"],
    "schedule": lambda m: ["schedule", "2024", "--master", m],
    "doublecheck": lambda m: ["doublecheck", m, m],
}


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory):
    """Each hostile list built once (the whitespace bomb takes a second)."""
    folder = tmp_path_factory.mktemp("hostile")
    sample = make_sample(folder, "sample.xlsx")
    built = {}
    for index, (name, (build, _)) in enumerate(HOSTILE.items()):
        path = folder / f"h{index}.xlsx"
        shutil.copy(sample, path)
        build(path)
        built[name] = path
    return built


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("hostile", list(HOSTILE))
def test_a_hostile_list_is_refused_cleanly_and_nothing_is_written(hostile_files, tmp_path, capsys, hostile,
                                                                  command):
    master = tmp_path / "視聴者リスト.xlsx"
    shutil.copy(hostile_files[hostile], master)
    before = snapshot(tmp_path)
    code = main([str(a) for a in COMMANDS[command](str(master))])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "内部エラー" not in err, err
    still_valid = HOSTILE[hostile][1]
    if code == 0 and still_valid:
        if command == "export":
            _vendor_books_equal_the_list(master)
        return
    if code == 0 and command in READS_NO_LIST and hostile in LIST_ONLY:
        assert snapshot(tmp_path) == before
        return
    assert code in (1, 2), (code, out, err)
    assert err.strip() or out.strip()
    assert snapshot(tmp_path) == before


def _vendor_books_equal_the_list(master):
    from shuudan_xl.files.reader import Workbook
    from shuudan_xl.services.master import load_master

    listed = {r.login_id: (r.password, r.group) for r in load_master(Workbook(master)).rows if r.round == 1}
    rows = Workbook(f"{master}.out/{REG}").rows("視聴者登録／更新")
    assert {r[0]: (r[1], r[2]) for r in rows[1:]} == listed


def _no_sheets(path):
    import re

    from tests.conftest import write_book
    from tests.integrity.hostile import rewrite

    write_book(path, {"x": [["ユーザーID"]]})
    rewrite(path, {"xl/workbook.xml": lambda d: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", d)})


def _doctype_template(path):
    import docx

    from tests.integrity.hostile import rewrite

    document = docx.Document()
    document.add_paragraph("{{宛先}} {{ログインID}} {{ログインパスワード}}")
    document.add_paragraph("{{指導実施日}} {{視聴開始日}} {{視聴終了日}}")
    document.save(path)
    rewrite(path, {"word/document.xml": lambda d: d.replace(b"?>", b'?><!DOCTYPE w [<!ENTITY x "y">]>', 1)})


OPTION_FILES = {
    "results workbook with no sheets": ("結果.xlsx", _no_sheets, lambda m, f: [
        "attendance", m, "--round", "1", "--fiscal-year", "2024", "--results", f]),
    "results CSV with a 5 MB field": ("結果.csv", lambda p: p.write_text(
        "ユーザーID,視聴状況\n" + "a" * (5 << 20) + ",視聴完了\n", encoding="utf-8"), lambda m, f: [
        "attendance", m, "--round", "1", "--fiscal-year", "2024", "--results", f]),
    "notice template with a DOCTYPE": ("通知.docx", _doctype_template, lambda m, f: [
        "notices", m, "--round", "1", "--fiscal-year", "2024", "--template", f, "--draft", "--send-date",
        "2024-05-01"]),
    "ledger that is an .ods": ("台帳.xlsx", ods, lambda m, f: [
        "confirm", m, "--round", "1", "--fiscal-year", "2024", "--ledger", f]),
}


@pytest.mark.parametrize("case", list(OPTION_FILES))
def test_a_hostile_file_given_to_an_option_is_refused_cleanly(hostile_files, tmp_path, capsys, case):
    name, build, args = OPTION_FILES[case]
    master = tmp_path / "視聴者リスト.xlsx"
    shutil.copy(hostile_files["sheetData tags with spaces"].parent / "sample.xlsx", master)
    other = tmp_path / name
    other.write_bytes(b"")
    build(other)
    if args("", "")[0] == "notices":  # letters are made from an exported list
        assert main(COMMANDS["export"](str(master))) == 0
        capsys.readouterr()
    before = snapshot(tmp_path)
    code = main(args(str(master), str(other)))
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in out + err and "内部エラー" not in err, (code, out, err)
    assert snapshot(tmp_path) == before
