"""End to end: each letter names the viewer's prefecture and office, follows 種別, and is never sent with「○○」."""

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from shuudan_xl.cli.main import main
from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.files.notice_draft import DRAFT_MARK
from shuudan_xl.rules.settings import Settings
from tests.masters import viewer

SETTINGS = Settings(fiscal_year="2024", bureau="近畿厚生局", sender="近畿厚生局長", document_number="近厚発0520第1号",
                    office="大阪事務所", section="指導監査課", contact_person="集団指導担当", postal_code="540-0008",
                    address="大阪市中央区大手前4-1-76", phone="06-0000-0000")
FOLDER = "実施通知"
LETTERS = "令和6年度_第1回_実施通知.docx"


def rows():
    return [viewer(group="大阪27", number="1234567", name="なにわ医院"),
            viewer(group="京都26", field="歯科", number="2345678", name="みやこ歯科"),
            viewer(group="東京13", field="薬局", number="3456789", name="あずま薬局"),
            viewer(group="北海道01", guidance="登録時", field="歯科", number="600001", name="札幌　一郎")]


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def master_with(tmp_path, capsys, settings=SETTINGS, offices=None):
    path = write_master_book(tmp_path / "視聴者リスト.xlsx", rows(), data_rows=20, settings=settings)
    if offices is not None:
        book = openpyxl.load_workbook(path)
        sheet = book["都道府県別設定"]  # every master list has the sheet, headers in row 1
        for r, row in enumerate(offices, start=1):
            for c, value in enumerate(row, start=1):
                sheet.cell(row=r, column=c, value=value)
        book.save(path)
    code, out, err = run(capsys, "export", path, "--round", "1", "--today", "2024-05-01")
    assert code == 0, out + err
    return path


def letters(path):
    """Each letter's text (every paragraph, tables included, split at the section breaks) and every section's
    header text."""
    document = docx.Document(str(path))
    texts, current = [], []
    for child in document.element.body:
        if child.tag == qn("w:sectPr"):
            break
        current += [docx.text.paragraph.Paragraph(p, document).text for p in child.iter(qn("w:p"))]
        ppr = child.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            texts.append("\n".join(current))
            current = []
    texts.append("\n".join(current))
    headers = ["\n".join(p.text for p in s.header.paragraphs) for s in document.sections]
    return [t for t in texts if t.strip()], headers


def notices(capsys, master, *extra):
    return run(capsys, "notices", master, "--round", "1", "--send-date", "2024-05-20", *extra)


def test_each_letter_names_its_own_prefecture_and_the_people_of_its_kind(tmp_path, capsys):
    """4(2) and the 実施通知例「○○厚生（支）局及び○○都道府県による集団指導の実施について(通知)」: the title and the
    body name the viewer's own 都道府県, spelt officially (大阪府, 京都府, 東京都, 北海道). 実施通知例 7
    指導対象者「開設者、管理者、保険医、保険薬剤師」: each letter lists only the people of its 種別."""
    master = master_with(tmp_path, capsys)
    code, out, err = notices(capsys, master)
    assert (code, err) == (0, ""), out
    texts, headers = letters(master.parent / FOLDER / LETTERS)
    assert len(texts) == 4
    for text, prefecture in zip(texts, ("大阪府", "京都府", "東京都", "北海道"), strict=True):
        assert f"近畿厚生局及び{prefecture}による集団指導の実施について（通知）" in text
        assert f"下記のとおり近畿厚生局と{prefecture}による集団指導（eラーニング）を実施いたします" in text
        others = {"大阪府", "京都府", "東京都", "北海道"} - {prefecture}
        assert not any(f"及び{other}" in text for other in others)
    clinic, dental, pharmacy, dentist = (t.split("7　指導対象者")[1].split("\n")[1] for t in texts)
    assert (clinic, dental, pharmacy) == ("開設者、管理者、保険医", "開設者、管理者、保険医（歯科医師）",
                                          "開設者、管理者、保険薬剤師")
    assert dentist == "保険医（歯科医師）　札幌　一郎"
    assert "保険薬剤師" not in texts[1] and not any(DRAFT_MARK in h for h in headers)


