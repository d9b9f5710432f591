"""Reading a built .xlsm without Excel: VBA modules (olevba), buttons and column formats (package XML).

The button reader follows what Excel shows: only drawing parts the sheet XML itself points at, legacy
VML buttons (``x:FmlaMacro``, as XlsxWriter writes them) and the form-control parts Excel 2010+ adds
when it saves (``xl/ctrlProps/*.xml``, ``fmlaMacro``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from posixpath import dirname, join, normpath

from lxml import etree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
      "x": "urn:schemas-microsoft-com:office:excel",
      "v": "urn:schemas-microsoft-com:vml"}
TEXT_FORMAT_ID = "49"  # the built-in number format "@" (XlsxWriter writes "@" as a custom format instead)
_SUB = re.compile(r"^[ \t]*(?:(Public|Private|Friend)[ \t]+)?(?:Static[ \t]+)?Sub[ \t]+(\w+)[ \t]*\([ \t]*\)",
                  re.I | re.M)


def extract_vba(path: Path) -> dict[str, str]:
    """Module name → code, as oletools' olevba extracts them (Attribute lines included)."""
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(path))
    try:
        return {stream.split("/")[-1]: code for _, stream, _, code in parser.extract_macros()}
    finally:
        parser.close()


def lines(text: str) -> list[str]:
    """Lines without line ends or trailing blank lines."""
    return text.replace("\r\n", "\n").rstrip("\n").split("\n")


def body(text: str) -> list[str]:
    """Code lines without the class-file preamble and leading Attribute lines."""
    out = lines(text)
    if out and out[0].startswith("VERSION "):
        out = out[out.index("END") + 1:]
    while out and out[0].startswith("Attribute VB_"):
        out.pop(0)
    return out


def is_class_or_document(code: str) -> bool:
    """Class and document modules carry VB_Base; a button cannot run their Subs."""
    return "Attribute VB_Base" in code


def public_parameterless_subs(code: dict[str, str]) -> dict[str, set[str]]:
    """Standard module → the Subs a button can run (Public or default-public, no parameters)."""
    return {module: {m.group(2) for m in _SUB.finditer(text) if (m.group(1) or "Public").lower() == "public"}
            for module, text in code.items() if not is_class_or_document(text)}


def resolve_macro(macro: str, subs: dict[str, set[str]]) -> str | None:
    """``[0]!Sub``, ``Module.Sub`` or ``'Book'!Module.Sub`` → ``Module.Sub`` when it can run, else None."""
    name = macro.split("!")[-1]
    if "." in name:
        module, sub = name.rsplit(".", 1)
        return f"{module}.{sub}" if sub in subs.get(module, set()) else None
    owners = [module for module, names in subs.items() if name in names]
    return f"{owners[0]}.{name}" if len(owners) == 1 else None  # Excel refuses ambiguous names too


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    name = join(dirname(part), "_rels", part.rsplit("/", 1)[-1] + ".rels")
    if name not in z.namelist():
        return {}
    root = etree.fromstring(z.read(name))
    return {r.get("Id"): (r.get("Type").rsplit("/", 1)[-1], _target(part, r.get("Target")))
            for r in root.findall("pr:Relationship", NS) if r.get("TargetMode") != "External"}


def _target(part: str, target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else normpath(join(dirname(part), target))


def sheet_parts(z: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → worksheet part, in workbook order."""
    book = etree.fromstring(z.read("xl/workbook.xml"))
    rels = _rels(z, "xl/workbook.xml")
    return {s.get("name"): rels[s.get(f"{{{NS['r']}}}id")][1] for s in book.find("m:sheets", NS)}


def buttons_in_package(path: Path) -> list[dict]:
    """Every form button: sheet, caption (VML only), macro and the part it was found in."""
    found = []
    with zipfile.ZipFile(path) as z:
        for sheet, part in sheet_parts(z).items():
            root = etree.fromstring(z.read(part))
            referenced = {e.get(f"{{{NS['r']}}}id") for e in root.iter() if e.get(f"{{{NS['r']}}}id")}
            for rid, (kind, target) in _rels(z, part).items():
                if rid not in referenced:
                    continue
                if kind == "vmlDrawing":
                    vml = etree.fromstring(z.read(target), etree.XMLParser(recover=True))  # Excel writes bare <br>
                    for shape in vml.iter(f"{{{NS['v']}}}shape"):
                        data = shape.find("x:ClientData", NS)
                        if data is None or data.get("ObjectType") != "Button":
                            continue
                        box = shape.find("v:textbox", NS)
                        found.append({"sheet": sheet, "part": target,
                                      "caption": "".join(box.itertext()).strip() if box is not None else "",
                                      "macro": data.findtext("x:FmlaMacro", default="", namespaces=NS)})
                elif kind == "ctrlProp":
                    control = etree.fromstring(z.read(target))
                    if control.get("objectType") == "Button":
                        found.append({"sheet": sheet, "part": target, "caption": None,
                                      "macro": control.get("fmlaMacro", "")})
    return found


def text_columns(path: Path, sheet: str) -> set[int]:
    """0-based columns whose default cell format (the <col> style) is text "@"."""
    with zipfile.ZipFile(path) as z:
        styles = etree.fromstring(z.read("xl/styles.xml"))
        xfs = styles.find("m:cellXfs", NS).findall("m:xf", NS)
        root = etree.fromstring(z.read(sheet_parts(z)[sheet]))
    text_ids = {TEXT_FORMAT_ID} | {f.get("numFmtId") for f in styles.iterfind("m:numFmts/m:numFmt", NS)
                                   if f.get("formatCode") == "@"}
    out = set()
    for col in root.iterfind("m:cols/m:col", NS):
        style = col.get("style")
        if style is not None and xfs[int(style)].get("numFmtId") in text_ids:
            out.update(range(int(col.get("min")) - 1, int(col.get("max"))))
    return out


def members(path: Path) -> dict[str, bytes]:
    """Zip member name → uncompressed content."""
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}
