"""The 実施通知's wording and placeholder values: variants, blanks, dates and the send-date check."""

import datetime as dt

import pytest

from shuudan_xl.rules import notice_text as nt
from shuudan_xl.rules.schedule import find_round, schedule_for
from shuudan_xl.rules.settings import Settings

ROUND_1 = find_round(schedule_for(2024), 1)
SEND = dt.date(2024, 5, 20)
SETTINGS = Settings(bureau="関東信越厚生局", sender="関東信越厚生局長", document_number="関厚発0520第1号",
                    office="東京事務所", section="指導監査課", contact_person="集団指導担当",
                    postal_code="3300000", address="さいたま市中央区新都心1-1", phone="048-000-0000",
                    fax="048-000-0001", homepage_url="https://example.jp/kantoshinetsu/")


def clinic(**changes):
    values = dict(name="みなと医院", login_id="n131234567", password="k7pq3zz9wb", guidance="指定時", field="医科",
                  addressee="開設者　港　太郎 様", postal="1050011", address="東京都港区芝公園1-1")
    values.update(changes)
    return nt.NoticeViewer(**values)


def fields(viewer=None, settings=SETTINGS, send=SEND):
    return nt.letter_fields(settings, ROUND_1, viewer or clinic(), send)


def test_every_placeholder_gets_a_value():
    assert set(fields()) == set(nt.PLACEHOLDERS)


def test_the_letter_uses_only_known_placeholders_and_all_required_ones():
    used = [nt.placeholder_name(m.group(1)) for block in nt.LETTER for m in nt.PLACEHOLDER_RE.finditer(block.text)]
    assert set(used) <= set(nt.PLACEHOLDERS)
    assert set(nt.REQUIRED) <= set(used)
    assert set(used) == set(nt.PLACEHOLDERS) - {nt.GUIDANCE, nt.ROUND, nt.PERIOD, nt.HOMEPAGE_URL}


def test_the_letter_holds_the_seeds_fixed_sentences():
    text = "\n".join(block.text for block in nt.LETTER)
    for sentence in ("健康保険法第73条（船員保険法第59条において準用する場合を含む。）",
                     "国民健康保険法第41条", "高齢者の医療の確保に関する法律第66条", "1　目的", "2　視聴方法",
                     "3　指導実施日（視聴期間最終日）", "4　視聴可能期間", "5　ログインID（全て半角）",
                     "6　ログインパスワード（全て半角）", "7　指導対象者", "8　留意事項",
                     "「視聴完了」と表示されていることを確認してください", "（連絡先）"):
        assert sentence in text


def test_an_institutions_letter():
    f = fields()
    assert f[nt.TITLE] == "関東信越厚生局及び東京都による集団指導の実施について（通知）"
    assert f[nt.ORGANISERS] == "関東信越厚生局と東京都"
    assert (f[nt.NAME], f[nt.ADDRESSEE], f[nt.POSTAL]) == ("みなと医院", "開設者　港　太郎 様", "〒105-0011")
    assert f[nt.PURPOSE] == nt.PURPOSE_CLINIC and "保険医療機関及び保険医療養担当規則" in f[nt.PURPOSE]
    assert f[nt.TARGETS] == "開設者、管理者、保険医"  # a 医科 clinic: no 保険薬剤師
    assert (f[nt.LOGIN_ID], f[nt.PASSWORD]) == ("n131234567", "k7pq3zz9wb")
    assert f[nt.GUIDANCE] == "指定時集団指導" and f[nt.ROUND] == "第1回"
    assert f[nt.DOCUMENT_NUMBER] == "関厚発0520第1号" and f[nt.SENDER] == "関東信越厚生局長"
    assert f[nt.VISIT_PLACE] == "関東信越厚生局東京事務所"
    assert f[nt.CONTACT] == "関東信越厚生局東京事務所　指導監査課　集団指導担当"
    assert f[nt.CONTACT_ADDRESS] == "〒330-0000　さいたま市中央区新都心1-1"
    assert f[nt.CONTACT_PHONE] == "電話 048-000-0000、FAX 048-000-0001"
    assert f[nt.HOMEPAGE] == "【関東信越厚生局HP】https://example.jp/kantoshinetsu/"
    assert f[nt.LOGIN_URL] == "https://nws.stage.ac/hoken-iryuu/"


