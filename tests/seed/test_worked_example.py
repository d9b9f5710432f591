"""The seed's 実施例 through ``export`` and ``notices``: one letter per viewer, read back with python-docx.

Seed, 事務連絡 (2): 「指導実施日の前1か月間の視聴可能期間を設けることとし、実施通知には保険医療機関等並びに保険医等毎に
ID及びログインパスワードを記載してください。」 and its (実施例):
「指導実施日：令和6年6月30日（日）」「実施通知送付日：令和6年5月31日（金）」
「視聴期間：令和6年6月1日（土）から令和6年6月30日（日）まで」
"""

from __future__ import annotations

import pytest

from shuudan_xl.cli.main import main
from shuudan_xl.rules import master as m
from tests.masters import sheet_rows, viewer
from tests.seed.helpers import letters, list_rows, make_list, run

LETTERS = "令和6年度_第1回_実施通知.docx"
MERGE = "令和6年度_第1回_実施通知_差し込みデータ.xlsx"
GUIDANCE_DATE = "令和6年6月30日（日）"
PERIOD = "令和6年6月1日（土）から令和6年6月30日（日）まで"
SEND_DATE = "令和6年5月31日"

# Round 1 (the 実施例's June): a clinic, a pharmacy in another prefecture, a doctor, a dentist, an online-check clinic.
VIEWERS = [
    viewer(number="1234567", name="みなと医院", addressee="開設者　港　太郎 様", postal="1050011",
           address="東京都港区芝公園1-1"),
    viewer(guidance="更新時", field="薬局", group="埼玉11", number="7654321", name="あさひ薬局",
           addressee="開設者　朝日　花子 様", address="さいたま市浦和区1-1"),
    viewer(guidance="登録時", group="神奈川14", number="501704", name="山田　太郎", addressee="山田　太郎 様",
           address="横浜市中区1-1"),
    viewer(guidance="登録時", field="歯科", group="北海道01", number="600001", name="佐藤　花子",
           addressee="佐藤　花子 様", address="札幌市中央区1-1"),
    viewer(guidance="オンライン資格確認", group="沖縄47", number="2345678", name="なは医院", addressee="院長 様",
           address="那覇市1-1"),
]
# Sentences of the 実施通知例 that every letter carries as the seed words them.
SEED_SENTENCES = [
    "さて、この度、健康保険法第73条（船員保険法第59条において準用する場合を含む。）、国民健康保険法第41条及び高齢者の"
    "医療の確保に関する法律第66条の規定により、集団指導を実施することとしていますが、eラーニングを視聴することにより"
    "集団指導に出席したものとみなします。",
    "視聴を完了しなければ、集団指導に出席したとみなされませんのでご注意ください。",
    "※必ず本通知記載のIDと下記ログインパスワードでログインをしてください。",
    "IDやパスワードを間違えると視聴できません。",
    "視聴困難な場合等のお問合せにつきましては、次の連絡先までお願いします。",
    "ログインページ：https://nws.stage.ac/hoken-iryuu/",  # 手順 2①
]
# 「○○厚生局及び○○都道府県」 with each viewer's own prefecture, and 7 指導対象者 by 種別 (実施通知例).
PREFECTURES = ["東京都", "埼玉県", "神奈川県", "北海道", "沖縄県"]
COVERED = ["開設者、管理者、保険医", "開設者、管理者、保険薬剤師", "保険医\u3000山田　太郎",
           "保険医（歯科医師）\u3000佐藤　花子", "開設者、管理者、保険医"]


@pytest.fixture(scope="module")
def sent(tmp_path_factory):
    """The list exported on 第1回's ● deadline, then notices with the 実施例's 送付日 (2024-05-31)."""
    # Module scope has no capsys: main() prints to the captured output of the first test.
    folder = tmp_path_factory.mktemp("seed") / "課"
    master = make_list(folder, VIEWERS)
    assert main(["export", str(master), "--round", "1", "--today", "2024-05-24"]) == 0
    return master


