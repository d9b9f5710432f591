"""The round's manifest is written as the dataclasses say, field for field (without deep copies)."""

import json
from dataclasses import asdict, fields

from shuudan_xl.services.round_files import SCHEMA, FileRecord, RoundManifest, SubmissionSet, manifest_json


def test_the_manifest_json_holds_every_field_of_every_set_in_order():
    sets = [SubmissionSet("本体", "2024-05-01T10:00:00", [FileRecord("a.xlsx", "registration", 2, "00ff")],
                          ["n131234567", "m14501704"], [["n131234567", "指定時集団指導（医科）6月"]], "2024-05-02"),
            SubmissionSet("追加1", "2024-05-03T09:00:00")]
    manifest = RoundManifest("令和6年度", 1, sets)
    expected = {"schema": SCHEMA, "fiscal_label": "令和6年度", "round": 1, "sets": [asdict(s) for s in sets]}
    text = manifest_json(manifest)
    assert text == json.dumps(expected, ensure_ascii=False, indent=1) + "\n"
    assert list(json.loads(text)["sets"][0]) == [f.name for f in fields(SubmissionSet)]
