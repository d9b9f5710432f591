"""Fill the 実施通知 Word template: one letter per viewer, all in one file or one file each, read back.

Placeholders are ``{{名称}}`` marks typed anywhere in the template's body (paragraphs, tables, text
boxes). Word often splits what staff typed into several runs ("{{ログ" "イン" "ID}}") when they restyle
or spell-check; the marks are therefore found in the paragraph's joined text, and each is replaced
across its runs: the value goes into the run holding the mark's start (keeping that run's formatting),
the runs in between give up their text, and the end run keeps what followed the mark. A paragraph that
held nothing but marks and comes out empty (a blank 郵便番号 line) is removed.

Each letter is a copy of the template's body, closed by a next-page section break that repeats the
template's page setup, headers and footers, and framed by a hidden bookmark so the written file can be
split back into letters and checked.
"""

from __future__ import annotations

import copy
import io
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from shuudan_xl.rules.notice_text import PLACEHOLDER_RE, QR_CODE, placeholder_name

BOOKMARK_PREFIX = "_shuudan_notice_"  # a leading underscore hides the bookmark in Word's list
QR_WIDTH_MM = 22
_SPACES = " 　\t"


def _w(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(f"w:{tag}")


@dataclass
class TemplateMarks:
    """The placeholder names found in a template, where they are, and those nothing can fill."""

    body: list[str] = field(default_factory=list)  # in order of appearance, each once
    headers: list[str] = field(default_factory=list)  # in headers and footers (shared by every letter)


@dataclass
class LetterText:
    """One letter as read back: its bookmark, its text (paragraphs joined by newlines) and its pictures."""

    bookmark: str
    text: str
    images: list[bytes] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------

def template_marks(template: bytes) -> TemplateMarks:
    """List the placeholders of a template (as Word stores them, even split across runs)."""
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    document = docx.Document(io.BytesIO(template))
    marks = TemplateMarks()
    for p in document.element.body.iter(_w("p")):
        _add_new(marks.body, _marks_in(p))
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            for p in rel.target_part.element.iter(_w("p")):
                _add_new(marks.headers, _marks_in(p))
    return marks


def fill_paragraph(p, values: dict[str, str], picture: Callable[[], object] | None = None
                   ) -> tuple[set[str], bool]:
    """Replace the placeholders of one paragraph (a ``w:p`` element) in place.

    Args:
        p: The paragraph element.
        values: Placeholder name → text. Names not in it are left as typed and reported.
        picture: Returns a new ``w:drawing`` for the QRコード mark; None removes the mark.

    Returns:
        The unknown names met, and whether the paragraph held only marks and is now empty (droppable).
    """
    texts = _owned(p, "t")
    joined = "".join(t.text or "" for t in texts)
    matches = list(PLACEHOLDER_RE.finditer(joined))
    if not matches:
        return set(), False
    only_marks = not PLACEHOLDER_RE.sub("", joined).strip(_SPACES)
    ends, total = [], 0
    for t in texts:
        total += len(t.text or "")
        ends.append(total)
    unknown: set[str] = set()
    for match in reversed(matches):  # from the end, so earlier offsets stay valid
        name = placeholder_name(match.group(1))
        if name not in values and name != QR_CODE:
            unknown.add(name)
            continue
        value = "" if name == QR_CODE else values[name]
        first, first_at = _locate(ends, match.start())
        last, last_at = _locate(ends, match.end() - 1)
        start_t, end_t = texts[first], texts[last]
        if first == last:
            start_t.text = start_t.text[:first_at] + value + start_t.text[last_at + 1:]
        else:
            tail = end_t.text[last_at + 1:]
            start_t.text = start_t.text[:first_at] + value
            for t in texts[first + 1:last]:
                t.text = ""
            end_t.text = tail
            _preserve(end_t)
        _preserve(start_t)
        if name == QR_CODE and picture is not None:
            _insert_picture(start_t, first_at, picture())
    _remove_empty_runs(p)
    text = "".join(t.text or "" for t in _owned(p, "t")).strip(_SPACES)
    has_picture = any(True for _ in p.iter(_w("drawing"), _w("pict"), _w("object")))
    return unknown, only_marks and not text and not has_picture


def write_letters(template: bytes, letters: list[dict[str, str]], path: Path, qr_png: bytes | None = None,
                  ) -> set[str]:
    """Write one .docx holding a letter per entry of ``letters``, each starting on a new page.

    Args:
        template: The template's bytes.
        letters: Placeholder name → text, one dict per letter, in order.
        path: The output .docx.
        qr_png: The QR code picture put where the template says {{QRコード}}; None leaves it out.

    Returns:
        Placeholder names the template uses that no letter could fill (left as typed).
    """
    return LetterWriter(template, qr_png).write(letters, path)


class LetterWriter:
    """Writes letters from one template, parsed once however many files are written (one per viewer)."""

    def __init__(self, template: bytes, qr_png: bytes | None = None):
        import docx

        self.document = docx.Document(io.BytesIO(template))
        body = self.document.element.body
        self.final = body.find(_w("sectPr"))
        self.ids = itertools.count(self.document.part.next_id)
        self.pristine = [child for child in body if child.tag != _w("sectPr")]
        for child in self.pristine:
            body.remove(child)
            # The template's own bookmarks (Word's _GoBack…) would repeat in every letter: leave them out.
            for mark in list(child.iter(_w("bookmarkStart"), _w("bookmarkEnd"))):
                mark.getparent().remove(mark)
        self.picture = _picture_factory(self.document, qr_png, self.ids) if qr_png else None

    def write(self, letters: list[dict[str, str]], path: Path) -> set[str]:
        """Write the letters into one file (as ``write_letters``); return the placeholders left unfilled."""
        body, final = self.document.element.body, self.final
        for child in list(body):
            if child is not final:
                body.remove(child)
        unknown: set[str] = set()
        for index, values in enumerate(letters):
            elements = [copy.deepcopy(child) for child in self.pristine]
            _renumber_drawings(elements, self.ids)
            start = _bookmark("bookmarkStart", index, f"{BOOKMARK_PREFIX}{index + 1:04d}")
            for element in [start, *elements]:
                _insert_before(body, element, final)
            unknown |= _fill_elements(elements, values, self.picture)
            kept = [e for e in elements if e.getparent() is not None]
            if index < len(letters) - 1 and final is not None:
                last = _section_break(body, kept[-1] if kept else start, final)
            else:
                last = kept[-1] if kept else start
            last.addnext(_bookmark("bookmarkEnd", index))
        self.document.save(str(path))
        return unknown


def read_letters(path: Path) -> list[LetterText]:
    """Split a written .docx back into its letters (by their bookmarks) and return their text and pictures."""
    import docx

    document = docx.Document(str(path))
    letters: list[LetterText] = []
    current: LetterText | None = None
    blip_embed = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
    for child in document.element.body:
        if child.tag == _w("bookmarkStart") and (child.get(_w("name")) or "").startswith(BOOKMARK_PREFIX):
            current = LetterText(child.get(_w("name")), "")
            letters.append(current)
            continue
        if child.tag == _w("bookmarkEnd"):
            continue
        if current is None:
            continue
        current.text += "".join(paragraph_text(p) + "\n" for p in child.iter(_w("p")))
        for blip in child.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"):
            current.images.append(document.part.related_parts[blip.get(blip_embed)].blob)
    return letters


def paragraph_text(p) -> str:
    """The visible text of a paragraph element (tabs as tabs, line breaks as newlines)."""
    out = []
    for node in p.iter(_w("t"), _w("tab"), _w("br")):
        if _owner(node) is not p:
            continue
        if node.tag == _w("t"):
            out.append(node.text or "")
        elif node.getparent().tag == _w("r"):  # w:tab also appears in paragraph tab stops (w:tabs)
            out.append("\t" if node.tag == _w("tab") else "\n")
    return "".join(out)


def qr_png(url: str) -> bytes:
    """A QR code of a URL as PNG bytes (pure-Python pypng backend, no Pillow); the same URL gives the same bytes."""
    import qrcode
    from qrcode.image.pure import PyPNGImage

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4,
                         image_factory=PyPNGImage)
    code.add_data(url)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image().save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Private API
