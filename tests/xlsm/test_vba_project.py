"""The VBA project in the built file is exactly macros/ plus the generated modules (read back with olevba)."""

import re

import pyopenvba
import pytest

from shuudan_xl.xlsm.controls import BUTTONS, HANDLERS_MODULE, VBA_MODULE
from shuudan_xl.xlsm.udf_help import WORKBOOK_CODE
from shuudan_xl.xlsm.vba_project import WORKBOOK_CODE_NAME, sheet_code_names
from shuudan_xl.xlsm.vba_sources import (
    CLASS,
    MacroSourceError,
    all_modules,
    project_macros,
    xlwings_modules,
)
from shuudan_xl.xlsm.workbook import MACROS, SHEETS
from tests.xlsm.package import body, extract_vba, is_class_or_document, lines

DOCUMENTS = {WORKBOOK_CODE_NAME, *sheet_code_names(len(SHEETS))}


@pytest.fixture(scope="module")
def code(built):
    return extract_vba(built)


def test_project_holds_the_sources_and_the_document_modules_only(code):
    assert set(code) == {m.name for m in all_modules(MACROS)} | DOCUMENTS


def test_every_module_equals_its_source_text(code):
    for module in all_modules(MACROS):
        if module.kind == CLASS:  # stored in stream form: compare the code, not the file preamble
            assert body(code[module.name]) == body(module.text), module.origin
        else:
            assert lines(code[module.name]) == lines(module.text), module.origin


def test_project_modules_are_the_committed_macros(code):
    for path in sorted(MACROS.glob("*.bas")):
        assert lines(code[path.stem]) == lines(path.read_text(encoding="ascii")), path.name


def test_xlwings_module_is_the_installed_standalone_module(code):
    import xlwings

    (standalone, dictionary) = xlwings_modules()
    assert f"Public Const XLWINGS_VERSION As String = \"{xlwings.__version__}\"" in code["xlwings"]
    assert lines(code["xlwings"]) == lines(standalone.text)
    assert body(code["Dictionary"]) == body(dictionary.text)
    assert is_class_or_document(code["Dictionary"])


def test_sheet_modules_hold_no_code_and_the_workbook_module_only_registers_the_function_help(code):
    for name in DOCUMENTS - {WORKBOOK_CODE_NAME}:
        assert body(code[name]) == [] or all(line.startswith("Attribute ") for line in body(code[name])), name
    assert body(code[WORKBOOK_CODE_NAME]) == lines(WORKBOOK_CODE)


def test_pyopenvba_finds_the_package_sound(built):
    report = pyopenvba.check_file(built)
    assert report.ok, report.issues


def test_buttons_module_has_one_sub_per_button_that_only_runs_its_handler():
    text = (MACROS / f"{VBA_MODULE}.bas").read_text(encoding="ascii")
    subs = dict(re.findall(r"^Public Sub (\w+)\(\)\n(.*?)^End Sub", text.replace("\r\n", "\n"), re.M | re.S))
    assert set(subs) == {b.macro for b in BUTTONS}, "one Sub per row of controls.BUTTONS, and no other"
    for button in BUTTONS:
        assert subs[button.macro].strip() == f'RunPython "{button.python_command}"', button.macro
        assert button.python_command.startswith(f"import {HANDLERS_MODULE} as b; ")
    assert len({b.macro.lower() for b in BUTTONS}) == len(BUTTONS)


def test_non_ascii_vba_is_refused(tmp_path):
    (tmp_path / "Bad.bas").write_text('Attribute VB_Name = "Bad"\nSub A()\n    MsgBox "こんにちは"\nEnd Sub\n',
                                      encoding="utf-8")
    with pytest.raises(MacroSourceError, match="3行目"):
        project_macros(tmp_path)


def test_a_module_whose_name_differs_from_its_file_is_refused(tmp_path):
    (tmp_path / "Buttons.bas").write_text('Attribute VB_Name = "Knobs"\n', encoding="ascii")
    with pytest.raises(MacroSourceError, match="Knobs"):
        project_macros(tmp_path)


def test_every_button_handler_exists_and_takes_no_arguments():
    import importlib
    import inspect

    handlers = importlib.import_module(HANDLERS_MODULE)
    for button in BUTTONS:
        handler = getattr(handlers, button.handler, None)
        assert callable(handler), f"{HANDLERS_MODULE}.{button.handler} is missing ({button.caption})"
        assert all(p.default is not p.empty for p in inspect.signature(handler).parameters.values()), button.handler
