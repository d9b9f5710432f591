"""confirm and the vendor books it checks: read back unless their bytes are those recorded for these very rows."""

import datetime as dt

import openpyxl
import pytest

from shuudan_xl.errors import Refused
from shuudan_xl.files.ledger_store import read_ledger
from shuudan_xl.rules import master as m
from shuudan_xl.services import workflow
from shuudan_xl.services.session import open_session
from shuudan_xl.services.workflow import confirm_round, export_round, prepare_round
from tests.masters import make_master, viewer

TODAY = dt.date(2024, 5, 1)


@pytest.fixture
def master(tmp_path):
    return make_master(tmp_path / "視聴者リスト.xlsx", [
        viewer(), viewer(guidance="登録時", number="501704", name="佐々木　由紀", password="k7pq3zz9wb")])


@pytest.fixture
def read_back(monkeypatch):
    """The books confirm reads back (services.vendor_readback.verify_written, still run)."""
    seen = []
    real = workflow.verify_written

    def spy(path, rows, keys, *args, **kwargs):
        seen.append(path.name)
        return real(path, rows, keys, *args, **kwargs)

    monkeypatch.setattr(workflow, "verify_written", spy)
    return seen


def planned(master):
    return prepare_round(open_session(master, round_=1, fiscal_year=2024, today=TODAY))


def exported(master):
    return export_round(planned(master), master.parent / "out")


def test_books_as_written_for_the_same_rows_are_not_read_a_second_time(master, read_back):
    files = exported(master)
    entries = confirm_round(planned(master), files.video_links.parent)
    assert read_back == [] and len(entries) == 2
    assert read_ledger(master.parent / "ID台帳.xlsx").entries == entries


def test_a_book_saved_again_with_the_same_values_is_read_back_and_accepted(master, read_back):
    files = exported(master)
    book = openpyxl.load_workbook(files.registration)
    book.save(files.registration)  # other bytes (openpyxl's), the same cells
    confirm_round(planned(master), files.video_links.parent)
    assert read_back == [files.registration.name, files.video_links.name]


def test_a_tampered_book_is_refused(master, read_back):
    files = exported(master)
    book = openpyxl.load_workbook(files.registration)
    book.worksheets[0]["B2"] = "edited234x"
    book.save(files.registration)
    with pytest.raises(Refused, match=files.registration.name):
        confirm_round(planned(master), files.video_links.parent)
    assert read_back == [files.registration.name]
    assert not (master.parent / "ID台帳.xlsx").exists()


def test_books_as_written_are_refused_when_the_list_now_plans_other_rows(master, read_back):
    """The books are byte for byte as recorded, but the list's password changed since: the recorded rows are
    not the planned ones, so the books are read back, and they differ."""
    files = exported(master)
    book = openpyxl.load_workbook(master)
    book[m.LIST_SHEET].cell(row=3, column=m.COLUMNS.index(m.PASSWORD) + 1, value="w8xz3kq7pe")
    book.save(master)
    with pytest.raises(Refused, match=files.registration.name):
        confirm_round(planned(master), files.video_links.parent)
    assert read_back == [files.registration.name]
    assert not (master.parent / "ID台帳.xlsx").exists()


def test_books_of_a_set_recorded_without_a_digest_of_its_rows_are_read_back(master, read_back):
    """A manifest written before sets recorded the digest of their rows proves nothing about the rows."""
    import json

    from shuudan_xl.services import round_files as rf

    files = exported(master)
    path = rf.manifest_path(files.video_links.parent, "令和6年度", 1)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sets"][0]["content"] = ""
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    confirm_round(planned(master), files.video_links.parent)
    assert read_back == [files.registration.name, files.video_links.name]
