"""The list read back through its three columns a run of rows at a time (master_readback._narrowed_differing)
finds exactly the rows the row-by-row walk over the whole sheet finds: a difference in the first, a middle or
the last row, rows far apart, rows below the sheet's end or at its header, blank and normalised cells."""

import random

import pytest

from shuudan_xl.files.column_readback import WrittenBook
from shuudan_xl.files.reader import Workbook
from shuudan_xl.rules import master as m
from shuudan_xl.services import master_readback
from shuudan_xl.services.master import load_master
from shuudan_xl.services.master_readback import logins_differing
from tests.masters import make_master, viewer

SHEET = m.LIST_SHEET


def typed(i: int) -> dict:
    """Viewer i with its ID and password typed: plain, full-width or padded (normalised), or all three blank."""
    if i % 11 == 5:
        return viewer(number=f"{i:07d}", group="")  # none of the three columns filled
    login, password = f"n13{i:07d}", f"pw{i:06d}xy"
    if i % 7 == 3:
        login = " " + login.translate(str.maketrans("n0123456789", "ｎ０１２３４５６７８９"))
    return viewer(number=f"{i:07d}", group="沖縄県" if i % 5 == 0 else "東京13", login_id=login, password=password)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    path = make_master(tmp_path_factory.mktemp("list") / "視聴者リスト.xlsx", [typed(i) for i in range(90)])
    master = load_master(Workbook(path))
    logins = [(r.excel_row, r.login_id, r.password, r.group) for r in master.rows if r.login_id]
    return path, master.layout, logins


@pytest.fixture(params=[1, 3, 4096], ids=lambda run: f"runs of {run}")
def run(request, monkeypatch):
    monkeypatch.setattr(master_readback, "_RUN", request.param)
    return request.param


def narrowed(path, layout, expected):
    """logins_differing through the three columns alone: the narrowed walk must answer without the whole sheet."""
    def never(*args):
        raise AssertionError("read whole")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(master_readback, "_login_cells", never)
        return logins_differing(WrittenBook(path), expected, SHEET, layout)


def test_the_rows_as_written_are_found_as_expected(written, run):
    path, layout, logins = written
    assert narrowed(path, layout, logins) == []


@pytest.mark.parametrize("at", [0, 1, 40, -1], ids=["first", "second", "middle", "last"])
@pytest.mark.parametrize("what", [1, 2, 3], ids=["ID", "password", "group"])
def test_a_difference_in_any_row_names_that_row(written, run, at, what):
    path, layout, logins = written
    expected = list(logins)
    row = list(expected[at])
    row[what] = "東京13" if what == 3 and row[3] != "東京13" else "other"
    expected[at] = tuple(row)
    assert narrowed(path, layout, expected) == [row[0]]


def test_rows_far_apart_below_the_end_at_the_header_or_blank_are_found_as_the_whole_walk_finds_them(written, run):
    path, layout, logins = written
    by_row = {item[0]: item for item in logins}
    blank = [n for n in range(layout.header_row + 1, 95) if n not in by_row]
    generator = random.Random(run)
    cases = [
        logins[::9], logins[:2] + logins[-2:], [(layout.header_row, *logins[0][1:]), *logins[:3]],
        [*logins[-3:], (200, "n130000200", "pw", "東京13"), (5000, "n130005000", "pw", "東京13")],
        sorted([*logins[:20], *((n, "n13x", "pw", "東京13") for n in blank[:3])]),
    ]
    for _ in range(20):
        picked = sorted(generator.sample(logins, 25))
        cases.append([(n, i if generator.random() < 0.9 else i + "z", p, g) for n, i, p, g in picked])
    for expected in cases:
        assert narrowed(path, layout, expected) == logins_differing(Workbook(path), expected, SHEET), expected
    # A row whose three cells are blank is no row of the three columns, even where nothing is expected in it.
    assert blank[0] < logins[-1][0] and narrowed(path, layout, [(blank[0], "", "", "")]) == [blank[0]]


@pytest.mark.parametrize("order", [[1, 0], [0, 0], [2, 3, 1]], ids=["backwards", "twice", "late"])
def test_rows_out_of_order_are_refused_as_the_whole_walk_refuses_them(written, run, order):
    path, layout, logins = written
    expected = [logins[i] for i in order]
    with pytest.raises(ValueError, match="rows out of order") as alone:
        narrowed(path, layout, expected)
    with pytest.raises(ValueError, match="rows out of order") as whole:
        logins_differing(Workbook(path), expected, SHEET)
    assert str(alone.value) == str(whole.value)
