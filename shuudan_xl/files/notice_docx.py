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

Speed (10,000 letters in seconds): a letter is filled in the template's tree once per *shape* — which
values are blank (a blank value can remove a line) and whether a section break follows — with marker
strings in place of the values and drawing ids; that letter is serialised once and split at the
markers. Every letter is then that text with its own values (XML-escaped) and ids put in, streamed into
``word/document.xml`` of a package python-docx saved with an empty body. The result is the XML the
tree would have produced letter by letter. Reading back parses ``word/document.xml`` incrementally.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from shuudan_xl.files.deflate_member import open_deflated
from shuudan_xl.rules.notice_text import PLACEHOLDER_RE, QR_CODE, placeholder_name

BOOKMARK_PREFIX = "_shuudan_notice_"  # a leading underscore hides the bookmark in Word's list
QR_WIDTH_MM = 22
_SPACES = " 　\t"


# Qualified names, computed once: the hot loops must not call docx.oxml.ns.qn (a dict lookup and a format).
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
P, R, T, TAB, BR = (f"{{{W_NS}}}{tag}" for tag in ("p", "r", "t", "tab", "br"))
RPR, PPR, SECT_PR = (f"{{{W_NS}}}{tag}" for tag in ("rPr", "pPr", "sectPr"))
DRAWING, PICT, OBJECT = (f"{{{W_NS}}}{tag}" for tag in ("drawing", "pict", "object"))
BOOKMARK_START, BOOKMARK_END, BODY = (f"{{{W_NS}}}{tag}" for tag in ("bookmarkStart", "bookmarkEnd", "body"))
W_ID, W_NAME, TEXT_BOX = f"{{{W_NS}}}id", f"{{{W_NS}}}name", f"{{{W_NS}}}txbxContent"
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
BLIP = "{http://schemas.openxmlformats.org/drawingml/2006/main}blip"
EMBED = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
DOCUMENT_PART = "word/document.xml"

