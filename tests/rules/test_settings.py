"""The 設定 sheet's values: パスワードの文字数 is bounded like the --password-length option."""

import pytest

from shuudan_xl.rules.passwords import MAX_LENGTH, MIN_LENGTH
from shuudan_xl.rules.settings import parse_settings


@pytest.mark.parametrize("value, length", [("9", 9), (12.0, 12), ("32", 32), (" 10 ", 10)])
def test_a_password_length_from_9_to_32_is_taken(value, length):
    settings, problems = parse_settings({"パスワードの文字数": value})
    assert problems == [] and settings.password_length == length


@pytest.mark.parametrize("value", ["8", "33", "1000000", "１０", "10.5", 10.5, "十"])
def test_a_password_length_outside_9_to_32_is_an_error_naming_the_bounds(value):
    settings, ((key, problem),) = parse_settings({"パスワードの文字数": value})
    assert key == "パスワードの文字数" and problem.code == "settings.password_length" and problem.is_error
    assert f"{MIN_LENGTH}〜{MAX_LENGTH}" in problem.message
    assert settings.password_length == 10  # the default stays
