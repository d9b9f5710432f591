"""The round's manifest and set names (services.round_files), without a master list."""

import pytest

from shuudan_xl.errors import InputUnreadable
from shuudan_xl.services import round_files as rf
from shuudan_xl.services.round_json import manifest_json

REGS = [{"id": "n131234567", "password": "k7pq3zz9wb", "group": "東京13"}]
LINK = {"id": "n131234567", "video": "指定時集団指導（医科）6月"}
LINKS = [LINK, dict(LINK)]  # the same link twice (two rows of one viewer)


def test_the_first_set_is_the_main_pair_with_every_link_once(tmp_path):
    plan = rf.plan_round_files(tmp_path, "令和6年度", 1, REGS, LINKS)
    assert (plan.label, plan.registration_name, plan.video_name) == (
        "本体", "令和6年度_第1回_視聴者登録更新.xlsx", "令和6年度_第1回_視聴者動画.xlsx")
    assert plan.records == REGS and plan.videos == LINKS[:1] and plan.replaced == [] and not plan.unchanged


def test_after_a_set_was_sent_only_what_it_lacks_goes_into_the_next_supplement(tmp_path):
    sent = rf.SubmissionSet("本体", "2024-05-01T10:00:00", [], ["n131234567"],
                            [["n131234567", "指定時集団指導（医科）6月"]], confirmed_on="2024-05-02")
    path = rf.manifest_path(tmp_path, "令和6年度", 1)
    path.parent.mkdir()
    path.write_text(manifest_json(rf.RoundManifest("令和6年度", 1, [sent])), encoding="utf-8")
    more = REGS + [{"id": "n137654321", "password": "w8xz3kq7pe", "group": "東京13"}]
    plan = rf.plan_round_files(tmp_path, "令和6年度", 1, more, LINKS)
    assert plan.label == "追加1" and plan.registration_name == "令和6年度_第1回_追加1_視聴者登録更新.xlsx"
    assert [r["id"] for r in plan.records] == ["n137654321"] and plan.videos == []
    assert (plan.skipped_ids, plan.skipped_links) == (1, 2)


def test_a_broken_manifest_cannot_be_used_and_says_where_it_is(tmp_path):
    path = rf.manifest_path(tmp_path, "令和6年度", 1)
    path.parent.mkdir()
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputUnreadable, match="提出記録") as raised:
        rf.plan_round_files(tmp_path, "令和6年度", 1, REGS, LINKS)
    assert raised.value.exit_code == 2 and str(path) in str(raised.value)


def test_files_of_no_round_or_without_a_manifest_get_no_note(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"")
    (tmp_path / "令和6年度_第1回_視聴者動画.xlsx").write_bytes(b"")
    assert rf.notes_for_file(tmp_path / "x.xlsx") == []
    assert rf.notes_for_file(tmp_path / "令和6年度_第1回_視聴者動画.xlsx") == []
