"""Era dates and fiscal years: formatting, parsing, the 昭和→平成→令和 boundaries, round trips."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuudan_xl.rules.era import (
    era_of,
    fiscal_year_of,
    format_abbrev,
    format_date,
    format_fiscal_year,
    format_month_day,
    gregorian_year,
    parse_date,
    parse_fiscal_year,
    read_date,
    weekday_label,
)

_FULL_WIDTH = str.maketrans("0123456789()", "０１２３４５６７８９（）")


# --- formatting across the era boundaries ---------------------------------------------------

@pytest.mark.parametrize(("day", "text"), [
    (date(1989, 1, 7), "昭和64年1月7日（土）"),
    (date(1989, 1, 8), "平成元年1月8日（日）"),
    (date(1990, 1, 1), "平成2年1月1日（月）"),
    (date(2019, 4, 30), "平成31年4月30日（火）"),
    (date(2019, 5, 1), "令和元年5月1日（水）"),
    (date(2019, 12, 31), "令和元年12月31日（火）"),
    (date(2020, 1, 1), "令和2年1月1日（水）"),
    (date(2024, 6, 30), "令和6年6月30日（日）"),
    (date(2024, 10, 1), "令和6年10月1日（火）"),
])
def test_formats_era_dates_with_full_width_weekday(day, text):
    assert format_date(day) == text


def test_formats_without_weekday_and_short_forms():
    assert format_date(date(2019, 5, 1), weekday=False) == "令和元年5月1日"
    assert format_month_day(date(2024, 5, 24)) == "5月24日（金）"
    assert format_month_day(date(2024, 5, 24), weekday=False) == "5月24日"
    assert format_abbrev(date(2024, 6, 30)) == "R6.6.30"
    assert format_abbrev(date(2019, 5, 1)) == "R1.5.1"
    assert format_abbrev(date(2019, 4, 30)) == "H31.4.30"
    assert weekday_label(date(2024, 6, 30)) == "日"


def test_era_of_gives_era_and_year():
    era, year = era_of(date(2019, 5, 1))
    assert (era.name, year) == ("令和", 1)
    era, year = era_of(date(2019, 4, 30))
    assert (era.name, year) == ("平成", 31)
    era, year = era_of(date(1926, 12, 25))
    assert (era.name, year) == ("昭和", 1)


def test_dates_before_showa_are_refused_clearly():
    with pytest.raises(ValueError, match="昭和より前"):
        format_date(date(1926, 12, 24))


def test_converts_era_years_to_western_years():
    assert gregorian_year("平成", 30) == 2018
    assert gregorian_year("H", 1) == 1989
    assert gregorian_year("r", 1) == 2019
    assert gregorian_year("昭和", 64) == 1989
    with pytest.raises(ValueError, match="平成は元年から31年まで"):
        gregorian_year("平成", 32)
    with pytest.raises(ValueError, match="令和0年はありません"):
        gregorian_year("令和", 0)
    with pytest.raises(ValueError, match="元号"):
        gregorian_year("大正", 1)


# --- parsing ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "令和6年10月1日(火)",
    "令和6年10月1日（火）",
    "令和６年１０月１日（火）",
    "令和 6 年 10 月 1 日",
    "　令和6年10月1日(火曜日) ",
    "令和6年10月1日（火曜）",
    "令和6年10月1日火曜日",
    "㋿6年10月1日",
    "R6.10.1",
    "r6/10/1",
    "R６．１０．１",
    "2024/10/01",
    "2024-10-01",
    "2024年10月1日(火)",
    "２０２４／１０／０１",
])
def test_reads_the_ways_staff_type_a_date(text):
    assert parse_date(text) == date(2024, 10, 1)


def test_reads_gannen_and_era_letters():
    assert parse_date("令和元年5月1日（水）") == date(2019, 5, 1)
    assert parse_date("平成元年1月8日") == date(1989, 1, 8)
    assert parse_date("H31.4.30") == date(2019, 4, 30)
    assert parse_date("昭和64年1月7日") == date(1989, 1, 7)


def test_dates_without_a_year_take_it_from_the_fiscal_year():
    assert parse_date("10月1日(火)", fiscal_year=2024) == date(2024, 10, 1)
    assert parse_date("1月24日(金)", fiscal_year=2024) == date(2025, 1, 24)
    assert parse_date("3月31日", fiscal_year=2024) == date(2025, 3, 31)
    assert parse_date("4月1日", fiscal_year=2024) == date(2024, 4, 1)
    typed = read_date("10/1", fiscal_year=2024)
    assert (typed.date, typed.has_year) == (date(2024, 10, 1), False)


def test_a_date_without_a_year_and_no_fiscal_year_is_refused():
    with pytest.raises(ValueError, match="年が書かれていない"):
        read_date("10月1日(火)")


def test_accepts_date_and_datetime_objects():
    assert parse_date(date(2024, 10, 1)) == date(2024, 10, 1)
    assert parse_date(datetime(2024, 10, 1, 9, 30)) == date(2024, 10, 1)


def test_keeps_a_wrong_weekday_label_for_the_checker():
    typed = read_date("令和6年10月1日(日)")
    assert typed.date == date(2024, 10, 1)
    assert typed.weekday == 6
    assert not typed.weekday_ok


def test_parse_date_refuses_a_wrong_weekday_label():
    with pytest.raises(ValueError, match="令和6年10月1日は火曜日です.*「日」"):
        parse_date("令和6年10月1日(日)")


@pytest.mark.parametrize(("text", "message"), [
    ("平成31年5月1日", "平成の期間外.*令和元年5月1日"),
    ("令和元年4月30日", "令和の期間外.*平成31年4月30日"),
    ("平成元年1月7日", "平成の期間外.*昭和64年1月7日"),
    ("昭和64年1月8日", "昭和の期間外.*平成元年1月8日"),
    ("令和6年2月30日", "存在しない日付"),
    ("令和6年13月1日", "存在しない日付"),
    ("令和0年5月1日", "令和0年はありません"),
    ("平成32年1月1日", "平成32年はありません"),
    ("6/1/2024", "日付として読めません"),
    ("来月1日", "日付として読めません"),
    ("", "日付として読めません"),
])
def test_refuses_dates_that_do_not_exist_or_cannot_be_read(text, message):
    with pytest.raises(ValueError, match=message):
        read_date(text, fiscal_year=2024)


@pytest.mark.parametrize("value", [45565, 1.5, None, True])
def test_refuses_values_that_are_not_dates_or_text(value):
    with pytest.raises(ValueError, match="日付として読めません"):
        read_date(value)


# --- fiscal years -----------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "year"), [
    (2024, 2024), ("2024", 2024), ("２０２４", 2024), ("2024年度", 2024), ("FY2024", 2024),
    ("R6", 2024), ("r6", 2024), ("令和6", 2024), ("令和6年度", 2024), ("令和６年度", 2024),
    (" R 6 ", 2024), ("H30", 2018), ("平成30年度", 2018), ("令和元年度", 2019), ("R1", 2019),
    ("平成31年度", 2019), ("H元", 1989), ("平成元年度", 1989),
])
def test_reads_fiscal_years_as_staff_type_them(value, year):
    assert parse_fiscal_year(value) == year


@pytest.mark.parametrize(("value", "message"), [
    ("", "年度として読めません"),
    ("abc", "年度として読めません"),
    ("R6年度度", "年度として読めません"),
    ("24", "年度として読めません"),
    (24, "西暦4桁"),
    (True, "年度として読めません"),
    ("H32", "平成32年はありません"),
    ("R0", "令和0年はありません"),
    ("S64", "昭和64年度.*ありません.*平成元年度"),
    ("令和-1", "年度として読めません"),
])
def test_refuses_what_is_not_a_fiscal_year(value, message):
    with pytest.raises(ValueError, match=message):
        parse_fiscal_year(value)


@pytest.mark.parametrize(("year", "name"), [
    (2024, "令和6年度"), (2019, "令和元年度"), (2018, "平成30年度"), (1989, "平成元年度"),
    (1988, "昭和63年度"),
])
def test_names_fiscal_years_as_the_government_does(year, name):
    assert format_fiscal_year(year) == name
    if year >= 1989:
        assert parse_fiscal_year(name) == year


def test_fiscal_years_run_from_april_to_march():
    assert fiscal_year_of(date(2025, 3, 31)) == 2024
    assert fiscal_year_of(date(2025, 4, 1)) == 2025
    assert fiscal_year_of(date(2024, 12, 31)) == 2024


# --- round trips ------------------------------------------------------------------------------

heisei_onwards = st.dates(min_value=date(1989, 1, 8), max_value=date(2099, 12, 31))


@given(heisei_onwards)
def test_every_format_parses_back_to_the_same_date(day):
    assert parse_date(format_date(day)) == day
    assert parse_date(format_date(day, weekday=False)) == day
    assert parse_date(format_abbrev(day)) == day
    assert parse_date(format_month_day(day), fiscal_year=fiscal_year_of(day)) == day
    assert parse_date(format_date(day).translate(_FULL_WIDTH)) == day
    assert parse_date(day.isoformat()) == day


@given(heisei_onwards)
def test_era_name_follows_the_boundaries(day):
    text = format_date(day)
    expected = "令和" if day >= date(2019, 5, 1) else "平成"
    assert text.startswith(expected)
    assert ("元年" in text) == (day.year in (1989, 2019) and text.startswith(
        "平成" if day.year == 1989 else "令和"))


@given(heisei_onwards, st.integers(min_value=1, max_value=6))
def test_any_other_weekday_label_is_caught(day, shift):
    wrong = "月火水木金土日"[(day.weekday() + shift) % 7]
    typed = read_date(f"{format_date(day, weekday=False)}({wrong})")
    assert typed.date == day
    assert not typed.weekday_ok
