"""The clean-password pattern, written for speed, passes exactly what its plain statement passes: 9–32
alphanumerics without look-alikes, letters and digits mixed, and not a shape Excel reads as a number or date."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules import passwords

# The plain statement (as the pattern was first written).
PLAIN = re.compile(
    rf"(?!(?=[0-9]*+[A-Za-z]++[0-9]*+$)[0-9]*{passwords._EXCEL_LETTERS}[0-9]*$)"
    r"(?=[A-Za-z]*[0-9])(?=[0-9]*[A-Za-z])"
    rf"[A-HJ-NP-Za-hj-km-np-z2-9]{{{passwords.MIN_LENGTH},{passwords.MAX_LENGTH}}}", re.ASCII)
# Excel words and their neighbours, look-alikes, digits, letters, and what is not alphanumeric.
PIECES = ["2e5", "e", "E", "a", "p", "am", "PM", "dec", "Sept", "september", "may", "12", "345", "9", "0", "1", "O",
          "l", "i", "x", "k7pq", "zz", "b", " ", "\n", "ｋ", "-"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_the_fast_pattern_passes_what_the_plain_statement_passes(text):
    assert bool(passwords.CLEAN_RE.fullmatch(text)) == bool(PLAIN.fullmatch(text))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=7, max_size=34))
def test_random_alphanumerics_pass_alike(text):
    assert bool(passwords.CLEAN_RE.fullmatch(text)) == bool(PLAIN.fullmatch(text))


def test_excel_shapes_and_lengths_at_the_edges():
    for text, clean in [("23456789b", True), ("23456789a", False), ("2345678e9", False), ("23dec2025", False),
                        ("3pm456789", False),
                        ("abcdefgh2", True), ("2abcdefgh", True), ("23456789", False), ("abcdefghjk", False),
                        ("september", False), ("september2", False), ("ab2cd3ef4", True), ("a" * 31 + "2", True),
                        ("a" * 32 + "2", False), ("k7pq3zz9wb", True), ("k7pq3zz9wO", False)]:
        assert bool(passwords.CLEAN_RE.fullmatch(text)) is clean is bool(PLAIN.fullmatch(text)), text


def _plain_generated_shape(text: str) -> bool:
    # is_generated_shape as first written: a letter, a digit, and not wholly an Excel number or date shape.
    return bool(re.search(r"[A-Za-z]", text, re.ASCII) and re.search(r"[0-9]", text, re.ASCII)
                and not re.fullmatch(rf"[0-9]*{passwords._EXCEL_LETTERS}[0-9]*", text, re.ASCII))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_the_generated_shape_pattern_passes_what_its_plain_statement_passes(text):
    assert passwords.is_generated_shape(text) is _plain_generated_shape(text)


def test_the_generated_shape_at_the_edges():
    for text in ["2e5", "2e5\n", "\n2e5", "12dec2025", "3pm", "3pm4x", "ab12", "e", "12", "am12", "2a", "a2b", ""]:
        assert passwords.is_generated_shape(text) is _plain_generated_shape(text), text
