"""The viewing schedule: the published 令和6年度 table, computed years, overrides, checks, rounds."""

from __future__ import annotations

import re
from datetime import date, timedelta

import holidays
import pytest

from shuudan_xl.rules import closed_days
from shuudan_xl.rules.schedule import (
    COMPUTED,
    FY2024,
    PUBLISHED,
    ROUND_MONTHS,
    SELF,
    VENDOR,
    Round,
    apply_overrides,
    check_fiscal_year,
    check_round_choice,
    compute_schedule,
    find_round,
    next_open_round,
    schedule_for,
)
from shuudan_xl.rules.schedule_check import check_typed_schedule

# 【視聴期間及び視聴者登録期限】 as printed in the 令和6年5月20日付け事務連絡 (tab-separated as copied,
# including its typo: 令和6年10月1日 was a Tuesday, not a Sunday).
SEED_TABLE = """\
第1回	●5月24日(金) ☆5月31日(金)		令和6年6月1日(土)～ 令和6年6月30日(日)	令和6年6月30日(日)
第2回	●6月21日(金) ☆6月28日(金)		令和6年7月1日(月)～ 令和6年7月31日(水)	令和6年7月31日(水)
第3回	●7月24日(水) ☆7月31日(水)		令和6年8月1日(木)～ 令和6年8月31日(土)	令和6年8月31日(土)
第4回	●8月23日(金) ☆8月30日(金)		令和6年9月1日(日)～ 令和6年9月30日(月)	令和6年9月30日(月)
第5回	●9月24日(火) ☆9月30日(月)		令和6年10月1日(日)～ 令和6年10月31日(木)	令和6年10月31日(木)
第6回	●10月24日(木) ☆10月31日(木)		令和6年11月1日(金)～ 令和6年11月30日(土)	令和6年11月30日(土)
第7回	●11月22日(金) ☆11月29日(金)		令和6年12月1日(日)～ 令和6年12月31日(火)	令和6年12月31日(火)
第8回	●12月23日(月) ☆12月27日(金)		令和7年1月1日(水)～ 令和7年1月31日(金)	令和7年1月31日(金)
第9回	●1月24日(金) ☆1月31日(金)		令和7年2月1日(土)～ 令和7年2月28日(金)	令和7年2月28日(金)
"""
SEED_ROWS = [line.split("\t") for line in SEED_TABLE.splitlines()]


def seed_dates(line: str) -> tuple[int, date, date, date, date, date]:
    # Read a seed line with plain number matching, independently of the module's parser.
    n = [int(x) for x in re.findall(r"\d+", line)]

    def deadline_year(month: int) -> int:
        return 2024 if month >= 4 else 2025

    return (n[0], date(deadline_year(n[1]), n[1], n[2]), date(deadline_year(n[3]), n[3], n[4]),
            date(2018 + n[5], n[6], n[7]), date(2018 + n[8], n[9], n[10]), date(2018 + n[11], n[12], n[13]))


def government_closed(day: date) -> bool:
    # The closed-day rule written out against the holidays library, for checking computed tables.
    return (day.weekday() >= 5 or day in holidays.Japan(years=day.year)
            or (day.month, day.day) in ((12, 29), (12, 30), (12, 31), (1, 1), (1, 2), (1, 3)))


# --- the published 令和6年度 table --------------------------------------------------------------

def test_fy2024_table_is_the_seed_table_date_for_date():
    assert len(FY2024) == 9
    for line, rnd in zip(SEED_TABLE.splitlines(), FY2024, strict=True):
        number, vendor, self_deadline, start, end, guidance = seed_dates(line)
        got = (rnd.number, rnd.vendor_deadline, rnd.self_deadline, rnd.start, rnd.end, rnd.guidance_date)
        assert got == (number, vendor, self_deadline, start, end, guidance)


def test_the_seed_prints_one_wrong_weekday_round_5_start():
    wrong = []
    for line in SEED_TABLE.splitlines():
        dates = seed_dates(line)[1:]
        # Each cell's labels in order: ●, ☆, start, end, guidance.
        labels = re.findall(r"\((.)\)", line)
        for day, label in zip(dates, labels, strict=True):
            if "月火水木金土日"[day.weekday()] != label:
                wrong.append((day, label))
    assert wrong == [(date(2024, 10, 1), "日")]


