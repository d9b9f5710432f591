"""Read a few columns of a written sheet back with calamine, without calamine holding the whole sheet.

An export verifies the list it wrote by reading it back as staff data is read (python-calamine). Calamine
reads a sheet whole, every column of every row as one dense range — a list of 100,000 rows × 13 columns is
about 80 MB at the moment the export needs the most memory, ten times that at a million rows — while the
check needs three columns. Here the sheet part is streamed out of the file a few megabytes at a time and
only the wanted cells are kept, byte for byte but for their column letters: renamed into columns B, C, D…
after a mark in A1, each still naming its row. That sheet, with the file's own shared strings and styles
and its date system, is handed to calamine as a package of its own. Calamine still decodes every value
read (shared or inline strings, escapes, numbers, dates, booleans) as it would in the file.

Only the plain form every writer uses is narrowed: every cell with ``r`` as its first attribute, the main
namespace as the default one, no comment or CDATA section among the rows (files.xlsx_patch refuses to
write such rows anyway). Anything else returns None, and the caller reads the sheet whole (the result is
the same, only slower and larger).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from shuudan_xl.files.cell_refs import column_letter
from shuudan_xl.files.package_parts import MAIN_NS, PKG_REL_NS, REL_NS

_SHEET_DATA = re.compile(rb"<sheetData\b[^>]*?(/?)>")
_DATE1904 = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](?:1|true)["']""")
_MAIN = MAIN_NS.encode()
_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '<Override PartName="/xl/sharedStrings.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
          '<Override PartName="/xl/styles.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>')
_RELS = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL_NS}">'
         f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_SHEET_NAME = "S"


def narrowed_rows(path: Path, sheet: str, columns: Sequence[int]) -> Iterator[list[object]] | None:
    """Every row of a sheet narrowed to some columns, blank ones too, as calamine reads them in the file.

    The sheet is narrowed before anything is returned, so that a part this cannot narrow is known at once.

    Args:
        path: A workbook this run wrote or read before (an .xlsx/.xlsm: its members are size-capped as they
            are read, as files.zip_limits caps them).
        sheet: The sheet's name.
        columns: 0-based column indexes, each once.

    Returns:
        For Excel row 1, 2, 3… in turn, a list whose item i + 1 is the value of ``columns[i]`` ("" when
        blank; item 0 is the narrowed sheet's mark). Every list is as long as the widest: shorter than
        ``len(columns) + 1`` only when the last columns hold no value in any row. None when the part is not
        in the plain form this needs (then read the sheet whole).

    Raises:
        InputUnreadable: when the file or the sheet cannot be read (as files.reader would say).
    """
    data = _narrowed_sheet(Path(path), sheet, columns)
    return None if data is None else data.iter_rows()


def _narrowed_sheet(path: Path, sheet: str, columns: Sequence[int]):
    # The narrowed sheet as calamine reads it (a CalamineSheet starting at A1), or None when not plain.
    from python_calamine import CalamineWorkbook

    from shuudan_xl.files.reader import _damaged

    if not columns or len(set(columns)) != len(columns):
        raise ValueError(f"columns {columns!r}")
    package = _narrowed_package(path, sheet, columns)
    if package is None:
        return None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(package))
        del package  # calamine read its own copy: the two are not held while it reads the sheet
        data = book.get_sheet_by_name(_SHEET_NAME)
    except Exception as exc:  # calamine's XmlError… for a part damaged where a wanted cell lies
        from shuudan_xl.errors import InputUnreadable

        raise InputUnreadable(_damaged(path.name, sheet, exc)) from None
    # Its rows are Excel's rows from row 1 (the mark in A1, see _write_narrowed) whichever way a calamine
    # version starts its iterator; the wanted columns are B, C, D…
    if data.start != (0, 0):
        raise ValueError(f"narrowed sheet starts at {data.start}")
    return data


