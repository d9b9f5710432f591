"""files.deflate_member: a large member deflated (and read) by ISA-L where it is installed, by zlib otherwise."""

from __future__ import annotations

import io
import random
import zipfile
import zlib

import pytest
from isal import isal_zlib

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files import deflate_member
from shuudan_xl.files.deflate_member import LARGE, inflate_errors, open_deflated, open_inflated
from shuudan_xl.files.zip_limits import member_pieces


def _pieces(seed: int = 11) -> list[bytes]:
    # Sheet-like XML in pieces of odd sizes, with runs that deflate well and noise that does not.
    rng = random.Random(seed)
    rows = (f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>m13{rng.randrange(10**6):06d}</t></is></c></row>'
            for n in range(1, 20_000))
    data = "".join(rows).encode() + rng.randbytes(50_000)
    cuts = sorted(rng.sample(range(1, len(data)), 40))
    return [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]


def _write(pieces: list[bytes], compress_type: int = zipfile.ZIP_DEFLATED) -> tuple[bytes, zipfile.ZipInfo]:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("first.xml", b"<a/>", zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", (1980, 1, 1, 0, 0, 0))
        info.compress_type = compress_type
        with open_deflated(package, info) as stream:
            for piece in pieces:
                stream.write(piece)
        package.writestr("last.xml", b"<z/>")
    return out.getvalue(), info


def _raw(package: bytes, name: str) -> bytes:
    # The member's compressed bytes as stored in the package.
    with zipfile.ZipFile(io.BytesIO(package)) as book:
        info = book.getinfo(name)
    header = package[info.header_offset:info.header_offset + 30]
    start = info.header_offset + 30 + int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
    return package[start:start + info.compress_size]


def _deflated(compressor, pieces: list[bytes]) -> bytes:
    return b"".join(compressor.compress(piece) for piece in pieces) + compressor.flush()


def test_a_member_is_deflated_by_isal_and_reads_back_whole_with_its_crc():
    pieces = _pieces()
    package, _ = _write(pieces)
    with zipfile.ZipFile(io.BytesIO(package)) as book:
        assert book.testzip() is None  # every member's CRC
        assert book.read("xl/worksheets/sheet1.xml") == b"".join(pieces)
        assert [book.read("first.xml"), book.read("last.xml")] == [b"<a/>", b"<z/>"]
    # ISA-L's level 1 made these bytes, not zlib's (which writes other ones for the same input).
    raw = _raw(package, "xl/worksheets/sheet1.xml")
    assert raw == _deflated(isal_zlib.compressobj(1, zlib.DEFLATED, -15), pieces)
    assert raw != _deflated(zlib.compressobj(1, zlib.DEFLATED, -15), pieces)


def test_without_isal_the_member_is_deflated_at_zlibs_fastest_level(monkeypatch):
    monkeypatch.setattr(deflate_member, "isal_zlib", None)
    pieces = _pieces(3)
    package, _ = _write(pieces)
    assert _raw(package, "xl/worksheets/sheet1.xml") == _deflated(zlib.compressobj(1, zlib.DEFLATED, -15), pieces)
    with zipfile.ZipFile(io.BytesIO(package)) as book:
        assert book.read("xl/worksheets/sheet1.xml") == b"".join(pieces)


def test_a_stored_member_stays_stored():
    pieces = _pieces(5)
    package, _ = _write(pieces, zipfile.ZIP_STORED)
    with zipfile.ZipFile(io.BytesIO(package)) as book:
        info = book.getinfo("xl/worksheets/sheet1.xml")
        assert info.compress_type == zipfile.ZIP_STORED
        assert book.read(info) == b"".join(pieces)


@pytest.mark.parametrize("pieces", [[], [b""], [b"x"]])
def test_an_empty_or_tiny_member_reads_back(pieces):
    package, _ = _write(pieces)
    with zipfile.ZipFile(io.BytesIO(package)) as book:
        assert book.read("xl/worksheets/sheet1.xml") == b"".join(pieces)
        assert book.testzip() is None


@pytest.mark.parametrize("isal", [True, False])
def test_a_member_read_a_piece_at_a_time_is_inflated_by_isal_where_installed(isal, monkeypatch):
    if not isal:
        monkeypatch.setattr(deflate_member, "isal_zlib", None)
    pieces = _pieces(7)
    package, _ = _write(pieces)
    with zipfile.ZipFile(io.BytesIO(package)) as book:
        with open_inflated(book, "xl/worksheets/sheet1.xml") as stream:
            assert isinstance(stream._decompressor, type(isal_zlib.decompressobj() if isal else zlib.decompressobj()))
            assert b"".join(iter(lambda: stream.read(1000), b"")) == b"".join(pieces)
        assert b"".join(member_pieces(book, "xl/worksheets/sheet1.xml", size=4096)) == b"".join(pieces)


@pytest.mark.parametrize("isal", [True, False])
def test_a_damaged_member_read_a_piece_at_a_time_is_refused_in_japanese(isal, monkeypatch):
    if not isal:
        monkeypatch.setattr(deflate_member, "isal_zlib", None)
    package, _ = _write(_pieces(9))
    with zipfile.ZipFile(io.BytesIO(package)) as book:
        start = book.getinfo("xl/worksheets/sheet1.xml").header_offset + 200
    damaged = package[:start] + bytes(64) + package[start + 64:]
    with zipfile.ZipFile(io.BytesIO(damaged)) as book:
        with open_inflated(book, "xl/worksheets/sheet1.xml") as stream, pytest.raises(inflate_errors()):
            stream.read()
        with pytest.raises(InputUnreadable, match="部品「xl/worksheets/sheet1.xml」を読めません"):
            b"".join(member_pieces(book, "xl/worksheets/sheet1.xml", "b.xlsx"))


def test_a_small_member_is_inflated_by_zlib_and_the_test_data_is_large_enough_for_isal():
    package, _ = _write(_pieces(7))
    with zipfile.ZipFile(io.BytesIO(package)) as book:
        assert book.getinfo("xl/worksheets/sheet1.xml").compress_size >= LARGE  # the tests above use ISA-L
        with open_inflated(book, "first.xml") as stream:
            assert isinstance(stream._decompressor, type(zlib.decompressobj()))
            assert stream.read() == b"<a/>"
