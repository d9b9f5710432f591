"""The buttons of the master workbook: one table row per button.

Adding a button is one line in ``BUTTONS`` plus one Sub in ``macros/Buttons.bas``::

    Public Sub Btn_MakeNotices()
        RunPython "import shuudan_xl.excel.buttons as b; b.make_notices()"
    End Sub

Buttons are placed left to right on their sheet in table order, from the sheet's origin cell, sized to
their caption. Tests check that every row has its Sub, that the Sub only runs its handler, and that
the built file wires each button to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from shuudan_xl.rules.master import LIST_SHEET
from shuudan_xl.rules.settings import SETTINGS_SHEET
from shuudan_xl.rules.sheets import SCHEDULE_SHEET

HANDLERS_MODULE = "shuudan_xl.excel.buttons"
VBA_MODULE = "Buttons"  # macros/Buttons.bas


@dataclass(frozen=True, slots=True)
class Button:
    """A form button: where it is, what it says, which Sub it runs and the Python handler behind it."""

    sheet: str
    caption: str
    macro: str  # public parameterless Sub of macros/Buttons.bas (ASCII, unique in the project)
    handler: str  # function of shuudan_xl.excel.buttons that the Sub runs

    @property
    def python_command(self) -> str:
        """The RunPython argument of the button's Sub."""
        return f"import {HANDLERS_MODULE} as b; b.{self.handler}()"


BUTTONS = (
    Button(LIST_SHEET, "入力チェック", "Btn_CheckList", "check_list"),
    Button(LIST_SHEET, "ID作成", "Btn_MakeIds", "make_ids"),
    Button(LIST_SHEET, "パスワード作成", "Btn_MakePasswords", "make_passwords"),
    Button(LIST_SHEET, "業者提出ファイル作成", "Btn_ExportFiles", "export_files"),
    Button(LIST_SHEET, "ダブルチェック", "Btn_DoubleCheck", "double_check"),
    Button(LIST_SHEET, "台帳登録", "Btn_ConfirmExport", "confirm_export"),
    Button(LIST_SHEET, "実施通知作成", "Btn_MakeNotices", "make_notices"),
    Button(LIST_SHEET, "出欠取込", "Btn_RecordAttendance", "record_attendance"),
    Button(LIST_SHEET, "再視聴", "Btn_ReassignAbsentees", "reassign_absentees"),
    Button(SCHEDULE_SHEET, "視聴スケジュール作成", "Btn_FillSchedule", "fill_schedule"),
    Button(SETTINGS_SHEET, "動作確認", "Btn_SelfCheck", "self_check"),
)

HEIGHT = 40  # pixels; the button row is 36 points (48 pixels) high
GAP = 8
_PADDING = 24
_PIXELS_PER_CHAR = 15  # a full-width character of the default 11-point font


def width_of(caption: str) -> int:
    """Pixel width that fits a caption (full-width characters count double the half-width ones)."""
    units = sum(1 if ord(ch) > 0x7F else 0.5 for ch in caption)
    return max(88, round(_PADDING + _PIXELS_PER_CHAR * units))


def placements(sheet: str) -> list[tuple[Button, dict]]:
    """Return the buttons of a sheet with their XlsxWriter ``insert_button`` options, left to right.

    The offsets are from the sheet's origin cell (the caller's ``insert_button(row, col, options)``).
    """
    out, x = [], GAP
    for button in (b for b in BUTTONS if b.sheet == sheet):
        width = width_of(button.caption)
        out.append((button, {"macro": button.macro, "caption": button.caption, "width": width,
                             "height": HEIGHT, "x_offset": x, "y_offset": 4}))
        x += width + GAP
    return out