def test_dates_are_era_dates_with_weekday_and_the_guidance_date_is_the_last_viewing_day():
    f = fields()
    assert f[nt.GUIDANCE_DATE] == f[nt.END] == "令和6年6月30日（日）"
    assert f[nt.START] == "令和6年6月1日（土）"
    assert f[nt.PERIOD] == "令和6年6月1日（土）から令和6年6月30日（日）まで"
    assert f[nt.SEND_DATE] == "令和6年5月20日"  # the letter's own date, as official letters write it


def test_a_pharmacy_gets_the_pharmacy_wording():
    f = fields(clinic(field="薬局", name="あさひ薬局"))
    assert f[nt.PURPOSE] == nt.PURPOSE_PHARMACY
    assert "保険薬局及び保険薬剤師療養担当規則" in f[nt.PURPOSE] and "保険調剤" in f[nt.PURPOSE]


@pytest.mark.parametrize("field, title", [("医科", "保険医"), ("歯科", "保険医（歯科医師）"), ("薬局", "保険薬剤師")])
def test_a_person_registered_is_the_target_by_name(field, title):
    person = clinic(guidance="登録時", field=field, name="佐々木　由紀", addressee="佐々木　由紀 様",
                    login_id="m13501704")
    f = fields(person)
    assert f[nt.TARGETS] == f"{title}　佐々木　由紀"
    assert f[nt.NAME] == "" and f[nt.ADDRESSEE] == "佐々木　由紀 様"  # the name is printed once
    assert f[nt.GUIDANCE] == "登録時集団指導"


def test_blank_addressees_get_a_default():
    assert fields(clinic(addressee=""))[nt.ADDRESSEE] == "開設者　様"
    person = fields(clinic(guidance="登録時", name="中村　智子", addressee=""))
    assert person[nt.ADDRESSEE] == "中村　智子　様" and person[nt.NAME] == ""


def test_blank_settings_show_as_marks_and_are_listed():
    f = fields(settings=Settings())
    assert f[nt.TITLE] == "○○厚生（支）局及び東京都による集団指導の実施について（通知）"
    assert f[nt.SENDER] == "○○厚生（支）局長" and f[nt.DOCUMENT_NUMBER] == nt.UNSET_DOCUMENT_NUMBER
    assert f[nt.HOMEPAGE] == "" and f[nt.CONTACT_PHONE] == ""
    assert nt.missing_settings(Settings()) == ["厚生局名", "発信者", "文書番号", "電話", "住所"]
    assert nt.missing_settings(SETTINGS) == []


@pytest.mark.parametrize("typed, shown", [("4254311", "〒425-4311"), ("425-4311", "〒425-4311"),
                                          ("〒425-4311", "〒425-4311"), ("６００００１", "〒060-0001"),
                                          ("", ""), ("  ", "")])
def test_postal_codes(typed, shown):
    assert nt.postal_text(typed) == shown


def test_the_qr_code_opens_the_bureau_page_or_else_the_login_page():
    assert nt.qr_target(SETTINGS) == "https://example.jp/kantoshinetsu/"
    assert nt.qr_target(Settings()) == "https://nws.stage.ac/hoken-iryuu/"


@pytest.mark.parametrize("typed, name", [("{{名称}}", "名称"), ("{{ 名称 }}", "名称"),
                                         ("｛｛ログインＩＤ｝｝", "ログインID"), ("{{　宛先　}}", "宛先")])
def test_placeholders_as_staff_type_them(typed, name):
    (match,) = nt.PLACEHOLDER_RE.finditer(f"前{typed}後")
    assert nt.placeholder_name(match.group(1)) == name


@pytest.mark.parametrize("typed, days", [("3", 3), ("３", 3), ("5日", 5), ("0", 0)])
def test_mailing_days(typed, days):
    assert nt.parse_mailing_days(typed) == days


@pytest.mark.parametrize("typed", ["", "三日", "-1", "31"])
def test_unusable_mailing_days_are_refused_in_japanese(typed):
    with pytest.raises(ValueError, match="通知の到達日数"):
        nt.parse_mailing_days(typed)


def test_the_latest_send_date_leaves_the_mailing_days_before_the_day_before_the_start():
    assert nt.latest_send_date(ROUND_1, 3) == dt.date(2024, 5, 28)
    assert nt.check_send_date(dt.date(2024, 5, 28), ROUND_1, 3) is None


