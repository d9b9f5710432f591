"""The fast letter writer: each letter shape is filled once in the tree, then every letter is that XML
with its own values — it must write exactly what filling every letter in the tree writes."""

import io
import zipfile

import docx
import pytest

from shuudan_xl.files.notice_docx import LetterWriter, qr_png, read_letters
from shuudan_xl.files.notice_template import template_bytes
from shuudan_xl.rules import notice_text as nt


def letters(n):
    """Letters of several shapes: 郵便番号 blank or not, 宛先 only spaces, markup characters in 名称."""
    out = []
    for i in range(n):
        values = dict.fromkeys(nt.PLACEHOLDERS, "値") | {
            nt.NAME: f"医院{i} & <株> 〒", nt.LOGIN_ID: f"n13000000{i}", nt.PASSWORD: f"pass2word{i}",
            nt.POSTAL: "" if i % 2 else f"100-000{i}", nt.ADDRESSEE: "　 " if i % 3 == 0 else f"開設者　{i} 様"}
        out.append(values)
    return out


def document_xml(path):
    with zipfile.ZipFile(path) as package:
        return package.read("word/document.xml")


def write(tmp_path, name, values, png=None, fast=True):
    writer = LetterWriter(template_bytes(), png)
    writer.fast = fast  # False: every letter filled in the tree, as before the fast path existed
    path = tmp_path / name
    writer.write(values, path)
    return path


@pytest.mark.parametrize("png", [None, qr_png("https://example.jp/")], ids=["plain", "qr"])
def test_the_streamed_letters_are_the_xml_the_tree_writes(tmp_path, png):
    fast = write(tmp_path, "fast.docx", letters(7), png)
    slow = write(tmp_path, "slow.docx", letters(7), png, fast=False)
    assert document_xml(fast) == document_xml(slow)
    assert read_letters(fast) == read_letters(slow)


def test_letters_of_different_shapes_keep_their_own_lines_and_values(tmp_path):
    path = write(tmp_path, "letters.docx", letters(4))
    read = read_letters(path)
    assert len(read) == 4
    for i, letter in enumerate(read):
        assert f"医院{i} & <株> 〒" in letter.text
        assert (f"100-000{i}" in letter.text) == (i % 2 == 0)
    document = docx.Document(str(path))  # python-docx opens what was streamed
    assert sum("pass2word" in p.text for p in document.paragraphs) == 4


def test_a_value_xml_cannot_hold_is_refused_as_the_tree_refuses_it(tmp_path):
    bad = letters(2)
    bad[1][nt.NAME] = "医院\x01"
    with pytest.raises(ValueError, match="XML compatible"):
        write(tmp_path, "bad.docx", bad)


def test_a_template_holding_the_marker_characters_gets_other_markers(tmp_path):
    document = docx.Document(io.BytesIO(template_bytes()))
    document.add_paragraph("外字\ufdd0v0\ufdd1のまま")
    buffer = io.BytesIO()
    document.save(buffer)
    writer = LetterWriter(buffer.getvalue())
    assert writer.open not in "\ufdd0\ufdd1" and writer.close not in "\ufdd0\ufdd1"
    path = tmp_path / "marked.docx"
    writer.write(letters(2), path)
    read = read_letters(path)
    assert [("外字\ufdd0v0\ufdd1のまま" in letter.text, "pass2word1" in letter.text) for letter in read] == [
        (True, False), (True, True)]
