"""services.alongside: a read-back runs beside the next write and never outlives it, nor hides a failure."""

import threading

import pytest

from shuudan_xl.errors import Refused
from shuudan_xl.services.alongside import alongside


def test_the_check_runs_in_another_thread_while_the_block_runs():
    started, release = threading.Event(), threading.Event()
    seen = []

    def check(tag):
        seen.append((tag, threading.current_thread() is threading.main_thread()))
        started.set()
        assert release.wait(5)

    with alongside(check, "list"):
        assert started.wait(5)  # the check is already running while the block has not ended
        release.set()
    assert seen == [("list", False)]


def test_a_refusal_of_the_check_is_raised_once_the_block_is_done():
    done = []

    def check():
        raise Refused("読み直したところ一致しませんでした")

    with pytest.raises(Refused, match="一致しませんでした"):
        with alongside(check):
            done.append("block")
    assert done == ["block"]


def test_a_failing_block_waits_for_the_check_before_its_error_goes_on():
    """The transaction removes its staged files as the error goes up: the read-back must be over by then."""
    finished = threading.Event()

    def slow_check():
        threading.Event().wait(0.2)
        finished.set()

    with pytest.raises(OSError, match="disk full"):
        with alongside(slow_check):
            raise OSError("disk full")
    assert finished.is_set()


def test_when_both_fail_the_block_s_error_is_raised_and_the_check_has_ended():
    finished = threading.Event()

    def check():
        threading.Event().wait(0.1)
        finished.set()
        raise Refused("list differs")

    with pytest.raises(OSError):
        with alongside(check):
            raise OSError("disk full")
    assert finished.is_set()


def test_an_internal_error_of_the_check_reaches_the_caller_as_it_is():
    def check():
        raise KeyError("bug")

    with pytest.raises(KeyError, match="bug"):
        with alongside(check):
            pass


def _export_recording_threads(tmp_path, monkeypatch):
    import datetime as dt

    from shuudan_xl.files.xlsx_patch import SheetWriter
    from shuudan_xl.services import export as export_service
    from shuudan_xl.services.session import open_session
    from shuudan_xl.services.workflow import export_round, prepare_round
    from tests.masters import make_master, viewer

    threads = {}

    def spy(name, real):
        def recorded(*args, **kwargs):
            threads.setdefault(name, []).append(threading.current_thread() is threading.main_thread())
            return real(*args, **kwargs)
        return recorded

    monkeypatch.setattr(export_service, "verify_list", spy("list", export_service.verify_list))
    monkeypatch.setattr(export_service, "verify_written", spy("books", export_service.verify_written))
    master = make_master(tmp_path / "m.xlsx", [viewer()])
    context = prepare_round(open_session(master, round_=1, fiscal_year=2024, today=dt.date(2024, 5, 1)))
    writer = SheetWriter(master, context.master.sheet)
    files = export_round(context, tmp_path / "out", writer=writer)
    assert files.registration.exists()
    return threads


def test_an_export_reads_the_registration_book_back_beside_the_links_book_and_the_list_before_the_books(
        tmp_path, monkeypatch):
    """The list's read-back and the books' writing are the largest memory needs: they run one after the other."""
    threads = _export_recording_threads(tmp_path, monkeypatch)
    # The registration book is read back in a thread; the links book, written last, and the list on the main.
    assert threads["list"] == [True] and sorted(threads["books"]) == [False, True]
