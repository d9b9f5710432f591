import pytest

from shuudan_xl.rules.cleaning import EDGE_SPACE, INNER_SPACE, INVISIBLE_CHARS, WIDTH, preview, show, squeeze


@pytest.mark.parametrize("old, new, changes", [
    ("n017654321", "n017654321", ()),
    (" n017654321 ", "n017654321", (EDGE_SPACE,)),
    ("n017654321\u3000", "n017654321", (EDGE_SPACE,)),
    ("\u00a0n017654321", "n017654321", (EDGE_SPACE,)),
    ("n01 7654321", "n017654321", (INNER_SPACE,)),
    ("n017654321\u200b", "n017654321", (INVISIBLE_CHARS,)),
    ("\ufeffn017654321", "n017654321", (INVISIBLE_CHARS,)),
    ("ｎ０１７６５４３２１", "n017654321", (WIDTH,)),
    ("\u200b ｎ01 7654321\n", "n017654321", (INVISIBLE_CHARS, EDGE_SPACE, INNER_SPACE, WIDTH)),
    ("沖縄４７", "沖縄47", (WIDTH,)),
])
def test_preview_shows_old_new_and_kinds_of_change(old, new, changes):
    result = preview(old)
    assert (result.old, result.new, result.changes) == (old, new, changes)
    assert result.changed == (old != new)


def test_squeeze_equals_preview_new():
    for text in [" ａｂ c\u200b", "x\u3000y", "\ufeff47"]:
        assert squeeze(text) == preview(text).new


def test_show_makes_spaces_and_invisible_characters_visible():
    assert show("a b\u3000c\u200b\t") == "a␣b□c[U+200B][U+0009]"
