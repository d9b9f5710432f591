"""Where a workbook package keeps each worksheet, read with the standard library's expat parser.

Every command reads workbooks, and most only read: finding a sheet's part (workbook.xml names the sheet
and a relationship id, xl/_rels/workbook.xml.rels gives the id's target) needs no element tree, and
loading lxml for it cost ~13 ms of a command's start (its shared libraries). The parts are parsed
strictly: well-formed, and no DOCTYPE, so no entity can be declared (expat never fetches anything from
outside either).
"""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath

from shuudan_xl.errors import InputUnreadable

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET = f"{{{MAIN_NS}}}sheet"
_RELATIONSHIP = f"{{{PKG_REL_NS}}}Relationship"
_REL_ID = f"{{{REL_NS}}}id"


class _Doctype(Exception):
    pass


def elements(data: bytes, name: str, wanted: str | None = None) -> list[dict[str, str]]:
    """Check a package part and return the attributes of its ``wanted`` elements, in document order.

    Args:
        data: The part's bytes.
        name: The workbook's file name, for the messages.
        wanted: The element's name as ``{namespace}local``; None only checks the part.

    Returns:
        One dict per element, its attributes keyed ``local`` or ``{namespace}local``.

    Raises:
        InputUnreadable: when the part is not well-formed XML or declares a DOCTYPE.
    """
    from xml.parsers import expat

    found: list[dict[str, str]] = []
    tag_wanted = wanted[1:] if wanted and wanted.startswith("{") else wanted  # as expat names it: "namespace}local"

    def start(tag: str, attrs: dict[str, str]) -> None:
        if tag == tag_wanted:
            found.append(attrs)

    def doctype(*_args) -> None:
        raise _Doctype

    # Namespaced names arrive as "namespace}local": the separator is "}" ("{" is added to attributes below).
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(data, True)
    except _Doctype:
        raise InputUnreadable(f"「{name}」の中のXMLに DOCTYPE 宣言があります。Excelが保存したファイルではないため"
                              "読み込みません。Excelで開いて保存し直してください。") from None
    except expat.ExpatError as exc:
        raise InputUnreadable(f"「{name}」の中のXMLが壊れています（{exc}）。"
                              "Excelで開いて保存し直してください。") from None
    return [{_braced(key): value for key, value in attrs.items()} for attrs in found]


def _braced(key: str) -> str:
    return "{" + key if "}" in key else key


def sheet_member(book: zipfile.ZipFile, sheet: str, name: str | None = None) -> str:
    """Return the zip member name of a worksheet, found through workbook.xml and its relationships.

    Args:
        book: The package, opened (files.zip_limits.checked_zip).
        sheet: The sheet's name.
        name: The workbook's file name, for the messages (default: the package's).

    Raises:
        InputUnreadable: when the package's workbook parts are missing or damaged, or the sheet is not there.
    """
    from shuudan_xl.files.zip_limits import read_member

    name = name or PurePosixPath(str(book.filename or "ブック")).name
    sheets = elements(read_member(book, "xl/workbook.xml", name), name, _SHEET)
    rels = elements(read_member(book, "xl/_rels/workbook.xml.rels", name), name, _RELATIONSHIP)
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    for node in sheets:
        if node.get("name") == sheet:
            target = targets.get(node.get(_REL_ID))
            if not target:
                break
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    raise InputUnreadable(f"シート「{sheet}」が「{name}」に見つかりません。")
