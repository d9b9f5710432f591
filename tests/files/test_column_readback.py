"""Reading a few columns of a written list back (files.column_readback): the values a whole read gives."""

import re
import zipfile

import pytest

from shuudan_xl.files import zip_limits
from shuudan_xl.files.column_readback import WrittenBook, narrowed_rows
from shuudan_xl.files.reader import Workbook
from shuudan_xl.files.xlsx_patch import CellWrite, sheet_part, write_patched
from shuudan_xl.rules import master as m
from shuudan_xl.services.master import load_master
from shuudan_xl.services.master_readback import logins_differing
from tests.masters import make_master, viewer

SHEET = m.LIST_SHEET
ID, PW, GROUP = 9, 10, 3  # the columns of make_master's list


def written_list(tmp_path, writes):
    """A list of four viewers with ``writes`` patched in, as export writes it."""
    source = make_master(tmp_path / "元.xlsx", [
        viewer(login_id="ｎ１３１２３４５６７", password=" abcd12345 "), viewer(group="沖縄県", number="7654321"),
        viewer(guidance="登録時", number="501704", name="佐々木"), viewer(name="A&B <医院>")])
    target = tmp_path / "視聴者リスト.xlsx"
    write_patched(source, target, SHEET, writes, verify=False)
    return target


def whole(path, columns):
    """(Excel row, values) of the rows holding a value in ``columns``, from a read of the whole sheet."""
    rows = Workbook(path).rows(SHEET)
    out = []
    for number, row in enumerate(rows, start=1):
        values = tuple(row[c] if c < len(row) else None for c in columns)
        if any(v not in ("", None) for v in values):
            out.append((number, values))
    return out


def narrowed(path, columns):
    """(Excel row, values) of the rows holding a value in ``columns``, from the narrowed sheet (None for blank)."""
    out = []
    for number, row in enumerate(narrowed_rows(path, SHEET, columns), start=1):
        values = tuple(None if v == "" else v for v in row[1:len(columns) + 1])
        values += (None,) * (len(columns) - len(values))
        if any(v is not None for v in values):
            out.append((number, values))
    return out


@pytest.mark.parametrize("piece", [None, 7, 500])
def test_the_columns_read_alone_hold_what_a_whole_read_of_the_sheet_holds(tmp_path, piece, monkeypatch):
    path = written_list(tmp_path, [CellWrite(3, ID, "n470007654321"), CellWrite(3, PW, "x&y<z> "),
                                   CellWrite(4, PW, "ｐａｓｓ"), CellWrite(5, ID, "n13 1234567")])
    if piece:  # the part read in pieces this small: rows and tags cut anywhere
        real = zip_limits.member_pieces
        monkeypatch.setattr(zip_limits, "member_pieces", lambda book, member: real(book, member, size=piece))
    for columns in ([ID, PW, GROUP], [GROUP, ID], [5], [PW, 0, ID]):
        assert narrowed(path, columns) == [(n, tuple(None if v == "" else v for v in values))
                                           for n, values in whole(path, columns)]


def test_columns_whose_names_begin_alike_are_told_apart(tmp_path):
    # A, AB and B: renamed through marks, so that renaming A touches neither AB nor a cell renamed already.
    path = written_list(tmp_path, [CellWrite(2, 27, "ab2"), CellWrite(4, 27, "ab4"), CellWrite(3, 1, "b3")])
    assert narrowed(path, [0, 27, 1]) == [(n, tuple(None if v == "" else v for v in values))
                                          for n, values in whole(path, [0, 27, 1])]
    assert narrowed(path, [27, 0])[1:3] == [(2, ("ab2", 1.0)), (3, (None, 1.0))]


def crafted(tmp_path, path, change):
    """A copy of the workbook with its list sheet's XML changed."""
    with zipfile.ZipFile(path) as book:
        part = sheet_part(book, SHEET)
        members = {info: book.read(info) for info in book.infolist()}
    out_path = tmp_path / "crafted.xlsx"
    with zipfile.ZipFile(out_path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members.items():
            out.writestr(info, change(data) if info.filename == part else data)
    return out_path


def prefixed(xml: bytes) -> bytes:
    """The sheet with its main namespace under the prefix x: (valid, and read alike by calamine)."""
    xml = re.sub(rb"<(/?)([A-Za-z]+)([ />])", rb"<\1x:\2\3", xml)
    return xml.replace(b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
                       b'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"')


@pytest.mark.parametrize("change", [lambda xml: xml.replace(b'<c r="K2" s="', b'<c s="'), prefixed,
                                    lambda xml: xml.replace(b"</row>", b"</row><!-- a note -->", 1)],
                         ids=["a cell without r first", "a namespace prefix", "a comment among the rows"])
def test_a_sheet_not_in_the_plain_form_is_not_narrowed_and_is_read_whole(tmp_path, change):
    path = written_list(tmp_path, [CellWrite(3, ID, "n470007654321")])
    changed = crafted(tmp_path, path, change)
    assert narrowed_rows(changed, SHEET, [ID, PW, GROUP]) is None
    master = load_master(Workbook(changed))
    expected = [(r.excel_row, r.login_id, r.password, r.group) for r in master.rows]
    assert logins_differing(WrittenBook(changed), expected, SHEET, master.layout) == []


def test_the_read_back_of_three_columns_finds_the_rows_a_whole_read_finds(tmp_path):
    path = written_list(tmp_path, [CellWrite(3, ID, "n470007654321"), CellWrite(3, PW, "abcd12345")])
    master = load_master(Workbook(path))
    expected = [(r.excel_row, r.login_id, r.password, r.group) for r in master.rows]
    assert logins_differing(WrittenBook(path), expected, SHEET, master.layout) == []
    wrong = [expected[0], (3, "n470007654321", "other2345x", "沖縄47"), (4, *expected[2][1:3], "北海道01"),
             (99, "n139999999", "abcd12345", "東京13")]
    assert logins_differing(WrittenBook(path), wrong, SHEET, master.layout) == [3, 4, 99]
    # A header that is not where the layout says: the sheet is read whole, and finds the same rows.
    moved = master.layout._replace(header_row=2)
    assert logins_differing(WrittenBook(path), wrong, SHEET, moved) == [3, 4, 99]
