"""The remote engine's Book as the caller of the button handlers (xw.Book.caller())."""

from __future__ import annotations

import pytest
import xlwings as xw


@pytest.fixture
def caller():
    """Factory: payload → Book set as the mock caller; the mock is removed afterwards."""

    def make(payload: dict):
        book = xw.Book(json=payload)
        book.set_mock_caller()
        return book

    yield make
    if hasattr(xw.Book, "_mock_caller"):
        del xw.Book._mock_caller