# ---------------------------------------------------------------------------------------------

def _owner(node):
    # The nearest enclosing paragraph (a text box inside a paragraph has its own).
    parent = node.getparent()
    while parent is not None and parent.tag != _w("p"):
        parent = parent.getparent()
    return parent


def _owned(p, tag: str) -> list:
    return [node for node in p.iter(_w(tag)) if _owner(node) is p]


def _marks_in(p) -> list[str]:
    joined = "".join(t.text or "" for t in _owned(p, "t"))
    return [placeholder_name(m.group(1)) for m in PLACEHOLDER_RE.finditer(joined)]


def _add_new(names: list[str], found: list[str]) -> None:
    for name in found:
        if name not in names:
            names.append(name)


def _locate(ends: list[int], offset: int) -> tuple[int, int]:
    # Index of the w:t holding a character of the joined text, and the offset within it.
    start = 0
    for index, end in enumerate(ends):
        if offset < end:
            return index, offset - start
        start = end
    raise IndexError(offset)


def _preserve(t) -> None:
    # Keep leading/trailing spaces of a changed text.
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _insert_picture(t, offset: int, drawing) -> None:
    # Split the run at the mark's position and put a run holding the picture between the halves.
    from docx.oxml import OxmlElement

    run = t.getparent()
    tail = copy.deepcopy(run)
    kids = [c for c in run if c.tag != _w("rPr")]
    tail_kids = [c for c in tail if c.tag != _w("rPr")]
    index = kids.index(t)
    for c in kids[index + 1:]:
        run.remove(c)
    for c in tail_kids[:index]:
        tail.remove(c)
    tail_kids[index].text = t.text[offset:]
    t.text = t.text[:offset]
    picture_run = OxmlElement("w:r")
    rpr = run.find(_w("rPr"))
    if rpr is not None:
        picture_run.append(copy.deepcopy(rpr))
    picture_run.append(drawing)
    run.addnext(picture_run)
    picture_run.addnext(tail)


