"""rules.redaction: a run's passwords are found in the operation log's text exactly as a search per password finds
them, and masked wherever they occur."""

from hypothesis import given
from hypothesis import strategies as st

from shuudan_xl.rules.redaction import MASK, holds_secret, masked, secret_spans

# Passwords are half-width letters and digits; the log's text may hold anything (names, paths, messages).
ALNUM = st.text("ab1l9xyz", max_size=12)
TEXT = st.text(st.sampled_from("ab1l9xyz,./ 見本：\r\n"), max_size=60)


@given(TEXT, st.sets(ALNUM, max_size=8))
def test_a_secret_is_found_exactly_where_a_search_for_it_finds_it(text, secrets):
    assert holds_secret(text, secrets) == any(s and s in text for s in secrets)


@given(TEXT, st.sets(ALNUM, max_size=8))
def test_masking_leaves_no_secret_and_keeps_every_other_character(text, secrets):
    out = masked(text, secrets)
    assert not any(s and s in out for s in secrets)
    spans = secret_spans(text, secrets)
    kept = "".join(text[end:start] for (_, end), (start, _) in zip([(0, 0), *spans], [*spans, (len(text), 0)],
                                                                  strict=True))
    assert out.replace(MASK, "") == kept


def test_overlapping_secrets_are_masked_as_one_stretch():
    """Masked one after the other, the first would have cut the second and left its tail ("qqq111") readable."""
    assert masked("id abc123xyzqqq111 end", {"abc123xyz", "xyzqqq111"}) == "id ＊＊＊ end"


def test_empty_secrets_and_texts_find_nothing():
    assert secret_spans("", {"abc123xyz"}) == [] and secret_spans("abc", {""}) == [] and masked("abc", set()) == "abc"
