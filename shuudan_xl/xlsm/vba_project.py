"""Make the workbook's VBA project (xl/vbaProject.bin) from text modules with pyOpenVBA.

pyOpenVBA gives a file without macros the project Excel would create (ThisWorkbook and one document
module per sheet, named by the sheets' code names), adds our modules and saves. Only that project is
kept: the workbook itself is written by XlsxWriter, which embeds the project (see workbook). Writing
the project into an XlsxWriter file in one pass would leave the workbook part typed as .xlsx.

The project is reproducible: pyOpenVBA starts from a fixed template (constant storage times, CLSIDs
and project GUID) and adds streams in order; modules are added in the order given.

Every Excel build compiles it from source ([MS-OVBA] 2.3.4.1, as LibreOffice and EPPlus write it): the
``_VBA_PROJECT`` stream is its 7-byte header with version 0xFFFF and no performance cache, and no module
stream keeps compiled code (pyOpenVBA's template carries p-code for ThisWorkbook and Sheet1, which an
Excel of the template's version would run instead of the source).
"""

from __future__ import annotations

import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

from shuudan_xl.xlsm.vba_sources import CLASS, VbaModule

WORKBOOK_CODE_NAME = "ThisWorkbook"
VBA_PART = "xl/vbaProject.bin"
# Reserved1 0x61CC, Version 0xFFFF ("MUST be 0xFFFF on write"), Reserved2 0x00, no PerformanceCache.
VBA_PROJECT_STREAM = bytes([0xCC, 0x61, 0xFF, 0xFF, 0x00, 0x00, 0x00])


def sheet_code_names(count: int) -> list[str]:
    """Code names Excel gives a new workbook's sheets: Sheet1, Sheet2, …"""
    return [f"Sheet{n}" for n in range(1, count + 1)]


def build_vba_project(sheet_names: Sequence[str], modules: Sequence[VbaModule], workbook_code: str = "") -> bytes:
    """Return the bytes of a vbaProject.bin holding the document modules and ``modules``.

    Args:
        sheet_names: The workbook's sheets in order (their code names are Sheet1, Sheet2, …).
        modules: Standard and class modules, added in this order.
        workbook_code: The body of the ThisWorkbook module (event handlers), CRLF line ends.
    """
    from pyopenvba import ExcelFile, VBAModuleKind
    from pyopenvba.cfb import CFB

    with tempfile.TemporaryDirectory(prefix="shuudan-vba-") as tmp:
        skeleton, saved = Path(tmp) / "skeleton.xlsm", Path(tmp) / "with_vba.xlsm"
        skeleton.write_bytes(_skeleton(sheet_names))
        with ExcelFile(skeleton) as book:
            project = book.add_vba_project()
            for document in project.modules:
                if document.name == WORKBOOK_CODE_NAME and workbook_code:
                    document.body = workbook_code
                elif document.text_offset:
                    document.body = document.body  # rewritten from source alone: the template's p-code goes
            for module in modules:
                kind = VBAModuleKind.other if module.kind == CLASS else VBAModuleKind.standard
                project.add_module(module.name, module.text, kind=kind)
            book.save(saved)
        with zipfile.ZipFile(saved) as package:
            cfb = CFB.from_bytes(package.read(VBA_PART))
    cfb.write_stream_in_storage("VBA", "_VBA_PROJECT", VBA_PROJECT_STREAM)
    return cfb.to_bytes()


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
