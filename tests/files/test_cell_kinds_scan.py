"""The quick scan for error values and text formulas (a search for the type values, parsing only the cells
around a hit) finds what parsing every cell finds, however the cells are written."""

from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.files.cell_kinds import _scan_counting, scan_sheet_xml

MAIN = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def sheet(*rows: bytes) -> bytes:
    return MAIN + b"".join(rows) + b"</sheetData></worksheet>"


def same_as_parsing_every_cell(data: bytes) -> None:
    quick, full = scan_sheet_xml(data), _scan_counting(data)
    assert (quick.errors, quick.formulas) == (full.errors, full.formulas)


def test_single_quotes_and_spaces_around_the_equals_sign_are_found():
    data = sheet(b"<row r='2'><c r='A2' t='e'><v>#REF!</v></c><c r = \"B2\" t = \"str\"><f>A1</f><v>x</v></c>"
                 b"<c r='C2'\tt\n=\n'e'><v>#N/A</v></c></row>")
    kinds = scan_sheet_xml(data)
    assert kinds.errors == {(1, 0): "#REF!", (1, 2): "#N/A"} and kinds.formulas == {(1, 1)}
    same_as_parsing_every_cell(data)


def test_markers_as_text_and_in_other_attributes_are_not_cells():
    data = sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>e" str\' "e" t="str"</t></is></c>'
                 b'<c r="B1" s="1"><v>1</v></c></row><row r="2" customFormat="1" x="str"><c r="A2" t="s"><v>0</v></c>'
                 b"</row>")
    kinds = scan_sheet_xml(data)
    assert kinds.errors == {} and kinds.formulas == set()
    same_as_parsing_every_cell(data)


def test_an_error_in_the_first_cell_and_a_formula_in_the_far_corner():
    data = sheet(b'<row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c></row>',
                 b'<row r="99999"><c r="XFD99999" t="str"><f>"a"</f><v>a</v></c></row>')
    kinds = scan_sheet_xml(data)
    assert kinds.errors == {(0, 0): "#DIV/0!"} and kinds.formulas == {(99998, 16383)}


QUOTE = st.sampled_from(['"', "'"])
EQUALS = st.sampled_from(["=", " = ", "=\n", "\t="])


@st.composite
def cells(draw, row: int, col: int) -> bytes:
    q, eq = draw(QUOTE), draw(EQUALS)
    kind = draw(st.sampled_from(["", "s", "e", "str", "inlineStr", "b", "n"]))
    attrs = f" r{eq}{q}{chr(65 + col)}{row}{q}" if draw(st.booleans()) else ""
    attrs += f" s{eq}{q}{draw(st.sampled_from(['1', 'e', 'str']))}{q}" if draw(st.booleans()) else ""
    attrs += f" t{eq}{q}{kind}{q}" if kind else ""
    # A formula whose result is a number, date or logical needs no scan (calamine says what it is).
    formula = "<f>A1&amp;\"e\"</f>" if kind in ("e", "str") and draw(st.booleans()) else ""
    body = {"e": "<v>#N/A</v>", "inlineStr": "<is><t>str' e\"</t></is>"}.get(kind, "<v>1</v>")
    if draw(st.integers(0, 5)) == 0:
        return f"<c{attrs}/>".encode()
    return f"<c{attrs}>{formula}{body}</c>".encode()


@st.composite
def sheets(draw) -> bytes:
    rows = []
    for r in range(1, draw(st.integers(1, 4)) + 1):
        row = b"".join(draw(cells(r, c)) for c in range(draw(st.integers(0, 4))))
        rows.append(f'<row r="{r}">'.encode() + row + b"</row>")
    return sheet(*rows)


@settings(max_examples=300, deadline=None)
@given(sheets())
def test_the_quick_scan_finds_what_parsing_every_cell_finds(data):
    same_as_parsing_every_cell(data)