def test_the_worked_example_gives_one_letter_per_viewer_with_the_seed_dates(sent, capsys):
    """4(2) ①–⑥: 「①視聴方法、②指導実施日（視聴期間最終日）、③視聴可能期間、④ログインID、⑤ログインパスワード、
    ⑥最後まで視聴し、自動的に移動するマイページ画面にて「視聴完了」の表示が出ていることを確認すること。」"""
    code, out, err = run(capsys, "notices", sent, "--round", "1", "--send-date", "2024-05-31")
    assert (code, err) == (0, ""), out
    folder = sent.parent / "実施通知"
    texts = letters(folder / LETTERS)
    rows = [r for r in list_rows(sent) if m.round_number(r[m.ROUND]) == 1]
    assert len(texts) == len(rows) == 5
    for text, row, prefecture, covered in zip(texts, rows, PREFECTURES, COVERED, strict=True):
        lines = text.splitlines()
        after = {heading: lines[lines.index(heading) + 1] for heading in lines if heading[:1].isdigit()}
        assert SEND_DATE in lines  # 実施通知送付日
        assert f"関東信越厚生局及び{prefecture}による集団指導の実施について（通知）" in lines
        assert after["2\u3000視聴方法"].startswith("関東信越厚生局のホームページに掲載している")  # ①
        assert after["3\u3000指導実施日（視聴期間最終日）"] == GUIDANCE_DATE  # ②
        assert after["4\u3000視聴可能期間"] == PERIOD  # ③
        assert after["5\u3000ログインID（全て半角）"] == row[m.LOGIN_ID]  # ④
        assert after["6\u3000ログインパスワード（全て半角）"] == row[m.PASSWORD]  # ⑤
        assert "「視聴完了」と表示されていることを確認してください" in after["8\u3000留意事項"]  # ⑥
        assert after["7\u3000指導対象者"] == covered
        assert row[m.NAME] in text and row[m.ADDRESSEE] in lines
        assert "関厚発0520第1号" in lines and "関東信越厚生局長" in lines  # 文書番号, 発信者 (実施通知例)
        assert "（連絡先）" in text and "電話 048-740-0000、FAX 048-601-0000" in text
        for sentence in SEED_SENTENCES:
            assert sentence in text, sentence
        others = [r for r in rows if r is not row]
        assert not any(o[m.LOGIN_ID] in text or o[m.PASSWORD] in text for o in others)
    # The pharmacy's letter speaks of 保険調剤 (実施通知例 1 目的「薬局の場合、保険調剤」).
    assert "保険調剤の質的向上" in texts[1] and "保険調剤の質的向上" not in texts[0]
    # The merge workbook says the same, cell for cell.
    header, *merge = sheet_rows(folder / MERGE)
    merged = [dict(zip(header, r, strict=True)) for r in merge]
    assert [(r["ログインID"], r["ログインパスワード"]) for r in merged] == [
        (r[m.LOGIN_ID], r[m.PASSWORD]) for r in rows]
    assert {(r["発信日"], r["指導実施日"], r["視聴開始日"], r["視聴終了日"], r["視聴可能期間"]) for r in merged} == {
        (SEND_DATE, GUIDANCE_DATE, "令和6年6月1日（土）", GUIDANCE_DATE, PERIOD)}


def test_a_send_date_too_late_to_arrive_before_the_period_is_warned(sent, capsys):
    """4(1): 「視聴者の登録を行った保険医療機関等、保険医等あてに実施通知を作成し、視聴期間開始日前に視聴者に
    到達するよう発出する。」 With the default 3 days in the post, the 実施例's 5月31日 cannot arrive before 6月1日:
    the letters are made (exit 0) and the warning names the last day to post them; 5月28日 is early enough."""
    code, out, _ = run(capsys, "notices", sent, "--round", "1", "--send-date", "2024-05-31")
    assert code == 0
    assert "視聴開始日（令和6年6月1日（土））の前日までに届きません" in out
    assert "令和6年5月28日（火）までに発送してください" in out
    code, out, _ = run(capsys, "notices", sent, "--round", "1", "--send-date", "2024-05-28")
    assert code == 0 and "届きません" not in out
