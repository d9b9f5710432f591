"""``check`` on any workbook: a master list gets the master rules, anything else the vendor-sheet rules."""

from __future__ import annotations

from pathlib import Path

from shuudan_xl.rules.layout import Layout
from shuudan_xl.services.check import CheckResult, check_workbook
from shuudan_xl.services.master import is_master_layout, load_master


def check_file(path: str | Path, sheet: str | None = None) -> tuple[CheckResult, list[list[object]], Layout]:
    """Check the registration sheet of a workbook.

    Args:
        path: .xlsx/.xlsm file.
        sheet: Sheet name; by default 視聴者リスト when the workbook is a master list, else the first sheet
            with ユーザーID and パスワード headers.

    Returns:
        The result (all findings), the rows read and the layout (for the report).
    """
    result, rows, layout = check_workbook(path, sheet)
    if not is_master_layout(layout):
        return result, rows, layout
    master = load_master(path, result.sheet)
    return CheckResult(str(path), master.sheet, len(master.rows), master.findings), rows, layout
