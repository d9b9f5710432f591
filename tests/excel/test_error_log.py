"""A failed button's message reaches xlwings' popup in the code page VBA reads the log in (issue 10 item 3)."""

import importlib
import io
import sys

from shuudan_xl.excel.error_log import use_ansi_code_page_for_stderr

MESSAGE = "エラー: 視聴者リストのシートがありません。"


def utf8_stderr(monkeypatch) -> io.BytesIO:
    """Make sys.stderr what Python opens for a redirected file in UTF-8 mode (PYTHONUTF8=1).

    Called in the test body: pytest puts its own capture back on sys.stderr after fixtures run.
    """
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stderr", io.TextIOWrapper(raw, encoding="utf-8", write_through=True))
    return raw


def test_on_windows_in_utf8_mode_stderr_is_written_in_cp932(monkeypatch):
    raw = utf8_stderr(monkeypatch)
    use_ansi_code_page_for_stderr(platform="win32", encoding="cp932")
    sys.stderr.write(MESSAGE + " 😀\n")
    sys.stderr.flush()
    assert raw.getvalue() == (MESSAGE + " \\U0001f600\n").encode("cp932")


def test_elsewhere_stderr_is_left_alone(monkeypatch):
    utf8_stderr(monkeypatch)
    before = sys.stderr
    use_ansi_code_page_for_stderr(platform="linux", encoding="cp932")
    assert sys.stderr is before and sys.stderr.encoding == "utf-8"


def test_without_stderr_as_under_pythonw_nothing_fails(monkeypatch):
    monkeypatch.setattr(sys, "stderr", None)
    use_ansi_code_page_for_stderr(platform="win32", encoding="cp932")


def test_the_button_entry_point_switches_stderr_when_it_is_imported(monkeypatch):
    import locale

    utf8_stderr(monkeypatch)
    import shuudan_xl.excel.buttons as buttons

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(locale, "getencoding", lambda: "cp932")
    importlib.reload(buttons)
    assert sys.stderr.encoding == "cp932"
