"""Build the default Word template of the 実施通知 (xlsheets/実施通知_テンプレート.docx).

The template is the letter of ``rules.notice_text.LETTER`` laid out on one A4 page: Mincho body text,
the 記 items indented under their headings, the login ID and password in a font that tells look-alike
characters apart, and the contact block beside the QR code. Staff may restyle or reword it in Word;
the ``{{…}}`` marks are what gets filled. The build is reproducible (fixed dates, fixed zip times), so
the committed file can be compared with a fresh build.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from shuudan_xl.rules import notice_text as nt

TEMPLATE_NAME = "実施通知_テンプレート.docx"
FIXED_DATE = dt.datetime(2024, 4, 1, tzinfo=dt.UTC)
_ZIP_TIME = (2024, 4, 1, 0, 0, 0)

BODY_FONT = ("Century", "ＭＳ 明朝")  # (ascii/hAnsi, eastAsia): the usual pair of Japanese official letters
BODY_SIZE = 10.5
LINE_PITCH = 14  # points, exact: the letter fits one A4 page
# The login ID and password are read character by character and typed in by the viewer, so they use a
# font whose look-alikes differ: Consolas (Windows Vista+ and Office) has a slashed 0 unlike O, a 1 with a
# flag and foot, an l with a tail and an I with serifs. Kana that staff might add next to them fall back to
# BIZ UDゴシック (Windows 10 1809+), a universal-design Gothic made to be read without mistakes.
SECRET_FONT = ("Consolas", "BIZ UDゴシック")
SECRET_SIZE = 14
SECRET_SPACING = 30  # twentieths of a point (1.5 pt) between characters


def build_template(target: Path | io.BytesIO) -> Path | io.BytesIO:
    """Write the default template to a path or a stream.

    Args:
        target: A .docx path, or a BytesIO to receive the bytes.

    Returns:
        The target.
    """
    import docx

    document = docx.Document()
    _set_page(document)
    _set_defaults(document)
    body_cell = qr_cell = None
    previous = None
    for block in nt.LETTER:
        if block.role == nt.CONTACT_LINE and body_cell is None:
            body_cell, qr_cell = _contact_table(document)
        container = qr_cell if block.role == nt.QR else body_cell if block.role == nt.CONTACT_LINE else document
        paragraph = _reuse_first(container) if container is not document else document.add_paragraph()
        _lay_out(paragraph, block, previous)
        previous = block.role
    _drop_thumbnail(document)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = "実施通知（ひな形）", "shuudan-xl", "shuudan-xl"
    props.created = props.modified = FIXED_DATE
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    data = _fixed_zip_times(buffer.getvalue())
    if isinstance(target, io.BytesIO):
        target.write(data)
    else:
        Path(target).write_bytes(data)
    return target


def template_bytes() -> bytes:
    """The default template, built in memory."""
    return build_template(io.BytesIO()).getvalue()


def set_secret_font(run) -> None:
    """Give a run the look-alike-proof font, size and letter spacing of the login ID and password."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    _set_fonts(run._r.get_or_add_rPr(), *SECRET_FONT)
    run.font.size = Pt(SECRET_SIZE)
    run.font.bold = True
    rpr = run._r.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(SECRET_SPACING))
    rpr.insert_element_before(spacing, *_AFTER_SPACING)


# ---------------------------------------------------------------------------------------------
# Private API
# ---------------------------------------------------------------------------------------------

# Children of w:rPr that the schema puts after w:spacing (python-docx has no API for letter spacing).
_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect", "w:bdr",
                  "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
                  "w:specVanish", "w:oMath")
# Roles after which the next role starts with a gap (the letter's parts: date, addressee, sender…).
_GAP_BEFORE = {nt.ADDRESS_LINE, nt.TITLE_LINE, nt.CENTER, nt.CONTACT_LINE}


def _set_page(document) -> None:
    # A4 portrait with margins that leave room for a hole punch on the left.
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(15), Mm(12)
    section.left_margin, section.right_margin = Mm(22), Mm(18)
    section.header_distance = section.footer_distance = Mm(8)


def _set_defaults(document) -> None:
    # Replace the default English theme fonts and spacing: Mincho 10.5 pt, no space after paragraphs.
    from docx.enum.text import WD_LINE_SPACING
    from docx.oxml.ns import qn
    from docx.shared import Pt

    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, *BODY_FONT)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:eastAsia"), "ja-JP")
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_SIZE)
    _set_fonts(normal.element.get_or_add_rPr(), *BODY_FONT)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PITCH)


def _set_fonts(rpr, ascii_font: str, east_asia_font: str) -> None:
    # Explicit fonts for every script, dropping theme references that would take precedence.
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for name in list(fonts.attrib):
        if name.endswith("Theme") or name.endswith("theme"):
            del fonts.attrib[name]
    for attr, value in (("ascii", ascii_font), ("hAnsi", ascii_font), ("cs", ascii_font),
                        ("eastAsia", east_asia_font)):
        fonts.set(qn(f"w:{attr}"), value)


def _contact_table(document):
    # A borderless two-cell row: the contact lines on the left, the QR code on the right.
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Mm

    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    widths = (Mm(140), Mm(30))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid, which Word and LibreOffice lay out by
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    return table.rows[0].cells


def _reuse_first(cell):
    # A new cell holds one empty paragraph: use it first, then add more.
    paragraphs = cell.paragraphs
    if len(paragraphs) == 1 and not paragraphs[0].runs:
        return paragraphs[0]
    return cell.add_paragraph()


def _lay_out(paragraph, block: nt.Block, previous: str | None) -> None:
    # Format one block by its role.
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    fmt = paragraph.paragraph_format
    one = Pt(BODY_SIZE)  # one full-width character
    run = paragraph.add_run(block.text)
    role = block.role
    if role in _GAP_BEFORE and previous not in (None, role):
        fmt.space_before = Pt(LINE_PITCH * 0.6)
    if role == nt.RIGHT:
        fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if previous == nt.ADDRESS_LINE:
            fmt.space_before = Pt(LINE_PITCH * 0.6)
    elif role == nt.ADDRESS_LINE:
        fmt.left_indent = one
    elif role == nt.TITLE_LINE:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_after = Pt(LINE_PITCH * 0.6)
        run.font.size = Pt(11)
    elif role == nt.BODY:
        fmt.first_line_indent = one
    elif role == nt.CENTER:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    elif role == nt.TEXT:
        fmt.left_indent = one
        fmt.first_line_indent = one
    elif role == nt.SECRET:
        fmt.left_indent = one * 2
        fmt.line_spacing = Pt(SECRET_SIZE + 8)
        set_secret_font(run)
    elif role == nt.NOTE:
        fmt.left_indent = one * 2
        fmt.first_line_indent = -one
    elif role == nt.QR:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact pitch would clip the picture


def _drop_thumbnail(document) -> None:
    # python-docx's blank document carries the preview picture of an English page; it is not ours.
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    rels = document.part.package.rels
    for rid, rel in list(rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del rels[rid]


def _fixed_zip_times(data: bytes) -> bytes:
    # Rewrite the package with fixed member times so that two builds are byte-identical.
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            member.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


if __name__ == "__main__":  # python -m shuudan_xl.files.notice_template [PATH]: rebuild the committed template
    import sys

    build_template(Path(sys.argv[1] if len(sys.argv) > 1 else f"xlsheets/{TEMPLATE_NAME}"))
