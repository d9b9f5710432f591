"""The writer lock: a second writer is refused at once with the holder's name (exit 2), a side file left by
a killed run is reported and taken over, and the folder is left as it was."""

import json
import subprocess
import sys

import pytest

from shuudan_xl.cli.main import main
from shuudan_xl.errors import Busy
from shuudan_xl.files.lock import INFO_NAME, LOCK_NAME, writer_lock
from tests.integrity.helpers import child_env, export_args, make_sample, snapshot

HOLD = """
import sys, time
from pathlib import Path
from shuudan_xl.files.lock import writer_lock
with writer_lock(Path(sys.argv[1]), "台帳登録ボタン"):
    print("held", flush=True)
    time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path):
    """Another process (another staff member's click) holding the lock of tmp_path."""
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, env=child_env())
    assert proc.stdout.readline().strip() == b"held"
    yield proc
    proc.kill()
    proc.wait()


def test_a_second_writer_is_refused_naming_the_holder_and_nothing_is_written(tmp_path, capsys, holder):
    master = make_sample(tmp_path)
    capsys.readouterr()
    before = snapshot(tmp_path)
    for args in (export_args(master), ["fill", str(master)]):
        assert main(args) == 2
        err = capsys.readouterr().err
        assert "「台帳登録ボタン」を実行しています" in err and "終わるのを待って" in err and "Traceback" not in err
    assert snapshot(tmp_path) == before


def test_a_read_only_command_is_not_held_up_by_a_writer(tmp_path, capsys, holder):
    master = make_sample(tmp_path)
    assert main(["check", str(master)]) in (0, 1)


def test_the_lock_of_a_killed_holder_is_taken_over_and_reported(tmp_path, caplog):
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, env=child_env())
    assert proc.stdout.readline().strip() == b"held"
    proc.kill()  # SIGKILL on POSIX, TerminateProcess on Windows: no clean-up runs
    proc.wait()
    assert json.loads((tmp_path / INFO_NAME).read_text(encoding="utf-8"))["what"] == "台帳登録ボタン"
    with writer_lock(tmp_path, "export") as state:
        assert state.stale is not None and state.stale.what == "台帳登録ボタン"
        assert json.loads((tmp_path / INFO_NAME).read_text(encoding="utf-8"))["what"] == "export"
    assert "途中で終了したようです" in caplog.text and "台帳登録ボタン" in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_lock_is_refused_inside_the_same_process_too_and_released_after_a_failure(tmp_path):
    with pytest.raises(RuntimeError), writer_lock(tmp_path, "fill"):
        with pytest.raises(Busy, match="「fill」を実行しています"), writer_lock(tmp_path, "export"):
            pass
        raise RuntimeError
    with writer_lock(tmp_path, "export") as state:
        assert state.stale is None  # a failure is not a death: the side file went with the lock
    assert not (tmp_path / LOCK_NAME).exists() and not (tmp_path / INFO_NAME).exists()


def test_the_holder_names_the_computer_as_the_system_does():
    """The side file names the machine (os.uname's name on POSIX, without loading the socket module): the
    name socket.gethostname gives, on every system."""
    import socket

    from shuudan_xl.files.lock import current_holder

    assert current_holder("export").machine == socket.gethostname()
