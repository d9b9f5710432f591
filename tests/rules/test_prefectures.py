import csv
from pathlib import Path

import pytest

from shuudan_xl.rules.prefectures import (
    GROUP_LABELS,
    LABEL_BY_CODE,
    PREFECTURES,
    match_group,
    short_name,
)

JIS = Path(__file__).parents[1] / "data" / "jis_x0401.csv"


def jis_table() -> dict[str, str]:
    with JIS.open(encoding="utf-8") as fh:
        return {row["code"]: row["name"] for row in csv.DictReader(fh)}


def test_prefectures_equal_jis_x0401_in_code_order():
    assert list(PREFECTURES.items()) == list(jis_table().items())


def test_all_47_labels_are_short_name_plus_code():
    expected = []
    for code, name in jis_table().items():
        short = name if name == "北海道" else name.removesuffix("都").removesuffix("府").removesuffix("県")
        expected.append(short + code)
    assert list(GROUP_LABELS) == expected
    assert len(set(GROUP_LABELS)) == 47


@pytest.mark.parametrize("label", ["北海道01", "東京13", "神奈川14", "京都26", "大阪27", "和歌山30", "鹿児島46",
                                   "沖縄47"])
def test_labels_the_seed_and_issue_name(label):
    assert label in GROUP_LABELS


def test_short_name_keeps_the_to_of_kyoto_and_the_do_of_hokkaido():
    assert short_name("京都府") == "京都"
    assert short_name("東京都") == "東京"
    assert short_name("北海道") == "北海道"


@pytest.mark.parametrize("typed, label", [
    ("沖縄47", "沖縄47"),
    ("沖縄県47", "沖縄47"),
    ("沖縄県", "沖縄47"),
    ("沖縄", "沖縄47"),
    ("47", "沖縄47"),
    ("４７", "沖縄47"),
    ("沖縄４７", "沖縄47"),
    ("47沖縄県", "沖縄47"),
    (" 沖縄 47\u3000", "沖縄47"),
    ("1", "北海道01"),
    ("01", "北海道01"),
    ("北海道", "北海道01"),
    ("東京都", "東京13"),
    ("京都府", "京都26"),
    ("京都", "京都26"),
    ("大阪府27", "大阪27"),
])
def test_variants_map_to_the_canonical_label(typed, label):
    match = match_group(typed)
    assert match.label == label
    assert match.exact == (typed == label)


@pytest.mark.parametrize("typed", ["48", "00", "沖縄県48", "とうきょう", "", "Tokyo", "東京都13区"])
def test_unknown_values_have_no_label(typed):
    assert match_group(typed).label is None


def test_name_and_code_that_contradict_are_a_conflict():
    match = match_group("沖縄01")
    assert match.label is None and match.conflict


def test_every_label_maps_to_itself_and_its_code():
    for code, label in LABEL_BY_CODE.items():
        assert match_group(label).exact
        assert match_group(code).label == label
        assert match_group(PREFECTURES[code]).label == label