def test_a_prefectures_office_replaces_the_bureaus_contact_in_its_letters_only(tmp_path, capsys):
    """実施通知例「○○厚生（支）局○○事務所まで来所いただき」and（連絡先）「〇〇厚生（支）局〇〇事務所 〇〇課 〇〇」:
    the 都道府県別設定 sheet gives a prefecture its own office; blank cells keep the 設定 sheet's values."""
    offices = [["都道府県", "事務所名", "担当課", "担当者", "郵便番号", "住所", "電話", "FAX", "発信者", "文書番号"],
               ["京都府", "京都事務所", None, None, "604-8482", "京都市中京区西ノ京笠殿町38", "075-000-0000"]]
    master = master_with(tmp_path, capsys, offices=offices)
    code, out, err = notices(capsys, master)
    assert (code, err) == (0, ""), out
    osaka, kyoto, _, _ = letters(master.parent / FOLDER / LETTERS)[0]
    assert "近畿厚生局京都事務所まで来所いただき" in kyoto and "近畿厚生局京都事務所　指導監査課　集団指導担当" in kyoto
    assert "〒604-8482　京都市中京区西ノ京笠殿町38" in kyoto and "電話 075-000-0000" in kyoto
    assert "近畿厚生局大阪事務所まで来所いただき" in osaka and "電話 06-0000-0000" in osaka
    assert "京都事務所" not in osaka


def test_a_bad_row_of_the_prefecture_sheet_is_refused_naming_it(tmp_path, capsys):
    master = master_with(tmp_path, capsys, offices=[["都道府県", "事務所名"], ["京都", "京都事務所"],
                                                    ["けいと", "x"]])
    code, out, _ = notices(capsys, master)
    assert code == 1 and "シート「都道府県別設定」3行目 都道府県「けいと」" in out
    assert not (master.parent / FOLDER).exists()


@pytest.mark.parametrize("changes, named", [
    ({"document_number": ""}, "シート「設定」の「文書番号」"),
    ({"office": "〇〇事務所"}, "シート「設定」の「事務所名」"),
    ({"phone": "XXX-XXX-XXXX", "bureau": ""}, "シート「設定」の「厚生局名」・シート「設定」の「電話」"),
])
def test_letters_that_would_show_the_examples_marks_are_refused_naming_the_setting(tmp_path, capsys, changes, named):
    """実施通知例「○厚発○○○第○○号」「〇〇厚生（支）局〇〇事務所」「電話 XXX-XXX-XXXX」: a letter is refused
    (exit 1, nothing written) while a setting leaves these marks in it, and the setting is named."""
    from dataclasses import replace

    master = master_with(tmp_path, capsys, settings=replace(SETTINGS, **changes))
    code, out, _ = notices(capsys, master)
    assert code == 1 and f"理由: {named}が空欄か例の「○○」のまま" in out and "--draft" in out
    assert not (master.parent / FOLDER).exists()


def test_a_draft_is_written_with_every_page_marked_and_its_own_file_names(tmp_path, capsys):
    """The same letters with --draft: written, every page's header says 下書き, and the files are named
    …_下書き so a draft can never replace or pass for the letters to mail."""
    from dataclasses import replace

    master = master_with(tmp_path, capsys, settings=replace(SETTINGS, document_number=""))
    code, out, err = notices(capsys, master, "--draft", "--per-viewer")
    assert (code, err) == (0, "") and "下書きです" in out
    folder = master.parent / FOLDER
    assert sorted(p.name for p in folder.iterdir()) == [
        "令和6年度_第1回_実施通知_下書き.docx", "令和6年度_第1回_実施通知_下書き_個別",
        "令和6年度_第1回_実施通知_下書き_差し込みデータ.xlsx"]
    texts, headers = letters(folder / "令和6年度_第1回_実施通知_下書き.docx")
    assert len(texts) == 4 and len(headers) == 4 and all(DRAFT_MARK in h for h in headers)
    assert all("○○発○○○第○○号" in t for t in texts)
    for single in (folder / "令和6年度_第1回_実施通知_下書き_個別").iterdir():
        assert all(DRAFT_MARK in h for h in letters(single)[1])