def _narrowed_package(path: Path, sheet: str, columns: Sequence[int]) -> bytes | None:
    # A package of one sheet holding only the wanted cells (see the module's docstring), or None.
    from shuudan_xl.files.deflate_member import open_deflated
    from shuudan_xl.files.xlsx_patch import sheet_part
    from shuudan_xl.files.zip_limits import checked_zip, member_pieces, read_member

    with checked_zip(path, path.name) as book:
        part = sheet_part(book, sheet)
        workbook = read_member(book, "xl/workbook.xml", path.name)
        strings, styles = _targets(book, ("sharedStrings", "styles"), set(book.namelist()), path.name)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as narrow:
            narrow.writestr("[Content_Types].xml", _TYPES)
            narrow.writestr("_rels/.rels", _RELS)
            narrow.writestr("xl/workbook.xml", _workbook_xml(bool(_DATE1904.search(workbook))))
            narrow.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(strings is not None, styles is not None))
            for member, name in ((strings, "xl/sharedStrings.xml"), (styles, "xl/styles.xml")):
                if member is not None:
                    with open_deflated(narrow, _info(name)) as dst:
                        for block in member_pieces(book, member):
                            dst.write(block)
            with open_deflated(narrow, _info("xl/worksheets/sheet1.xml")) as dst:
                if not _write_narrowed(member_pieces(book, part), dst, columns):
                    return None
    return out.getvalue()


def _write_narrowed(blocks: Iterator[bytes], dst, columns: Sequence[int]) -> bool:
    # Stream the wanted cells of the sheet read in ``blocks`` into ``dst``, renamed into columns B, C, D… after a
    # mark in A1 (so that the range calamine makes starts at A1); False when the part is not in the plain
    # form (nothing of ``dst`` is used then). The cells are kept without their rows: each names its own
    # place in r, and calamine places it there.
    head = b""
    while (match := _SHEET_DATA.search(head)) is None:
        block = next(blocks, b"")
        if not block:
            return False
        head += block
    before = head[:match.start()]
    if b"<!" in before or not _default_namespace(before):
        return False
    dst.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="' + _MAIN
              + b'"><sheetData><c r="A1"><v>0</v></c>')
    if match.group(1):  # <sheetData/>: no rows
        dst.write(b"</sheetData></worksheet>")
        return True
    wanted, renames = _narrowing(columns)
    rest = head[match.end():]
    while True:
        block = next(blocks, b"")
        rest += block
        cut = rest.rfind(b"</row>") + len(b"</row>") if block else rest.find(b"</sheetData>")
        if cut < (len(b"</row>") if block else 0):
            if not block:
                return False  # the rows do not end
            continue
        piece, rest = rest[:cut], rest[cut:]
        found = wanted.findall(piece)
        if found and min(map(len, found)) < len(b'<c r=""/>'):  # a mark of what is not plain (_narrowing)
            return False
        piece = b"".join(found)
        for old, new in renames:
            piece = piece.replace(old, new)
        dst.write(piece)
        if not block:
            break
    dst.write(b"</sheetData></worksheet>")
    return True


def _narrowing(columns: Sequence[int]) -> tuple[re.Pattern, list[tuple[bytes, bytes]]]:
    # A pattern matching every cell in ``columns``, and the replacements that rename them (B, C, D… in the
    # order asked). In the same pass the pattern also matches, as a mark of two or three bytes, what is
    # not in the plain form: a cell whose first attribute is not r, a comment or a CDATA section.
    letters = [column_letter(c).encode() for c in columns]
    targets = [column_letter(i + 1).encode() for i in range(len(columns))]
    # A cell runs to the end of its tag when that ends in "/>", else to the first "</c>" after it. Possessive
    # runs, and the tag's end found before its "/" is looked at: a third less time than a lazy ".*?" trying
    # "</c>" at every byte (a million rows: about 0.5 s).
    wanted = re.compile(rb'<c r="(?:' + b"|".join(letters) + rb')[0-9]++"[^>]*+>(?:(?<=/>)|[^<]*+(?:<(?!/c>)[^<]*+)*+'
                        rb'</c>)|<c(?! r=")[\s>/]|<!')
    renamed = [(b'<c r="' + old, b'<c r="' + new) for old, new in zip(letters, targets, strict=True) if old != new]
    if not any(new in letters for old, new in zip(letters, targets, strict=True) if old != new) and not any(
            a != b and b.startswith(a) for a in letters for b in letters):
        return wanted, renamed  # one pass each: no cell renamed is renamed again, no name starts another
    # Otherwise through marks no column has, longer names first: renaming "A" touches neither "AB" nor a
    # cell already renamed.
    order = sorted(range(len(letters)), key=lambda i: -len(letters[i]))
    marks = [(b'<c r="' + letters[i], b'<c r="#%d#' % i) for i in order]
    return wanted, marks + [(b'<c r="#%d#' % i, b'<c r="' + targets[i]) for i in order]


