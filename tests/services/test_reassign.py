import datetime as dt

import pytest

from shuudan_xl.errors import Refused
from shuudan_xl.files.master_book import write_master_book
from shuudan_xl.rules import master as m
from shuudan_xl.rules.settings import Settings
from shuudan_xl.services.reassign import plan_reassign, reassign_absentees, reassign_note
from shuudan_xl.services.session import open_session
from tests.attendance_data import IDS, RESULTS, exported_master, write_csv
from tests.conftest import digest
from tests.masters import viewer

TODAY = dt.date(2024, 7, 5)


def round_1(master, **kw):
    """The session of round 1, whose absentees re-view (as the entry points open it)."""
    return open_session(master, round_=1, today=TODAY, **kw)


@pytest.fixture
def master(tmp_path, capsys):
    return exported_master(tmp_path / "課", capsys)


class RecordingWriter:
    """Stands in for the Excel adapter: records what would be written."""

    def __init__(self):
        self.checked, self.written = False, None

    def check(self):
        self.checked = True

    def write(self, writes):
        self.written = list(writes)
        return None


def test_the_plan_appends_below_the_last_row_with_the_columns_copied(master, tmp_path):
    plan = plan_reassign(round_1(master), 3, results_path=write_csv(tmp_path / "r.csv", RESULTS))
    assert [line.login_id for line in plan.lines] == [IDS["sakura"], IDS["yamada"], IDS["aoba"]]
    assert [line.new_row for line in plan.lines] == [8, 9, 10]  # the list has a header and six viewers
    by_cell = {(w.row, w.col): w.text for w in plan.writes}
    assert by_cell[(8, m.COLUMNS.index(m.ROUND))] == "3"
    assert by_cell[(8, m.COLUMNS.index(m.NOTE))] == reassign_note(1) == "第1回未視聴のため再視聴"
    assert by_cell[(9, m.COLUMNS.index(m.GROUP))] == "神奈川14"
    assert (8, m.COLUMNS.index(m.VIDEO)) not in by_cell
    assert plan.errors == [] and plan.skipped == [] and all(line.registered for line in plan.lines)


def test_a_writer_given_by_the_caller_receives_the_rows(master, tmp_path):
    writer = RecordingWriter()
    before = digest(master)
    report = reassign_absentees(round_1(master, vendor=tmp_path / "out"), 3, writer=writer,
                                results_path=write_csv(tmp_path / "r.csv", RESULTS))
    assert writer.checked and {w.row for w in writer.written} == {8, 9, 10}
    assert digest(master) == before  # the file writer was not used
    assert report.video_book == tmp_path / "out" / "令和6年度_第3回_視聴者動画.xlsx"  # round 3's one pair


def test_viewers_never_exported_are_skipped_with_the_reason(tmp_path):
    master = write_master_book(tmp_path / "m.xlsx", [viewer(), viewer(number="7654321", name="さくら医院")],
                               settings=Settings(fiscal_year="2024"))
    rows = [["ユーザーID", "視聴状況"], ["n131234567", "未視聴"]]
    plan = plan_reassign(round_1(master), 3, results_path=write_csv(tmp_path / "r.csv", rows))
    assert plan.lines == [] and len(plan.skipped) == 2
    assert all("業者提出ファイルがまだ作成されていません" in s for s in plan.skipped)
    report = reassign_absentees(round_1(master), 3, results_path=tmp_path / "r.csv")
    assert report.video_book is None and report.master_backup is None


def test_a_later_row_with_a_typed_video_keeps_it(master, tmp_path, capsys):
    import openpyxl

    book = openpyxl.load_workbook(master)
    sheet = book[m.LIST_SHEET]
    source = [c.value for c in sheet[3]]  # さくら歯科, round 1
    source[m.COLUMNS.index(m.ROUND)] = 3
    source[m.COLUMNS.index(m.VIDEO)] = "指定時集団指導（歯科）8月（特別）"
    sheet.append(source)
    book.save(master)
    plan = plan_reassign(round_1(master), 3, results_path=write_csv(tmp_path / "r.csv", RESULTS))
    sakura = next(line for line in plan.lines if line.login_id == IDS["sakura"])
    assert sakura.new_row is None and sakura.video == "指定時集団指導（歯科）8月（特別）"


def test_a_catalog_without_the_video_refuses_everything(master, tmp_path):
    import openpyxl

    book = openpyxl.load_workbook(master)
    sheet = book["動画一覧"]
    for row in sheet.iter_rows(min_row=2):
        if (row[0].value, row[1].value) == ("更新時", "薬局"):
            row[2].value = "1"  # the catalog names this video for round 1 only
    book.save(master)
    before = digest(master)
    with pytest.raises(Refused, match="更新時.*薬局.*第3回"):
        reassign_absentees(round_1(master), 3, results_path=write_csv(tmp_path / "r.csv", RESULTS))
    assert digest(master) == before
