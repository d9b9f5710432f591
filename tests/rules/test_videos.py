import pytest

from shuudan_xl.rules.videos import CatalogEntry, VideoCatalog

EVERY_ROUND = [
    CatalogEntry("指定時", "医科", None, "指定時集団指導（医科）{月}月"),
    CatalogEntry("指定時", "歯科", None, "指定時集団指導（歯科）{月}月"),
    CatalogEntry("登録時", "医科", None, "登録時集団指導（医科）"),
]


def test_seed_example_name_for_june():
    catalog = VideoCatalog(EVERY_ROUND)
    assert catalog.video("指定時", "医科", 1, 6) == "指定時集団指導（医科）6月"


def test_month_follows_the_viewing_period_not_the_round():
    catalog = VideoCatalog(EVERY_ROUND)
    assert catalog.video("指定時", "医科", 3, 8) == "指定時集団指導（医科）8月"
    assert catalog.video("指定時", "医科", 8, 1) == "指定時集団指導（医科）1月"


def test_guidance_and_field_select_the_entry():
    catalog = VideoCatalog(EVERY_ROUND)
    assert catalog.video("指定時", "歯科", 1, 6) == "指定時集団指導（歯科）6月"
    assert catalog.video("更新時", "医科", 1, 6) is None
    assert catalog.video("指定時", "薬局", 1, 6) is None


def test_name_without_placeholder_is_used_as_is():
    assert VideoCatalog(EVERY_ROUND).video("登録時", "医科", 2, 7) == "登録時集団指導（医科）"


@pytest.mark.parametrize("order", [1, -1])
def test_round_specific_entry_wins_in_its_round_only(order):
    entries = [CatalogEntry("指定時", "医科", None, "通常版{月}月"),
               CatalogEntry("指定時", "医科", 4, "改定対応版{月}月")]
    catalog = VideoCatalog(entries[::order])
    assert catalog.video("指定時", "医科", 4, 9) == "改定対応版9月"
    assert catalog.video("指定時", "医科", 3, 8) == "通常版8月"


def test_round_specific_entry_alone_serves_no_other_round():
    catalog = VideoCatalog([CatalogEntry("更新時", "薬局", 2, "更新時（薬局）特別版")])
    assert catalog.video("更新時", "薬局", 2, 7) == "更新時（薬局）特別版"
    assert catalog.video("更新時", "薬局", 1, 6) is None


def test_empty_catalog_has_no_video():
    assert VideoCatalog([]).video("指定時", "医科", 1, 6) is None