def _remove_empty_runs(p) -> None:
    # Drop texts emptied by a replacement, then runs left with nothing but their properties.
    for t in _owned(p, "t"):
        if not t.text:
            t.getparent().remove(t)
    for run in _owned(p, "r"):
        if all(c.tag == _w("rPr") for c in run):
            run.getparent().remove(run)


def _fill_elements(elements: list, values: dict[str, str], picture) -> set[str]:
    # Fill every paragraph of a letter's body elements; remove the ones that came out empty.
    unknown: set[str] = set()
    for element in elements:
        for p in list(element.iter(_w("p"))):  # the element itself when it is a paragraph
            missing, droppable = fill_paragraph(p, values, picture)
            unknown |= missing
            if droppable and _removable(p):
                p.getparent().remove(p)
    return unknown


def _removable(p) -> bool:
    # Keep section breaks and the last paragraph of a table cell or text box (they need one).
    ppr = p.find(_w("pPr"))
    if ppr is not None and ppr.find(_w("sectPr")) is not None:
        return False
    parent = p.getparent()
    if parent is None:
        return False
    if parent.tag != _w("body"):
        return len(parent.findall(_w("p"))) > 1
    return True


def _insert_before(body, element, final) -> None:
    if final is not None:
        final.addprevious(element)
    else:
        body.append(element)


def _section_break(body, last, final):
    # End the letter with a next-page section break that repeats the template's page setup.
    from docx.oxml import OxmlElement

    if last.tag != _w("p") or (last.find(_w("pPr")) is not None
                               and last.find(_w("pPr")).find(_w("sectPr")) is not None):
        paragraph = OxmlElement("w:p")
        last.addnext(paragraph)
        last = paragraph
    last.get_or_add_pPr()._insert_sectPr(copy.deepcopy(final))
    return last


def _bookmark(tag: str, index: int, name: str | None = None):
    from docx.oxml import OxmlElement

    element = OxmlElement(f"w:{tag}")
    element.set(_w("id"), str(900000 + index))
    if name is not None:
        element.set(_w("name"), name)
    return element


def _picture_factory(document, png: bytes, ids: Iterator[int]) -> Callable[[], object]:
    # One image part for every letter; each use gets its own drawing with a document-unique id.
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    inline = document.part.new_pic_inline(io.BytesIO(png), Mm(QR_WIDTH_MM), None)

    def make():
        drawing = OxmlElement("w:drawing")
        copied = copy.deepcopy(inline)
        number = next(ids)
        copied.docPr.set("id", str(number))
        copied.docPr.set("name", f"QRコード {number}")
        drawing.append(copied)
        return drawing

    return make


def _renumber_drawings(elements: list, ids: Iterator[int]) -> None:
    # Pictures and shapes copied from the template need ids of their own in each letter.
    tag = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
    for element in elements:
        for doc_pr in element.iter(tag):
            doc_pr.set("id", str(next(ids)))
