"""The splicer fed a block at a time (a list's sheet is read that way): the same bytes as the part whole."""

import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.errors import InputUnreadable, Refused
from shuudan_xl.files.cell_refs import column_letter
from shuudan_xl.files.sheet_xml import patch_sheet_xml, sheet_xml_stream
from shuudan_xl.files.xlsx_patch import CellWrite
from shuudan_xl.files.zip_limits import member_pieces
from tests.files.test_sheet_xml import sheet


def in_blocks(data: bytes, size: int) -> list[bytes]:
    return [data[i:i + size] for i in range(0, len(data), size)]


def streamed(data: bytes, writes, size: int) -> bytes:
    return b"".join(sheet_xml_stream(in_blocks(data, size), writes))


rows_strategy = st.dictionaries(st.integers(1, 30), st.sets(st.integers(0, 12), max_size=6), max_size=12)
writes_strategy = st.lists(st.tuples(st.integers(1, 32), st.integers(0, 14), st.text("abc123 <&", max_size=6)),
                           max_size=20)


@settings(max_examples=150, deadline=None)
@given(rows_strategy, writes_strategy, st.integers(1, 400), st.sampled_from(["", "x"]))
def test_any_sheet_streamed_in_any_blocks_is_patched_to_the_bytes_of_the_whole_part(rows, writes, size, prefix):
    p = f"{prefix}:" if prefix else ""
    xml = "".join(f'<{p}row r="{r}" spans="1:3">' + "".join(
        f'<{p}c r="{column_letter(c)}{r}"><{p}v>{r * 100 + c}</{p}v></{p}c>' for c in sorted(cols))
        + f"</{p}row>" for r, cols in sorted(rows.items()))
    data = sheet(xml, prefix=prefix, head=f'<{p}dimension ref="A1:C3"/><!-- a note -->')
    cells = [CellWrite(r, c, t) for r, c, t in writes]
    assert streamed(data, cells, size) == patch_sheet_xml(data, cells)


@pytest.mark.parametrize("size", [1, 5, 64])
def test_an_empty_sheet_data_and_rows_without_a_number_stream_as_they_patch(size):
    for data in (sheet("").replace(b"<sheetData></sheetData>", b"<sheetData/>"),
                 sheet('<row><c r="A1"><v>1</v></c></row><row><c><v>2</v></c></row><row r="5"/>')):
        writes = [CellWrite(2, 3, "x"), CellWrite(4, 0, "y"), CellWrite(7, 1, "z")]
        assert streamed(data, writes, size) == patch_sheet_xml(data, writes)


@pytest.mark.parametrize("size", [1, 7, 50])
@pytest.mark.parametrize("inside", ["<!-- a note -->", "<?pi x?>", "<![CDATA[<row r=\"2\">]]>"])
def test_anything_but_rows_inside_the_sheet_data_is_refused_whatever_the_blocks(inside, size):
    data = sheet(f'<row r="1"><c r="A1"><v>1</v></c></row>{inside}<row r="3"><c r="A3"><v>1</v></c></row>')
    with pytest.raises(Refused, match="コメント"):
        streamed(data, [CellWrite(2, 0, "x")], size)


@pytest.mark.parametrize("size", [1, 9, 1000])
def test_a_sheet_data_without_an_end_is_refused_whatever_the_blocks(size):
    data = sheet('<row r="1"><c r="A1"><v>1</v></c></row>').replace(b"</sheetData>", b"")
    with pytest.raises(Refused, match="sheetData の終わり"):
        streamed(data, [CellWrite(2, 0, "x")], size)


def test_a_member_read_in_blocks_is_refused_once_it_passes_its_limit(tmp_path, monkeypatch):
    from shuudan_xl.files import zip_limits

    path = tmp_path / "book.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", b"<row/>" * 1000)
    with zipfile.ZipFile(path) as book:
        assert b"".join(member_pieces(book, "xl/worksheets/sheet1.xml", size=100)) == b"<row/>" * 1000
        monkeypatch.setattr(zip_limits, "member_limit", lambda info, size: 1000)
        with pytest.raises(InputUnreadable, match="大きすぎます"):
            b"".join(member_pieces(book, "xl/worksheets/sheet1.xml", size=100))
        with pytest.raises(InputUnreadable, match="ありません"):
            b"".join(member_pieces(book, "xl/missing.xml"))
