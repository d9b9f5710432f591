import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.errors import RuleError
from shuudan_xl.rules.passwords import (
    DEFAULT_ALPHABET,
    MAX_LENGTH,
    MIN_LENGTH,
    check_length,
    check_password,
    entropy_bits,
    generate_password,
    generate_passwords,
)


def codes(password: str, login_id: str | None = None) -> list[str]:
    return [p.code for p in check_password(password, login_id)]


def test_default_alphabet_has_no_lookalikes_and_both_letters_and_digits():
    assert not set("0Oo1lIi") & set(DEFAULT_ALPHABET)
    assert len(set(DEFAULT_ALPHABET)) == len(DEFAULT_ALPHABET) == 31
    assert re.search("[a-z]", DEFAULT_ALPHABET) and re.search("[0-9]", DEFAULT_ALPHABET)


def test_entropy_of_the_default_is_about_49_bits():
    assert entropy_bits() == pytest.approx(10 * math.log2(31))
    assert 49 < entropy_bits() < 50


def test_default_length_is_10_and_length_is_configurable():
    assert len(generate_password()) == 10
    assert {len(p) for p in generate_passwords(50, 14)} == {14}


@pytest.mark.parametrize("length", [0, 8, -1, 33, 1_000_000, 10.0, "10", True])
def test_a_length_outside_9_to_32_is_refused_with_a_rule_error(length):
    with pytest.raises(RuleError, match="9〜32"):
        generate_passwords(1, length)
    with pytest.raises(RuleError):
        check_length(length)


def test_the_length_bounds_are_9_and_32():
    assert (MIN_LENGTH, MAX_LENGTH) == (9, 32)
    assert check_length(9) == 9 and check_length(32) == 32
    assert {len(p) for p in generate_passwords(20, 32)} == {32}


def test_many_passwords_are_distinct_and_use_every_character():
    batch = generate_passwords(20_000)
    assert len(set(batch)) == len(batch)
    assert set("".join(batch)) == set(DEFAULT_ALPHABET)


def test_characters_are_as_uniform_as_the_mixing_rule_allows():
    # Uniform characters, conditioned on holding a letter and a digit (the mixing rule), favour digits by
    # about 7 %: compare every character with that exact expectation. Each count's standard deviation is
    # about 1.3 % of it, so 6 % is far outside chance (a modulo bias of 256 % 31 would show +12 %).
    from math import comb

    length, count = 10, 20_000
    digits = [ch for ch in DEFAULT_ALPHABET if ch.isdigit()]
    p = len(digits) / len(DEFAULT_ALPHABET)
    weights = {k: comb(length, k) * p**k * (1 - p) ** (length - k) for k in range(1, length)}
    mean_digits = sum(k * w for k, w in weights.items()) / sum(weights.values())
    text = "".join(generate_passwords(count, length))
    assert len(text) == length * count
    for ch in DEFAULT_ALPHABET:
        expected = count * (mean_digits / len(digits) if ch.isdigit()
                            else (length - mean_digits) / (len(DEFAULT_ALPHABET) - len(digits)))
        assert abs(text.count(ch) - expected) / expected < 0.06, ch


@settings(max_examples=200)
@given(st.integers(min_value=9, max_value=32), st.integers(min_value=1, max_value=30))
def test_generated_passwords_always_pass_validation(length, count):
    for password in generate_passwords(count, length):
        assert check_password(password) == []


@pytest.mark.parametrize("password, code", [
    ("abc234de", "password.too_short"),
    ("abc234de!", "password.chars"),
    ("abc２３４def", "password.chars"),
    ("abcdefghjk", "password.no_mix"),
    ("234567892", "password.no_mix"),
    ("abc1l34def", "password.lookalike"),
    ("abcl234deI", "password.lookalike"),
    ("abcO234de0", "password.lookalike"),
    ("abco234deO", "password.lookalike"),
    ("abc" + "2" * 30, "password.too_long"),
    ("2345e6789", "password.excel_value"),
    ("23456789a", "password.excel_value"),
    ("23dec2345", "password.excel_value"),
    ("234567pm8", "password.excel_value"),
])
def test_each_password_rule(password, code):
    assert code in codes(password)


def test_length_and_charset_are_errors_the_rest_warnings():
    assert all(p.is_error for p in check_password("abc"))
    assert not any(p.is_error for p in check_password("abcdefghjk"))
    assert not any(p.is_error for p in check_password("abc1234def"))


def test_password_equal_to_the_id_is_a_warning():
    assert codes("m23456789", "m23456789") == ["password.same_as_id"]
    assert codes("m23456789", "m23456788") == []


@pytest.mark.parametrize("password", ["abc1234def", "abcl234def", "abcO234def", "abc1234deO", "k7pq3zz9w1"])
def test_a_single_member_of_each_lookalike_pair_is_not_warned(password):
    """Seed: 「1」や「l」（小文字のL）等の混同されやすい文字の併記は避けた方が無難 (together, not alone)."""
    assert "password.lookalike" not in codes(password)


def test_lookalike_message_names_the_characters():
    (problem,) = check_password("abc1l34def")
    assert "1・l" in problem.message
