"""The function wizard explains every cell function in Japanese (MacroOptions, as xlwings' import_udfs)."""

import re

import shuudan_xl.excel.udfs as udfs
from shuudan_xl.xlsm.udf_help import MODULE_NAME, WORKBOOK_CODE, code_units, generate_help_module, udf_help
from shuudan_xl.xlsm.workbook import MACROS
from tests.xlsm.package import extract_vba
from tests.xlsm.test_udf_module import declared_udfs

CALL = re.compile(r'Register "(\w+)", _\r\n        "([0-9A-F ]*)", _\r\n        "([0-9A-F ]*)", _\r\n'
                  r'        Array\(([^)]*)\)\r\n')


def decode(codes: str) -> str:
    """What the module's U function returns: ChrW of each hexadecimal UTF-16 code unit."""
    units = b"".join(int(code, 16).to_bytes(2, "little") for code in codes.split())
    return units.decode("utf-16-le")


def registered(text: str) -> dict[str, tuple[str, str, list[str]]]:
    return {name: (decode(about), decode(category), [decode(a) for a in re.findall(r'"([0-9A-F ]*)"', args)])
            for name, about, category, args in CALL.findall(text)}


def test_every_function_has_a_japanese_description_category_and_help_for_each_argument():
    entries = {entry.name: entry for entry in udf_help()}
    assert sorted(entries) == declared_udfs()
    for entry in entries.values():
        function = getattr(udfs, entry.name)
        assert entry.description == function.__doc__.strip()
        assert entry.category == udfs.CATEGORY == "集団指導"
        assert len(entry.arguments) == function.__code__.co_argcount
        assert all(re.search(r"[ぁ-んァ-ン一-龥]", text) for text in (entry.description, *entry.arguments))


def test_the_module_registers_exactly_those_texts():
    text = generate_help_module()
    assert registered(text) == {e.name: (e.description, e.category, list(e.arguments)) for e in udf_help()}


def test_the_module_is_ascii_vba_within_the_editor_limits():
    text = generate_help_module()
    assert text.isascii() and "\n" not in text.replace("\r\n", "")
    assert max(len(line) for line in text.split("\r\n")) <= 1023  # VBA's longest physical line
    assert "Option Private Module" in text  # RegisterUdfHelp stays out of the Macros dialog and off buttons
    assert "ThisWorkbook.Saved = wasSaved" in text  # registering does not make Excel ask to save
    assert """Replace(ThisWorkbook.Name, "'", "''")""" in text  # a book named "佐藤's.xlsm" still qualifies


def test_code_units_round_trip_any_text():
    for sample in ("", "OK", "令和6年（日）", "𠮷野家", "①～⑩"):
        assert decode(code_units(sample)) == sample


def test_the_built_workbook_registers_the_help_when_it_opens(built):
    code = extract_vba(built)
    assert code[MODULE_NAME].replace("\r\n", "\n").rstrip("\n").endswith(
        generate_help_module().replace("\r\n", "\n").rstrip("\n"))
    assert "RegisterUdfHelp" in WORKBOOK_CODE and "Private Sub Workbook_Open()" in WORKBOOK_CODE
    assert not (MACROS / f"{MODULE_NAME}.bas").exists()  # generated, never committed
