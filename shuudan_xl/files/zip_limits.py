"""Opening a workbook's zip package with bounded memory, whatever its central directory claims.

Limits (documented in the README): a member may hold, uncompressed, ``MEMBER_LIMIT`` bytes (256 MiB; a
100,000-row list sheet is about 40 MB) or ``RATIO`` times its compressed size, whichever is more, and
never more than ``CEILING`` (2 GiB); a package holds at most ``MEMBERS_LIMIT`` members. The ratio lets a
real 1,000,000-row list through (about 400 MB of XML, compressed about 10:1) while a "zip bomb" (1,000:1)
stays bounded by its few real bytes: the compressed size counted is never more than the file's own size.
The sizes the central directory declares are checked before anything is read, and every member is read
through a streaming cap, so a member that lies about its size is refused after reading at most its limit.
"""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.files.deflate_member import inflate_errors, open_inflated

MEMBER_LIMIT = 256 * 1024 * 1024
RATIO = 32
CEILING = 2 * 1024 * 1024 * 1024
MEMBERS_LIMIT = 10_000
_CHUNK = 1 << 20
_PIECE = 1 << 16  # read_part's pieces: small enough to stay in the CPU cache until copied
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature … file name length, extra field length
_ENCRYPTED, _UTF8_NAME = 0x1, 0x800


def member_limit(info: zipfile.ZipInfo, package_size: int) -> int:
    """How many bytes ``info`` may hold uncompressed, in a package of ``package_size`` bytes (see above)."""
    return min(CEILING, max(MEMBER_LIMIT, RATIO * min(info.compress_size, package_size)))


def too_large(name: str, member: str, limit: int = MEMBER_LIMIT) -> InputUnreadable:
    """The Japanese refusal for a member past its limit."""
    return InputUnreadable(f"「{name}」の中の部品「{member}」が大きすぎます"
                           f"（展開すると {limit // 2**20:,} MB を超えます）。"
                           "壊れているか、Excelで作られたものではない可能性があります。"
                           "Excelで開いて保存し直してください。")


def check_sizes(book: zipfile.ZipFile, name: str) -> None:
    """Refuse a package whose central directory declares too many or too large members.

    Raises:
        InputUnreadable: past ``MEMBERS_LIMIT`` members or a member past its limit (``member_limit``).
    """
    infos = book.infolist()
    if len(infos) > MEMBERS_LIMIT:
        raise InputUnreadable(f"「{name}」の部品の数が多すぎます（{len(infos):,} 個）。"
                              "Excelのブックか確かめてください。")
    size = _package_size(book)
    for info in infos:
        limit = member_limit(info, size)
        if info.file_size > limit:
            raise too_large(name, info.filename, limit)


def _package_size(book: zipfile.ZipFile) -> int:
    # The package's real size in bytes (the file, or the file object's end).
    fp = book.fp
    here = fp.tell()
    try:
        return fp.seek(0, 2)
    finally:
        fp.seek(here)


@contextmanager
def checked_zip(source, name: str) -> Iterator[zipfile.ZipFile]:
    """Open a zip package (path or binary file object) after checking its declared sizes.

    Raises:
        InputUnreadable: when it is not a readable zip, or past the limits.
    """
    try:
        book = zipfile.ZipFile(source)
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        raise InputUnreadable(f"「{name}」をExcelファイルとして開けません（zip形式として読めません）。") from None
    with book:
        check_sizes(book, name)
        yield book


def read_member(book: zipfile.ZipFile, member: str, name: str | None = None) -> bytes:
    """Read one member, refusing it as soon as it passes its limit (``member_limit``).

    Raises:
        InputUnreadable: when the member is missing, damaged or too large.
    """
    return b"".join(_pieces(book, member, name, _CHUNK))