def test_fy2024_is_the_published_table_and_guidance_is_the_last_day():
    rounds = schedule_for(2024)
    assert rounds == FY2024
    assert all(r.source == PUBLISHED for r in rounds)
    assert all(r.guidance_date == r.end for r in rounds)
    assert rounds[0].as_dict() == {
        "round": 1, "vendor_deadline": "2024-05-24", "self_deadline": "2024-05-31",
        "start": "2024-06-01", "end": "2024-06-30", "guidance_date": "2024-06-30"}


# --- computed tables --------------------------------------------------------------------------

def test_computing_fy2024_reproduces_every_self_deadline_and_eight_vendor_deadlines():
    computed = compute_schedule(2024)
    assert all(r.source == COMPUTED for r in computed)
    assert [r.self_deadline for r in computed] == [r.self_deadline for r in FY2024]
    assert [(r.start, r.end) for r in computed] == [(r.start, r.end) for r in FY2024]
    differing = [(c.number, c.vendor_deadline, p.vendor_deadline)
                 for c, p in zip(computed, FY2024, strict=True) if c.vendor_deadline != p.vendor_deadline]
    # The published 12/23 (Mon) is a manual adjustment; the rule gives Friday 12/20 (= 12/27 − 7).
    assert differing == [(8, date(2024, 12, 20), date(2024, 12, 23))]


def test_round_5_vendor_deadline_moves_past_the_substitute_holiday():
    # ☆ 9/30 − 7 = 9/23, 振替休日 → 9/24, as published.
    assert compute_schedule(2024)[4].vendor_deadline == date(2024, 9, 24)


def test_an_override_yields_the_published_fy2024_table():
    rounds = compute_schedule(2024, overrides={8: {"vendor_deadline": date(2024, 12, 23)}})
    assert rounds == FY2024
    assert rounds[7].overridden == ("vendor_deadline",)
    assert rounds[7].source == COMPUTED
    assert all(r.overridden == () for r in rounds if r.number != 8)


def test_overrides_accept_text_within_the_fiscal_year():
    rounds = compute_schedule(2024, overrides={8: {"vendor_deadline": "12月23日(月)"},
                                               9: {"self_deadline": "令和7年1月30日"}})
    assert rounds[7].vendor_deadline == date(2024, 12, 23)
    assert rounds[8].self_deadline == date(2025, 1, 30)


def test_overrides_apply_to_the_published_table_too():
    rounds = schedule_for(2024, overrides={1: {"end": date(2024, 6, 29)}})
    assert rounds[0].end == rounds[0].guidance_date == date(2024, 6, 29)
    assert rounds[0].overridden == ("end",)
    assert FY2024[0].end == date(2024, 6, 30)  # the built-in table is untouched


def test_overrides_accumulate_field_names_in_field_order():
    once = apply_overrides(FY2024, {2: {"start": date(2024, 7, 2)}})
    twice = apply_overrides(once, {2: {"vendor_deadline": date(2024, 6, 20)}})
    assert twice[1].overridden == ("vendor_deadline", "start")


@pytest.mark.parametrize(("overrides", "message"), [
    ({10: {"start": date(2025, 3, 1)}}, "第10回がありません"),
    ({8: {"deadline": date(2024, 12, 23)}}, "上書きできない項目"),
    ({8: {"guidance_date": date(2025, 1, 31)}}, "視聴期間最終日"),
    ({8: {"vendor_deadline": "12月23日(火)"}}, "第8回の●登録期限（事業者）: .*月曜日"),
    ({8: {"vendor_deadline": "そのうち"}}, "日付として読めません"),
])
def test_bad_overrides_are_refused(overrides, message):
    with pytest.raises(ValueError, match=message):
        compute_schedule(2024, overrides)


