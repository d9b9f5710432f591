"""Open a large zip member for writing at deflate's fastest level, or for reading: ISA-L where it is installed.

The parts this tool writes in bulk (a patched list's sheet, a vendor book's rows, a read-back's narrowed
sheet, a file of letters) are tens to hundreds of megabytes of XML. zlib's level 1 deflates them at
about 420 MB/s here; ISA-L's level 1 (the ``isal`` package) at about 1,500 MB/s, and a little smaller. A
million-row export deflates close to a gigabyte, so that is about 1.5 s of a core, and the seconds the
user waits when the writer thread (files.write_behind) falls behind the XML being built.

zipfile has no way to name another compressor, so the member's stream gets ISA-L's in place of zlib's
before its first byte. The stream still computes the CRC and the sizes, and writes the headers, as it
does for zlib's. Either compressor writes plain deflate, which every reader inflates. Excel compresses
the part again whenever staff save the book.

Reading a large part a piece at a time (``open_inflated``), ISA-L inflates about 2.5 times as fast as zlib;
the stream checks the CRC and the sizes as before.
"""

from __future__ import annotations

import zipfile
import zlib

_UNLOADED = object()
isal_zlib = _UNLOADED  # ISA-L's zlib module, imported when first needed (None: not installed here)

_ZLIB_COMPRESSOR = type(zlib.compressobj())
_ZLIB_DECOMPRESSOR = type(zlib.decompressobj())
# A member compressed to less is inflated by zlib: it takes no time either way, and a command that reads only
# small members (check inflates its sheet with libdeflate) does not import isal for them.
LARGE = 1 << 17


def inflate_errors() -> tuple[type[Exception], ...]:
    """What inflating a damaged member raises, with either inflater (for an ``except`` clause)."""
    isal = _isal()
    return (zlib.error,) if isal is None else (zlib.error, isal.error)


def _isal():
    # ISA-L's zlib module, or None where the isal package is not installed (zlib then).
    global isal_zlib
    if isal_zlib is _UNLOADED:
        try:
            from isal import isal_zlib as module
        except ImportError:
            module = None
        isal_zlib = module
    return isal_zlib


def open_deflated(package: zipfile.ZipFile, info: zipfile.ZipInfo):
    """Open ``info`` in ``package`` for writing (``ZipFile.open(info, "w")``) at the fastest level.

    A stored member stays stored. A deflated one gets ISA-L's level 1 when ``isal`` is installed and the
    stream is the one zipfile makes; otherwise zlib's level 1 (see ``fast_deflate``).

    Args:
        package: A zip file open for writing.
        info: The member's entry, with its compress type set; its level is set here.

    Returns:
        The member's stream, to be closed (``with``) before the next member is opened.
    """
    stream = package.open(fast_deflate(info), "w")
    if isinstance(getattr(stream, "_compressor", None), _ZLIB_COMPRESSOR) and (isal := _isal()) is not None:
        # Raw deflate (wbits -15) as zipfile's own compressor writes it; set before any byte went through.
        stream._compressor = isal.compressobj(1, zlib.DEFLATED, -15)
    return stream


def fast_deflate(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """``info`` set to zlib's fastest level, for a large part written by ``ZipFile.open(info, "w")``.

    A 50 MB sheet deflates in 0.13 s instead of 0.41 s at the default level, about 30 % larger; Excel
    compresses the part again whenever staff save the book. ``open_deflated`` goes further where it can.
    """
    if info.compress_type == zipfile.ZIP_DEFLATED:
        # Python 3.13 renamed the attribute (compress_level) and kept the old name as an alias.
        setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", 1)
    return info


def open_inflated(package: zipfile.ZipFile, member: str | zipfile.ZipInfo):
    """Open ``member`` of ``package`` for reading (``ZipFile.open(member)``), inflated by ISA-L where it can.

    A deflated member of ``LARGE`` compressed bytes or more gets ISA-L's decompressor when ``isal`` is
    installed and the stream is the one zipfile makes; the stream checks its CRC as ever. A damaged member
    raises one of ``inflate_errors()``.

    Raises:
        KeyError: when there is no such member.
    """
    info = member if isinstance(member, zipfile.ZipInfo) else package.getinfo(member)
    stream = package.open(info)
    if (info.compress_size >= LARGE and isinstance(getattr(stream, "_decompressor", None), _ZLIB_DECOMPRESSOR)
            and (isal := _isal()) is not None):
        stream._decompressor = isal.decompressobj(-15)  # raw deflate, as zipfile's own; nothing read yet
    return stream
