"""load_master reads a name or video cell as cell_text does: text as typed, an Excel error value as blank (it
is reported by the check), a text that only starts with "#" as typed."""

from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules.cells import EXCEL_ERRORS
from shuudan_xl.services.master import load_master
from tests.masters import make_master, viewer


def test_every_excel_error_value_starts_with_a_hash():
    # What lets load_master take a text cell not starting with "#" as it is, without asking cell_text.
    assert all(error.startswith("#") for error in EXCEL_ERRORS)


def test_names_and_videos_are_read_as_cell_text_reads_them(tmp_path):
    path = make_master(tmp_path / "視聴者リスト.xlsx", [
        viewer(name="#1 見本医院", video="#REF!"), viewer(name="#N/A", number="7654321"), viewer(name="  見本  ")])
    rows = load_master(Workbook(path)).rows
    assert [(r.name, r.video) for r in rows] == [("#1 見本医院", None), ("", None), ("見本", None)]
