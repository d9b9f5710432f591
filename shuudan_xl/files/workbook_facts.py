"""What a master .xlsm says about itself without Excel: its custom properties and its xlwings.conf sheet.

The build records the versions it was made with as custom document properties (docProps/custom.xml):
``xlwings`` names the DLL the workbook's VBA declares (xlwings64-<version>.dll), which must be the
version installed on the PC.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from shuudan_xl.errors import InputUnreadable

CUSTOM_PART = "docProps/custom.xml"
CONF_SHEET = "xlwings.conf"
_NS = {"cp": "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
       "vt": "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"}
_MAX_PART = 1 << 20  # a custom-properties part is a few hundred bytes; refuse a crafted giant


def custom_properties(path: Path) -> dict[str, str]:
    """Return the workbook's custom document properties as text (empty when it has none).

    Raises:
        InputUnreadable: when the file is not a readable workbook package.
    """
    try:
        with zipfile.ZipFile(path) as package:
            if CUSTOM_PART not in package.namelist():
                return {}
            info = package.getinfo(CUSTOM_PART)
            if info.file_size > _MAX_PART:
                raise InputUnreadable(f"「{Path(path).name}」のプロパティが大きすぎて読めません。")
            root = ElementTree.fromstring(package.read(info))
    except (OSError, zipfile.BadZipFile, ElementTree.ParseError) as exc:
        raise InputUnreadable(f"「{Path(path).name}」を読み込めません（{type(exc).__name__}）。") from None
    out = {}
    for prop in root.findall("cp:property", _NS):
        value = next(iter(prop), None)
        out[prop.get("name", "")] = (value.text or "") if value is not None else ""
    return out


def conf_settings(path: Path) -> dict[str, object]:
    """Return the xlwings.conf sheet's settings as xlwings.bas reads them: key (upper-cased) → value.

    From A1 down to the first blank cell of column A; an absent sheet gives an empty dict.

    Raises:
        InputUnreadable: when the workbook cannot be read.
    """
    from shuudan_xl.files.reader import Workbook

    book = Workbook(path)
    return settings_from_rows(book.rows(CONF_SHEET)) if CONF_SHEET in book.sheet_names else {}


def settings_from_rows(rows: list[list[object]]) -> dict[str, object]:
    """The settings in the xlwings.conf sheet's rows (from A1), as GetConfigFromSheet reads them."""
    settings = {}
    for row in rows:
        if not row or row[0] in ("", None):
            break
        settings[str(row[0]).upper()] = row[1] if len(row) > 1 else ""
    return settings