def _default_namespace(head: bytes) -> bool:
    # The root element is <worksheet> in the default namespace (no prefix on the sheet's elements).
    root = re.search(rb"<([A-Za-z_][\w.:-]*)[\s>]", re.sub(rb"<\?.*?\?>", b"", head, flags=re.S))
    return root is not None and root.group(1) == b"worksheet" and b'xmlns="' + _MAIN + b'"' in head


def _targets(book: zipfile.ZipFile, kinds: Sequence[str], names: set[str], name: str) -> list[str | None]:
    # The members of the workbook's shared strings and styles (``kinds``), found through the workbook's
    # relationships (the first of each kind; None where it names no member of the package).
    from shuudan_xl.files.package_parts import elements
    from shuudan_xl.files.zip_limits import read_member

    rels = elements(read_member(book, "xl/_rels/workbook.xml.rels", name), name, f"{{{PKG_REL_NS}}}Relationship")
    found = []
    for kind in kinds:
        member = None
        for rel in rels:
            if rel.get("Type", "").endswith("/" + kind):
                target = rel.get("Target", "")
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                member = member if member in names else None
                break
        found.append(member)
    return found


def _workbook_xml(date1904: bool) -> str:
    pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN_NS}" '
            f'xmlns:r="{REL_NS}">{pr}<sheets><sheet name="{_SHEET_NAME}" sheetId="1" r:id="rId1"/></sheets></workbook>')


def _workbook_rels(strings: bool, styles: bool) -> str:
    rels = [f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>']
    if strings:
        rels.append(f'<Relationship Id="rId2" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>')
    if styles:
        rels.append(f'<Relationship Id="rId3" Type="{REL_NS}/styles" Target="styles.xml"/>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="{PKG_REL_NS}">'
            + "".join(rels) + "</Relationships>")


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


class WrittenBook:
    """A workbook this run wrote, opened for reading it back: sheets whole through files.reader, or a few
    columns narrowed (``narrowed_rows``). Nothing is read until asked."""

    def __init__(self, path: Path, ours: bool = True):
        """Open it (nothing is read yet).

        Args:
            path: The workbook.
            ours: The file is one this run wrote from a workbook whose sizes it checked (files.reader's
                ``size_checked``); False for the staff's file itself, read back unchanged.
        """
        self.path = Path(path)
        self._ours = ours
        self._book = None

    @property
    def sheet_names(self) -> list[str]:
        return self._reader().sheet_names

    def rows(self, sheet: str) -> list[list[object]]:
        """As files.reader.Workbook.rows."""
        return self._reader().rows(sheet)

    def iter_rows(self, sheet: str) -> Iterator[list[object]]:
        """As files.reader.Workbook.iter_rows."""
        return self._reader().iter_rows(sheet)

    def narrowed_rows(self, sheet: str, columns: Sequence[int]) -> Iterator[list[object]] | None:
        """As ``narrowed_rows`` above."""
        return narrowed_rows(self.path, sheet, columns)

    def _reader(self):
        from shuudan_xl.files.reader import Workbook

        if self._book is None:
            self._book = Workbook(self.path, size_checked=self._ours)
        return self._book
