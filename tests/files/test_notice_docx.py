"""Filling the Word template: placeholders split across runs, empty lines, letters per page, QR code, read-back."""

import io
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from python_calamine import CalamineWorkbook

from shuudan_xl.files.merge_book import write_merge_book
from shuudan_xl.files.notice_docx import (
    fill_paragraph,
    paragraph_text,
    qr_png,
    read_letters,
    template_marks,
    write_letters,
)
from shuudan_xl.files.notice_template import SECRET_FONT, TEMPLATE_NAME, build_template, template_bytes
from shuudan_xl.rules import notice_text as nt

XLSHEETS = Path(__file__).parents[2] / "xlsheets"
VALUES = {"名称": "みなと医院", "ログインID": "n131234567", "ログインパスワード": "k7pq3zz9wb", "郵便番号": "",
          "宛先": "開設者　様"}


def paragraph_with(*runs):
    """A paragraph of runs given as (text, {"bold": True, …}); returns (document, paragraph)."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    for text, style in runs:
        run = paragraph.add_run(text)
        for name, value in style.items():
            setattr(run.font, name, value)
    return document, paragraph


def letter_values(n):
    return [dict.fromkeys(nt.PLACEHOLDERS, "") | {
        nt.NAME: f"医院{i}", nt.ADDRESSEE: f"開設者　{i} 様", nt.LOGIN_ID: f"n13000000{i}",
        nt.PASSWORD: f"pass2word{i}",
        nt.GUIDANCE_DATE: "令和6年6月30日（日）", nt.START: "令和6年6月1日（土）", nt.END: "令和6年6月30日（日）"}
        for i in range(n)]


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


# --- the template -------------------------------------------------------------------------------

def test_committed_template_equals_a_fresh_build(tmp_path):
    fresh = build_template(tmp_path / TEMPLATE_NAME).read_bytes()
    committed = (XLSHEETS / TEMPLATE_NAME).read_bytes()
    assert members(fresh) == members(committed), (
        f"xlsheets/{TEMPLATE_NAME} is stale: rebuild it with python -m shuudan_xl.files.notice_template")


def test_two_builds_are_byte_identical():
    assert template_bytes() == template_bytes()


def test_the_template_holds_every_placeholder_of_the_letter_in_order():
    marks = template_marks((XLSHEETS / TEMPLATE_NAME).read_bytes())
    used = [nt.placeholder_name(m.group(1)) for b in nt.LETTER for m in nt.PLACEHOLDER_RE.finditer(b.text)]
    assert marks.body == list(dict.fromkeys(used)) and marks.headers == []


def test_the_template_is_an_a4_page_in_mincho():
    document = docx.Document(io.BytesIO(template_bytes()))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    fonts = document.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == "ＭＳ 明朝"


def test_id_and_password_are_in_the_look_alike_proof_font():
    document = docx.Document(io.BytesIO(template_bytes()))
    runs = [r for p in document.paragraphs for r in p.runs if r.text in ("{{ログインID}}", "{{ログインパスワード}}")]
    assert len(runs) == 2
    for run in runs:
        fonts = run._r.rPr.rFonts
        assert (fonts.get(qn("w:ascii")), fonts.get(qn("w:hAnsi")), fonts.get(qn("w:eastAsia"))) == (
            SECRET_FONT[0], SECRET_FONT[0], SECRET_FONT[1])
        assert run.font.size.pt == 14 and run.font.bold
        assert run._r.rPr.find(qn("w:spacing")).get(qn("w:val")) == "30"


# --- one paragraph ------------------------------------------------------------------------------

def test_a_placeholder_split_across_runs_keeps_the_formatting_of_its_first_run():
    # Word splits "{{ログインID}}" when staff restyle or spell-check part of it.
    _, p = paragraph_with(("ID: {{ロ", {"bold": True}), ("グイン", {"italic": True}),
                          ("ID}} です", {"underline": True}))
    unknown, droppable = fill_paragraph(p._p, VALUES)
    assert (unknown, droppable) == (set(), False)
    assert p.text == "ID: n131234567 です"
    assert [(r.text, r.font.bold, r.font.italic, r.font.underline) for r in p.runs] == [
        ("ID: n131234567", True, None, None), (" です", None, None, True)]


def test_several_split_placeholders_in_one_paragraph():
    _, p = paragraph_with(("{{名", {}), ("称}}（{{", {"bold": True}), ("ログインID", {}),
                          ("}}）{{ログインパスワード}}", {}))
    fill_paragraph(p._p, VALUES)
    assert p.text == "みなと医院（n131234567）k7pq3zz9wb"
    assert p.runs[0].text == "みなと医院" and p.runs[1].text == "（n131234567" and p.runs[1].font.bold


def test_a_placeholder_split_over_a_run_with_several_texts():
    _, p = paragraph_with(("x", {}))
    run = p.runs[0]._r
    run.remove(run.find(qn("w:t")))
    for text in ("{{宛", "先}}"):
        t = run.makeelement(qn("w:t"), {})
        t.text = text
        run.append(t)
    fill_paragraph(p._p, VALUES)
    assert p.text == "開設者　様"


def test_unknown_placeholders_are_kept_and_reported():
    _, p = paragraph_with(("{{名称}} {{ログインＩＤ}} {{氏名}}", {}))
    unknown, _ = fill_paragraph(p._p, VALUES)
    assert unknown == {"氏名"} and p.text == "みなと医院 n131234567 {{氏名}}"


def test_a_paragraph_of_empty_placeholders_is_droppable_but_text_around_is_not():
    _, only = paragraph_with(("　{{郵便", {}), ("番号}}", {}))
    assert fill_paragraph(only._p, VALUES) == (set(), True)
    _, with_text = paragraph_with(("〒{{郵便番号}}", {}))
    assert fill_paragraph(with_text._p, VALUES) == (set(), False)


def test_a_paragraph_without_placeholders_is_untouched():
    _, p = paragraph_with(("記", {"bold": True}))
    assert fill_paragraph(p._p, VALUES) == (set(), False) and p.runs[0].font.bold


# --- whole letters ------------------------------------------------------------------------------

def test_letters_each_start_a_new_section_and_read_back_in_order(tmp_path):
    path = tmp_path / "letters.docx"
    assert write_letters(template_bytes(), letter_values(3), path) == set()
    letters = read_letters(path)
    assert [letter.bookmark for letter in letters] == [f"_shuudan_notice_000{i}" for i in (1, 2, 3)]
    for i, letter in enumerate(letters):
        assert f"n13000000{i}" in letter.text and f"pass2word{i}" in letter.text
        assert "{{" not in letter.text and letter.images == []
    document = docx.Document(str(path))
    assert len(document.sections) == 3  # two next-page breaks, then the body's own section
    assert len({(s.page_width, s.page_height, s.left_margin) for s in document.sections}) == 1


def test_empty_lines_are_removed_but_table_cells_keep_a_paragraph(tmp_path):
    path = tmp_path / "letters.docx"
    write_letters(template_bytes(), letter_values(1), path)
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert "開設者　0 様" in texts and "" not in texts[:6]  # no blank line where 郵便番号 and 住所 were
    qr_cell = document.tables[0].rows[0].cells[1]
    assert len(qr_cell.paragraphs) == 1 and qr_cell.paragraphs[0].text == ""


def test_the_qr_code_is_in_every_letter_with_unique_drawing_ids(tmp_path):
    path = tmp_path / "letters.docx"
    png = qr_png("https://example.jp/")
    write_letters(template_bytes(), letter_values(3), path, png)
    assert [letter.images for letter in read_letters(path)] == [[png]] * 3
    document = docx.Document(str(path))
    assert len(document.inline_shapes) == 3
    ids = [e.get("id") for e in document.element.body.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr")]
    assert len(ids) == len(set(ids)) == 3
    images = [p for p in document.part.package.iter_parts() if p.partname.startswith("/word/media/")]
    assert len(images) == 1  # one picture shared by all letters


def test_a_restyled_template_with_split_marks_and_word_bookmarks_still_fills(tmp_path):
    # What Word does to a template staff edited: split runs and a _GoBack bookmark.
    document = docx.Document(io.BytesIO(template_bytes()))
    target = next(p for p in document.paragraphs if p.text == "{{ログインID}}")
    run = target.runs[0]
    run.text = "{{ログ"
    tail = target.add_run("インID}}")
    tail.font.name = "ＭＳ 明朝"
    mark = target._p.makeelement(qn("w:bookmarkStart"), {qn("w:id"): "0", qn("w:name"): "_GoBack"})
    target._p.append(mark)
    template = tmp_path / "restyled.docx"
    document.save(str(template))
    assert "ログインID" in template_marks(template.read_bytes()).body
    path = tmp_path / "letters.docx"
    write_letters(template.read_bytes(), letter_values(2), path)
    written = docx.Document(str(path))
    runs = [r for p in written.paragraphs for r in p.runs if r.text.startswith("n13000000")]
    assert [r.text for r in runs] == ["n130000000", "n130000001"]
    assert all(r._r.rPr.rFonts.get(qn("w:ascii")) == SECRET_FONT[0] for r in runs)
    names = [b.get(qn("w:name")) for b in written.element.body.iter(qn("w:bookmarkStart"))]
    assert "_GoBack" not in names and len(names) == 2


def test_paragraph_text_reads_tabs_and_breaks():
    _, p = paragraph_with(("a", {}))
    p.runs[0].add_tab()
    p.runs[0].add_text("b")
    p.runs[0].add_break()
    p.runs[0].add_text("c")
    assert paragraph_text(p._p) == "a\tb\nc"


def test_qr_png_is_a_deterministic_png_made_without_pillow(monkeypatch):
    monkeypatch.setitem(sys.modules, "PIL", None)  # importing Pillow would now fail
    first = qr_png("https://nws.stage.ac/hoken-iryuu/")
    assert first.startswith(b"\x89PNG\r\n\x1a\n") and first == qr_png("https://nws.stage.ac/hoken-iryuu/")
    assert first != qr_png("https://example.jp/")


# --- the mail-merge workbook ---------------------------------------------------------------------

def test_the_merge_book_is_one_sheet_of_text_with_placeholder_headers(tmp_path):
    path = write_merge_book(tmp_path / "merge.xlsx", ("ログインID", "郵便番号", "名称"),
                            [{"ログインID": "n010123456", "郵便番号": "〒060-0001", "名称": "0120医院"},
                             {"ログインID": "n010123457", "名称": "さくら医院"}])
    book = CalamineWorkbook.from_path(str(path))
    assert book.sheet_names == ["差し込みデータ"]
    assert book.get_sheet_by_name("差し込みデータ").to_python() == [
        ["ログインID", "郵便番号", "名称"], ["n010123456", "〒060-0001", "0120医院"], ["n010123457", "", "さくら医院"]]
    import openpyxl

    sheet = openpyxl.load_workbook(path).active
    assert {(c.data_type, c.number_format) for row in sheet.iter_rows() for c in row if c.value} == {("s", "@")}


@pytest.mark.parametrize("name", nt.SECRETS)
def test_secrets_are_merge_columns(name):
    assert name in nt.MERGE_COLUMNS and nt.QR_CODE not in nt.MERGE_COLUMNS
