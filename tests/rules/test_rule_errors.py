"""Rules raise the project's RuleError (exit 2 with the Japanese message), never a bare ValueError."""

import datetime as dt

import pytest

from shuudan_xl.errors import InvalidArgument, RuleError
from shuudan_xl.rules import closed_days, era, login_ids, notice_text, passwords, schedule, spare_ids


@pytest.mark.parametrize("call", [
    lambda: era.parse_fiscal_year("来年"),
    lambda: era.read_date("6月31日", 2024),
    lambda: era.era_of(dt.date(1900, 1, 1)),
    lambda: login_ids.compose_id("x", "13", "1234567"),
    lambda: passwords.generate_passwords(1, 5),
    lambda: schedule.check_fiscal_year(1900),
    lambda: spare_ids.next_spare_ids("m", "13", 0, set()),
    lambda: notice_text.parse_mailing_days("百"),
    lambda: closed_days.closed_reason(dt.date(1900, 1, 1)),
], ids=["fiscal_year", "date", "era", "id", "password_length", "schedule_year", "spare_count", "mailing_days",
        "holidays"])
def test_a_bad_value_raises_a_rule_error_with_a_japanese_message(call):
    with pytest.raises(RuleError) as raised:
        call()
    assert isinstance(raised.value, InvalidArgument) and isinstance(raised.value, ValueError)
    assert any("\u3040" <= ch <= "\u9fff" for ch in str(raised.value))
