"""Hostile workbooks: each builder turns a copy of the sample list into one broken, odd or crafted file."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

LIST_PART = "xl/worksheets/sheet1.xml"  # 視聴者リスト in new-master's workbook
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
STRICT = b"http://purl.oclc.org/ooxml/spreadsheetml/main"
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def rewrite(path: Path, change: dict[str, object]) -> None:
    """Rewrite members of a zip: bytes replace a member, None removes it, a callable maps its bytes."""
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in members:
            new = change.get(info.filename, data)
            if callable(new):
                new = new(data)
            if new is not None:
                out.writestr(info, new, compress_type=zipfile.ZIP_DEFLATED)


def in_list(transform) -> object:
    return lambda path: rewrite(path, {LIST_PART: transform})


def far_cell(ref: str):
    row = re.sub(r"[A-Z]", "", ref)
    return in_list(lambda d: d.replace(
        b"</sheetData>", f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'.encode()))


def whitespace_bomb(path: Path, size: int = 1 << 30) -> None:
    """The list sheet with ``size`` bytes of spaces before its rows: about 4.6 MB zipped for 1 GiB."""
    with zipfile.ZipFile(path) as z:
        members = [(i, z.read(i)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as out:
        for info, data in members:
            if info.filename != LIST_PART:
                out.writestr(info, data)
                continue
            head, tail = data.split(b"<sheetData>", 1)
            info = zipfile.ZipInfo(LIST_PART)
            info.compress_type = zipfile.ZIP_DEFLATED
            with out.open(info, "w", force_zip64=True) as fh:
                fh.write(head + b"<sheetData>")
                chunk = b" " * (1 << 20)
                for _ in range(size >> 20):
                    fh.write(chunk)
                fh.write(tail)


def ole(stream_name: str):
    name = stream_name.encode("utf-16-le")
    return lambda path: path.write_bytes(OLE + b"\0" * 504 + name + b"\0" * 1024)


def ods(path: Path) -> None:
    path.unlink()
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")


def utf16_sheet(data: bytes) -> bytes:
    return data.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode("utf-8").encode("utf-16")


DOCTYPE = b'<!DOCTYPE x [<!ENTITY big "xxxxxxxxxxxxxxxxxxxx">]>'


# name → (builder, the file is still a valid list: commands may succeed). Names starting "list sheet" or
# "one value"/"1 GiB"/"UTF-16"/"truncated list"/"DOCTYPE in the list" spoil the list sheet only (LIST_ONLY).
HOSTILE = {
    "empty file": (lambda p: p.write_bytes(b""), False),
    "text named .xlsx": (lambda p: p.write_text("ID,パスワード\n", encoding="utf-8"), False),
    "truncated zip": (lambda p: p.write_bytes(p.read_bytes()[: p.stat().st_size // 2]), False),
    "legacy .xls renamed .xlsx": (ole("Workbook"), False),
    "encrypted workbook": (ole("EncryptedPackage"), False),
    "OpenDocument .ods named .xlsx": (ods, False),
    "Strict Open XML": (lambda p: rewrite(p, {"xl/workbook.xml": lambda d: d.replace(MAIN, STRICT)}), False),
    "DOCTYPE in workbook.xml": (lambda p: rewrite(p, {"xl/workbook.xml": lambda d: d.replace(
        b"?>\n", b"?>\n" + DOCTYPE, 1)}), False),
    "DOCTYPE in the list sheet": (in_list(lambda d: d.replace(b"?>\n", b"?>\n" + DOCTYPE, 1)), False),
    "UTF-16 list sheet": (in_list(utf16_sheet), False),
    "truncated list sheet": (in_list(lambda d: d[: len(d) // 2]), False),
    "list sheet missing": (lambda p: rewrite(p, {LIST_PART: None}), False),
    "relationships missing": (lambda p: rewrite(p, {"xl/_rels/workbook.xml.rels": None}), False),
    "relationship to nowhere": (lambda p: rewrite(p, {"xl/_rels/workbook.xml.rels": lambda d: d.replace(
        b"worksheets/sheet1.xml", b"worksheets/nowhere.xml")}), False),
    "one value at XFD1048576": (far_cell("XFD1048576"), False),
    "one value at CV1048576": (far_cell("CV1048576"), False),
    "1 GiB of whitespace in the list sheet": (whitespace_bomb, False),
    "comment holding <sheetData/> and <row r=3>": (in_list(lambda d: d.replace(
        b"<sheetData>", b'<!-- <sheetData/> <row r="3"><c r="A3"/></row> --><sheetData>', 1)), True),
    "sheetData tags with spaces": (in_list(lambda d: d.replace(b"<sheetData>", b"<sheetData >").replace(
        b"</sheetData>", b"</sheetData >")), True),
}

LIST_ONLY = {"DOCTYPE in the list sheet", "UTF-16 list sheet", "truncated list sheet", "list sheet missing",
             "relationship to nowhere", "one value at XFD1048576", "one value at CV1048576",
             "1 GiB of whitespace in the list sheet"}
