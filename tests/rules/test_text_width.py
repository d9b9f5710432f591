"""Display width and Japanese line breaking, as a Japanese console and Excel show text."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shuudan_xl.rules.text_width import NO_END, NO_START, display_width, wrap


@pytest.mark.parametrize(("text", "width"), [
    ("abc", 3), ("視聴者", 6), ("ｎ017", 5), ("ﾃｽﾄ", 3),  # full-width 2, half-width katakana 1
    ("●☆○", 6), ("※①", 4),  # ambiguous symbols are two columns in a Japanese console
    ("か\u3099", 2), ("a\u200bb", 2),  # a combining mark and a zero-width space take no column
])
def test_display_width_counts_wide_and_ambiguous_characters_as_two(text, width):
    assert display_width(text) == width


def test_lines_never_start_with_closing_marks_nor_end_with_opening_ones():
    text = "視聴者リスト（ユーザーID・パスワードの列を持つ表）を全行点検します。終了コードは0です。"
    for width in range(8, 40):
        lines = wrap(text, width)
        assert "".join(lines) == text
        for line in lines:
            assert display_width(line) <= width
            assert line[0] not in NO_START and line[-1] not in NO_END, (width, lines)


def test_ascii_words_and_file_names_are_never_cut():
    text = "既定は --password-length の値で、ファイルは 実施通知_テンプレート.docx・ID台帳.xlsx です。"
    for width in range(28, 60):
        lines = wrap(text, width)
        for word in ("--password-length", "実施通知_テンプレート.docx", "ID台帳.xlsx"):
            assert sum(word in line for line in lines) == 1, (width, lines)


def test_a_break_at_a_space_drops_the_space():
    assert wrap("--report OUT.xlsx --json", 17) == ["--report OUT.xlsx", "--json"]


def test_a_word_longer_than_a_line_is_cut_to_fit():
    assert wrap("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


@given(st.text(alphabet="あいう、。「」（）ー abc-.x1", max_size=80), st.integers(min_value=6, max_value=40))
def test_wrapping_keeps_every_character_and_the_width(text, width):
    lines = wrap(text, width)
    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_file_name_with_japanese_longer_than_a_line_is_cut_by_display_width():
    # Found by hypothesis: "ああ.a1" reads as one file name of 7 cells; cutting by characters left it whole.
    lines = wrap("ああ.a1", 6)
    assert "".join(lines) == "ああ.a1" and all(display_width(line) <= 6 for line in lines)