@pytest.mark.parametrize("fiscal_year", [2025, 2026, 2027, 2019, 2020])
def test_computed_tables_follow_the_rule_against_the_holidays_library(fiscal_year):
    rounds = schedule_for(fiscal_year)
    assert [r.number for r in rounds] == list(range(1, 10))
    for rnd, month in zip(rounds, ROUND_MONTHS, strict=True):
        assert rnd.source == COMPUTED
        assert (rnd.start.month, rnd.start.day) == (month, 1)
        assert rnd.start.year == (fiscal_year if month >= 4 else fiscal_year + 1)
        assert (rnd.end + timedelta(days=1)).day == 1 and rnd.end.month == month
        assert rnd.guidance_date == rnd.end
        # ☆: a business day before the start, with only closed days in between.
        assert rnd.self_deadline < rnd.start and not government_closed(rnd.self_deadline)
        gap = rnd.self_deadline + timedelta(days=1)
        while gap < rnd.start:
            assert government_closed(gap)
            gap += timedelta(days=1)
        # ●: ☆ − 7, or the first business day after it.
        target = rnd.self_deadline - timedelta(days=7)
        assert target <= rnd.vendor_deadline < rnd.self_deadline
        assert not government_closed(rnd.vendor_deadline)
        day = target
        while day < rnd.vendor_deadline:
            assert government_closed(day)
            day += timedelta(days=1)
    for earlier, later in zip(rounds, rounds[1:], strict=False):
        assert later.start == earlier.end + timedelta(days=1)


@pytest.mark.parametrize(("fiscal_year", "number", "vendor", "self_deadline"), [
    (2025, 1, date(2025, 5, 23), date(2025, 5, 30)),   # 6/1 is a Sunday
    (2025, 5, date(2025, 9, 24), date(2025, 9, 30)),   # 9/23 秋分の日
    (2025, 8, date(2025, 12, 19), date(2025, 12, 26)),  # 12/29–1/3 closed, 12/27–28 weekend
    (2025, 9, date(2026, 1, 23), date(2026, 1, 30)),
    (2026, 4, date(2026, 8, 24), date(2026, 8, 31)),
    (2026, 5, date(2026, 9, 24), date(2026, 9, 30)),   # 9/23 秋分の日
    (2026, 7, date(2026, 11, 24), date(2026, 11, 30)),  # 11/23 勤労感謝の日
    (2026, 8, date(2026, 12, 21), date(2026, 12, 28)),
])
def test_hand_checked_deadlines_of_fy2025_and_fy2026(fiscal_year, number, vendor, self_deadline):
    rnd = find_round(compute_schedule(fiscal_year), number)
    assert (rnd.vendor_deadline, rnd.self_deadline) == (vendor, self_deadline)


def test_leap_years_end_round_9_on_february_29():
    assert compute_schedule(2027)[8].end == date(2028, 2, 29)


def test_fiscal_years_outside_the_holiday_calendar_are_refused():
    check_fiscal_year(1989)
    check_fiscal_year(2098)
    assert compute_schedule(2098)[8].end == date(2099, 2, 28)
    for year in (1988, 2099, 24):
        with pytest.raises(ValueError, match="平成元年度（1989）から2098年度まで"):
            schedule_for(year)


# --- government business days -----------------------------------------------------------------

@pytest.mark.parametrize(("day", "reason"), [
    (date(2024, 9, 23), "振替休日"),
    (date(2024, 12, 28), "土曜日"),
    (date(2024, 12, 29), "年末年始の休日"),
    (date(2025, 1, 1), "年末年始の休日"),
    (date(2025, 1, 3), "年末年始の休日"),
    (date(2024, 6, 2), "日曜日"),
    (date(2019, 5, 1), "天皇の即位の日"),
    (date(2025, 1, 6), None),
    (date(2024, 12, 27), None),
])
def test_closed_reasons(day, reason):
    assert closed_days.closed_reason(day) == reason
    assert closed_days.is_business_day(day) == (reason is None)


def test_business_day_steps():
    assert closed_days.last_business_day_before(date(2025, 1, 1)) == date(2024, 12, 27)
    assert closed_days.last_business_day_before(date(2024, 10, 1)) == date(2024, 9, 30)
    assert closed_days.first_business_day_from(date(2024, 9, 23)) == date(2024, 9, 24)
    assert closed_days.first_business_day_from(date(2024, 12, 28)) == date(2025, 1, 6)
    assert closed_days.first_business_day_from(date(2024, 12, 20)) == date(2024, 12, 20)


def test_years_without_holiday_data_are_refused():
    with pytest.raises(ValueError, match="2100年の祝日は分からない"):
        closed_days.is_business_day(date(2100, 1, 4))


# --- which round to use -----------------------------------------------------------------------

@pytest.mark.parametrize(("today", "method", "number"), [
    (date(2024, 5, 1), VENDOR, 1),
    (date(2024, 5, 24), VENDOR, 1),   # the deadline day itself is still open
    (date(2024, 5, 25), VENDOR, 2),
    (date(2024, 5, 25), SELF, 1),
    (date(2024, 12, 21), VENDOR, 8),  # the published 12/23, not the computed 12/20
    (date(2024, 12, 24), VENDOR, 9),
    (date(2024, 12, 24), SELF, 8),
    (date(2025, 1, 31), SELF, 9),
    (date(2025, 2, 1), SELF, None),
])
def test_next_open_round(today, method, number):
    found = next_open_round(today, method, FY2024)
    assert (found.number if found else None) == number


