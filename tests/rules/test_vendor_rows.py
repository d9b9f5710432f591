"""Planned vendor rows are small tuples that read like the dicts built by hand, and hash like them."""

import hashlib
import json

import pytest

from shuudan_xl.rules.vendor_rows import Link, Registration, as_dict, values_of
from shuudan_xl.services.round_files import content_digest


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
