"""Batch commands write into the staff .xlsm without touching anything but the list sheet's cells."""

import shutil

import pytest

from shuudan_xl.cli.main import main
from shuudan_xl.services.master import load_master
from shuudan_xl.xlsm.controls import BUTTONS, VBA_MODULE
from shuudan_xl.xlsm.office import bound_script
from tests.xlsm.package import members


@pytest.fixture(params=["fill", "export"])
def batch_run(request, built_sample, tmp_path):
    """A copy of the sample build after ``fill`` or ``export`` for round 1, with its members before."""
    book = tmp_path / "視聴者リスト.xlsm"
    shutil.copyfile(built_sample, book)
    before = members(book)
    args = ["fill", str(book), "--round", "1", "--today", "2024-05-01"] if request.param == "fill" else [
        "export", str(book), "--round", "1", "--today", "2024-05-01", "-o", str(tmp_path / "業者提出")]
    assert main(args) == 0
    return book, before


def test_only_the_list_sheet_part_changes(batch_run):
    book, before = batch_run
    after = members(book)
    assert list(after) == list(before)  # same members, same order
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"xl/worksheets/sheet1.xml"}  # vbaProject.bin, drawings, VML, styles… identical
    for name in ("xl/vbaProject.bin", "xl/drawings/vmlDrawing1.vml", "xl/sharedStrings.xml", "xl/styles.xml"):
        assert after[name] == before[name]


def test_ids_and_passwords_were_written(batch_run):
    book, _ = batch_run
    from shuudan_xl.files.reader import Workbook

    master = load_master(Workbook(book))
    assert all(r.login_id and r.password for r in master.rows_of_round(1))


def test_libreoffice_still_binds_the_buttons_afterwards(batch_run, office):
    book, _ = batch_run
    seen = office.inspect(book)
    bound = {(s["name"], c["label"]): [e["script"] for e in c["events"]] for s in seen["sheets"]
             for c in s["controls"]}
    assert bound == {(b.sheet, b.caption): [bound_script(VBA_MODULE, b.macro)] for b in BUTTONS}
