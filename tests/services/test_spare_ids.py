import datetime as dt

import pytest

from shuudan_xl.errors import InvalidArgument
from shuudan_xl.files import ledger_store
from shuudan_xl.files.ledger_store import read_ledger
from shuudan_xl.rules.ledger import SPARE
from shuudan_xl.services.spare_ids import (
    SpareLedger,
    assign_spare_id,
    create_spare_ids,
    prefecture_code,
    spare_file_name,
)

TODAY = dt.date(2024, 6, 3)


def test_created_spares_are_returned_with_the_files_written(tmp_path):
    ledger = tmp_path / "ID台帳.xlsx"
    made = create_spare_ids("p", "47", 2, SpareLedger.alone(ledger, fiscal_year=2024, today=TODAY, password_length=12))
    assert [e.login_id for e in made.entries] == ["p47yb0001", "p47yb0002"]
    assert all(len(e.password) == 12 and e.status == SPARE and e.confirmed_on == TODAY for e in made.entries)
    assert made.workbook == tmp_path / "業者提出" / spare_file_name(["p47yb0001", "p47yb0002"])
    assert made.ledger_path == ledger and not made.master_checked
    assert read_ledger(ledger).entries == made.entries


def test_a_failed_ledger_write_leaves_no_registration_book(tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(ledger_store, "write_patched", broken)
    with pytest.raises(OSError):
        create_spare_ids("m", "13", 1, SpareLedger.alone(tmp_path / "ID台帳.xlsx", today=TODAY))
    assert list(tmp_path.iterdir()) == []  # no ledger, no workbook, no folder, no temporary file


@pytest.mark.parametrize("typed, code", [("01", "01"), ("1", "01"), ("北海道", "01"), ("沖縄47", "47"),
                                         ("東京都", "13")])
def test_prefectures_are_read_as_staff_type_them(typed, code):
    assert prefecture_code(typed) == code


@pytest.mark.parametrize("kw, pattern", [({"field": "内科"}, "種別"), ({"guidance": "臨時"}, "指導区分"),
                                         ({"round_": 10}, "1〜9")])
def test_bad_assignment_details_are_refused(tmp_path, kw, pattern):
    ledger = tmp_path / "ID台帳.xlsx"
    create_spare_ids("m", "13", 1, SpareLedger.alone(ledger, today=TODAY))
    with pytest.raises(InvalidArgument, match=pattern):
        assign_spare_id("m13yb0001", "他県 次郎", SpareLedger.alone(ledger), **kw)
    with pytest.raises(InvalidArgument, match="氏名"):
        assign_spare_id("m13yb0001", " ", SpareLedger.alone(ledger))


def test_an_institution_spare_takes_the_given_field(tmp_path):
    ledger = tmp_path / "ID台帳.xlsx"
    create_spare_ids("n", "13", 1, SpareLedger.alone(ledger, today=TODAY))
    entry, backup = assign_spare_id("n13yb0001", "新規の医院", SpareLedger.alone(ledger, today=TODAY),
                                    number="1234567", field="歯科")
    assert (entry.field, entry.guidance, entry.number) == ("歯科", "指定時", "1234567") and backup is not None
    assert read_ledger(ledger).get("n13yb0001") == entry
