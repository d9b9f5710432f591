"""Planned vendor rows are small tuples that read like the dicts built by hand, and hash like them."""

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shuudan_xl.rules.vendor_rows import Link, Registration, already_values, as_dict, values_of
from shuudan_xl.services import round_json
from shuudan_xl.services.round_json import content_digest


def test_a_planned_row_reads_by_key_and_by_position_like_the_dict_it_stands_for():
    row = Registration("n131234567", "k7pq3zz9wb", "東京13")
    assert (row["id"], row["password"], row["group"]) == ("n131234567", "k7pq3zz9wb", "東京13")
    assert (row[0], row[-1], list(row)) == ("n131234567", "東京13", ["n131234567", "k7pq3zz9wb", "東京13"])
    assert row.get("group") == "東京13" and row.get("video") is None and row.get("count", 0) == 0
    assert as_dict(row) == {"id": "n131234567", "password": "k7pq3zz9wb", "group": "東京13"}
    assert as_dict({"id": "x"}) == {"id": "x"}
    assert values_of(row, ("id", "password", "group")) is row  # a planned row is its own values
    assert values_of(row, ("id", "group")) == ("n131234567", "東京13")
    assert values_of({"id": "x", "video": "v"}, ("id", "video")) == ("x", "v")
    with pytest.raises(KeyError):
        row["index"]  # a tuple method is no field


def test_the_content_digest_of_planned_rows_is_that_of_the_same_rows_as_dicts():
    # Manifests written before the rows were tuples hold digests of dicts: an unchanged round must still match.
    rows = [Registration("n131234567", "k7pq3zz9wb", "東京13"), Registration("m14501704", "a1b2c3d4e", "神奈川14")]
    links = [Link("n131234567", "指定時集団指導（医科）6月")]
    odd = [Registration('a"b\\c', "改\n行\x01", "🎌"), Link("", "\u2028")]
    for planned in ([rows, links], [rows + odd[:1], links + odd[1:]], [[], []]):
        as_dicts = [[as_dict(r) for r in part] for part in planned]
        assert content_digest(*planned) == content_digest(*as_dicts)
        text = json.dumps(as_dicts, ensure_ascii=False, sort_keys=True)
        assert content_digest(*planned) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert content_digest(rows, links) != content_digest(rows[:1], links)


_TEXT = st.one_of(st.text(max_size=6), st.sampled_from(["n131234567", "東京13", 'a"b', "\\", "\x1f", "\u2028"]))
_VALUE = st.one_of(_TEXT, _TEXT, _TEXT, st.none())  # None: a value that is not text (null), taken row by row
_REGISTRATIONS = st.lists(st.one_of(st.builds(Registration, _VALUE, _VALUE, _VALUE),
                                    st.builds(lambda i, p, g: {"id": i, "password": p, "group": g}, _TEXT, _TEXT,
                                              _TEXT)), max_size=9)
_LINKS = st.lists(st.builds(Link, _VALUE, _VALUE), max_size=9)


@settings(max_examples=400, deadline=None)
@given(_REGISTRATIONS, _LINKS)
def test_the_content_digest_is_that_of_the_rows_json_text_whatever_they_hold(records, links):
    # Chunks of three rows: a chunk of one kind is taken by column, a mixed one or one holding None row by row.
    as_dicts = [[as_dict(r) for r in records], [as_dict(r) for r in links]]
    text = json.dumps(as_dicts, ensure_ascii=False, sort_keys=True)
    rows = round_json._DIGEST_ROWS
    round_json._DIGEST_ROWS = 3
    try:
        assert content_digest(records, links) == hashlib.sha256(text.encode("utf-8")).hexdigest()
    finally:
        round_json._DIGEST_ROWS = rows


def test_rows_are_their_own_values_only_when_all_are_of_one_kind_with_exactly_those_fields():
    registrations = [Registration("n131234567", "abc123456", "東京13")] * 2
    keys = ("id", "password", "group")
    assert already_values(registrations, keys)
    assert not already_values(registrations, ("id", "password"))
    assert not already_values(registrations + [{"id": "x", "password": "y", "group": "z"}], keys)
    assert not already_values([Link("n131234567", "動画")], keys)
    assert not already_values([], keys)
