"""Progress of long runs: stages on a terminal's stderr, nothing in a pipe or with --json; the status bar."""

import io

import pytest

from shuudan_xl.cli.main import main
from shuudan_xl.cli.progress import TerminalProgress, showing, terminal_reporter
from shuudan_xl.excel.progress import StatusBarProgress
from shuudan_xl.services import progress
from tests.masters import make_master, viewer


class Terminal(io.StringIO):
    """A stderr that says it is a terminal."""

    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_stages_are_silent_without_a_reporter():
    progress.stage(progress.READING)  # no reporter installed: nothing happens, nothing fails
    progress.advance(10)


def test_a_terminal_gets_one_line_per_stage_with_its_count():
    screen = Terminal()
    with showing(stream=screen):
        progress.stage(progress.READING)
        progress.stage(progress.WRITING_VENDOR, 100_000)
    assert screen.getvalue() == "読み込み…\n業者提出ファイルの作成（100,000 件）…\n"


def test_a_long_stage_counts_and_rubs_the_count_out_when_it_ends():
    screen, clock = Terminal(), Clock()
    reporter = TerminalProgress(screen, clock)
    with progress.reporting(reporter):
        progress.stage(progress.WRITING_LETTERS, 10_000)
        clock.now = 1.0
        for _ in progress.counted(range(10_000), 10_000, every=5_000):
            pass
    text = screen.getvalue()
    assert "5,000 / 10,000 (50%)" in text
    assert text.endswith(" \r")  # the count line is blanked
    assert reporter.shown == 0  # nothing left on the line for the command's own output


def test_a_few_items_are_not_counted():
    screen, clock = Terminal(), Clock()
    with progress.reporting(TerminalProgress(screen, clock)):
        progress.stage(progress.CHECKING, 50)
        clock.now = 5.0
        progress.advance(25)
    assert screen.getvalue() == "点検（50 件）…\n"


@pytest.mark.parametrize("json_output, stream", [(True, Terminal()), (False, io.StringIO())],
                         ids=["--json", "not a terminal"])
def test_nothing_is_drawn_for_json_or_a_pipe(json_output, stream):
    assert terminal_reporter(json_output, stream) is None


def test_the_command_line_keeps_stderr_clean_when_it_is_not_a_terminal(tmp_path, capsys):
    path = make_master(tmp_path / "視聴者リスト.xlsx", [viewer()])
    code = main(["export", str(path), "--round", "1", "--fiscal-year", "2024", "--today", "2024-05-01"])
    assert (code, capsys.readouterr().err) == (0, "")


def test_the_status_bar_shows_each_stage_and_its_count():
    shown, clock = [], Clock()
    with progress.reporting(StatusBarProgress(shown.append, clock)):
        progress.stage(progress.READING)
        progress.stage(progress.WRITING_LETTERS, 2_000)
        clock.now = 1.0
        progress.advance(1_000)
        progress.advance(1_500)  # too soon after the last update: Excel is not called again
    assert shown == ["読み込み…", "実施通知の作成（2,000 件）…", "実施通知の作成… 1,000 / 2,000 件"]
