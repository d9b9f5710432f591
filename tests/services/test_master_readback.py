"""Reading the list back after a write: the same rows as a full load, without checking them again."""

from shuudan_xl.services.master import load_master
from tests.masters import make_master, viewer


def test_an_unchecked_load_reads_the_same_rows_and_reports_nothing(tmp_path):
    path = make_master(tmp_path / "視聴者リスト.xlsx", [
        viewer(), viewer(guidance="登録時", number="501704", name="佐々木"), viewer(round_="x", number="12")])
    full, light = load_master(path), load_master(path, checked=False)
    assert light.rows == full.rows
    assert full.findings and light.findings == [] and light.check is None
