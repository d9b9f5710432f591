"""A year as staff run it: 第1回 export → confirm → notices → attendance → re-viewing in 第3回 → 第3回 export.

Every output is read back and compared with the list: vendor books (python-calamine and openpyxl), the ID台帳,
the letters (python-docx) and the attendance workbook.
"""

from __future__ import annotations

import datetime as dt

import pytest

from shuudan_xl.files.attendance_book import ISSUES_SHEET, read_attendance_book
from shuudan_xl.rules import master as m
from tests.attendance_data import write_csv
from tests.masters import sheet_rows, viewer
from tests.seed.helpers import LINK, LINK_HEADER, REG, VENDOR_HEADER, letters, list_rows, make_list, one_sheet_book, run

VIEWERS = [
    viewer(number="1234567", name="みなと医院"),  # n131234567: viewed in June → 90
    viewer(field="歯科", group="北海道01", number="7654321", name="さくら歯科"),  # n017654321: viewed 1 July → 65
    viewer(guidance="登録時", group="神奈川14", number="501704", name="山田　太郎"),  # m14501704: 会場で視聴
    viewer(guidance="登録時", field="歯科", group="沖縄47", number="600001", name="佐藤　花子"),  # d47600001: 集団視聴
    viewer(guidance="更新時", field="薬局", group="千葉12", number="2345678", name="あおば薬局"),  # r122345678: missing
    viewer(guidance="登録時", field="薬局", group="大阪27", number="700001", name="小林　一郎"),  # p27700001: 資料
    viewer(guidance="オンライン資格確認", group="沖縄47", number="3456789", name="なは医院"),  # s473456789: refused
    viewer(round_=3, number="4444444", name="みどり医院"),  # n134444444: a viewer of 第3回 itself
]
ROUND_1 = ["n131234567", "n017654321", "m14501704", "d47600001", "r122345678", "p27700001", "s473456789"]
ABSENT = ["n017654321", "r122345678", "s473456789"]
RESULTS = [  # the admin screen's export, saved by Excel as CSV (cp932: ① and 髙 are not in plain Shift_JIS)
    ["No", "ユーザーID", "所属グループ", "動画", "視聴状況", "視聴完了日時", "メモ"],
    ["1", "n131234567", "東京13", "指定時集団指導（医科）6月", "視聴完了", "2024/06/15 10:23:45", "①髙橋先生"],
    ["2", "n017654321", "北海道01", "指定時集団指導（歯科）6月", "視聴完了", "2024/07/01 09:00:00"],
    ["3", "m14501704", "神奈川14", "登録時集団指導（医科）6月", "未視聴", ""],
    ["4", "d47600001", "沖縄47", "登録時集団指導（歯科）6月", "未視聴", ""],
    ["5", "p27700001", "大阪27", "登録時集団指導（薬局）6月", "未視聴", ""],
    ["6", "s473456789", "沖縄47", "オンライン資格確認導入に係る集団指導（医科）6月", "未視聴", ""],
]
EXCEPTIONS = [["ユーザーID", "視聴回", "特例の種類", "理由"],
              ["m14501704", "1", "会場で視聴", "インターネット環境がないため事務所の会議室で視聴"],
              ["d47600001", "1", "集団で視聴", "病院の会議室で集団視聴"],
              ["p27700001", "1", "資料送付", "やむを得ない事情のため資料を送付"],
              ["s473456789", "1", "集団で視聴", "医院で集団視聴"]]


def vendor_pair(outdir, round_):
    """The round's two books, after requiring one sheet each and the seed's headers."""
    reg_sheet, reg = one_sheet_book(outdir / REG.format(round_))
    link_sheet, link = one_sheet_book(outdir / LINK.format(round_))
    assert (reg_sheet, reg[0]) == ("視聴者登録／更新", VENDOR_HEADER)
    assert (link_sheet, link[0]) == ("視聴者⇔動画", LINK_HEADER)
    return reg[1:], link[1:]


def round_rows(master, round_):
    return [r for r in list_rows(master) if m.round_number(r[m.ROUND]) == round_]


