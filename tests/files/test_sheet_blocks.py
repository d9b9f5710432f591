"""The list patch's fast path (files.sheet_blocks) writes exactly the bytes of the general, row-by-row path."""

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.errors import Refused
from shuudan_xl.files import sheet_blocks
from shuudan_xl.files.cell_refs import column_letter
from shuudan_xl.files.sheet_xml import patch_sheet_xml, sheet_xml_stream
from shuudan_xl.files.xlsx_patch import CellWrite
from tests.files.test_sheet_xml import sheet


@contextlib.contextmanager
def switched(enabled: bool, chunk: int | None = None):
    """The fast path on or off (off: the general path, the reference), and its chunk size, for a while."""
    saved = sheet_blocks.ENABLED, sheet_blocks.CHUNK
    sheet_blocks.ENABLED, sheet_blocks.CHUNK = enabled, chunk or saved[1]
    try:
        yield
    finally:
        sheet_blocks.ENABLED, sheet_blocks.CHUNK = saved


def outcome(data: bytes, writes, block: int, enabled: bool, chunk: int | None = None):
    """The patched part streamed in blocks of ``block`` bytes, or the refusal it met."""
    with switched(enabled, chunk):
        try:
            return b"".join(sheet_xml_stream((data[i:i + block] for i in range(0, len(data), block)), writes))
        except (Refused, ValueError) as exc:
            return type(exc), str(exc)


ID_TEXT = st.from_regex(r"[A-Za-z0-9]{1,10}", fullmatch=True)
ODD_TEXT = st.sampled_from(["", " a", "a&b", "x<y", "東京", "50%", "a\nb", "ｱ1"])
TARGETS = st.sampled_from([(9, 10), (9, 10), (9, 10), (1, 2), (26, 27), (27,), (0,), (701, 702)])
SPANS = st.sampled_from(["", ' spans="1:1000"', ' spans="1:3"', ' spans="1:3"', ' spans="3:5"'])
ODDITIES = ("custom", "self-closing", "empty", "no r", "r later", "padded r", "cell at target", "cell far right",
            "cell without r", "number ref", "formula at target", "space before", "space inside", "quoted spans",
            "spans not a span", "spans in text", "nested", "stray end", "cell after self-closing", "last self-closing",
            "percent", "end with space")


def plain_row(p: str, number: int, spans: str, extra: str, columns: list[int], text: str) -> str:
    cells = "".join(f'<{p}c r="{column_letter(c)}{number}" s="2"><{p}v>{text}</{p}v></{p}c>' for c in columns)
    return f'<{p}row r="{number}"{spans}{extra}>{cells}</{p}row>'


def odd_row(p: str, oddity: str, number: int, spans: str, target: int, previous: str) -> str:
    """A row (or rows) the general path must take, differing from a plain one in one way."""
    left = f'<{p}c r="A{number}"><{p}v>1</{p}v></{p}c>'
    at = f"{column_letter(target)}{number}"
    rows = {
        "custom": f'<{p}row r="{number}" s="4" customFormat="1">{left}</{p}row>',
        "self-closing": f'<{p}row r="{number}"{spans}/>',
        "empty": f'<{p}row r="{number}"{spans}></{p}row>',
        "no r": f"<{p}row{spans}>{left}</{p}row>",
        "r later": f'<{p}row{spans} r="{number}">{left}</{p}row>',
        "padded r": f'<{p}row r="0{number}"{spans}>{left}</{p}row>',
        "cell at target": f'<{p}row r="{number}"{spans}><{p}c r="{at}"><{p}v>1</{p}v></{p}c></{p}row>',
        "cell far right": f'<{p}row r="{number}"{spans}>{left}<{p}c r="ZZZ{number}"/></{p}row>',
        "cell without r": f'<{p}row r="{number}"{spans}>{left}<{p}c s="1"><{p}v>1</{p}v></{p}c></{p}row>',
        "number ref": f'<{p}row r="{number}"{spans}><{p}c r="{number}"><{p}v>1</{p}v></{p}c></{p}row>',
        "formula at target": f'<{p}row r="{number}"><{p}c r="{at}"><{p}f>A1</{p}f></{p}c></{p}row>',
        "space before": f'\n  <{p}row r="{number}"{spans}>{left}</{p}row>',
        "space inside": f'<{p}row r="{number}"{spans}> {left}</{p}row>',
        "quoted spans": f"<{p}row r='{number}' spans='1:3'>{left}</{p}row>",
        "spans not a span": f'<{p}row r="{number}" spans="x">{left}</{p}row>',
        "spans in text": f'<{p}row r="{number}"{spans}><{p}c r="A{number}" t="inlineStr"><{p}is><{p}t>{spans}'
                         f"</{p}t></{p}is></{p}c></{p}row>",
        "nested": previous.replace(f"</{p}row>", f'<{p}row r="{number}">{left}</{p}row></{p}row>'),
        "stray end": f'<{p}row r="{number}"{spans}>{left}</{p}row></{p}row>',
        "cell after self-closing": f'<{p}row r="{number}"/>{left}',
        "last self-closing": f'<{p}row r="{number}"{spans}>{left}</{p}row><{p}row r="{number + 1}"/>',
        "percent": f'<{p}row r="{number}"{spans}><{p}c r="A{number}"><{p}v>5%d</{p}v></{p}c></{p}row>',
        "end with space": f'<{p}row r="{number}"{spans}>{left}</{p}row >',
    }
    return rows[oddity]


