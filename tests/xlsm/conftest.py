"""Built workbooks and one LibreOffice for the whole session.

The LibreOffice tests are required: when soffice, python3-uno or poppler-utils are missing they fail
with the packages to install (listed in .ci/apt-packages). Set SHUUDAN_XL_SKIP_LIBREOFFICE=1 to skip
them deliberately on a machine that cannot have LibreOffice.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from shuudan_xl.rules.attendance import EXCEPTIONS_SHEET
from shuudan_xl.rules.master import LIST_SHEET
from shuudan_xl.rules.sheets import DOUBLECHECK_SHEET
from shuudan_xl.xlsm.office import Office, missing_tools
from shuudan_xl.xlsm.workbook import build_workbook

SKIP_ENV = "SHUUDAN_XL_SKIP_LIBREOFFICE"
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
def office():
    """A headless LibreOffice, started once per session."""
    if os.environ.get(SKIP_ENV) == "1":
        pytest.skip(f"{SKIP_ENV}=1: LibreOffice checks skipped on purpose")
    reason = missing_tools()
    if reason:
        pytest.fail(f"The workbook tests need LibreOffice: {reason}", pytrace=False)
    with Office() as running:
        yield running


@pytest.fixture(scope="session")
def seen_by_libreoffice(office, built_sample, tmp_path_factory) -> dict:
    """What LibreOffice sees in the sample build, with the list sheet exported to PDF."""
    pdf = tmp_path_factory.mktemp("render") / "list.pdf"
    return office.inspect(built_sample, DROPDOWN_CELLS, pdf=pdf, sheet=LIST_SHEET)
