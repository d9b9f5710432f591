"""Buttons that keep their place and speak Japanese: a finishing pass over XlsxWriter's button drawings.

XlsxWriter writes each form button as a legacy VML shape that moves and sizes with the cells beneath it
(a hidden or narrowed column squeezes it to nothing) and captions it in Calibri, which has no Japanese
glyphs. In VML a button's ``<x:MoveWithCells/>`` and ``<x:SizeWithCells/>`` mean Excel's "Don't move or
size with cells" (the comments XlsxWriter writes carry both, as Excel's do), and the caption's font is
the ``<font face=...>`` of its text box. This pass rewrites only the ``xl/drawings/vmlDrawing*.vml``
parts, keeping every zip entry's order, date and compression, so the build stays reproducible.
"""

from __future__ import annotations

import io
import zipfile

BUTTON_FONT = "Meiryo UI"  # Windows' Japanese UI font (Vista and later; Yu Gothic UI from 8.1)
_CLIENT_DATA = '<x:ClientData ObjectType="Button">'
_PINNED = _CLIENT_DATA + "<x:MoveWithCells/><x:SizeWithCells/>"
_FONT = '<font face="Calibri" '


def pin_buttons(package: bytes, expected: int) -> bytes:
    """Return the workbook with every button fixed in place and captioned in ``BUTTON_FONT``.

    Args:
        package: The .xlsm bytes XlsxWriter wrote.
        expected: How many buttons the workbook has (a check that XlsxWriter's output is still as known).

    Raises:
        RuntimeError: when the drawings do not hold ``expected`` buttons in the known form.
    """
    out = io.BytesIO()
    found = fonts = 0
    with zipfile.ZipFile(io.BytesIO(package)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/drawings/vmlDrawing") and info.filename.endswith(".vml"):
                text = data.decode("utf-8")
                found += text.count(_CLIENT_DATA)
                fonts += text.count(_FONT)
                text = text.replace(_CLIENT_DATA, _PINNED).replace(_FONT, f'<font face="{BUTTON_FONT}" ')
                data = text.encode("utf-8")
            target.writestr(info, data)
    if found != expected or fonts != expected:
        raise RuntimeError(f"expected {expected} buttons in the VML drawings, found {found} (fonts: {fonts})")
    return out.getvalue()
