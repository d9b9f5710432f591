"""End to end: ``notices`` after ``export``, reading every letter back with python-docx."""

import datetime as dt

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn

from shuudan_xl.cli.main import main
from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.files.notice_docx import qr_png
from shuudan_xl.files.notice_template import SECRET_FONT, build_template
from shuudan_xl.rules import master as m
from shuudan_xl.rules import notice_text as nt
from shuudan_xl.rules.settings import Settings
from shuudan_xl.services.notices import make_notices
from tests.conftest import digest
from tests.masters import sheet_rows, viewer

SETTINGS = Settings(fiscal_year="2024", bureau="関東信越厚生局", sender="関東信越厚生局長",
                    document_number="関厚発0520第1号", office="東京事務所", section="指導監査課",
                    contact_person="集団指導担当", postal_code="330-9713", address="さいたま市中央区新都心1-1",
                    phone="048-740-0000", fax="048-601-0000", homepage_url="https://example.jp/kantoshinetsu/")
LETTERS = "令和6年度_第1回_実施通知.docx"
MERGE = "令和6年度_第1回_実施通知_差し込みデータ.xlsx"
PER_VIEWER = "令和6年度_第1回_実施通知_個別"
ID_COL, PW_COL = m.COLUMNS.index(m.LOGIN_ID), m.COLUMNS.index(m.PASSWORD)
PERIOD = "令和6年6月1日（土）から令和6年6月30日（日）まで"
GUIDANCE_DATE = "令和6年6月30日（日）"


def rows():
    return [
        viewer(name="みなと医院", addressee="開設者　港　太郎 様", postal="1050011", address="東京都港区芝公園1-1"),
        viewer(field="薬局", number="7654321", name="あさひ薬局", addressee="開設者　朝日　花子 様",
               address="東京都港区芝2-2", password="k7pq3zz9wb"),
        viewer(guidance="登録時", number="501704", name="佐々木　由紀", addressee="佐々木　由紀 様",
               address="東京都新宿区2-28-14"),
        viewer(round_=2, number="1111111", name="第2回の医院"),
    ]


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def master(tmp_path, capsys):
    path = write_master_book(tmp_path / "視聴者リスト.xlsx", rows(), data_rows=60, settings=SETTINGS)
    code, _, err = run(capsys, "export", path, "--round", "1", "--today", "2024-05-01")
    assert (code, err) == (0, "")
    return path


def notices(capsys, master, *extra, send="2024-05-20"):
    return run(capsys, "notices", master, "--round", "1", "--send-date", send, *extra)


def registered(master):
    """(ID, password) of the round-1 rows, as export wrote them into the master."""
    return [(r[ID_COL], r[PW_COL]) for r in sheet_rows(master, m.LIST_SHEET)[1:] if r[0] == 1]