@pytest.fixture
def year(tmp_path, capsys):
    """The list, exported on 第1回's ● deadline and confirmed as submitted."""
    master = make_list(tmp_path / "課", VIEWERS)
    code, out, err = run(capsys, "export", master, "--round", "1", "--today", "2024-05-24")
    assert (code, err) == (0, ""), out
    return master


def test_round_1_vendor_books_equal_the_list_cell_for_cell(year):
    """手順 3(2): 「① ユーザーID（A列）」「② パスワード（B列）」「③ 氏名（C列 ※見出しは「氏名」となっているが所属
    グループのこと）」, and 3(5): 「1つのシートにまとめた上でeラーニング事業者へ提出すること。」"""
    reg, link = vendor_pair(year.parent / "業者提出", 1)
    rows = round_rows(year, 1)
    assert [r[m.LOGIN_ID] for r in rows] == ROUND_1
    assert reg == [[r[m.LOGIN_ID], r[m.PASSWORD], r[m.GROUP]] for r in rows]
    assert [login_id for login_id, _ in link] == ROUND_1
    assert [v for _, v in link] == [
        "指定時集団指導（医科）6月", "指定時集団指導（歯科）6月", "登録時集団指導（医科）6月",
        "登録時集団指導（歯科）6月", "更新時集団指導（薬局）6月", "登録時集団指導（薬局）6月",
        "オンライン資格確認導入に係る集団指導（医科）6月"]
    assert {g for _, _, g in reg} == {"東京13", "北海道01", "神奈川14", "沖縄47", "千葉12", "大阪27"}


