"""A written cell goes before a cell to its right even when that cell's r is not its first attribute.

ECMA-376 puts a row's ``<c>`` cells in column order; a cell appended after one further right makes a file Excel
repairs. Every writer we know puts r first, but XML allows any order, and the splicer found a row's last cell by
``<c r="`` alone: a last cell spelled ``<c t="s" r="C1">`` was overlooked and the new B1 appended after it.
"""

import re

import pytest

from shuudan_xl.files.row_writes import RowWrites
from shuudan_xl.files.sheet_xml import patch_sheet_xml
from shuudan_xl.files.xlsx_patch import CellWrite

HEAD = '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
TAIL = "</sheetData></worksheet>"


def sheet(rows: list[str]) -> bytes:
    return (HEAD + "".join(rows) + TAIL).encode()


def columns_in_order(xml: bytes) -> list[list[str]]:
    """Each row's cell columns as written (a cell without r follows its left neighbour)."""
    out = []
    for row in re.findall(rb"<row\b[^>]*>(.*?)</row>", xml):
        letters, previous = [], 0
        for attrs in re.findall(rb"<c\b([^>]*?)/?>", row):
            ref = re.search(rb'\sr="([A-Z]+)[0-9]+"', b" " + attrs)
            index = sum((ord(ch) - 64) * 26 ** i for i, ch in enumerate(reversed(ref.group(1).decode()))) if ref \
                else previous + 1
            letters.append(index)
            previous = index
        out.append(letters)
    return out


ROWS = [
    # the cell right of the target spells its r second
    '<row r="{n}"><c r="A{n}"><v>1</v></c><c t="inlineStr" r="C{n}"><is><t>c</t></is></c></row>',
    # the only cells spell r second
    '<row r="{n}"><c s="0" r="A{n}"><v>1</v></c><c s="0" r="D{n}"><v>4</v></c></row>',
    # a cell without r after A: it is B, the target, and is replaced
    '<row r="{n}"><c r="A{n}"><v>1</v></c><c t="inlineStr"><is><t>old</t></is></c></row>',
]


@pytest.mark.parametrize("template", ROWS)
@pytest.mark.parametrize("rows", [1, 300])
@pytest.mark.parametrize("as_plan", [True, False], ids=["row-ordered plan", "cells in any order"])
def test_a_written_cell_keeps_the_row_in_column_order(template, rows, as_plan):
    data = sheet([template.format(n=n) for n in range(1, rows + 1)])
    writes = [CellWrite(n, 1, f"abc{n:06d}") for n in range(1, rows + 1)]
    out = patch_sheet_xml(data, RowWrites(writes) if as_plan else list(reversed(writes)))
    for number, letters in enumerate(columns_in_order(out), start=1):
        assert letters == sorted(set(letters)), (number, letters)
        assert 2 in letters
    assert out.count(b"<t>abc") == rows
    assert b"old" not in out