@st.composite
def worksheets(draw):
    """A worksheet part of mostly plain rows with a few odd ones, and the cells to write into it: mostly an
    export's (every row from one on, the same columns, IDs and passwords), sometimes with odd rows or texts."""
    prefix = draw(st.sampled_from(["", "", "x"]))
    p = f"{prefix}:" if prefix else ""
    target = draw(TARGETS)
    lefts = [c for c in (0, 1, 2, 3, 8, 25, 26, 700) if c < target[0]]
    numbers, number = [], draw(st.integers(0, 3))
    for _ in range(draw(st.integers(1, 25))):
        number += draw(st.sampled_from([1, 1, 1, 1, 1, 2, 3]))
        numbers.append(number)
    xml = []
    for n in numbers:
        spans, extra = draw(SPANS), draw(st.sampled_from(["", "", ' ht="30" customHeight="1"', ' customFormat="0"']))
        columns = sorted(draw(st.sets(st.sampled_from(lefts), min_size=1, max_size=3))) if lefts else []
        text = draw(st.sampled_from(["1", "a&amp;b", "東京", "5%", ' spans="1:3"', "%d"]))
        xml.append(plain_row(p, n, spans, extra, columns, text))
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 4]))):
        at = draw(st.sampled_from([len(numbers) - 1, draw(st.integers(0, len(numbers) - 1))]))
        xml[at] = odd_row(p, draw(st.sampled_from(ODDITIES)), numbers[at], draw(SPANS), target[0], xml[at - 1])
    first = draw(st.integers(0, len(numbers) - 1))
    written = set(numbers[first:]) if draw(st.integers(0, 3)) else set(draw(st.lists(st.sampled_from(numbers))))
    written |= set(draw(st.lists(st.integers(1, numbers[-1] + 5), max_size=draw(st.sampled_from([0, 0, 3])))))
    written |= {numbers[-1] + 1} if draw(st.integers(0, 3)) == 0 else set()
    writes, odd_texts = [], draw(st.sampled_from([0, 0, 0, 1, 5]))
    for n in sorted(written):
        own = target
        if draw(st.integers(0, 30)) == 0:  # a row with other columns: fewer, more, out of order, twice
            own = draw(st.sampled_from([target[:1], (*target, 3), target[::-1], target[:1] * 2, (target[0] + 1,)]))
        writes += [CellWrite(n, c, draw(ODD_TEXT) if odd_texts and draw(st.integers(0, odd_texts)) == 0
                             else draw(ID_TEXT)) for c in own]
    data = sheet("".join(xml), prefix=prefix, head=f'<{p}cols><{p}col min="10" max="11" style="7"/></{p}cols>')
    return data, writes