# Markers put in place of values and ids while a letter's shape is filled: a pair of Unicode noncharacters
# that the template does not hold (a template may hold private-use 外字, never all of these).
_MARKERS = [(chr(c), chr(c + 1)) for c in range(0xFDD0, 0xFDEF, 2)]
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


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
    if document.element.getroottree().docinfo.doctype:  # Word never writes one; entities are a hostile sign
        from shuudan_xl.errors import InputUnreadable

        raise InputUnreadable("実施通知のテンプレートの本文XMLに DOCTYPE 宣言があります。Wordが保存した文書ではないため"
                              "使いません。Wordで開いて保存し直してください。")
    marks = TemplateMarks()
    for p in document.element.body.iter(P):
        _add_new(marks.body, _marks_in(p))
    for rel in document.part.rels.values():
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            for p in rel.target_part.element.iter(P):
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
    texts = _owned(p, T)
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
    text = "".join(t.text or "" for t in _owned(p, T)).strip(_SPACES)
    has_picture = any(True for _ in p.iter(DRAWING, PICT, OBJECT))
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
        self.final = body.find(SECT_PR)
        self.ids = itertools.count(self.document.part.next_id)
        self.pristine = [child for child in body if child.tag != SECT_PR]
        for child in self.pristine:
            body.remove(child)
            # The template's own bookmarks (Word's _GoBack…) would repeat in every letter: leave them out.
            for mark in list(child.iter(BOOKMARK_START, BOOKMARK_END)):
                mark.getparent().remove(mark)
        self.picture = _picture_factory(self.document, qr_png) if qr_png else None
        self.shapes: dict[tuple, _Shape] = {}
        self.sorted_names: dict[tuple, tuple] = {}
        xml = "".join(_serialise(child) for child in self.pristine)
        self.open, self.close = next((a, b) for a, b in _MARKERS if a not in xml and b not in xml)
        self.slot = re.compile(f"{self.open}([a-z])([0-9]*){self.close}")
        self.fast = True  # False: every letter filled in the tree (what the fast path must equal)
        self.members, self.head, self.tail = _empty_package(self.document, self.final, self.open + "m" + self.close)

    def write(self, letters: list[dict[str, str]], path: Path) -> set[str]:
        """Write the letters into one file (as ``write_letters``); return the placeholders left unfilled."""
        unknown: set[str] = set()
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
            for info, data in self.members:
                if info.filename != DOCUMENT_PART:
                    package.writestr(info, data)
                    continue
                part = zipfile.ZipInfo(DOCUMENT_PART, info.date_time)
                part.compress_type = info.compress_type
                # Tens of megabytes of XML for 10,000 letters; Word compresses it again on save.
                with open_deflated(package, part) as stream:
                    stream.write(self.head)
                    for index, values in enumerate(letters):
                        shape = self._shape(values, index == len(letters) - 1)
                        unknown |= shape.unknown
                        stream.write(shape.render(index, values, self.ids).encode())
                    stream.write(self.tail)
        return unknown

    def _shape(self, values: dict[str, str], last: bool) -> _Shape:
        # The letter's shape, filled once with markers; a value XML cannot hold goes the slow way (and fails
        # there exactly as the tree would: lxml refuses it).
        if not self.fast or _NOT_XML.search("".join(values.values())):  # one character at a time: joined alike
            return self._fill(values, last, marked=False)
        names = self.sorted_names.get(tuple(values))
        if names is None:  # every letter of a round has the same names in the same order: sorted once
            names = self.sorted_names[tuple(values)] = tuple(sorted(values))
        key = (names, tuple((k, values[k]) for k in names if not values[k].strip(_SPACES)), last)
        shape = self.shapes.get(key)
        if shape is None:
            shape = self.shapes[key] = self._fill(values, last, marked=True)
        return shape

    def _fill(self, values: dict[str, str], last: bool, marked: bool) -> _Shape:
        # Fill one letter in the template's tree and serialise it. Marked: every non-blank value and every
        # drawing id is a marker, so that the text serves every letter of the same shape.
        body, final = self.document.element.body, self.final
        names, mark = sorted(values), f"{self.open}{{}}{self.close}".format
        if marked:
            fill = {k: (v if not v.strip(_SPACES) else mark(f"v{names.index(k)}")) for k, v in values.items()}
            ids: Iterator = (mark(f"i{n}") for n in itertools.count())
        else:
            fill, ids = values, self.ids
        elements = [copy.deepcopy(child) for child in self.pristine]
        _renumber_drawings(elements, ids)
        start = _bookmark("bookmarkStart", mark("b"), mark("n"))
        for element in [start, *elements]:
            _insert_before(body, element, final)
        picture = (lambda: self.picture(ids)) if self.picture else None
        unknown = _fill_elements(elements, fill, picture)
        kept = [e for e in elements if e.getparent() is not None]
        if not last and final is not None:
            end = _section_break(body, kept[-1] if kept else start, final)
        else:
            end = kept[-1] if kept else start
        end.addnext(_bookmark("bookmarkEnd", mark("b")))
        xml = _serialise(self.document.element)
        for child in list(body):
            if child is not final:
                body.remove(child)
        first = xml.index(mark("b"))
        second = xml.index(mark("b"), first + 1)
        xml = xml[xml.rindex("<", 0, first):xml.index("/>", second) + 2]
        # Unmarked, the values are in the text as they are: only the bookmarks are slots.
        slot = self.slot if marked else re.compile(f"{self.open}([bn])(){self.close}")
        return _Shape(xml, slot, names, unknown)


class _Shape:
    """A letter serialised with markers: literal XML and the slots between (value, id, bookmark)."""

    def __init__(self, xml: str, slot: re.Pattern, names: list[str], unknown: set[str]):
        parts = slot.split(xml)
        self.pieces = [(parts[i], parts[i + 1], parts[i + 2]) for i in range(0, len(parts) - 1, 3)]
        self.end = parts[-1]
        self.names = names
        self.unknown = unknown
        self.id_count = len({number for kind, number in slot.findall(xml) if kind == "i"})

    def render(self, index: int, values: dict[str, str], ids: Iterator[int]) -> str:
        taken = [str(next(ids)) for _ in range(self.id_count)]
        out = []
        for literal, kind, number in self.pieces:
            out.append(literal)
            if kind == "v":
                out.append(_escape(values[self.names[int(number)]]))
            elif kind == "i":
                out.append(taken[int(number)])
            elif kind == "b":
                out.append(str(900000 + index))
            else:  # "n"
                out.append(f"{BOOKMARK_PREFIX}{index + 1:04d}")
        out.append(self.end)
        return "".join(out)


def read_letters(path: Path) -> list[LetterText]:
    """Split a written .docx back into its letters (by their bookmarks) and return their text and pictures."""
    from lxml import etree

    reader = _LetterReader()
    with zipfile.ZipFile(path) as package:
        reader.targets, reader.package = _relationship_targets(package), package
        with package.open(DOCUMENT_PART) as stream:
            # Events for the bookmarks only (lxml parses the rest in C); at each bookmark of the body, the
            # body's children up to it are complete: read them, then free them (the file may hold thousands).
            events = etree.iterparse(stream, events=("end",), tag=(BOOKMARK_START, BOOKMARK_END), huge_tree=True)
            for _, mark in events:
                body = mark.getparent()
                if body is not None and body.tag == BODY:
                    reader.take(body, until=mark)
            body = events.root.find(BODY)
            if body is not None:
                reader.take(body)
    return reader.letters


