"""The empty ledger a first confirm starts from is shipped as bytes: it must be create_ledger's output."""

import io

from shuudan_xl.files.ledger_store import append_entries, create_ledger, read_ledger
from shuudan_xl.files.package_data import empty_ledger
from tests.files.test_ledger_store import FIRST


def test_the_shipped_empty_ledger_equals_a_fresh_build_by_create_ledger():
    fresh = io.BytesIO()
    create_ledger(fresh)
    assert empty_ledger() == fresh.getvalue(), (
        "shuudan_xl/data/empty_ledger.xlsx is stale: rebuild it with "
        "shuudan_xl.files.ledger_store.create_ledger('shuudan_xl/data/empty_ledger.xlsx')")


def test_a_new_ledger_is_the_shipped_one_with_the_entries_appended(tmp_path):
    ledger = tmp_path / "ID台帳.xlsx"
    created = tmp_path / "作成済み.xlsx"
    create_ledger(created)
    append_entries(ledger, FIRST)
    append_entries(created, FIRST)
    assert ledger.read_bytes() == created.read_bytes()
    assert read_ledger(ledger).entries == FIRST