def test_choosing_a_round_whose_deadline_passed_names_the_next_one():
    problem = check_round_choice(8, date(2024, 12, 24), VENDOR, FY2024)
    assert problem.code == "schedule.deadline_passed"
    assert problem.severity == "warning"
    assert problem.suggestion == "第9回"
    assert "第8回の●登録期限（事業者）（令和6年12月23日（月））を過ぎています" in problem.message
    assert "第9回" in problem.message and "令和7年1月24日（金）" in problem.message


def test_choosing_an_open_round_is_fine():
    assert check_round_choice(8, date(2024, 12, 24), SELF, FY2024) is None
    assert check_round_choice(8, date(2024, 12, 23), VENDOR, FY2024) is None


def test_when_every_deadline_passed_it_points_to_next_year():
    problem = check_round_choice(9, date(2025, 2, 3), SELF, FY2024)
    assert problem.suggestion is None
    assert "翌年度" in problem.message


def test_unknown_round_or_method_is_refused():
    with pytest.raises(ValueError, match="第10回はありません"):
        check_round_choice(10, date(2024, 6, 1), SELF, FY2024)
    with pytest.raises(ValueError, match="登録方法"):
        next_open_round(date(2024, 6, 1), "mail", FY2024)
    with pytest.raises(ValueError, match="登録方法"):
        FY2024[0].deadline("事業者")


# --- checking a typed schedule table ------------------------------------------------------------

def codes(findings) -> list[tuple[int, str, str]]:
    return [(f.row, f.column, f.code) for f in findings]


def test_catches_the_seeds_own_weekday_typo_and_nothing_else():
    findings = check_typed_schedule(SEED_ROWS, sheet="視聴期間", first_row=4)
    assert codes(findings) == [(8, "視聴期間", "schedule.weekday")]
    finding = findings[0]
    assert finding.sheet == "視聴期間"
    assert finding.severity == "error"
    assert finding.value == "令和6年10月1日(日)"
    assert finding.suggestion == "令和6年10月1日（火）"
    assert "火曜日" in finding.message


def test_full_width_typing_is_read_the_same():
    rows = [[c.replace("(", "（").replace(")", "）") for c in row] for row in SEED_ROWS]
    assert codes(check_typed_schedule(rows)) == [(5, "視聴期間", "schedule.weekday")]


def test_builtin_tables_pass_the_checker_as_dates_or_iso_text():
    assert check_typed_schedule([r.as_dict() for r in FY2024]) == []
    rows = [(r.number, r.vendor_deadline, r.self_deadline, r.start, r.end, r.guidance_date)
            for r in compute_schedule(2026)]
    assert check_typed_schedule(rows) == []


def test_year_less_dates_use_the_given_fiscal_year():
    rows = [("第1回", "5月24日(金)", "5月31日(金)", "6月1日(土)", "6月30日(日)", "6月30日(日)"),
            ("第8回", "12月23日(月)", "12月27日(金)", "1月1日(水)", "1月31日(金)", "1月31日(金)")]
    assert check_typed_schedule(rows, fiscal_year=2024) == []
    # In 令和7年度 those labels are wrong: 2025-05-24 is a Saturday.
    wrong = check_typed_schedule(rows, fiscal_year=2025)
    assert "schedule.weekday" in {f.code for f in wrong}


def test_a_table_without_any_year_cannot_be_checked():
    rows = [("第1回", "5月24日", "5月31日", "6月1日", "6月30日", "6月30日")]
    assert codes(check_typed_schedule(rows)) == [(1, "視聴期間", "schedule.year")]


