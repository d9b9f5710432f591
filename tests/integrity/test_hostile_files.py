"""Every command on every hostile list: a Japanese refusal (exit 1 or 2), never a traceback or an internal
error, and nothing written (the folder is byte-identical afterwards). A hostile file that is still a valid
list may be processed; then what reaches the vendor books is exactly what the list holds."""

import shutil

import pytest

from shuudan_xl.cli.main import main
from tests.integrity.helpers import REG, make_sample, snapshot
from tests.integrity.hostile import HOSTILE, LIST_ONLY

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
