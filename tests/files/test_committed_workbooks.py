"""The workbooks in xlsheets/ are build outputs: they must equal a fresh build, byte for byte."""

from pathlib import Path

import pytest

from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.files.package_data import sample_rows, sample_settings
from shuudan_xl.files.reader import Workbook
from shuudan_xl.services.master import load_master

XLSHEETS = Path(__file__).parents[2] / "xlsheets"


@pytest.mark.parametrize("name, rows", [("見本_視聴者リスト.xlsx", sample_rows), ("視聴者リスト.xlsx", lambda: None)])
def test_committed_workbook_equals_a_fresh_build(tmp_path, name, rows):
    fresh = write_master_book(tmp_path / name, rows(), settings=sample_settings() if rows() else None)
    assert fresh.read_bytes() == (XLSHEETS / name).read_bytes(), (
        f"xlsheets/{name} is stale: rebuild it with shuudan_xl.files.master_book.write_master_book")


def test_sample_has_about_60_viewers_across_kinds_and_a_few_problems():
    master = load_master(Workbook(XLSHEETS / "見本_視聴者リスト.xlsx"))
    assert 55 <= len(master.rows) <= 70
    kinds = {master.final_ids[r.excel_row][0] for r in master.rows if r.excel_row in master.final_ids}
    assert kinds == set("snrmdp")
    assert len({r.group for r in master.rows}) >= 8
    errors = [f for f in master.findings if f.severity == "error"]
    assert 3 <= len(errors) <= 10
    round_one = {r.excel_row for r in master.rows_of_round(1)}
    assert not [f for f in errors if f.row in round_one], "round 1 (the README's demo) must export cleanly"
