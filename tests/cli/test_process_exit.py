"""The console entry ends the process as main left it: main's exit status, every line written, the cyclic
collector off for the one command the process runs, and its shutdown walk skipped only once the command has
returned (cli.main.entry)."""

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import shuudan_xl.cli.main as cli_main

ROOT = Path(__file__).parents[2]


def test_entry_freezes_the_heap_only_after_the_command_returned_and_exits_with_its_status(monkeypatch):
    events = []
    monkeypatch.setattr(cli_main, "main", lambda: events.append("main") or 1)
    monkeypatch.setattr(gc, "freeze", lambda: events.append("freeze"))
    monkeypatch.setattr(gc, "disable", lambda: events.append("collector off"))  # (this test process keeps it)
    with pytest.raises(SystemExit) as raised:
        cli_main.entry()
    assert raised.value.code == 1
    assert events == ["collector off", "main", "freeze"]  # off for the whole command, the heap frozen after


def test_a_command_run_as_a_process_writes_its_whole_output_before_it_exits():
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    result = subprocess.run([sys.executable, "-m", "shuudan_xl", "schedule", "2024", "--json"], env=env,
                            capture_output=True, check=False)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    data = json.loads(result.stdout.decode("utf-8"))  # the envelope complete, to its last brace
    assert data and result.stderr == b""
