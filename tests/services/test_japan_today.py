"""Today's date in Japan (services.session.japan_today) is Asia/Tokyo's, read without the time-zone database."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuudan_xl.services.session import japan_today

MOMENTS = st.datetimes(min_value=dt.datetime(1952, 1, 1), max_value=dt.datetime(2200, 12, 31),
                       timezones=st.just(dt.UTC))


def tokyo():
    try:
        from zoneinfo import ZoneInfo

        return ZoneInfo("Asia/Tokyo")
    except (ImportError, LookupError, OSError):
        pytest.skip("no time-zone database here (Windows without tzdata)")


@given(MOMENTS)
def test_the_day_is_the_day_in_asia_tokyo_for_any_moment_since_japan_last_kept_summer_time(now):
    assert japan_today(now) == now.astimezone(tokyo()).date()


@pytest.mark.parametrize("utc, day", [
    (dt.datetime(2024, 12, 31, 14, 59, 59, tzinfo=dt.UTC), dt.date(2024, 12, 31)),  # 23:59:59 in Tokyo
    (dt.datetime(2024, 12, 31, 15, 0, tzinfo=dt.UTC), dt.date(2025, 1, 1)),  # midnight in Tokyo
    (dt.datetime(2025, 1, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), dt.date(2025, 1, 1)),  # 22:00
])
def test_a_new_day_starts_at_midnight_in_japan_whatever_zone_the_moment_is_given_in(utc, day):
    assert japan_today(utc) == day


def test_finding_today_does_not_load_the_time_zone_database():
    root = Path(__file__).parents[2]
    code = ("import sys; from shuudan_xl.services.session import japan_today; japan_today(); "
            "sys.stdout.write(str('zoneinfo' in sys.modules))")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")])))
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout == "False"
