"""Shared fixtures: small workbooks built in tmp_path with exact control over cell types."""

from __future__ import annotations

import os

# xlwings registers its remote engine (used to test the Excel handlers without Excel) only when this
# key is set before xlwings is first imported. The engine is PolyForm Noncommercial: tests only.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import datetime as dt  # noqa: E402
import hashlib  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

# The ``libreoffice`` marker and the session's ``office`` fixture; pytester runs pytest on tiny suites.
pytest_plugins = ["tests.libreoffice", "pytester"]

VENDOR_HEADER = ["ユーザーID", "パスワード", "氏名"]


class Formula(str):
    """Marks a value to be written as a real formula (not as text that looks like one)."""


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    """Write sheets of rows with XlsxWriter: str as text (even "=…"), numbers, dates, Formula."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False,
                                           "strings_to_urls": False})
    date_format = book.add_format({"num_format": "yyyy/mm/dd"})
    for name, rows in sheets.items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, Formula):
                    sheet.write_formula(r, c, str(value))
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, (int, float)):
                    sheet.write_number(r, c, value)
                elif isinstance(value, (dt.date, dt.datetime)):
                    sheet.write_datetime(r, c, value, date_format)
                else:
                    raise TypeError(value)
    book.close()
    return path


@pytest.fixture
def vendor_book(tmp_path):
    """Return a function writing a one-sheet vendor workbook with the given data rows."""

    def make(rows: list[list[object]], name: str = "vendor.xlsx", sheet: str = "Sheet1") -> Path:
        return write_book(tmp_path / name, {sheet: [VENDOR_HEADER, *rows]})

    return make


def digest(path: Path) -> str:
    """SHA-256 of a file, to prove it was not modified."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
