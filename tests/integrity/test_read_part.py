"""read_part (a sheet read into one buffer) keeps read_member's limits: a member that lies about its size is
read when its real bytes allow it and refused at its limit otherwise; a damaged one gets the Japanese message.
Each holds both ways a part is read: inflated whole by libdeflate (the deflate package), and streamed by zipfile
(where that package is missing), with ISA-L's inflate or zlib's."""

import zipfile

import pytest

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files import deflate_member, zip_limits
from shuudan_xl.files.reader import Workbook
from tests.conftest import write_book


def lying(path, member: str, declared: int) -> None:
    # Rewrite the sizes the central directory and the local header give for ``member`` (as a crafted file would).
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(member.encode()))
    data[central + 24:central + 28] = declared.to_bytes(4, "little")
    data[info.header_offset + 22:info.header_offset + 26] = declared.to_bytes(4, "little")
    path.write_bytes(bytes(data))


@pytest.fixture(params=["libdeflate", "zipfile", "zipfile with zlib"], autouse=True)
def inflater(request, monkeypatch):
    """Which way read_part inflates: libdeflate when the package is installed, else zipfile's stream (inflated
    by ISA-L, files.deflate_member, or by zlib where isal is missing)."""
    if request.param == "libdeflate":
        pytest.importorskip("deflate")
    else:
        monkeypatch.setattr(zip_limits, "_inflated_whole", lambda *args: None)
    if request.param == "zipfile with zlib":
        monkeypatch.setattr(deflate_member, "isal_zlib", None)
    return request.param


@pytest.fixture
def real(tmp_path):
    text = b"".join(b'<c r="A%d" t="s"><v>%d</v></c>' % (n, n * 7919 % 100_003) for n in range(60_000))
    path = tmp_path / "a.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("sheet.xml", text)
    return path, text


def test_a_part_reads_as_read_member_reads_it(real):
    path, text = real
    with zipfile.ZipFile(path) as z:
        assert zip_limits.read_part(z, "sheet.xml") == text == zip_limits.read_member(z, "sheet.xml")


def test_a_part_that_declares_more_than_it_holds_is_read_as_it_is(real):
    path, text = real
    lying(path, "sheet.xml", 5 << 20)
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("sheet.xml").file_size == 5 << 20
        got = zip_limits.read_part(z, "sheet.xml")
    assert got == text and len(got) == len(text)


@pytest.fixture
def pieces(monkeypatch):
    """The sizes of the pieces read_part was handed."""
    seen = []
    real_pieces = zip_limits._pieces

    def counting(*args):
        for piece in real_pieces(*args):
            seen.append(len(piece))
            yield piece

    monkeypatch.setattr(zip_limits, "_pieces", counting)
    return seen


@pytest.mark.parametrize("declared", [0, 1000])
def test_a_part_that_holds_more_than_it_declares_is_refused_after_reading_what_it_declares(real, pieces, declared):
    path, _ = real
    lying(path, "sheet.xml", declared)
    with zipfile.ZipFile(path) as z, pytest.raises(InputUnreadable, match="部品「sheet.xml」を読めません"):
        zip_limits.read_part(z, "sheet.xml")
    assert sum(pieces) <= declared


def test_a_part_past_its_limit_is_refused_at_the_limit(real, pieces, monkeypatch):
    path, text = real
    monkeypatch.setattr(zip_limits, "MEMBER_LIMIT", 1 << 20)
    monkeypatch.setattr(zip_limits, "RATIO", 1)
    read = []
    monkeypatch.setattr(zip_limits, "_compressed", lambda *args: read.append(args) or b"")
    with zipfile.ZipFile(path) as z, pytest.raises(InputUnreadable, match="sheet.xml.*大きすぎます"):
        zip_limits.read_part(z, "sheet.xml")
    assert len(text) > 1 << 20 >= sum(pieces)  # nothing past the limit was kept
    assert read == []  # libdeflate: refused by its declared size, before its bytes are read


def test_a_part_whose_local_header_names_another_file_is_refused(real):
    path, _ = real
    data = path.read_bytes()
    path.write_bytes(data.replace(b"sheet.xml", b"sheex.xml", 1))  # the local header comes first
    with zipfile.ZipFile(path) as z, pytest.raises(InputUnreadable, match="部品「sheet.xml」を読めません"):
        zip_limits.read_part(z, "sheet.xml")


def test_a_missing_or_damaged_part_gets_the_japanese_message(real):
    path, _ = real
    data = bytearray(path.read_bytes())
    data[200:260] = bytes(60)  # inside the compressed stream
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        for read in (zip_limits.read_part, zip_limits.read_member):  # zlib's own error, too, not a traceback
            with pytest.raises(InputUnreadable, match="部品「sheet.xml」を読めません.*壊れている可能性があります"):
                read(z, "sheet.xml")
        with pytest.raises(InputUnreadable, match="部品「other.xml」がありません"):
            zip_limits.read_part(z, "other.xml")


def test_a_workbook_whose_sheet_part_is_damaged_is_refused_in_japanese(tmp_path):
    path = write_book(tmp_path / "b.xlsx", {"S": [[f"値{n}", n] for n in range(3000)]})
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = sheet[:len(sheet) // 2]  # cut off in the middle of a row
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    with pytest.raises(InputUnreadable, match="シート「S」を読み込めません.*壊れている可能性があります"):
        Workbook(path).rows("S")


def test_a_sheet_that_declares_nothing_but_holds_a_far_cell_is_refused_not_read(tmp_path):
    """A lying size cannot hide a far cell from the size scan: the scan and calamine both read what the
    directory declares (here nothing, with the CRC of nothing), and the sheet is refused as damaged."""
    path = write_book(tmp_path / "b.xlsx", {"S": [["a", "b"]]})
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    part = members["xl/worksheets/sheet1.xml"]
    members["xl/worksheets/sheet1.xml"] = part.replace(b'r="B1"', b'r="XFD1048576"')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    lying(path, "xl/worksheets/sheet1.xml", 0)
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02", 0, data.rfind(b"xl/worksheets/sheet1.xml"))
    data[central + 16:central + 20] = bytes(4)  # the CRC of nothing, in the directory and the local header
    with zipfile.ZipFile(path) as z:
        local = z.getinfo("xl/worksheets/sheet1.xml").header_offset
    data[local + 14:local + 18] = bytes(4)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        assert zip_limits.read_part(z, "xl/worksheets/sheet1.xml") == b""
    with pytest.raises(InputUnreadable, match="シート「S」を読み込めません"):
        Workbook(path).rows("S")
