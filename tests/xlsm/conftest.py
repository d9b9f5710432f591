"""Built workbooks and one LibreOffice for the whole session.

The ``office`` fixture and the ``libreoffice`` marker live in ``tests/libreoffice.py``: without
LibreOffice those tests are skipped with one line saying what to install; with ``CI=true`` they fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from shuudan_xl.rules.attendance_exceptions import EXCEPTIONS_SHEET
from shuudan_xl.rules.master import LIST_SHEET
from shuudan_xl.rules.sheets import DOUBLECHECK_SHEET
from shuudan_xl.xlsm.workbook import build_workbook

# Cells whose dropdowns LibreOffice reports (first data row of each list column).
DROPDOWN_CELLS = (f"{LIST_SHEET}!A4", f"{LIST_SHEET}!B4", f"{LIST_SHEET}!C4", f"{LIST_SHEET}!D4",
                  f"{DOUBLECHECK_SHEET}!C2", f"{EXCEPTIONS_SHEET}!B2", f"{EXCEPTIONS_SHEET}!C2")


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default build (blank list, fiscal year 2024)."""
    return build_workbook(tmp_path_factory.mktemp("built") / "集団指導_視聴者リスト.xlsm")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """The build with the fictional sample viewers."""
    return build_workbook(tmp_path_factory.mktemp("sample") / "見本.xlsm", sample=True)


@pytest.fixture(scope="session")
def seen_by_libreoffice(office, built_sample, tmp_path_factory) -> dict:
    """What LibreOffice sees in the sample build, with the list sheet exported to PDF."""
    pdf = tmp_path_factory.mktemp("render") / "list.pdf"
    return office.inspect(built_sample, DROPDOWN_CELLS, pdf=pdf, sheet=LIST_SHEET)
