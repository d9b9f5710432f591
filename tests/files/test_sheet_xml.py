"""The XML splicer: only targeted cells change; rows and cells stay in order; odd but valid XML works."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from shuudan_xl.errors import Refused
from shuudan_xl.files.cell_refs import column_index, column_letter
from shuudan_xl.files.sheet_xml import patch_sheet_xml
from shuudan_xl.files.xlsx_patch import CellWrite

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS = {"x": MAIN}


def sheet(rows_xml: str, prefix: str = "", head: str = "") -> bytes:
    p = f"{prefix}:" if prefix else ""
    decl = f'xmlns:{prefix}="{MAIN}"' if prefix else f'xmlns="{MAIN}"'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<{p}worksheet {decl}>{head}'
            f'<{p}sheetData>{rows_xml}</{p}sheetData></{p}worksheet>').encode()


def cells(data: bytes) -> dict[str, tuple[str | None, str | None]]:
    """Cell ref → (style, inline text or value) of the spliced result, read by a real XML parser."""
    root = etree.fromstring(data)
    out = {}
    for c in root.iter(f"{{{MAIN}}}c"):
        text = c.findtext("x:is/x:t", namespaces=NS) or c.findtext("x:v", namespaces=NS)
        out[c.get("r")] = (c.get("s"), text)
    return out


def test_appends_to_the_right_of_the_last_cell_and_keeps_every_other_byte():
    data = sheet('<row r="1" spans="1:2"><c r="A1" s="1" t="s"><v>0</v></c><c r="B1"><v>5</v></c></row>'
                 '<row r="2"><c r="A2"><v>1</v></c></row>')
    out = patch_sheet_xml(data, [CellWrite(1, 9, "n017654321")])
    assert cells(out)["J1"] == (None, "n017654321")
    assert b'<c r="A1" s="1" t="s"><v>0</v></c><c r="B1"><v>5</v></c>' in out
    assert b'spans="1:10"' in out
    assert out.endswith(b'<row r="2"><c r="A2"><v>1</v></c></row></sheetData></worksheet>')


def test_replaces_an_existing_blank_cell_keeping_its_style_and_inserts_in_column_order():
    data = sheet('<row r="3"><c r="A3"/><c r="K3" s="7"/><c r="M3"><v>2</v></c></row>')
    out = patch_sheet_xml(data, [CellWrite(3, 10, "pw2345abc"), CellWrite(3, 1, "x")])
    root = etree.fromstring(out)
    assert [c.get("r") for c in root.iter(f"{{{MAIN}}}c")] == ["A3", "B3", "K3", "M3"]
    assert cells(out)["K3"] == ("7", "pw2345abc")


def test_new_cell_takes_the_row_format_when_the_row_has_one_else_the_column_format():
    head = '<cols><col min="10" max="11" style="4"/></cols>'
    data = sheet('<row r="2" s="9" customFormat="1"><c r="A2"/></row><row r="3"><c r="A3"/></row>', head=head)
    out = cells(patch_sheet_xml(data, [CellWrite(2, 9, "a"), CellWrite(3, 9, "b")]))
    assert out["J2"][0] == "9" and out["J3"][0] == "4"


def test_missing_rows_are_created_between_and_after_existing_ones():
    data = sheet('<row r="2"><c r="A2"/></row><row r="5"><c r="A5"/></row>')
    out = patch_sheet_xml(data, [CellWrite(4, 0, "four"), CellWrite(1, 0, "one"), CellWrite(9, 2, "nine")])
    root = etree.fromstring(out)
    assert [r.get("r") for r in root.iter(f"{{{MAIN}}}row")] == ["1", "2", "4", "5", "9"]
    assert cells(out)["C9"] == (None, "nine")


def test_empty_sheet_data_and_self_closing_rows():
    empty = (f'<worksheet xmlns="{MAIN}"><dimension ref="A1"/><sheetData/></worksheet>').encode()
    out = patch_sheet_xml(empty, [CellWrite(2, 1, "x")])
    assert cells(out) == {"B2": (None, "x")} and b'<dimension ref="A1:B2"/>' in out
    data = sheet('<row r="1" spans="1:1"/>')
    assert cells(patch_sheet_xml(data, [CellWrite(1, 0, "y")])) == {"A1": (None, "y")}


def test_prefixed_namespace_single_quotes_and_implicit_references():
    data = sheet("<x:row r='1'><x:c r='A1'><x:v>1</x:v></x:c><x:c><x:v>2</x:v></x:c></x:row>", prefix="x")
    out = patch_sheet_xml(data, [CellWrite(1, 1, "B"), CellWrite(1, 3, "D")])
    root = etree.fromstring(out)
    got = [(c.get("r"), c.findtext("x:is/x:t", namespaces=NS) or c.findtext("x:v", namespaces=NS))
           for c in root.iter(f"{{{MAIN}}}c")]
    assert got == [("A1", "1"), ("B1", "B"), ("D1", "D")]  # the r-less cell was B1 and is replaced


def test_text_is_escaped_and_edge_spaces_preserved():
    out = patch_sheet_xml(sheet(""), [CellWrite(1, 0, " a<b>&c ")])
    assert cells(out)["A1"] == (None, " a<b>&c ")
    assert b'xml:space="preserve"' in out


def test_a_formula_cell_is_never_overwritten():
    data = sheet('<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>')
    with pytest.raises(Refused, match="数式"):
        patch_sheet_xml(data, [CellWrite(1, 0, "x")])


def test_column_letters_round_trip():
    for index in (0, 25, 26, 701, 702, 16383):
        assert column_index(column_letter(index)) == index
    assert column_letter(16383) == "XFD"


rows_strategy = st.dictionaries(st.integers(1, 30), st.sets(st.integers(0, 12), max_size=6), max_size=12)
writes_strategy = st.lists(st.tuples(st.integers(1, 32), st.integers(0, 14), st.text("abc123 <&", max_size=6)),
                           max_size=20)


@settings(max_examples=200, deadline=None)
@given(rows_strategy, writes_strategy)
def test_any_sheet_any_writes_only_targets_change_and_order_holds(rows, writes):
    xml = "".join(f'<row r="{r}">' + "".join(f'<c r="{column_letter(c)}{r}"><v>{r * 100 + c}</v></c>'
                                             for c in sorted(cols)) + "</row>" for r, cols in sorted(rows.items()))
    out = patch_sheet_xml(sheet(xml), [CellWrite(r, c, t) for r, c, t in writes])
    root = etree.fromstring(out)
    numbers = [int(r.get("r")) for r in root.iter(f"{{{MAIN}}}row")]
    assert numbers == sorted(set(numbers))
    for row in root.iter(f"{{{MAIN}}}row"):
        cols = [column_index(c.get("r").rstrip("0123456789")) for c in row.iter(f"{{{MAIN}}}c")]
        assert cols == sorted(set(cols))
    expected = {f"{column_letter(c)}{r}": str(r * 100 + c) for r, cs in rows.items() for c in cs}
    expected.update({f"{column_letter(c)}{r}": t for r, c, t in writes})
    assert {ref: text for ref, (_, text) in cells(out).items()} == {k: v or None for k, v in expected.items()}


@pytest.mark.parametrize("comment", [
    "<!-- <sheetData/> -->",
    '<!-- <sheetData><row r="3"><c r="A3"/></row></sheetData> -->',
    '<?note <sheetData/> ?>',
    '<!-- <dimension ref="A1"/> <cols><col min="1" max="9" style="7"/></cols> -->',
])
def test_comments_and_instructions_before_the_sheet_data_are_kept_and_not_mistaken_for_it(comment):
    data = sheet('<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="A3"><v>3</v></c></row>',
                 head=comment)
    out = patch_sheet_xml(data, [CellWrite(3, 1, "pw"), CellWrite(2, 1, "id")])
    assert comment.encode() in out  # kept byte for byte
    got = cells(out)
    assert got["B3"] == (None, "pw") and got["B2"] == (None, "id")
    root = etree.fromstring(out)
    assert [r.get("r") for r in root.iter(f"{{{MAIN}}}row")] == ["1", "2", "3"]


@pytest.mark.parametrize("inside", ["<!-- a note -->", "<?pi x?>", "<![CDATA[<row r=\"2\">]]>"])
def test_anything_but_rows_inside_the_sheet_data_is_refused(inside):
    data = sheet(f'<row r="1"><c r="A1"><v>1</v></c></row>{inside}')
    with pytest.raises(Refused, match="コメント"):
        patch_sheet_xml(data, [CellWrite(2, 0, "x")])


def test_a_sheet_data_end_tag_with_a_space_is_found():
    data = sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(b"</sheetData>", b"</sheetData >")
    data = data.replace(b"<sheetData>", b"<sheetData >")
    assert cells(patch_sheet_xml(data, [CellWrite(2, 0, "x")]))["A2"] == (None, "x")


@pytest.mark.parametrize("broken", [b"<sheetData>", b"<!-- <sheetData>"])
def test_sheet_data_without_an_end_is_refused(broken):
    data = sheet("").replace(b"<sheetData></sheetData>", broken)
    with pytest.raises(Refused, match="sheetData"):
        patch_sheet_xml(data, [CellWrite(2, 0, "x")])


@pytest.mark.parametrize("texts", [("s01000001", "Ab3000001"), ("ｓ01", "pw 1"), (" a<b>&c ", ""), ("", "x"),
                                   ("n13%d", "%b%s"), ("m14501704", "日本語")])
def test_the_appended_cells_fast_path_writes_the_bytes_the_general_rebuild_writes(texts, monkeypatch):
    # Rows whose targets lie right of their last cell take a per-row template (sheet_rows.appended_cells);
    # what it writes must be byte for byte what rebuilding the row writes, whatever the texts and spans.
    import shuudan_xl.files.sheet_xml as sx

    head = '<cols><col min="10" max="11" width="9" style="7" customWidth="1"/></cols>'
    rows = "".join(f'<row r="{r}" spans="1:{2 + r % 2}"><c r="A{r}" s="1"><v>{r}</v></c>'
                   f'<c r="B{r}" t="s"><v>0</v></c></row>' for r in range(1, 6))
    data = sheet(rows, head=head)
    writes = [CellWrite(r, c, text) for r in range(1, 6) for c, text in zip((9, 10), texts, strict=True)]
    fast = patch_sheet_xml(data, writes)
    monkeypatch.setattr(sx, "appended_cells", lambda *args: None)
    assert fast == patch_sheet_xml(data, writes)
    assert cells(fast)["J3"] == ("7", texts[0] or None) and cells(fast)["K5"] == ("7", texts[1] or None)