def test_a_whole_year_round_1_to_re_viewing_in_round_3(year, capsys, tmp_path):
    """手順 3(2)①: 「一度登録したIDは、繰り返しの使用や複数の指導動画の登録に使用できる。…再度のID登録処理は不要と
    なる。（後述（3）の「視聴者⇔動画 登録用エクセル」の処理のみとなる。）」 and 5: 「「指導年月日」は視聴期間最終日と
    する。（※各視聴者の視聴日ではありません。）」「① 視聴が完了している場合 「90:出席（eラーニング）」」
    「② 視聴が完了していない場合 「65:欠席」」"""
    folder = year.parent
    outdir = folder / "業者提出"
    round_1 = {r[m.LOGIN_ID]: r for r in round_rows(year, 1)}

    # Submitted: the ledger holds each new ID with the list's password and group.
    code, out, err = run(capsys, "confirm", year, "--round", "1", "--today", "2024-05-24")
    assert (code, err) == (0, ""), out
    header, *ledger = sheet_rows(folder / "ID台帳.xlsx")
    ledger = [dict(zip(header, r, strict=True)) for r in ledger]
    assert [(r["ユーザーID"], r["パスワード"], r["所属グループ"], r["登録確定日"]) for r in ledger] == [
        (i, round_1[i][m.PASSWORD], round_1[i][m.GROUP], "2024-05-24") for i in ROUND_1]

    # The letters carry the same ID and password as the list.
    code, out, err = run(capsys, "notices", year, "--round", "1", "--send-date", "2024-05-27")
    assert (code, err) == (0, ""), out
    texts = letters(folder / "実施通知" / "令和6年度_第1回_実施通知.docx")
    assert len(texts) == len(ROUND_1)
    for text, login_id in zip(texts, ROUND_1, strict=True):
        lines = text.splitlines()
        assert lines[lines.index("5\u3000ログインID（全て半角）") + 1] == login_id
        assert lines[lines.index("6\u3000ログインパスワード（全て半角）") + 1] == round_1[login_id][m.PASSWORD]

    # After the period: the vendor's results (cp932 CSV) and the exceptions give 90 or 65, dated 30 June for all.
    results = write_csv(tmp_path / "視聴結果.csv", RESULTS, "cp932")
    exceptions = write_csv(tmp_path / "出欠特例.csv", EXCEPTIONS, "cp932")
    code, out, err = run(capsys, "attendance", year, "--round", "1", "--results", results,
                         "--exceptions", exceptions, "--today", "2024-07-05")
    assert (code, err) == (0, ""), out
    assert "Shift_JIS（cp932）" in out  # read as staff's Excel saved it
    book = folder / "出欠結果" / "令和6年度_第1回_出欠結果.xlsx"
    records = {r["ユーザーID"]: r for r in read_attendance_book(book)}
    assert sorted(records) == sorted(ROUND_1)
    assert {r["指導年月日"] for r in records.values()} == {dt.date(2024, 6, 30)}
    assert {r["指導年月日（和暦）"] for r in records.values()} == {"令和6年6月30日"}
    assert {i for i, r in records.items() if r["結果"] == "65:欠席"} == set(ABSENT)
    assert {i for i, r in records.items() if r["結果"] == "90:出席（eラーニング）"} == set(ROUND_1) - set(ABSENT)
    assert records["m14501704"]["備考"] == "特例（会場で視聴）: インターネット環境がないため事務所の会議室で視聴"
    assert records["d47600001"]["備考"] == "特例（集団で視聴）: 病院の会議室で集団視聴"
    assert records["p27700001"]["備考"] == "特例（資料送付）: やむを得ない事情のため資料を送付"
    issues = sheet_rows(book, ISSUES_SHEET)
    assert any(row[1] == "s473456789" and "登録時集団指導だけの特例" in row[2] for row in issues)
    assert any(row[1] == "r122345678" for row in issues)  # not in the results: listed, never dropped

    # Re-viewing in 第3回: the absentees' IDs are registered already, so they go to 視聴者⇔動画 only.
    code, out, err = run(capsys, "reassign", year, "--from-round", "1", "--to-round", "3", "--today", "2024-07-05")
    assert (code, err) == (0, ""), out
    code, out, err = run(capsys, "export", year, "--round", "3", "--today", "2024-07-24")
    assert (code, err) == (0, ""), out
    reg, link = vendor_pair(outdir, 3)
    round_3 = {r[m.LOGIN_ID]: r for r in round_rows(year, 3)}
    assert sorted(round_3) == sorted([*ABSENT, "n134444444"])
    assert reg == [["n134444444", round_3["n134444444"][m.PASSWORD], "東京13"]]  # the one new ID only
    assert sorted(link) == sorted([
        ["n017654321", "指定時集団指導（歯科）8月"], ["r122345678", "更新時集団指導（薬局）8月"],
        ["s473456789", "オンライン資格確認導入に係る集団指導（医科）8月"], ["n134444444", "指定時集団指導（医科）8月"]])
    for login_id in ABSENT:  # the same password as registered in 第1回
        assert round_3[login_id][m.PASSWORD] == round_1[login_id][m.PASSWORD]
    assert sorted(p.name for p in outdir.glob("*.xlsx")) == sorted(
        [REG.format(1), LINK.format(1), REG.format(3), LINK.format(3)])  # one pair per round, nothing else

    # 第3回's letters: the re-viewers get their 第1回 ID and password again, with 第3回's dates.
    assert run(capsys, "confirm", year, "--round", "3", "--today", "2024-07-24")[0] == 0
    code, out, err = run(capsys, "notices", year, "--round", "3", "--send-date", "2024-07-26")
    assert (code, err) == (0, ""), out
    texts = letters(folder / "実施通知" / "令和6年度_第3回_実施通知.docx")
    assert len(texts) == len(round_3)
    for text in texts:
        lines = text.splitlines()
        login_id = lines[lines.index("5\u3000ログインID（全て半角）") + 1]
        assert lines[lines.index("6\u3000ログインパスワード（全て半角）") + 1] == round_3[login_id][m.PASSWORD]
        assert lines[lines.index("3\u3000指導実施日（視聴期間最終日）") + 1] == "令和6年8月31日（土）"
        assert lines[lines.index("4\u3000視聴可能期間") + 1] == "令和6年8月1日（木）から令和6年8月31日（土）まで"

