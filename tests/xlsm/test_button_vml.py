"""Buttons keep their size and place when columns change, and caption in a Japanese UI font (issue 10 item 5)."""

import zipfile

import pytest
from lxml import etree

from shuudan_xl.xlsm.button_vml import BUTTON_FONT, pin_buttons
from shuudan_xl.xlsm.controls import BUTTONS
from tests.xlsm.package import NS


def button_shapes(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/drawings/vmlDrawing"):
                vml = etree.fromstring(z.read(name))
                for shape in vml.iter(f"{{{NS['v']}}}shape"):
                    data = shape.find("x:ClientData", NS)
                    if data is not None and data.get("ObjectType") == "Button":
                        yield shape, data


def test_every_button_is_fixed_in_place_and_captioned_in_meiryo_ui(built):
    shapes = list(button_shapes(built))
    assert len(shapes) == len(BUTTONS)
    for shape, data in shapes:
        # VML: present (blank = true) means "Don't move or size with cells".
        assert data.find("x:MoveWithCells", NS) is not None and data.find("x:SizeWithCells", NS) is not None
        (font,) = shape.iter("font")
        assert font.get("face") == BUTTON_FONT == "Meiryo UI"


def test_the_pass_keeps_every_other_part_and_the_zip_layout(built):
    with zipfile.ZipFile(built) as z:
        infos = z.infolist()
        assert [i.date_time for i in infos] == [(1980, 1, 1, 0, 0, 0)] * len(infos)
        assert len({i.compress_type for i in infos}) == 1


def test_an_unexpected_drawing_stops_the_build(built):
    with pytest.raises(RuntimeError, match="expected"):
        pin_buttons(built.read_bytes(), len(BUTTONS))  # already pinned: no Calibri caption left to replace