def test_reports_every_kind_of_problem():
    rows = [
        {"round": "第1回", "vendor_deadline": "令和6年6月1日(土)", "self_deadline": "5月25日",
         "start": "2024/06/01", "end": date(2024, 6, 30), "guidance_date": "令和6年6月29日"},
        {"round": "第１回", "vendor_deadline": "R6.6.21", "self_deadline": "平成31年6月28日",
         "period": "令和6年6月15日～令和6年7月31日"},
        {"round": "三", "vendor_deadline": None, "self_deadline": "7月31日",
         "start": "令和6年8月31日", "end": "令和6年8月1日", "guidance_date": "令和6年8月1日"},
        {"round": 4, "vendor_deadline": "8月23日", "self_deadline": "8月30日",
         "start": "令和5年9月1日", "end": "令和5年9月30日"},
    ]
    found = check_typed_schedule(rows, sheet="S", first_row=2)
    assert codes(found) == [
        (2, "●登録期限（事業者）", "schedule.deadline_late"),
        (2, "●登録期限（事業者）", "schedule.closed_day"),
        (2, "●登録期限（事業者）", "schedule.deadline_order"),
        (2, "☆登録期限（自庁）", "schedule.closed_day"),
        (2, "指導年月日", "schedule.guidance"),
        (3, "視聴回", "schedule.round"),
        (3, "●登録期限（事業者）", "schedule.deadline_late"),
        (3, "☆登録期限（自庁）", "schedule.date"),
        (3, "視聴期間", "schedule.overlap"),
        (4, "視聴回", "schedule.round"),
        (4, "●登録期限（事業者）", "schedule.missing"),
        (4, "視聴期間（終了）", "schedule.period"),
        # 令和5年 in a 令和6年度 table: the year-less deadlines (令和6年) fall after the start.
        (5, "●登録期限（事業者）", "schedule.deadline_late"),
        (5, "☆登録期限（自庁）", "schedule.deadline_late"),
        (5, "視聴期間（開始）", "schedule.fiscal_year"),
        (5, "視聴期間（終了）", "schedule.fiscal_year"),
    ]
    assert {f.sheet for f in found} == {"S"}
    by_code = {(f.row, f.code): f for f in found}
    assert by_code[(2, "schedule.guidance")].suggestion == "令和6年6月30日（日）"
    assert "第1回が2行目にもあります" in by_code[(3, "schedule.round")].message
    assert "第1回の視聴期間" in by_code[(3, "schedule.overlap")].message
    assert "令和元年6月28日" in by_code[(3, "schedule.date")].message
    assert "「第1回」のように" in by_code[(4, "schedule.round")].message
    assert "閉庁日（土曜日）" in by_code[(2, "schedule.closed_day")].message


def test_overlaps_are_found_even_behind_a_long_period():
    rows = [(1, "5月24日", "5月31日", "令和6年6月1日", "令和6年8月31日", None),
            (2, "6月21日", "6月28日", "令和6年7月1日", "令和6年7月31日", None),
            (3, "7月24日", "7月31日", "令和6年8月1日", "令和6年8月31日", None)]
    found = check_typed_schedule(rows)
    overlaps = [(f.row, f.code) for f in found if f.code == "schedule.overlap"]
    assert overlaps == [(2, "schedule.overlap"), (3, "schedule.overlap")]


def test_blank_rows_are_skipped_and_bad_row_shapes_refused():
    rows = [*SEED_ROWS[:1], ["", None, "", "", ""], *SEED_ROWS[1:2]]
    assert check_typed_schedule(rows) == []
    with pytest.raises(ValueError, match="5列か6列"):
        check_typed_schedule([("第1回", "5月24日")])


def test_rounds_compare_by_dates_only():
    a = Round(1, date(2024, 5, 24), date(2024, 5, 31), date(2024, 6, 1), date(2024, 6, 30), PUBLISHED)
    b = Round(1, date(2024, 5, 24), date(2024, 5, 31), date(2024, 6, 1), date(2024, 6, 30), COMPUTED)
    assert a == b


def test_every_viewing_period_runs_from_the_first_to_the_last_day_of_its_month():
    """「視聴期間：令和6年6月1日（土）から令和6年6月30日（日）まで」: a round's viewing period is one calendar month,
    first day to last; February of a leap year and December included, in every fiscal year the schedule can be
    built for."""
    import calendar
    from datetime import date

    from shuudan_xl.rules.era import year_in_fiscal_year
    from shuudan_xl.rules.schedule import FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR, ROUND_MONTHS, viewing_period

    for fiscal_year in range(FIRST_FISCAL_YEAR, LAST_FISCAL_YEAR + 1):
        for number, month in enumerate(ROUND_MONTHS, start=1):
            year = year_in_fiscal_year(month, fiscal_year)
            assert viewing_period(fiscal_year, number) == (
                date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))
