"""The VBA modules of the master workbook, as text: ours from macros/, xlwings' and the generated UDF module.

- ``macros/*.bas``: the project's own standard modules (Buttons.bas: one Sub per button), committed.
- ``xlwings``: xlwings' standalone module (``xlwings/xlwings.bas``, BSD-3-Clause), taken from the
  installed xlwings package at build time and never committed. It gives the workbook ``RunPython`` and
  the UDF plumbing without the xlwings add-in.
- ``Dictionary``: ``xlwings/addin/Dictionary.cls`` (VBA-Dictionary, MIT), which xlwings.bas uses on Mac.
- ``xlwings_udfs``: generated from ``shuudan_xl.excel.udfs`` (see udf_module), never committed.
- ``UdfHelp``: the function wizard's Japanese help for those functions (see udf_help), never committed.

Why xlwings is pinned (``xlwings==0.37.8`` in pyproject.toml): xlwings.bas declares its functions in
``xlwings64-0.37.8.dll`` / ``xlwings32-0.37.8.dll``, and those DLLs come with the *Python* package on the
staff PC. A workbook built from one xlwings version only runs with the same version installed there;
with any other, every button stops with "file not found: xlwings64-….dll". The UDF module also follows
that version's internals. So upgrading xlwings means changing the pin, rebuilding the workbook
(``shuudan-xl build-workbook``) and handing the new workbook out together with the upgrade; a test
fails while the committed workbook differs from a fresh build.

VBA text must be ASCII: pyOpenVBA writes a code page 1252 project and silently turns other characters
into "?", so captions and messages for staff live in the sheets and in Python.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from shuudan_xl.errors import ShuudanError

STANDARD = "standard"
CLASS = "class"
_VB_NAME = re.compile(r'^Attribute VB_Name = "([^"]+)"', re.M)


class MacroSourceError(ShuudanError):
    """A VBA source file cannot go into the workbook (message in Japanese for the build command)."""

    exit_code = 2


@dataclass(frozen=True, slots=True)
class VbaModule:
    """One module of the VBA project: its name, kind, source text (CRLF) and where it came from."""

    name: str
    kind: str  # STANDARD or CLASS
    text: str
    origin: str


def crlf(text: str) -> str:
    """Normalise line ends to CRLF, as the VBA editor exports and stores modules."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def project_macros(folder: Path) -> list[VbaModule]:
    """Read the committed modules (``*.bas``) of a macros folder, sorted by file name.

    Raises:
        MacroSourceError: when the folder has no module, a file is not ASCII, or its VB_Name differs
            from the file name.
    """
    files = sorted(folder.glob("*.bas"))
    if not files:
        raise MacroSourceError(f"「{folder}」にVBAのモジュール（.bas）がありません。ブックは shuudan-xl のフォルダ一式"
                               "（macros フォルダのあるもの）から作ります。そのフォルダで pip install -e . として"
                               "入れてから実行してください。")
    return [_module(path.stem, STANDARD, path.read_bytes(), str(path)) for path in files]


def xlwings_modules() -> list[VbaModule]:
    """xlwings' standalone module and the Dictionary class it needs, from the installed package."""
    import xlwings

    folder = Path(xlwings.__file__).parent
    return [_module("xlwings", STANDARD, (folder / "xlwings.bas").read_bytes(), f"xlwings {xlwings.__version__}"),
            _module("Dictionary", CLASS, (folder / "addin" / "Dictionary.cls").read_bytes(),
                    f"xlwings {xlwings.__version__} addin/Dictionary.cls")]


def udf_module() -> VbaModule:
    """The generated UDF wrapper module."""
    from shuudan_xl.xlsm.udf_module import MODULE_NAME, UDF_MODULES, generate_udf_module

    text = generate_udf_module(UDF_MODULES, "book.xlsm")
    return _module(MODULE_NAME, STANDARD, text.encode("utf-8"), "+".join(UDF_MODULES))


def udf_help_module() -> VbaModule:
    """The generated module registering the cell functions' help (called by ThisWorkbook's Workbook_Open)."""
    from shuudan_xl.xlsm.udf_help import MODULE_NAME, generate_help_module

    return _module(MODULE_NAME, STANDARD, generate_help_module().encode("ascii"), "udf_help")


def all_modules(macros: Path) -> list[VbaModule]:
    """Every module of the workbook's project, in the order it is added.

    Raises:
        MacroSourceError: on a bad source file or two modules with one name.
    """
    modules = project_macros(macros) + xlwings_modules() + [udf_module(), udf_help_module()]
    names = [m.name.lower() for m in modules]
    duplicates = sorted({m.name for m in modules if names.count(m.name.lower()) > 1})
    if duplicates:
        raise MacroSourceError(f"VBAのモジュール名が重複しています: {', '.join(duplicates)}")
    return modules


def _module(name: str, kind: str, data: bytes, origin: str) -> VbaModule:
    # Decode, refuse non-ASCII (pyOpenVBA would turn it into "?"), check the declared name.
    if not data.isascii():
        line = next(i for i, text in enumerate(data.split(b"\n"), 1) if not text.isascii())
        raise MacroSourceError(f"「{origin}」の{line}行目に半角英数字以外の文字があります。"
                               "VBAには日本語を書かず、画面の文言はシートかPythonに置いてください。")
    text = crlf(data.decode("ascii"))
    declared = _VB_NAME.search(text)
    if declared and declared.group(1) != name:
        raise MacroSourceError(f"「{origin}」のモジュール名（VB_Name = \"{declared.group(1)}\"）が"
                               f"ファイル名「{name}」と違います。")
    return VbaModule(name, kind, text, origin)
