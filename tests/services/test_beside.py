"""services.beside: a step on a second thread that the caller always waits for, whose error the caller raises."""

import threading
import time

import pytest

from shuudan_xl.services.beside import Beside


def test_check_waits_for_the_call_and_raises_nothing_when_it_succeeded():
    done = []
    step = Beside(lambda: (time.sleep(0.05), done.append(True)))
    step.check()
    assert done == [True]


def test_check_raises_in_the_callers_thread_what_the_call_raised():
    def fails():
        raise OSError("disk full")

    step = Beside(fails)
    step.join()  # join alone never raises the call's error
    with pytest.raises(OSError, match="disk full"):
        step.check()


def test_an_interrupt_while_waiting_is_raised_only_once_the_call_has_ended(monkeypatch):
    release, ended = threading.Event(), []

    def slow():
        release.wait(5)
        ended.append(True)

    step = Beside(slow)
    real_join = step._thread.join
    calls = []

    def interrupted_join():
        calls.append(1)
        if len(calls) == 1:
            release.set()
            raise KeyboardInterrupt  # Ctrl-C while the caller waits
        real_join()

    monkeypatch.setattr(step._thread, "join", interrupted_join)
    with pytest.raises(KeyboardInterrupt):
        step.join()
    assert ended == [True] and not step._thread.is_alive()
