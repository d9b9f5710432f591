"""The remote engine's Book as the caller of the button handlers (xw.Book.caller())."""

from __future__ import annotations

import datetime as dt

import pytest
import xlwings as xw

TODAY = dt.date(2024, 5, 1)  # the payloads are of 令和6年度: every round's registration deadline is still open


@pytest.fixture
def caller(monkeypatch):
    """Factory: payload → Book set as the mock caller; the mock is removed afterwards.

    Japan's today is fixed at ``TODAY`` (a button has no --today option).
    """
    monkeypatch.setattr("shuudan_xl.services.session.japan_today", lambda: TODAY)
    previews: list[str] = []  # the confirmations a writing button showed, answered OK (see test_previews)

    def confirm(self, text):
        previews.append(text)
        return True

    monkeypatch.setattr("shuudan_xl.excel.book.Button.confirm", confirm)

    def make(payload: dict):
        book = xw.Book(json=payload)
        book.set_mock_caller()
        return book

    make.previews = previews
    yield make
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller
