"""The list's read-back walks the sheet and the expected rows side by side: a row holding exactly the expected
texts passes at once, any other is compared as load_master reads it; rows of other rounds are passed over."""

import pytest

from shuudan_xl.files.column_readback import WrittenBook
from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules import master as m
from shuudan_xl.rules.prefectures import GROUP_LABELS, match_group
from shuudan_xl.services.master import load_master
from shuudan_xl.services.master_readback import logins_differing
from tests.masters import make_master, viewer


def test_every_group_label_normalises_to_itself():
    # Why a row holding the label exactly needs no normalising: it reads back as itself.
    assert all(match_group(label).label == label for label in GROUP_LABELS)


@pytest.fixture
def listed(tmp_path):
    path = make_master(tmp_path / "視聴者リスト.xlsx", [
        viewer(login_id="n131234567", password="abcd12345"),
        viewer(round_="2", login_id="n131234568", password="abcd12346"),
        viewer(login_id="n131234569", password="ａｂｃｄ１２３４７"),
        viewer(login_id="n131234570", password="abcd12348"),
        viewer(round_="2", login_id="n131234571", password="abcd12349")])
    master = load_master(Workbook(path))
    return path, master, [(r.excel_row, r.login_id, r.password, r.group) for r in master.rows]


@pytest.mark.parametrize("narrowed", [False, True])
def test_the_rows_of_one_round_are_found_between_the_rows_of_another(listed, narrowed):
    path, master, rows = listed
    book, layout = (WrittenBook(path), master.layout) if narrowed else (Workbook(path), None)
    round_1 = [r for r, got in zip(rows, master.rows, strict=True) if got.round == 1]
    assert len(round_1) == 3 and logins_differing(book, round_1, m.LIST_SHEET, layout) == []
    # The full-width password of the second row of round 1 is read as load_master reads it; a wrong one is not.
    wrong = [round_1[0], (*round_1[1][:2], "abcd99999", round_1[1][3]), (*round_1[2][:3], "北海道01")]
    assert logins_differing(book, wrong, m.LIST_SHEET, layout) == [round_1[1][0], round_1[2][0]]


@pytest.mark.parametrize("narrowed", [False, True])
def test_expected_rows_out_of_order_are_refused_even_when_each_matches(listed, narrowed):
    path, master, rows = listed
    book, layout = (WrittenBook(path), master.layout) if narrowed else (Workbook(path), None)
    with pytest.raises(ValueError, match="out of order"):
        logins_differing(book, [rows[0], rows[0]], m.LIST_SHEET, layout)
    with pytest.raises(ValueError, match="out of order"):
        logins_differing(book, [rows[1], rows[0]], m.LIST_SHEET, layout)


def test_an_expected_row_past_the_last_one_of_the_sheet_differs(listed):
    path, master, rows = listed
    assert logins_differing(WrittenBook(path), [*rows, (99, "n139999999", "abcd12345", "東京13")], m.LIST_SHEET,
                            master.layout) == [99]