@settings(max_examples=300, deadline=None)
@given(worksheets(), st.sampled_from([7, 100, 1000, 1 << 20]), st.sampled_from([1, 50, 300, 1 << 17]))
def test_any_sheet_gets_the_same_bytes_from_the_fast_path_as_from_the_general_path(case, block, chunk):
    data, writes = case
    assert outcome(data, writes, block, True, chunk) == outcome(data, writes, block, False)


@pytest.mark.parametrize("oddity", ODDITIES)
@pytest.mark.parametrize("target", [(1, 2), (9, 10), (27,)])
def test_one_odd_row_among_plain_ones_gets_the_same_bytes_from_both_paths(oddity, target):
    for spans in ["", ' spans="1:1000"', ' spans="1:3"', ' spans="3:5"']:
        for at in (0, 5, 11):
            rows = [plain_row("", n, spans, "", [0], "1") for n in range(2, 14)]
            rows[at] = odd_row("", oddity, at + 2, spans, target[0], rows[at - 1])
            data = sheet("".join(rows), head='<cols><col min="10" max="11" style="7"/></cols>')
            writes = [CellWrite(n, c, f"id{n}") for n in range(2, 16) for c in target]
            for chunk in (200, 1 << 17):
                assert outcome(data, writes, 1 << 20, True, chunk) == outcome(data, writes, 1 << 20, False)


def plain_list(rows: int, spans: str = ' spans="1:9"') -> bytes:
    """A list as XlsxWriter writes it: a header row, then rows A:I filled, J (ID) and K (password) empty."""
    cells = "".join(f'<c r="{col}{{n}}" s="2" t="s"><v>{i}</v></c>' for i, col in enumerate("ABCDEFGHI"))
    body = "".join(f'<row r="{n}"{spans}>' + cells.format(n=n) + "</row>" for n in range(2, rows + 2))
    head = '<cols><col min="10" max="11" width="12" style="7"/></cols>'  # the ID and password columns' format
    return sheet('<row r="1" spans="1:13" ht="30" customHeight="1"><c r="A1" t="s"><v>0</v></c></row>' + body,
                 head=head)


def export_writes(rows: int) -> list[CellWrite]:
    return [w for n in range(2, rows + 2) for w in (CellWrite(n, 9, f"s01{n:07d}"), CellWrite(n, 10, f"Pw{n}x"))]


def test_a_list_of_plain_rows_is_written_by_the_fast_path_and_reads_as_the_general_path_writes_it(monkeypatch):
    data, writes = plain_list(3000), export_writes(3000)
    taken = []
    plain_rows = sheet_blocks.plain_rows

    def spy(*args):
        result = plain_rows(*args)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(sheet_blocks, "plain_rows", spy)
    fast = outcome(data, writes, 1 << 16, True, 4096)
    assert sum(taken) >= len(taken) - 2 and len(taken) > 50  # all chunks but the header's (and the last)
    assert fast == outcome(data, writes, 1 << 16, False)
    assert b'<row r="2" spans="1:11">' in fast and b'<c r="K3001" s="7" t="inlineStr"><is><t>Pw3001x' in fast


def test_a_spans_value_also_found_in_a_cell_text_leaves_that_text_alone():
    data = plain_list(50).replace(b'<c r="D2" s="2" t="s"><v>3</v></c>',
                                  b'<c r="D2" t="inlineStr"><is><t> spans="1:9"</t></is></c>')
    writes = export_writes(50)
    fast = outcome(data, writes, 1 << 16, True)
    assert fast == outcome(data, writes, 1 << 16, False) == patch_sheet_xml(data, writes)
    assert b'<t> spans="1:9"</t>' in fast


def test_a_row_written_with_a_percent_sign_or_a_prefix_is_the_same_on_both_paths():
    data = plain_list(40).replace(b"<v>5</v>", b"<v>5%</v>").replace(b"<", b"<x:").replace(b"<x:/", b"</x:")
    data = data.replace(b'<x:?xml', b'<?xml').replace(b'xmlns=', b'xmlns:x=')
    writes = export_writes(40)
    fast = outcome(data, writes, 999, True, 300)
    assert fast == outcome(data, writes, 999, False)
    assert b"<x:v>5%</x:v>" in fast and b'<x:c r="J41" s="7" t="inlineStr"><x:is><x:t>s010000041</x:t>' in fast
