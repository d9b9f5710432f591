"""The round's manifest is written as the dataclasses say, field for field (without deep copies)."""

import json
from dataclasses import asdict, fields

from shuudan_xl.services.round_files import FileRecord, RoundManifest, SubmissionSet
from shuudan_xl.services.round_json import SCHEMA, manifest_json


def test_the_manifest_json_holds_every_field_of_every_set_in_order():
    sets = [SubmissionSet("本体", "2024-05-01T10:00:00", [FileRecord("a.xlsx", "registration", 2, "00ff")],
                          ["n131234567", "m14501704"], [["n131234567", "指定時集団指導（医科）6月"]], "2024-05-02"),
            SubmissionSet("追加1", "2024-05-03T09:00:00")]
    manifest = RoundManifest("令和6年度", 1, sets)
    expected = {"schema": SCHEMA, "fiscal_label": "令和6年度", "round": 1, "sets": [asdict(s) for s in sets]}
    text = manifest_json(manifest)
    assert text == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"
    assert list(json.loads(text)["sets"][0]) == [f.name for f in fields(SubmissionSet)]


def test_the_long_lists_are_written_exactly_as_json_dumps_would_for_any_text():
    # The IDs and links are written by hand (services.round_json._indented_list) for speed; the text must
    # stay what json.dumps(indent=1) gives, whatever the strings hold.
    odd = ["", "a\"b", "back\\slash", "改行\n", "tab\t", "\x00\x1f", "🎌", "\u2028", '"ids": "\\u00000\\u0000"']
    sets = [SubmissionSet("本体", "2024-05-01T10:00:00", [], odd, [[s, s + "x"] for s in odd] + [[]], None),
            SubmissionSet("追加1", "2024-05-03T09:00:00", [], [], []),
            SubmissionSet("追加2", "2024-05-04T09:00:00", [], ["m14501704"], [["m14501704", "動画"]], "x")]
    manifest = RoundManifest("令和6年度", 1, sets)
    expected = {"schema": SCHEMA, "fiscal_label": "令和6年度", "round": 1, "sets": [asdict(s) for s in sets]}
    assert manifest_json(manifest) == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"


def test_long_lists_written_in_pieces_read_as_one_json_text(monkeypatch):
    # The lists are written a few thousand items at a time (services.round_json._LIST_PIECE): the pieces
    # joined are the text json.dumps gives, wherever a piece ends.
    from shuudan_xl.services import round_json

    ids = [f"n13{n:07d}" for n in range(7)]
    sets = [SubmissionSet("本体", "2024-05-01T10:00:00", [], ids, [[i, "動画"] for i in ids] + [[]], None)]
    manifest = RoundManifest("令和6年度", 1, sets)
    expected = {"schema": SCHEMA, "fiscal_label": "令和6年度", "round": 1, "sets": [asdict(s) for s in sets]}
    for piece in (1, 2, 3, 7, 8):
        monkeypatch.setattr(round_json, "_LIST_PIECE", piece)
        assert manifest_json(manifest) == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"


def test_links_taken_by_column_are_written_as_json_dumps_would_whatever_else_a_piece_holds(monkeypatch):
    # A piece of [ID, video] pairs only is formatted column by column (services.round_json._indented_list); a
    # piece holding any other length is written row by row. Both must give json.dumps's text.
    from shuudan_xl.rules.vendor_rows import Link
    from shuudan_xl.services import round_json

    odd = ["", "a\"b", "back\\slash", "改行\n", "%s%d", "\x00\x1f", "🎌", "\u2028", '"ids": "\\u00000\\u0000"']
    pairs = [[s, s + "x"] for s in odd]
    for links in (pairs, [Link(a, b) for a, b in pairs], pairs + [["x", "y", "z"]] + pairs, [["x"]] + pairs):
        sets = [SubmissionSet("本体", "2024-05-01T10:00:00", [], odd, links, None)]
        expected = {"schema": SCHEMA, "fiscal_label": "令和6年度", "round": 1,
                    "sets": [{**asdict(sets[0]), "links": [list(link) for link in links]}]}
        for piece in (1, 2, 4096):
            monkeypatch.setattr(round_json, "_LIST_PIECE", piece)
            assert manifest_json(RoundManifest("令和6年度", 1, sets)) == json.dumps(
                expected, ensure_ascii=False, indent=1) + "\n"
