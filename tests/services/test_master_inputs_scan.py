"""A free-text column is passed over at once when it holds nothing suspect (services.master_inputs): the
shortcut (no "#", every character printable) answers as the plain statement, _SUSPECT's search over the
column's texts, for every text; and every character CONTROL_RE names is unprintable, which it rests on."""

from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules.cells import CONTROL_RE
from shuudan_xl.services.master_inputs import _SUSPECT, _suspect, _texts

_CHARS = st.one_of(st.characters(), st.sampled_from("#\n\t\x00\x1f\x7f\x85\x9f\ufffe\uffff\u3000 a医"))


@settings(max_examples=500)
@given(st.lists(st.one_of(st.text(_CHARS, max_size=6), st.none(), st.integers(), st.floats()), max_size=8))
def test_a_column_is_suspect_exactly_when_the_search_over_its_lines_finds_something(values):
    lines = "\n".join(v for v in values if type(v) is str)
    assert _suspect(_texts(values)) == bool(_SUSPECT.search(lines))


def test_every_control_character_of_the_pattern_is_unprintable_one_by_one():
    named = CONTROL_RE.findall("".join(map(chr, range(0x110000))))
    assert len(named) == 10 + 21 + 33 + 2 + 2048
    assert not any(ch.isprintable() for ch in named)