def letters_of(path):
    """Split a .docx into letters at its section breaks, through python-docx only: (text, runs, pictures)."""
    document = docx.Document(str(path))
    letters, paragraphs = [], []
    for child in document.element.body:
        if child.tag == qn("w:sectPr"):
            break
        paragraphs += [docx.text.paragraph.Paragraph(p, document) for p in child.iter(qn("w:p"))]
        ppr = child.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            letters.append(paragraphs)
            paragraphs = []
    letters.append(paragraphs)
    out = []
    for paragraphs in letters:
        runs = [r for p in paragraphs for r in p.runs]
        pictures = [b for p in paragraphs for b in p._p.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip")]
        out.append(("\n".join(p.text for p in paragraphs), runs, pictures))
    return out


def test_one_letter_per_viewer_with_the_registered_id_password_and_dates(master, capsys):
    code, out, err = notices(capsys, master)
    assert (code, err) == (0, "")
    folder = master.parent / "実施通知"
    assert sorted(p.name for p in folder.iterdir()) == sorted([LETTERS, MERGE])
    letters = letters_of(folder / LETTERS)
    viewers = registered(master)
    assert len(letters) == len(viewers) == 3
    for (text, runs, pictures), (login_id, password) in zip(letters, viewers, strict=True):
        lines = text.splitlines()
        assert lines[lines.index("5　ログインID（全て半角）") + 1] == login_id
        assert lines[lines.index("6　ログインパスワード（全て半角）") + 1] == password
        assert lines[lines.index("3　指導実施日（視聴期間最終日）") + 1] == GUIDANCE_DATE
        assert lines[lines.index("4　視聴可能期間") + 1] == PERIOD
        assert "関東信越厚生局及び東京都による集団指導の実施について（通知）" in lines and "令和6年5月20日" in lines
        assert "健康保険法第73条" in text and "「視聴完了」と表示されていることを確認してください" in text
        for value in (login_id, password):
            (run_,) = [r for r in runs if r.text == value]
            assert run_._r.rPr.rFonts.get(qn("w:ascii")) == SECRET_FONT[0]
        assert pictures == [] and "{{" not in text
    clinic, pharmacy, person = (text for text, _, _ in letters)
    assert "みなと医院\n開設者　港　太郎 様" in clinic and "〒105-0011" in clinic
    assert nt.PURPOSE_CLINIC in clinic and nt.PURPOSE_PHARMACY in pharmacy
    assert "k7pq3zz9wb" in pharmacy  # the typed password
    assert "保険医　佐々木　由紀" in person and person.count("佐々木　由紀") == 2  # 宛先 and 指導対象者 only
    assert "開設者、管理者、保険医\n" in clinic and "開設者、管理者、保険薬剤師\n" in pharmacy
    assert "開設者" not in person.split("7　指導対象者")[1]
    assert "第2回の医院" not in "".join(t for t, _, _ in letters)
    assert "対象: 3 人" in out and "食い違いなし" in out
    assert "業者提出ファイル（令和6年度_第1回_視聴者登録更新.xlsx" in out
    assert "注意" not in out


def test_the_merge_book_has_one_text_row_per_viewer(master, capsys):
    assert notices(capsys, master)[0] == 0
    path = master.parent / "実施通知" / MERGE
    table = sheet_rows(path)
    assert table[0] == list(nt.MERGE_COLUMNS)
    ids = table[0].index("ログインID"), table[0].index("ログインパスワード")
    assert [(r[ids[0]], r[ids[1]]) for r in table[1:]] == registered(master)
    assert table[1][table[0].index("視聴可能期間")] == PERIOD
    sheet = openpyxl.load_workbook(path).active
    assert {c.data_type for row in sheet.iter_rows() for c in row if c.value} == {"s"}


def test_per_viewer_files_hold_one_letter_each(master, capsys):
    code, out, _ = notices(capsys, master, "--per-viewer")
    assert code == 0 and "視聴者ごとの文書 3 件" in out
    folder = master.parent / "実施通知" / PER_VIEWER
    files = sorted(folder.iterdir())
    viewers = registered(master)
    assert [f.name for f in files] == [f"{i:03d}_{login_id}_{name}.docx" for i, (login_id, name) in enumerate(
        zip([v[0] for v in viewers], ["みなと医院", "あさひ薬局", "佐々木由紀"], strict=True), start=1)]
    for path, (login_id, password) in zip(files, viewers, strict=True):
        (letter,) = letters_of(path)
        assert login_id in letter[0] and password in letter[0]
        assert not {v[0] for v in viewers} - {login_id} & set(letter[0].split())


def test_qr_code_of_the_bureau_page_is_in_every_letter(master, capsys):
    assert notices(capsys, master, "--qr")[0] == 0
    path = master.parent / "実施通知" / LETTERS
    document = docx.Document(str(path))
    assert len(document.inline_shapes) == 3
    expected = qr_png("https://example.jp/kantoshinetsu/")
    for _, _, pictures in letters_of(path):
        (blip,) = pictures
        embed = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
        assert document.part.related_parts[embed].blob == expected


def test_a_late_send_date_is_warned_with_the_latest_send_date(master, capsys):
    code, out, _ = notices(capsys, master, send="2024-05-30")
    assert code == 0
    (warning,) = [line for line in out.splitlines() if line.startswith("注意:")]
    assert "令和6年5月28日（火）までに発送してください" in warning and "令和6年6月1日（土）" in warning
    assert "発送期限（視聴開始日の前日までに届く最終日） 令和6年5月28日（火）" in out
    assert "令和6年5月30日" in letters_of(master.parent / "実施通知" / LETTERS)[0][0]


def test_blank_ids_or_passwords_are_refused_and_nothing_is_written(tmp_path, capsys):
    path = write_master_book(tmp_path / "m.xlsx", rows(), data_rows=60, settings=SETTINGS)
    before = digest(path)
    code, out, _ = notices(capsys, path)
    assert code == 1 and "空欄のユーザーID・パスワード" in out and "export" in out
    assert "作成していません" in out
    assert digest(path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["m.xlsx", "操作記録.csv"]


def test_errors_of_the_round_are_listed_and_nothing_is_written(master, capsys):
    book = openpyxl.load_workbook(master)
    book[m.LIST_SHEET].cell(row=2, column=m.COLUMNS.index(m.FIELD) + 1, value="眼科")
    book.save(master)
    code, out, _ = notices(capsys, master)
    assert code == 1 and "エラー 1 件" in out and "種別" in out
    assert not (master.parent / "実施通知").exists()


def test_a_letter_that_differs_from_the_vendor_registration_is_an_error(master, capsys):
    vendor = master.parent / "業者提出" / "令和6年度_第1回_視聴者登録更新.xlsx"
    book = openpyxl.load_workbook(vendor)
    book.active["B2"] = "other1234x"
    book.save(vendor)
    code, _, err = notices(capsys, master)
    assert code == 1 and "食い違い" in err and "業者提出ファイルの登録「other1234x」と違います" in err
    assert "みなと医院" in err and "通知は保存していません" in err
    assert not (master.parent / "実施通知").exists()


def test_a_registered_viewer_is_checked_against_the_ledger(master, capsys):
    assert run(capsys, "confirm", master, "--round", "1")[0] == 0
    code, out, _ = notices(capsys, master)
    assert code == 0 and "ID台帳（ID台帳.xlsx、登録済みID 3 人）" in out


def test_without_the_vendor_file_the_letters_are_checked_against_the_master_and_it_says_so(master, capsys):
    code, out, _ = notices(capsys, master, "--vendor-dir", master.parent / "どこにもない")
    assert code == 0 and "新規IDの3人は視聴者リストとだけ照合しました" in out


def test_a_restyled_template_beside_the_master_is_used(master, capsys):
    template = build_template(master.parent / "実施通知_テンプレート.docx")
    document = docx.Document(str(template))
    document.paragraphs[0].insert_paragraph_before("（当局様式）{{指導区分}}")
    document.save(str(template))
    assert notices(capsys, master)[0] == 0
    assert "（当局様式）指定時集団指導" in letters_of(master.parent / "実施通知" / LETTERS)[0][0]


def test_a_template_without_the_password_or_with_unknown_marks_is_refused(master, capsys):
    template = master.parent / "mine.docx"
    document = docx.Document()
    document.add_paragraph("{{宛先}} {{ログインID}} {{指導実施日}} {{視聴開始日}} {{視聴終了日}} {{氏名}}")
    document.save(str(template))
    code, _, err = notices(capsys, master, "--template", template)
    assert code == 2 and "{{ログインパスワード}}" in err and "{{氏名}}" in err
    assert not (master.parent / "実施通知").exists()


def test_a_letter_file_open_in_word_is_not_replaced(master, capsys):
    assert notices(capsys, master)[0] == 0
    folder = master.parent / "実施通知"
    before = digest(folder / LETTERS)
    (folder / ("~$" + LETTERS)).write_bytes(b"owner")
    code, _, err = notices(capsys, master)
    assert code == 2 and "開かれています" in err and digest(folder / LETTERS) == before


def test_the_service_makes_the_same_letters_for_the_excel_button(master):
    from shuudan_xl.services.session import open_session

    session = open_session(master, round_=1, today=dt.date(2024, 5, 20), notices=master.parent / "button")
    files = make_notices(session, qr=True, per_viewer=True)  # send date: the session's today
    assert files.letters_file.parent == master.parent / "button"
    assert files.count == 3 and len(files.per_viewer) == 3 and files.letters_file.exists()
    assert files.warnings == [] and files.checks[0] == "視聴者リスト（視聴者リスト.xlsx）"


def test_letters_carry_the_schedule_notes_but_never_the_deadline_warning_whatever_its_wording(master):
    from shuudan_xl.services.notices import prepare_notices
    from shuudan_xl.services.session import open_session
    from shuudan_xl.services.workflow import prepare_round

    context = prepare_round(open_session(master, round_=1, fiscal_year=2024, today=dt.date(2024, 5, 27)))
    assert context.deadline_notice.startswith("第1回の●登録期限（事業者）")
    context.schedule_notices.append("視聴スケジュールのシートについての注意")
    context.deadline_notice = "登録が遅れました"
    plan = prepare_notices(context, SETTINGS, dt.date(2024, 5, 20))
    assert plan.warnings == ["視聴スケジュールのシートについての注意"]


def test_bad_send_dates_exit_2(master, capsys):
    code, _, err = notices(capsys, master, send="5/20")
    assert code == 2 and "--send-date" in err


def test_a_qr_code_needs_its_place_in_the_template(master, capsys):
    template = master.parent / "mine.docx"
    document = docx.Document()
    document.add_paragraph("{{宛先}} {{ログインID}} {{ログインパスワード}}")
    document.add_paragraph("{{指導実施日}} {{視聴開始日}} {{視聴終了日}}")
    document.save(str(template))
    code, _, err = notices(capsys, master, "--template", template, "--qr")
    assert code == 2 and "{{QRコード}}" in err
    assert notices(capsys, master, "--template", template)[0] == 0


def test_the_registration_deadline_is_not_a_concern_of_the_letters(master, capsys):
    code, out, _ = notices(capsys, master, "--today", "2024-05-27", send="2024-05-27")
    assert code == 0 and "登録期限" not in out.split("対象:")[1] and "注意" not in out