def read_part(book: zipfile.ZipFile, member: str, name: str | None = None) -> bytearray:
    """Read one member as ``read_member`` does, into one buffer of the size its directory declares.

    For a large part (a sheet of 100,000 rows is about 20 MB). With libdeflate (the ``deflate`` package),
    a deflated member is inflated whole, about twice as fast as zlib, into a buffer of its declared size
    (already within its limit), which libdeflate never writes past; its CRC is checked as zipfile checks
    it. Otherwise each inflated byte is copied once, from a small piece still in the CPU cache, where
    joining megabyte chunks copies every byte again and holds the part twice at the peak; a member that
    holds more than it declared grows that buffer, within its limit.

    Raises:
        InputUnreadable: as ``read_member``.
    """
    whole = _inflated_whole(book, member, name)
    if whole is not None:
        return whole
    buffer, end = bytearray(), 0
    for piece in _pieces(book, member, name, _PIECE):
        if not end:
            info = book.getinfo(member)
            buffer = bytearray(min(info.file_size, member_limit(info, _package_size(book))))
        buffer[end:end + len(piece)] = piece
        end += len(piece)
    del buffer[end:]
    return buffer


def _inflated_whole(book: zipfile.ZipFile, member: str, name: str | None) -> bytearray | None:
    # The member inflated by libdeflate; None when it is not at hand or the member is not plain deflate
    # (stored, encrypted, missing: zipfile reads or refuses those, with the usual messages).
    try:
        import deflate
        info = book.getinfo(member)
    except (ImportError, KeyError):
        return None
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & _ENCRYPTED:
        return None
    name = _book_name(book, name)
    limit = member_limit(info, _package_size(book))
    if info.file_size > limit:
        raise too_large(name, member, limit)
    try:
        data = deflate.deflate_decompress(_compressed(book, info), info.file_size)
        if deflate.crc32(data) != info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {member!r}")
    except (zipfile.BadZipFile, deflate.DeflateError, OSError, EOFError, ValueError) as exc:
        raise _unreadable(name, member, exc) from None
    return data


def _compressed(book: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    # The member's compressed bytes, after its local header (checked as zipfile.ZipFile.open checks it).
    fp = book.fp
    fp.seek(info.header_offset)
    header = fp.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise zipfile.BadZipFile("Bad magic number for file header")
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
    encoding = "utf-8" if info.flag_bits & _UTF8_NAME else "cp437"
    if fp.read(name_length).decode(encoding, "replace") != info.orig_filename:
        raise zipfile.BadZipFile(f"File name in directory {info.orig_filename!r} and header differ.")
    fp.seek(extra_length, 1)
    data = fp.read(info.compress_size)
    if len(data) != info.compress_size:
        raise EOFError("the member ends before its compressed size")
    return data


def _pieces(book: zipfile.ZipFile, member: str, name: str | None, size: int) -> Iterator[bytes]:
    # The member's inflated bytes in pieces of ``size``, refused as soon as they pass its limit.
    name = _book_name(book, name)
    total = 0
    try:
        limit = member_limit(book.getinfo(member), _package_size(book))
        with open_inflated(book, member) as fh:
            while piece := fh.read(size):
                total += len(piece)
                if total > limit:
                    raise too_large(name, member, limit)
                yield piece
    except KeyError:
        raise InputUnreadable(f"「{name}」に部品「{member}」がありません。壊れている可能性があります。") from None
    except (zipfile.BadZipFile, *inflate_errors(), OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise _unreadable(name, member, exc) from None


def _book_name(book: zipfile.ZipFile, name: str | None) -> str:
    # The workbook's file name for the messages: as given, else the package's.
    return name or PurePath(str(getattr(book, "filename", None) or "ブック")).name


def _unreadable(name: str, member: str, exc: Exception) -> InputUnreadable:
    return InputUnreadable(f"「{name}」の部品「{member}」を読めません（{exc}）。壊れている可能性があります。")


def member_pieces(book: zipfile.ZipFile, member: str, name: str | None = None,
                  size: int = 2 << 20) -> Iterator[bytes]:
    """Read one member a piece at a time, refusing it as soon as it passes its limit, as ``read_member`` does:
    for a part read as it is used, never whole (the list's sheet patched in files.sheet_xml.sheet_xml_stream).

    Raises:
        InputUnreadable: when the member is missing, damaged or too large.
    """
    return _pieces(book, member, name, size)
