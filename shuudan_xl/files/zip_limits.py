"""Opening a workbook's zip package with bounded memory, whatever its central directory claims.

Limits (documented in the README): a member may hold at most ``MEMBER_LIMIT`` bytes uncompressed
(256 MiB; a 100,000-row list sheet is about 30 MB) and a package at most ``MEMBERS_LIMIT`` members.
The sizes the central directory declares are checked before anything is read, and every member is
read through a streaming cap, so a member that lies about its size (a "zip bomb") is refused after
reading at most the limit.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from shuudan_xl.errors import InputUnreadable

MEMBER_LIMIT = 256 * 1024 * 1024
MEMBERS_LIMIT = 10_000
_CHUNK = 1 << 20


def too_large(name: str, member: str) -> InputUnreadable:
    """The Japanese refusal for a member past the limit."""
    return InputUnreadable(f"「{name}」の中の部品「{member}」が大きすぎます"
                           f"（展開すると {MEMBER_LIMIT // 2**20} MB を超えます）。"
                           "壊れているか、Excelで作られたものではない可能性があります。"
                           "Excelで開いて保存し直してください。")


def check_sizes(book: zipfile.ZipFile, name: str) -> None:
    """Refuse a package whose central directory declares too many or too large members.

    Raises:
        InputUnreadable: past ``MEMBERS_LIMIT`` members or ``MEMBER_LIMIT`` bytes in one member.
    """
    infos = book.infolist()
    if len(infos) > MEMBERS_LIMIT:
        raise InputUnreadable(f"「{name}」の部品の数が多すぎます（{len(infos):,} 個）。"
                              "Excelのブックか確かめてください。")
    for info in infos:
        if info.file_size > MEMBER_LIMIT:
            raise too_large(name, info.filename)


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
    """Read one member, refusing it as soon as it passes ``MEMBER_LIMIT`` bytes.

    Raises:
        InputUnreadable: when the member is missing, damaged or too large.
    """
    name = name or PurePath(str(getattr(book, "filename", None) or "ブック")).name
    parts: list[bytes] = []
    total = 0
    try:
        with book.open(member) as fh:
            while chunk := fh.read(_CHUNK):
                total += len(chunk)
                if total > MEMBER_LIMIT:
                    raise too_large(name, member)
                parts.append(chunk)
    except KeyError:
        raise InputUnreadable(f"「{name}」に部品「{member}」がありません。壊れている可能性があります。") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
        raise InputUnreadable(f"「{name}」の部品「{member}」を読めません（{exc}）。"
                              "壊れている可能性があります。") from None
    return b"".join(parts)
