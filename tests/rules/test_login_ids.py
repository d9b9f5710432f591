import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuudan_xl.rules.login_ids import KINDS, LoginId, check_id, compose_id, parse_id
from shuudan_xl.rules.prefectures import PREFECTURES


def codes(text: str) -> list[str]:
    return [p.code for p in check_id(text)]


@pytest.mark.parametrize("login_id", ["n017654321", "s131234567", "r470000001", "m01123456", "d27abcdef",
                                      "p13A1b2C3", "n0112345678901"])
def test_valid_ids_have_no_problem(login_id):
    assert check_id(login_id) == []


def test_seed_example_parses_into_kind_prefecture_serial():
    assert parse_id("n017654321") == LoginId("n", "01", "7654321")
    assert parse_id("n017654321").kind_name == "指定時"


@pytest.mark.parametrize("login_id, code", [
    ("n01765432", None),          # 9 characters: the minimum, valid
    ("n0176543", "id.too_short"),
    ("n01" + "7" * 30, "id.too_long"),
    ("N017654321", "id.kind_case"),
    ("x017654321", "id.kind"),
    ("n487654321", "id.prefecture"),
    ("n007654321", "id.prefecture"),
    ("n1x7654321", "id.prefecture"),
    ("n01-654321", "id.serial_chars"),
    ("n01765４321", "id.serial_chars"),  # full-width digit: ASCII-only pattern
    ("n0112345", "id.serial_short"),
])
def test_each_id_rule_has_its_own_code(login_id, code):
    found = codes(login_id)
    assert (code in found) if code else found == []


def test_uppercase_kind_suggests_the_lowercase_id():
    problem = next(p for p in check_id("M01123456") if p.code == "id.kind_case")
    assert problem.suggestion == "m01123456"
    assert problem.is_error


def test_letter_o_among_digits_is_a_warning_with_the_digit_fix():
    (problem,) = check_id("n0112345O7")
    assert problem.code == "id.lookalike" and not problem.is_error
    assert problem.suggestion == "n011234507"


def test_messages_are_japanese():
    assert all("ユーザーID" in p.message for p in check_id("x0"))


def test_compose_builds_the_seed_example():
    assert compose_id("n", "01", "7654321") == "n017654321"
    assert compose_id("m", "13", "123456") == "m13123456"


@pytest.mark.parametrize("kind, pref, serial", [("x", "01", "123456"), ("n", "48", "123456"),
                                                ("n", "1", "123456"), ("n", "01", "12345"),
                                                ("n", "01", "１２３４５６"), ("n", "01", "12 456")])
def test_compose_refuses_bad_parts_with_a_japanese_message(kind, pref, serial):
    with pytest.raises(ValueError, match="[ぁ-んァ-ン一-龥]"):
        compose_id(kind, pref, serial)


serials = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=6,
                  max_size=20)


@given(st.sampled_from(sorted(KINDS)), st.sampled_from(sorted(PREFECTURES)), serials)
def test_composed_ids_always_parse_back(kind, pref, serial):
    login_id = compose_id(kind, pref, serial)
    assert parse_id(login_id) == LoginId(kind, pref, serial)
    assert all(not p.is_error for p in check_id(login_id))


def test_an_id_may_have_up_to_32_characters():
    assert check_id("n01" + "7" * 29) == []
    (problem,) = check_id("n01" + "7" * 30)
    assert problem.code == "id.too_long" and problem.is_error and "32文字以内" in problem.message
    (problem,) = check_id("n01" + "7" * 32_764)  # Excel's cell limit: one problem, no flood
    assert problem.code == "id.too_long"
