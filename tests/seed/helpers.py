"""What the seed-rule tests share: running the command line, building a list, reading every output back."""

from __future__ import annotations

import hashlib
from pathlib import Path

import openpyxl
from python_calamine import CalamineWorkbook

from shuudan_xl.cli.main import main
from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.files.oplog import LOG_NAME
from shuudan_xl.rules import master as m
from tests.cli.test_notices_cli import SETTINGS  # every 設定 value a letter needs (no 「○○」 left)
from tests.masters import sheet_rows

REG = "令和6年度_第{}回_視聴者登録更新.xlsx"
LINK = "令和6年度_第{}回_視聴者動画.xlsx"
VENDOR_HEADER = ["ユーザーID", "パスワード", "氏名"]
LINK_HEADER = ["ユーザーID", "動画"]


def run(capsys, *args: object) -> tuple[int, str, str]:
    """Run ``shuudan-xl ARGS`` in process; return (exit status, stdout, stderr)."""
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def make_list(folder: Path, rows: list[dict[str, str]]) -> Path:
    """A 令和6年度 list (設定 filled in) with the given rows, as 視聴者リスト.xlsx in folder."""
    folder.mkdir(parents=True, exist_ok=True)
    return write_master_book(folder / "視聴者リスト.xlsx", rows, data_rows=60, settings=SETTINGS)


def list_rows(path: Path) -> list[dict[str, object]]:
    """The list's data rows, keyed by header, as the tool's own reader sees them."""
    header, *rows = sheet_rows(path, m.LIST_SHEET)
    return [dict(zip(header, row, strict=True)) for row in rows if any(v not in ("", None) for v in row)]


def one_sheet_book(path: Path) -> tuple[str, list[list[object]]]:
    """(sheet name, rows) of a vendor book, after requiring exactly one sheet in both readers and text cells."""
    assert len(CalamineWorkbook.from_path(str(path)).sheet_names) == 1, path.name
    book = openpyxl.load_workbook(path)
    assert len(book.sheetnames) == 1, path.name
    for row in book.worksheets[0].iter_rows():
        for cell in row:
            if cell.value is not None:
                assert cell.data_type == "s", (path.name, cell.coordinate, cell.value)
    return book.sheetnames[0], sheet_rows(path)


def tree(folder: Path) -> dict[str, str]:
    """Every file under folder (the operations log aside) with the SHA-256 of its bytes."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != LOG_NAME}


def letters(path: Path) -> list[str]:
    """The text of each letter of a notices .docx (one section per letter), tables included, via python-docx."""
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    out, parts = [], []
    for child in document.element.body:
        if child.tag == qn("w:p"):
            parts.append(Paragraph(child, document).text)
            ppr = child.find(qn("w:pPr"))
            if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
                out.append("\n".join(parts))
                parts = []
        elif child.tag == qn("w:tbl"):
            parts += [cell.text for row in Table(child, document).rows for cell in row.cells]
    if any(parts):
        out.append("\n".join(parts))
    return out
