"""Make the workbook's VBA project (xl/vbaProject.bin) from text modules with pyOpenVBA.

pyOpenVBA gives a file without macros the project Excel would create (ThisWorkbook and one document
module per sheet, named by the sheets' code names), adds our modules and saves. Only that project is
kept: the workbook itself is written by XlsxWriter, which embeds the project (see workbook). Writing
the project into an XlsxWriter file in one pass would leave the workbook part typed as .xlsx.

The project is reproducible: pyOpenVBA starts from a fixed template (constant storage times, CLSIDs
and project GUID) and adds streams in order; modules are added in the order given.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from shuudan_xl.xlsm.vba_sources import CLASS, VbaModule

WORKBOOK_CODE_NAME = "ThisWorkbook"
VBA_PART = "xl/vbaProject.bin"


def sheet_code_names(count: int) -> list[str]:
    """Code names Excel gives a new workbook's sheets: Sheet1, Sheet2, …"""
    return [f"Sheet{n}" for n in range(1, count + 1)]


def build_vba_project(sheet_names: Sequence[str], modules: Sequence[VbaModule]) -> bytes:
    """Return the bytes of a vbaProject.bin holding the document modules and ``modules``.

    Args:
        sheet_names: The workbook's sheets in order (their code names are Sheet1, Sheet2, …).
        modules: Standard and class modules, added in this order.
    """
    from pyopenvba import ExcelFile, VBAModuleKind

    with tempfile.TemporaryDirectory(prefix="shuudan-vba-") as tmp:
        skeleton, saved = Path(tmp) / "skeleton.xlsm", Path(tmp) / "with_vba.xlsm"
        skeleton.write_bytes(_skeleton(sheet_names))
        with ExcelFile(skeleton) as book:
            project = book.add_vba_project()
            for module in modules:
                kind = VBAModuleKind.other if module.kind == CLASS else VBAModuleKind.standard
                project.add_module(module.name, module.text, kind=kind)
            book.save(saved)
        with zipfile.ZipFile(saved) as package:
            return package.read(VBA_PART)


def _skeleton(sheet_names: Sequence[str]) -> bytes:
    # A workbook with the same sheets and code names and nothing else, for pyOpenVBA to add a project to.
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_vba_name(WORKBOOK_CODE_NAME)
    for name, code_name in zip(sheet_names, sheet_code_names(len(sheet_names)), strict=True):
        book.add_worksheet(name).set_vba_name(code_name)
    book.close()
    return buffer.getvalue()
