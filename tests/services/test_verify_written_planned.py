"""A vendor book is read back against the planned rows themselves (Registration, Link) as against dicts: the
same rows pass, the same differences are refused, whichever form the plan hands over."""

import pytest

from shuudan_xl.errors import Refused
from shuudan_xl.files.vendor_books import REGISTRATION, VIDEO_LINKS, write_vendor_book
from shuudan_xl.rules.vendor_rows import Link, Registration, as_dict
from shuudan_xl.services.vendor_readback import verify_written
from tests.conftest import write_book

REGS = [Registration("n131234567", "k7pq3zz9wb", "東京13"), Registration("m13501704", "abcd12345", "大阪27")]
LINKS = [Link("n131234567", "指定時集団指導（医科）"), Link("m13501704", "登録時集団指導（医科）")]


@pytest.mark.parametrize("planned", [True, False])
def test_planned_rows_and_dicts_read_back_alike(tmp_path, planned):
    regs, links = (REGS, LINKS) if planned else ([as_dict(r) for r in REGS], [as_dict(r) for r in LINKS])
    reg, video = tmp_path / "reg.xlsx", tmp_path / "video.xlsx"
    write_vendor_book(reg, REGISTRATION, regs)
    write_vendor_book(video, VIDEO_LINKS, links)
    verify_written(reg, regs, ("id", "password", "group"))
    verify_written(video, links, ("id", "video"))
    verify_written(video, links, ("id",))  # one value a row: compared as the value itself
    verify_written(reg, regs, ("id", "password", "group", "video"))  # a key the book has no column for: left out
    with pytest.raises(Refused, match="一致しませんでした"):
        verify_written(reg, regs[:1], ("id", "password", "group"))
    with pytest.raises(Refused, match="一致しませんでした"):
        verify_written(video, links[::-1], ("id",))


def test_a_planned_row_that_differs_in_one_value_is_refused(tmp_path):
    reg = tmp_path / "reg.xlsx"
    write_vendor_book(reg, REGISTRATION, REGS)
    for wrong in (REGS[1]._replace(password="abcd99999"), REGS[1]._replace(group="東京13")):
        with pytest.raises(Refused, match="一致しませんでした"):
            verify_written(reg, [REGS[0], wrong], ("id", "password", "group"))
    mixed = [REGS[0], as_dict(REGS[1])]  # planned rows and dicts in one list: each compared by its keys
    verify_written(reg, mixed, ("id", "password", "group"))


def test_a_number_is_not_the_planned_text(tmp_path):
    numeric = write_book(tmp_path / "num.xlsx", {"a": [["ユーザーID", "パスワード", "氏名"],
                                                      ["n131234567", 123456789, "東京13"]]})
    with pytest.raises(Refused):
        verify_written(numeric, [Registration("n131234567", "123456789", "東京13")], ("id", "password", "group"))
