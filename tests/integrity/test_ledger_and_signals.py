"""The ledger is written like the list (checked for Excel first, staged, read back, renamed), and SIGTERM rolls
an export back like Ctrl-C."""

import errno
import os
import signal
import subprocess
import time

import pytest

from shuudan_xl.cli.main import main
from tests.integrity.helpers import ENTRY, child_env, export_args, holding_the_lock, make_sample, snapshot, temp_files


@pytest.fixture
def exported(tmp_path, capsys):
    master = make_sample(tmp_path)
    assert main(export_args(master)) == 0
    capsys.readouterr()
    return master


def confirm_args(master):
    return ["confirm", str(master), "--round", "1", "--fiscal-year", "2024", "-o", str(master.parent / "out")]


def test_confirm_checks_for_excel_before_it_creates_the_ledger(exported, capsys):
    (exported.parent / "~$ID台帳.xlsx").write_bytes(b"owner")
    before = snapshot(exported.parent)
    assert main(confirm_args(exported)) == 2
    assert "Excelで開かれています" in capsys.readouterr().err
    assert snapshot(exported.parent) == before and not (exported.parent / "ID台帳.xlsx").exists()


@pytest.mark.parametrize("existing", [False, True])
def test_a_full_disk_while_confirming_leaves_the_ledger_as_it_was(exported, capsys, monkeypatch, existing):
    if existing:  # a ledger that already holds a spare ID
        assert main(["spare-ids", "--master", str(exported), "--kind", "s", "--prefecture", "13", "--count", "1"]) == 0
        capsys.readouterr()
        assert (exported.parent / "ID台帳.xlsx").exists()
    before = snapshot(exported.parent)

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    code = main(confirm_args(exported))
    err = capsys.readouterr().err
    assert code == 2 and "空き" in err and "Traceback" not in err
    assert snapshot(exported.parent) == before


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM")
def test_sigterm_during_an_export_removes_what_it_started_and_keeps_the_list(tmp_path):
    from shuudan_xl.files.master_book import write_master_book
    from tests.benchmarks.bench_export import master_rows

    master = write_master_book(tmp_path / "視聴者リスト.xlsx", master_rows(3000), data_rows=3010)
    old = master.read_bytes()
    for delay in (0.0, 0.1, 0.25):
        proc = subprocess.Popen([*ENTRY, *export_args(master)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env())
        # Signal only once the run holds the writer lock (its SIGTERM handler is in place by then), so that
        # a slow start on a busy machine cannot turn the test into one of Python's default SIGTERM exit.
        holding_the_lock(proc, tmp_path)
        time.sleep(delay)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
        err = err.decode("utf-8")
        assert "Traceback" not in err and temp_files(tmp_path) == [], (delay, err)
        assert not (tmp_path / ".shuudan-xl.lock").exists(), (delay, err)
        if proc.returncode == 130 and master.read_bytes() == old:  # stopped before the commit: nothing changed
            assert "元のファイルはそのまま" in err and not any((tmp_path / "out").glob("*.xlsx")), (delay, err)
            assert not (tmp_path / "バックアップ").exists(), (delay, err)  # the list's copy went with the rollback
            return
        # otherwise it committed (a signal during the renames waits for them): the new list and both books
        assert len(list((tmp_path / "out").glob("*.xlsx"))) == 2, (delay, proc.returncode, err)
        if proc.returncode == 130:  # interrupted after the commit: it says what it replaced, not "nothing changed"
            assert "置き換え済み" in err and "元のファイルはそのまま" not in err, (delay, err)
        master.write_bytes(old)  # it finished before the signal: try again a little earlier or later
        for p in (tmp_path / "out").glob("*"):
            p.unlink() if p.is_file() else None
    pytest.skip("every export finished before SIGTERM arrived")
