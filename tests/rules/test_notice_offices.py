"""The 都道府県別設定 sheet: a bureau's office per prefecture for the letters' sender and contact."""

from shuudan_xl.rules import notice_offices as no
from shuudan_xl.rules.settings import Settings

BUREAU = Settings(bureau="関東信越厚生局", office="埼玉事務所", section="指導監査課", phone="048-000-0000",
                  address="さいたま市中央区新都心1-1")


def test_a_prefectures_row_replaces_only_the_values_it_gives():
    """実施通知例「〇〇厚生（支）局〇〇事務所まで来所いただき」and the contact「〇〇厚生（支）局〇〇事務所 〇〇課」:
    the office is the one in the viewer's prefecture; blank cells keep the 設定 sheet's values."""
    rows = [["都道府県別設定"], [],
            ["都道府県", "事務所名", "住所", "電話", "メモ"],
            ["東京都", "東京事務所", "新宿区西新宿1-1", "03-0000-0000", "x"],
            ["神奈川14", "神奈川事務所", None, None, None],
            [None, None, None, None, None]]
    offices, findings = no.read_offices(rows)
    assert findings == []
    tokyo = offices.settings_for(BUREAU, "13")
    assert (tokyo.office, tokyo.address, tokyo.phone, tokyo.section) == (
        "東京事務所", "新宿区西新宿1-1", "03-0000-0000", "指導監査課")
    kanagawa = offices.settings_for(BUREAU, "14")
    assert (kanagawa.office, kanagawa.address, kanagawa.phone) == ("神奈川事務所", BUREAU.address, BUREAU.phone)
    assert offices.settings_for(BUREAU, "11") == BUREAU  # no row: the bureau's values
    assert offices.where("13") == "シート「都道府県別設定」4行目（東京都）"


def test_unknown_and_repeated_prefectures_are_errors_naming_the_row():
    rows = [["都道府県", "事務所名"], ["東京", "東京事務所"], ["東京13", "重複"], ["とうきょう", "x"], ["", "名無し"]]
    offices, findings = no.read_offices(rows)
    assert list(offices.by_code) == ["13"] and offices.by_code["13"] == {"office": "東京事務所"}
    assert [(f.row, f.column, f.value) for f in findings] == [(3, "都道府県", "東京13"), (4, "都道府県", "とうきょう"),
                                                              (5, "都道府県", None)]
    assert "2行目にもあります" in findings[0].message and all(f.severity == "error" for f in findings)


def test_a_sheet_without_the_header_is_an_error_and_an_empty_one_is_not():
    assert no.read_offices([]) == (no.Offices(), [])
    _, findings = no.read_offices([["東京都", "東京事務所"]])
    assert findings[0].column == "都道府県" and "見出し" in findings[0].message


def test_the_prefecture_comes_from_the_group_else_the_id():
    assert no.prefecture_code("大阪27", "n131234567") == "27"
    assert no.prefecture_code("", "n011234567") == "01"
    assert no.prefecture_code("", "") is None
