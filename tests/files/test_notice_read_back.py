"""Reading letters back in one pass over the body gives what reading them paragraph by paragraph gives:
tabs and breaks in runs (not tab stops), table cells, pictures, text boxes, text around the letters."""

import io

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from shuudan_xl.files import notice_docx
from shuudan_xl.files.notice_docx import LetterWriter, qr_png, read_letters
from shuudan_xl.files.notice_template import template_bytes
from shuudan_xl.rules import notice_text as nt

TEXT_BOX = (f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape><v:textbox><w:txbxContent>'
            '<w:p><w:r><w:t>箱の中 {{ログインID}}</w:t></w:r></w:p><w:p><w:r><w:t>二行目</w:t></w:r></w:p>'
            '</w:txbxContent></v:textbox></v:shape></w:pict></w:r>')


def values(n):
    return [dict.fromkeys(nt.PLACEHOLDERS, "値") | {nt.NAME: f"医院{i}", nt.LOGIN_ID: f"n13000000{i}",
                                                    nt.PASSWORD: f"pass2word{i}", nt.POSTAL: ""} for i in range(n)]


def template(text_box: bool) -> bytes:
    # The default template (a table, a QR code cell) with tab stops, tabs and breaks in runs, and a text box.
    document = docx.Document(io.BytesIO(template_bytes()))
    paragraph = document.add_paragraph("前\t")
    paragraph.paragraph_format.tab_stops.add_tab_stop(docx.shared.Mm(40))  # a w:tab that is not text
    run = paragraph.add_run("{{名称}}")
    run.add_tab()
    run.add_break()
    run.add_text("後")
    if text_box:
        document.add_paragraph("外側 ")._p.append(parse_xml(TEXT_BOX))
    document.add_paragraph("")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("text_box", [False, True], ids=["plain", "text box"])
@pytest.mark.parametrize("png", [None, qr_png("https://example.jp/")], ids=["no qr", "qr"])
def test_one_pass_reads_what_paragraph_by_paragraph_reads(tmp_path, monkeypatch, text_box, png):
    path = tmp_path / "letters.docx"
    LetterWriter(template(text_box), png).write(values(3), path)
    fast = read_letters(path)
    monkeypatch.setattr(notice_docx._LetterReader, "fast", False)
    slow = read_letters(path)
    assert fast == slow and len(fast) == 3
    assert all(letter.images == ([png] if png else []) for letter in fast)
    assert "前\t医院1\t\n後\n" in fast[1].text
    assert ("箱の中 n130000002\n二行目\n" in fast[2].text) == text_box


def test_text_before_the_first_letter_and_after_its_end_mark(tmp_path, monkeypatch):
    # A document someone edited: a paragraph before the first bookmark (not in any letter) and one after
    # the last letter's end mark (still the last letter's, as a reader by children counts it).
    path = tmp_path / "letters.docx"
    LetterWriter(template(False), None).write(values(2), path)
    document = docx.Document(str(path))
    body = document.element.body
    body.insert(0, parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>表紙</w:t></w:r></w:p>'))
    body.insert(len(body) - 1, parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>追記</w:t></w:r></w:p>'))
    document.save(str(path))
    fast = read_letters(path)
    monkeypatch.setattr(notice_docx._LetterReader, "fast", False)
    assert fast == read_letters(path)
    assert "表紙" not in fast[0].text and fast[1].text.endswith("追記\n")