class _LetterReader:
    """Collects the letters of a document from its body's children, in order.

    The body's children read so far (a letter, at its closing bookmark) are walked in one pass over the
    nodes that matter. A paragraph's text is its texts, tabs and breaks in order, and a newline closes it;
    without a paragraph inside another (a text box) a newline before every paragraph but the first says
    the same. A letter holding a text box is read paragraph by paragraph (``paragraph_text``).
    """

    fast = True  # False: every letter read paragraph by paragraph (what the one pass must equal)

    def __init__(self):
        self.letters: list[LetterText] = []
        self.current: LetterText | None = None
        self.targets: dict[str, str] = {}
        self.pictures: dict[str, bytes] = {}
        self.package: zipfile.ZipFile | None = None

    def take(self, body, until=None) -> None:
        # Read and remove the body's children up to ``until`` (all of them when None).
        count = body.index(until) + 1 if until is not None else len(body)
        if not (self.fast and self._walk(body, until)):
            for child in body[:count]:
                self.read(child)
        del body[:count]

    def read(self, child) -> None:
        if child.tag == BOOKMARK_START and (child.get(W_NAME) or "").startswith(BOOKMARK_PREFIX):
            self.current = LetterText(child.get(W_NAME), "")
            self.letters.append(self.current)
            return
        if child.tag == BOOKMARK_END or self.current is None:
            return
        self.current.text += "".join(paragraph_text(p) + "\n" for p in child.iter(P))
        for blip in child.iter(BLIP):
            self._picture(blip)

    def _picture(self, blip) -> None:
        rid = blip.get(EMBED)
        if rid not in self.pictures:
            self.pictures[rid] = self.package.read(self.targets[rid])
        self.current.images.append(self.pictures[rid])

    def _walk(self, body, until) -> bool:
        # Read the body's children up to ``until`` (the parser may have built a few more) in one pass, as
        # ``read`` would; False (nothing read) when the body holds a text box, whose paragraphs sit inside
        # another's.
        if next(body.iter(TEXT_BOX), None) is not None:
            return False
        letters, current, parts, paragraphs = self.letters, self.current, [], 0
        for node in body.iter(P, T, TAB, BR, BLIP, BOOKMARK_START, BOOKMARK_END):
            tag = node.tag
            if node is until and tag == BOOKMARK_END:
                break
            if tag == BOOKMARK_START:
                if node.getparent() is body and (node.get(W_NAME) or "").startswith(BOOKMARK_PREFIX):
                    if current is not None:
                        current.text += "".join(parts) + "\n" * (paragraphs > 0)
                    current, parts, paragraphs = LetterText(node.get(W_NAME), ""), [], 0
                    letters.append(current)
                if node is until:
                    break
            elif current is None or tag == BOOKMARK_END:
                continue
            elif tag == T:
                parts.append(node.text or "")
            elif tag == P:
                if paragraphs:
                    parts.append("\n")
                paragraphs += 1
            elif tag == BLIP:
                self.current = current
                self._picture(node)
            elif node.getparent().tag == R:  # w:tab also appears in paragraph tab stops (w:tabs)
                parts.append("\t" if tag == TAB else "\n")
        if current is not None:
            current.text += "".join(parts) + "\n" * (paragraphs > 0)
        self.current = current
        return True


def paragraph_text(p) -> str:
    """The visible text of a paragraph element (tabs as tabs, line breaks as newlines)."""
    nested = any(True for _ in p.iterdescendants(P))  # a text box: its text belongs to its own paragraphs
    out = []
    for node in p.iter(T, TAB, BR):
        if nested and _owner(node) is not p:
            continue
        if node.tag == T:
            out.append(node.text or "")
        elif node.getparent().tag == R:  # w:tab also appears in paragraph tab stops (w:tabs)
            out.append("\t" if node.tag == TAB else "\n")
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
    while parent is not None and parent.tag != P:
        parent = parent.getparent()
    return parent


def _owned(p, tag: str) -> list:
    # The nodes of a qualified tag that belong to this paragraph (not to one in a text box inside it).
    return [node for node in p.iter(tag) if _owner(node) is p]


