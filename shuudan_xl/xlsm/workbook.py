"""Build the macro-enabled master workbook 集団指導_視聴者リスト.xlsm from text, byte for byte reproducibly.

Two passes: pyOpenVBA makes the VBA project from macros/ and the generated modules (vba_project), then
XlsxWriter writes the workbook — the sheets of files.master_book and files.schedule_sheet, the
xlwings.conf sheet, the buttons of controls.BUTTONS — and embeds that project. XlsxWriter runs in
memory (zip entries dated 1980-01-01 whatever the time zone or umask) with fixed document dates, so
two builds from the same sources and library versions give the same bytes.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

from shuudan_xl.files import master_book as mb
from shuudan_xl.files.offices_sheet import add_offices_sheet
from shuudan_xl.files.schedule_sheet import NOTE_COLUMN, add_schedule_sheet
from shuudan_xl.rules.attendance_exceptions import EXCEPTIONS_SHEET
from shuudan_xl.rules.master import LIST_SHEET
from shuudan_xl.rules.notice_offices import OFFICES_SHEET
from shuudan_xl.rules.schedule import schedule_for
from shuudan_xl.rules.settings import SETTINGS_SHEET, Settings
from shuudan_xl.rules.sheets import DOUBLECHECK_SHEET, SCHEDULE_SHEET
from shuudan_xl.xlsm import DEFAULT_FISCAL_YEAR, controls
from shuudan_xl.xlsm.button_vml import pin_buttons
from shuudan_xl.xlsm.udf_help import WORKBOOK_CODE
from shuudan_xl.xlsm.vba_project import WORKBOOK_CODE_NAME, build_vba_project, sheet_code_names
from shuudan_xl.xlsm.vba_sources import all_modules
from shuudan_xl.xlsm.xlwings_conf import CONF_SHEET, add_conf_sheet

REPO = Path(__file__).resolve().parents[2]
MACROS = REPO / "macros"
DEFAULT_OUTPUT = REPO / "xlsheets" / "集団指導_視聴者リスト.xlsm"
SHEETS = (LIST_SHEET, SETTINGS_SHEET, SCHEDULE_SHEET, DOUBLECHECK_SHEET, EXCEPTIONS_SHEET, mb.CATALOG_SHEET,
          mb.GROUPS_SHEET, OFFICES_SHEET, CONF_SHEET)
LIST_TOP = 2  # rows above the list's header: the buttons (row 1) and a hint (row 2)
BUTTON_ORIGINS = {LIST_SHEET: (0, 0), SCHEDULE_SHEET: (0, NOTE_COLUMN), SETTINGS_SHEET: (0, 3)}
DATA_ROWS = 1000
LIST_HINT = ("いつもの順番: 入力 →「入力チェック」→「ID作成」「パスワード作成」→「業者提出ファイル作成」→"
             "「ダブルチェック」→ 提出 →「台帳登録」→「実施通知作成」→ 視聴期間の後に「出欠取込」→ 欠席者は「再視聴」。"
             "作業する視聴回・年度などは「設定」シートで指定します。")
SETTINGS_FOOTNOTE = ("年度を変えたら、「視聴スケジュール」シートの「視聴スケジュール作成」ボタンを押してください。"
                     "視聴回ごとの登録期限・視聴期間が、その年度のものになります。")


def build_workbook(out: Path = DEFAULT_OUTPUT, fiscal_year: int = DEFAULT_FISCAL_YEAR, sample: bool = False,
                   macros: Path = MACROS) -> Path:
    """Build the master workbook and write it to ``out``.

    Args:
        out: The .xlsm to write (replaced when it exists).
        fiscal_year: 年度 of the 設定 sheet and of the 視聴スケジュール rows.
        sample: Fill the list with the bundled fictional viewers and the sample bureau's settings.
        macros: Folder of the project's VBA modules (*.bas).

    Returns:
        ``out``.

    Raises:
        RuleError: for a fiscal year the schedule rules do not cover.
        MacroSourceError: for a VBA source that cannot go into the workbook.
    """
    data = workbook_bytes(fiscal_year, sample, macros)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    return out


def build_versions() -> dict[str, str]:
    """The versions the workbook is built with: shuudan-xl, and xlwings (its VBA declares that DLL)."""
    import xlwings

    from shuudan_xl import __version__

    return {"shuudan-xl": __version__, "xlwings": xlwings.__version__}


def workbook_bytes(fiscal_year: int = DEFAULT_FISCAL_YEAR, sample: bool = False, macros: Path = MACROS) -> bytes:
    """Return the bytes of the master workbook (see build_workbook)."""
    import xlsxwriter

    from shuudan_xl.files.package_data import sample_rows, sample_settings

    rounds = schedule_for(fiscal_year)
    settings = dataclasses.replace(sample_settings() if sample else Settings(), fiscal_year=str(fiscal_year))
    vba = build_vba_project(SHEETS, all_modules(macros), WORKBOOK_CODE)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    book.set_properties({"title": "集団指導 視聴者リスト", "created": mb.FIXED_DATE})
    for name, value in build_versions().items():  # read back by the self-check (files.workbook_facts)
        book.set_custom_property(name, value)
    book.set_vba_name(WORKBOOK_CODE_NAME)
    book.add_vba_project(io.BytesIO(vba), is_stream=True)
    rows = sample_rows() if sample else []
    sheets = {
        LIST_SHEET: mb.add_list_sheet(book, rows, max(DATA_ROWS, len(rows) + 100), top=LIST_TOP),
        SETTINGS_SHEET: mb.add_settings_sheet(book, settings, SETTINGS_FOOTNOTE),
        SCHEDULE_SHEET: add_schedule_sheet(book, rounds, notes_row=2),
        DOUBLECHECK_SHEET: mb.add_doublecheck_sheet(book, DATA_ROWS),
        EXCEPTIONS_SHEET: mb.add_exceptions_sheet(book, DATA_ROWS),
        mb.CATALOG_SHEET: mb.add_catalog_sheet(book),
        mb.GROUPS_SHEET: mb.add_groups_sheet(book),
        OFFICES_SHEET: add_offices_sheet(book),
        CONF_SHEET: add_conf_sheet(book),
    }
    for (name, sheet), code_name in zip(sheets.items(), sheet_code_names(len(SHEETS)), strict=True):
        sheet.set_vba_name(code_name)
        if name in BUTTON_ORIGINS:
            sheet.set_row(BUTTON_ORIGINS[name][0], 36)
            for _button, options in controls.placements(name):
                sheet.insert_button(*BUTTON_ORIGINS[name], options)
    sheets[LIST_SHEET].write_string(1, 0, LIST_HINT, book.add_format({"font_color": "#404040", "align": "left"}))
    book.close()
    return pin_buttons(buffer.getvalue(), len(controls.BUTTONS))