def test_a_late_send_date_is_warned_with_the_dates():
    problem = nt.check_send_date(dt.date(2024, 5, 30), ROUND_1, 3)
    assert problem.code == "notice.late" and not problem.is_error
    for text in ("令和6年5月30日（木）", "令和6年6月2日（日）の到達見込み", "令和6年5月28日（火）までに発送",
                 "令和6年6月1日（土）"):
        assert text in problem.message
    assert problem.suggestion == "令和6年5月28日（火）"
    assert "視聴期間が既に始まっている" not in problem.message


def test_a_send_date_in_the_viewing_period_says_so():
    assert "既に始まっている" in nt.check_send_date(dt.date(2024, 6, 3), ROUND_1, 3).message


@pytest.mark.parametrize("group, login_id, prefecture", [
    ("東京13", "n131234567", "東京都"), ("大阪27", "n271234567", "大阪府"), ("北海道01", "n011234567", "北海道"),
    ("京都26", "n261234567", "京都府"), ("神奈川14", "m14501704", "神奈川県"), ("", "n471234567", "沖縄県"),
])
def test_each_letter_names_the_viewers_own_prefecture(group, login_id, prefecture):
    """4(2) and the 実施通知例「○○厚生（支）局及び○○都道府県による集団指導の実施について(通知)」「下記のとおり
    ○○厚生(支)局と○○県による集団指導」: the prefecture is the viewer's (from 所属グループ, else the ID's code),
    spelt officially, never one fixed prefecture for the whole bureau."""
    f = fields(clinic(group=group, login_id=login_id))
    assert f[nt.TITLE] == f"関東信越厚生局及び{prefecture}による集団指導の実施について（通知）"
    assert f[nt.ORGANISERS] == f"関東信越厚生局と{prefecture}"


@pytest.mark.parametrize("field, targets", [
    ("医科", "開設者、管理者、保険医"), ("歯科", "開設者、管理者、保険医（歯科医師）"),
    ("薬局", "開設者、管理者、保険薬剤師"), ("", "開設者、管理者、保険医、保険薬剤師"),
])
def test_the_people_covered_follow_the_kind_of_institution(field, targets):
    """実施通知例 7 指導対象者「開設者、管理者、保険医、保険薬剤師」is the list for every kind together; each
    letter keeps only its own: a dental clinic's letter does not list 保険薬剤師, a pharmacy's not 保険医."""
    assert fields(clinic(field=field))[nt.TARGETS] == targets


def test_settings_left_blank_or_holding_the_examples_marks_are_unfinished():
    """実施通知例「〇〇厚生（支）局〇〇事務所 〇〇課 〇〇」「電話 XXX-XXX-XXXX」: a setting that leaves these in the
    letter is named; a real value is not."""
    assert nt.unfinished_settings(SETTINGS) == []
    assert nt.unfinished_settings(Settings()) == ["厚生局名", "文書番号"]
    copied = Settings(bureau="関東信越厚生局", document_number="関厚発第1号", office="〇〇事務所",
                      phone="XXX-XXX-XXXX", address="さいたま市○○区")
    assert nt.unfinished_settings(copied) == ["事務所名", "住所", "電話"]


@pytest.mark.parametrize("days, latest, why", [
    (6, dt.date(2024, 5, 24), "counted back to Saturday 2024-05-25: the Friday before"),
    (5, dt.date(2024, 5, 24), "counted back to Sunday 2024-05-26: the Friday before"),
    (3, dt.date(2024, 5, 28), "a Tuesday stays"),
])
def test_the_latest_send_date_is_a_business_day(days, latest, why):
    """手順 4(1)「視聴期間開始日前に視聴者に到達するよう発出する」: letters go out from an office, so the last day to
    send them is the business day on or before the day counted back (weekends, national holidays and
    12/29–1/3 are closed: rules.closed_days)."""
    assert nt.latest_send_date(ROUND_1, days) == latest, why


def test_a_latest_send_date_on_a_substitute_holiday_steps_back_to_the_friday():
    """2024-08-12 is 振替休日 (山の日 fell on a Sunday): round 4 starts 2024-09-01, 19 mailing days."""
    assert nt.latest_send_date(find_round(schedule_for(2024), 4), 19) == dt.date(2024, 8, 9)


def test_a_send_date_on_the_closed_days_before_the_counted_day_is_warned_as_a_closed_day():
    problem = nt.check_send_date(dt.date(2024, 5, 25), ROUND_1, 6)
    assert problem.code == "notice.late" and problem.suggestion == "令和6年5月24日（金）"
    assert "土曜日" in problem.message and "令和6年5月24日（金）までに発送" in problem.message
    assert "届きません" not in problem.message