def _marks_in(p) -> list[str]:
    joined = "".join(t.text or "" for t in _owned(p, T))
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
    kids = [c for c in run if c.tag != RPR]
    tail_kids = [c for c in tail if c.tag != RPR]
    index = kids.index(t)
    for c in kids[index + 1:]:
        run.remove(c)
    for c in tail_kids[:index]:
        tail.remove(c)
    tail_kids[index].text = t.text[offset:]
    t.text = t.text[:offset]
    picture_run = OxmlElement("w:r")
    rpr = run.find(RPR)
    if rpr is not None:
        picture_run.append(copy.deepcopy(rpr))
    picture_run.append(drawing)
    run.addnext(picture_run)
    picture_run.addnext(tail)


def _remove_empty_runs(p) -> None:
    # Drop texts emptied by a replacement, then runs left with nothing but their properties.
    for t in _owned(p, T):
        if not t.text:
            t.getparent().remove(t)
    for run in _owned(p, R):
        if all(c.tag == RPR for c in run):
            run.getparent().remove(run)


def _fill_elements(elements: list, values: dict[str, str], picture) -> set[str]:
    # Fill every paragraph of a letter's body elements; remove the ones that came out empty.
    unknown: set[str] = set()
    for element in elements:
        for p in list(element.iter(P)):  # the element itself when it is a paragraph
            missing, droppable = fill_paragraph(p, values, picture)
            unknown |= missing
            if droppable and _removable(p):
                p.getparent().remove(p)
    return unknown


def _removable(p) -> bool:
    # Keep section breaks and the last paragraph of a table cell or text box (they need one).
    ppr = p.find(PPR)
    if ppr is not None and ppr.find(SECT_PR) is not None:
        return False
    parent = p.getparent()
    if parent is None:
        return False
    if parent.tag != BODY:
        return len(parent.findall(P)) > 1
    return True


def _insert_before(body, element, final) -> None:
    if final is not None:
        final.addprevious(element)
    else:
        body.append(element)


def _section_break(body, last, final):
    # End the letter with a next-page section break that repeats the template's page setup.
    from docx.oxml import OxmlElement

    if last.tag != P or (last.find(PPR) is not None
                               and last.find(PPR).find(SECT_PR) is not None):
        paragraph = OxmlElement("w:p")
        last.addnext(paragraph)
        last = paragraph
    last.get_or_add_pPr()._insert_sectPr(copy.deepcopy(final))
    return last


def _bookmark(tag: str, number: str, name: str | None = None):
    from docx.oxml import OxmlElement

    element = OxmlElement(f"w:{tag}")
    element.set(W_ID, number)
    if name is not None:
        element.set(W_NAME, name)
    return element


def _picture_factory(document, png: bytes) -> Callable[[Iterator], object]:
    # One image part for every letter; each use gets its own drawing with a document-unique id.
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    inline = document.part.new_pic_inline(io.BytesIO(png), Mm(QR_WIDTH_MM), None)

    def make(ids: Iterator):
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
    for element in elements:
        for doc_pr in element.iter(DOC_PR):
            doc_pr.set("id", str(next(ids)))


def _empty_package(document, final, mark: str) -> tuple[list, bytes, bytes]:
    # The template's package saved by python-docx with a marker for the letters in its body: every member
    # as (info, bytes), and word/document.xml's bytes before and after the marker.
    body = document.element.body
    marker = _bookmark("bookmarkStart", mark)
    _insert_before(body, marker, final)
    buffer = io.BytesIO()
    document.save(buffer)
    body.remove(marker)
    with zipfile.ZipFile(buffer) as package:
        members = [(info, package.read(info)) for info in package.infolist()]
    xml = dict((info.filename, data) for info, data in members)[DOCUMENT_PART]
    at = xml.index(mark.encode())
    start, end = xml.rindex(b"<", 0, at), xml.index(b"/>", at) + 2
    return members, xml[:start], xml[end:]


def _serialise(element) -> str:
    from lxml import etree

    return etree.tostring(element, encoding="unicode")


def _escape(text: str) -> str:
    # Text content as lxml writes it.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _relationship_targets(package: zipfile.ZipFile) -> dict[str, str]:
    # rId → zip member name of word/document.xml's relationships.
    import posixpath

    from lxml import etree

    rels = etree.fromstring(package.read("word/_rels/document.xml.rels"))
    return {rel.get("Id"): posixpath.normpath(posixpath.join("word", rel.get("Target")))
            for rel in rels if rel.get("TargetMode") != "External"}
