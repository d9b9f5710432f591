"""The scan that narrows a sheet to a few columns (files.column_readback._narrowing) takes exactly the cells the
plain lazy pattern takes — the tag to its "/>", or to the first "</c>" after it — however the cells are written,
and marks what is not in the plain form."""

import itertools
import random
import re

import pytest

from shuudan_xl.files.column_readback import _narrowing

# The pattern the scan was first written as: simple to read, slower (a lazy ".*?" tries "</c>" at every byte).
REFERENCE = re.compile(rb'<c r="(?:J|K|D)[0-9]+"[^>]*?(?:/>|>.*?</c>)|<c(?! r=")[\s>/]|<!', re.S)

CELLS = [
    b'<c r="J2" s="2" t="inlineStr"><is><t>n010000000</t></is></c>',
    b'<c r="K2" s="2" t="s"><v>12</v></c>',
    b'<c r="D2"/>', b'<c r="D3" s="1"/>', b'<c r="J3" t="str" s="0"><f>A1/B1</f><v>x/y</v></c>',
    b'<c r="K3" t="inlineStr"><is><r><rPr><b/></rPr><t>a&lt;b</t></r><r><t>/c&gt;</t></r></is></c>',
    b'<c r="A2" s="2" t="s"><v>0</v></c>', b'<c r="JA2" s="2"><v>1</v></c>', b'<c r="DK7"/>',
    b'<c r="K9" s="3" t="n"><v>1.5</v></c>', b'<c r="J10" s="1" t="s" cm="1"><v>3</v></c>',
    b'<c r="D11" s="4" t="b"><v>1</v></c>', b'<c r="K12" t="e"><v>#N/A</v></c>',
    b'<c s="2" r="J4"><v>1</v></c>', b"<c>", b"<c/>", b'<c\tr="K4"/>', b"<!-- note -->", b"<![CDATA[x]]>",
    b'<c r="J13">', b'<c r="K14" s="1">no end', b"</c>", b'<row r="5" spans="1:13">', b"</row>",
]


def scanned(piece):
    wanted, _ = _narrowing([9, 10, 3])
    return wanted.findall(piece)


@pytest.mark.parametrize("cell", CELLS)
def test_each_kind_of_cell_is_taken_as_the_plain_pattern_takes_it(cell):
    for piece in (cell, b"<row>" + cell + b"</row>", cell + b'<c r="K99"><v>1</v></c>'):
        assert scanned(piece) == REFERENCE.findall(piece)


def test_cells_in_any_order_and_mix_are_taken_alike():
    pieces = [b"".join(p) for p in itertools.permutations(CELLS[:6] + CELLS[13:16], 4)]
    generator = random.Random(11)
    pieces += [b"".join(generator.choices(CELLS, k=12)) for _ in range(300)]
    for piece in pieces:
        assert scanned(piece) == REFERENCE.findall(piece)
