"""The sheet-size scan counts r="…" references only where an attribute named r starts (after white space)."""

from shuudan_xl.files.sheet_bounds import farthest_column, farthest_row


def test_only_an_attribute_named_r_counts_as_a_cell_reference():
    xml = b'<row r="3"><c r="B3"/><c\txr="ZZZ9999999"/><c ref="AAA1"/><c\nr=\'AC12\'/></row>'
    assert farthest_column(xml) == 29  # AC, not ZZZ or AAA
    assert farthest_row(xml, 29, 10) == 12


def test_a_sheet_without_references_has_no_rows():
    assert farthest_row(b"<sheetData/>", 26, 10) == 0
