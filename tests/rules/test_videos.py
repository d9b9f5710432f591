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


@pytest.mark.parametrize("typed", ["指定時集団指導（医科）6月", "指定時集団指導（歯科）12月", "登録時集団指導（医科）"])
def test_a_typed_video_that_is_a_catalog_name_is_accepted(typed):
    assert VideoCatalog(EVERY_ROUND).typed_video_problems(typed) == []


@pytest.mark.parametrize("typed, suggestion", [
    ("指定時集団指導（医科）６月", "指定時集団指導（医科）6月"),          # full-width digit
    ("指定時集団指導(医科)6月", "指定時集団指導（医科）6月"),            # half-width brackets
    ("指定時集団指導（医科）6月\u200b", "指定時集団指導（医科）6月"),    # zero-width space
    (" 登録時集団指導（医科）", "登録時集団指導（医科）"),                # a space before it
])
def test_a_typed_video_that_differs_only_by_cleaning_is_an_error_suggesting_the_catalog_spelling(typed, suggestion):
    """Issue 8: a typed 指導動画 must equal a 動画一覧 entry after the same cleaning as other text."""
    (problem,) = VideoCatalog(EVERY_ROUND).typed_video_problems(typed)
    assert (problem.code, problem.severity, problem.suggestion) == ("master.video_variant", "error", suggestion)


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://example.com","指定時")', "-2+3+cmd|' /C calc'!A0",
                                   "@SUM(A1)", "指定時集団指導（医科）13月", "別の動画"])
def test_formula_looking_or_unknown_videos_are_errors_and_never_sent(typed):
    (problem,) = VideoCatalog(EVERY_ROUND).typed_video_problems(typed)
    assert (problem.code, problem.severity, problem.suggestion) == ("master.video_unknown", "error", None)
    assert ("数式" in problem.message) == typed.startswith(("=", "-", "@"))
