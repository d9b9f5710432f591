"""LibreOffice opens the built file headless, binds every button to its Sub and renders the list sheet."""

import os
import signal

import pytest

from shuudan_xl.rules.attendance_exceptions import EXCEPTION_KINDS, EXCEPTIONS_SHEET
from shuudan_xl.rules.master import LIST_SHEET
from shuudan_xl.rules.prefectures import GROUP_LABELS
from shuudan_xl.rules.sheets import DOUBLECHECK_SHEET
from shuudan_xl.xlsm.controls import BUTTONS, VBA_MODULE
from shuudan_xl.xlsm.office import bound_script, pdf_text, pdf_to_png
from shuudan_xl.xlsm.vba_sources import all_modules
from shuudan_xl.xlsm.workbook import MACROS, SHEETS


def bindings(seen: dict) -> dict[tuple[str, str], list[str]]:
    """(sheet, button caption) → scripts bound to the button's actionPerformed event."""
    return {(sheet["name"], control["label"]): [e["script"] for e in control["events"]
                                                if e["method"] == "actionPerformed"]
            for sheet in seen["sheets"] for control in sheet["controls"]}


def test_libreoffice_binds_each_button_to_its_sub(seen_by_libreoffice):
    assert bindings(seen_by_libreoffice) == {
        (b.sheet, b.caption): [bound_script(VBA_MODULE, b.macro)] for b in BUTTONS}


def test_libreoffice_imports_every_vba_module(seen_by_libreoffice):
    modules = set(seen_by_libreoffice["basic_libraries"]["VBAProject"])
    assert {m.name for m in all_modules(MACROS)} <= modules
    assert [s["name"] for s in seen_by_libreoffice["sheets"]] == list(SHEETS)


@pytest.mark.parametrize("sheet, cell, values", [
    (LIST_SHEET, "A4", [str(n) for n in range(1, 10)]),
    (LIST_SHEET, "B4", ["オンライン資格確認", "指定時", "更新時", "登録時"]),
    (LIST_SHEET, "C4", ["医科", "歯科", "薬局"]),
    (LIST_SHEET, "D4", list(GROUP_LABELS)),
    (DOUBLECHECK_SHEET, "C2", list(GROUP_LABELS)),
    (EXCEPTIONS_SHEET, "B2", [str(n) for n in range(1, 10)]),
    (EXCEPTIONS_SHEET, "C2", list(EXCEPTION_KINDS)),
])
def test_libreoffice_lists_the_dropdown_values(seen_by_libreoffice, sheet, cell, values):
    (sheet_seen,) = [s for s in seen_by_libreoffice["sheets"] if s["name"] == sheet]
    (found,) = [d for d in sheet_seen["dropdowns"] if d["cell"] == cell]
    assert found["type"] == "LIST" and found["values"] == values


def test_list_sheet_renders_with_its_buttons_and_sample_rows(seen_by_libreoffice, tmp_path):
    from pathlib import Path

    pdf = Path(seen_by_libreoffice["pdf"])
    text = pdf_text(pdf)
    for button in BUTTONS:
        if button.sheet == LIST_SHEET:
            assert button.caption in text
    assert "ユーザーID" in text and "ほほえみ歯科医院" in text  # header and a sample row, in Japanese glyphs
    png = pdf_to_png(pdf, tmp_path / "list.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000


def test_committed_preview_picture_exists():
    from shuudan_xl.xlsm.preview import DEFAULT_PNG

    data = DEFAULT_PNG.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width > 1000 and height > 300


def test_an_office_that_died_during_the_session_is_started_again_for_the_next_inspection(office, built):
    """A soffice killed under the session (a crash, a neighbour's clean-up) costs one restart, not every later test."""
    os.killpg(office._process.pid, signal.SIGKILL)
    office._process.wait(timeout=30)
    seen = office.inspect(built)
    assert {s["name"] for s in seen["sheets"]} >= {LIST_SHEET} and office._process.poll() is None
